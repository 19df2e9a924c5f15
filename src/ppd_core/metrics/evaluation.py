"""Evaluation with the six OECD-DAC criteria: summaries, weak criteria and consistency checks.

Evaluations are recorded as :class:`~ppd_core.Evaluation` records (scores 1–4 on the stated
:data:`~ppd_core.models.SCALE`, with evidence) and added to a Dataset (``dataset.add(ev)``).
This module reads them back as tables.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.metrics.evaluation import summarise_evaluations
>>> summary = summarise_evaluations(load_sample())
>>> list(summary["criterion"])[:3]
['relevance', 'coherence', 'effectiveness']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.metrics._base import Dimensions, analysis, dimensions
from ppd_core.vocab import ActivityStatus, DacCriterion

__all__ = [
    "CHECKS",
    "WEAK",
    "EvaluationCheck",
    "consistency_checks",
    "evaluation_scores",
    "summarise_evaluations",
    "weak_criteria",
]

WEAK = 2.5
"""Mean score below which a criterion is flagged weak (between partly and satisfactory)."""


def evaluation_scores(data: Any) -> pd.DataFrame:
    """All scores in one long table, with what each evaluation is about.

    Returns:
        One row per (evaluation, criterion): ``evaluation_id``, ``subject``, ``subject_id``,
        ``evaluator``, ``date``, ``year``, ``criterion``, ``score``, ``evidence``, and for
        activities the ``organisation`` (lead), ``kind`` and ``status``.
    """
    an = analysis(data)
    ev = an.frames["evaluations"].drop_duplicates("id")
    scores = an.frames["evaluation_scores"]
    out = scores.merge(ev.rename(columns={"id": "evaluation_id"}), on="evaluation_id", how="inner")
    acts = an.frames["activities"].set_index("id")
    is_activity = (out["subject"].astype("str") == "activity").to_numpy()
    for col, source in (
        ("organisation", "lead_organisation_id"),
        ("kind", "kind"),
        ("status", "status"),
    ):
        mapped = out["subject_id"].map(acts[source].astype("str"))
        out[col] = mapped.where(is_activity)
    plans = an.frames["work_plans"].set_index("id")
    in_plan = out["subject_id"].map(plans["organisation_id"])
    out["organisation"] = out["organisation"].fillna(in_plan)
    out["year"] = out["date"].dt.year
    out["criterion"] = out["criterion"].astype("str")
    out["score"] = out["score"].astype("float64")
    cols = [
        "evaluation_id",
        "subject",
        "subject_id",
        "evaluator",
        "date",
        "year",
        "criterion",
        "score",
        "evidence",
        "organisation",
        "kind",
        "status",
    ]
    return out[cols].reset_index(drop=True)


def summarise_evaluations(data: Any, by: Dimensions = ()) -> pd.DataFrame:
    """Mean score, count and share of low scores per criterion (and group).

    Formulas per criterion and group: ``mean`` = Σ scores / n; ``share_low`` = share of
    scores of 1 or 2 (unsatisfactory or partly satisfactory); ``weak`` = mean < :data:`WEAK`.

    Args:
        data: A Dataset, its frames or an Analysis.
        by: Extra grouping among ``organisation``, ``kind``, ``year``, ``subject``.
    """
    by = dimensions(by)
    scores = evaluation_scores(data)
    keys = [*by, "criterion"]
    grouped = scores.groupby(keys, observed=True)["score"]
    out = grouped.agg(n="count", mean="mean", min="min", max="max").reset_index()
    low = scores.assign(low=scores["score"] <= 2).groupby(keys, observed=True)["low"].mean()
    out = out.merge(low.rename("share_low").reset_index(), on=keys)
    out["weak"] = out["mean"] < WEAK
    order = {c.value: i for i, c in enumerate(DacCriterion)}
    out["_order"] = out["criterion"].map(order)
    return out.sort_values([*by, "_order"]).drop(columns="_order").reset_index(drop=True)


def weak_criteria(data: Any, by: Dimensions = (), threshold: float = WEAK) -> pd.DataFrame:
    """The criteria whose mean score is below ``threshold``, weakest first within each group."""
    by = dimensions(by)
    summary = summarise_evaluations(data, by)
    weak = summary[summary["mean"] < threshold]
    return weak.sort_values([*by, "mean", "criterion"]).reset_index(drop=True)


@dataclass(frozen=True)
class EvaluationCheck:
    """A consistency check between scores and the recorded facts.

    Attributes:
        code: Stable code, e.g. ``"EVAL01"``.
        summary: What the check looks for.
    """

    code: str
    summary: str


CHECKS: dict[str, EvaluationCheck] = {
    c.code: c
    for c in [
        EvaluationCheck(
            "EVAL01",
            "Effectiveness rated 3 or 4 but the activity records no "
            "output, agreement or resources.",
        ),
        EvaluationCheck(
            "EVAL02",
            "Impact rated 3 or 4 while the activity is not yet finished "
            "(pipeline, implementation or suspended).",
        ),
        EvaluationCheck(
            "EVAL03", "Sustainability rated 3 or 4 but nothing followed up on the activity."
        ),
        EvaluationCheck("EVAL04", "Efficiency rated without a recorded cost or resources."),
        EvaluationCheck("EVAL05", "Not all six DAC criteria are scored."),
        EvaluationCheck("EVAL06", "A score is given without evidence."),
    ]
}
"""Every consistency check by code."""

_UNFINISHED = {
    ActivityStatus.PIPELINE.value,
    ActivityStatus.IMPLEMENTATION.value,
    ActivityStatus.SUSPENDED.value,
}


def consistency_checks(data: Any) -> pd.DataFrame:
    """Flag scores that the recorded facts do not support (see :data:`CHECKS`).

    Returns:
        One row per finding: ``code``, ``evaluation_id``, ``subject_id``, ``criterion``,
        ``score`` and a ``message`` saying what to verify.
    """
    from ppd_core.metrics.activity import classify_activities

    an = analysis(data)
    scores = evaluation_scores(an)
    evidence = classify_activities(an).set_index("activity_id")
    has_result = evidence[["agreement", "resources", "output"]].any(axis=1)
    followed = evidence["follow_up"]
    a = an.frames["activities"].set_index("id")
    flows = an.frames["resource_flows"]["activity_id"]
    has_money = a["cost_amount"].notna() | a.index.isin(flows)
    found: list[dict[str, Any]] = []

    def flag(code: str, rows: pd.DataFrame, why: str) -> None:
        found.extend(
            {
                "code": code,
                "evaluation_id": r.evaluation_id,
                "subject_id": r.subject_id,
                "criterion": r.criterion,
                "score": r.score,
                "message": f"{CHECKS[code].summary} {why}",
            }
            for r in rows.itertuples(index=False)
        )

    act = scores[scores["subject"].astype("str") == "activity"]
    high = act["score"] >= 3
    sid = act["subject_id"]
    crit = act["criterion"]
    flag(
        "EVAL01",
        act[high & (crit == "effectiveness") & ~sid.map(has_result).fillna(False).astype(bool)],
        "Record the outputs or lower the score.",
    )
    flag(
        "EVAL02",
        act[high & (crit == "impact") & act["status"].isin(_UNFINISHED)],
        "Impact is usually judged after the activity ends.",
    )
    flag(
        "EVAL03",
        act[high & (crit == "sustainability") & ~sid.map(followed).fillna(False).astype(bool)],
        "Record the follow-up activity, or explain the evidence.",
    )
    flag(
        "EVAL04",
        act[(crit == "efficiency") & ~sid.map(has_money).fillna(False).astype(bool)],
        "Record the activity's cost or resources to judge efficiency.",
    )
    n_criteria = scores.groupby("evaluation_id")["criterion"].nunique()
    partial = n_criteria[n_criteria < len(DacCriterion)]
    for eid, n in partial.items():
        subject = scores.loc[scores["evaluation_id"] == eid, "subject_id"].iloc[0]
        found.append(
            {
                "code": "EVAL05",
                "evaluation_id": eid,
                "subject_id": subject,
                "criterion": None,
                "score": np.nan,
                "message": f"{CHECKS['EVAL05'].summary} Only {n} of 6 are scored.",
            }
        )
    no_evidence = scores[scores["evidence"].isna()]
    flag("EVAL06", no_evidence, "Add the evidence the score rests on.")
    cols = ["code", "evaluation_id", "subject_id", "criterion", "score", "message"]
    return (
        pd.DataFrame(found, columns=cols)
        .sort_values(["code", "evaluation_id"])
        .reset_index(drop=True)
    )
