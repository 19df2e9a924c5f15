"""Building the annual review: the analysis of one organisation's year, turned into a document.

:func:`annual_review` gathers, for an organisation and every organisation below it
(:meth:`~ppd_core.metrics.Analysis.members_of`), the headline numbers against the previous year
and the highlights and shortfalls found in the data (the one-page summary), the results against
the plan's targets (in each indicator's unit, progress by one formula,
:mod:`ppd_core.reporting._indicators`), the measures and the nine standard charts (computed
once, :func:`ppd_core.plots.standard_measures`) and, optionally, the proposed targets and
portfolio of the next year (:mod:`ppd_core.reporting._plan`). Every word comes from the
catalogue and every number from :mod:`ppd_core.i18n.format`, in the review's language.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ppd_core.i18n import Lang, bilingual, text
from ppd_core.i18n.format import MISSING, count, number, percent, points, signed
from ppd_core.metrics._base import Analysis
from ppd_core.plots._names import code_label
from ppd_core.plots.style import status_label
from ppd_core.reporting._indicators import Unit, names, progress_text
from ppd_core.reporting._indicators import units as indicator_units
from ppd_core.reporting._plan import plan_section
from ppd_core.reporting.document import Block, Bullets, Chart, Paragraph, Review, Section, Table

if TYPE_CHECKING:
    from ppd_core.plots import StandardMeasures

__all__ = ["HHI_WARNING", "annual_review"]

HHI_WARNING = 0.25
"""Herfindahl–Hirschman index of resources above which concentration is flagged."""


def _subset(an: Analysis, members: set[str]) -> Analysis:
    """The Analysis of the activities, indicators and plans of ``members``."""
    frames = dict(an.frames)
    acts = frames["activities"]
    frames["activities"] = acts[acts["lead_organisation_id"].isin(members)].reset_index(drop=True)
    ids = set(frames["activities"]["id"])
    for name, frame in an.frames.items():
        if name != "activities" and "activity_id" in frame.columns and name != "planned_activities":
            frames[name] = frame[frame["activity_id"].isin(ids)].reset_index(drop=True)
    ind = frames["indicators"]
    frames["indicators"] = ind[ind["organisation_id"].isin(members)].reset_index(drop=True)
    keep = set(frames["indicators"]["id"])
    iv = frames["indicator_values"]
    frames["indicator_values"] = iv[iv["indicator_id"].isin(keep)].reset_index(drop=True)
    return Analysis(frames, an.reference)


def by_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of ``frame`` whose ``year`` is ``year``."""
    years = pd.to_numeric(frame["year"].astype("str"), errors="coerce")
    return frame[(years == year).to_numpy(dtype=bool)]


def _value(frame: pd.DataFrame, year: int, column: str) -> float:
    rows = by_year(frame, year)
    return float(rows[column].sum()) if len(rows) else math.nan


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# -- sections -----------------------------------------------------------------------------------


def _headline(m: StandardMeasures, year: int, lang: Lang) -> Section:
    res = m.resources_mobilised
    disbursed = res[res["stage"].astype("str") == "disbursed"]
    subst = m.substantive_share.assign(share=m.substantive_share["share_substantive"])
    prev = year - 1
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, frame: pd.DataFrame, column: str, share: bool = False) -> None:
        now, before = _value(frame, year, column), _value(frame, prev, column)
        if share:
            shown = (percent(before, lang, 1), percent(now, lang, 1))
            diff = points(now - before, lang)
            change = diff if diff == MISSING else text("{value} points", lang, value=diff)
        else:
            shown = (count(before, lang), count(now, lang))
            change = signed(now - before, lang)
        rows.append((label, *shown, change))

    add(text("Activities", lang), m.volume, "activities")
    add(text("Participants", lang), m.volume, "participants")
    add(text("Substantive share", lang), subst, "share", share=True)
    add(text("Resources disbursed ({currency})", lang, currency=m.currency), disbursed, "amount")
    add(text("Active partners", lang), m.partner_dynamics, "active")
    add(text("New partners", lang), m.partner_dynamics, "new")
    add(text("Lapsed partners", lang), m.partner_dynamics, "lapsed")
    header = (text("Measure", lang), str(prev), str(year), text("Change", lang))
    table = Table(header, tuple(rows), (False, True, True, True))
    return Section("headline", text("Headline numbers", lang), (table,))


def _attainment(m: StandardMeasures, members: set[str], year: int) -> pd.DataFrame:
    att = m.target_attainment
    starts = pd.to_datetime(att["period_start"]).dt.year
    keep = (starts == year).to_numpy(dtype=bool) & att["organisation_id"].isin(members).to_numpy()
    return att[keep].reset_index(drop=True)


def _targets(att: pd.DataFrame, units: Mapping[str, Unit], year: int, lang: Lang) -> Section:
    title = text("Results against the plan's targets", lang)
    if att.empty:
        none = text("No indicator of these organisations has a period in {year}.", lang, year=year)
        return Section("targets", title, (Paragraph(none),))
    rows = []
    for r in att.itertuples(index=False):
        unit = units.get(str(r.indicator_id), Unit(None, str(r.measure), 1))
        qualitative = r.status == "qualitative"
        actual = bilingual(r.actual_text, r.actual_text_vi, lang) if qualitative else None
        target = bilingual(r.target_text, r.target_text_vi, lang) if qualitative else None
        rows.append(
            (
                str(r.name),
                unit.show(r.baseline, lang),
                target or unit.show(r.target, lang),
                actual or unit.show(r.actual, lang),
                progress_text(
                    _float(r.progress), _float(r.target), _float(r.baseline), str(r.direction), lang
                ),
                status_label(str(r.status), lang),
            )
        )
    header = (
        text("Indicator", lang),
        text("Baseline", lang),
        text("Target", lang),
        text("Actual", lang),
        text("Progress", lang),
        text("Status", lang),
    )
    table = Table(header, tuple(rows), (False, True, True, True, True, False))
    how = text(
        "Progress is the share of the way from the baseline to the target that the actual "
        "covered: (actual − baseline) / (target − baseline). Beyond the target it reads "
        "“exceeded”, below the baseline “moved away from target”; a target that does not "
        "improve on the baseline is only “met” or “not met”.",
        lang,
    )
    return Section("targets", title, (table, Paragraph(how, note=True)))


def _measures(sub: Analysis, m: StandardMeasures, year: int, lang: Lang) -> Section:
    from ppd_core import metrics, plots

    subst = by_year(m.substantive_share, year)
    conc = by_year(m.concentration, year)
    follow = by_year(metrics.follow_up_rate(sub, ["year"]), year)
    rows: list[tuple[str, str]] = [
        (text("Substantive share", lang), percent(subst["share_substantive"].sum(), lang, 1)),
        (text("Ceremonial share", lang), percent(subst["share_ceremonial"].sum(), lang, 1)),
        (
            text("Concentration of resources (HHI)", lang),
            number(conc["hhi"].sum(), lang, 3) if len(conc) else MISSING,
        ),
    ]
    rate = next((c for c in follow.columns if "rate" in c), None)
    blocks: list[Block] = []
    if rate is not None and len(follow):
        rows.append((text("Follow-up rate", lang), percent(follow[rate].sum(), lang, 1)))
    blocks.append(Table((text("Measure", lang), str(year)), tuple(rows), (False, True)))
    if rate is not None and len(follow):
        blocks.append(_follow_up_note(sub, year, lang))
    for name, fig in plots.standard_charts(m, lang=lang).items():
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80, facecolor="white")
        caption = fig.get_suptitle() or next(
            (t.get_text() for t in fig.texts if t.get_text()), name.replace("_", " ")
        )
        blocks.append(Chart(name, " ".join(caption.split()), buffer.getvalue()))
    return Section("measures", text("Measures and charts", lang), tuple(blocks))


def _follow_up_note(sub: Analysis, year: int, lang: Lang) -> Paragraph:
    """What the follow-up rate counts, and the follow-up links recorded in ``year``."""
    of_year = (sub.activities["year"] == year).fillna(False).to_numpy(dtype=bool)
    links = int(sub.frames["activities"]["follow_up_of"].notna().to_numpy()[of_year].sum())
    return Paragraph(
        text(
            "Follow-up rate: the share of the year's activities that a later activity with a "
            "shared partner follows up. A follow-up counts for the year of the activity it "
            "follows, not for its own, so a recent year's rate stays low until its activities "
            "are followed up. Follow-up links from {year} to earlier activities: {n}.",
            lang,
            n=count(links, lang),
            year=year,
        ),
        note=True,
    )


def _target_gaps(att: pd.DataFrame, units: Mapping[str, Unit], year: int, lang: Lang) -> Bullets:
    """The five numeric targets furthest from being met."""
    numeric = att[att["status"].isin(["on track", "at risk", "off track"])]
    gaps: list[tuple[float, str]] = []
    for r in numeric.itertuples(index=False):
        target, actual = _float(r.target), _float(r.actual)
        if math.isnan(target) or math.isnan(actual) or target == 0:
            continue
        short = (target - actual) / abs(target)
        if str(r.direction) == "lower_is_better":
            short = -short
        if short > 0:
            line = text(
                "{name}: {actual} against a target of {target} ({status}).",
                lang,
                name=r.name,
                actual=units[str(r.indicator_id)].show(actual, lang),
                target=units[str(r.indicator_id)].show(target, lang),
                status=status_label(str(r.status), lang),
            )
            gaps.append((short, line))
    gaps.sort(key=lambda g: -g[0])
    if gaps:
        items = tuple(g[1] for g in gaps[:5])
    elif numeric.empty:
        items = (
            text("No indicator of these organisations has a period in {year}.", lang, year=year),
        )
    else:
        items = (text("Every numeric target of {year} was met.", lang, year=year),)
    return Bullets(text("Largest target gaps", lang), items)


def _weak_criteria(full: Analysis, members: set[str], year: int, lang: Lang) -> Bullets:
    """The OECD-DAC criteria scored lowest on average in ``year``."""
    from ppd_core.metrics.evaluation import WEAK, evaluation_scores
    from ppd_core.vocab import DacCriterion

    scores = evaluation_scores(full)
    scores = scores[scores["organisation"].isin(members).to_numpy() & (scores["year"] == year)]
    if scores.empty:
        weak: tuple[str, ...] = (text("No evaluation was recorded in {year}.", lang, year=year),)
    else:
        means = scores.groupby("criterion")["score"].agg(["mean", "count"]).sort_values("mean")
        low = means[means["mean"] < WEAK]
        weak = tuple(
            text(
                "{criterion}: mean score {mean} of 4 ({n} scores).",
                lang,
                criterion=code_label(DacCriterion, c, lang),
                mean=number(mean, lang, 2),
                n=count(n, lang),
            )
            for c, mean, n in zip(low.index, low["mean"], low["count"], strict=True)
        ) or (
            text(
                "No criterion scored below {threshold} on average.",
                lang,
                threshold=number(WEAK, lang, 1),
            ),
        )
    return Bullets(text("Weakest OECD-DAC criteria in {year}", lang, year=year), weak)


def _observations(m: StandardMeasures, year: int, lang: Lang) -> Bullets:
    """The ceremonial share and the concentration of resources of ``year``."""
    other: list[str] = []
    subst = by_year(m.substantive_share, year)
    if len(subst):
        other.append(
            text(
                "Ceremonial activities were {share} of the {n} activities of {year}.",
                lang,
                share=percent(subst["share_ceremonial"].iloc[0], lang, 1),
                n=count(subst["activities"].iloc[0], lang),
                year=year,
            )
        )
    conc = by_year(m.concentration, year)
    value = float(conc["hhi"].sum()) if len(conc) else math.nan
    limit = number(HHI_WARNING, lang, 2)
    if math.isnan(value):
        other.append(text("No resources were recorded in {year}.", lang, year=year))
    elif value > HHI_WARNING:
        other.append(
            text(
                "Warning: resources are concentrated (HHI {hhi} > {limit}; the largest partner "
                "gave {top}).",
                lang,
                hhi=number(value, lang, 2),
                limit=limit,
                top=percent(conc["top_share"].sum(), lang),
            )
        )
    else:
        other.append(
            text(
                "Resources are not concentrated (HHI {hhi} ≤ {limit}).",
                lang,
                hhi=number(value, lang, 2),
                limit=limit,
            )
        )
    return Bullets(text("Other observations", lang), tuple(other))


def _findings(
    full: Analysis,
    sub: Analysis,
    m: StandardMeasures,
    members: set[str],
    att: pd.DataFrame,
    units: Mapping[str, Unit],
    year: int,
    lang: Lang,
) -> Section:
    from ppd_core import metrics

    lapsed = metrics.lapsed_partners(sub, year)  # most engaged last year first
    names = tuple(
        f"{name} ({p})" if isinstance(name, str) else p
        for p, name in zip(lapsed["partner"], lapsed["name"], strict=True)
    )
    blocks: tuple[Block, ...] = (
        _target_gaps(att, units, year, lang),
        Bullets(
            text("Partners active in {prev} but not in {year}", lang, prev=year - 1, year=year),
            names or (text("No partner lapsed.", lang),),
        ),
        _weak_criteria(full, members, year, lang),
        _observations(m, year, lang),
    )
    return Section("findings", text("Highlights and shortfalls", lang), blocks)


def annual_review(
    data: Any,
    *,
    organisation: str,
    year: int,
    lang: Lang = "en",
    plan_next: bool = True,
    proposals: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None,
    sample: bool = False,
) -> Review:
    """Build the annual review of ``organisation`` (with its members) for ``year``.

    Args:
        data: A Dataset, its frames or an Analysis.
        organisation: The organisation's id; its members are rolled up into it.
        year: The year under review.
        lang: Language of every label (``"en"`` or ``"vi"``).
        plan_next: Also propose targets for ``year + 1`` from the indicators' history, and a
            portfolio from ``proposals``.
        proposals: The organisation's proposed activities for ``year + 1`` — a frame (or a
            list of records) of the candidate columns :func:`ppd_core.planning.score_candidates`
            takes (:data:`ppd_core.planning.CANDIDATE_COLUMNS`). The portfolio chosen from them
            fits a budget equal to the organisation's spending in ``year`` (in VND). Without
            proposals, the review says none were given and shows the targets only.
        sample: Say in a note that the data is the illustrative sample, not official figures.

    Returns:
        The review, ready to render with :meth:`Review.html` or :meth:`Review.markdown`.

    Raises:
        KeyError: When ``organisation`` is not in the data.
    """
    from ppd_core import metrics
    from ppd_core.plots import standard_measures

    full = metrics.analysis(data)
    orgs = full.frames["organisations"].drop_duplicates("id").set_index("id")
    if organisation not in orgs.index:
        raise KeyError(f"no organisation {organisation!r}")
    short = orgs["short_name"].get(organisation)
    name = str(short) if isinstance(short, str) and short else organisation
    name_vi = orgs["name_vi"].get(organisation)
    if lang == "vi" and isinstance(name_vi, str) and name_vi:
        name = name_vi  # the Vietnamese reader gets the organisation's full Vietnamese name
    members = full.members_of(organisation)
    sub = _subset(full, members)
    measures = standard_measures(sub, year=year)
    att = _attainment(measures, members, year)
    att["name"] = att["indicator_id"].astype("str").map(names(sub.frames, lang))
    units = indicator_units(sub.frames)
    intro: list[Paragraph] = [
        Paragraph(
            text(
                "{org} and its member organisations ({n}); year under review {year}, "
                "compared with {prev}.",
                lang,
                org=name,
                n=count(len(members) - 1, lang),
                year=year,
                prev=year - 1,
            )
        )
    ]
    if sample:
        intro.append(
            Paragraph(
                text(
                    "The data are the illustrative sample shipped with ppd_core, "
                    "not official figures.",
                    lang,
                ),
                note=True,
            )
        )
    sections = (
        _headline(measures, year, lang),  # with the findings: the one-page summary
        _findings(full, sub, measures, members, att, units, year, lang),
        _targets(att, units, year, lang),
        _measures(sub, measures, year, lang),
        plan_section(
            full,
            sub,
            year,
            lang,
            plan_next=plan_next,
            proposals=proposals,
            organisation=organisation,
        ),
    )
    return Review(
        organisation=organisation,
        year=year,
        lang=lang,
        title=text("Annual review {year} — {org}", lang, year=year, org=name),
        intro=tuple(intro),
        sections=sections,
    )
