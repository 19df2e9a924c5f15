"""Partner de-duplication: normalise names, propose duplicate pairs, merge and undo merges.

Each organisation keeps its own partner list, so one partner appears under many spellings:
"Hội Hữu nghị Việt Nam – Campuchia", "Hoi Huu nghi Viet Nam - Campuchia", "Vietnam-Cambodia
Friendship Association", "VN-Cambodia Friendship Assoc.". This module finds such duplicates
and merges them without losing anything.

**Normalisation** (:func:`normalise_name`): Unicode NFKC, case folding, Vietnamese diacritics
removed (``đ`` → ``d``), punctuation and dashes to spaces; abbreviations expanded (``Assoc.``,
``Univ.``, ``Fdn``, ``VN``, ``HHN``, ``LHCTCHN`` …); typos in institutional words corrected
("Frienship"); Vietnamese institutional terms translated to English tokens (``hội hữu nghị``
→ ``friendship association``, ``quỹ`` → ``foundation`` …), country names and adjectives in
Vietnamese, English and a few other languages mapped to one English name taken from the
reference data (``Campuchia``, ``Cambodian`` → ``cambodia``; ``Việt Nam``, ``Viet Nam``,
``VN``, ``Vietnamese`` → ``vietnam``); filler words dropped. Word order is kept in the
output, but names are *compared* without regard to order. Country names come from the
reference data in force (:func:`~ppd_core.reference.default_reference`).

**Scoring** (:func:`candidate_pairs`): every name and alias of a partner is compared with
rapidfuzz's ``token_set_ratio`` on normalised names; a pair must then also agree on

* its *distinctive* words (words that are neither institutional nor country names: "Lyon"
  vs "Paris" are different chapters, "Red Cross" vs "Red Cross Siem Reap" a branch);
* its *institutional* words, ignoring legal-form words such as "association", "society",
  "Co., Ltd" and the partner's own country ("Kamora Foundation" vs "Kamora Development
  Fund" are different bodies);
* its numbers ("Friendship Club No. 1" vs "No. 2" never match).

The score is the lowest of these similarities (0–100). A single upper-case word that is the
acronym of another name of the same block ("KVHB" for "Korea-Vietnam Hope Bridge") scores 90.

**Mirror names are different bodies.** A bilateral friendship association names its own
country first in both languages: "Japan–Vietnam Friendship Association" and "Hội Hữu nghị
Nhật Bản – Việt Nam" are the same Japanese body, while "Hội Hữu nghị Việt Nam – Nhật Bản"
(Vietnam–Japan) is its Vietnamese counterpart. Two names that mention the same countries in
a different order are therefore never proposed as duplicates.

**Blocking.** Partners are compared only within their country (partners without a country
form one block of their own). A block larger than ``max_block`` name variants is split
further: two names are compared only when they share a token that is rare in the block (at
most ``key_cap`` names contain it), the first or last four letters of a distinctive word, or
their whole token set — so 50,000 partners never mean 1.25 billion comparisons. The number
of comparisons made is in ``result.attrs["comparisons"]``.

**Merging** (:func:`merge_partners`) returns a new :class:`~ppd_core.Dataset` and a
:class:`MergeRecord` of exactly what changed; :func:`undo_merge` restores the original.

>>> import pandas as pd
>>> from ppd_core.matching import candidate_pairs, normalise_name
>>> normalise_name("Hội Hữu nghị Việt Nam – Campuchia")
'friendship association vietnam cambodia'
>>> normalise_name("VN-Cambodia Friendship Assoc.")
'vietnam cambodia friendship association'
>>> partners = pd.DataFrame({
...     "id": ["P-1", "P-2", "P-3"],
...     "name": ["Hội Hữu nghị Việt Nam – Campuchia", "Hoi Huu nghi Viet Nam - Campuchia",
...              "Cambodia Red Cross"],
...     "country": ["KH", "KH", "KH"]})
>>> pairs = candidate_pairs(partners)
>>> pairs[["partner_id", "other_id", "score"]].to_dict("records")
[{'partner_id': 'P-1', 'other_id': 'P-2', 'score': 100.0}]
>>> print(pairs["reason"][0])
same country KH; names match after removing diacritics (token set 100)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ppd_core.dataset import Dataset
from ppd_core.errors import PpdError
from ppd_core.reference import default_reference
from ppd_core.tables import SCHEMA, frame_from_rows, python_value

if TYPE_CHECKING:
    from ppd_core.reference import ReferenceData

__all__ = [
    "AliasAdded",
    "CellChange",
    "MergeError",
    "MergeRecord",
    "MergeResult",
    "RowSnapshot",
    "candidate_pairs",
    "merge_partners",
    "normalise_name",
    "propose_merges",
    "undo_merge",
]

# -- term tables -------------------------------------------------------------------------------
# Keys are written as they look after folding (no diacritics, lower case); values are English
# tokens. The tables are deliberately small: they cover the institutional vocabulary of PPD
# partner names, not the languages.

_ABBREVIATIONS: dict[str, str] = {
    "assoc": "association",
    "assn": "association",
    "asso": "association",
    "assocn": "association",
    "univ": "university",
    "uni": "university",
    "fdn": "foundation",
    "fdtn": "foundation",
    "fndn": "foundation",
    "inst": "institute",
    "intl": "international",
    "natl": "national",
    "ctr": "centre",
    "cntr": "centre",
    "cttee": "committee",
    "dept": "department",
    "govt": "government",
    "co": "company",
    "corp": "corporation",
    "ltd": "limited",
    "inc": "incorporated",
    "soc": "society",
    "fed": "federation",
    "dev": "development",
    "vn": "viet nam",
    "hhn": "hoi huu nghi",
    "lhctchn": "lien hiep cac to chuc huu nghi",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcmc": "ho chi minh city",
    "ubnd": "uy ban nhan dan",
    "dh": "dai hoc",
    "dhqg": "dai hoc quoc gia",
    "usa": "united states",
    "uk": "united kingdom",
    "dprk": "north korea",
}
"""Abbreviations, expanded before translation (``HHN`` → ``hoi huu nghi`` → …)."""

_VI_TERMS: dict[str, str] = {
    "lien hiep cac to chuc huu nghi": "union friendship organisation",
    "hoi huu nghi": "friendship association",
    "tinh huu nghi": "friendship",
    "huu nghi": "friendship",
    "hoi dong": "council",
    "hiep hoi": "association",
    "hoi": "association",
    "lien hiep": "union",
    "lien doan": "federation",
    "lien minh": "alliance",
    "to chuc": "organisation",
    "truong dai hoc": "university",
    "dai hoc": "university",
    "truong cao dang": "college",
    "cao dang": "college",
    "truong": "school",
    "hoc vien": "academy",
    "vien nghien cuu": "research institute",
    "vien": "institute",
    "nghien cuu": "research",
    "quy": "foundation",
    "uy ban nhan dan": "people committee",
    "uy ban": "committee",
    "doan ket": "solidarity",
    "trung tam": "centre",
    "giao luu": "exchange",
    "mang luoi": "network",
    "thanh nien": "youth",
    "phu nu": "women",
    "tre em": "children",
    "sinh vien": "students",
    "thanh vien": "member",
    "hoa binh": "peace",
    "phat trien": "development",
    "van hoa": "cultural",
    "tinh nguyen vien": "volunteers",
    "tinh nguyen": "volunteers",
    "y te": "medical",
    "suc khoe": "health",
    "benh vien": "hospital",
    "ho tro": "aid",
    "vien tro": "aid",
    "nhan dao": "humanitarian",
    "phong thuong mai": "chamber commerce",
    "thuong mai": "commerce",
    "cong ty": "company",
    "tnhh": "limited",
    "dai su quan": "embassy",
    "chinh quyen": "administration",
    "tinh": "provincial",
    "thu do": "capital",
    "thanh pho": "city",
    "cong dong": "community",
    "cuu chien binh": "veterans",
    "hoa giai": "reconciliation",
    "giao duc": "education",
    "moi truong": "environment",
    "khoa hoc": "science",
    "cong nghe": "technology",
    "nong nghiep": "agriculture",
    "lam nghiep": "forestry",
    "nong lam": "agriculture forestry",
    "chuyen doi so": "digital transformation",
    "ky nang so": "digital skills",
    "cau lac bo": "club",
    "toan cau": "global",
    "cau": "bridge",
    "hy vong": "hope",
    "vong tron": "circle",
    "nha bao": "journalists",
    "nha": "house",
    "ban be": "friends",
    "quoc te": "international",
    "quoc gia": "national",
    "chau a thai binh duong": "asia pacific",
    "dong nam a": "southeast asia",
    "chau a": "asia",
    "chau au": "europe",
    "chau phi": "africa",
    "chau my": "americas",
    "dien dan": "forum",
    "hop tac": "cooperation",
    "doi tac": "partnership",
    "sang tao": "creative",
    "nhom": "group",
}
"""Vietnamese institutional terms (folded) → English tokens; the longest match wins."""

_VI_NAMES: dict[str, str] = {
    "chu thap do": "red cross",
    "thanh pho ho chi minh": "ho chi minh city",
    "ha noi": "hanoi",
    "sai gon": "saigon",
}
"""Vietnamese proper names with an English form (distinctive words, not institutional ones)."""

_OTHER_TERMS: dict[str, str] = {
    # English spelling and number variants
    "organization": "organisation",
    "organizations": "organisation",
    "organisations": "organisation",
    "associations": "association",
    "foundations": "foundation",
    "fund": "foundation",
    "funds": "foundation",
    "universities": "university",
    "institutes": "institute",
    "center": "centre",
    "centers": "centre",
    "centres": "centre",
    "committees": "committee",
    "councils": "council",
    "networks": "network",
    "clubs": "club",
    "volunteer": "volunteers",
    "culture": "cultural",
    "asian": "asia",
    "european": "europe",
    "african": "africa",
    # other European languages
    "amitie": "friendship",
    "amistad": "friendship",
    "amizade": "friendship",
    "amicizia": "friendship",
    "freundschaft": "friendship",
    "freundeskreis": "friends circle",
    "fondation": "foundation",
    "fundacion": "foundation",
    "fundacao": "foundation",
    "fondazione": "foundation",
    "stiftung": "foundation",
    "stichting": "foundation",
    "asociacion": "association",
    "associacao": "association",
    "associazione": "association",
    "verein": "association",
    "vereinigung": "association",
    "gesellschaft": "society",
    "solidaridad": "solidarity",
    "solidarite": "solidarity",
    "solidarieta": "solidarity",
    "solidaritat": "solidarity",
    "universidad": "university",
    "universite": "university",
    "universitat": "university",
    "universita": "university",
    "universiteit": "university",
    "instituto": "institute",
    "institut": "institute",
    "circulo": "circle",
    "cercle": "circle",
    "centro": "centre",
    "zentrum": "centre",
    "comite": "committee",
    "casa": "house",
    "maison": "house",
    "jeunesse": "youth",
    "juventud": "youth",
    "jugend": "youth",
}
"""English variants and a few other European languages → canonical English tokens."""


def _words(*lines: str) -> frozenset[str]:
    return frozenset(w for line in lines for w in line.split())


_STOP_WORDS = _words(
    "of the for and in at on to by with from a",
    "de du des la le les l d et y e del der die das den und fur fuer von zu",
    "cac cua va vi tai thuoc so no nr",
)
"""Filler words dropped (English, French, Spanish, German and Vietnamese)."""

_LIGHT = _words(
    "association society company limited incorporated corporation gmbh ev plc llc pte",
    "sa ag srl bv",
)
"""Legal-form words: kept in the normalised name, ignored when institutional words are compared."""

_INSTITUTIONAL_EXTRA = _words(
    "friendship friends friend union federation organisation foundation university college",
    "school academy institute research studies centre committee council network club circle",
    "group alliance league partnership forum movement coalition youth women children students",
    "veterans peace solidarity development cultural exchange volunteers medical health aid",
    "humanitarian relief care chamber commerce trade industry business embassy consulate",
    "administration government department ministry office agency provincial province district",
    "city capital municipal community reconciliation education environment science technology",
    "agriculture forestry digital transformation skills house bridge hope international",
    "national global world regional asia europe africa americas america pacific southeast",
    "trust project programme initiative cooperation support service services press media radio",
    "television news party people public hospital member staff journalists creative",
    "branch chapter mission secretariat",
)
"""Institutional words besides those the term tables produce (not distinctive of a partner)."""

_COUNTRY_OVERRIDES: dict[str, str] = {
    "VN": "vietnam",
    "LA": "laos",
    "KR": "korea",
    "KP": "north korea",
    "RU": "russia",
    "US": "united states",
    "GB": "united kingdom",
    "TW": "taiwan",
    "SY": "syria",
    "PS": "palestine",
    "CD": "dr congo",
    "BN": "brunei",
    "CZ": "czechia",
    "VG": "british virgin islands",
    "VI": "us virgin islands",
}
"""The English short name of countries whose reference name is formal or ambiguous."""

_COUNTRY_EXTRAS: dict[str, tuple[str, ...]] = {
    "VN": (
        "vietnam",
        "viet nam",
        "viet",
        "vietnamese",
        "vietnamien",
        "vietnamienne",
        "vietnamesisch",
        "vietnamesische",
        "vietnamesischer",
        "vietnamesischen",
        "vietnamita",
        "nguoi viet nam",
        "nguoi viet",
    ),
    "KH": ("cambodian", "khmer", "cam pu chia", "kampuchea", "cambodge"),
    "LA": ("lao", "laos", "laotian", "lao pdr"),
    "CN": ("chinese", "sino"),
    "JP": ("japanese", "nhat", "nippon"),
    "KR": ("korea", "south korea", "korean", "republic of korea", "han"),
    "KP": ("north korea", "north korean"),
    "TH": ("thai",),
    "SG": ("singaporean",),
    "MY": ("malaysian",),
    "ID": ("indonesian",),
    "PH": ("filipino", "philippine"),
    "IN": ("indian",),
    "US": ("american", "united states of america", "my"),
    "FR": ("french", "franco", "francais", "francaise"),
    "DE": ("german", "deutsch", "deutsche", "deutscher", "deutsches"),
    "RU": ("russia", "russian", "russie"),
    "GB": ("british", "britain", "great britain", "anh quoc"),
    "AU": ("australian", "uc"),
    "FI": ("finnish",),
    "CU": ("cuban",),
    "VE": ("venezuelan",),
    "IT": ("italian", "italia"),
    "NL": ("dutch", "holland"),
    "SE": ("swedish",),
    "NO": ("norwegian",),
    "DK": ("danish",),
    "CA": ("canadian",),
    "CH": ("swiss",),
    "BE": ("belgian",),
    "MM": ("burmese", "burma"),
    "BR": ("brazilian", "brasil"),
    "ZA": ("south african",),
    "MZ": ("mozambican", "mocambique"),
    "AR": ("argentine", "argentinian"),
    "CL": ("chilean",),
    "MN": ("mongolian",),
    "TL": ("timorese", "east timor", "timor leste"),
    "BN": ("bruneian", "brunei"),
    "PL": ("polish",),
    "CZ": ("czech", "czech republic"),
}
"""Other names, adjectives and Vietnamese short forms (``Nhật``, ``Hàn``, ``Mỹ``) of countries."""

ACRONYM_SCORE = 90.0
"""Score given to a one-word upper-case name that is the acronym of another name."""

_ROLE_STRENGTH = {"funding": 0, "implementing": 1, "co_organising": 2, "participating": 3}
"""Role order used when a merge leaves an activity listing one partner twice (strongest first)."""

# -- folding and tokenising ----------------------------------------------------------------------

_LETTERS = str.maketrans({"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th"})
_ELISION = re.compile(r"\b([dlj])['’`´]")
_APOSTROPHE = re.compile(r"['’`´]")
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_NON_WORD = re.compile(r"[\W_]+")
_MARKS = re.compile("[\u0300-\u036f]")


def _fold(text: str, strip_marks: bool = True) -> list[str]:
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


@dataclass(frozen=True, slots=True)
class _Tables:
    """The compiled term tables (built once from the reference data in force)."""

    abbreviations: dict[str, tuple[str, ...]]
    phrases: dict[tuple[str, ...], tuple[tuple[str, ...], str | None]]
    lengths: dict[str, tuple[int, ...]]
    known: frozenset[str]
    vocabulary: dict[str, tuple[str, ...]]
    institutional: frozenset[str]
    canonical: dict[str, str]


def _canonical_country(code: str, name_en: str) -> str:
    if code in _COUNTRY_OVERRIDES:
        return _COUNTRY_OVERRIDES[code]
    short = re.sub(r"\(.*?\)", " ", name_en).split(",")[0]
    return " ".join(_fold(short))


@cache
def _tables_for(ref: ReferenceData) -> _Tables:
    phrases: dict[tuple[str, ...], tuple[tuple[str, ...], str | None]] = {}
    canonical: dict[str, str] = {}
    frame = ref.countries_frame()
    claimed: dict[tuple[str, ...], set[str]] = {}
    for code, name_en, name_vi in zip(
        frame["code"].tolist(), frame["name_en"].tolist(), frame["name_vi"].tolist(), strict=True
    ):
        canon = _canonical_country(code, name_en)
        canonical[code] = canon
        forms = {
            tuple(_fold(name_en)),
            tuple(_fold(re.sub(r"\(.*?\)", " ", name_en))),
            tuple(_fold(name_en.split(",")[0])),
            tuple(_fold(canon)),
        }
        forms.add(tuple(_fold(name_vi)))
        for form in forms:
            if form:
                claimed.setdefault(form, set()).add(code)
    for form, codes in claimed.items():
        if len(codes) == 1:
            code = next(iter(codes))
            phrases[form] = (tuple(canonical[code].split()), code)
    for code, extras in _COUNTRY_EXTRAS.items():
        if code not in canonical:
            continue
        for extra in extras:
            phrases[tuple(extra.split())] = (tuple(canonical[code].split()), code)
    for table in (_VI_TERMS, _VI_NAMES, _OTHER_TERMS):
        for key, value in table.items():
            phrases[tuple(key.split())] = (tuple(value.split()), None)
    for word in _STOP_WORDS:
        phrases.setdefault((word,), ((), None))
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    institutional = set(_INSTITUTIONAL_EXTRA)
    for table in (_VI_TERMS, _OTHER_TERMS):
        for value in table.values():
            institutional.update(value.split())
    institutional -= _LIGHT
    known = {w for key in phrases for w in key}
    known |= {w for out, _ in phrases.values() for w in out}
    known |= set(_ABBREVIATIONS) | institutional | _LIGHT | _STOP_WORDS
    # Typos are corrected towards English words and one-word country names only: Vietnamese
    # syllables are short and many ("Thani" is not a typo of "thanh").
    targets = {w for out, _ in phrases.values() for w in out} | institutional | _LIGHT
    targets |= {key[0] for key, (_, code) in phrases.items() if code and len(key) == 1}
    targets |= {w for key in _OTHER_TERMS for w in key.split()}
    vocabulary: dict[str, list[str]] = {}
    for w in sorted(targets):
        if len(w) >= 5 and w.isalpha():
            vocabulary.setdefault(w[0], []).append(w)
    return _Tables(
        abbreviations={k: tuple(v.split()) for k, v in _ABBREVIATIONS.items()},
        phrases=phrases,
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        known=frozenset(known),
        vocabulary={k: tuple(v) for k, v in vocabulary.items()},
        institutional=frozenset(institutional),
        canonical=canonical,
    )


def _tables() -> _Tables:
    return _tables_for(default_reference())


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
class _Name:
    """A name taken apart for comparison."""

    stages: tuple[tuple[str, ...], ...]
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
    def tokens(self) -> tuple[str, ...]:
        """The normalised tokens."""
        return self.stages[-1]


def _analyse(text: str) -> _Name:
    tables = _tables()
    folded = _fold(text)
    expanded: list[str] = []
    i, n = 0, len(folded)
    while i < n:
        # a known phrase of several words is kept whole: "Mông Cổ" is Mongolia, not "Mông Co."
        length = next(
            (
                k
                for k in tables.lengths.get(folded[i], ())
                if k > 1 and tuple(folded[i : i + k]) in tables.phrases
            ),
            0,
        )
        if length:
            expanded.extend(folded[i : i + length])
            i += length
            continue
        expanded.extend(tables.abbreviations.get(folded[i], (folded[i],)))
        i += 1
    fixed = [
        _fix_typo(tok, tables.vocabulary.get(tok[0], ()))
        if len(tok) >= 5 and tok.isalpha() and tok not in tables.known
        else tok
        for tok in expanded
    ]
    out: list[str] = []
    is_country: list[bool] = []
    countries: list[str] = []
    i, n = 0, len(fixed)
    while i < n:
        for length in tables.lengths.get(fixed[i], ()):
            hit = tables.phrases.get(tuple(fixed[i : i + length])) if i + length <= n else None
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
    numbers = sorted({t for t in out if not t.isalpha()})
    institutional = sorted(
        {t for t, c in zip(out, is_country, strict=True) if not c and t in tables.institutional}
    )
    core = sorted(
        {
            t
            for t, c in zip(out, is_country, strict=True)
            if not c and t not in tables.institutional and t not in _LIGHT and t.isalpha()
        }
    )
    initials: set[str] = set()
    for seq in (folded, [t for t in folded if t not in _STOP_WORDS], out):
        if len(seq) >= 3:
            initials.add("".join(t[0] for t in seq))
    stripped = text.strip()
    acronym = None
    if (
        len(folded) == 1
        and folded[0].isalpha()
        and 3 <= len(folded[0]) <= 8
        and stripped.replace(".", "").isupper()
        and folded[0] not in tables.known
    ):
        acronym = folded[0]
    return _Name(
        stages=(tuple(folded), tuple(fixed), tuple(out)),
        countries=tuple(countries),
        core=tuple(core),
        institutional=tuple(institutional),
        numbers=tuple(numbers),
        initials=tuple(sorted(initials)),
        acronym=acronym,
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
    return " ".join(_analyse(name).tokens)


# -- candidate pairs -----------------------------------------------------------------------------

_PAIR_COLUMNS = [
    "partner_id",
    "other_id",
    "score",
    "reason",
    "partner_name",
    "other_name",
    "partner_country",
    "other_country",
]


def _text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame[column].astype("str")


@dataclass(slots=True)
class _Variants:
    """Every name and alias of every partner, analysed."""

    ids: list[str]
    names: list[str]
    countries: list[str | None]
    pid: npt.NDArray[np.int64]
    text: list[str]
    is_alias: npt.NDArray[np.bool_]
    analysis: list[_Name]


def _variants(partners: pd.DataFrame, aliases: pd.DataFrame | None) -> _Variants:
    ids = _text_column(partners, "id")
    names = _text_column(partners, "name")
    country = _text_column(partners, "country").str.strip().str.upper()
    ok = ids.notna().to_numpy()
    codes, uniques = pd.factorize(ids[ok])
    id_list = [str(u) for u in uniques]
    first = pd.DataFrame({"pid": codes, "name": names[ok].to_numpy(), "c": country[ok].to_numpy()})
    primary = first.groupby("pid", sort=True)["name"].first()
    where = first.groupby("pid", sort=True)["c"].first()
    name_list = [str(v) if isinstance(v, str) else "" for v in primary.reindex(range(len(uniques)))]
    country_list = [
        v if isinstance(v, str) and v else None for v in where.reindex(range(len(uniques)))
    ]
    parts = [pd.DataFrame({"pid": codes, "text": names[ok].to_numpy(), "alias": False})]
    if aliases is not None and len(aliases):
        owner = pd.Index(uniques).get_indexer(_text_column(aliases, "partner_id"))
        alias_text = _text_column(aliases, "alias").to_numpy()
        known = owner >= 0
        parts.append(pd.DataFrame({"pid": owner[known], "text": alias_text[known], "alias": True}))
    table = pd.concat(parts, ignore_index=True)
    table = table[table["text"].notna()]
    table = table.assign(text=table["text"].astype("str").str.strip())
    table = table[table["text"] != ""].drop_duplicates(["pid", "text"], keep="first")
    texts = table["text"].tolist()
    cache_: dict[str, _Name] = {}
    analysis = []
    for t in texts:
        got = cache_.get(t)
        if got is None:
            got = cache_[t] = _analyse(t)
        analysis.append(got)
    return _Variants(
        ids=id_list,
        names=name_list,
        countries=country_list,
        pid=table["pid"].to_numpy(dtype=np.int64),
        text=texts,
        is_alias=table["alias"].to_numpy(dtype=bool),
        analysis=analysis,
    )


def _pairs_in_groups(
    group: npt.NDArray[np.int64], member: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair of members sharing a group (each unordered pair once per group)."""
    if len(group) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(group, kind="stable")
    g, m = group[order], member[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    rank = np.arange(len(g)) - np.repeat(starts, sizes)
    after = np.repeat(sizes, sizes) - rank - 1
    left = np.repeat(np.arange(len(g)), after)
    offsets = np.cumsum(after) - after
    right = left + (np.arange(int(after.sum())) - np.repeat(offsets, after) + 1)
    return m[left].astype(np.int64), m[right].astype(np.int64)


def _block_labels(v: _Variants, block_on_country: bool) -> list[str]:
    if not block_on_country:
        return ["*"] * len(v.text)
    return [v.countries[p] or "" for p in v.pid.tolist()]


def _group_entries(
    v: _Variants, blocks: list[str], max_block: int, key_cap: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(group code, variant) entries: whole small blocks, keyed sub-blocks of large ones."""
    sizes: dict[str, int] = {}
    for b in blocks:
        sizes[b] = sizes.get(b, 0) + 1
    keys: list[str] = []
    members: list[int] = []
    for i, (b, a) in enumerate(zip(blocks, v.analysis, strict=True)):
        if sizes[b] <= max_block:
            keys.append(f"{b}\x1f")
            members.append(i)
            continue
        own = {f"{b}\x1ft:{t}" for t in a.tokens}
        for t in a.core:
            if len(t) >= 6:
                own.add(f"{b}\x1fp:{t[:4]}")
                own.add(f"{b}\x1fs:{t[-4:]}")
        own.add(f"{b}\x1fall:{' '.join(sorted(set(a.tokens)))}")
        keys.extend(own)
        members.extend([i] * len(own))
    codes, uniques = pd.factorize(pd.Series(keys, dtype="str"))
    counts = np.bincount(codes, minlength=len(uniques))
    whole = np.array([str(u).endswith("\x1f") for u in uniques], dtype=bool)
    signature = np.array(["\x1fall:" in str(u) for u in uniques], dtype=bool)
    usable = (counts >= 2) & (whole | (counts <= key_cap) | (signature & (counts <= max_block)))
    keep = usable[codes]
    return codes[keep].astype(np.int64), np.asarray(members, dtype=np.int64)[keep]


def _where(v: _Variants, pa: int, pb: int) -> str:
    ca, cb = v.countries[pa], v.countries[pb]
    if ca == cb:
        return f"same country {ca}" if ca else "both without country"
    return f"countries {ca or 'none'} and {cb or 'none'}"


def _how(text_a: str, text_b: str, a: _Name, b: _Name) -> tuple[bool, str]:
    """Whether the names match fully, and the normalisation steps that made them match."""
    if text_a == text_b:
        return True, "exactly"
    marked_a, marked_b = _fold(text_a, strip_marks=False), _fold(text_b, strip_marks=False)
    if marked_a == marked_b:
        return True, "ignoring case and punctuation"
    steps = []
    if marked_a != list(a.stages[0]) or marked_b != list(b.stages[0]):
        steps.append("removing diacritics")
    if a.stages[0] != b.stages[0]:
        if a.stages[0] != a.stages[1] or b.stages[0] != b.stages[1]:
            steps.append("expanding abbreviations")
        if a.stages[1] != b.stages[1] and (
            a.stages[1] != a.stages[2] or b.stages[1] != b.stages[2]
        ):
            steps.append("translating terms and country names")
    full = set(a.tokens) == set(b.tokens)
    if full and a.tokens != b.tokens:
        steps.append("ignoring word order")
    if not steps:
        return full, ""
    said = steps[0] if len(steps) == 1 else ", ".join(steps[:-1]) + " and " + steps[-1]
    return full, f"after {said}"


def _reason(
    v: _Variants,
    ia: int,
    ib: int,
    scores: tuple[float, float, float],
    acronym: bool,
) -> str:
    pa, pb = int(v.pid[ia]), int(v.pid[ib])
    where = _where(v, pa, pb)
    ta, tb = v.text[ia], v.text[ib]
    subject_a = f"alias '{ta}' of {v.ids[pa]}" if v.is_alias[ia] else f"name of {v.ids[pa]}"
    subject_b = f"alias '{tb}' of {v.ids[pb]}" if v.is_alias[ib] else f"name of {v.ids[pb]}"
    if acronym:
        short, long = (ta, tb) if v.analysis[ia].acronym else (tb, ta)
        return (
            f"{where}; {subject_a} matches {subject_b}: '{short}' is the acronym of '{long}' "
            f"(acronym {ACRONYM_SCORE:.0f})"
        )
    base, core, generic = scores
    full, steps = _how(ta, tb, v.analysis[ia], v.analysis[ib])
    how = (
        ("match " if full else "are similar ") + steps
        if steps
        else "match"
        if full
        else "are similar"
    )
    detail = f"token set {base:.0f}"
    if core < 100 or generic < 100:
        detail += f", distinctive words {core:.0f}, institutional words {generic:.0f}"
    if not v.is_alias[ia] and not v.is_alias[ib]:
        return f"{where}; names {how} ({detail})"
    verb = "matches" if full else "is similar to"
    tail = f" {steps}" if steps else ""
    if v.is_alias[ib] and not v.is_alias[ia]:
        return f"{where}; {subject_b} {verb} {subject_a}{tail} ({detail})"
    return f"{where}; {subject_a} {verb} {subject_b}{tail} ({detail})"


@dataclass(frozen=True, slots=True)
class _Features:
    """Per-variant strings and codes the scoring reads (indexed by variant)."""

    norm: npt.NDArray[np.object_]
    core: npt.NDArray[np.object_]
    generic: npt.NDArray[np.object_]
    numbers: npt.NDArray[np.int64]
    country_set: npt.NDArray[np.int64]
    country_order: npt.NDArray[np.int64]
    n_countries: npt.NDArray[np.int64]


def _codes(values: list[str]) -> npt.NDArray[np.int64]:
    codes, _ = pd.factorize(pd.Series(values, dtype=object))
    return np.asarray(codes, dtype=np.int64)


def _features(v: _Variants, own_country: bool) -> _Features:
    """Per-variant features for scoring.

    With ``own_country`` (only when blocking by country, so both sides of a pair share it),
    the partner's own country is left out of its institutional words.
    """
    canon = _tables().canonical
    an = v.analysis

    def generic(x: _Name, own: str | None) -> str:
        foreign = [canon.get(c, c.lower()) for c in x.countries if c != own]
        return " ".join(sorted({*x.institutional, *foreign}))

    owners = [v.countries[p] if own_country else None for p in v.pid.tolist()]
    return _Features(
        norm=np.array([" ".join(x.tokens) for x in an] or [""], dtype=object)[: len(an)],
        core=np.array([" ".join(x.core) for x in an] or [""], dtype=object)[: len(an)],
        generic=np.array(
            [generic(x, own) for x, own in zip(an, owners, strict=True)] or [""], dtype=object
        )[: len(an)],
        numbers=_codes([" ".join(x.numbers) for x in an]),
        country_set=_codes([" ".join(sorted(x.countries)) for x in an]),
        country_order=_codes([" ".join(x.countries) for x in an]),
        n_countries=np.array([len(x.countries) for x in an], dtype=np.int64),
    )


def _scores(
    strings: npt.NDArray[np.object_],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    scorer: Any,
    cutoff: float = 0,
) -> npt.NDArray[np.float64]:
    """Scores (rapidfuzz) of ``strings[a]`` vs ``strings[b]``; both empty 100, one empty 0."""
    if len(a) == 0:
        return np.zeros(0)
    left, right = strings[a].tolist(), strings[b].tolist()
    scores = np.asarray(
        process.cpdist(left, right, scorer=scorer, score_cutoff=cutoff, workers=-1), dtype=float
    )
    empty_l = np.array([not x for x in left], dtype=bool)
    empty_r = np.array([not x for x in right], dtype=bool)
    scores[empty_l & empty_r] = 100.0
    scores[empty_l ^ empty_r] = 0.0
    return scores


def candidate_pairs(
    partners: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    threshold: float = 85,
    block_on_country: bool = True,
    max_block: int = 1000,
    key_cap: int = 100,
) -> pd.DataFrame:
    """Propose pairs of partners that are probably the same body.

    Every name and alias of a partner is normalised (:func:`normalise_name`) and compared with
    the names and aliases of the other partners of its block; see the module documentation
    for the scoring rules and the blocking.

    Args:
        partners: Partner table with ``id``, ``name`` and ``country`` (the ``partners`` frame of
            a Dataset, or text tables such as :func:`~ppd_core.datasets.messy_frames` gives;
            rows repeating an id are read as more names of one partner).
        aliases: Alias table with ``partner_id`` and ``alias`` (``partner_aliases``), if any.
        threshold: Lowest score (0–100) of a proposed pair.
        block_on_country: Compare partners only within their country (partners without a
            country form one block). Off, all partners form one block.
        max_block: Blocks with more name variants than this are split by shared rare tokens
            instead of comparing all pairs.
        key_cap: In a split block, a token shared by more names than this is not a key.

    Returns:
        One row per proposed pair (``partner_id`` < ``other_id``): ``partner_id``,
        ``other_id``, ``score``, ``reason``, ``partner_name``, ``other_name``,
        ``partner_country``, ``other_country``; sorted by score, highest first. ``attrs``
        holds ``comparisons`` (name pairs scored), ``variants`` (names and aliases) and
        ``partners``.

    Raises:
        ValueError: if ``threshold`` is not between 0 and 100 or a size limit is below 2.
    """
    if not 0 <= threshold <= 100:
        raise ValueError(f"threshold must be between 0 and 100, not {threshold}")
    if max_block < 2 or key_cap < 2:
        raise ValueError("max_block and key_cap must be at least 2")
    v = _variants(partners, aliases)
    blocks = _block_labels(v, block_on_country)
    groups, members = _group_entries(v, blocks, max_block, key_cap)
    left, right = _pairs_in_groups(groups, members)
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    n_var = max(len(v.text), 1)
    unique = np.sort(lo * n_var + hi)  # a pair found through several keys is scored once
    unique = unique[np.r_[True, unique[1:] != unique[:-1]]] if len(unique) else unique
    a, b = unique // n_var, unique % n_var
    distinct = v.pid[a] != v.pid[b]
    a, b = a[distinct], b[distinct]
    comparisons = len(a)

    # cheap gates first: numbers must agree, mirror names are counterpart bodies
    f = _features(v, own_country=block_on_country)
    mirror = (f.n_countries[a] >= 2) & (f.country_set[a] == f.country_set[b])
    mirror &= f.country_order[a] != f.country_order[b]
    ok = (f.numbers[a] == f.numbers[b]) & ~mirror
    a, b = a[ok], b[ok]
    base = _scores(f.norm, a, b, fuzz.token_set_ratio, threshold)
    ok = base >= threshold
    a, b, base = a[ok], b[ok], base[ok]
    core = _scores(f.core, a, b, fuzz.token_sort_ratio)
    gen = _scores(f.generic, a, b, fuzz.ratio)
    final = np.minimum(base, np.minimum(core, gen))
    ok = final >= threshold
    rows: list[tuple[int, int, float, bool, tuple[float, float, float]]] = [
        (i, j, s, False, (x, y, z))
        for i, j, s, x, y, z in zip(
            a[ok].tolist(),
            b[ok].tolist(),
            final[ok].tolist(),
            base[ok].tolist(),
            core[ok].tolist(),
            gen[ok].tolist(),
            strict=True,
        )
    ]

    if threshold <= ACRONYM_SCORE:
        acronym_pairs = _acronym_pairs(v, blocks)
        comparisons += len(acronym_pairs)
        rows.extend((i, j, ACRONYM_SCORE, True, (0.0, 0.0, 0.0)) for i, j in acronym_pairs)

    best: dict[tuple[int, int], tuple[float, int, int, int, bool, tuple[float, float, float]]] = {}
    for x, y, s, is_acr, parts in rows:
        i, j = (x, y) if v.ids[int(v.pid[x])] < v.ids[int(v.pid[y])] else (y, x)
        pi, pj = int(v.pid[i]), int(v.pid[j])
        rank = int(v.is_alias[i]) + int(v.is_alias[j])
        current = best.get((pi, pj))
        if current is None or (s, -rank) > (current[0], -current[1]):
            best[(pi, pj)] = (s, rank, i, j, is_acr, parts)
    records = []
    for (pi, pj), (s, _, i, j, is_acr, parts) in best.items():
        records.append(
            {
                "partner_id": v.ids[pi],
                "other_id": v.ids[pj],
                "score": round(s, 1),
                "reason": _reason(v, i, j, parts, is_acr),
                "partner_name": v.names[pi],
                "other_name": v.names[pj],
                "partner_country": v.countries[pi],
                "other_country": v.countries[pj],
            }
        )
    out = pd.DataFrame(records, columns=_PAIR_COLUMNS)
    out = out.astype({c: "str" for c in _PAIR_COLUMNS if c != "score"}).astype({"score": float})
    out = out.sort_values(
        ["score", "partner_id", "other_id"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)
    out.attrs = {
        "comparisons": int(comparisons),
        "variants": len(v.text),
        "partners": len(v.ids),
    }
    return out


def _acronym_pairs(v: _Variants, blocks: list[str]) -> list[tuple[int, int]]:
    """Pairs of (acronym variant, variant whose initials spell it) within a block."""
    short: dict[tuple[str, str], list[int]] = {}
    for i, a in enumerate(v.analysis):
        if a.acronym:
            short.setdefault((blocks[i], a.acronym), []).append(i)
    if not short:
        return []
    return [
        (i, j)
        for j, a in enumerate(v.analysis)
        for init in a.initials
        for i in short.get((blocks[j], init), ())
        if v.pid[i] != v.pid[j]
    ]


# -- proposing merges ----------------------------------------------------------------------------


def _frames_of(data: Dataset | Mapping[str, pd.DataFrame]) -> Mapping[str, pd.DataFrame]:
    return data.to_frames() if isinstance(data, Dataset) else data


def _as_dates(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    return pd.to_datetime(s.astype("str"), format="%d/%m/%Y", errors="coerce")


def propose_merges(
    dataset_or_frames: Dataset | Mapping[str, pd.DataFrame],
    *,
    threshold: float = 85,
    block_on_country: bool = True,
    max_block: int = 1000,
    key_cap: int = 100,
) -> pd.DataFrame:
    """Propose merges: duplicate pairs, which record to keep, and clusters of duplicates.

    For each pair of :func:`candidate_pairs`, the record to keep is the one with more
    activities, else the one engaged first (``first_engaged``), else the lower id. Pairs are
    grouped into clusters (connected components: three spellings of one partner are one
    cluster); ``cluster_keep_id`` is the record to keep for the whole cluster, chosen by the
    same rule, and the one to pass to :func:`merge_partners`.

    Args:
        dataset_or_frames: A Dataset or its frames (``partners``, ``partner_aliases`` and,
            for activity counts, ``activity_partners``).
        threshold: Lowest score of a proposed pair.
        block_on_country: Compare partners only within their country.
        max_block: See :func:`candidate_pairs`.
        key_cap: See :func:`candidate_pairs`.

    Returns:
        The pairs with ``cluster`` (1 = the cluster holding the best pair), ``cluster_size``,
        ``keep_id``, ``drop_id``, ``keep_reason``, ``partner_activities``,
        ``other_activities`` and ``cluster_keep_id``; ordered by cluster, then score.
    """
    frames = _frames_of(dataset_or_frames)
    partners = frames["partners"]
    pairs = candidate_pairs(
        partners,
        frames.get("partner_aliases"),
        threshold=threshold,
        block_on_country=block_on_country,
        max_block=max_block,
        key_cap=key_cap,
    )
    links = frames.get("activity_partners")
    activities: dict[str, int] = {}
    if links is not None and len(links):
        counted = links.astype({"partner_id": "str", "activity_id": "str"})
        activities = {
            str(k): int(n)
            for k, n in counted.groupby("partner_id")["activity_id"].nunique().items()
        }
    ids = _text_column(partners, "id")
    engaged_col = (
        _as_dates(partners["first_engaged"])
        if "first_engaged" in partners.columns
        else pd.Series(pd.NaT, index=partners.index)
    )
    engaged: dict[str, pd.Timestamp] = {}
    for pid, when in zip(ids.tolist(), engaged_col.tolist(), strict=True):
        if isinstance(pid, str) and pid not in engaged:
            engaged[pid] = when

    def order(pid: str) -> tuple[int, pd.Timestamp, str]:
        when = engaged.get(pid, pd.NaT)
        return (-activities.get(pid, 0), pd.Timestamp.max if pd.isna(when) else when, pid)

    def why(keep: str, other: str) -> str:
        nk, no = activities.get(keep, 0), activities.get(other, 0)
        if nk != no:
            return f"more activities ({nk} vs {no})"
        ek, eo = engaged.get(keep, pd.NaT), engaged.get(other, pd.NaT)
        if not pd.isna(ek) and (pd.isna(eo) or ek != eo):
            other_day = "unknown" if pd.isna(eo) else f"{eo.date()}"
            return f"engaged earlier ({ek.date()} vs {other_day})"
        return "same activities and first engagement; lower id"

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p, o in zip(pairs["partner_id"].tolist(), pairs["other_id"].tolist(), strict=True):
        rp, ro = find(p), find(o)
        if rp != ro:
            parent[max(rp, ro)] = min(rp, ro)
    cluster_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    for p, o in zip(pairs["partner_id"].tolist(), pairs["other_id"].tolist(), strict=True):
        root = find(p)
        if root not in cluster_of:
            cluster_of[root] = len(cluster_of) + 1
        members.setdefault(cluster_of[root], [])
        for x in (p, o):
            if x not in members[cluster_of[root]]:
                members[cluster_of[root]].append(x)
    keepers = {c: min(ms, key=order) for c, ms in members.items()}

    out = pairs.copy()
    clusters = [cluster_of[find(p)] for p in out["partner_id"].tolist()]
    keep_ids, drop_ids, reasons = [], [], []
    for p, o in zip(out["partner_id"].tolist(), out["other_id"].tolist(), strict=True):
        k, d = (p, o) if order(p) <= order(o) else (o, p)
        keep_ids.append(k)
        drop_ids.append(d)
        reasons.append(why(k, d))
    out.insert(0, "cluster", pd.Series(clusters, index=out.index, dtype="Int64"))
    sizes = [len(members[c]) for c in clusters]
    out.insert(1, "cluster_size", pd.Series(sizes, index=out.index, dtype="Int64"))
    out["keep_id"] = pd.Series(keep_ids, index=out.index, dtype="str")
    out["drop_id"] = pd.Series(drop_ids, index=out.index, dtype="str")
    out["keep_reason"] = pd.Series(reasons, index=out.index, dtype="str")
    out["partner_activities"] = pd.array(
        [activities.get(p, 0) for p in out["partner_id"].tolist()], dtype="Int64"
    )
    out["other_activities"] = pd.array(
        [activities.get(p, 0) for p in out["other_id"].tolist()], dtype="Int64"
    )
    out["cluster_keep_id"] = pd.Series([keepers[c] for c in clusters], index=out.index, dtype="str")
    out = out.sort_values(
        ["cluster", "score", "partner_id", "other_id"],
        ascending=[True, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    out.attrs = dict(pairs.attrs)
    return out


# -- merging -------------------------------------------------------------------------------------


class MergeError(PpdError, ValueError):
    """A merge or an undo that cannot be done as asked (unknown id, different countries …)."""


def _to_json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(table: str, column: str, value: Any) -> Any:
    if value is None:
        return None
    dtype = SCHEMA[table].column(column).dtype
    if dtype == "date":
        return date.fromisoformat(value)
    if dtype == "decimal":
        return Decimal(value)
    if dtype == "Int64":
        return int(value)
    if dtype == "float64":
        return float(value)
    return value


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell a merge changed.

    Attributes:
        table: Table name.
        row: 0-based row position in the table *before* the merge.
        column: Column name.
        old: Value before the merge.
        new: Value after the merge.
    """

    table: str
    row: int
    column: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "old": _to_json(self.old),
            "new": _to_json(self.new),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CellChange:
        """Rebuild from :meth:`to_dict`'s output."""
        table, column = str(data["table"]), str(data["column"])
        return cls(
            table,
            int(data["row"]),
            column,
            _from_json(table, column, data["old"]),
            _from_json(table, column, data["new"]),
        )


@dataclass(frozen=True, slots=True)
class RowSnapshot:
    """A row a merge removed, as it was.

    Attributes:
        table: Table name.
        row: 0-based row position in the table *before* the merge.
        values: The row's values by column (Python values; missing is ``None``).
        note: Why it was removed.
    """

    table: str
    row: int
    values: Mapping[str, Any]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "table": self.table,
            "row": self.row,
            "values": {k: _to_json(v) for k, v in self.values.items()},
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RowSnapshot:
        """Rebuild from :meth:`to_dict`'s output."""
        table = str(data["table"])
        values = {str(k): _from_json(table, str(k), v) for k, v in data["values"].items()}
        return cls(table, int(data["row"]), values, str(data.get("note", "")))


@dataclass(frozen=True, slots=True)
class AliasAdded:
    """An alias a merge gave the kept partner.

    Attributes:
        row: 0-based row position in ``partner_aliases`` *after* the merge.
        alias: The alias.
    """

    row: int
    alias: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"row": self.row, "alias": self.alias}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AliasAdded:
        """Rebuild from :meth:`to_dict`'s output."""
        return cls(int(data["row"]), str(data["alias"]))


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """Exactly what a merge changed: enough to audit it and to undo it.

    Attributes:
        keep_id: The partner kept.
        dropped_ids: The partners merged into it, in the order given.
        dropped: The dropped partners' rows of ``partners``, as they were.
        repointed: References moved to the kept partner (``activity_partners`` and
            ``resource_flows``, column ``partner_id``).
        updated: Other changed cells of the kept partner (``first_engaged``).
        aliases_added: Aliases the kept partner gained.
        rows_removed: Other rows removed: the dropped partners' aliases and activity links
            that would have listed the kept partner twice.
        forced: Whether a merge across countries was forced.
        notes: Plain-language notes on what the merge did.
    """

    keep_id: str
    dropped_ids: tuple[str, ...]
    dropped: tuple[RowSnapshot, ...]
    repointed: tuple[CellChange, ...]
    updated: tuple[CellChange, ...]
    aliases_added: tuple[AliasAdded, ...]
    rows_removed: tuple[RowSnapshot, ...]
    forced: bool = False
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (dates as ISO strings, amounts as strings).

        >>> import json
        >>> rec = MergeRecord("P-1", ("P-2",), (), (), (), (AliasAdded(0, "Quỹ X"),), ())
        >>> MergeRecord.from_dict(json.loads(json.dumps(rec.to_dict()))) == rec
        True
        """
        return {
            "version": 1,
            "keep_id": self.keep_id,
            "dropped_ids": list(self.dropped_ids),
            "dropped": [r.to_dict() for r in self.dropped],
            "repointed": [c.to_dict() for c in self.repointed],
            "updated": [c.to_dict() for c in self.updated],
            "aliases_added": [a.to_dict() for a in self.aliases_added],
            "rows_removed": [r.to_dict() for r in self.rows_removed],
            "forced": self.forced,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MergeRecord:
        """Rebuild a record from :meth:`to_dict`'s output."""
        return cls(
            keep_id=str(data["keep_id"]),
            dropped_ids=tuple(str(x) for x in data["dropped_ids"]),
            dropped=tuple(RowSnapshot.from_dict(r) for r in data["dropped"]),
            repointed=tuple(CellChange.from_dict(c) for c in data["repointed"]),
            updated=tuple(CellChange.from_dict(c) for c in data["updated"]),
            aliases_added=tuple(AliasAdded.from_dict(a) for a in data["aliases_added"]),
            rows_removed=tuple(RowSnapshot.from_dict(r) for r in data["rows_removed"]),
            forced=bool(data.get("forced", False)),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )


@dataclass(frozen=True)
class MergeResult:
    """The outcome of :func:`merge_partners`.

    Attributes:
        dataset: The new Dataset (the original is unchanged).
        record: What changed (see :class:`MergeRecord`).
    """

    dataset: Dataset
    record: MergeRecord

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-language notes on what the merge did."""
        return self.record.notes

    def undo(self) -> Dataset:
        """Return the Dataset as it was before the merge (see :func:`undo_merge`)."""
        return undo_merge(self.dataset, self.record)


def _row_values(frame: pd.DataFrame, row: int) -> dict[str, Any]:
    return {c: python_value(frame[c].iloc[row]) for c in frame.columns}


def _cell(value: Any, dtype: Any) -> Any:
    if value is None:
        return pd.NaT if pd.api.types.is_datetime64_any_dtype(dtype) else None
    if isinstance(value, date) and pd.api.types.is_datetime64_any_dtype(dtype):
        return pd.Timestamp(value)
    return value


def _set_cells(frame: pd.DataFrame, changes: Iterable[CellChange], new: bool) -> pd.DataFrame:
    by_column: dict[str, list[CellChange]] = {}
    for c in changes:
        by_column.setdefault(c.column, []).append(c)
    if not by_column:
        return frame
    out = frame.copy(deep=False)
    for column, cells in by_column.items():
        dtype = out[column].dtype
        series = out[column].copy()
        series.iloc[np.array([c.row for c in cells], dtype=np.int64)] = [
            _cell(c.new if new else c.old, dtype) for c in cells
        ]
        out[column] = series.astype(dtype)
    return out


def _delete_rows(frame: pd.DataFrame, rows: Sequence[int]) -> pd.DataFrame:
    if not rows:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    keep[np.asarray(rows, dtype=np.int64)] = False
    return frame.iloc[np.flatnonzero(keep)].reset_index(drop=True)


def _insert_rows(
    frame: pd.DataFrame, table: str, rows: Sequence[tuple[int, Mapping[str, Any]]]
) -> pd.DataFrame:
    """Insert rows so that each ends at its given 0-based position of the result."""
    if not rows:
        return frame
    spec = SCHEMA[table]
    ordered = sorted(rows, key=lambda r: r[0])
    new = frame_from_rows(spec, {c: [r[1].get(c) for r in ordered] for c in spec.column_names})
    new = new[list(frame.columns)]
    total = len(frame) + len(ordered)
    source = np.empty(total, dtype=np.int64)
    taken = np.zeros(total, dtype=bool)
    positions = np.array([r[0] for r in ordered], dtype=np.int64)
    if positions.max() >= total:
        raise MergeError(f"cannot restore row {int(positions.max())} of {table}: table too short")
    taken[positions] = True
    source[positions] = len(frame) + np.arange(len(ordered))
    source[~taken] = np.arange(len(frame))
    combined = pd.concat([frame, new.astype(frame.dtypes.to_dict())], ignore_index=True)
    return combined.iloc[source].reset_index(drop=True).astype(frame.dtypes.to_dict())


def _alias_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _finish(frames: dict[str, pd.DataFrame], validate: bool, what: str) -> Dataset:
    if validate:
        # The values were valid when they entered; do not re-judge dates against today's clock.
        return Dataset.from_frames(frames, today=date.max)
    ds = Dataset._wrap(frames)
    ds.check_integrity().raise_if_errors(what)
    return ds


def _country(value: Any) -> str | None:
    value = python_value(value)
    return value if isinstance(value, str) and value else None


def merge_partners(
    dataset: Dataset,
    keep: str,
    drop: Sequence[str] | str,
    *,
    force: bool = False,
    validate: bool = True,
) -> MergeResult:
    """Merge duplicate partners into one, re-pointing every reference.

    The dropped partners are removed; their names and aliases become aliases of the kept
    partner (no duplicates, ignoring case and spacing; never the kept name itself); every
    ``activity_partners`` and ``resource_flows`` row that named them names the kept partner;
    when an activity then lists the kept partner twice, the row with the strongest role is
    kept (funding > implementing > co_organising > participating; the first on ties) and the
    others are removed; ``first_engaged`` becomes the earliest of the merged records.

    Args:
        dataset: The Dataset (unchanged).
        keep: Id of the partner to keep.
        drop: Id or ids of the partners merged into it.
        force: Allow merging partners of different countries (or with and without one).
        validate: Re-check every rule on the result (:meth:`Dataset.from_frames`); when
            false only referential integrity is checked (faster on large datasets).

    Returns:
        The new Dataset and the :class:`MergeRecord` that undoes it.

    Raises:
        MergeError: if an id is unknown or repeated, ``keep`` is among ``drop``, or the
            countries differ and ``force`` is false.
    """
    drops = [drop] if isinstance(drop, str) else [str(d) for d in drop]
    frames = dataset.to_frames()
    partners = frames["partners"]
    position = _check_merge(partners, keep, drops, force)
    keep_country = _country(partners["country"].iloc[position[keep]])
    differing = [
        d for d in drops if _country(partners["country"].iloc[position[d]]) != keep_country
    ]
    notes: list[str] = []
    if differing:
        notes.append(f"forced merge across countries; {keep} keeps {keep_country or 'no country'}")

    # partners: the earliest first engagement, then the dropped rows go
    kpos, drop_pos = position[keep], sorted(position[d] for d in drops)
    dropped = tuple(
        RowSnapshot("partners", p, _row_values(partners, p), f"merged into {keep}")
        for p in drop_pos
    )
    updated: list[CellChange] = []
    engaged = [python_value(partners["first_engaged"].iloc[p]) for p in [kpos, *drop_pos]]
    known = [d for d in engaged if d is not None]
    earliest = min(known) if known else None
    if earliest != engaged[0]:
        updated.append(CellChange("partners", kpos, "first_engaged", engaged[0], earliest))
        notes.append(f"first_engaged of {keep} set to {earliest} (was {engaged[0]})")
    frames["partners"] = _delete_rows(_set_cells(partners, updated, new=True), drop_pos)

    frames["partner_aliases"], alias_removed, added = _merge_aliases(
        frames["partner_aliases"], partners, frames["partners"], keep, drops
    )
    if added:
        notes.append(f"{keep} gained {len(added)} alias(es): " + "; ".join(a.alias for a in added))
    frames["activity_partners"], repointed, link_removed, link_notes = _merge_links(
        frames["activity_partners"], keep, drops
    )
    notes += link_notes
    flows = frames["resource_flows"]
    flow_owner = flows["partner_id"].astype("str").to_numpy(dtype=object)
    flow_changes = [
        CellChange("resource_flows", i, "partner_id", str(flow_owner[i]), keep)
        for i in np.flatnonzero(np.isin(flow_owner, np.array(drops, dtype=object))).tolist()
    ]
    frames["resource_flows"] = _set_cells(flows, flow_changes, new=True)
    notes.append(
        f"merged {', '.join(drops)} into {keep}: {len(repointed)} activity link(s) and "
        f"{len(flow_changes)} resource flow(s) re-pointed"
    )
    record = MergeRecord(
        keep_id=keep,
        dropped_ids=tuple(drops),
        dropped=dropped,
        repointed=tuple(repointed + flow_changes),
        updated=tuple(updated),
        aliases_added=added,
        rows_removed=tuple(alias_removed + link_removed),
        forced=bool(differing),
        notes=tuple(notes),
    )
    return MergeResult(_finish(frames, validate, "merge"), record)


def _check_merge(
    partners: pd.DataFrame, keep: str, drops: list[str], force: bool
) -> dict[str, int]:
    """Refuse impossible merges; return the row position of every partner id."""
    if not drops:
        raise MergeError("nothing to merge: give at least one partner id to drop")
    if len(set(drops)) != len(drops):
        raise MergeError(f"partner ids to drop are repeated: {drops}")
    if keep in drops:
        raise MergeError(f"{keep} cannot be both kept and dropped")
    position = {pid: i for i, pid in enumerate(partners["id"].astype("str").tolist())}
    missing = [p for p in [keep, *drops] if p not in position]
    if missing:
        raise MergeError(f"no partner with id {', '.join(missing)}")
    keep_country = _country(partners["country"].iloc[position[keep]])
    others = {d: _country(partners["country"].iloc[position[d]]) for d in drops}
    differing = {d: c for d, c in others.items() if c != keep_country}
    if differing and not force:
        listed = ", ".join(f"{d} ({c or 'no country'})" for d, c in differing.items())
        raise MergeError(
            f"refusing to merge partners of different countries: {keep} "
            f"({keep_country or 'no country'}) and {listed}; pass force=True if they really "
            "are one partner"
        )
    return position


def _merge_aliases(
    aliases: pd.DataFrame,
    partners: pd.DataFrame,
    partners_after: pd.DataFrame,
    keep: str,
    drops: list[str],
) -> tuple[pd.DataFrame, list[RowSnapshot], tuple[AliasAdded, ...]]:
    """Move the dropped partners' names and aliases to the kept partner."""
    owner = aliases["partner_id"].astype("str").tolist()
    text = aliases["alias"].astype("str").tolist()
    drop_set = set(drops)
    gone = [i for i, o in enumerate(owner) if o in drop_set]
    removed = [
        RowSnapshot(
            "partner_aliases",
            i,
            _row_values(aliases, i),
            f"alias of {owner[i]}, merged into {keep}",
        )
        for i in gone
    ]
    names = dict(zip(partners["id"].astype("str"), partners["name"].astype("str"), strict=True))
    seen = {_alias_key(names[keep])} | {
        _alias_key(t) for t, o in zip(text, owner, strict=True) if o == keep
    }
    to_add: list[str] = []
    for d in drops:
        for candidate in [names[d], *(t for t, o in zip(text, owner, strict=True) if o == d)]:
            key = _alias_key(candidate)
            if key not in seen:
                seen.add(key)
                to_add.append(candidate)
    remaining = _delete_rows(aliases, gone)
    rest = remaining["partner_id"].astype("str").tolist()
    rank = {pid: i for i, pid in enumerate(partners_after["id"].astype("str").tolist())}
    own_rows = [i for i, o in enumerate(rest) if o == keep]
    if own_rows:  # right after the kept partner's own aliases
        at = own_rows[-1] + 1
    else:  # where the kept partner's aliases belong in partner order
        later = [i for i, o in enumerate(rest) if rank.get(o, len(rank)) > rank[keep]]
        at = later[0] if later else len(rest)
    added = tuple(AliasAdded(at + k, alias) for k, alias in enumerate(to_add))
    rows = [(a.row, {"partner_id": keep, "alias": a.alias}) for a in added]
    return _insert_rows(remaining, "partner_aliases", rows), removed, added


def _merge_links(
    links: pd.DataFrame, keep: str, drops: list[str]
) -> tuple[pd.DataFrame, list[CellChange], list[RowSnapshot], list[str]]:
    """Re-point activity links; an activity listing the kept partner twice keeps one row."""
    owner = links["partner_id"].astype("str").to_numpy(dtype=object)
    hit = np.isin(owner, np.array(drops, dtype=object))
    mine = np.flatnonzero(np.where(hit, keep, owner) == keep).tolist()
    roles = links["role"].astype("str").tolist()
    activity = links["activity_id"].astype("str").tolist()
    by_activity: dict[str, list[int]] = {}
    for i in mine:
        by_activity.setdefault(activity[i], []).append(i)
    removed: list[RowSnapshot] = []
    notes: list[str] = []
    for act, rows in by_activity.items():
        if len(rows) < 2:
            continue
        winner = min(rows, key=lambda r: (_ROLE_STRENGTH.get(roles[r], len(_ROLE_STRENGTH)), r))
        losers = [r for r in rows if r != winner]
        removed += [
            RowSnapshot(
                "activity_partners",
                r,
                _row_values(links, r),
                f"activity {act} listed {keep} twice after the merge: kept the "
                f"'{roles[winner]}' row, removed the '{roles[r]}' row (was {owner[r]})",
            )
            for r in losers
        ]
        notes.append(
            f"activity {act} listed {keep} twice after the merge; kept role {roles[winner]}, "
            f"removed {', '.join(roles[r] for r in losers)}"
        )
    gone = {r.row for r in removed}
    repointed = [
        CellChange("activity_partners", i, "partner_id", str(owner[i]), keep)
        for i in np.flatnonzero(hit).tolist()
        if i not in gone
    ]
    out = _delete_rows(_set_cells(links, repointed, new=True), sorted(gone))
    return out, repointed, removed, notes


def undo_merge(dataset: Dataset, record: MergeRecord, *, validate: bool = True) -> Dataset:
    """Undo a merge: return the Dataset exactly as it was before :func:`merge_partners`.

    Args:
        dataset: The Dataset the merge returned (or one where the merged rows are unchanged).
        record: The merge's :class:`MergeRecord` (possibly rebuilt with
            :meth:`MergeRecord.from_dict`).
        validate: Re-check every rule on the result (see :func:`merge_partners`).

    Returns:
        The restored Dataset.

    Raises:
        MergeError: if the dataset no longer matches the record (the merged rows changed).
    """
    frames = dataset.to_frames()
    ids = set(frames["partners"]["id"].astype("str").tolist())
    if record.keep_id not in ids:
        raise MergeError(f"cannot undo: the kept partner {record.keep_id} is gone")
    back = [d for d in record.dropped_ids if d in ids]
    if back:
        raise MergeError(f"cannot undo: partner(s) {', '.join(back)} exist again")

    def check(table: str, row: int, column: str, expected: Any) -> None:
        frame = frames[table]
        actual = python_value(frame[column].iloc[row]) if row < len(frame) else "<no row>"
        if actual != expected:
            raise MergeError(
                f"cannot undo: {table} row {row} {column} is {actual!r}, the merge left "
                f"{expected!r}; the dataset changed since the merge"
            )

    for a in record.aliases_added:
        check("partner_aliases", a.row, "partner_id", record.keep_id)
        check("partner_aliases", a.row, "alias", a.alias)
    aliases = _delete_rows(frames["partner_aliases"], [a.row for a in record.aliases_added])
    removed_by_table: dict[str, list[RowSnapshot]] = {}
    for r in record.rows_removed:
        removed_by_table.setdefault(r.table, []).append(r)
    frames["partner_aliases"] = aliases
    for table, snaps in removed_by_table.items():
        frames[table] = _insert_rows(frames[table], table, [(s.row, s.values) for s in snaps])
    frames["partners"] = _insert_rows(
        frames["partners"], "partners", [(s.row, s.values) for s in record.dropped]
    )
    changes: dict[str, list[CellChange]] = {}
    for c in (*record.repointed, *record.updated):
        check(c.table, c.row, c.column, c.new)
        changes.setdefault(c.table, []).append(c)
    for table, cells in changes.items():
        frames[table] = _set_cells(frames[table], cells, new=False)
    return _finish(frames, validate, "undo")
