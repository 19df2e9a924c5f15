"""The English ↔ Vietnamese glossary shared by the docs, the course and the library.

One list of domain and method terms (``ppd_core/glossary.csv``) plus every vocabulary label,
so the docs' glossary page and the ``glossary.md`` handed out with each course assignment can
never disagree.

>>> from ppd_core import glossary
>>> next(t for t in glossary.terms() if t.english == "target").vietnamese
'chỉ tiêu'
>>> sorted(["đoàn vào", "an ninh", "ăn", "bạn"], key=glossary.vi_sort_key)
['an ninh', 'ăn', 'bạn', 'đoàn vào']
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

__all__ = ["Term", "course_page", "markdown_table", "terms", "vi_sort_key", "vocabulary_terms"]


class Term(NamedTuple):
    """One glossary entry."""

    english: str
    vietnamese: str
    note: str


@cache
def terms() -> tuple[Term, ...]:
    """The domain and method terms, in the order they are taught."""
    text = resources.files("ppd_core").joinpath("glossary.csv").read_text(encoding="utf-8")
    return tuple(
        Term(r["english"], r["vietnamese"], r["note"]) for r in csv.DictReader(text.splitlines())
    )


def vocabulary_terms() -> list[tuple[str, str, str, str]]:
    """(English, Vietnamese, vocabulary, code) for every vocabulary member."""
    from ppd_core import vocab

    return [(m.en, m.vi, name, m.value) for name, cls in vocab.vocabularies().items() for m in cls]


_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_sort_key(text: str) -> tuple[list[int], list[int]]:
    """Vietnamese alphabetical order: a ă â b c d đ e ê …, then tones (none, huyền, hỏi…)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    tones = [_VI_TONES[ch] for ch in decomposed if ch in _VI_TONES]
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _VI_TONES))
    ranks = [
        -1 if c == " " else _VI_ALPHABET.index(c) if c in _VI_ALPHABET else 100 + ord(c)
        for c in letters
    ]
    return ranks, tones


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; each cell made one line, its ``|`` escaped."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(" ".join(c.split()).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *(line(r) for r in rows)])


def course_page() -> str:
    """The ``glossary.md`` handed out with every assignment of the course."""
    vocab_rows = sorted(vocabulary_terms(), key=lambda t: (t[0].lower(), t[2]))
    return (
        "# Glossary: English ↔ Vietnamese\n\n"
        "Terms of the course with the Vietnamese used in the PPD system. The second table "
        "holds the labels of the codes you meet in the data (the `kind`, `type` or `stage` "
        "columns), exactly as charts and reports print them.\n\n"
        "## Terms\n\n"
        + markdown_table(["English", "Tiếng Việt", "Note"], [list(t) for t in terms()])
        + "\n\n## Codes in the data\n\n"
        + markdown_table(
            ["English", "Tiếng Việt", "Code"],
            [[en, vi, f"{name} `{code}`"] for en, vi, name, code in vocab_rows],
        )
        + "\n"
    )
