"""Charts of the resources partners bring: by stage and form, and how concentrated they are.

* :func:`resources_by_stage` — pledged, committed and disbursed per period, cash and in kind;
* :func:`concentration_chart` — the Herfindahl–Hirschman index per period against the usual
  reference bands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ppd_core.i18n import Lang, text
from ppd_core.i18n.format import number
from ppd_core.plots import style as look
from ppd_core.plots._periods import period_column, period_keys, period_name, span_of, time_ticks
from ppd_core.plots.labels import point_labels, titles
from ppd_core.vocab import FlowForm, FlowStage

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["concentration_chart", "resources_by_stage"]


def resources_by_stage(
    resources_mobilised_frame: pd.DataFrame,
    currency: str = "USD",
    *,
    by: str = "year",
    lang: Lang = "en",
) -> Figure:
    """Resources mobilised per period as three bars — pledged, committed, disbursed.

    Within each bar, cash (solid) and in-kind (hatched) contributions are stacked, so the
    chart shows both how far pledges travel towards disbursement and in what form.

    Args:
        resources_mobilised_frame: :func:`ppd_core.metrics.resources_mobilised` grouped by
            ``[by]`` (it adds ``stage`` and ``form``).
        currency: The currency the frame was converted to (for the labels).
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch

    frame = resources_mobilised_frame.assign(
        _period=period_column(resources_mobilised_frame[by], by)
    )
    keys = period_keys(frame["_period"], by)
    fig = look.figure(10.5, 6.2)
    ax = fig.subplots()
    span = span_of(keys, by, lang)
    subtitle = text(
        "Pledged → committed → disbursed, by the {period} of each flow, in {currency} at annual "
        "average rates; cash solid, in kind hatched",
        lang,
        period=period_name(by, lang),
        currency=currency,
    )
    titles(
        fig, text("Resources mobilised from partners by stage, {span}", lang, span=span), subtitle
    )
    if not keys or not (frame["amount"].astype("float64") > 0).any():
        look.no_data(ax, lang)
        return fig
    table = frame.pivot_table(
        index="_period", columns=["stage", "form"], values="amount", aggfunc="sum"
    )
    x = np.arange(len(keys))
    width = 0.27
    stages = [s.value for s in FlowStage]
    highest = 0.0
    for i, stage in enumerate(stages):
        colour = look.STAGE_COLOURS[stage]
        bottom = np.zeros(len(keys))
        for form in (FlowForm.CASH.value, FlowForm.IN_KIND.value):
            column = (stage, form)
            values = (
                table[column].reindex(keys).fillna(0.0).to_numpy(dtype="float64")
                if column in table.columns
                else np.zeros(len(keys))
            )
            hatched = form == FlowForm.IN_KIND.value
            ax.bar(
                x + (i - 1) * (width + 0.02),
                values,
                width,
                bottom=bottom,
                color=colour,
                hatch="///" if hatched else None,
                edgecolor="white",
                hatchcolor="white" if hatched else None,
                linewidth=0.6,
            )
            bottom += values
        highest = max(highest, float(bottom.max()))
    look.style(ax)
    ax.set_ylim(0, highest * 1.06)  # stacked bars stick the autoscale to their tops
    ax.yaxis.set_major_formatter(look.formatter(lambda v: number(v, lang)))
    ax.set_ylabel(
        text("Amount ({currency})", lang, currency=currency),
        fontsize=look.TICK_SIZE,
        color=look.INK,
    )
    time_ticks(ax, keys, by, lang)
    handles = [Patch(facecolor=look.STAGE_COLOURS[s]) for s in stages] + [
        Patch(facecolor=look.GREY, edgecolor="white"),
        Patch(facecolor=look.GREY, edgecolor="white", hatch="///", hatchcolor="white"),
    ]
    labels = [FlowStage(s).label(lang) for s in stages] + [
        FlowForm.CASH.label(lang),
        FlowForm.IN_KIND.label(lang),
    ]
    look.legend(ax, handles, labels, 5)
    return fig


def concentration_chart(
    concentration_frame: pd.DataFrame,
    *,
    by: str = "year",
    over: str = "partner",
    stage: FlowStage = FlowStage.DISBURSED,
    lang: Lang = "en",
) -> Figure:
    """Concentration of resources (HHI) per period, against the usual reference bands.

    Shaded bands mark moderate (0.15–0.25) and high (above 0.25) concentration; each point is
    labelled with the HHI and, in brackets, the equivalent number of equal parties (1/HHI).

    Args:
        concentration_frame: :func:`ppd_core.metrics.concentration` grouped by ``[by]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        over: What the frame's concentration is over: ``"partner"`` or ``"country"``.
        stage: The flow stage the frame measured (for the subtitle).
        lang: Language of every text.

    Returns:
        The figure.
    """
    frame = concentration_frame.assign(_period=period_column(concentration_frame[by], by))
    keys = period_keys(frame["_period"], by)
    parties = text("countries", lang) if over == "country" else text("partners", lang)
    stage_text = stage.label(lang).lower()
    fig = look.figure(10.0, 6.0)
    ax = fig.subplots()
    titles(
        fig,
        text(
            "Concentration of resources across {over}, {span}",
            lang,
            over=parties,
            span=span_of(keys, by, lang),
        ),
        text(
            "Herfindahl–Hirschman index (HHI) of {stage} resources; in brackets: the equivalent "
            "number of equal {over} (1/HHI)",
            lang,
            stage=stage_text,
            over=parties,
        ),
    )
    hhi = (
        frame.set_index("_period").reindex(keys)["hhi"].to_numpy(dtype="float64")
        if keys
        else np.array([])
    )
    if not np.isfinite(hhi).any():
        look.no_data(ax, lang)
        return fig
    top = min(1.0, max(0.5, float(np.nanmax(hhi)) * 1.25))
    low_text, high_text = number(0.15, lang, 2), number(0.25, lang, 2)
    bands = (
        (0.0, 0.15, "#FFFFFF", text("Unconcentrated\n(below {low})", lang, low=low_text)),
        (
            0.15,
            0.25,
            "#FCEBC6",
            text("Moderate\nconcentration\n({low}–{high})", lang, low=low_text, high=high_text),
        ),
        (0.25, top, "#F8D3BE", text("High\nconcentration\n(above {high})", lang, high=high_text)),
    )
    x = np.arange(len(keys))
    for low, high, colour, band in bands:
        ax.axhspan(low, high, color=colour, zorder=0, linewidth=0)
        ax.text(
            1.012,
            (low + high) / 2,
            band,
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=look.LABEL_SIZE,
            color=look.MUTED,
            linespacing=1.25,
        )
    for level in (0.15, 0.25):
        ax.axhline(level, color=look.GREY, linewidth=0.8, linestyle=(0, (4, 3)), zorder=1)
    ax.plot(x, hhi, color=look.BLUE, marker="o", linewidth=2.6, markersize=7, zorder=3)
    equivalent = frame.set_index("_period").reindex(keys)["equivalent_parties"]
    texts = [
        f"{number(float(h), lang, 2)} (≈{number(float(e), lang, 1)})"
        for h, e in zip(hhi, equivalent.to_numpy(dtype="float64"), strict=True)
    ]
    point_labels(ax, x, hhi, texts)
    look.style(ax, grid=None)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(look.formatter(lambda v: number(v, lang, 2)))
    ax.set_ylabel("HHI", fontsize=look.TICK_SIZE, color=look.INK)
    time_ticks(ax, keys, by, lang)
    return fig
