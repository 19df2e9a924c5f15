"""Targets from history: next-period targets proposed from each indicator's actuals.

Three stated methods, each with a forecast, an uncertainty band and a plain-English
explanation (see :func:`propose_targets` for the formulas):

* ``"linear"`` — a least-squares linear trend with its prediction interval;
* ``"holt"`` — Holt's linear exponential smoothing with fixed, documented parameters;
* ``"mean"`` — the mean of the last *k* actuals with an i.i.d. prediction interval.

The planner then chooses a ``stretch``: the target is the forecast moved in the indicator's
better direction (up when higher is better, down when lower is better).

>>> import pandas as pd
>>> history = pd.DataFrame({"indicator_id": "IND-1", "year": [2021, 2022, 2023, 2024, 2025],
...                         "actual": [10.0, 12.0, 14.0, 16.0, 18.0]})
>>> row = propose_targets(history, year=2026, stretch=0.1).iloc[0]
>>> float(row["forecast"]), float(row["lower"]), float(row["upper"]), float(row["target"])
(20.0, 20.0, 20.0, 22.0)
>>> print(row["explanation"])  # doctest: +NORMALIZE_WHITESPACE
Linear trend over 2021–2025 (5 points, least squares) gives 20.0 for 2026 (80% band
20.0–20.0); with 10% stretch (higher is better): 22.0. The actuals lie exactly on a line,
so the band has zero width. Few points: treat the band as rough.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from ppd_core.i18n import N_, Lang, text
from ppd_core.i18n.format import number, percent
from ppd_core.vocab import Direction, IndicatorMeasure

__all__ = ["HOLT_ALPHA", "HOLT_BETA", "MEAN_WINDOW", "TARGET_COLUMNS", "propose_targets"]

Method = Literal["linear", "holt", "mean"]

HOLT_ALPHA = 0.5
"""Default level smoothing of Holt's method (weight of the newest actual in the level)."""
HOLT_BETA = 0.3
"""Default trend smoothing of Holt's method (weight of the newest level change in the trend)."""
MEAN_WINDOW = 3
"""Default number of latest actuals averaged by the ``"mean"`` method."""
FEW_POINTS = 8
"""Below this many actuals the explanation warns that the band is rough."""

TARGET_COLUMNS = [
    "indicator_id",
    "name",
    "unit",
    "measure",
    "direction",
    "method",
    "status",
    "points",
    "first_year",
    "last_year",
    "last_actual",
    "year",
    "forecast",
    "lower",
    "upper",
    "level",
    "stretch",
    "target",
    "explanation",
]
"""The columns of :func:`propose_targets`' result, in order."""


@dataclass(frozen=True)
class _Forecast:
    """A point forecast with its band (NaN bounds when no band can be estimated)."""

    value: float
    lower: float
    upper: float


def _t_quantile(level: float, df: int) -> float:
    """Two-sided Student-t multiplier: the (1 + level)/2 quantile with ``df`` degrees.

    Through :func:`scipy.special.stdtrit` (the inverse of Student's distribution function),
    which gives the same value as ``scipy.stats.t.ppf`` without importing ``scipy.stats``
    (several times slower to import than the whole review needs).

    >>> round(_t_quantile(0.95, 3), 4), round(_t_quantile(0.8, 10), 4)
    (3.1824, 1.3722)
    """
    from scipy.special import stdtrit

    return float(stdtrit(df, (1 + level) / 2))


def _noise_free(spread: float, y: np.ndarray) -> float:
    """A spread that is only rounding error (≤ 10⁻¹² of the data's size) counts as zero."""
    return 0.0 if spread <= 1e-12 * max(1.0, float(np.abs(y).max())) else spread


def _linear(x: np.ndarray, y: np.ndarray, x0: float, level: float) -> _Forecast:
    """Least-squares line through (x, y), extrapolated to x0, with its prediction interval."""
    n = len(x)
    xbar = float(x.mean())
    sxx = float(((x - xbar) ** 2).sum())
    slope = float(((x - xbar) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean()) - slope * xbar
    value = intercept + slope * x0
    if n < 3:
        return _Forecast(value, math.nan, math.nan)
    resid = y - (intercept + slope * x)
    s = _noise_free(math.sqrt(float((resid**2).sum()) / (n - 2)), y)
    half = _t_quantile(level, n - 2) * s * math.sqrt(1 + 1 / n + (x0 - xbar) ** 2 / sxx)
    return _Forecast(value, value - half, value + half)


def _holt(y: np.ndarray, h: int, level: float, alpha: float, beta: float) -> _Forecast:
    """Holt's linear smoothing of y, forecast h steps ahead, with a one-step-error band."""
    lev, trend = float(y[0]), float(y[1] - y[0])
    errors: list[float] = []
    for t in range(1, len(y)):
        predicted = lev + trend
        if t >= 2:  # the first update is exact by construction of the initial trend
            errors.append(float(y[t]) - predicted)
        new_level = alpha * float(y[t]) + (1 - alpha) * predicted
        trend = beta * (new_level - lev) + (1 - beta) * trend
        lev = new_level
    value = lev + h * trend
    if not errors:
        return _Forecast(value, math.nan, math.nan)
    sigma = _noise_free(math.sqrt(sum(e * e for e in errors) / len(errors)), y)
    spread = 1 + sum((alpha * (1 + beta * j)) ** 2 for j in range(1, h))
    half = _t_quantile(level, len(errors)) * sigma * math.sqrt(spread)
    return _Forecast(value, value - half, value + half)


def _mean(y: np.ndarray, level: float) -> _Forecast:
    """Mean of y with the prediction interval of one more draw from the same distribution."""
    k = len(y)
    value = float(y.mean())
    s = _noise_free(float(y.std(ddof=1)), y)
    half = _t_quantile(level, k - 1) * s * math.sqrt(1 + 1 / k)
    return _Forecast(value, value - half, value + half)


def _fmt(x: float, lang: Lang) -> str:
    """A number for an explanation: thousands separated, one or two decimals when small."""
    return number(x, lang, 0 if abs(x) >= 1000 else 1 if abs(x) >= 10 else 2)


def _fmt_all(values: list[float], lang: Lang) -> list[str]:
    """Numbers shown together, with the same number of decimals (set by the largest)."""
    finite = [abs(v) for v in values if not math.isnan(v)]
    largest = max(finite, default=0.0)
    digits = 0 if largest >= 1000 else 1 if largest >= 10 else 2
    return [number(v, lang, digits) for v in values]


def _pct(x: float, lang: Lang) -> str:
    """A fraction as a percentage for an explanation, e.g. 0.1 → ``10%``."""
    return percent(x, lang, None)


def _span(years: np.ndarray) -> str:
    """``2021–2025`` for a year range (or a single year)."""
    first, last = int(years[0]), int(years[-1])
    return str(first) if first == last else f"{first}–{last}"


def _history(data_or_frame: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the input into total actuals (indicator_id, year, actual) and indicator metadata."""
    if isinstance(data_or_frame, pd.DataFrame):
        values = data_or_frame
        meta_cols = ["indicator_id", "name", "unit", "measure", "direction"]
        meta = values.reindex(columns=meta_cols).drop_duplicates("indicator_id")
    else:
        from ppd_core.metrics import analysis

        frames = analysis(data_or_frame).frames
        ind = frames["indicators"].drop_duplicates("id")
        meta = pd.DataFrame(
            {
                "indicator_id": ind["id"].astype("str").to_numpy(),
                "name": ind["name"].to_numpy(),
                "unit": ind["unit"].to_numpy(),
                "measure": ind["measure"].astype("str").to_numpy(),
                "direction": ind["direction"].astype("str").to_numpy(),
            }
        )
        values = frames["indicator_values"]
    missing = {"indicator_id", "actual"} - set(values.columns)
    if missing or not ({"year", "period_start"} & set(values.columns)):
        raise ValueError(
            "propose_targets needs a Dataset (or its frames) or a frame with columns "
            f"indicator_id, actual and year (or period_start); missing: {sorted(missing)}"
        )
    if "dimension" in values.columns:
        values = values[values["dimension"].isna()]
    if "year" in values.columns:
        year = pd.to_numeric(values["year"]).to_numpy(dtype="float64")
    else:
        year = pd.to_datetime(values["period_start"]).dt.year.to_numpy(dtype="float64")
    hist = pd.DataFrame(
        {
            "indicator_id": values["indicator_id"].astype("str").to_numpy(),
            "year": year,
            "actual": pd.to_numeric(values["actual"]).to_numpy(dtype="float64"),
        }
    )
    meta = meta.assign(indicator_id=meta["indicator_id"].astype("str"))
    known = set(meta["indicator_id"])
    extra = sorted(set(hist["indicator_id"]) - known)
    if extra:
        meta = pd.concat([meta, pd.DataFrame({"indicator_id": extra})], ignore_index=True)
    return hist, meta.reset_index(drop=True)


def _text(value: Any, default: str) -> str:
    """A metadata value as text, ``default`` when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return default
    return str(value)


def propose_targets(
    data_or_frame: Any,
    *,
    year: int,
    method: Method = "linear",
    stretch: float = 0.0,
    level: float = 0.8,
    window: int = MEAN_WINDOW,
    alpha: float = HOLT_ALPHA,
    beta: float = HOLT_BETA,
    indicators: Iterable[str] | None = None,
    lang: Lang = "en",
) -> pd.DataFrame:
    """Propose each numeric indicator's target for ``year`` from its actuals before ``year``.

    History: the indicator's total (not disaggregated) actuals of periods starting before
    ``year``, one per year (an indicator with several periods in one year is skipped with
    that reason). With *n* actuals y₁…yₙ in years x₁…xₙ and horizon x₀ = ``year``:

    * ``"linear"`` — least squares: b = Σ(x−x̄)(y−ȳ) / Sxx, a = ȳ − b·x̄, forecast
      ŷ = a + b·x₀. Band: ŷ ± t · s · √(1 + 1/n + (x₀ − x̄)²/Sxx), with
      s² = Σ residual² / (n − 2) and t the (1 + ``level``)/2 quantile of Student's t with
      n − 2 degrees of freedom (the exact prediction interval under normal errors; few
      points widen it through t).
    * ``"holt"`` — Holt's linear exponential smoothing, level ℓ and trend b started at
      ℓ₁ = y₁, b₁ = y₂ − y₁ and updated ℓₜ = α·yₜ + (1−α)(ℓₜ₋₁ + bₜ₋₁),
      bₜ = β(ℓₜ − ℓₜ₋₁) + (1−β)·bₜ₋₁; forecast ℓₙ + h·bₙ with h = x₀ − xₙ (actuals are
      taken as equally spaced). α = 0.5 and β = 0.3 are fixed, not fitted: fitting two
      parameters and two initial states to a handful of yearly points would overfit. Band:
      ŷ ± t · σ · √(1 + Σⱼ₌₁..ₕ₋₁ (α(1 + βj))²), σ² the mean squared one-step error over
      t = 3…n, t with n − 2 degrees of freedom.
    * ``"mean"`` — mean of the last k = ``window`` actuals (all when fewer); band
      ŷ ± t · s · √(1 + 1/k), s their standard deviation, t with k − 1 degrees of freedom.

    With only 2 actuals the linear and Holt forecasts pass through both points and no band
    can be estimated (``lower``/``upper`` NaN, said in the explanation). With fewer than 2,
    the proposal is *naive*: the last actual itself (``status="naive"``), or nothing when
    there is none (``status="skipped"``). Qualitative indicators are skipped with a reason.
    Forecasts, bands and targets of ``unit`` and ``percentage`` indicators are kept within
    their possible range (≥ 0; percentages ≤ 100), as the explanation then says.

    Target: ``target`` = ŷ + ``stretch``·|ŷ| when higher is better, ŷ − ``stretch``·|ŷ| when
    lower is better (a 10 % stretch raises a count and lowers a rate of failures).

    Args:
        data_or_frame: A Dataset, its frames or an Analysis (indicators and their values),
            or a frame with columns ``indicator_id``, ``actual`` and ``year`` (or
            ``period_start``), optionally ``name``, ``unit``, ``measure``, ``direction``
            (default ``higher_is_better``) and ``dimension`` (non-empty rows are ignored).
        year: The year to propose targets for; only actuals of earlier years are used.
        method: ``"linear"``, ``"holt"`` or ``"mean"``.
        stretch: The planner's ambition, 0 ≤ stretch < 1 (0.1 = 10 % better than forecast).
        level: Coverage of the band, 0 < level < 1 (0.8 = 80 % prediction interval).
        window: k for ``"mean"`` (at least 2).
        alpha: Holt's level smoothing, 0 < α ≤ 1.
        beta: Holt's trend smoothing, 0 < β ≤ 1.
        indicators: Only these indicator ids (default: all).
        lang: The language of the explanations (and of the numbers in them).

    Returns:
        One row per indicator with the columns of :data:`TARGET_COLUMNS`: the method and
        ``status`` (``proposed``, ``naive`` or ``skipped``), ``points`` used, ``first_year``,
        ``last_year``, ``last_actual``, ``forecast`` with ``lower``/``upper`` at ``level``,
        ``stretch``, ``target`` and a plain-language ``explanation``.

    Raises:
        ValueError: for an unknown method or out-of-range parameters.
    """
    if method not in ("linear", "holt", "mean"):
        raise ValueError(f"method must be 'linear', 'holt' or 'mean', not {method!r}")
    if not 0 <= stretch < 1:
        raise ValueError(f"stretch must be at least 0 and below 1 (0.1 = 10 %), not {stretch}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1 (0.8 = 80 %), not {level}")
    if window < 2:
        raise ValueError(f"window must be at least 2 actuals, not {window}")
    if not (0 < alpha <= 1 and 0 < beta <= 1):
        raise ValueError(f"Holt's alpha and beta must lie in (0, 1], not {alpha}, {beta}")
    hist, meta = _history(data_or_frame)
    if indicators is not None:
        wanted = {str(i) for i in indicators}
        meta = meta[meta["indicator_id"].isin(wanted)]
    hist = hist[(hist["year"] < year) & hist["actual"].notna()]
    groups = {str(k): g.sort_values("year") for k, g in hist.groupby("indicator_id")}
    params = _Params(year, method, stretch, level, window, alpha, beta, lang)
    rows = [
        _propose_one(m, groups.get(str(m["indicator_id"])), params) for m in meta.to_dict("records")
    ]
    out = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    return out.sort_values("indicator_id", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class _Params:
    year: int
    method: Method
    stretch: float
    level: float
    window: int
    alpha: float
    beta: float
    lang: Lang


def _propose_one(meta: Mapping[Any, Any], hist: pd.DataFrame | None, p: _Params) -> dict[str, Any]:
    """One indicator's proposal row."""
    measure = _text(meta.get("measure"), IndicatorMeasure.UNIT.value)
    direction = _text(meta.get("direction"), Direction.HIGHER_IS_BETTER.value)
    row: dict[str, Any] = {
        "indicator_id": str(meta["indicator_id"]),
        "name": _text(meta.get("name"), str(meta["indicator_id"])),
        "unit": _text(meta.get("unit"), ""),
        "measure": measure,
        "direction": direction,
        "method": p.method,
        "status": "skipped",
        "points": 0,
        "first_year": pd.NA,
        "last_year": pd.NA,
        "last_actual": math.nan,
        "year": p.year,
        "forecast": math.nan,
        "lower": math.nan,
        "upper": math.nan,
        "level": p.level,
        "stretch": p.stretch,
        "target": math.nan,
        "explanation": "",
    }
    lang = p.lang
    if measure == IndicatorMeasure.QUALITATIVE.value:
        row["explanation"] = text(
            "Qualitative indicator: there are no numeric actuals to extrapolate; set its "
            "target in words.",
            lang,
        )
        return row
    if hist is None or hist.empty:
        row["explanation"] = text(
            "No actual before {year}: there is nothing to base a target on.", lang, year=p.year
        )
        return row
    years = hist["year"].to_numpy(dtype="float64")
    y = hist["actual"].to_numpy(dtype="float64")
    if len(np.unique(years)) < len(years):
        doubled = sorted({int(v) for v in years[pd.Series(years).duplicated().to_numpy()]})
        row["explanation"] = text(
            "Several periods start in {years}: proposals work on yearly series; add the "
            "periods up (or average them) per year first.",
            lang,
            years=", ".join(map(str, doubled)),
        )
        return row
    row.update(
        points=len(y),
        first_year=int(years[0]),
        last_year=int(years[-1]),
        last_actual=float(y[-1]),
    )
    lower_better = direction == Direction.LOWER_IS_BETTER.value
    if len(y) < 2:
        fc = _Forecast(float(y[-1]), math.nan, math.nan)
        row["status"] = "naive"
        head = ""
    else:
        fc, head = _forecast(years, y, p)
        row["status"] = "proposed"
    value, lower, upper, note = _bounded(fc, measure, lang)
    target = value - p.stretch * abs(value) if lower_better else value + p.stretch * abs(value)
    low_limit, high_limit = _limits(measure)
    shown = _fmt_all([value, lower, upper, target], lang)
    if row["status"] == "naive":
        said = text(
            "Only 1 actual ({last_year}: {last}): at least 2 are needed for a trend, so the "
            "naive proposal for {year} is the last actual unchanged; no band can be estimated",
            lang,
            last_year=int(years[-1]),
            last=_fmt(float(y[-1]), lang),
            year=p.year,
        )
    elif math.isnan(lower):
        said = text(
            "{method} gives {value} for {year}; two points fit a line exactly, so no band can "
            "be estimated",
            lang,
            method=head,
            value=shown[0],
            year=p.year,
        )
    else:
        said = text(
            "{method} gives {value} for {year} ({level} band {lower}–{upper})",
            lang,
            method=head,
            value=shown[0],
            year=p.year,
            level=_pct(p.level, lang),
            lower=shown[1],
            upper=shown[2],
        )
    if p.stretch:
        stretched = (
            N_("; with {stretch} stretch (lower is better): {target}.")
            if lower_better
            else N_("; with {stretch} stretch (higher is better): {target}.")
        )
        said += text(stretched, lang, stretch=_pct(p.stretch, lang), target=shown[3])
        if not low_limit <= target <= high_limit:
            target = min(max(target, low_limit), high_limit)
            said += " " + text(
                "That is outside the possible range, so the target is {target}.",
                lang,
                target=_fmt(target, lang),
            )
    else:
        said += text("; no stretch: the target is the forecast.", lang)
    if note:
        said += " " + note
    if row["status"] == "proposed" and not math.isnan(lower):
        if upper - lower == 0:
            same = (
                N_("The actuals are all equal, so the band has zero width.")
                if p.method == "mean"
                else N_("The actuals lie exactly on a line, so the band has zero width.")
            )
            said += " " + text(same, lang)
        if len(y) < FEW_POINTS:
            said += " " + text("Few points: treat the band as rough.", lang)
    row.update(forecast=value, lower=lower, upper=upper, target=target, explanation=said)
    return row


def _forecast(years: np.ndarray, y: np.ndarray, p: _Params) -> tuple[_Forecast, str]:
    """The method's forecast and the head of its explanation (the method and the data used)."""
    n = len(y)
    span = _span(years)
    lang = p.lang
    if p.method == "linear":
        return _linear(years, y, float(p.year), p.level), text(
            "Linear trend over {span} ({n} points, least squares)", lang, span=span, n=n
        )
    if p.method == "holt":
        h = max(1, int(p.year - years[-1]))
        return _holt(y, h, p.level, p.alpha, p.beta), text(
            "Holt's linear smoothing (α = {alpha}, β = {beta}) over {span} ({n} points)",
            lang,
            alpha=number(p.alpha, lang, None),
            beta=number(p.beta, lang, None),
            span=span,
            n=n,
        )
    k = min(p.window, n)
    return _mean(y[-k:], p.level), text(
        "Mean of the last {k} actuals ({span})", lang, k=k, span=_span(years[-k:])
    )


def _limits(measure: str) -> tuple[float, float]:
    """The possible range of a measure: counts ≥ 0, percentages 0–100, others unbounded."""
    low_limit = 0.0 if measure in ("unit", "percentage") else -math.inf
    high_limit = 100.0 if measure == "percentage" else math.inf
    return low_limit, high_limit


def _bounded(fc: _Forecast, measure: str, lang: Lang) -> tuple[float, float, float, str]:
    """Keep a forecast and its band within the measure's possible range; say so if needed."""
    low_limit, high_limit = _limits(measure)
    value = min(max(fc.value, low_limit), high_limit)
    lower = fc.lower if math.isnan(fc.lower) else min(max(fc.lower, low_limit), high_limit)
    upper = fc.upper if math.isnan(fc.upper) else min(max(fc.upper, low_limit), high_limit)
    note = ""
    if value != fc.value:
        bound = _fmt(low_limit if fc.value < low_limit else high_limit, lang)
        note = text(
            "The method gives {value}, outside the possible range; the forecast is held at "
            "{bound}.",
            lang,
            value=_fmt(fc.value, lang),
            bound=bound,
        )
    elif (lower, upper) != (fc.lower, fc.upper) and not math.isnan(fc.lower):
        note = text("The band is cut where it leaves the possible range of the measure.", lang)
    return value, lower, upper, note
