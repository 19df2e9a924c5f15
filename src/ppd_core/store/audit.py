"""The audit trail: who inserted, changed, deleted or merged which record, when, field by field.

Every row of ``audit_log`` carries a :class:`Stamp` (who, when, and the batch that groups the
rows of one save), an action (``insert``, ``update``, ``delete``, ``merge`` or ``unmerge``),
the entity and the record id. An update has one row per changed field, old → new; a changed
link table (a record's list of partners, countries …) is one row with the whole list.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ppd_core.store._frames import Frames, records, table_name
from ppd_core.store.engine import insert_frame
from ppd_core.store.schema import AUDIT
from ppd_core.tables import SCHEMA

__all__ = ["Stamp", "diff_rows", "read_trail", "record_changes", "record_events"]

_ROWS_PER_INSERT = 20_000


def _now() -> datetime:
    return datetime.now(UTC)


def _new_batch() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Stamp:
    """Who makes a change, when, and the batch its audit rows belong to."""

    who: str
    at: datetime = field(default_factory=_now)
    batch: str = field(default_factory=_new_batch)


def record_events(
    conn: sa.Connection,
    stamp: Stamp,
    action: str,
    entity: str,
    record_ids: Iterable[str],
    *,
    new: str | None = None,
) -> None:
    """One audit row per record for a whole-record event (insert, delete, merge …).

    Args:
        conn: The connection (the rows are part of its transaction).
        stamp: Who, when, which batch.
        action: ``insert``, ``delete``, ``merge`` or ``unmerge``.
        entity: The entity (``"partner"``).
        record_ids: The records.
        new: The event's detail (a merge's record, as JSON).
    """
    constants = {
        "at": stamp.at,
        "user_name": stamp.who,
        "batch": stamp.batch,
        "action": action,
        "entity": entity,
        "field": None,
        "old": None,
        "new": new,
    }
    insert_frame(conn, AUDIT, pd.DataFrame({"record_id": list(record_ids)}), constants)


def record_changes(
    conn: sa.Connection, table: str, before: Frames, after: Frames, stamp: Stamp
) -> None:
    """Audit every field of ``table`` that differs between ``before`` and ``after``."""
    rows = diff_rows(table, before, after, stamp)
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        conn.execute(AUDIT.insert(), rows[start : start + _ROWS_PER_INSERT])


def diff_rows(table: str, before: Frames, after: Frames, stamp: Stamp) -> list[dict[str, Any]]:
    """Audit rows for every changed field (link tables: the whole list, old → new)."""
    spec = SCHEMA[table]
    old = {str(r["id"]): r for r in records(before[table])}
    rows: list[dict[str, Any]] = []
    base = {
        "at": stamp.at,
        "user_name": stamp.who,
        "batch": stamp.batch,
        "action": "update",
        "entity": spec.entity,
    }
    for r in records(after[table]):
        rid = str(r["id"])
        prev = old.get(rid, {})
        rows.extend(
            {**base, "record_id": rid, "field": c, "old": _text(prev.get(c)), "new": _text(r[c])}
            for c in spec.column_names
            if _norm(prev.get(c)) != _norm(r[c])
        )
    for child in spec.children:
        cspec = SCHEMA[child]
        was = _grouped(before[child], cspec.key)
        now = _grouped(after[child], cspec.key)
        rows.extend(
            {
                **base,
                "record_id": rid,
                "field": cspec.field,
                "old": _text(was.get(rid, [])),
                "new": _text(now.get(rid, [])),
            }
            for rid in sorted(set(was) | set(now))
            if was.get(rid, []) != now.get(rid, [])
        )
    return rows


def read_trail(
    conn: sa.Connection, entity: str | None = None, record_id: str | None = None
) -> pd.DataFrame:
    """The audit trail (oldest first), optionally for one entity or record."""
    query = sa.select(AUDIT).order_by(AUDIT.c.id)
    if entity is not None:
        query = query.where(AUDIT.c.entity == SCHEMA[table_name(entity)].entity)
    if record_id is not None:
        query = query.where(AUDIT.c.record_id == record_id)
    return pd.read_sql(query, conn)


def _norm(v: Any) -> Any:
    """A value as compared for the trail: equal decimals, dates and whole floats alike."""
    if isinstance(v, Decimal):
        return v.normalize()
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _grouped(frame: pd.DataFrame, key: str) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for r in records(frame):
        out.setdefault(str(r[key]), []).append(tuple(_norm(v) for k, v in r.items() if k != key))
    return out


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return "; ".join(", ".join(str(x) for x in item if x is not None) for item in v)
    return str(v)
