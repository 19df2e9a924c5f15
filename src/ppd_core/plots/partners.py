"""Charts of the partners: who joins, stays and lapses each year, and the network they form.

* :func:`partner_dynamics_chart` — new, retained and lapsed partners per year under the
  retention rate;
* :func:`partner_network_chart` — organisations and partners linked by joint activities, with
  the critical partners highlighted and every label placed where it overlaps least.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ppd_core.i18n import Lang, text
from ppd_core.i18n.format import count, percent
from ppd_core.plots import style as look
from ppd_core.plots._periods import period_column, period_keys, span_of, time_ticks
from ppd_core.plots.labels import place_labels, plain, point_labels, titles, wrap

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["partner_dynamics_chart", "partner_network_chart"]


def partner_dynamics_chart(partner_dynamics_frame: pd.DataFrame, *, lang: Lang = "en") -> Figure:
    """New, retained and lapsed partners per year (bars) under the retention rate (line).

    Two panels share the years: the retention rate on top, the counts of new, retained and
    lapsed partners below, each labelled with its value.

    Args:
        partner_dynamics_frame: :func:`ppd_core.metrics.partner_dynamics`, ungrouped (or
            filtered to one group).
        lang: Language of every text.

    Returns:
        The figure.

    Raises:
        ValueError: if the frame holds several groups (e.g. several organisations).
    """
    from matplotlib.patches import Patch

    frame = partner_dynamics_frame
    extra = [c for c in ("organisation", "level", "parent") if c in frame.columns]
    if extra and len(frame[extra].drop_duplicates()) > 1:
        raise ValueError(
            f"partner_dynamics_chart draws one group; filter the frame on {extra} first"
        )
    frame = frame.assign(_period=period_column(frame["year"], "year"))
    keys = period_keys(frame["_period"], "year")
    fig = look.figure(10.0, 7.0)
    rate_ax, ax = fig.subplots(2, 1, sharex=True, height_ratios=[1.0, 2.4])
    titles(
        fig,
        text(
            "Partners: new, retained and lapsed per year, {span}",
            lang,
            span=span_of(keys, "year", lang),
        ),
        text(
            "A partner is active in a year when it takes part in an activity starting that year; "
            "retention rate = partners retained ÷ partners active the year before",
            lang,
        ),
    )
    if not keys:
        look.no_data(rate_ax, lang)
        look.no_data(ax, lang)
        return fig
    per = frame.set_index("_period").reindex(keys)
    x = np.arange(len(keys))
    rate = per["retention_rate"].to_numpy(dtype="float64")
    rate_ax.plot(x, rate, color=look.INK, marker="o", linewidth=2.2, markersize=6)
    point_labels(rate_ax, x, rate, [percent(float(r), lang) for r in rate])
    look.style(rate_ax)
    rate_ax.set_ylim(0, 1.18)
    rate_ax.set_yticks([0, 0.5, 1.0])
    rate_ax.yaxis.set_major_formatter(look.formatter(lambda v: percent(v, lang)))
    look.panel_title(rate_ax, text("Retention rate", lang))
    width = 0.26
    series = (
        ("new", look.GREEN, text("New", lang)),
        ("retained", look.BLUE, text("Retained", lang)),
        ("lapsed", look.VERMILLION, text("Lapsed", lang)),
    )
    for i, (column, colour, _label) in enumerate(series):
        values = per[column].fillna(0).to_numpy(dtype="float64")
        offset = (i - 1) * (width + 0.02)
        ax.bar(x + offset, values, width, color=colour)
        if len(keys) <= 10:
            for xi, v in zip(x, values, strict=True):
                ax.text(
                    float(xi + offset),
                    float(v),
                    count(float(v), lang),
                    ha="center",
                    va="bottom",
                    fontsize=look.LABEL_SIZE - 0.5,
                    color=look.INK,
                )
    look.style(ax)
    ax.margins(y=0.1)
    ax.yaxis.set_major_formatter(look.formatter(lambda v: count(v, lang)))
    look.panel_title(ax, text("Partners", lang))
    time_ticks(ax, keys, "year", lang)
    ax.legend(
        [Patch(facecolor=c) for _, c, _ in series],
        [label for _, _, label in series],
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=3,
        frameon=False,
        fontsize=look.LEGEND_SIZE,
        borderaxespad=0.1,
    )
    return fig


# -- 5. partner network -------------------------------------------------------------------------


def partner_network_chart(
    graph: Any,
    critical: pd.DataFrame | None = None,
    *,
    max_partners: int = 60,
    max_organisations: int = 40,
    organisation_labels: Mapping[str, str] | None = None,
    partner_labels: Mapping[str, str] | None = None,
    period: str | None = None,
    seed: int = 7,
    lang: Lang = "en",
) -> Figure:
    """The network of organisations (blue squares) and partners (orange circles).

    An edge is at least one joint activity; node size grows with the number of links. The
    partners listed in ``critical`` are drawn in red and labelled, and every organisation is
    labelled; labels are placed where they overlap least. The layout is a spring layout with
    a fixed seed, so the same graph always gives the same picture. Big graphs are cut to the
    partners (and then the organisations) with most links; the subtitle says so.

    Args:
        graph: :func:`ppd_core.metrics.partner_graph` (nodes ``("org", id)`` and
            ``("partner", id)``).
        critical: :func:`ppd_core.metrics.critical_partners` (its ``partner`` column): the
            partners to highlight; ``None`` highlights none.
        max_partners: Draw at most this many partners (most links first).
        max_organisations: Draw at most this many organisations (most links first).
        organisation_labels: Display names by organisation id (default: the ids).
        partner_labels: Display names by partner id (default: the ids).
        period: What period the graph covers, for the title (default: all years).
        seed: Seed of the layout.
        lang: Language of every text.

    Returns:
        The figure.
    """
    import networkx as nx
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    if max_partners + max_organisations >= 500:
        raise ValueError("draw fewer than 500 nodes: lower max_partners or max_organisations")
    orgs_all = [n for n in graph.nodes if n[0] == "org"]
    partners_all = [n for n in graph.nodes if n[0] == "partner"]
    degree: dict[Any, int] = dict(graph.degree())

    def most_linked(nodes: list[Any], limit: int) -> list[Any]:
        ranked = sorted(nodes, key=lambda n: (-degree[n], str(n[1])))
        return ranked[: max(0, limit)]

    partners = most_linked(partners_all, max_partners)
    linked = {m for p in partners for m in graph.neighbors(p)}
    orgs = most_linked([o for o in orgs_all if o in linked], max_organisations)
    cut = len(partners) < len(partners_all) or len(orgs) < len(orgs_all)
    kept = graph.subgraph([*orgs, *partners])
    nodes = sorted((n for n in kept.nodes if kept.degree(n) > 0), key=lambda n: (n[0], str(n[1])))
    highlighted = (
        {str(p) for p in critical["partner"]} if critical is not None and len(critical) else set()
    )
    fig = look.figure(11.0, 9.5)
    ax = fig.subplots()
    subtitle = text(
        "{orgs} organisations (squares) and {partners} partners (circles) linked by joint "
        "activities; size = number of links",
        lang,
        orgs=count(sum(1 for n in nodes if n[0] == "org"), lang),
        partners=count(sum(1 for n in nodes if n[0] == "partner"), lang),
    )
    if highlighted:
        subtitle += "; " + text(
            "red and labelled: critical partners, whose loss would cut organisations off from "
            "each other (or the most central)",
            lang,
        )
    if cut:
        subtitle += "; " + text(
            "showing the {partners} partners and {orgs} organisations with most links, of {all_p} "
            "partners and {all_o} organisations",
            lang,
            partners=count(len(partners), lang),
            orgs=count(len(orgs), lang),
            all_p=count(len(partners_all), lang),
            all_o=count(len(orgs_all), lang),
        )
    titles(
        fig, text("Partner network, {span}", lang, span=period or text("all years", lang)), subtitle
    )
    if not nodes:
        look.no_data(ax, lang)
        return fig
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(
        sorted(kept.subgraph(nodes).edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    )
    spacing = 4.0 / math.sqrt(ordered.number_of_nodes())
    pos = nx.spring_layout(ordered, k=spacing, iterations=300, seed=seed, weight=None)
    xy = {n: np.asarray(pos[n], dtype="float64") for n in nodes}
    widths = [
        0.6 + 0.6 * math.log1p(float(d.get("weight", 1))) for _, _, d in ordered.edges(data=True)
    ]
    ax.add_collection(
        LineCollection(
            [[xy[a], xy[b]] for a, b in ordered.edges],
            colors="#BDBDBD",
            alpha=min(1.0, max(0.2, 200 / max(1, ordered.number_of_edges()))),
            linewidths=widths,
            zorder=1,
        )
    )
    top_degree = max(degree[n] for n in nodes)

    def area(n: Any) -> float:
        return 40.0 + 520.0 * math.sqrt(degree[n] / top_degree)

    groups = (
        ([n for n in nodes if n[0] == "org"], "s", look.BLUE, "white", 0.8),
        (
            [n for n in nodes if n[0] == "partner" and str(n[1]) not in highlighted],
            "o",
            look.ORANGE,
            "white",
            0.8,
        ),
        (
            [n for n in nodes if n[0] == "partner" and str(n[1]) in highlighted],
            "o",
            look.VERMILLION,
            look.INK,
            1.4,
        ),
    )
    for members, marker, colour, edge, line in groups:
        if members:
            points = np.array([xy[n] for n in members])
            ax.scatter(
                points[:, 0],
                points[:, 1],
                s=[area(n) for n in members],
                marker=marker,
                c=colour,
                edgecolors=edge,
                linewidths=line,
                zorder=3,
            )
    every = np.array(list(xy.values()))
    low, high = every.min(axis=0), every.max(axis=0)
    pad = (high - low) * 0.06 + 0.05
    ax.set_xlim(float(low[0] - pad[0]), float(high[0] + pad[0]))
    ax.set_ylim(float(low[1] - pad[1]), float(high[1] + pad[1]))
    ax.set_axis_off()
    handles = [
        Line2D([], [], marker="s", linestyle="", markersize=10, color=look.BLUE),
        Line2D([], [], marker="o", linestyle="", markersize=10, color=look.ORANGE),
    ]
    names = [text("Organisation", lang), text("Partner", lang)]
    if highlighted:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                color=look.VERMILLION,
                markeredgecolor=look.INK,
            )
        )
        names.append(text("Critical partner", lang))
    look.legend(ax, handles, names, 3)
    org_names = organisation_labels or {}
    partner_names = partner_labels or {}
    labelled = [n for n in nodes if n[0] == "partner" and str(n[1]) in highlighted]
    labelled += sorted((n for n in nodes if n[0] == "org"), key=lambda n: -degree[n])
    texts = {
        n: plain(org_names.get(str(n[1]), str(n[1])))
        if n[0] == "org"
        else wrap(plain(partner_names.get(str(n[1]), str(n[1]))), 26)
        for n in labelled
    }
    place_labels(fig, ax, xy, area, labelled, texts)
    return fig
