"""Target attainment: actual against target per indicator and period, with a status.

>>> from ppd_core.metrics import attainment_progress
>>> attainment_progress(actual=30, target=40, baseline=20, direction="higher_is_better")
0.5
>>> attainment_progress(actual=8, target=5, baseline=10, direction="lower_is_better")
0.4
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.metrics._base import analysis
from ppd_core.vocab import Direction

__all__ = ["Thresholds", "attainment_progress", "target_attainment"]


@dataclass(frozen=True)
class Thresholds:
    """Progress thresholds for the status of a target.

    Attributes:
        on_track: Progress at or above this is *on track* (default 0.95).
        at_risk: Progress at or above this (and below ``on_track``) is *at risk*
            (default 0.75); below it, *off track*.
    """

    on_track: float = 0.95
    at_risk: float = 0.75

    def status(self, progress: float) -> str:
        """The status of a progress value (``"no data"`` when it is NaN)."""
        if math.isnan(progress):
            return "no data"
        if progress >= self.on_track:
            return "on track"
        if progress >= self.at_risk:
            return "at risk"
        return "off track"


def attainment_progress(
    actual: float,
    target: float,
    baseline: float | None = None,
    direction: str = Direction.HIGHER_IS_BETTER.value,
) -> float:
    """Progress towards a target, 1.0 = target met, honouring direction and baseline.

    Formulas (*a* actual, *t* target, *b* baseline):

    * with a baseline and a target that improves on it (*t* > *b* when higher is better,
      *t* < *b* when lower is better): (a − b) / (t − b), the share of the way from baseline
      to target;
    * with a baseline and *t* = *b* (hold the line): 1 if *a* is no worse than *t*, else 0;
    * with a target that accepts a decline from the baseline (*t* < *b* when higher is
      better, or *t* > *b* when lower is better), the way from baseline to target points the
      wrong way, so progress is measured as if there were no baseline (next two lines);
    * without a baseline, higher is better: a / t (with t = 0: 1 if a ≥ 0);
    * without a baseline, lower is better: t / a (with a = 0: 1; with t = 0 < a: 0).

    Progress is not capped: 1.2 means the target was beaten by a fifth of the way.
    """
    lower = direction == Direction.LOWER_IS_BETTER.value
    if any(x is None or (isinstance(x, float) and math.isnan(x)) for x in (actual, target)):
        return float("nan")
    if baseline is not None and not (isinstance(baseline, float) and math.isnan(baseline)):
        improves = target < baseline if lower else target > baseline
        if improves:
            return (actual - baseline) / (target - baseline)
        if target == baseline:
            better_or_equal = actual <= target if lower else actual >= target
            return 1.0 if better_or_equal else 0.0
    if not lower:
        return actual / target if target != 0 else (1.0 if actual >= 0 else 0.0)
    if actual == 0:
        return 1.0
    return target / actual if target != 0 else 0.0


def target_attainment(
    data: Any, *, thresholds: Thresholds | None = None, include_disaggregated: bool = False
) -> pd.DataFrame:
    """Actual against target for every indicator and period, with progress and status.

    Each period's progress is :func:`attainment_progress` from the indicator's baseline
    (the baseline of the indicator; for later periods still the same baseline, so progress
    is measured along the whole way to the target). Qualitative indicators get status
    ``"qualitative"`` with their texts; periods without an actual get ``"no data"``.

    Args:
        data: A Dataset, its frames or an Analysis.
        thresholds: Status thresholds (default :class:`Thresholds`).
        include_disaggregated: Also return disaggregated rows (``dimension``/``category``).

    Returns:
        One row per indicator and period: ``indicator_id``, ``name``, ``organisation_id``,
        ``direction``, ``period_start``, ``period_end``, ``baseline``, ``target``, ``actual``,
        ``progress``, ``status`` (and ``dimension``, ``category``).
    """
    an = analysis(data)
    th = thresholds or Thresholds()
    ind = an.frames["indicators"].drop_duplicates("id").set_index("id")
    values = an.frames["indicator_values"]
    if not include_disaggregated:
        values = values[values["dimension"].isna()]
    out = pd.DataFrame(
        {
            "indicator_id": values["indicator_id"].to_numpy(),
            "name": values["indicator_id"].map(ind["name"]).to_numpy(),
            "organisation_id": values["indicator_id"].map(ind["organisation_id"]).to_numpy(),
            "measure": values["indicator_id"].map(ind["measure"].astype("str")).to_numpy(),
            "direction": values["indicator_id"].map(ind["direction"].astype("str")).to_numpy(),
            "period_start": values["period_start"].to_numpy(),
            "period_end": values["period_end"].to_numpy(),
            "baseline": values["indicator_id"].map(ind["baseline_value"]).to_numpy(dtype="float64"),
            "target": values["target"].to_numpy(dtype="float64"),
            "actual": values["actual"].to_numpy(dtype="float64"),
            "target_text": values["target_text"].to_numpy(),
            "actual_text": values["actual_text"].to_numpy(),
            "dimension": values["dimension"].to_numpy(),
            "category": values["category"].to_numpy(),
        }
    )
    progress = [
        attainment_progress(a, t, b, d)
        for a, t, b, d in zip(
            out["actual"], out["target"], out["baseline"], out["direction"], strict=True
        )
    ]
    out["progress"] = np.asarray(progress, dtype="float64")
    qualitative = (out["measure"] == "qualitative").to_numpy()
    out["status"] = [
        "qualitative" if q else th.status(p)
        for q, p in zip(qualitative, out["progress"], strict=True)
    ]
    return out.reset_index(drop=True)
