"""Prioritisation: score candidate activities on stated criteria, and test the weights.

Each criterion of :data:`CRITERIA` is scaled to 0–1 (1 = best); a candidate's score is the
weighted mean of its criteria, score = Σ w_c·v_c / Σ w_c, so it also lies in 0–1. Candidates
are ranked by score, ties broken by id (so the ranking never depends on input order).
:func:`weight_sensitivity` then asks how much the ranking owes to the exact weights.

>>> import pandas as pd
>>> cands = pd.DataFrame({"id": ["A", "B", "C"], "cost": [100.0, 200.0, 300.0],
...                       "expected_resources": [0.0, 5000.0, 10000.0],
...                       "substantive_probability": [0.9, 0.5, 0.4]})
>>> scored = score_candidates(cands, {"resources": 1, "substantive": 1, "cost": 2})
>>> scored[["id", "crit_resources", "crit_substantive", "crit_cost", "score", "rank"]]
  id  crit_resources  crit_substantive  crit_cost  score  rank
0  A             0.0               0.9        1.0  0.725     1
1  B             0.5               0.5        0.5  0.500     2
2  C             1.0               0.4        0.0  0.350     3
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd

from ppd_core.planning.candidates import candidate_groups, prepare_candidates
from ppd_core.reference import ReferenceData
from ppd_core.vocab import CountryGroup, FlowStage

__all__ = [
    "CRITERIA",
    "DEFAULT_GROUP_WEIGHTS",
    "DEFAULT_WEIGHTS",
    "CriteriaContext",
    "Sensitivity",
    "criteria_values",
    "partner_shares",
    "score_candidates",
    "weight_sensitivity",
]

CRITERIA: dict[str, str] = {
    "priority": "alignment with the plan's priority weights: w(area) / max w over the plan's "
    "areas (0 without an area or for an area outside the plan)",
    "country_focus": "country-group focus: the largest group weight among the groups the "
    "country belongs to on the candidate's start day, divided by the largest group weight "
    "(0 without a country or outside every weighted group)",
    "resources": "expected resources (USD), min–max scaled: (x − min) / (max − min)",
    "substantive": "substantive_probability, already 0–1",
    "participants": "expected participants, min–max scaled",
    "cost": "own cost in VND, lower is better: (max − x) / (max − min)",
    "partner_risk": "1 − s, s = the partner's share of all disbursed resources in the "
    "lookback years before the plan year (no partner, or none in the past: s = 0)",
}
"""The criteria a candidate is scored on, each scaled to 0–1 with 1 best.

Min–max scaling is relative to the candidate set; when every candidate has the same value
the criterion is 1 for all (no candidate is worse than another).
"""

DEFAULT_WEIGHTS: dict[str, float] = {
    "priority": 0.25,
    "substantive": 0.25,
    "resources": 0.2,
    "country_focus": 0.1,
    "cost": 0.1,
    "partner_risk": 0.1,
}
"""A starting set of weights (they need not sum to 1: scores divide by their sum)."""

DEFAULT_GROUP_WEIGHTS: dict[str, float] = {
    CountryGroup.NEIGHBOUR.value: 1.0,
    CountryGroup.ASEAN.value: 0.8,
    CountryGroup.COMPREHENSIVE_STRATEGIC_PARTNER.value: 0.8,
    CountryGroup.STRATEGIC_PARTNER.value: 0.6,
    CountryGroup.COMPREHENSIVE_PARTNER.value: 0.4,
}
"""Default focus per country group for the ``country_focus`` criterion (neighbours first)."""


class CriteriaContext(TypedDict, total=False):
    """What the criteria are computed from, as keywords.

    :func:`score_candidates` and :func:`weight_sensitivity` pass these on to
    :func:`criteria_values` (see it for each one's meaning and default).
    """

    data: Any
    year: int | None
    plan: str | Mapping[str, float] | None
    group_weights: Mapping[str, float] | None
    lookback: int
    reference: ReferenceData | None


def _minmax(x: np.ndarray, *, benefit: bool = True) -> np.ndarray:
    """Min–max scaling to 0–1 (all 1 when every value is the same)."""
    low, high = float(np.min(x)), float(np.max(x))
    if high - low <= 0:
        return np.ones(len(x))
    scaled = (x - low) / (high - low) if benefit else (high - x) / (high - low)
    return np.asarray(scaled, dtype="float64")


def partner_shares(
    data: Any,
    year: int,
    *,
    lookback: int = 3,
    stage: FlowStage = FlowStage.DISBURSED,
) -> pd.Series:
    """Each partner's share of the resources mobilised in the ``lookback`` years before ``year``.

    Formula: s_p = Σ resources of partner p at ``stage`` (USD, flows dated in years
    ``year − lookback`` … ``year − 1``) / the same sum over all partners, from
    :func:`ppd_core.metrics.resources_mobilised`. The HHI of these shares is
    :func:`ppd_core.metrics.concentration`'s ``hhi`` over the same flows.

    Returns:
        Shares indexed by partner id (summing to 1), largest first; empty when no resources.
    """
    from ppd_core.metrics import resources_mobilised

    table = resources_mobilised(data, ["partner", "year"])
    years = pd.to_numeric(table["year"].astype("str"), errors="coerce")
    keep = (table["stage"] == stage.value) & years.between(year - lookback, year - 1)
    per = table[keep].groupby(table["partner"].astype("str")[keep])["amount"].sum()
    per = per[per > 0]
    total = float(per.sum())
    if total <= 0:
        return pd.Series(dtype="float64", name="share")
    shares = (per / total).rename("share")
    return shares.sort_values(ascending=False, kind="stable")


def _plan_weights(
    plan: str | Mapping[str, float] | None, data: Any, year: int | None, cands: pd.DataFrame
) -> dict[str, float]:
    """The priority weights to align with: given, a work plan by id, or the year's plan."""
    if isinstance(plan, Mapping):
        return {str(k): float(v) for k, v in plan.items()}
    if data is None:
        raise ValueError(
            "the 'priority' criterion needs priority weights: give plan= (weights per "
            "priority area, or a work plan id with data=) or data= holding the year's plan"
        )
    from ppd_core.metrics import analysis

    frames = analysis(data).frames
    plans = frames["work_plans"]
    if plan is None:
        if year is None:
            raise ValueError("give year= (or plan=) to find the work plan to align with")
        found = plans[plans["year"] == year]
        orgs: list[str] = (
            sorted({str(o) for o in cands["organisation_id"].dropna()})
            if "organisation_id" in cands.columns
            else []
        )
        if len(orgs) == 1 and (found["organisation_id"] == orgs[0]).any():
            found = found[found["organisation_id"] == orgs[0]]
        if len(found) != 1:
            listed = ", ".join(found["id"].astype(str)) or "none"
            raise ValueError(
                f"cannot tell which work plan of {year} to align with (found: {listed}); "
                "pass plan= a work plan id or weights per priority area"
            )
        plan = str(found["id"].iloc[0])
    if plan not in set(plans["id"].astype(str)):
        raise KeyError(f"no work plan with id {plan!r}")
    w = frames["work_plan_priority_weights"]
    w = w[w["work_plan_id"] == plan]
    return dict(zip(w["area"].astype("str"), w["weight"].astype(float), strict=True))


def criteria_values(
    candidates: pd.DataFrame,
    criteria: Sequence[str] = tuple(CRITERIA),
    *,
    data: Any = None,
    year: int | None = None,
    plan: str | Mapping[str, float] | None = None,
    group_weights: Mapping[str, float] | None = None,
    lookback: int = 3,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Each candidate's value (0–1, 1 best) on each criterion of :data:`CRITERIA` asked for.

    Args:
        candidates: Candidates (see :data:`~ppd_core.planning.CANDIDATE_COLUMNS`).
        criteria: Which criteria to compute.
        data: A Dataset (or frames, Analysis) for the plan's weights and partners' past
            resources.
        year: The plan year (country groups on the start day; past resources before it).
        plan: Priority weights by area, or a work plan id in ``data``; default the work plan
            of ``year`` in ``data`` (of the candidates' ``organisation_id`` when there are
            several).
        group_weights: Focus per country group (default :data:`DEFAULT_GROUP_WEIGHTS`).
        lookback: Years of past resources for ``partner_risk``.
        reference: Reference data for country groups and rates.

    Returns:
        A frame aligned with the prepared candidates: ``id``, then ``crit_<name>`` per
        criterion; ``partner_share`` too when ``partner_risk`` is asked for.

    Raises:
        ValueError: for an unknown criterion, or when a criterion lacks what it needs.
    """
    unknown = sorted(set(criteria) - set(CRITERIA))
    if unknown:
        raise ValueError(f"unknown criteria {unknown}; choose from {list(CRITERIA)}")
    cands = prepare_candidates(candidates, year=year, reference=reference)
    out = pd.DataFrame({"id": cands["id"]})
    n = len(cands)
    for name in criteria:
        if name == "priority":
            weights = _plan_weights(plan, data, year, cands)
            top = max(weights.values(), default=0.0)
            area = cands["priority_area"]
            raw = np.array([weights.get(a, 0.0) if a else 0.0 for a in area], dtype="float64")
            out["crit_priority"] = raw / top if top > 0 else np.zeros(n)
        elif name == "country_focus":
            gw = dict(group_weights or DEFAULT_GROUP_WEIGHTS)
            groups = candidate_groups(cands, year, reference=reference, purpose="country_focus")
            top = max(gw.values(), default=0.0)
            best = np.zeros(n)
            for g, w in gw.items():
                if g in groups.columns:
                    best = np.maximum(best, np.where(groups[g].to_numpy(), float(w), 0.0))
            out["crit_country_focus"] = best / top if top > 0 else best
        elif name == "resources":
            out["crit_resources"] = _minmax(cands["expected_resources"].to_numpy("float64"))
        elif name == "substantive":
            out["crit_substantive"] = cands["substantive_probability"].to_numpy("float64")
        elif name == "participants":
            values = cands["expected_participants"].to_numpy("float64")
            out["crit_participants"] = _minmax(values)
        elif name == "cost":
            values = cands["cost_vnd"].to_numpy("float64")
            out["crit_cost"] = _minmax(values, benefit=False)
        else:  # partner_risk
            share = _shares_for(cands, data, year, lookback)
            out["partner_share"] = share
            out["crit_partner_risk"] = 1.0 - share
    return out


def _shares_for(cands: pd.DataFrame, data: Any, year: int | None, lookback: int) -> np.ndarray:
    """Each candidate's partner's past share of resources (0 without a partner)."""
    if data is None:
        if "partner_share" in cands.columns:
            given = pd.to_numeric(cands["partner_share"], errors="coerce")
            return np.asarray(given.fillna(0.0).to_numpy(dtype="float64"))
        raise ValueError(
            "the 'partner_risk' criterion needs data= (partners' past resources) or a "
            "partner_share column"
        )
    if year is None:
        raise ValueError("the 'partner_risk' criterion needs year= (past resources before it)")
    shares = partner_shares(data, year, lookback=lookback)
    return np.array(
        [float(shares.get(p, 0.0)) if p else 0.0 for p in cands["partner_id"]], dtype="float64"
    )


def _check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights checked: known criteria, finite, non-negative, not all zero."""
    w = {str(k): float(v) for k, v in weights.items()}
    unknown = sorted(set(w) - set(CRITERIA))
    if unknown:
        raise ValueError(f"unknown criteria {unknown}; choose from {list(CRITERIA)}")
    if any(not np.isfinite(v) or v < 0 for v in w.values()):
        raise ValueError("criterion weights must be finite and not negative")
    if sum(w.values()) <= 0:
        raise ValueError("at least one criterion weight must be positive")
    return w


def _rank(scores: np.ndarray, id_order: np.ndarray) -> np.ndarray:
    """Ranks 1…n by score (highest first), ties broken by id; scores rounded to 12 places."""
    order = np.lexsort((id_order, -np.round(scores, 12)))
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


def score_candidates(
    candidates: pd.DataFrame,
    weights: Mapping[str, float],
    **context: Unpack[CriteriaContext],
) -> pd.DataFrame:
    """Score and rank candidates: score = Σ w_c·v_c / Σ w_c over the weighted criteria.

    Only criteria with a positive weight are computed (so, e.g., ``country_focus`` needs
    ``year`` only when it is weighted). See :func:`criteria_values` for the other arguments
    and :data:`CRITERIA` for how each criterion is scaled.

    Args:
        candidates: Candidates (see :data:`~ppd_core.planning.CANDIDATE_COLUMNS`).
        weights: Weight per criterion name (non-negative, not all zero).
        **context: What the criteria are computed from (:class:`CriteriaContext`):
            ``data`` (the dataset, for plan weights and partners' past resources),
            ``year`` (the plan year), ``plan`` (priority weights by area, or a work plan
            id), ``group_weights`` (focus per country group), ``lookback`` (years of past
            resources for ``partner_risk``) and ``reference`` (reference data).

    Returns:
        The prepared candidates with ``crit_<name>`` for each weighted criterion, ``score``
        and ``rank`` (1 = best; equal scores ranked by id), sorted by rank.
    """
    w = _check_weights(weights)
    used = [c for c in CRITERIA if w.get(c, 0.0) > 0]
    values = criteria_values(candidates, used, **context)
    cands = prepare_candidates(
        candidates, year=context.get("year"), reference=context.get("reference")
    )
    matrix = values[[f"crit_{c}" for c in used]].to_numpy(dtype="float64")
    vector = np.array([w[c] for c in used])
    scores = matrix @ vector / vector.sum()
    out = cands.copy()
    for col in values.columns[1:]:
        out[col] = values[col].to_numpy()
    out["score"] = scores
    out["rank"] = _rank(scores, _id_order(out["id"]))
    return out.sort_values("rank", kind="stable").reset_index(drop=True)


def _id_order(ids: pd.Series) -> np.ndarray:
    """Each id's position in sorted order (the tie-breaking key)."""
    values = ids.astype(str).to_numpy()
    order = np.argsort(values, kind="stable")
    pos = np.empty(len(values), dtype=np.int64)
    pos[order] = np.arange(len(values))
    return pos


@dataclass(frozen=True)
class Sensitivity:
    """How a ranking responds to changes in the criterion weights.

    Attributes:
        ranks: One row per candidate: ``id``, ``title``, ``score`` and ``base_rank`` with the
            given weights, ``min_rank``, ``max_rank`` and ``mean_rank`` over all perturbed
            weightings, and ``top_k_share``: the share of perturbed weightings under which it
            is in the top *k* — sorted by base rank.
        runs: One row per perturbed weighting: ``run`` (e.g. ``"cost +20 %"`` or
            ``"random 7"``), ``kind`` (``one-at-a-time`` or ``random``), the normalised
            weights ``w_<criterion>``, ``kendall_tau`` between the base and the perturbed
            ranking, and ``top_k_kept``: the share of the base top *k* still in the top *k*.
        top_k: The *k* used.
    """

    ranks: pd.DataFrame
    runs: pd.DataFrame
    top_k: int


def weight_sensitivity(
    candidates: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    top_k: int = 5,
    change: float = 0.2,
    draws: int = 200,
    concentration: float = 50.0,
    seed: int = 0,
    **context: Unpack[CriteriaContext],
) -> Sensitivity:
    """Re-rank candidates under perturbed weights and report how stable each rank is.

    Perturbations (criterion values stay fixed; only weights move):

    * one at a time — each positive weight multiplied by 1 + ``change`` and by
      1 − ``change`` (2 runs per weighted criterion);
    * random — ``draws`` weight vectors from a Dirichlet distribution centred on the base
      weights, α_c = ``concentration`` · w_c / Σw (larger concentration: closer to the base;
      50 moves a weight of 0.25 by about ±0.06). Criteria weighted 0 stay at 0.

    Kendall's τ (τ-b, :func:`scipy.stats.kendalltau`) compares each perturbed ranking with the
    base one: 1 = same order, 0 = unrelated.

    Args:
        candidates: Candidates (see :data:`~ppd_core.planning.CANDIDATE_COLUMNS`).
        weights: The base weights.
        top_k: The size of the top group whose membership is tracked.
        change: Relative change of the one-at-a-time runs (0.2 = ±20 %).
        draws: Number of random weightings (0 for none).
        concentration: Dirichlet concentration (> 0).
        seed: Random seed of the draws.
        **context: As for :func:`score_candidates` (:class:`CriteriaContext`).
    """
    from scipy import stats

    if not 0 < change < 1:
        raise ValueError(f"change must lie strictly between 0 and 1, not {change}")
    if concentration <= 0 or draws < 0 or top_k < 1:
        raise ValueError("concentration must be positive, draws ≥ 0 and top_k ≥ 1")
    w = _check_weights(weights)
    used = [c for c in CRITERIA if w.get(c, 0.0) > 0]
    scored = score_candidates(candidates, w, **context)
    matrix = scored[[f"crit_{c}" for c in used]].to_numpy(dtype="float64")
    base = np.array([w[c] for c in used])
    base = base / base.sum()
    id_order = _id_order(scored["id"])
    base_ranks = scored["rank"].to_numpy()
    vectors: list[tuple[str, str, np.ndarray]] = []
    for j, c in enumerate(used):
        for sign, label in ((1, "+"), (-1, "−")):
            v = base.copy()
            v[j] *= 1 + sign * change
            vectors.append((f"{c} {label}{change * 100:g} %", "one-at-a-time", v / v.sum()))
    rng = np.random.default_rng(seed)
    vectors += [
        (f"random {k + 1}", "random", rng.dirichlet(concentration * base)) for k in range(draws)
    ]
    n = len(scored)
    all_ranks = np.empty((len(vectors), n), dtype=np.int64)
    rows = []
    base_top = base_ranks <= top_k
    for r, (name, kind, v) in enumerate(vectors):
        ranks = _rank(matrix @ v, id_order)
        all_ranks[r] = ranks
        tau = float(stats.kendalltau(base_ranks, ranks).statistic) if n > 1 else 1.0
        kept = float((ranks[base_top] <= top_k).mean()) if base_top.any() else float("nan")
        rows.append(
            {
                "run": name,
                "kind": kind,
                **{f"w_{c}": float(x) for c, x in zip(used, v, strict=True)},
                "kendall_tau": tau,
                "top_k_kept": kept,
            }
        )
    runs = pd.DataFrame(rows, columns=["run", "kind", *[f"w_{c}" for c in used], "kendall_tau",
                                       "top_k_kept"])  # fmt: skip
    have = len(vectors) > 0
    ranks_frame = pd.DataFrame(
        {
            "id": scored["id"],
            "title": scored["title"],
            "score": scored["score"],
            "base_rank": base_ranks,
            "min_rank": all_ranks.min(axis=0) if have else base_ranks,
            "max_rank": all_ranks.max(axis=0) if have else base_ranks,
            "mean_rank": all_ranks.mean(axis=0) if have else base_ranks.astype(float),
            "top_k_share": (all_ranks <= top_k).mean(axis=0) if have else base_top * 1.0,
        }
    )
    return Sensitivity(ranks=ranks_frame, runs=runs, top_k=top_k)
