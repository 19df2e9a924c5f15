"""The timeline of a work plan: a Gantt chart of its activities over its monthly workload."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ppd_core.i18n import Lang, plural, text
from ppd_core.i18n.format import count
from ppd_core.plots.labels import shorten, titles
from ppd_core.plots.style import BLUE, GREY, PALETTE, VERMILLION, figure, no_data
from ppd_core.vocab import PriorityArea

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ppd_core.models import WorkPlan

__all__ = ["work_plan_timeline"]


def work_plan_timeline(
    plan: WorkPlan, workload: pd.DataFrame | None = None, *, lang: Lang = "en"
) -> Figure:
    """A Gantt-style timeline of a work plan, with its monthly workload underneath.

    Each planned activity is a bar from its start to its end (activities without dates span
    the year, hatched), coloured by its priority area; the lower panel shows the staff-days per
    month from :func:`ppd_core.planning.monthly_workload` (and the capacity when known).

    Args:
        plan: The work plan (e.g. from :func:`ppd_core.planning.work_plan_from`).
        workload: :func:`ppd_core.planning.monthly_workload` of the same plan, or ``None``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from datetime import date as day

    items = list(plan.planned_activities)
    rows = max(1, len(items))
    fig = figure(11.0, 2.5 + 0.32 * rows + (2.4 if workload is not None else 0.0))
    if workload is not None:
        ax, low = fig.subplots(2, 1, height_ratios=[max(2.0, 0.32 * rows), 2.2])
    else:
        ax, low = fig.subplots(), None
    titles(
        fig,
        text("Work plan {year}: timeline and monthly workload", lang, year=plan.year),
        plural(
            "{n} planned activity; bars run from start to end, coloured by priority area",
            "{n} planned activities; bars run from start to end, coloured by priority area",
            len(items),
            lang,
            n=count(len(items), lang),
        ),
    )
    if not items:
        no_data(ax, lang)
        return fig
    areas = sorted({i.priority_area.value for i in items if i.priority_area is not None})
    colour = {a: PALETTE[k % len(PALETTE)] for k, a in enumerate(areas)}
    year_start, year_end = day(plan.year, 1, 1), day(plan.year, 12, 31)
    for k, item in enumerate(reversed(items)):
        start, end = item.start or year_start, item.end or item.start or year_end
        dated = item.start is not None
        area = item.priority_area.value if item.priority_area is not None else None
        ax.barh(
            k,
            (end - start).days + 1,
            left=start.toordinal(),
            height=0.6,
            color=colour.get(area or "", GREY),
            hatch=None if dated else "//",
            edgecolor="white",
        )
    labels = [shorten(i.title, 48) for i in reversed(items)]
    ax.set_yticks(range(len(items)), labels, fontsize=8)
    ticks = [day(plan.year, m, 1).toordinal() for m in range(1, 13)]
    ax.set_xticks(ticks, [str(m) for m in range(1, 13)])
    ax.set_xlim(year_start.toordinal(), year_end.toordinal() + 1)
    ax.set_xlabel(text("month", lang).capitalize())
    for area in areas:
        ax.bar(0, 0, color=colour[area], label=PriorityArea(area).label(lang))
    if areas:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 if low is None else -0.18),
            ncol=min(3, len(areas)),
            frameon=False,
            fontsize=8,
        )
    if low is not None and workload is not None:
        low.bar(workload["month"], workload["staff_days"], color=BLUE)
        if "capacity" in workload and workload["capacity"].notna().any():
            low.step(workload["month"], workload["capacity"], where="mid", color=VERMILLION)
        low.set_xticks(range(1, 13))
        low.set_xlabel(text("month", lang).capitalize())
        low.set_ylabel(text("Staff-days", lang))
    return fig
