"""IATI results as indicators, both ways: level, measure, baseline, periods, targets, actuals.

Reading, each indicator of a result becomes ``<activity-id>/R<n>/I<m>``, owned by the lead
organisation; the first baseline and each period's first target and actual are kept (IATI602
says when there were more); an invalid indicator is left out with its rule codes; a result's
own title, description, documents and references, and an indicator's documents and
references, are reported (IATI003).

Writing, an activity's indicators (:func:`activity_indicators`) become ``result`` elements:
one result per imported ``R<n>`` (its indicators together) or per indicator, of the
indicator's level; each indicator with its measure, direction, baseline (the year of
``baseline_date``, else of the first period; a qualitative one as a comment) and one
``period`` per period, with a ``target`` and an ``actual`` for each value given (numbers
as ``@value``, qualitative texts as comments, disaggregated rows with their ``dimension``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from lxml import etree
from pydantic import ValidationError

from ppd_core.errors import Problem
from ppd_core.i18n import Phrase, phrase
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import decimal_text, narrative, xsd_date, xsd_decimal
from ppd_core.io.iati.safe import Element
from ppd_core.models import Indicator, WorkPlan
from ppd_core.vocab import Direction, IndicatorMeasure, ResultLevel


def results(s: Session, el: Element, r: Row, activity_id: str) -> None:
    """Read the results of an imported activity into indicators."""
    for n, res in enumerate(el.findall("result"), start=1):
        code = (res.get("type") or "").strip()
        indicators = res.findall("indicator")
        try:
            level = ResultLevel.from_iati(code)
        except ValueError:
            s.problems.append(
                s.problem(
                    r,
                    "IATI601",
                    f"result[{n}]",
                    code or None,
                    entity="indicator",
                    count=len(indicators),
                )
            )
            continue
        names = "; ".join(
            dict.fromkeys(narrative(i.find("title"), r.lang) or "" for i in indicators)
        )
        _unkept(s, r, res, f"result[{n}]", skip_title=narrative(res.find("title"), r.lang) == names)
        for m, ind in enumerate(indicators, start=1):
            _unkept(s, r, ind, f"result[{n}]/indicator[{m}]", skip_title=True)
            _indicator(s, r, ind, f"{activity_id}/R{n}/I{m}", level)


_UNKEPT_PARTS = ("title", "description", "document-link", "reference")


def _unkept(s: Session, r: Row, el: Element, where: str, *, skip_title: bool) -> None:
    """Report (IATI003) the parts of a result or indicator that no indicator field holds.

    An indicator's title and description are its name and description; a result's title is
    not reported when it only repeats its indicators' names (as :func:`write_results` writes).
    """
    parts = [
        f"{len(found)} {tag}" if len(found) > 1 else tag
        for tag in _UNKEPT_PARTS
        if (found := el.findall(tag))
        and not (tag == "title" and skip_title)
        and not (tag == "description" and el.tag == "indicator")
    ]
    if el.get("aggregation-status"):
        parts.append("@aggregation-status")
    if parts:
        detail = phrase("its {parts}; the indicator fields were imported", parts=", ".join(parts))
        s.problems.append(s.problem(r, "IATI003", where, detail=detail))


def _indicator(s: Session, r: Row, ind: Element, iid: str, level: ResultLevel) -> None:
    """Build and validate one indicator; an invalid one is left out with its problems."""
    notes: list[Problem] = []

    def number(raw: str | None, where: str) -> float | None:
        """Parse a numeric value, noting PPD002 when it is not a number."""
        try:
            value = xsd_decimal(raw)
        except ValueError:
            notes.append(s.not_a(r, "number", where, raw, entity="indicator", record_id=iid))
            return None
        return None if value is None else float(value)

    def comment(e: Element) -> str | None:
        """The comment narrative of a baseline, target or actual."""
        return narrative(e.find("comment"), r.lang) if e is not None else None

    measure_code = (ind.get("measure") or "").strip()
    try:
        measure: IndicatorMeasure | str = IndicatorMeasure.from_iati(measure_code)
    except ValueError:
        measure = measure_code
    numeric = isinstance(measure, IndicatorMeasure) and measure.numeric
    ascending = (ind.get("ascending") or "1").strip().lower() not in ("0", "false")
    data: dict[str, Any] = {
        "id": iid,
        "name": narrative(ind.find("title"), r.lang),
        "level": level,
        "measure": measure,
        "direction": Direction.HIGHER_IS_BETTER if ascending else Direction.LOWER_IS_BETTER,
        "organisation_id": s.lead,
        "description": narrative(ind.find("description"), r.lang, keep_lines=True),
        "values": [],
    }
    extra: list[Phrase] = []
    baselines = ind.findall("baseline")
    if len(baselines) > 1:
        extra.append(phrase("{count} baselines", count=len(baselines)))
    if baselines:
        b = baselines[0]
        if numeric:
            data["baseline_value"] = number(b.get("value"), "baseline/@value")
        else:
            data["baseline_text"] = b.get("value") or comment(b)
        raw_day, year = b.get("iso-date"), (b.get("year") or "").strip()
        try:
            data["baseline_date"] = xsd_date(raw_day) or (date(int(year), 1, 1) if year else None)
        except ValueError:
            data["baseline_date"] = raw_day or year
    for k, period in enumerate(ind.findall("period"), start=1):
        targets, actuals = period.findall("target"), period.findall("actual")
        if len(targets) > 1 or len(actuals) > 1:
            extra.append(phrase("period {k} has several targets or actuals", k=k))
        if any(x.find("dimension") is not None for x in (*targets, *actuals)):
            extra.append(phrase("period {k} has disaggregations", k=k))
        start = period.find("period-start")
        end = period.find("period-end")
        value: dict[str, Any] = {
            "period_start": None if start is None else start.get("iso-date"),
            "period_end": None if end is None else end.get("iso-date"),
        }
        for key, found in (("target", targets), ("actual", actuals)):
            if not found:
                continue
            if numeric:
                value[key] = number(found[0].get("value"), f"period[{k}]/{key}/@value")
            else:
                value[f"{key}_text"] = found[0].get("value") or comment(found[0])
        data["values"].append(value)
    if extra:
        detail, *more = dict.fromkeys(extra)
        for part in more:
            detail = phrase("{first}; {second}", first=detail, second=part)
        notes.append(
            s.problem(r, "IATI602", "indicator", entity="indicator", record_id=iid, detail=detail)
        )
    try:
        built = Indicator.model_validate(data)
    except ValidationError as err:
        s.problems += s.pydantic(r, err, "indicator", iid)
        s.problems += notes
        return
    s.problems += notes
    s.indicators.append(built)


_IMPORTED = re.compile(r"^(?P<activity>.+)/(?P<result>R\d+)/I\d+$")
"""The id of an indicator imported from an IATI result (see :func:`results`)."""

Narratives = Callable[[Element, str | None], None]
"""Appends a ``narrative`` (a text, in the default language) to an element."""


def activity_indicators(
    indicators: Iterable[Indicator], work_plans: Iterable[WorkPlan]
) -> dict[str, dict[str, list[Indicator]]]:
    """The indicators of each activity, grouped by result.

    An indicator belongs to an activity when it was imported from one of its results (id
    ``<activity-id>/R<n>/I<m>``: grouped by ``R<n>``) or when a work plan's target of the
    indicator names a planned activity carried out by the activity (one result each).
    """
    by_id = {i.id: i for i in indicators}
    out: dict[str, dict[str, list[Indicator]]] = {}
    for ind in by_id.values():
        m = _IMPORTED.match(ind.id)
        if m:
            out.setdefault(m["activity"], {}).setdefault(m["result"], []).append(ind)
    for plan in work_plans:
        carried = {p.id: p.activity_id for p in plan.planned_activities if p.activity_id}
        for target in plan.targets:
            activity = carried.get(target.planned_activity_id or "")
            linked = by_id.get(target.indicator_id)
            if activity and linked and not _IMPORTED.match(linked.id):
                out.setdefault(activity, {}).setdefault(linked.id, [linked])
    return out


def write_results(
    act: Element, groups: Mapping[str, list[Indicator]], say: Narratives, fallback_year: int
) -> None:
    """Append one ``result`` per group of indicators (see the module)."""
    for group in groups.values():
        res = etree.SubElement(act, "result", {"type": group[0].level.iati or "1"})
        say(etree.SubElement(res, "title"), "; ".join(dict.fromkeys(i.name for i in group)))
        for ind in group:
            _write_indicator(res, ind, say, fallback_year)


def _write_indicator(res: Element, ind: Indicator, say: Narratives, fallback_year: int) -> None:
    numeric = ind.measure.numeric
    el = etree.SubElement(
        res,
        "indicator",
        {
            "measure": ind.measure.iati or "1",
            "ascending": "1" if ind.direction is Direction.HIGHER_IS_BETTER else "0",
        },
    )
    say(etree.SubElement(el, "title"), ind.name)
    if ind.description:
        say(etree.SubElement(el, "description"), ind.description)
    base = ind.baseline_value if numeric else ind.baseline_text
    if base is not None:
        day = ind.baseline_date
        year = day.year if day else ind.values[0].period_start.year if ind.values else fallback_year
        attrs = {"year": str(year)} | ({"iso-date": day.isoformat()} if day else {})
        b = etree.SubElement(el, "baseline", attrs)
        if isinstance(base, float):
            b.set("value", decimal_text(base))
        else:
            say(etree.SubElement(b, "comment"), base)
    periods: dict[tuple[date, date], list[Any]] = {}
    for v in sorted(ind.values, key=lambda v: v.dimension is not None):
        periods.setdefault((v.period_start, v.period_end), []).append(v)
    for (start, end), rows in periods.items():
        p = etree.SubElement(el, "period")
        etree.SubElement(p, "period-start", {"iso-date": start.isoformat()})
        etree.SubElement(p, "period-end", {"iso-date": end.isoformat()})
        for key in ("target", "actual"):
            for v in rows:
                _write_value(p, key, v, numeric, say)


def _write_value(period: Element, key: str, v: Any, numeric: bool, say: Narratives) -> None:
    """A ``target`` or ``actual`` of one value row, when the row gives it."""
    value = getattr(v, key) if numeric else getattr(v, f"{key}_text")
    if value is None:
        return
    el = etree.SubElement(period, key, {"value": decimal_text(value)} if numeric else {})
    if v.dimension is not None:
        etree.SubElement(el, "dimension", {"name": v.dimension, "value": v.category or ""})
    if not numeric:
        say(etree.SubElement(el, "comment"), value)
