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

__all__ = ["reason"]


def _where(v: Variants, pa: int, pb: int) -> str:
    ca, cb = v.countries[pa], v.countries[pb]
    if ca == cb:
        return f"same country {ca}" if ca else "both without country"
    return f"countries {ca or 'none'} and {cb or 'none'}"


def _how(text_a: str, text_b: str, a: NameParts, b: NameParts) -> tuple[bool, str]:
    """Whether the names match fully, and the normalisation steps that made them match."""
    if text_a == text_b:
        return True, "exactly"
    marked_a, marked_b = fold(text_a, strip_marks=False), fold(text_b, strip_marks=False)
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


def reason(
    v: Variants,
    ia: int,
    ib: int,
    score: float,
    parts: tuple[float, float, float],
    acronym: bool,
) -> str:
    """Why variants ``ia`` and ``ib`` were paired.

    Args:
        v: The variants.
        ia: The first variant (of the partner with the lower id).
        ib: The second variant.
        score: The pair's score.
        parts: The token-set, distinctive-word and institutional-word similarities.
        acronym: Whether one variant is the acronym of the other (``parts`` unused).

    Returns:
        One sentence, without a final full stop.
    """
    pa, pb = int(v.pid[ia]), int(v.pid[ib])
    where = _where(v, pa, pb)
    ta, tb = v.text[ia], v.text[ib]
    subject_a = f"alias '{ta}' of {v.ids[pa]}" if v.is_alias[ia] else f"name of {v.ids[pa]}"
    subject_b = f"alias '{tb}' of {v.ids[pb]}" if v.is_alias[ib] else f"name of {v.ids[pb]}"
    if acronym:
        short, long = (ta, tb) if v.analysis[ia].acronym else (tb, ta)
        return (
            f"{where}; {subject_a} matches {subject_b}: '{short}' is the acronym of '{long}' "
            f"(acronym {score:.0f})"
        )
    base, core, generic = parts
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
