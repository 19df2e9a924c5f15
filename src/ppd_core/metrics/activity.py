"""Volume, substantive effectiveness and follow-up of activities.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.metrics import analysis, volume, substantive_share
>>> an = analysis(load_sample())
>>> int(volume(an)["activities"].iloc[0]) == len(an.activities)
True
>>> bool(substantive_share(an, ["year"])["share_substantive"].between(0, 1).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.metrics._base import Analysis, Dimensions, analysis, share
from ppd_core.vocab import FlowStage, OutputKind

__all__ = [
    "SubstantiveRule",
    "classify_activities",
    "follow_up_rate",
    "substantive_share",
    "volume",
]

_PARTICIPANTS = ("total", "foreign", "domestic", "women", "youth")


def _days(an: Analysis) -> np.ndarray:
    """Duration in days, counting both ends (a one-day event lasts 1 day)."""
    a = an.activities
    days = (a["end"] - a["start"]).dt.days.to_numpy(dtype="float64", na_value=np.nan) + 1
    return np.where(np.isnan(days) | (days < 1), 1.0, days)


def volume(data: Any, by: Dimensions = ()) -> pd.DataFrame:
    """Activities, participants and person-days by any grouping.

    Formulas, for each group *g* (weights *w* pro-rate split dimensions, see
    :mod:`ppd_core.metrics`):

    * ``activities`` = Σ w over activities in *g*;
    * ``participants`` (and ``_foreign``, ``_domestic``, ``_women``, ``_youth``) = Σ w·p;
    * ``person_days`` = Σ w·p_total·d, with *d* the duration in days (end − start + 1).

    Cancelled activities count like the others; filter the frames first to exclude them.

    Args:
        data: A Dataset, its frames or an :class:`~ppd_core.metrics.Analysis`.
        by: Dimensions to group by (see :data:`ppd_core.metrics.DIMENSIONS`): a list, or
            one as a string (``by="year"``).

    Returns:
        One row per group.
    """
    an = analysis(data)
    a = an.frames["activities"]
    values: dict[str, Any] = {"activities": np.ones(len(a))}
    for part in _PARTICIPANTS:
        name = "participants" if part == "total" else f"participants_{part}"
        values[name] = a[f"participants_{part}"].to_numpy(dtype="float64", na_value=np.nan)
    values["person_days"] = np.nan_to_num(values["participants"]) * _days(an)
    return an.sum_by(values, by, counts=list(values))


@dataclass(frozen=True)
class SubstantiveRule:
    """What counts as evidence that an activity was substantive, not ceremonial.

    An activity is *substantive* when at least one enabled kind of evidence is recorded;
    otherwise it is *ceremonial*.

    Attributes:
        agreement: An agreement was signed (output ``agreements_signed`` > 0).
        resources: Resources were mobilised at ``resources_stage`` or later.
        resources_stage: The least advanced flow stage that counts (default: committed).
        output: Any other measurable output was recorded (trainees, media items …).
        follow_up_months: A later activity follows up on it within this many months of its
            end (``None`` disables this evidence).
    """

    agreement: bool = True
    resources: bool = True
    resources_stage: FlowStage = FlowStage.COMMITTED
    output: bool = True
    follow_up_months: int | None = 12


_STAGE_ORDER = [FlowStage.PLEDGED.value, FlowStage.COMMITTED.value, FlowStage.DISBURSED.value]


def _follow_ups(an: Analysis, months: int | None) -> np.ndarray:
    """For each activity, whether a later activity follows up on it within ``months``."""
    n = len(an.activities)
    found = np.zeros(n, dtype=bool)
    a = an.frames["activities"]
    later = a["follow_up_of"]
    has = later.notna().to_numpy()
    if not has.any():
        return found
    earlier_rows = an.rows_for(later[has])
    ok = earlier_rows >= 0
    earlier_rows = earlier_rows[ok]
    follower_start = an.activities["start"].to_numpy()[np.flatnonzero(has)[ok]]
    earlier_end = an.activities["end"].to_numpy()[earlier_rows]
    within = follower_start >= earlier_end - np.timedelta64(0, "D")
    if months is not None:
        limit = (pd.Series(earlier_end) + pd.DateOffset(months=months)).to_numpy(
            dtype="datetime64[s]"
        )
        within &= follower_start <= limit
    found[earlier_rows[within]] = True
    return found


def classify_activities(data: Any, rule: SubstantiveRule | None = None) -> pd.DataFrame:
    """Classify each activity as substantive or ceremonial by evidence, with the reason.

    Args:
        data: A Dataset, its frames or an Analysis.
        rule: The evidence that counts (default :class:`SubstantiveRule`).

    Returns:
        One row per activity: ``activity_id``, the evidence flags ``agreement``,
        ``resources``, ``output``, ``follow_up``, ``substantive`` and ``reason``.
    """
    an = analysis(data)
    rule = rule or SubstantiveRule()
    n = len(an.activities)
    outputs = an.link("activity_outputs")
    counts = outputs["count"].to_numpy(dtype="float64", na_value=0)
    positive = counts > 0
    is_agreement = (outputs["output"] == OutputKind.AGREEMENTS_SIGNED.value).to_numpy()
    agreement = np.zeros(n, dtype=bool)
    agreement[outputs["row"].to_numpy()[positive & is_agreement]] = True
    other = np.zeros(n, dtype=bool)
    other[outputs["row"].to_numpy()[positive & ~is_agreement]] = True
    flows = an.link("resource_flows")
    rank = flows["stage"].astype("str").map({s: i for i, s in enumerate(_STAGE_ORDER)})
    enough = (rank >= _STAGE_ORDER.index(rule.resources_stage.value)).to_numpy() & (
        flows["amount"].astype("float64").to_numpy() > 0
    )
    resources = np.zeros(n, dtype=bool)
    resources[flows["row"].to_numpy()[enough]] = True
    follow = (
        _follow_ups(an, rule.follow_up_months)
        if rule.follow_up_months is not None
        else np.zeros(n, dtype=bool)
    )
    evidence = {
        "agreement": agreement & rule.agreement,
        "resources": resources & rule.resources,
        "output": other & rule.output,
        "follow_up": follow,
    }
    substantive = np.logical_or.reduce(list(evidence.values()))
    labels = [
        "agreement signed",
        f"resources {rule.resources_stage.value} or later",
        "measurable output recorded",
        f"followed up within {rule.follow_up_months} months",
    ]
    # 16 combinations of evidence: build each reason once, then look it up per activity.
    combo = np.zeros(n, dtype=np.int64)
    for k, flag in enumerate(evidence.values()):
        combo |= flag.astype(np.int64) << k
    texts = np.array(
        ["ceremonial: no agreement, resources, output or follow-up recorded"]
        + [
            "substantive: " + "; ".join(lab for k, lab in enumerate(labels) if c >> k & 1)
            for c in range(1, 16)
        ],
        dtype=object,
    )
    reasons = texts[combo]
    return pd.DataFrame(
        {
            "activity_id": an.activities["id"].to_numpy(),
            **evidence,
            "substantive": substantive,
            "reason": reasons,
        }
    )


def substantive_share(
    data: Any, by: Dimensions = (), rule: SubstantiveRule | None = None
) -> pd.DataFrame:
    """Share of activities that are substantive, by any grouping.

    Formula: ``share_substantive`` = Σ w·[substantive] / Σ w over the group, with the
    evidence rule of :func:`classify_activities`; ``share_ceremonial`` = 1 − that.

    Returns:
        One row per group: ``activities``, ``substantive``, ``share_substantive``,
        ``share_ceremonial``.
    """
    an = analysis(data)
    flags = classify_activities(an, rule)["substantive"].to_numpy(dtype="float64")
    values = {"activities": np.ones(len(flags)), "substantive": flags}
    out = an.sum_by(values, by, counts=list(values))
    out["share_substantive"] = share(out["substantive"], out["activities"])
    out["share_ceremonial"] = 1 - out["share_substantive"]
    return out


def follow_up_rate(data: Any, by: Dimensions = ()) -> pd.DataFrame:
    """Share of activities followed by a linked later activity with the same partner.

    An activity *A* is followed up when some activity *B* names it in ``follow_up_of``,
    starts on or after *A*'s end, and shares at least one partner with *A*.
    Formula: ``follow_up_rate`` = Σ w·[followed up] / Σ w over the group.

    Returns:
        One row per group: ``activities``, ``followed_up``, ``follow_up_rate``.
    """
    an = analysis(data)
    n = len(an.activities)
    a = an.frames["activities"]
    later = a["follow_up_of"]
    followed = np.zeros(n, dtype=bool)
    has = np.flatnonzero(later.notna().to_numpy())
    if len(has):
        earlier = an.rows_for(later.iloc[has])
        ok = earlier >= 0
        has, earlier = has[ok], earlier[ok]
        start = an.activities["start"].to_numpy()
        end = an.activities["end"].to_numpy()
        in_time = start[has] >= end[earlier]
        links = an.link("activity_partners")[["row", "partner_id"]]
        pairs = pd.DataFrame({"follower": has, "earlier": earlier})[in_time]
        common = pairs.merge(links, left_on="follower", right_on="row").merge(
            links, left_on=["earlier", "partner_id"], right_on=["row", "partner_id"]
        )
        followed[common["earlier"].to_numpy(dtype=np.int64)] = True
    values = {"activities": np.ones(n), "followed_up": followed.astype(float)}
    out = an.sum_by(values, by, counts=list(values))
    out["follow_up_rate"] = share(out["followed_up"], out["activities"])
    return out
