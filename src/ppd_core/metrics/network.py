"""The partner network: growth, retention, concentration, mix, sharing and the graph.

>>> from ppd_core.datasets import load_sample
>>> from ppd_core.metrics import partner_dynamics
>>> table = partner_dynamics(load_sample())
>>> list(table.columns)[:5]
['year', 'active', 'new', 'retained', 'lapsed']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.metrics._base import Analysis, Dimensions, analysis, categorical, dimensions, share
from ppd_core.metrics.resources import _flows_by
from ppd_core.vocab import CountryGroup, FlowStage

__all__ = [
    "concentration",
    "critical_partners",
    "hhi",
    "lapsed_partners",
    "partner_dynamics",
    "partner_graph",
    "partner_mix",
    "shared_partners",
]


def _engagements(an: Analysis) -> pd.DataFrame:
    """One row per (activity, partner): row, partner, organisation, year, start."""
    links = an.link("activity_partners").drop_duplicates(["row", "partner_id"])
    rows = links["row"].to_numpy()
    acts = an.activities
    org = an.column("organisation")
    return pd.DataFrame(
        {
            "row": rows,
            "partner": categorical(links["partner_id"]),
            "organisation": pd.Categorical.from_codes(org.codes[rows], dtype=org.dtype),
            "year": acts["year"].to_numpy()[rows],
            "start": acts["start"].to_numpy()[rows],
        }
    )


_PARTNER_GROUPS = ("organisation", "rollup", "level", "parent")


def lapsed_partners(data: Any, year: int, organisation: str | None = None) -> pd.DataFrame:
    """The partners active in ``year`` − 1 but not in ``year``, by name.

    The partners counted as ``lapsed`` by :func:`partner_dynamics`, one row each: ``partner``
    (id), ``name``, ``country``, ``activities`` (how many activities of ``year`` − 1 they
    took part in) and ``last_activity`` (the start of the latest of them).

    Args:
        data: A Dataset, its frames or an Analysis.
        year: The year the partners lapsed in.
        organisation: Only this organisation's partners, its members' included (``rollup``).

    >>> from ppd_core.datasets import load_sample
    >>> lapsed = lapsed_partners(load_sample(), 2025)
    >>> len(lapsed) == int(partner_dynamics(load_sample()).set_index("year").loc[2025, "lapsed"])
    True
    """
    an = analysis(data)
    eng = _engagements(an)
    if organisation is not None:
        roll = an.column("rollup")
        mine = pd.Categorical.from_codes(roll.codes[eng["row"].to_numpy()], dtype=roll.dtype)
        eng = eng[np.asarray(mine == organisation)]
    years = eng["year"].astype("float64")
    before = eng[(years == year - 1).to_numpy()]
    now = set(eng.loc[(years == year).to_numpy(), "partner"].astype(str))
    gone = before[~before["partner"].astype(str).isin(now)]
    per = (
        gone.assign(partner=gone["partner"].astype(str))
        .groupby("partner")
        .agg(activities=("row", "nunique"), last_activity=("start", "max"))
        .reset_index()
    )
    partners = an.frames["partners"].drop_duplicates("id").set_index("id")
    per.insert(1, "name", per["partner"].map(partners["name"].astype(object)))
    per.insert(2, "country", per["partner"].map(partners["country"].astype(object)))
    return per.sort_values(["activities", "partner"], ascending=[False, True]).reset_index(
        drop=True
    )


def partner_dynamics(data: Any, by: Dimensions = ()) -> pd.DataFrame:
    """New, active, retained and lapsed partners per year, and the retention rate.

    A partner is *active* in year *Y* (for a group, e.g. an organisation) when it takes part
    in at least one activity starting in *Y*. Formulas per group and year:

    * ``new`` — active in *Y* and in no earlier year;
    * ``retained`` — active in *Y* and in *Y* − 1;
    * ``lapsed`` — active in *Y* − 1 but not in *Y*;
    * ``retention_rate`` = retained / active in *Y* − 1 (NaN for the first year).

    Args:
        data: A Dataset, its frames or an Analysis.
        by: Extra grouping: ``organisation``, ``rollup`` (an organisation with its members),
            ``level`` or ``parent`` (whose partners).
    """
    an = analysis(data)
    eng = _engagements(an)
    keys = dimensions(by)
    for d in keys:
        if d not in _PARTNER_GROUPS:
            raise ValueError(f"partner_dynamics groups by {', '.join(_PARTNER_GROUPS)}; not {d!r}")
        if d != "organisation":
            cat = an.column(d)
            eng[d] = pd.Categorical.from_codes(cat.codes[eng["row"].to_numpy()], dtype=cat.dtype)
    eng = eng.dropna(subset=["year"])
    eng["year"] = eng["year"].astype(int)
    active = eng.drop_duplicates([*keys, "partner", "year"])[[*keys, "partner", "year"]]
    if active.empty:
        cols = [*keys, "year", "active", "new", "retained", "lapsed", "retention_rate"]
        return pd.DataFrame(columns=cols)
    first = active.groupby([*keys, "partner"], observed=True)["year"].transform("min")
    active = active.assign(is_new=(active["year"] == first))
    prev = active.assign(year=active["year"] + 1)[[*keys, "partner", "year"]].assign(was=True)
    cur = active.merge(prev, on=[*keys, "partner", "year"], how="left")
    cur["retained"] = cur["was"].fillna(False).astype(bool)
    years = range(int(active["year"].min()), int(active["year"].max()) + 1)
    groups = active[keys].drop_duplicates() if keys else pd.DataFrame(index=[0])
    grid = groups.merge(pd.DataFrame({"year": list(years)}), how="cross")
    per = (
        cur.groupby([*keys, "year"], observed=True)
        .agg(active=("partner", "size"), new=("is_new", "sum"), retained=("retained", "sum"))
        .reset_index()
    )
    out = grid.merge(per, on=[*keys, "year"], how="left").fillna(
        {"active": 0, "new": 0, "retained": 0}
    )
    for col in ("active", "new", "retained"):
        out[col] = out[col].astype(int)
    prev_active = (
        out.groupby(keys, observed=True)["active"].shift(1) if keys else (out["active"].shift(1))
    )
    out["lapsed"] = (prev_active - out["retained"]).fillna(0).astype(int)
    out["retention_rate"] = share(out["retained"], prev_active)
    return out[[*keys, "year", "active", "new", "retained", "lapsed", "retention_rate"]]


def hhi(values: pd.Series | np.ndarray | Sequence[float]) -> float:
    """Herfindahl–Hirschman index of concentration: Σ sᵢ², with sᵢ each value's share.

    1.0 when one party holds everything; 1/n when n parties hold equal shares; NaN when the
    total is zero.

    >>> hhi([50, 50]), hhi([100, 0]), hhi([1, 1, 1, 1])
    (0.5, 1.0, 0.25)
    """
    v = np.asarray(values, dtype="float64")
    total = v.sum()
    if total <= 0:
        return float("nan")
    return float(((v / total) ** 2).sum())


def concentration(
    data: Any,
    by: Dimensions = (),
    *,
    over: str = "partner",
    stage: FlowStage = FlowStage.DISBURSED,
    currency: str = "USD",
) -> pd.DataFrame:
    """Concentration (HHI) of resources mobilised over partners or countries, per group.

    Formula: HHI = Σ sᵢ² with sᵢ the share of party *i* (a partner, or a country with flows
    pro-rated by the activity's country percentages) in the group's resources at ``stage``.
    Also reports ``parties`` (with resources), ``top_share`` and ``equivalent_parties`` =
    1 / HHI (the number of equal parties giving the same concentration).
    """
    an = analysis(data)
    if over not in ("partner", "country"):
        raise ValueError("concentration is over 'partner' or 'country'")
    keys = dimensions(by)
    flows = _flows_by(an, [*keys, over], currency, "flow")
    flows = flows[flows["stage"] == stage.value]
    per = flows.groupby([*keys, over], observed=True)["value"].sum().reset_index()
    per = per[per["value"] > 0]
    grouped = per.groupby(keys, observed=True)["value"] if keys else [((), per["value"])]
    rows = []
    for key, vals in grouped:
        h = hhi(vals)
        total = float(vals.sum())
        k = key if isinstance(key, tuple) else (key,)
        rows.append(
            {
                **dict(zip(keys, k, strict=False)),
                "parties": len(vals),
                "total": total,
                "hhi": h,
                "top_share": float(vals.max()) / total if total else float("nan"),
                "equivalent_parties": 1 / h if h > 0 else float("nan"),  # NaN > 0 is False
            }
        )
    return pd.DataFrame(
        rows, columns=[*keys, "parties", "total", "hhi", "top_share", "equivalent_parties"]
    )


def partner_mix(data: Any, by: Dimensions = ("year",), *, of: str = "partner_type") -> pd.DataFrame:
    """Mix of active partners by partner type or country group, per group.

    A partner counts once per group; for ``of="country_group"`` its country's groups on the
    day of its first activity in the group (groups overlap: a Lao partner is both a
    neighbour and ASEAN). Formula: ``share`` = partners in the category / active partners.
    """
    an = analysis(data)
    eng = _engagements(an)
    keys = dimensions(by)
    for d in keys:
        cat = an.column(d)
        eng[d] = pd.Categorical.from_codes(cat.codes[eng["row"].to_numpy()], dtype=cat.dtype)
    first = eng.sort_values("start").drop_duplicates([*keys, "partner"])
    partners = an.frames["partners"].drop_duplicates("id").set_index("id")
    if of == "partner_type":
        cats = first.assign(category=first["partner"].map(partners["type"].astype("str")))
    elif of == "country_group":
        country = first["partner"].map(partners["country"].astype("str"))
        parts = []
        for group in CountryGroup:
            member = an.reference.in_group(group, country, first["start"]).to_numpy()
            parts.append(first[member].assign(category=group.value))
        cats = pd.concat(parts, ignore_index=True)
    else:
        raise ValueError("partner_mix is of 'partner_type' or 'country_group'")
    counts = cats.groupby([*keys, "category"], observed=True)["partner"].nunique()
    totals = (
        first.groupby(keys, observed=True)["partner"].nunique()
        if keys
        else pd.Series([first["partner"].nunique()])
    )
    out = counts.rename("partners").reset_index()
    if keys:
        out = out.merge(totals.rename("active").reset_index(), on=keys)
    else:
        out["active"] = int(totals.iloc[0])
    out["share"] = share(out["partners"], out["active"])
    return out


def shared_partners(data: Any, *, minimum: int = 2) -> pd.DataFrame:
    """Partners engaged by at least ``minimum`` different organisations of the system.

    Returns:
        One row per shared partner: ``partner``, ``organisations`` (count), ``activities``
        and the ``organisation_ids`` (sorted, comma-separated), most shared first.
    """
    an = analysis(data)
    eng = _engagements(an)
    per = (
        eng.groupby("partner")
        .agg(
            organisations=("organisation", "nunique"),
            activities=("row", "nunique"),
            organisation_ids=("organisation", lambda s: ", ".join(sorted(set(s)))),
        )
        .reset_index()
    )
    per = per[per["organisations"] >= minimum]
    return per.sort_values(
        ["organisations", "activities", "partner"], ascending=[False, False, True]
    ).reset_index(drop=True)


def partner_graph(data: Any) -> Any:
    """The network of organisations and partners linked by activities (a networkx Graph).

    Nodes are ``("org", id)`` and ``("partner", id)`` with attribute ``kind``; an edge joins
    an organisation and a partner that took part in the same activity (the lead or a
    co-organiser), with ``weight`` = number of such activities.
    """
    import networkx as nx

    an = analysis(data)
    eng = _engagements(an)
    co = an.link("activity_co_organisers")
    if len(co):
        extra = eng.merge(
            pd.DataFrame(
                {"row": co["row"].to_numpy(), "co": co["organisation_id"].astype("str").to_numpy()}
            ),
            on="row",
        )
        eng = pd.concat([eng, extra.assign(organisation=extra["co"]).drop(columns="co")])
    weights = eng.groupby(["organisation", "partner"]).size()
    graph = nx.Graph()
    for org, partner, w in zip(
        weights.index.get_level_values(0),
        weights.index.get_level_values(1),
        weights.to_numpy(),
        strict=True,
    ):
        graph.add_node(("org", org), kind="organisation")
        graph.add_node(("partner", partner), kind="partner")
        graph.add_edge(("org", org), ("partner", partner), weight=int(w))
    return graph


def critical_partners(data: Any, *, top: int | None = 10) -> pd.DataFrame:
    """Partners ranked by how many organisations their loss would cut off from each other.

    For each partner *p*: ``orgs_disconnected`` = the number of organisations that share a
    connected component (through partners) with some other organisation, and would no longer
    reach any organisation they reached before if *p* disappeared — counted as the
    organisations outside the largest piece their former component breaks into. Also given:
    ``degree`` (organisations engaging it) and ``betweenness`` centrality.
    """
    import networkx as nx

    graph = partner_graph(data)
    rows = []
    if graph.number_of_nodes():
        betweenness = nx.betweenness_centrality(graph, k=min(200, graph.number_of_nodes()), seed=0)
        cut = set(nx.articulation_points(graph))
        for node in graph.nodes:
            if node[0] != "partner":
                continue
            lost = 0
            if node in cut:
                component = nx.node_connected_component(graph, node)
                sub = graph.subgraph(component - {node})
                pieces = sorted(
                    (
                        sum(1 for n in piece if n[0] == "org")
                        for piece in nx.connected_components(sub)
                    ),
                    reverse=True,
                )
                lost = sum(pieces[1:]) if sum(pieces) > 1 else 0
            rows.append(
                {
                    "partner": node[1],
                    "degree": graph.degree(node),
                    "orgs_disconnected": lost,
                    "betweenness": betweenness.get(node, 0.0),
                }
            )
    out = pd.DataFrame(rows, columns=["partner", "degree", "orgs_disconnected", "betweenness"])
    out = out.sort_values(
        ["orgs_disconnected", "betweenness", "partner"], ascending=[False, False, True]
    ).reset_index(drop=True)
    return out.head(top) if top else out
