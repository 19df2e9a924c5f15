"""Charts of how much the organisations do: activities and participants, substantive or ceremonial.

* :func:`activity_trend` — activities (top) and participants (bottom) per period, one line for
  the total or one per group;
* :func:`substantive_trend` — the share of substantive against ceremonial activities per
  period, as 100 % stacked bars.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ppd_core.i18n import Lang, text
from ppd_core.i18n.format import count, percent
from ppd_core.plots import style as look
from ppd_core.plots._names import category_label, dimension_name
from ppd_core.plots._periods import period_column, period_keys, period_name, span_of, time_ticks
from ppd_core.plots.labels import point_labels, titles

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["activity_trend", "substantive_trend"]


def activity_trend(
    volume_frame: pd.DataFrame,
    by: str = "year",
    *,
    split: str | None = None,
    max_groups: int = 7,
    lang: Lang = "en",
) -> Figure:
    """Trend of activities (top panel) and participants (bottom panel) over time.

    One line for the total, or one line per group of ``split`` (e.g. organisation level,
    labelled in ``lang``); periods with no activities count as zero, so gaps show as dips.

    Args:
        volume_frame: :func:`ppd_core.metrics.volume` grouped by ``[by]`` or ``[by, split]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        split: A second dimension in the frame to draw one line per group.
        max_groups: Draw at most this many groups (the largest by activities).
        lang: Language of every text.

    Returns:
        The figure (two panels sharing the time axis).
    """
    frame = volume_frame.assign(_period=period_column(volume_frame[by], by))
    keys = period_keys(frame["_period"], by)
    fig = look.figure(10.0, 7.5)
    top, bottom = fig.subplots(2, 1, sharex=True)
    subtitle = text(
        "Activities led by the organisations, by the {period} they start (actual start, else "
        "planned); participants counted per activity",
        lang,
        period=period_name(by, lang),
    )
    if split is not None:
        subtitle += ". " + text("By {dimension}", lang, dimension=dimension_name(split, lang))
    title = text(
        "Activities and participants per {period}, {span}",
        lang,
        period=period_name(by, lang),
        span=span_of(keys, by, lang) if keys else "–",
    )
    if not keys:
        titles(fig, title, subtitle)
        look.no_data(top, lang)
        look.no_data(bottom, lang)
        return fig
    lines: list[tuple[str, pd.DataFrame]]
    if split is None:
        lines = [("", frame)]
    else:
        sizes = frame.groupby(frame[split].astype("str"))["activities"].sum()
        order = sizes.sort_values(ascending=False, kind="stable").index
        lines = [(str(g), frame[frame[split].astype("str") == g]) for g in order[:max_groups]]
        if len(order) > max_groups:
            subtitle += (
                " ("
                + text(
                    "the {shown} largest of {total} groups shown",
                    lang,
                    shown=max_groups,
                    total=len(order),
                )
                + ")"
            )
    x = np.arange(len(keys))
    for i, (group, part) in enumerate(lines):
        colour = look.PALETTE[i % len(look.PALETTE)]
        label = category_label(split, group, lang) if split else None
        per = part.groupby("_period")[["activities", "participants"]].sum().reindex(keys)
        for ax, column in ((top, "activities"), (bottom, "participants")):
            y = per[column].fillna(0.0).to_numpy(dtype="float64")
            ax.plot(x, y, marker="o", linewidth=2.4, markersize=6, color=colour, label=label)
            if split is None and len(keys) <= 12:
                point_labels(ax, x, y, [count(float(v), lang) for v in y])
    for ax, panel in ((top, text("Activities", lang)), (bottom, text("Participants", lang))):
        look.style(ax)
        look.panel_title(ax, panel)
        ax.set_ylim(bottom=0)
        ax.margins(y=0.18)
        ax.yaxis.set_major_formatter(look.formatter(lambda v: count(v, lang)))
    time_ticks(bottom, keys, by, lang)
    if split is not None:
        top.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=look.LEGEND_SIZE,
            title=dimension_name(split, lang).capitalize(),
            title_fontsize=look.LEGEND_SIZE,
        )
    titles(fig, title, subtitle)
    return fig


# -- 2. substantive vs ceremonial ---------------------------------------------------------------


def substantive_trend(
    substantive_share_frame: pd.DataFrame, by: str = "year", *, lang: Lang = "en"
) -> Figure:
    """Share of substantive against ceremonial activities per period, as 100 % stacked bars.

    Each bar splits the period's activities into substantive (evidence of results: an
    agreement, resources, an output or a follow-up) and ceremonial, with both percentages
    written on the bar and the number of activities above it.

    Args:
        substantive_share_frame: :func:`ppd_core.metrics.substantive_share` grouped by ``[by]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    frame = substantive_share_frame.assign(_period=period_column(substantive_share_frame[by], by))
    keys = period_keys(frame["_period"], by)
    fig = look.figure(10.0, 6.2)
    ax = fig.subplots()
    span = span_of(keys, by, lang)
    titles(
        fig,
        text("Substantive and ceremonial activities, {span}", lang, span=span),
        text(
            "Substantive: an agreement signed, resources committed, a measurable output or a "
            "follow-up activity recorded; ceremonial: none of these. Above each bar: number of "
            "activities",
            lang,
        ),
    )
    if not keys:
        look.no_data(ax, lang)
        return fig
    per = frame.set_index("_period").reindex(keys)
    substantive = per["share_substantive"].to_numpy(dtype="float64")
    ceremonial = per["share_ceremonial"].to_numpy(dtype="float64")
    counts = per["activities"].fillna(0.0).to_numpy(dtype="float64")
    x = np.arange(len(keys))
    width = 0.62
    solid = np.nan_to_num(substantive)
    light = np.nan_to_num(ceremonial)
    ax.bar(x, solid, width, color=look.BLUE, label=text("Substantive", lang))
    ax.bar(x, light, width, bottom=solid, color=look.ORANGE, label=text("Ceremonial", lang))
    small = len(keys) <= 16
    for xi, s, c, n in zip(x, substantive, ceremonial, counts, strict=True):
        if small and math.isfinite(s):
            if s >= 0.06:
                ax.text(
                    float(xi),
                    float(s / 2),
                    percent(float(s), lang),
                    ha="center",
                    va="center",
                    fontsize=look.LABEL_SIZE + 0.5,
                    color="white",
                    fontweight="bold",
                )
            if c >= 0.06:
                ax.text(
                    float(xi),
                    float(s + c / 2),
                    percent(float(c), lang),
                    ha="center",
                    va="center",
                    fontsize=look.LABEL_SIZE + 0.5,
                    color=look.INK,
                )
        if small:
            ax.text(
                float(xi),
                1.015,
                f"n = {count(float(n), lang)}",
                ha="center",
                va="bottom",
                fontsize=look.LABEL_SIZE - 0.5,
                color=look.MUTED,
            )
    look.style(ax, grid=None)
    ax.set_ylim(0, 1.07)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.yaxis.set_major_formatter(look.formatter(lambda v: percent(v, lang)))
    ax.set_ylabel(text("Share of activities", lang), fontsize=look.TICK_SIZE, color=look.INK)
    time_ticks(ax, keys, by, lang)
    handles, labels = ax.get_legend_handles_labels()
    look.legend(ax, handles, labels, 2)
    return fig
