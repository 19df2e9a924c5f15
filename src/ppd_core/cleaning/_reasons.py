"""Reasons: the plain-language sentence that says why a pair of partners was proposed.

A reason names the block (``same country KH``), which names or aliases matched, the
normalisation steps that made them match (removing diacritics, expanding abbreviations,
translating terms and country names, ignoring word order) and the similarities behind the
score.

>>> import pandas as pd
>>> from ppd_core.cleaning._blocking import variants
>>> v = variants(pd.DataFrame({"id": ["A", "B"], "name": ["Quỹ X", "X Fdn"], "country": "KH"}))
>>> print(reason(v, 0, 1, 100.0, (100.0, 100.0, 100.0), acronym=False))
same country KH; names match after removing diacritics, expanding abbreviations, translating
terms and country names and ignoring word order (token set 100)
"""

from __future__ import annotations

from ppd_core.cleaning._blocking import Variants
from ppd_core.cleaning._normalise import NameParts, fold
from ppd_core.i18n import Phrase, phrase

__all__ = ["reason"]

_STEPS = {
    "diacritics": phrase("removing diacritics"),
    "abbreviations": phrase("expanding abbreviations"),
    "terms": phrase("translating terms and country names"),
    "order": phrase("ignoring word order"),
}
"""The normalisation steps a reason can name."""


def _where(v: Variants, pa: int, pb: int) -> Phrase:
    ca, cb = v.countries[pa], v.countries[pb]
    if ca == cb:
        return (
            phrase("same country {country}", country=ca) if ca else phrase("both without country")
        )
    none = phrase("none")
    return phrase("countries {first} and {second}", first=ca or none, second=cb or none)


def _how(text_a: str, text_b: str, a: NameParts, b: NameParts) -> tuple[bool, Phrase | None]:
    """Whether the names match fully, and the normalisation steps that made them match."""
    if text_a == text_b:
        return True, phrase("exactly")
    marked_a, marked_b = fold(text_a, strip_marks=False), fold(text_b, strip_marks=False)
    if marked_a == marked_b:
        return True, phrase("ignoring case and punctuation")
    steps = []
    if marked_a != list(a.stages[0]) or marked_b != list(b.stages[0]):
        steps.append(_STEPS["diacritics"])
    if a.stages[0] != b.stages[0]:
        if a.stages[0] != a.stages[1] or b.stages[0] != b.stages[1]:
            steps.append(_STEPS["abbreviations"])
        if a.stages[1] != b.stages[1] and (
            a.stages[1] != a.stages[2] or b.stages[1] != b.stages[2]
        ):
            steps.append(_STEPS["terms"])
    full = set(a.tokens) == set(b.tokens)
    if full and a.tokens != b.tokens:
        steps.append(_STEPS["order"])
    if not steps:
        return full, None
    said = steps[-1]
    if len(steps) > 1:
        said = phrase("{first} and {last}", first=steps[-2], last=said)
        for step in reversed(steps[:-2]):
            said = phrase("{first}, {rest}", first=step, rest=said)
    return full, phrase("after {steps}", steps=said)


def _subject(v: Variants, i: int, p: int) -> Phrase:
    if v.is_alias[i]:
        return phrase("alias '{alias}' of {id}", alias=v.text[i], id=v.ids[p])
    return phrase("name of {id}", id=v.ids[p])


def reason(
    v: Variants,
    ia: int,
    ib: int,
    score: float,
    parts: tuple[float, float, float],
    acronym: bool,
) -> Phrase:
    """Why variants ``ia`` and ``ib`` were paired.

    Args:
        v: The variants.
        ia: The first variant (of the partner with the lower id).
        ib: The second variant.
        score: The pair's score.
        parts: The token-set, distinctive-word and institutional-word similarities.
        acronym: Whether one variant is the acronym of the other (``parts`` unused).

    Returns:
        One sentence, without a final full stop, in any language (``str()``: English).
    """
    pa, pb = int(v.pid[ia]), int(v.pid[ib])
    where = _where(v, pa, pb)
    ta, tb = v.text[ia], v.text[ib]
    subject_a, subject_b = _subject(v, ia, pa), _subject(v, ib, pb)
    if acronym:
        short, long = (ta, tb) if v.analysis[ia].acronym else (tb, ta)
        return phrase(
            "{where}; {first} matches {second}: '{short}' is the acronym of '{long}' "
            "(acronym {score})",
            where=where,
            first=subject_a,
            second=subject_b,
            short=short,
            long=long,
            score=f"{score:.0f}",
        )
    base, core, generic = parts
    full, steps = _how(ta, tb, v.analysis[ia], v.analysis[ib])
    detail = phrase("token set {score}", score=f"{base:.0f}")
    if core < 100 or generic < 100:
        detail = phrase(
            "{detail}, distinctive words {core}, institutional words {generic}",
            detail=detail,
            core=f"{core:.0f}",
            generic=f"{generic:.0f}",
        )
    if not v.is_alias[ia] and not v.is_alias[ib]:
        if full:
            how = phrase("match {steps}", steps=steps) if steps else phrase("match")
        else:
            how = phrase("are similar {steps}", steps=steps) if steps else phrase("are similar")
        return phrase("{where}; names {how} ({detail})", where=where, how=how, detail=detail)
    first, second = (
        (subject_b, subject_a)
        if v.is_alias[ib] and not v.is_alias[ia]
        else (
            subject_a,
            subject_b,
        )
    )
    if full:
        pair = phrase("{first} matches {second}", first=first, second=second)
    else:
        pair = phrase("{first} is similar to {second}", first=first, second=second)
    if steps:
        pair = phrase("{pair} {steps}", pair=pair, steps=steps)
    return phrase("{where}; {pair} ({detail})", where=where, pair=pair, detail=detail)
