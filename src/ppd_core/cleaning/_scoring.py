"""Scoring: how alike two partners' names are, and the pairs proposed as duplicates.

Every name and alias of a partner is compared with rapidfuzz's ``token_set_ratio`` on
normalised names; a pair must then also agree on its *distinctive* words, its *institutional*
words (legal-form words and the partner's own country ignored) and its numbers. The score is
the lowest of these similarities; a one-word acronym of another name of the block scores
:data:`ACRONYM_SCORE`. Names that mention the same countries in a different order (mirror
names of bilateral friendship associations) are never paired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process

from ppd_core.cleaning._blocking import (
    Variants,
    acronym_pairs,
    block_labels,
    blocked_pairs,
    variants,
)
from ppd_core.cleaning._normalise import NameParts, tables
from ppd_core.cleaning._reasons import reason
from ppd_core.i18n import Lang, default_lang

__all__ = ["ACRONYM_SCORE", "candidate_pairs"]

ACRONYM_SCORE = 90.0
"""Score given to a one-word upper-case name that is the acronym of another name."""

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

_Row = tuple[int, int, float, bool, tuple[float, float, float]]
"""A scored variant pair: (variant, variant, score, by acronym, the three similarities)."""


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


def _strings(values: list[str]) -> npt.NDArray[np.object_]:
    return np.array(values or [""], dtype=object)[: len(values)]


def _features(v: Variants, own_country: bool) -> _Features:
    """Per-variant features for scoring.

    With ``own_country`` (only when blocking by country, so both sides of a pair share it),
    the partner's own country is left out of its institutional words.
    """
    canon = tables().canonical
    an = v.analysis

    def generic(x: NameParts, own: str | None) -> str:
        foreign = [canon.get(c, c.lower()) for c in x.countries if c != own]
        return " ".join(sorted({*x.institutional, *foreign}))

    owners = [v.countries[p] if own_country else None for p in v.pid.tolist()]
    return _Features(
        norm=_strings([" ".join(x.tokens) for x in an]),
        core=_strings([" ".join(x.core) for x in an]),
        generic=_strings([generic(x, own) for x, own in zip(an, owners, strict=True)]),
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


def _scored(
    f: _Features, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], threshold: float
) -> list[_Row]:
    """The variant pairs that reach ``threshold`` on every similarity."""
    # cheap gates first: numbers must agree, mirror names are counterpart bodies
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
    return [
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


def _pair_frame(v: Variants, rows: list[_Row]) -> pd.DataFrame:
    """One row per partner pair: its best variant pair (fewest aliases on ties)."""
    best: dict[tuple[int, int], tuple[float, int, _Row]] = {}
    for x, y, s, is_acr, parts in rows:
        i, j = (x, y) if v.ids[int(v.pid[x])] < v.ids[int(v.pid[y])] else (y, x)
        pi, pj = int(v.pid[i]), int(v.pid[j])
        rank = int(v.is_alias[i]) + int(v.is_alias[j])
        current = best.get((pi, pj))
        if current is None or (s, -rank) > (current[0], -current[1]):
            best[(pi, pj)] = (s, rank, (i, j, s, is_acr, parts))
    records = [
        {
            "partner_id": v.ids[pi],
            "other_id": v.ids[pj],
            "score": round(s, 1),
            "reason": reason(v, i, j, s, parts, is_acr),
            "partner_name": v.names[pi],
            "other_name": v.names[pj],
            "partner_country": v.countries[pi],
            "other_country": v.countries[pj],
        }
        for (pi, pj), (_, _, (i, j, s, is_acr, parts)) in best.items()
    ]
    out = pd.DataFrame(records, columns=_PAIR_COLUMNS)
    kept = [c for c in _PAIR_COLUMNS if c not in ("score", "reason")]
    out = out.astype(dict.fromkeys(kept, "str")).astype({"score": float})
    return out.sort_values(
        ["score", "partner_id", "other_id"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def _through_expansions(
    by_acronym: list[tuple[int, int]], rows: list[_Row], v: Variants
) -> list[tuple[int, int]]:
    """An acronym stands for its expansion, so also for the names paired with it.

    "LVFA" spells "Lao-Vietnam Friendship Association", which was paired with "Hội Hữu nghị
    Lào – Việt Nam" (its translation): the acronym is paired with that name too.
    """
    near: dict[int, set[int]] = {}
    for i, j, *_ in rows:
        near.setdefault(i, set()).add(j)
        near.setdefault(j, set()).add(i)
    have = set(by_acronym)
    out = []
    for short, full in by_acronym:
        for k in sorted(near.get(full, ())):
            if v.pid[k] != v.pid[short] and (short, k) not in have:
                have.add((short, k))
                out.append((short, k))
    return out


def candidate_pairs(
    partners: pd.DataFrame,
    aliases: pd.DataFrame | None = None,
    *,
    threshold: float = 85,
    block_on_country: bool = True,
    max_block: int = 1000,
    key_cap: int = 100,
    lang: Lang | None = None,
    phrased: bool = False,
) -> pd.DataFrame:
    """Propose pairs of partners that are probably the same body.

    Every name and alias of a partner is normalised
    (:func:`~ppd_core.cleaning.normalise_name`) and compared with the names and aliases of the
    other partners of its block; see the package documentation (:mod:`ppd_core.cleaning`) for
    the scoring rules and the blocking.

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
        lang: The language of the reasons (default: :func:`~ppd_core.i18n.default_lang`).
        phrased: Keep each reason as a :class:`~ppd_core.i18n.Phrase` instead, for a report
            read later in the reader's language (any of them).

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
    v = variants(partners, aliases)
    blocks = block_labels(v, block_on_country)
    a, b = blocked_pairs(v, blocks, max_block, key_cap)
    comparisons = len(a)
    rows = _scored(_features(v, own_country=block_on_country), a, b, threshold)
    if threshold <= ACRONYM_SCORE:
        by_acronym = acronym_pairs(v, blocks)
        by_acronym += _through_expansions(by_acronym, rows, v)
        comparisons += len(by_acronym)
        rows.extend((i, j, ACRONYM_SCORE, True, (0.0, 0.0, 0.0)) for i, j in by_acronym)
    out = _pair_frame(v, rows)
    if not phrased:
        said = [r.in_language(default_lang(lang)) for r in out["reason"]]
        out["reason"] = pd.Series(said, index=out.index, dtype="str")
    out.attrs = {
        "comparisons": int(comparisons),
        "variants": len(v.text),
        "partners": len(v.ids),
    }
    return out
