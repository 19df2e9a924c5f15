"""The word tables of name normalisation, read from the data file ``words.toml``.

The file holds the abbreviations, the Vietnamese and other-language terms, the filler,
legal-form and institutional words, and the other names of countries; its comments say what
each table is for. :func:`load_words` reads it once.

>>> words = load_words()
>>> words.abbreviations["assoc"], words.vietnamese_terms["hoi huu nghi"]
('association', 'friendship association')
>>> "vietnamese" in words.country_forms["VN"], "the" in words.stop_words
(True, True)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Words", "load_words"]


@dataclass(frozen=True, slots=True)
class Words:
    """The word tables of ``words.toml`` (keys as they look after folding)."""

    abbreviations: Mapping[str, str]
    """Abbreviations, expanded before translation (``hhn`` → ``hoi huu nghi``)."""
    vietnamese_terms: Mapping[str, str]
    """Vietnamese institutional terms → English tokens."""
    vietnamese_names: Mapping[str, str]
    """Vietnamese proper names with an English form (distinctive, not institutional)."""
    other_terms: Mapping[str, str]
    """English variants and a few other European languages → English tokens."""
    stop_words: frozenset[str]
    """Filler words, dropped."""
    legal_forms: frozenset[str]
    """Legal-form words: kept, but ignored when institutional words are compared."""
    institutional: frozenset[str]
    """Institutional words besides those the term tables produce."""
    country_names: Mapping[str, str]
    """ISO code → English short name, where the reference name is formal or ambiguous."""
    country_forms: Mapping[str, tuple[str, ...]]
    """ISO code → other names and adjectives of the country."""


def _text_map(data: Mapping[str, Any], table: str) -> dict[str, str]:
    return {str(k): str(v) for k, v in data[table].items()}


def _word_set(data: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(data[key]).split())


@cache
def load_words() -> Words:
    """Read the word tables from ``words.toml`` (once)."""
    text = resources.files("ppd_core.cleaning").joinpath("words.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return Words(
        abbreviations=_text_map(data, "abbreviations"),
        vietnamese_terms=_text_map(data, "vietnamese_terms"),
        vietnamese_names=_text_map(data, "vietnamese_names"),
        other_terms=_text_map(data, "other_terms"),
        stop_words=_word_set(data, "stop_words"),
        legal_forms=_word_set(data, "legal_forms"),
        institutional=_word_set(data, "institutional"),
        country_names=_text_map(data, "country_names"),
        country_forms={str(k): tuple(map(str, v)) for k, v in data["country_forms"].items()},
    )
