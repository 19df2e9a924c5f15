"""Name normalisation: a partner name taken apart into the tokens names are compared on.

Steps: Unicode NFKC and case folding; Vietnamese diacritics removed (``đ`` → ``d``);
punctuation and dashes to spaces (:func:`fold`); abbreviations expanded; typos in
institutional words and country names corrected; Vietnamese institutional terms translated to
English tokens and country names (in Vietnamese, English and other forms) mapped to one
English name from the reference data in force; filler words dropped (:func:`analyse`). The
word tables come from ``words.toml`` (:func:`~ppd_core.cleaning._words.load_words`), compiled
once per reference data into :class:`Tables`.

>>> parts = analyse("Hội Hữu nghị Việt Nam – Campuchia")
>>> parts.tokens, parts.countries, parts.institutional
(('friendship', 'association', 'vietnam', 'cambodia'), ('VN', 'KH'), ('friendship',))
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ppd_core.cleaning._words import load_words
from ppd_core.reference import default_reference

if TYPE_CHECKING:
    from ppd_core.reference import ReferenceData

__all__ = ["NameParts", "Tables", "analyse", "fold", "normalise_name", "tables"]

_LETTERS = str.maketrans({"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})
_ELISION = re.compile(r"\b([dlj])['’`´]")
_APOSTROPHE = re.compile(r"['’`´]")
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_NON_WORD = re.compile(r"[\W_]+")
_MARKS = re.compile("[\u0300-\u036f]")
_PARENTHESES = re.compile(r"\(.*?\)")

Phrase = tuple[str, ...]


def fold(text: str, strip_marks: bool = True) -> list[str]:
    """Tokens of ``text``: NFKC, case-folded, diacritics removed, punctuation as spaces."""
    t = unicodedata.normalize("NFKC", text).casefold()
    if strip_marks and not t.isascii():
        t = _MARKS.sub("", unicodedata.normalize("NFD", t.replace("đ", "d")))
        if not t.isascii():
            t = "".join(c for c in t if not unicodedata.combining(c)).translate(_LETTERS)
        t = unicodedata.normalize("NFC", t)
    t = _ELISION.sub(r"\1 ", t)  # d'amitié → d amitié
    t = _APOSTROPHE.sub("", t)  # ass'n → assn, children's → childrens
    t = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), t)  # e.V. → ev, U.S. → us
    t = t.replace("&", " and ")
    return _NON_WORD.sub(" ", t).split()


# -- the compiled tables -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tables:
    """The word tables compiled for lookup (built once from the reference data in force)."""

    abbreviations: dict[str, Phrase]
    """Abbreviation → its expansion."""
    phrases: dict[Phrase, tuple[Phrase, str | None]]
    """Folded phrase → (English tokens, ISO code when the phrase names a country)."""
    lengths: dict[str, tuple[int, ...]]
    """First word → the lengths of the phrases it starts, longest first."""
    known: frozenset[str]
    """Every word of the tables (never corrected as a typo)."""
    vocabulary: dict[str, tuple[str, ...]]
    """First letter → the words a typo may be corrected to."""
    institutional: frozenset[str]
    """Institutional words (legal-form words excluded)."""
    legal_forms: frozenset[str]
    """Legal-form words."""
    stop_words: frozenset[str]
    """Filler words."""
    canonical: dict[str, str]
    """ISO code → the country's English name in normalised names."""


def _canonical_country(code: str, name_en: str, overrides: Mapping[str, str]) -> str:
    if code in overrides:
        return overrides[code]
    return " ".join(fold(_PARENTHESES.sub(" ", name_en).split(",")[0]))


def _country_phrases(ref: ReferenceData) -> tuple[dict[Phrase, tuple[Phrase, str]], dict[str, str]]:
    """Every unambiguous name and form of a country → its English name; and code → name."""
    words = load_words()
    frame = ref.countries_frame()
    canonical: dict[str, str] = {}
    claimed: dict[Phrase, set[str]] = {}
    for code, name_en, name_vi in zip(
        frame["code"].tolist(), frame["name_en"].tolist(), frame["name_vi"].tolist(), strict=True
    ):
        canon = _canonical_country(code, name_en, words.country_names)
        canonical[code] = canon
        forms = {
            tuple(fold(name_en)),
            tuple(fold(_PARENTHESES.sub(" ", name_en))),
            tuple(fold(name_en.split(",")[0])),
            tuple(fold(canon)),
            tuple(fold(name_vi)),
        }
        for form in forms:
            if form:
                claimed.setdefault(form, set()).add(code)
    phrases = {
        form: (tuple(canonical[code].split()), code)
        for form, codes in claimed.items()
        if len(codes) == 1
        for code in codes
    }
    for code, extras in words.country_forms.items():
        if code in canonical:
            for extra in extras:
                phrases[tuple(extra.split())] = (tuple(canonical[code].split()), code)
    return phrases, canonical


@cache
def _tables_for(ref: ReferenceData) -> Tables:
    words = load_words()
    phrases: dict[Phrase, tuple[Phrase, str | None]] = {}
    country_phrases, canonical = _country_phrases(ref)
    phrases.update(country_phrases)
    terms = (words.vietnamese_terms, words.vietnamese_names, words.other_terms)
    for table in terms:
        for key, value in table.items():
            phrases[tuple(key.split())] = (tuple(value.split()), None)
    for word in words.stop_words:
        phrases.setdefault((word,), ((), None))
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    institutional = set(words.institutional)
    for table in (words.vietnamese_terms, words.other_terms):
        for value in table.values():
            institutional.update(value.split())
    institutional -= words.legal_forms
    known = {w for key in phrases for w in key}
    known |= {w for out, _ in phrases.values() for w in out}
    known |= set(words.abbreviations) | institutional | words.legal_forms | words.stop_words
    # Typos are corrected towards English words and one-word country names only: Vietnamese
    # syllables are short and many ("Thani" is not a typo of "thanh").
    targets = {w for out, _ in phrases.values() for w in out} | institutional | words.legal_forms
    targets |= {key[0] for key, (_, code) in phrases.items() if code and len(key) == 1}
    targets |= {w for key in words.other_terms for w in key.split()}
    vocabulary: dict[str, list[str]] = {}
    for w in sorted(targets):
        if len(w) >= 5 and w.isalpha():
            vocabulary.setdefault(w[0], []).append(w)
    return Tables(
        abbreviations={k: tuple(v.split()) for k, v in words.abbreviations.items()},
        phrases=phrases,
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        known=frozenset(known),
        vocabulary={k: tuple(v) for k, v in vocabulary.items()},
        institutional=frozenset(institutional),
        legal_forms=words.legal_forms,
        stop_words=words.stop_words,
        canonical=canonical,
    )


def tables() -> Tables:
    """The compiled tables for the reference data in force."""
    return _tables_for(default_reference())


# -- taking a name apart -------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def _fix_typo(token: str, vocabulary: tuple[str, ...]) -> str:
    """The known word ``token`` is a typo of, else ``token``.

    A typo is one edit (a letter added, dropped, replaced or two neighbours swapped; two edits
    in words of ten letters or more) that keeps the first letter.
    """
    limit = 2 if len(token) >= 10 else 1
    hit = process.extractOne(token, vocabulary, scorer=OSA.distance, score_cutoff=limit)
    return token if hit is None else hit[0]


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name taken apart for comparison."""

    stages: tuple[Phrase, ...]
    """Token sequences after folding, abbreviations (and typos) and translation."""
    countries: tuple[str, ...]
    """ISO codes of the countries named, in order of first mention."""
    core: tuple[str, ...]
    """Distinctive words: neither institutional, nor legal form, nor country, nor number."""
    institutional: tuple[str, ...]
    """Institutional words (legal-form words excluded)."""
    numbers: tuple[str, ...]
    """Tokens holding digits."""
    initials: tuple[str, ...]
    """Acronyms this name could be abbreviated to (names of three words or more)."""
    acronym: str | None
    """The name itself when it is one upper-case word that looks like an acronym."""

    @property
    def tokens(self) -> Phrase:
        """The normalised tokens."""
        return self.stages[-1]


def _expand(folded: list[str], t: Tables) -> list[str]:
    """Expand abbreviations, keeping known phrases of several words whole."""
    expanded: list[str] = []
    i, n = 0, len(folded)
    while i < n:
        # a known phrase of several words is kept whole: "Mông Cổ" is Mongolia, not "Mông Co."
        length = next(
            (
                k
                for k in t.lengths.get(folded[i], ())
                if k > 1 and tuple(folded[i : i + k]) in t.phrases
            ),
            0,
        )
        if length:
            expanded.extend(folded[i : i + length])
            i += length
            continue
        expanded.extend(t.abbreviations.get(folded[i], (folded[i],)))
        i += 1
    return expanded


def _translate(fixed: list[str], t: Tables) -> tuple[list[str], list[bool], list[str]]:
    """Translate phrases (longest first): tokens, whether each names a country, the countries."""
    out: list[str] = []
    is_country: list[bool] = []
    countries: list[str] = []
    i, n = 0, len(fixed)
    while i < n:
        for length in t.lengths.get(fixed[i], ()):
            hit = t.phrases.get(tuple(fixed[i : i + length])) if i + length <= n else None
            if hit is not None:
                words, code = hit
                out.extend(words)
                is_country.extend([code is not None] * len(words))
                if code is not None and code not in countries:
                    countries.append(code)
                i += length
                break
        else:
            out.append(fixed[i])
            is_country.append(False)
            i += 1
    return out, is_country, countries


def _acronym(text: str, folded: list[str], t: Tables) -> str | None:
    """The name when it is one upper-case word of 3–8 letters that is no known word."""
    word = folded[0] if len(folded) == 1 else ""
    if (
        word.isalpha()
        and 3 <= len(word) <= 8
        and text.strip().replace(".", "").isupper()
        and word not in t.known
    ):
        return word
    return None


def analyse(text: str) -> NameParts:
    """Take a name apart: its normalised tokens, countries, distinctive and other words."""
    t = tables()
    folded = fold(text)
    fixed = [
        _fix_typo(tok, t.vocabulary.get(tok[0], ()))
        if len(tok) >= 5 and tok.isalpha() and tok not in t.known
        else tok
        for tok in _expand(folded, t)
    ]
    out, is_country, countries = _translate(fixed, t)
    plain = [w for w, c in zip(out, is_country, strict=True) if not c]
    initials = {
        "".join(w[0] for w in seq)
        for seq in (folded, [w for w in folded if w not in t.stop_words], out)
        if len(seq) >= 3
    }
    return NameParts(
        stages=(tuple(folded), tuple(fixed), tuple(out)),
        countries=tuple(countries),
        core=tuple(
            sorted(
                {
                    w
                    for w in plain
                    if w not in t.institutional and w not in t.legal_forms and w.isalpha()
                }
            )
        ),
        institutional=tuple(sorted({w for w in plain if w in t.institutional})),
        numbers=tuple(sorted({w for w in out if not w.isalpha()})),
        initials=tuple(sorted(initials)),
        acronym=_acronym(text, folded, t),
    )


def normalise_name(name: str) -> str:
    """Normalise a partner name for matching (Vietnamese or English, any spelling).

    Steps: Unicode NFKC and case folding; Vietnamese diacritics removed (``đ`` → ``d``);
    punctuation and dashes (``–``, ``—``, ``-``) to spaces; abbreviations expanded in both
    languages (``Assoc.``/``Ass'n`` → ``association``, ``Univ.`` → ``university``, ``Fdn``
    → ``foundation``, ``VN`` → ``vietnam``, ``HHN`` → ``hoi huu nghi``, ``LHCTCHN`` → ``lien
    hiep cac to chuc huu nghi``); typos in institutional words and country names corrected;
    Vietnamese institutional terms translated to English tokens and country names (in
    Vietnamese, English and other forms) mapped to one English name from the reference data;
    filler words (``of``, ``the``, ``các``, ``tại`` …) dropped. Word order is kept.

    Args:
        name: The name as written.

    Returns:
        The normalised tokens joined by single spaces.

    >>> normalise_name("Hoi Huu nghi Viet Nam - Campuchia")
    'friendship association vietnam cambodia'
    >>> normalise_name("Vietnam-Cambodia Friendship Association")
    'vietnam cambodia friendship association'
    >>> normalise_name("Liên hiệp các tổ chức hữu nghị Việt Nam")
    'union friendship organisation vietnam'
    """
    return " ".join(analyse(name).tokens)
