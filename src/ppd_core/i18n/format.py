"""Numbers, percentages, dates, money and signed differences written for people, per language.

The one place that turns a value into text for a reader: charts, the annual review, the
template, the summary tables, planning's explanations and the command line all call these
functions. Separators and patterns come from the Unicode CLDR locale data through Babel
(:mod:`babel.numbers`, :mod:`babel.dates`), never from hand-written tables: English writes
``3,250`` and ``71.4%``, Vietnamese ``3.250`` and ``71,4%``; dates are ``12/7/2026`` (en) and
``7/12/2026`` (vi).

Two choices are the library's own, the same in every language:

* **the minus sign is U+2212 "−"**, the typographic minus (the same width as "+", never broken
  from its digits), in charts, reports and messages alike; :func:`signed` writes ``+`` for a rise;
* **a missing value is "–"** (U+2013, en dash): ``None``, NaN and infinities.

Counts are whole numbers: :func:`count` rounds and never shows decimals.

>>> number(3250, "vi"), number(1234567.891, "en", 1), number(-1500, "vi")
('3.250', '1,234,567.9', '−1.500')
>>> percent(0.714, "en", 1), percent(0.714, "vi", 1), percent(float("nan"), "vi")
('71.4%', '71,4%', '–')
>>> percent(0.05, "en", None), percent(0.125, "vi", None), number(-0.2, "en", None)
('5%', '12,5%', '−0.2')
>>> signed(12, "en"), signed(-0.5, "vi", 1), signed(0, "en")
('+12', '−0,5', '0')
>>> from datetime import date
>>> day(date(2026, 12, 7), "vi"), day(date(2026, 12, 7), "en")
('7/12/2026', '12/7/2026')
>>> money(3_250_000, "VND", "vi").replace(NBSP, " "), money(1234.5, "USD", "en")
('3.250.000 ₫', '$1,234.50')
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache
from typing import Final

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent

from ppd_core.i18n.catalogue import Lang

__all__ = [
    "MINUS",
    "MISSING",
    "NBSP",
    "count",
    "day",
    "money",
    "number",
    "percent",
    "points",
    "signed",
]

MINUS: Final = "\u2212"
"""The minus sign every text uses: U+2212 "−"."""

MISSING: Final = "\u2013"
"""What a missing value (None, NaN, infinity) is written as: "–"."""

NBSP: Final = "\u00a0"
"""The no-break space some patterns put between a number and its unit (Vietnamese money)."""


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(lang)


def _finite(value: object) -> float | None:
    """``value`` as a finite float, or ``None`` when it is missing or not a number."""
    if value is None or isinstance(value, str):
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _pattern(decimals: int | None) -> str:
    """``#,##0.00`` for two decimals; ``None``: as few as needed, at most two (``#,##0.##``)."""
    if decimals is None:
        return "#,##0.##"
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _minus(text: str) -> str:
    """Use U+2212 for the minus, and drop it from a value that rounds to zero ("−0.0")."""
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return text.replace("-", MINUS)


def number(value: object, lang: Lang, decimals: int | None = 0) -> str:
    """``value`` with the language's separators and exactly ``decimals`` decimals.

    Args:
        value: A number; ``None``, NaN and infinities give :data:`MISSING`.
        lang: The language of the reader.
        decimals: How many decimals to show (rounded half to even, as Babel does); ``None``
            shows as few as the value needs, at most two (``0.125`` → ``0.12``, ``20`` → ``20``).
    """
    x = _finite(value)
    if x is None:
        return MISSING
    return _minus(format_decimal(x, format=_pattern(decimals), locale=_locale(lang)))


def count(value: object, lang: Lang) -> str:
    """A count (activities, partners, rows…) as a whole number: ``3,250`` (en), ``3.250`` (vi)."""
    return number(value, lang, 0)


def percent(share: object, lang: Lang, decimals: int | None = 0) -> str:
    """A share (``0.714``) as a percentage in the language's pattern (``71.4%``).

    ``decimals=None`` shows as few decimals as the percentage needs (``0.05`` → ``5%``).
    """
    x = _finite(share)
    if x is None:
        return MISSING
    pattern = _pattern(decimals) + "%"
    return _minus(format_percent(x, format=pattern, locale=_locale(lang)))


def signed(value: object, lang: Lang, decimals: int | None = 0) -> str:
    """A difference with its sign: ``+12``, ``−0.5``; zero (as shown) has none."""
    text = number(value, lang, decimals)
    if text == MISSING or text.startswith(MINUS) or not any(c in "123456789" for c in text):
        return text
    return "+" + text


def points(value: object, lang: Lang, decimals: int = 1) -> str:
    """A difference of two shares, in percentage points: ``+3.8`` for 0.038 (no unit).

    The caller names the unit (the catalogue's "percentage points"), so the number stays
    formatted like every other difference.
    """
    x = _finite(value)
    return signed(None if x is None else 100 * x, lang, decimals)


def day(value: date | datetime | None, lang: Lang) -> str:
    """A date in the language's short numeric form with a four-digit year: ``7/12/2026`` (vi)."""
    if value is None:
        return MISSING
    return format_skeleton("yMd", value, locale=_locale(lang))


def money(amount: object, currency: str, lang: Lang) -> str:
    """An amount with its currency, in the language's pattern and the currency's decimals."""
    x = _finite(amount)
    if x is None:
        return MISSING
    return _minus(format_currency(x, currency, locale=_locale(lang)))
