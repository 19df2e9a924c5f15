"""An indicator's values as a reader sees them: in its unit, at its precision, with progress.

The annual review shows each indicator's baseline, target, actual and proposed target with the
indicator's unit (``71.4%``, ``319,000 USD``, ``30 partners``) and at the indicator's own
precision: the most decimals any of its recorded numbers has (at most two). Progress is
:func:`ppd_core.metrics.attainment_progress` — the share of the way from baseline to target —
shown as a percentage between 0 and 100 %, and otherwise named: "exceeded" above the target,
"moved away from target" below the baseline, "met" / "not met" when the target gives no way to
travel (it holds or lowers the bar, :func:`ppd_core.metrics.target_lies_beyond`).

>>> u = Unit("%", "percentage", 1)
>>> u.show(71.44, "en"), u.show(71.44, "vi"), u.round(64.83)
('71.4%', '71,4%', 64.8)
>>> Unit("partners", "unit", 0, "đối tác").show(28.7, "vi").replace(NBSP, " ")
'29 đối tác'
>>> progress_text(0.5, 40, 20, "higher_is_better", "en")
'50%'
>>> progress_text(-3.8, 926, 800, "higher_is_better", "en")
'moved away from target'
>>> progress_text(1.0, 86, 90, "higher_is_better", "en")
'met'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from ppd_core.i18n import Lang, bilingual, text
from ppd_core.i18n.format import MISSING, NBSP, number, percent

__all__ = ["Unit", "names", "precision", "progress_text", "units"]

_MAX_DECIMALS = 2


def precision(values: Iterable[object]) -> int:
    """The most decimals any of ``values`` has (missing values ignored), at most two.

    >>> precision([800000.0, 926000.0]), precision([50.0, 74.4, 71.4]), precision([0.125])
    (0, 1, 2)
    """
    most = 0
    for value in values:
        try:
            x = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not math.isfinite(x):
            continue
        while most < _MAX_DECIMALS and abs(round(x, most) - x) > 1e-9 * max(1.0, abs(x)):
            most += 1
    return most


@dataclass(frozen=True)
class Unit:
    """How one indicator's numbers are written: its unit, measure and precision."""

    unit: str | None
    measure: str
    decimals: int
    unit_vi: str | None = None
    """The unit in Vietnamese; without it Vietnamese shows ``unit`` (a code such as "USD")."""

    @property
    def is_percentage(self) -> bool:
        """Percentage indicators store 71.4 for 71.4 %."""
        return self.measure == "percentage" or self.unit == "%"

    def round(self, value: float) -> float:
        """``value`` rounded to the indicator's precision."""
        return round(value, self.decimals) if math.isfinite(value) else value

    def show(self, value: object, lang: Lang) -> str:
        """``value`` at the indicator's precision, with its unit (a percentage as ``71.4%``)."""
        shown = number(value, lang, self.decimals)
        if shown == MISSING:
            return shown
        if self.is_percentage:
            return percent(float(value) / 100, lang, self.decimals)  # type: ignore[arg-type]
        unit = self.unit_vi if lang == "vi" and self.unit_vi else self.unit
        return f"{shown}{NBSP}{unit}" if unit else shown


def units(frames: Mapping[str, pd.DataFrame]) -> dict[str, Unit]:
    """Each indicator's :class:`Unit`, by indicator id.

    From the ``indicators`` and ``indicator_values`` frames: the precision is taken over the
    indicator's baseline, targets and actuals.
    """
    ind = frames["indicators"].drop_duplicates("id")
    values = frames["indicator_values"]
    numbers = values.groupby("indicator_id")[["target", "actual"]]
    recorded = {str(k): g.to_numpy().ravel().tolist() for k, g in numbers}
    out: dict[str, Unit] = {}
    for r in ind.itertuples(index=False):
        unit = r.unit if isinstance(r.unit, str) and r.unit else None
        unit_vi = r.unit_vi if isinstance(r.unit_vi, str) and r.unit_vi else None
        decimals = precision([r.baseline_value, *recorded.get(str(r.id), [])])
        out[str(r.id)] = Unit(unit, str(r.measure), decimals, unit_vi)
    return out


def names(frames: Mapping[str, pd.DataFrame], lang: Lang) -> dict[str, str]:
    """Each indicator's name in ``lang`` (see :func:`ppd_core.i18n.bilingual`), by id."""
    ind = frames["indicators"].drop_duplicates("id")
    return {
        str(i): bilingual(en, vi, lang)
        for i, en, vi in zip(ind["id"], ind["name"], ind["name_vi"], strict=True)
    }


def progress_text(
    progress: float, target: float, baseline: float, direction: str, lang: Lang
) -> str:
    """The Progress cell of the targets table (see the module docstring)."""
    from ppd_core.metrics import target_lies_beyond

    if math.isnan(progress):
        return MISSING
    if not target_lies_beyond(target, None if math.isnan(baseline) else baseline, direction):
        return text("met", lang) if progress >= 1 else text("not met", lang)
    if progress > 1:
        return text("exceeded", lang)
    if progress < 0:
        return text("moved away from target", lang)
    return percent(progress, lang)
