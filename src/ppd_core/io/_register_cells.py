"""Cells of a register as people type them: labels to codes, lists split, money with currency.

* :func:`split_cell` — several values in one cell (``Lào; Campuchia``, ``FR, DE``);
* :func:`vocabulary_code` — a vocabulary's code from its code, English or Vietnamese label
  (with or without diacritics, any case) or one part of a label (``Hội thảo`` is the
  training-and-workshop kind, whose label is "Tập huấn, hội thảo"); a few common ways
  registers write kinds are added (``Đón đoàn vào``);
* :func:`country_code` — an ISO code from a code or a country's name or adjective in
  Vietnamese, English and the other languages the name normaliser knows;
* :func:`money_cell` — an amount and the currency typed with it (``1.500 USD``, ``$200``);
* :func:`column_conventions` — how each number column writes its numbers: whether ``1.500``
  is fifteen hundred (a dot groups thousands, the Vietnamese way) or one and a half.

A value that is not recognised is returned as written, so that the rule table's own checks
(PPD104 for codes, PPD102 for countries, PPD002 for amounts) report it where it is.

>>> from ppd_core.vocab import ActivityKind
>>> vocabulary_code(ActivityKind, "Hội thảo"), vocabulary_code(ActivityKind, "DON DOAN VAO")
('training_workshop', 'delegation_inbound')
>>> [country_code(c) for c in split_cell("Lào; Campuchia, fr")]
['LA', 'KH', 'FR']
>>> money_cell("1.500 USD"), money_cell("2.000.000")
(('1.500', 'USD'), ('2.000.000', None))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any, Final

from ppd_core.cleaning._normalise import fold, tables
from ppd_core.io._text import only_thousands, parse_number, parse_quantity, shown_convention
from ppd_core.io.mapping import MONEY_TARGETS, ColumnMapping
from ppd_core.tables import SCHEMA
from ppd_core.vocab import ActivityKind, Vocabulary

__all__ = [
    "NUMERIC_TARGETS",
    "column_conventions",
    "country_code",
    "money_cell",
    "places",
    "register_number",
    "split_cell",
    "vocabulary_code",
]

NUMERIC_TARGETS: Final = frozenset(
    [
        *MONEY_TARGETS,
        *(
            c.name
            for c in SCHEMA["activities"].columns
            if c.dtype in ("Int64", "float64", "decimal")
        ),
    ]
)
"""Targets whose cells are numbers (counts and money)."""

_SEPARATORS: Final = re.compile(r"\s*(?:[;\n,/+]|\s-\s|\s–\s|\s—\s|\bvà\b|\band\b)\s*")
_PARTNER_SEPARATORS: Final = re.compile(r"\s*[;\n]\s*")
_EXTRA_LABELS: Final[dict[type[Vocabulary], dict[str, str]]] = {
    ActivityKind: {
        "don doan vao": "delegation_inbound",
        "doan vao": "delegation_inbound",
        "tiep doan": "delegation_inbound",
        "doan ra": "delegation_outbound",
        "hoi nghi": "conference_forum",
        "dien dan": "conference_forum",
        "hoi thao": "training_workshop",
        "tap huan": "training_workshop",
        "le ky niem": "anniversary",
        "ky niem": "anniversary",
        "vien tro": "humanitarian_aid",
        "giao luu van hoa": "cultural_exchange",
        "du an": "development_project",
    },
}
_MONEY: Final = re.compile(
    r"^\s*(?P<pre>[A-Za-z]{3}|[$€£¥₫])?\s*(?P<num>-?[\d.,\s]*\d)\s*(?P<post>[A-Za-z]{3}|[$€£¥₫đ]|VNĐ)?\s*$"
)
_SYMBOLS: Final = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₫": "VND", "đ": "VND"}


def split_cell(value: str, *, partners: bool = False) -> list[str]:
    """The values of a cell holding several, in order, without blanks and repeats.

    Countries are separated by ``;``, ``,``, ``/``, ``+``, a spaced dash, "và" or "and";
    partner names only by ``;`` and line breaks (names hold commas and dashes).
    """
    parts = (_PARTNER_SEPARATORS if partners else _SEPARATORS).split(value)
    out: list[str] = []
    for part in parts:
        p = part.strip()
        if p and p not in out:
            out.append(p)
    return out


def _key(value: str) -> str:
    return " ".join(fold(value.replace("_", " ")))


@cache
def _labels(vocabulary: type[Vocabulary]) -> dict[str, str]:
    whole: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for member in vocabulary:
        for label in (member.value, member.en, member.vi):
            whole[_key(label)] = member.value
            for part in re.split(r",| or | hoặc | và | and ", label):
                if part.strip():
                    parts.setdefault(_key(part), set()).add(member.value)
    out = {k: next(iter(v)) for k, v in parts.items() if len(v) == 1}
    out.update(_EXTRA_LABELS.get(vocabulary, {}))
    out.update(whole)
    return out


def vocabulary_code(vocabulary: type[Vocabulary], value: str) -> str:
    """The code ``value`` names in ``vocabulary``, or ``value`` itself when it names none."""
    return _labels(vocabulary).get(_key(value), value)


@cache
def _countries() -> dict[str, str]:
    out = {}
    for phrase, (_, code) in tables().phrases.items():
        if code is not None:
            out[" ".join(phrase)] = code
    return out


def country_code(value: str) -> str:
    """The ISO code ``value`` names (a code, or a name in a known language), else ``value``."""
    if len(value) == 2 and value.isalpha() and value.isascii():
        return value.upper()
    return _countries().get(" ".join(fold(value)), value)


def money_cell(value: str) -> tuple[str, str | None]:
    """An amount typed as text and the currency typed with it, if any (``1.500 USD``)."""
    m = _MONEY.match(value)
    if m is None:
        return value, None
    marks = [m.group("pre"), m.group("post")]
    given = [_SYMBOLS.get(x, x.upper()) for x in marks if x]
    if len(given) != 1:
        return (m.group("num"), None) if not given else (value, None)
    currency = "VND" if given[0] == "VNĐ" else given[0]
    return m.group("num"), currency


def _vietnamese(header: str) -> bool:
    """Whether a header is written in Vietnamese (it carries Vietnamese letters or marks)."""
    return any(not ch.isascii() and ch.isalpha() for ch in header)


def _number_text(value: Any) -> str | None:
    return money_cell(value)[0] if isinstance(value, str) and value.strip() else None


def places(target: str, currency: str | None) -> int | None:
    """How many decimal places ``target`` may have (``None``: not known).

    None for a count; the currency's for money.
    """
    if target not in MONEY_TARGETS:
        return 0
    from ppd_core.reference import default_reference

    reference = default_reference()
    if currency is None or not reference.is_currency(currency):
        return None
    return reference.minor_unit(currency)


def register_number(
    text: str, target: str, currency: str | None, decimal_comma: bool, *, given: bool = False
) -> Any:
    """A number cell of a register as a number, or as written when it is not one.

    ``decimal_comma`` is the column's reading (:func:`column_conventions`), or the user's
    when ``given``. Unless given, an ambiguous ``1.500`` of a count or of money of at most
    two decimals is fifteen hundred (:func:`ppd_core.io._text.parse_quantity`). Text that is
    not a number is returned as it is, for the checks to report where it is.

    >>> register_number("1.500", "participants_total", None, False)
    Decimal('1500')
    >>> [register_number(t, "cost_amount", "USD", False) for t in ("1.500", "1,5", "1.500,5")]
    [Decimal('1500'), Decimal('1.5'), Decimal('1500.5')]
    """
    most = places(target, currency)
    try:
        if not given and only_thousands(most):
            return parse_quantity(text, decimal_comma=None, places=most)
        return parse_number(text, decimal_comma=decimal_comma)
    except ValueError:
        return text


def column_conventions(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    numbers: Sequence[int],
    mapping: ColumnMapping,
) -> tuple[dict[str, bool], list[tuple[str, int, str, str, str]]]:
    """How each number column of a register reads an ambiguous number it cannot settle.

    An ambiguous ``1.500`` or ``1,500`` of a count or of money in a currency of two decimal
    places is fifteen hundred (:func:`register_number`). Any other (money in an unknown
    currency or one of three decimal places) is read the way the column's own numbers show
    (``1.500.000``, ``2,5``, ``12.25``), else the register's other number columns, else the
    Vietnamese way when a header is in Vietnamese or a money column is in VND, else the English
    way: a guess, so each column's first number read so is reported.

    Returns:
        ``decimal_comma`` per number column's header, and for each column with a number read
        by that guess: the rule (``REG005``: read the Vietnamese way, ``REG006``: the English
        way), the row of its first such number, the header, the number and how it was read.

    >>> from ppd_core.io.mapping import propose_mapping
    >>> header = ["Mã hoạt động", "Kinh phí (VNĐ)", "Vận động được (KWD)", "Số người tham gia"]
    >>> rows = [["A", "1.500", "1.500", "1.200"], ["B", "2.500.000", "3", "30"]]
    >>> column_conventions(header, rows, [2, 3], propose_mapping(header))
    ... # doctest: +NORMALIZE_WHITESPACE
    ({'Kinh phí (VNĐ)': True, 'Vận động được (KWD)': True, 'Số người tham gia': True},
     [('REG005', 2, 'Vận động được (KWD)', '1.500', '1500')])
    """
    columns = {
        i: c
        for i, h in enumerate(header)
        if (c := mapping.column(h)) and c.target in NUMERIC_TARGETS
    }
    shown: dict[int, set[bool]] = {}
    for i in columns:
        texts = (_number_text(r[i]) for r in rows)
        shown[i] = {v for t in texts if t is not None and (v := shown_convention(t)) is not None}
    everywhere = set().union(*shown.values()) if shown else set()
    if len(everywhere) == 1:
        default = everywhere.pop()
    else:
        in_vnd = any(c.currency == "VND" for c in mapping.columns if c.target in MONEY_TARGETS)
        default = in_vnd or any(_vietnamese(h) for h in header)
    chosen = {i: next(iter(s)) if len(s) == 1 else default for i, s in shown.items()}
    notes = []
    for i, comma in chosen.items():
        column = columns[i]
        for row, r in zip(numbers, rows, strict=True):
            t = _number_text(r[i])
            if t is None or shown_convention(t) is not None or not re.search(r"[.,]", t):
                continue
            currency = money_cell(r[i])[1] or column.currency
            if only_thousands(places(column.target, currency)):
                continue  # fifteen hundred: nothing else is possible
            read = register_number(t, column.target, currency, comma)
            if isinstance(read, str):
                continue  # not a number: the checks report it
            notes.append(
                ("REG005" if comma else "REG006", row, column.header, t.strip(), f"{read:f}")
            )
            break
    return {columns[i].header: comma for i, comma in chosen.items()}, notes
