"""The catalogue of words for people: English source strings translated through gettext.

Every sentence, title and label the library shows to people is written in English in the code,
inside a call to :func:`text` (or :func:`plural`, or marked with :func:`N_` where it is only
translated later). ``pybabel extract`` finds these calls (``python -m ppd_core.i18n extract``);
the translations are standard gettext catalogues, ``locale/<lang>/LC_MESSAGES/ppd_core.po``,
compiled to ``.mo`` files that ship with the package. English needs no catalogue: the source
string is the English text.

Fields are filled in *after* translation with :meth:`str.format`, so a translation may move
them; format numbers, percentages and dates for the language first
(:mod:`ppd_core.i18n.format`).

>>> text("Activities", "vi")
'Hoạt động'
>>> text("Annual review {year} — {org}", "vi", year=2025, org="VUFO")
'Báo cáo tổng kết năm 2025 — VUFO'
>>> plural("{n} organisation", "{n} organisations", 3, "en", n=3)
'3 organisations'
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Final, Literal, get_args

__all__ = [
    "DOMAIN",
    "LANGS",
    "N_",
    "Lang",
    "Phrase",
    "bilingual",
    "default_lang",
    "label",
    "localise",
    "phrase",
    "plural",
    "text",
    "translations",
]

Lang = Literal["en", "vi"]
"""A language of the words for people: ``"en"`` (English) or ``"vi"`` (Vietnamese)."""

LANGS: Final[tuple[Lang, ...]] = get_args(Lang)
"""Every supported language, English (the source language) first."""

DOMAIN: Final = "ppd_core"
"""The gettext domain: the catalogues are ``locale/<lang>/LC_MESSAGES/ppd_core.mo``."""


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English: the source strings, unchanged).

    Raises:
        ValueError: When ``lang`` is not one of :data:`LANGS`.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    if lang == "en":
        return gettext.NullTranslations()
    mo = files("ppd_core.i18n").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


ENV: Final = "PPD_LANG"
"""The environment variable that makes Vietnamese the default language (``PPD_LANG=vi``)."""


def default_lang(lang: Lang | None = None, /) -> Lang:
    """``lang`` when given, else the default: Vietnamese when ``PPD_LANG=vi``, else English.

    What people read without asking for a language (a problem report printed in a notebook,
    ``ppd`` without ``--lang``) follows ``PPD_LANG``; the Vietnamese course sets it for its
    notebooks.

    >>> default_lang("vi")
    'vi'
    """
    if lang is not None:
        return lang
    return "vi" if os.environ.get(ENV, "").strip().lower() == "vi" else "en"


def text(msgid: str, lang: Lang, /, **fields: object) -> str:
    """``msgid`` (English source text) in ``lang``, with its ``{fields}`` filled in.

    Args:
        msgid: The English text, as written in the code (a literal, so it can be extracted).
        lang: The language wanted.
        **fields: Values of the ``{placeholders}``; without any, the text is returned as is
            (braces included).

    Returns:
        The translated, filled-in text; the English text when a translation is missing.
    """
    translated = translations(lang).gettext(msgid)
    return translated.format(**fields) if fields else translated


def plural(singular: str, plural: str, n: int, lang: Lang, /, **fields: object) -> str:
    """The form of a countable text for ``n`` in ``lang``, with its fields filled in.

    Args:
        singular: The English text for one.
        plural: The English text for several.
        n: The count that chooses the form (Vietnamese has one form for every count).
        lang: The language wanted.
        **fields: Values of the ``{placeholders}`` (give the count too if the text shows it).

    Returns:
        The translated, filled-in text.
    """
    translated = translations(lang).ngettext(singular, plural, n)
    return translated.format(**fields) if fields else translated


def N_(msgid: str) -> str:  # noqa: N802 - the name gettext tooling knows
    """Mark ``msgid`` for extraction without translating it (it is translated later).

    Use it where a text is declared once (a table of labels, a module constant) and translated
    when shown, with ``text(value, lang)``.
    """
    return msgid


@dataclass(frozen=True, slots=True)
class Phrase:
    """A text for people whose language is chosen when it is shown: a msgid and its fields.

    Made with :func:`phrase` where the language is not yet known (a reason a cell cannot be
    read, the detail of a problem); ``str()`` gives the English text, :meth:`in_language`
    (or :func:`localise`) the text in any language, fields that are phrases included.
    """

    msgid: str
    fields: tuple[tuple[str, object], ...] = ()

    def in_language(self, lang: Lang, /) -> str:
        """The text in ``lang``, its fields filled in (those that are phrases in ``lang`` too)."""
        return text(self.msgid, lang, **{k: localise(v, lang) for k, v in self.fields})

    def __str__(self) -> str:
        return self.in_language("en")


def phrase(msgid: str, /, **fields: object) -> Phrase:
    """A :class:`Phrase`: ``msgid`` (a literal, extracted like :func:`text`'s) and its fields.

    >>> reason = phrase("'{value}' is not a number", value="abc")
    >>> str(reason), reason.in_language("vi")
    ("'abc' is not a number", "'abc' không phải là số")
    """
    return Phrase(msgid, tuple(fields.items()))


def localise(value: object, lang: Lang, /) -> object:
    """``value`` in ``lang`` when it is a :class:`Phrase` (or an error carrying one); else as is.

    >>> localise(ValueError(phrase("'{value}' is not a number", value="x")), "vi")
    "'x' không phải là số"
    >>> localise(42, "vi")
    42
    """
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Phrase):
        value = value.args[0]
    return value.in_language(lang) if isinstance(value, Phrase) else value


def label(labels: Mapping[str, str], code: str, lang: Lang, /, default: str | None = None) -> str:
    """The label of ``code`` from a table of texts marked with :func:`N_`, in ``lang``.

    Args:
        labels: Code → English text (each marked with :func:`N_`).
        code: The code to name.
        lang: The language wanted.
        default: What a code missing from ``labels`` is shown as (default: the code).

    >>> label({"on track": N_("On track")}, "on track", "vi")
    'Đúng tiến độ'
    """
    msgid = labels.get(code)
    if msgid is None:
        return code if default is None else default
    return text(msgid, lang)


def bilingual(english: object, vietnamese: object, lang: Lang, /) -> str:
    """A text of the data (a name, a title) that may carry a Vietnamese version, in ``lang``.

    In Vietnamese, the ``…_vi`` text when there is one; without it the English text, marked
    "(not translated)" in the reader's language so the gap is seen, never hidden. A missing
    English text (``None``, NaN, empty) gives an empty string.

    >>> bilingual("Trainees trained", "Số người được tập huấn", "vi")
    'Số người được tập huấn'
    >>> bilingual("Trainees trained", None, "vi")
    'Trainees trained (chưa dịch sang tiếng Việt)'
    >>> bilingual("Trainees trained", "Số người được tập huấn", "en")
    'Trainees trained'
    """

    def clean(value: object) -> str:
        return value.strip() if isinstance(value, str) else ""

    en, vi = clean(english), clean(vietnamese)
    if lang == "en" or vi == en:
        return en or vi
    if vi:
        return vi
    return text("{text} (not translated)", lang, text=en) if en else ""
