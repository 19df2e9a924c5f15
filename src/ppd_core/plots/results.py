"""Charts of results against plans: priority coverage, the proactiveness scorecard, attainment.

* :func:`coverage_chart` — share of activities per priority area against the planned share;
* :func:`scorecard_chart` — organisations ranked by the composite proactiveness index;
* :func:`attainment_chart` — traffic lights of indicators by period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ppd_core.i18n import Lang, bilingual, text
from ppd_core.i18n.format import count, number, percent
from ppd_core.metrics._base import NONE
from ppd_core.plots import style as look
from ppd_core.plots._names import category_label
from ppd_core.plots.labels import titles, wrap

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ppd_core.metrics import Thresholds

__all__ = ["attainment_chart", "coverage_chart", "scorecard_chart"]


def coverage_chart(
    priority_coverage_frame: pd.DataFrame,
    *,
    period: str | None = None,
    plan_label: str | None = None,
    tolerance: float = 0.01,
    lang: Lang = "en",
) -> Figure:
    """Share of activities per priority area (bars) against the planned share (black marks).

    Areas below their planned share by more than ``tolerance`` are drawn in vermillion, the
    others in blue; each bar is labelled with its share and the plan. Areas with neither
    activities nor a planned share are kept, so neglected areas stay visible.

    Args:
        priority_coverage_frame: :func:`ppd_core.metrics.priority_coverage`.
        period: What period the activities cover, for the title (default: all years).
        plan_label: Name of the plan compared with (default: "work plan").
        tolerance: A gap smaller than this (in share points) counts as at plan.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    frame = priority_coverage_frame.copy()
    has_plan = bool(frame["planned_share"].notna().any())
    frame = frame[~((frame["priority_area"] == NONE) & ~(frame["share_activities"] > 0))]
    span = period or text("all years", lang)
    rows = max(1, len(frame))
    fig = look.figure(10.5, 2.3 + 0.42 * rows)
    ax = fig.subplots()
    if has_plan:
        title = text(
            "Priority areas: share of activities against the plan, {span}", lang, span=span
        )
        subtitle = text(
            "Share of activities, pro-rated by their priority-area percentages; black mark: "
            "planned share ({plan})",
            lang,
            plan=plan_label or text("work plan", lang),
        )
    else:
        title = text("Priority areas: share of activities, {span}", lang, span=span)
        subtitle = text(
            "Share of activities, pro-rated by their priority-area percentages; no plan to compare",
            lang,
        )
    titles(fig, title, subtitle)
    actual_all = frame["share_activities"].astype("float64")
    if frame.empty or not actual_all.notna().any():
        look.no_data(ax, lang)
        return fig
    frame = frame.assign(
        _plan=frame["planned_share"].astype("float64").fillna(0.0),
        _actual=actual_all.fillna(0.0),
    ).sort_values(["_plan", "_actual"], ascending=False, kind="stable")
    y = np.arange(len(frame))
    actual = frame["_actual"].to_numpy(dtype="float64")
    planned = frame["planned_share"].astype("float64").to_numpy()
    marked = np.isfinite(planned) & (planned > 0)  # areas the plan gives a weight
    below = marked & (actual < np.nan_to_num(planned) - tolerance)
    colours = [look.VERMILLION if b else look.BLUE for b in below]
    ax.barh(y, actual, height=0.62, color=colours, zorder=2)
    if has_plan:
        for yi, a, p, b in zip(y, actual, planned, below, strict=True):
            if b:
                ax.plot(
                    [a, p],
                    [yi, yi],
                    color=look.VERMILLION,
                    linewidth=1.2,
                    linestyle=(0, (2, 2)),
                    zorder=2,
                )
        ax.scatter(
            planned[marked], y[marked], marker="|", s=420, linewidths=3.2, color=look.INK, zorder=3
        )
    top = float(np.nanmax(np.concatenate([actual, np.nan_to_num(planned)])))
    for yi, a, p, m in zip(y, actual, planned, marked, strict=True):
        label = percent(float(a), lang)
        if m:
            label += "  (" + text("plan {share}", lang, share=percent(float(p), lang)) + ")"
        ax.text(
            float(max(a, p) if m else a) + top * 0.025,
            float(yi),
            label,
            va="center",
            ha="left",
            fontsize=look.LABEL_SIZE,
            color=look.INK,
        )
    labels = [
        wrap(category_label("priority_area", code, lang), 34) for code in frame["priority_area"]
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=look.TICK_SIZE - 0.5)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.38 if top > 0 else 1.0)
    look.style(ax, grid="x")
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(look.formatter(lambda v: percent(v, lang)))
    ax.set_xlabel(text("Share of activities", lang), fontsize=look.TICK_SIZE, color=look.INK)
    if has_plan:
        handles: list[Any] = [
            Patch(facecolor=look.BLUE),
            Patch(facecolor=look.VERMILLION),
            Line2D(
                [], [], marker="|", linestyle="", markersize=16, markeredgewidth=3, color=look.INK
            ),
        ]
        names = [
            text("At or above plan", lang),
            text("Below plan", lang),
            text("Planned share", lang),
        ]
        look.legend(ax, handles, names, 3)
    return fig


# -- 7. scorecard -------------------------------------------------------------------------------


def scorecard_chart(
    scorecard_frame: pd.DataFrame,
    *,
    period: str | None = None,
    names: Mapping[str, str] | None = None,
    max_organisations: int = 30,
    lang: Lang = "en",
) -> Figure:
    """Organisations ranked by the composite proactiveness index (horizontal bars).

    The subtitle gives the disparity between the organisations compared — the Gini
    coefficient and the coefficient of variation of the index, from
    :func:`ppd_core.metrics.disparity` over the whole frame.

    Args:
        scorecard_frame: :func:`ppd_core.metrics.scorecard`.
        period: The period scored, for the title (default: all years).
        names: Display names by organisation id (default: the ids).
        max_organisations: Draw at most this many organisations (best ranked first).
        lang: Language of every text.

    Returns:
        The figure.
    """
    from ppd_core.metrics import disparity

    frame = scorecard_frame.sort_values(["rank", "organisation"], kind="stable")
    stats = disparity(frame)
    shown = frame.head(max_organisations)
    fig = look.figure(10.0, 2.4 + 0.36 * max(1, len(shown)))
    ax = fig.subplots()
    subtitle = text(
        "Composite of activities, participants, substantive share, resources disbursed, new "
        "partners and follow-up, each scaled 0–1 across the organisations and weighted",
        lang,
    )
    if stats["organisations"] >= 2:
        subtitle += ". " + text(
            "Disparity across {n} organisations: Gini {gini}, coefficient of variation {cv}",
            lang,
            n=count(stats["organisations"], lang),
            gini=number(stats["gini"], lang, 2),
            cv=number(stats["cv"], lang, 2),
        )
    if len(shown) < len(frame):
        subtitle += " (" + text("the top {shown} shown", lang, shown=len(shown)) + ")"
    titles(
        fig,
        text(
            "Proactiveness index of organisations, {span}",
            lang,
            span=period or text("all years", lang),
        ),
        subtitle,
    )
    if shown.empty:
        look.no_data(ax, lang)
        return fig
    labelled = names or {}
    y = np.arange(len(shown))
    values = shown["index"].to_numpy(dtype="float64")
    ax.barh(y, values, height=0.66, color=look.BLUE, zorder=2)
    for yi, v in zip(y, values, strict=True):
        ax.text(
            float(v) + 0.01,
            float(yi),
            number(float(v), lang, 2),
            va="center",
            ha="left",
            fontsize=look.LABEL_SIZE,
            color=look.INK,
        )
    ax.set_yticks(y)
    ax.set_yticklabels(
        [
            f"{int(r)}. {labelled.get(str(o), str(o))}"
            for r, o in zip(shown["rank"], shown["organisation"], strict=True)
        ],
        fontsize=look.TICK_SIZE - 0.5,
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    look.style(ax, grid="x")
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(look.formatter(lambda v: number(v, lang, 1)))
    ax.set_xlabel(text("Index (0–1)", lang), fontsize=look.TICK_SIZE, color=look.INK)
    return fig


# -- 8. target attainment -----------------------------------------------------------------------


def _period_of(start: Any, end: Any) -> str:
    """``2025`` for a calendar year, else ``03/2025–08/2025``."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if pd.isna(s):
        return NONE
    if pd.notna(e) and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return str(s.year)
    end_text = f"{e.month:02d}/{e.year}" if pd.notna(e) else "…"
    return f"{s.month:02d}/{s.year}–{end_text}"


def attainment_chart(
    target_attainment_frame: pd.DataFrame,
    *,
    thresholds: Thresholds | None = None,
    lang: Lang = "en",
) -> Figure:
    """Traffic lights: indicators (rows) by period (columns), coloured by status.

    Green ✓ on track, amber ! at risk, red ✗ off track, grey for no data and hatched white
    for qualitative indicators; each cell shows the progress from baseline to target
    (100 % = target met). Only the aggregate rows are drawn (not disaggregations).

    Args:
        target_attainment_frame: :func:`ppd_core.metrics.target_attainment`.
        thresholds: The thresholds the statuses were computed with (for the subtitle;
            default :class:`ppd_core.metrics.Thresholds`).
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch, Rectangle

    from ppd_core.metrics import Thresholds

    th = thresholds or Thresholds()
    frame = target_attainment_frame
    if "dimension" in frame.columns:
        frame = frame[frame["dimension"].isna()]
    frame = frame.assign(
        _period=[
            _period_of(s, e)
            for s, e in zip(frame["period_start"], frame["period_end"], strict=True)
        ]
    )
    frame = frame[frame["_period"] != NONE]
    periods = frame.sort_values("period_start", kind="stable")["_period"].drop_duplicates().tolist()
    indicators = frame["indicator_id"].drop_duplicates().tolist()
    first = frame.drop_duplicates("indicator_id").set_index("indicator_id")
    vi = first["name_vi"] if "name_vi" in first.columns else pd.Series(None, index=first.index)
    names = pd.Series(
        [bilingual(en, v, lang) for en, v in zip(first["name"], vi, strict=True)], first.index
    )
    rows, columns = max(1, len(indicators)), max(1, len(periods))
    fig = look.figure(max(10.0, 4.6 + 1.05 * columns), 2.6 + 0.62 * rows)
    ax = fig.subplots()
    span = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}" if periods else "–"
    subtitle = text(
        "Progress from baseline towards target ({full} = target met): ✓ on track ≥ {on}, ! at "
        "risk ≥ {risk}, ✗ off track below",
        lang,
        full=percent(1.0, lang),
        on=percent(th.on_track, lang),
        risk=percent(th.at_risk, lang),
    )
    titles(fig, text("Target attainment by indicator, {span}", lang, span=span), subtitle)
    if frame.empty:
        look.no_data(ax, lang)
        return fig
    cells = frame.drop_duplicates(["indicator_id", "_period"]).set_index(
        ["indicator_id", "_period"]
    )
    for r, indicator in enumerate(indicators):
        for c, period in enumerate(periods):
            if (indicator, period) not in cells.index:
                continue
            row = cells.loc[(indicator, period)]
            status = str(row["status"])
            face, ink, symbol = look.STATUS_STYLE.get(status, look.STATUS_STYLE["no data"])
            hatched = status == "qualitative"
            ax.add_patch(
                Rectangle(
                    (c + 0.04, r + 0.06),
                    0.92,
                    0.88,
                    facecolor=face,
                    edgecolor="#9A9A9A" if hatched else "white",
                    hatch="///" if hatched else None,
                    hatchcolor="#C4C4C4" if hatched else None,
                    linewidth=0.8,
                )
            )
            progress = float(row["progress"])
            if hatched:
                label = look.status_label("qualitative", lang)
            elif math.isfinite(progress):
                label = f"{symbol} {percent(progress, lang)}"
            else:
                label = symbol
            ax.text(
                c + 0.5,
                r + 0.5,
                label,
                ha="center",
                va="center",
                fontsize=look.LABEL_SIZE + 0.5,
                color=ink,
                fontweight="bold" if not hatched else "normal",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
                if hatched
                else None,
            )
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(columns) + 0.5)
    ax.set_xticklabels(periods, fontsize=look.TICK_SIZE)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(rows) + 0.5)
    ax.set_yticklabels([wrap(str(names[i]), 36) for i in indicators], fontsize=look.TICK_SIZE - 1)
    ax.tick_params(length=0, colors=look.INK)
    for spine in ax.spines.values():
        spine.set_visible(False)
    statuses = ["on track", "at risk", "off track", "no data", "qualitative"]
    handles = [
        Patch(
            facecolor=look.STATUS_STYLE[s][0],
            edgecolor="#9A9A9A" if s == "qualitative" else "white",
            hatch="///" if s == "qualitative" else None,
            hatchcolor="#C4C4C4" if s == "qualitative" else None,
        )
        for s in statuses
    ]
    labels = [f"{look.STATUS_STYLE[s][2]} {look.status_label(s, lang)}".strip() for s in statuses]
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=3,
        frameon=False,
        fontsize=look.LEGEND_SIZE,
    )
    return fig
