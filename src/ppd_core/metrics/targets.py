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

__all__ = ["Thresholds", "attainment_progress", "target_attainment", "target_lies_beyond"]


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


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def target_lies_beyond(
    target: float,
    baseline: float | None = None,
    direction: str = Direction.HIGHER_IS_BETTER.value,
) -> bool:
    """Whether ``target`` improves on ``baseline`` in the indicator's ``direction``.

    Only then is there a way from baseline to target to measure progress along. A missing
    baseline counts as 0 when higher is better (a count starts from nothing); when lower is
    better, a missing baseline gives no way.

    >>> target_lies_beyond(40, 20), target_lies_beyond(86, 90), target_lies_beyond(5, None)
    (True, False, True)
    >>> target_lies_beyond(5, 10, "lower_is_better"), target_lies_beyond(4, None, "lower_is_better")
    (True, False)
    """
    lower = direction == Direction.LOWER_IS_BETTER.value
    if _missing(baseline):
        return not lower and target > 0
    assert baseline is not None
    return target < baseline if lower else target > baseline


def attainment_progress(
    actual: float,
    target: float,
    baseline: float | None = None,
    direction: str = Direction.HIGHER_IS_BETTER.value,
) -> float:
    """Progress towards a target: the share of the way from baseline to target covered.

    One formula (*a* actual, *t* target, *b* baseline, 0 when missing and higher is better):

        progress = (a − b) / (t − b)

    1.0 means the target was met, above 1 exceeded, 0 no change from the baseline and below
    0 a move away from the target (the same formula serves both directions: when lower is
    better, *t* − *b* is negative). It needs a way to travel: a target beyond the baseline in
    the indicator's direction (:func:`target_lies_beyond`). A target that holds the
    baseline or accepts a decline from it (or a lower-is-better target without a baseline)
    has no way, so progress is only "met or not": 1.0 when *a* is no worse than *t*, else 0.

    Progress is not capped here; the annual review shows values outside 0–1 as "exceeded" or
    "moved away from target".
    """
    if _missing(actual) or _missing(target):
        return float("nan")
    if target_lies_beyond(target, baseline, direction):
        start = 0.0 if baseline is None or math.isnan(baseline) else baseline
        return (actual - start) / (target - start)
    lower = direction == Direction.LOWER_IS_BETTER.value
    met = actual <= target if lower else actual >= target
    return 1.0 if met else 0.0


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
        One row per indicator and period: ``indicator_id``, ``name`` (and ``name_vi``),
        ``organisation_id``, ``direction``, ``period_start``, ``period_end``, ``baseline``,
        ``target``, ``actual``,
        ``progress``, ``status``, the qualitative ``target_text``, ``actual_text`` and their
        Vietnamese ``target_text_vi``, ``actual_text_vi`` (and ``dimension``, ``category``).
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
            "name_vi": values["indicator_id"].map(ind["name_vi"]).to_numpy(),
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
            "target_text_vi": values["target_text_vi"].to_numpy(),
            "actual_text_vi": values["actual_text_vi"].to_numpy(),
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
