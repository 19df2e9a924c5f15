"""The time axis of the trend charts: periods (years, quarters, months), their labels and ticks.

A period is kept as text (``2025``, ``2025Q3``, ``2025-07``); the gaps between the first and
the last period are filled in, so a year without activities shows as a dip, not a shortcut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ppd_core.i18n import Lang, text
from ppd_core.metrics._base import NONE
from ppd_core.plots._names import dimension_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def period_keys(values: pd.Series, by: str) -> list[str]:
    """Sorted periods of ``values`` with the gaps between first and last filled in."""
    values_text = values.astype("str")
    values_text = values_text[~values_text.isin([NONE, "nan", "<NA>", "None", "NaT"])]
    if values_text.empty:
        return []
    if by == "year":
        years = pd.to_numeric(values_text, errors="coerce").dropna().astype(int)
        if years.empty:
            return []
        return [str(y) for y in range(int(years.min()), int(years.max()) + 1)]
    if by in ("quarter", "month"):
        periods = pd.PeriodIndex(values_text.unique(), freq="Q" if by == "quarter" else "M")
        return [str(p) for p in pd.period_range(periods.min(), periods.max(), freq=periods.freq)]
    return sorted(values_text.unique())


def period_column(values: pd.Series, by: str) -> pd.Series:
    """Period values as the strings :func:`period_keys` returns (``2025``, not ``2025.0``)."""
    if by == "year":
        years = pd.to_numeric(values.astype("str"), errors="coerce")
        return years.map(lambda y: str(int(y)) if pd.notna(y) else NONE)
    return values.astype("str")


def period_label(key: str, by: str, lang: Lang) -> str:
    """A period as people write it: ``2025 Q3`` (en), ``Q3/2025`` (vi), ``07/2025``."""
    if by == "quarter" and "Q" in key:
        year, quarter = key.split("Q")
        return text("{year} Q{quarter}", lang, year=year, quarter=quarter)
    if by == "month" and "-" in key:
        year, month = key.split("-")[:2]
        return f"{month}/{year}"
    return key


def span_of(keys: Sequence[str], by: str, lang: Lang) -> str:
    """The periods covered, ``2021–2025``, for a title ("all years" when none)."""
    if not keys:
        return text("all years", lang)
    first, last = period_label(keys[0], by, lang), period_label(keys[-1], by, lang)
    return first if first == last else f"{first}–{last}"


def period_name(by: str, lang: Lang) -> str:
    """The name of the period (``year``) or of another dimension, in ``lang``."""
    return dimension_name(by, lang)


def time_ticks(ax: Axes, keys: Sequence[str], by: str, lang: Lang) -> None:
    """Ticks at every period; labels thinned to about twelve."""
    step = max(1, math.ceil(len(keys) / 12))
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels(
        [period_label(k, by, lang) if i % step == 0 else "" for i, k in enumerate(keys)]
    )
    ax.set_xlim(-0.6, len(keys) - 0.4)
