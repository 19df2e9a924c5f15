"""The record path: dicts validated one record at a time by the models, every problem kept.

Value rules run in the models' field types. Record rules run once, on all the valid records
laid out as column lists (the same predicates as the columnar path), not once per record.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date
from typing import Any

from ppd_core.errors import Problem, ValidationReport
from ppd_core.rules import RULES
from ppd_core.rules.collect import ProblemCollector, text_of

__all__ = ["problems_from_pydantic", "validate_records"]

_NO_VALUE = frozenset({"PPD001", "PPD204", "PPD503", "PPD601"})
"""Rules about a value that is not there: their problems show no value."""


def problems_from_pydantic(
    error: Any, entity: str, record_id: str | None, row: int | None = None
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` of a model into problems with their rule codes.

    The models give every error a rule code (see :class:`ppd_core.models.Record`); an error
    from another model is translated the same way.
    """
    from ppd_core.models._base import translate

    problems: list[Problem] = []
    for e in error.errors(include_url=False):
        code, ctx = translate(None, e)
        field_path = ctx["field"]
        value = None if code in _NO_VALUE else ctx.get("value")
        filled = {**ctx, "value": text_of(ctx.get("value"))}
        problems.append(
            Problem(
                code=code,
                message=RULES[code].render(**filled),
                entity=entity,
                record_id=record_id,
                field=field_path,
                value=text_of(value),
                row=row,
                context=tuple(filled.items()),
            )
        )
    return problems


def validate_records(
    model: type[Any],
    rows: Iterable[Any],
    *,
    today: date | None = None,
) -> tuple[list[Any], ValidationReport]:
    """Validate dicts one record at a time with a model; collect every problem.

    Args:
        model: A model class such as :class:`ppd_core.Activity`.
        rows: An iterable of dicts (one per record).
        today: The day "now" for rule PPD202.

    Returns:
        The valid records, and a report of problems of the invalid ones (``row`` is the
        1-based position in ``rows``).
    """
    from pydantic import ValidationError

    day = today or date.today()
    table = getattr(model, "table", None)
    context = {"today": day, "record_rules_checked": table is not None}
    good: list[Any] = []
    pending: list[tuple[int, Any]] = []
    problems: list[tuple[int, Problem]] = []
    entity = getattr(model, "entity", model.__name__.lower())
    paused = gc.isenabled()
    gc.disable()  # building many objects: the cyclic collector only slows this down (~2×)
    try:
        for i, row in enumerate(rows, start=1):
            try:
                pending.append((i, model.model_validate(row, context=context)))
            except ValidationError as exc:
                rid = row.get("id") if isinstance(row, dict) else None
                rid = None if rid is None else str(rid)
                problems += [(i, p) for p in problems_from_pydantic(exc, entity, rid, i)]
            if len(pending) == _BATCH:
                good += _passing(table, pending, entity, day, problems)
                pending = []
        good += _passing(table, pending, entity, day, problems)
    finally:
        if paused:
            gc.enable()
    problems.sort(key=lambda ip: ip[0])
    return good, ValidationReport(p for _, p in problems)


_BATCH = 512
"""Records checked by the record rules at once: enough to amortise the rules' array work,
few enough to be still in the processor's cache from their validation."""


def _passing(
    table: str | None,
    records: list[tuple[int, Any]],
    entity: str,
    today: date,
    problems: list[tuple[int, Problem]],
) -> list[Any]:
    """The records that pass the record rules; the problems of the others added to ``problems``.

    Records that share an id are checked in separate batches (the k-th record of each id in
    batch k), so that every link row is attributed to its own record.
    """
    from ppd_core.rules.records import check_valid_records

    if table is None or not records:
        return [r for _, r in records]
    batches: list[list[tuple[int, Any]]] = []
    seen: dict[str, int] = {}
    for i, record in records:
        k = seen.get(str(record.id), 0)
        seen[str(record.id)] = k + 1
        if k == len(batches):
            batches.append([])
        batches[k].append((i, record))
    rejected: set[int] = set()
    for batch in batches:
        out = ProblemCollector()
        check_valid_records(table, [r for _, r in batch], today, out)
        rows = {str(r.id): i for i, r in batch}
        for h in out:
            at = rows[str(h.record_id)]
            rejected.add(at)
            problems.append(
                (
                    at,
                    Problem(
                        h.code,
                        h.message(),
                        entity,
                        h.record_id,
                        h.field,
                        h.value,
                        at,
                        context=h.filled(),
                    ),
                )
            )
    return [r for i, r in records if i not in rejected]
