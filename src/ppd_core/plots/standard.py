"""The nine standard charts of a review, drawn from measures computed once.

:func:`standard_measures` computes, with :mod:`ppd_core.metrics`, every measure the standard
charts draw (a :class:`StandardMeasures`); :func:`standard_charts` draws the charts from it.
The annual review computes the measures once and shares them between its tables and its
charts; a user may also call :func:`standard_charts` with a dataset, which computes the
measures first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ppd_core.i18n import Lang, text
from ppd_core.plots._names import category_label
from ppd_core.plots.activity import activity_trend, substantive_trend
from ppd_core.plots.partners import partner_dynamics_chart, partner_network_chart
from ppd_core.plots.resources import concentration_chart, resources_by_stage
from ppd_core.plots.results import attainment_chart, coverage_chart, scorecard_chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ppd_core.dataset import Dataset
    from ppd_core.metrics import Analysis

__all__ = ["CHARTS", "StandardMeasures", "standard_charts", "standard_measures"]

CHARTS: tuple[str, ...] = (
    "activity_trend",
    "substantive_trend",
    "resources_by_stage",
    "partner_dynamics",
    "partner_network",
    "coverage",
    "scorecard",
    "attainment",
    "concentration",
)
"""The names of the charts :func:`standard_charts` returns, in report order."""


@dataclass(frozen=True)
class StandardMeasures:
    """Every measure the standard charts draw, computed once by :func:`standard_measures`.

    The frames grouped by year hold every year (the charts cut them at :attr:`year`), so the
    annual review reads its headline numbers from the same frames.

    Attributes:
        year: The year under review (``None``: all years).
        currency: The currency of the resources.
        volume: :func:`~ppd_core.metrics.volume` by year.
        substantive_share: :func:`~ppd_core.metrics.substantive_share` by year.
        resources_mobilised: :func:`~ppd_core.metrics.resources_mobilised` by year.
        partner_dynamics: :func:`~ppd_core.metrics.partner_dynamics`.
        concentration: :func:`~ppd_core.metrics.concentration` by year.
        partner_graph: :func:`~ppd_core.metrics.partner_graph` of the activities up to ``year``.
        critical_partners: The partners highlighted in the network (at most eight).
        priority_coverage: :func:`~ppd_core.metrics.priority_coverage` of ``year``.
        plan_label: The title of the work plan the coverage is compared with.
        scorecard: :func:`~ppd_core.metrics.scorecard` of ``year``.
        target_attainment: :func:`~ppd_core.metrics.target_attainment` (every period).
        network_years: First and last year of the activities in the network.
        organisations: Organisations' ``id`` and ``short_name``.
        partners: Partners' ``id``, ``name`` and ``country``.
    """

    year: int | None
    currency: str
    volume: pd.DataFrame
    substantive_share: pd.DataFrame
    resources_mobilised: pd.DataFrame
    partner_dynamics: pd.DataFrame
    concentration: pd.DataFrame
    partner_graph: Any
    critical_partners: pd.DataFrame
    priority_coverage: pd.DataFrame
    plan_label: str | None
    scorecard: pd.DataFrame
    target_attainment: pd.DataFrame
    network_years: tuple[int, int] | None
    organisations: pd.DataFrame
    partners: pd.DataFrame


def _until(an: Analysis, year: int) -> Analysis:
    """The Analysis of the activities starting in or before ``year`` (and their links)."""
    from ppd_core.metrics import Analysis

    years = an.activities["year"]
    keep = (years.isna() | (years <= year)).to_numpy(dtype=bool)
    frames = dict(an.frames)
    frames["activities"] = frames["activities"][keep].reset_index(drop=True)
    ids = set(frames["activities"]["id"])
    for name, frame in an.frames.items():
        if name != "activities" and "activity_id" in frame.columns:
            frames[name] = frame[frame["activity_id"].isin(ids)].reset_index(drop=True)
    return Analysis(frames, an.reference)


def _up_to(frame: pd.DataFrame, year: int | None, column: str = "year") -> pd.DataFrame:
    if year is None:
        return frame
    years = pd.to_numeric(frame[column].astype("str"), errors="coerce")
    return frame[(years <= year).fillna(False).to_numpy(dtype=bool)]


def _plan_of(frames: Mapping[str, pd.DataFrame], year: int) -> tuple[str | None, str | None]:
    """The work plan of ``year``: the top organisation's if several (id, title)."""
    plans = frames["work_plans"]
    plans = plans[pd.to_numeric(plans["year"], errors="coerce") == year]
    if plans.empty:
        return None, None
    orgs = frames["organisations"].drop_duplicates("id").set_index("id")
    is_top = plans["organisation_id"].map(orgs["parent_id"]).isna().to_numpy(dtype=bool)
    ranked = plans.assign(_top=~is_top).sort_values(["_top", "id"], kind="stable")
    first = ranked.iloc[0]
    return str(first["id"]), str(first["title"])


def standard_measures(
    data: Dataset | Mapping[str, pd.DataFrame] | Analysis,
    *,
    year: int | None = None,
    currency: str = "USD",
    plan: str | None = None,
) -> StandardMeasures:
    """Compute, once, every measure the standard charts draw.

    With a ``year`` (the year under review), the network leaves out activities starting
    later, the scorecard and the priority coverage are for that year, and the coverage is
    compared with that year's work plan (the top organisation's when there are several)
    unless ``plan`` names one.

    Args:
        data: A Dataset, its frames or an Analysis.
        year: The year under review; ``None`` for all years.
        currency: Currency of resources.
        plan: Work plan id to compare priority coverage with.

    Returns:
        The measures, for :func:`standard_charts` (and the review's tables).
    """
    from ppd_core import metrics

    an = metrics.analysis(data)
    network = an if year is None else _until(an, year)
    frames = an.frames
    years = network.activities["year"].dropna()
    span = None if years.empty else (int(years.min()), int(years.max()))
    plan_label: str | None = None
    if plan is None and year is not None:
        plan, plan_label = _plan_of(frames, year)
    elif plan is not None:
        plan_titles = frames["work_plans"].set_index("id")["title"]
        plan_label = str(plan_titles.get(plan, plan))
    critical = metrics.critical_partners(network, top=None)
    cutting = critical[critical["orgs_disconnected"] > 0]
    return StandardMeasures(
        year=year,
        currency=currency,
        volume=metrics.volume(an, ["year"]),
        substantive_share=metrics.substantive_share(an, ["year"]),
        resources_mobilised=metrics.resources_mobilised(an, ["year"], currency=currency),
        partner_dynamics=metrics.partner_dynamics(an),
        concentration=metrics.concentration(an, ["year"], currency=currency),
        partner_graph=metrics.partner_graph(network),
        critical_partners=(cutting if len(cutting) else critical).head(8),
        priority_coverage=metrics.priority_coverage(
            an, plan=plan, years=None if year is None else [year], currency=currency
        ),
        plan_label=plan_label,
        scorecard=metrics.scorecard(an, year=year, currency=currency),
        target_attainment=metrics.target_attainment(an),
        network_years=span,
        organisations=frames["organisations"].drop_duplicates("id")[["id", "short_name"]],
        partners=frames["partners"].drop_duplicates("id")[["id", "name", "country"]],
    )


def standard_charts(
    data: StandardMeasures | Dataset | Mapping[str, pd.DataFrame] | Analysis,
    *,
    year: int | None = None,
    lang: Lang = "en",
    currency: str | None = None,
    plan: str | None = None,
    max_partners: int = 60,
) -> dict[str, Figure]:
    """Draw the nine standard charts, from measures already computed or from the data.

    Given :class:`StandardMeasures`, the charts are drawn from them (``year``, ``currency``
    and ``plan`` are the measures' own); given data, :func:`standard_measures` computes them
    first. With a year under review, the trends end in that year (flows by their own date,
    activities by their start) and the coverage, scorecard and attainment are for that year.

    Args:
        data: The measures, or a Dataset, its frames or an Analysis.
        year: The year under review; ``None`` for all years (data only).
        lang: Language of every text.
        currency: Currency of resources (data only; default ``"USD"``).
        plan: Work plan id to compare priority coverage with (data only).
        max_partners: Largest number of partners drawn in the network chart.

    Returns:
        The charts by name, in the order of :data:`CHARTS`.

    Raises:
        ValueError: When measures are given with a different ``year``, ``currency`` or a
            ``plan``.
    """
    if isinstance(data, StandardMeasures):
        m = data
        changed_currency = currency is not None and currency != m.currency
        if (year is not None and year != m.year) or plan is not None or changed_currency:
            raise ValueError(
                "the measures were computed for one year, currency and plan; "
                "compute them again with standard_measures(...) to change these"
            )
    else:
        m = standard_measures(data, year=year, currency=currency or "USD", plan=plan)
    year = m.year
    if m.network_years is None:
        span = str(year) if year is not None else text("all years", lang)
    else:
        first, last = m.network_years
        span = str(first) if first == last else f"{first}–{last}"
    org_names = {
        str(i): str(s) if isinstance(s, str) and s else str(i)
        for i, s in zip(m.organisations["id"], m.organisations["short_name"], strict=True)
    }
    partners = m.partners
    partner_names = {
        str(i): f"{n} ({category_label('country', c, lang)})"
        if isinstance(c, str) and c
        else str(n)
        for i, n, c in zip(partners["id"], partners["name"], partners["country"], strict=True)
    }
    attainment = m.target_attainment
    if year is not None:
        starts = pd.to_datetime(attainment["period_start"]).dt.year
        attainment = attainment[(starts <= year).to_numpy(dtype=bool)]
    review = str(year) if year is not None else text("all years", lang)
    return {
        "activity_trend": activity_trend(_up_to(m.volume, year), lang=lang),
        "substantive_trend": substantive_trend(_up_to(m.substantive_share, year), lang=lang),
        "resources_by_stage": resources_by_stage(
            _up_to(m.resources_mobilised, year), m.currency, lang=lang
        ),
        "partner_dynamics": partner_dynamics_chart(_up_to(m.partner_dynamics, year), lang=lang),
        "partner_network": partner_network_chart(
            m.partner_graph,
            m.critical_partners,
            max_partners=max_partners,
            organisation_labels=org_names,
            partner_labels=partner_names,
            period=span,
            lang=lang,
        ),
        "coverage": coverage_chart(
            m.priority_coverage, period=review, plan_label=m.plan_label, lang=lang
        ),
        "scorecard": scorecard_chart(m.scorecard, period=review, names=org_names, lang=lang),
        "attainment": attainment_chart(attainment, lang=lang),
        "concentration": concentration_chart(_up_to(m.concentration, year), lang=lang),
    }
