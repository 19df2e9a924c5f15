"""Results of an imported ``iati-activity`` as indicators: level, measure, baseline, periods.

Each indicator of a result becomes ``<activity-id>/R<n>/I<m>``, owned by the lead
organisation; the first baseline and each period's first target and actual are kept (IATI602
says when there were more); an invalid indicator is left out with its rule codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from ppd_core.errors import Problem
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import narrative, xsd_date, xsd_decimal
from ppd_core.io.iati.safe import Element
from ppd_core.models import Indicator
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
        for m, ind in enumerate(indicators, start=1):
            _indicator(s, r, ind, f"{activity_id}/R{n}/I{m}", level)


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
    extra: list[str] = []
    baselines = ind.findall("baseline")
    if len(baselines) > 1:
        extra.append(f"{len(baselines)} baselines")
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
            extra.append(f"period {k} has several targets or actuals")
        if any(x.find("dimension") is not None for x in (*targets, *actuals)):
            extra.append(f"period {k} has disaggregations")
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
        detail = "; ".join(dict.fromkeys(extra))
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
