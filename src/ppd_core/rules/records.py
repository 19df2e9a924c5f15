"""Record rules: one predicate per rule, for whole tables and for a single record alike.

Each rule of scope ``"record"`` in :data:`ppd_core.rules.RULES` has exactly one predicate
here, registered with :func:`_predicate` and written against a
:class:`~ppd_core.rules.views.View`. The columnar path (:func:`ppd_core.validate_frames`)
runs it on whole frames (:class:`~ppd_core.rules.views.FrameView`); a model runs the same
predicate on its own record (:class:`~ppd_core.rules.views.RecordView`). Rows whose record
has a value problem are skipped, as pydantic runs cross-field checks only on records whose
values are all valid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from ppd_core._fast import first_repeats
from ppd_core.rules.catalogue import RULES, SPLIT_TOLERANCE
from ppd_core.rules.collect import ProblemCollector
from ppd_core.rules.views import FrameView, RecordView, View, day, positions
from ppd_core.tables import SCHEMA
from ppd_core.vocab import ActivityKind, IndicatorMeasure, PartnerRole

if TYPE_CHECKING:
    import pandas as pd
    from pydantic_core import InitErrorDetails

    from ppd_core.models._base import Record

__all__ = ["PREDICATES", "check_records", "check_valid_records", "record_errors"]

Predicate = Callable[[View, date, ProblemCollector], None]

PREDICATES: dict[str, tuple[tuple[str, ...], Predicate]] = {}
"""Rule code → (entity tables it checks, its predicate)."""


def _predicate(
    code: str, *tables: str, rows: str | None = None
) -> Callable[[Predicate], Predicate]:
    """Register the predicate of rule ``code`` (for ``tables``; only when ``rows`` has rows)."""

    def register(func: Predicate) -> Predicate:
        if code in PREDICATES or RULES[code].scope != "record":
            raise AssertionError(f"{code} is declared twice or is not a record rule")

        def run(v: View, today: date, out: ProblemCollector) -> None:
            if rows is None or v.n(rows):
                func(v, today, out)

        PREDICATES[code] = (tables, run)
        return func

    return register


def _ids(v: View, table: str) -> Any:
    return v.column(table, SCHEMA[table].key)


def _item_paths(v: View, table: str, column: str | None = None) -> Callable[[], np.ndarray]:
    """Each link row's path in its record: ``countries.1.country``, ``sdgs.0``, ``outputs.x``."""

    def paths() -> np.ndarray:
        spec = SCHEMA[table]
        base = spec.field or ""
        if spec.kind == "dict":
            keys = np.asarray(v.column(table, spec.columns[1].name), dtype=object)
            return np.array([f"{base}.{k}" for k in keys], dtype=object)
        tail = "" if column is None else f".{column}"
        return np.array([f"{base}.{i}{tail}" for i in positions(v.owner(table))], dtype=object)

    return paths


def _counts(values: np.ndarray) -> np.ndarray:
    """Whole numbers as ints for the text of a problem (missing stays missing)."""
    out = np.full(len(values), None, dtype=object)
    known = ~np.isnan(values)
    out[known] = values[known].astype(np.int64)
    return out


@_predicate("PPD204", "activities")
def _start_given(v: View, today: date, out: ProblemCollector) -> None:
    t = "activities"
    m = v.missing(t, "planned_start") & v.missing(t, "actual_start") & v.keep(t)
    out.add("PPD204", SCHEMA[t], m, _ids(v, t), "planned_start")


_DATE_PAIRS = {
    "activities": [("planned_start", "planned_end"), ("actual_start", "actual_end")],
    "organisations": [("valid_from", "valid_to")],
}


@_predicate("PPD201", "activities", "organisations", "indicators")
def _end_after_start(v: View, today: date, out: ProblemCollector) -> None:
    for t, pairs in _DATE_PAIRS.items():
        if not v.n(t):
            continue
        keep = v.keep(t)
        for start, end in pairs:
            m = (v.num(t, end) < v.num(t, start)) & keep
            where = (SCHEMA[t], m, _ids(v, t), end, v.column(t, end))
            out.add("PPD201", *where, start_field=start, start=v.column(t, start))
    t = "indicator_values"
    if not v.n(t):
        return
    m = (v.num(t, "period_end") < v.num(t, "period_start")) & v.keep(t)
    out.add(
        "PPD201",
        SCHEMA["indicators"],
        m,
        _ids(v, t),
        lambda: _value_paths(v, "period_end"),
        v.column(t, "period_end"),
        start_field="period_start",
        start=v.column(t, "period_start"),
    )


def _value_paths(v: View, name: str) -> np.ndarray:
    """``values.<i>.<name>``: the path of a field of each indicator value in its indicator."""
    return _item_paths(v, "indicator_values", name)()


@_predicate("PPD202", "activities")
def _actual_not_future(v: View, today: date, out: ProblemCollector) -> None:
    t = "activities"
    keep = v.keep(t)
    for col in ("actual_start", "actual_end"):
        m = (v.num(t, col) > day(today)) & keep
        out.add("PPD202", SCHEMA[t], m, _ids(v, t), col, v.column(t, col), today=today)


@_predicate("PPD203", "activities")
def _not_own_follow_up(v: View, today: date, out: ProblemCollector) -> None:
    t = "activities"
    m = v.same(t, "follow_up_of", "id") & v.keep(t)
    out.add("PPD203", SCHEMA[t], m, _ids(v, t), "follow_up_of", v.column(t, "follow_up_of"))


_SPLITS = (
    ("activity_countries", "country", "countries"),
    ("activity_provinces", "province", "provinces"),
    ("activity_priority_areas", "area", "priority_areas"),
)


@_predicate("PPD401", "activities")
def _split_sums(v: View, today: date, out: ProblemCollector) -> None:
    n = v.n("activities")
    for t, _, name in _SPLITS:
        if not v.n(t):
            continue
        owner = v.owner(t)
        use = v.keep(t) & (owner >= 0)
        total = np.bincount(owner[use], weights=v.num(t, "percentage")[use], minlength=n)
        given = np.bincount(owner[use], minlength=n) > 0
        off = given & (np.abs(total - 100) > SPLIT_TOLERANCE)
        if not np.count_nonzero(off):
            continue
        shown = np.array([f"{x:g}" for x in total], dtype=object)
        ids = _ids(v, "activities")
        out.add("PPD401", SCHEMA["activities"], off, ids, name, np.round(total, 6), total=shown)


_LISTS = [("activities", *item) for item in (*_SPLITS, ("activity_sdgs", "sdg", "sdgs"))] + [
    (spec.parent, name, spec.columns[1].name, spec.field or "")
    for name, spec in SCHEMA.items()
    if spec.kind == "dict" and spec.parent
]
"""(parent table, link table, key column, field) of every list that names each key once."""


@_predicate("PPD403", *sorted({parent for parent, *_ in _LISTS}))
def _named_once(v: View, today: date, out: ProblemCollector) -> None:
    for _, t, key_col, _ in _LISTS:
        if v.n(t) < 2:
            continue
        owner = v.owner(t)
        item, size = v.codes(t, key_col)
        repeated = first_repeats(owner * max(1, size + 1) + item) & (item >= 0) & v.keep(t)
        column = None if SCHEMA[t].kind == "scalars" else key_col
        paths = _item_paths(v, t, column)
        out.add("PPD403", SCHEMA[t], repeated, _ids(v, t), paths, v.column(t, key_col))


_NOT_IMPLEMENTABLE = [k.value for k in ActivityKind if not k.implementable]


def _of_owner(v: View, table: str, column: str) -> np.ndarray:
    """For each row of a link table, ``column`` of its record (``None`` for an orphan row)."""
    owner = v.owner(table)
    parent = SCHEMA[table].parent or table
    values = np.asarray(v.column(parent, column), dtype=object)
    out = np.full(len(owner), None, dtype=object)
    known = owner >= 0
    out[known] = values[owner[known]]
    return out


@_predicate("PPD501", "activities", rows="activity_partners")
def _roles_fit_kind(v: View, today: date, out: ProblemCollector) -> None:
    t = "activity_partners"
    owner = v.owner(t)
    banned = v.among("activities", "kind", _NOT_IMPLEMENTABLE)
    of_kind = np.zeros(len(owner), dtype=bool)
    of_kind[owner >= 0] = banned[owner[owner >= 0]]
    m = v.among(t, "role", [PartnerRole.IMPLEMENTING.value]) & of_kind & v.keep(t)
    if np.count_nonzero(m):
        paths = _item_paths(v, t, "role")
        kind = _of_owner(v, t, "kind")
        out.add("PPD501", SCHEMA[t], m, _ids(v, t), paths, v.column(t, "partner_id"), kind=kind)


@_predicate("PPD502", "activities", rows="resource_flows")
def _flows_from_partners(v: View, today: date, out: ProblemCollector) -> None:
    t = "resource_flows"
    listed = v.pairs_in(t, ("activity_id", "partner_id"), "activity_partners")
    m = ~listed & v.keep(t)
    paths = _item_paths(v, t, "partner_id")
    out.add("PPD502", SCHEMA[t], m, _ids(v, t), paths, v.column(t, "partner_id"))


@_predicate("PPD601", "indicators", rows="indicator_values")
def _targets_given(v: View, today: date, out: ProblemCollector) -> None:
    t = "indicator_values"
    measure = _of_owner(v, t, "measure")
    qualitative = measure == IndicatorMeasure.QUALITATIVE.value
    keep = v.keep(t) & (v.owner(t) >= 0)
    wants = (("target", "value", ~qualitative), ("target_text", "text", qualitative))
    for column, needed, wanted in wants:
        m = keep & wanted & v.missing(t, column)
        paths = _value_paths(v, column)
        out.add(
            "PPD601",
            SCHEMA["indicators"],
            m,
            _ids(v, t),
            paths,
            None,
            measure=measure,
            needed=needed,
        )


@_predicate("PPD701", "activities")
def _breakdowns_within_total(v: View, today: date, out: ProblemCollector) -> None:
    t = "activities"
    keep = v.keep(t)
    everyone = v.num(t, "participants_total")
    parts = {k: v.num(t, f"participants_{k}") for k in ("foreign", "domestic", "women", "youth")}
    parts["foreign+domestic"] = parts["foreign"] + parts["domestic"]
    for name, value in parts.items():
        m = (value > everyone) & keep  # (NaN compares False, without a warning)
        if np.count_nonzero(m):
            where = f"participants.{name}"
            out.add(
                "PPD701", SCHEMA[t], m, _ids(v, t), where, _counts(value), total=_counts(everyone)
            )


def check_records(
    frames: Mapping[str, pd.DataFrame],
    skip: Mapping[str, set[Any]],
    today: date,
    out: ProblemCollector,
) -> None:
    """Run every record rule on whole frames (the columnar path)."""
    view = FrameView(frames, skip)
    for _, predicate in PREDICATES.values():
        predicate(view, today, out)


def check_valid_records(
    table: str, records: list[Record], today: date, out: ProblemCollector
) -> None:
    """Run the record rules of entity ``table`` on valid records (the record path).

    The records' ids must differ: a hit names its record by id.
    """
    view = RecordView(table, records)
    for tables, predicate in PREDICATES.values():
        if table in tables:
            predicate(view, today, out)


def record_errors(record: Record, table: str, today: date) -> list[InitErrorDetails]:
    """The record rules' problems of one record, as pydantic error entries (a model's check)."""
    from ppd_core.rules.fields import rule_error

    out = ProblemCollector()
    check_valid_records(table, [record], today, out)
    errors: list[InitErrorDetails] = []
    for hit in out:
        loc = tuple(int(p) if p.isdigit() else p for p in hit.field.split("."))
        ctx = {"field": hit.field, "value": hit.value, **hit.context}
        errors.append({"type": rule_error(hit.code, **ctx), "loc": loc, "input": hit.value})
    return errors
