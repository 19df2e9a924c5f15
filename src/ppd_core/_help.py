"""The ``ppd`` command's help (``--help``) in the user's language.

The help texts are written once, in English, where the commands are declared (docstrings and
``help=``); their Vietnamese is in the catalogue of words for people, extracted from the
command tree by :func:`help_texts`. When the help is shown, :func:`shown_in` puts each text of
the command, its options and its sub-commands, and the words Typer adds (the panels'
titles, ``[default: …]``, ``Usage:``), in the language chosen: ``--lang vi`` on the command
line, or ``PPD_LANG=vi`` (the help is shown before ``--lang`` is read, so both are looked at
here).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

from typer import rich_utils

from ppd_core.i18n import N_, Lang, default_lang, text

__all__ = ["help_language", "help_texts", "shown_in", "usage_in"]

_TYPER_WORDS: Final = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
"""The words Typer's help adds, by the name Typer keeps them under."""

_CLICK_HELP: Final = N_("Show this message and exit.")
"""The help of the ``--help`` option itself."""

_USAGE: Final = N_("Usage:")
"""The first word of the usage line."""


def help_language(argv: Sequence[str] | None = None) -> Lang:
    """The language of the help: ``--lang`` on the command line, else ``PPD_LANG``.

    >>> help_language(["db", "--help", "--lang", "vi"]), help_language(["--lang=en"])
    ('vi', 'en')
    """
    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "vi" if args[i + 1] == "vi" else "en"
        if arg.startswith("--lang="):
            return "vi" if arg.partition("=")[2] == "vi" else "en"
    return default_lang()


def _texts_of(command: Any) -> Iterator[tuple[Any, str]]:
    """Each object of a command's help that has a text, with the attribute holding it.

    The command, its options, its sub-commands and theirs.
    """
    yield from ((command, a) for a in ("help", "short_help") if getattr(command, a, None))
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            yield param, "help"
    for sub in getattr(command, "commands", {}).values():
        yield from _texts_of(sub)


def help_texts(command: Any) -> list[str]:
    """Every help text of a command tree (to extract for translation), in order, once each."""
    found = [getattr(obj, attr) for obj, attr in _texts_of(command)]
    return list(dict.fromkeys([*found, _CLICK_HELP]))


@contextmanager
def shown_in(command: Any, ctx: Any, lang: Lang) -> Iterator[None]:
    """While the help of ``command`` is written: its texts and Typer's words in ``lang``."""
    if lang == "en":
        yield
        return
    found = list(_texts_of(command))
    option = command.get_help_option(ctx)
    if option is not None and option.help:
        found.append((option, "help"))
    swapped = [(obj, attr, getattr(obj, attr)) for obj, attr in found]
    words = {name: getattr(rich_utils, name) for name in _TYPER_WORDS}
    try:
        for obj, attr, english in swapped:
            setattr(obj, attr, text(english, lang))
        for name, english in _TYPER_WORDS.items():
            setattr(rich_utils, name, text(english, lang))
        yield
    finally:
        for obj, attr, english in swapped:
            setattr(obj, attr, english)
        for name, word in words.items():
            setattr(rich_utils, name, word)


def usage_in(usage: str, lang: Lang) -> str:
    """The usage line with Click's ``Usage:`` in ``lang``."""
    if lang == "en" or not usage.lstrip().startswith("Usage:"):
        return usage
    head, _, rest = usage.partition("Usage:")
    return head + text(_USAGE, lang) + rest
