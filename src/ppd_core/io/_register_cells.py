"""Cells of a register as people type them: labels to codes, lists split, money with currency.

* :func:`split_cell` — several values in one cell (``Lào; Campuchia``, ``FR, DE``);
* :func:`vocabulary_code` — a vocabulary's code from its code, English or Vietnamese label
  (with or without diacritics, any case) or one part of a label (``Hội thảo`` is the
  training-and-workshop kind, whose label is "Tập huấn, hội thảo"); a few common ways
  registers write kinds are added (``Đón đoàn vào``);
* :func:`country_code` — an ISO code from a code or a country's name or adjective in
  Vietnamese, English and the other languages the name normaliser knows;
* :func:`money_cell` — an amount and the currency typed with it (``1.500 USD``, ``$200``).

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
from functools import cache
from typing import Final

from ppd_core.cleaning._normalise import fold, tables
from ppd_core.vocab import ActivityKind, Vocabulary

__all__ = ["country_code", "money_cell", "split_cell", "vocabulary_code"]

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
