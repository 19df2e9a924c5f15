"""How the ``ppd`` command ends: its exit codes, and a short message for each kind of mistake.

Every error a user can cause (a missing file, a database that cannot be opened, an unknown
id, bad records …) reaches :class:`PpdGroup`, the ``ppd`` application's group, which prints
one or two lines saying what went wrong, where, and how to fix it — in the language chosen with
``--lang`` — and exits with the code of :class:`ExitCode`. Tracebacks are kept for bugs.

>>> explain(FileNotFoundError(2, "No such file or directory", "a.csv"), "en")[1]
<ExitCode.FAILED: 1>
"""

from __future__ import annotations

from contextvars import ContextVar
from enum import IntEnum
from typing import Any

import typer
from rich.console import Console
from typer import _click
from typer.core import TyperCommand, TyperGroup

from ppd_core._help import help_language, shown_in, usage_in
from ppd_core.errors import DataValidationError, FileFormatError, PpdError, UnknownIdError
from ppd_core.i18n import N_, Lang, count, label, plural, text

__all__ = ["ExitCode", "PpdCommand", "PpdGroup", "chosen_lang", "explain", "lang_option"]


class ExitCode(IntEnum):
    """The exit codes of ``ppd`` (documented on the command-line page)."""

    DONE = 0
    """The command did what was asked."""
    FAILED = 1
    """The command could not be done (the message says why and how to fix it)."""
    USAGE = 2
    """The command line is wrong: an unknown option, a bad value, an unknown id."""
    REJECTED = 3
    """Done, but some rows were rejected (they are written out with their reasons)."""


_LANG: ContextVar[Lang] = ContextVar("ppd_lang", default="en")


def chosen_lang() -> Lang:
    """The language chosen with ``--lang`` for the command that runs (English by default)."""
    return _LANG.get()


def lang_option(value: str) -> str:
    """Check a ``--lang`` value and make it the language of the command's messages."""
    if value not in ("en", "vi"):
        raise typer.BadParameter(text("use en or vi", chosen_lang()), param_hint="--lang")
    _LANG.set("vi" if value == "vi" else "en")
    return value


_KINDS = {"organisation": N_("organisation"), "indicator": N_("indicator")}
"""The kinds of record a user names by id on the command line."""

_SHOWN = 20
"""At most this many ids are listed to choose from."""


def _os_error(exc: OSError, lang: Lang) -> str:
    """A file the system refused: which one, why, and what to check."""
    if isinstance(exc, BrokenPipeError):  # the reader of the output stopped (``| head``)
        return ""
    path = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileNotFoundError):
        return text(
            "There is no file or folder {path}. Check the path and its spelling.", lang, path=path
        )
    if isinstance(exc, PermissionError):
        return text(
            "You may not read or write {path}. Choose another place, or ask for access.",
            lang,
            path=path,
        )
    if isinstance(exc, IsADirectoryError | NotADirectoryError):
        return text(
            "{path} is a folder where a file is needed, or the reverse: {reason}.",
            lang,
            path=path,
            reason=exc.strerror,
        )
    reason = exc.strerror or str(exc)
    where = f"{path}: " if path else ""
    return where + text("the system refused: {reason}.", lang, reason=reason)


def explain(exc: BaseException, lang: Lang) -> tuple[str, ExitCode] | None:
    """The message and exit code for an error a user caused; ``None`` for a bug.

    Args:
        exc: The error raised while a command ran.
        lang: The language of the message.
    """
    if isinstance(exc, UnknownIdError):
        known = ", ".join(exc.known[:_SHOWN])
        if len(exc.known) > _SHOWN:
            known += " " + text("… ({n} in all)", lang, n=count(len(exc.known), lang))
        message = text(
            "There is no {entity} {id} in the database.",
            lang,
            entity=label(_KINDS, exc.entity, lang),
            id=repr(exc.record_id),
        )
        if known:
            message += " " + text("Use one of: {known}.", lang, known=known)
        return message, ExitCode.USAGE
    if isinstance(exc, DataValidationError):
        n = len(exc.report)
        first = "\n".join(f"  {p.describe(lang)}" for p in list(exc.report)[:5])
        head = plural(
            "{n} problem in the records; nothing was changed. Fix it and run the command again:",
            "{n} problems in the records; nothing was changed. Fix them and run the command again:",
            n,
            lang,
            n=count(n, lang),
        )
        return f"{head}\n{first}", ExitCode.FAILED
    if isinstance(exc, FileFormatError):
        message = text(
            "Cannot read {path}: {reason}.",
            lang,
            path=exc.source,
            reason=exc.reason_in(lang).rstrip("."),
        )
        return message, ExitCode.FAILED
    if isinstance(exc, PpdError):  # StoreError, CourseError …: their message says it all
        return str(exc), ExitCode.FAILED
    if isinstance(exc, OSError):
        return _os_error(exc, lang), ExitCode.FAILED
    return None


class _InHelpLanguage(_click.Command):
    """A command or group whose help is shown in the help's language."""

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The help, in the language of :func:`~ppd_core._help.help_language`."""
        with shown_in(self, ctx, help_language()):
            super().format_help(ctx, formatter)

    def get_usage(self, ctx: _click.Context) -> str:
        """The usage line, its first word in the help's language."""
        return usage_in(super().get_usage(ctx), help_language())


class PpdGroup(_InHelpLanguage, TyperGroup):
    """The ``ppd`` group: a user's mistake ends in a short message and an exit code."""

    def invoke(self, ctx: _click.Context) -> Any:
        """Run the command; explain the errors of :func:`explain` instead of a traceback."""
        _LANG.set("en")
        try:
            return super().invoke(ctx)
        except (PpdError, OSError) as exc:
            explained = explain(exc, chosen_lang())
            if explained is None:  # pragma: no cover - every PpdError and OSError is explained
                raise
            message, code = explained
            if message:
                Console(stderr=True).print(message, style="red", markup=False, highlight=False)
            raise typer.Exit(int(code)) from None


class PpdCommand(_InHelpLanguage, TyperCommand):
    """A ``ppd`` command whose usage line names its arguments plainly: ``PATH``, not ``{PATH}``."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        """The usage line's pieces, required arguments without braces."""
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]
