"""The review's last section: next year's proposed targets and the portfolio of proposals.

Targets are proposed from each indicator's history (:func:`ppd_core.planning.propose_targets`).
The portfolio is chosen only from the proposals the organisation gives — nothing is invented:
without proposals the section says so and shows the targets alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ppd_core.i18n import Lang, bilingual, text
from ppd_core.i18n.format import MISSING, count, money, number, percent
from ppd_core.metrics._base import Analysis
from ppd_core.plots._names import category_label, code_label
from ppd_core.reporting._indicators import Unit, names
from ppd_core.reporting._indicators import units as indicator_units
from ppd_core.reporting.document import Block, Paragraph, Section, Table
from ppd_core.vocab import ActivityKind


def _spending_vnd(an: Analysis, year: int) -> float:
    """Σ cost of the activities starting in ``year``, in VND at that year's rates."""
    from ppd_core.metrics import convert

    acts = an.frames["activities"]
    rows = (an.activities["year"] == year).fillna(False).to_numpy(dtype=bool)
    part = acts[rows]
    part = part[part["cost_amount"].notna().to_numpy(dtype=bool)]
    if part.empty:
        return 0.0
    dates = an.activities["start"][rows][part.index.intersection(acts.index[rows])]
    values = convert(
        part["cost_amount"].astype("float64"),
        part["cost_currency"].astype("str"),
        pd.to_datetime(dates),
        "VND",
        an.reference,
    )
    return float(values.sum())


def _band(lower: str, upper: str) -> str:
    """A prediction band "lower – upper", or one dash when it could not be estimated."""
    return MISSING if MISSING in (lower, upper) else f"{lower} – {upper}"


def _target_row(r: Any, unit: Unit, name: str, lang: Lang) -> tuple[str, ...]:
    """One proposed target: rounded to the indicator's precision, never below the last actual.

    A forecast worse than the last actual (in the indicator's direction) would propose to do
    worse than last year; the target is then held at the last actual, and the row says so.
    """
    last, target = float(r.last_actual), unit.round(float(r.target))
    lower = str(r.direction) == "lower_is_better"
    shown = unit.show(target, lang)
    if last > target if not lower else last < target:
        why = (
            text("held at the last actual; the forecast is higher", lang)
            if lower
            else text("held at the last actual; the forecast is lower", lang)
        )
        shown = f"{unit.show(last, lang)} ({why})"
    return (
        name,
        unit.show(last, lang),
        unit.show(r.forecast, lang),
        _band(unit.show(r.lower, lang), unit.show(r.upper, lang)),
        shown,
    )


def _targets(full: Analysis, sub: Analysis, year: int, lang: Lang) -> Block:
    from ppd_core import planning

    ids = list(sub.frames["indicators"]["id"])
    proposed = planning.propose_targets(full, year=year + 1, indicators=ids) if ids else None
    if proposed is not None:
        proposed = proposed[proposed["status"].astype("str") == "proposed"]
    if proposed is None or proposed.empty:
        return Paragraph(text("No numeric indicator to forecast.", lang))
    units = indicator_units(full.frames)
    shown = names(full.frames, lang)
    rows = tuple(
        _target_row(r, units[str(r.indicator_id)], shown[str(r.indicator_id)], lang)
        for r in proposed.itertuples()
    )
    header = (
        text("Indicator", lang),
        text("Last actual", lang),
        text("Forecast", lang),
        text("{level} band", lang, level=percent(0.8, lang)),
        text("Proposed target", lang),
    )
    return Table(header, rows, (False, True, True, True, True), text("Proposed targets", lang))


def _no_portfolio(reason: str, lang: Lang) -> Paragraph:
    head = text("Proposed portfolio", lang)
    return Paragraph(f"{head} — " + text("No portfolio proposed: {reason}", lang, reason=reason))


def _portfolio(
    full: Analysis, sub: Analysis, year: int, lang: Lang, proposals: pd.DataFrame
) -> list[Block]:
    from ppd_core import planning

    budget = _spending_vnd(sub, year)
    if budget <= 0:
        return [_no_portfolio(text("no spending was recorded in {year}.", lang, year=year), lang)]
    if proposals.empty:
        return [_no_portfolio(text("the list of proposals is empty.", lang), lang)]
    try:
        scored = planning.score_candidates(
            proposals, planning.DEFAULT_WEIGHTS, data=full, year=year + 1
        )
    except ValueError:  # no single work plan of next year to align the priorities with
        reason = text(
            "no single work plan of {year} gives the priority weights to score proposals "
            "against (add the plan, or score the proposals with "
            "planning.score_candidates(plan=...)).",
            lang,
            year=year + 1,
        )
        return [_no_portfolio(reason, lang)]
    chosen_plan = planning.allocate(scored, budget=budget, year=year + 1, explain=False)
    chosen = chosen_plan.selected(scored)
    summary = text(
        "{n} of {m} proposed activities chosen for a budget of {budget} (the spending of "
        "{year}); cost {cost}.",
        lang,
        n=count(len(chosen), lang),
        m=count(len(scored), lang),
        budget=money(budget, "VND", lang),
        year=year,
        cost=money(chosen_plan.total_cost, "VND", lang),
    )
    if chosen_plan.status != "optimal":
        summary += " " + text(
            "The search stopped at its time limit: a better choice may exist.", lang
        )
    # Proposals without a title_vi column are the organisation's own texts, shown as typed
    # (in whatever language they were written); with it, a missing translation is marked.
    translated = "title_vi" in chosen.columns
    rows = tuple(
        (
            bilingual(r.title, r.title_vi, lang) if translated else str(r.title),
            code_label(ActivityKind, r.kind, lang),
            category_label("country", r.country, lang) if isinstance(r.country, str) else MISSING,
            number(r.cost_vnd, lang),
            number(r.score, lang, 3),
        )
        for r in chosen.sort_values("score", ascending=False).itertuples(index=False)
    )
    header = (
        text("Activity", lang),
        text("Kind", lang),
        text("Country", lang),
        text("Cost (VND)", lang),
        text("Score", lang),
    )
    table = Table(header, rows, (False, False, False, True, True), text("Proposed portfolio", lang))
    return [Paragraph(summary), table]


def plan_section(
    full: Analysis,
    sub: Analysis,
    year: int,
    lang: Lang,
    *,
    plan_next: bool,
    proposals: pd.DataFrame | Sequence[Mapping[str, Any]] | None,
    organisation: str,
) -> Section:
    """The section "Proposed plan for ``year + 1``": targets, then the portfolio of proposals.

    Proposals without an ``organisation_id`` are the reviewed organisation's: its work plan
    of ``year + 1`` gives the priority weights they are scored against.
    """
    title = text("Proposed plan for {year}", lang, year=year + 1)
    if not plan_next:
        off = text("Planning for the next year was not requested.", lang)
        return Section("plan", title, (Paragraph(off),))
    blocks: list[Block] = [_targets(full, sub, year, lang)]
    if proposals is None:
        blocks.append(
            Paragraph(
                text(
                    "No proposals were given, so no portfolio is proposed for {year}: the "
                    "review shows the proposed targets only. Give the organisation's proposed "
                    "activities (annual_review(..., proposals=...)) to choose a portfolio.",
                    lang,
                    year=year + 1,
                ),
                note=True,
            )
        )
    else:
        frame = proposals if isinstance(proposals, pd.DataFrame) else pd.DataFrame(list(proposals))
        if "organisation_id" not in frame.columns:
            frame = frame.assign(organisation_id=organisation)
        blocks.extend(_portfolio(full, sub, year, lang, frame))
    return Section("plan", title, tuple(blocks))
