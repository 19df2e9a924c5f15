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

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ppd_core.store._frames import Frames, list_prints, records, table_name
from ppd_core.store.engine import insert_frame
from ppd_core.store.schema import AUDIT
from ppd_core.tables import SCHEMA, python_value

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
    """Audit rows for every changed field (link tables: the whole list, old → new).

    Records are compared column by column: cells whose schema-typed text is the same on both
    sides are equal; only the others (and records ``before`` lacks) are compared value by
    value, as the trail compares them (equal decimals, dates and whole floats alike). The rows
    come record by record in ``after``'s order, fields in the schema's order.
    """
    spec = SCHEMA[table]
    base = {
        "at": stamp.at,
        "user_name": stamp.who,
        "batch": stamp.batch,
        "action": "update",
        "entity": spec.entity,
    }
    names = [table, *spec.children]
    old_typed, new_typed = _typed(before, names), _typed(after, names)
    rows: list[dict[str, Any]] = []
    new, old = after[table], before[table]
    at = pd.Index(old["id"].astype("str")).get_indexer(pd.Index(new["id"].astype("str")))
    columns = list(spec.column_names)
    maybe = np.zeros((len(new), len(columns)), dtype=bool)
    for j, c in enumerate(columns):
        maybe[:, j] = _differs(new_typed[table][c], old_typed[table][c], at)
    values: dict[str, tuple[list[Any], list[Any]]] = {}
    for i in map(int, np.flatnonzero(maybe.any(axis=1))):
        rid = str(new["id"].iloc[i])
        for j in map(int, np.flatnonzero(maybe[i])):
            c = columns[j]
            if c not in values:
                values[c] = (new[c].tolist(), old[c].tolist())
            now = python_value(values[c][0][i])
            was = python_value(values[c][1][at[i]]) if at[i] >= 0 else None
            if _norm(was) != _norm(now):
                rows.append(
                    {**base, "record_id": rid, "field": c, "old": _text(was), "new": _text(now)}
                )
    for child in spec.children:
        cspec = SCHEMA[child]
        maybe_ids = _lists_differ(new_typed[child], old_typed[child], cspec.key)
        was = _grouped(_rows_of(before[child], cspec.key, maybe_ids), cspec.key)
        now = _grouped(_rows_of(after[child], cspec.key, maybe_ids), cspec.key)
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


def _typed(frames: Frames, names: list[str]) -> Frames:
    """The tables ``names`` with every column as its schema type (equal values print alike)."""
    from ppd_core.validation import convert_frames

    typed = convert_frames({n: frames[n] for n in names})
    return {n: typed[n].reset_index(drop=True) for n in names}


def _cell_text(column: pd.Series) -> np.ndarray:
    text: np.ndarray = column.astype("str").to_numpy(dtype=object)
    text[column.isna().to_numpy(dtype=bool)] = None
    return text


def _differs(new: pd.Series, old: pd.Series, at: np.ndarray) -> np.ndarray:
    """Which cells of ``new`` may differ from ``old``'s cell at ``at`` (-1: none)."""
    here = _cell_text(new)
    there = _cell_text(old)
    matched = there[np.where(at >= 0, at, 0)] if len(there) else np.full(len(here), None)
    same = np.asarray(here == matched, dtype=bool)  # elementwise; None equals None
    return ~same | (at < 0)


def _lists_differ(new: pd.DataFrame, old: pd.DataFrame, key: str) -> set[str]:
    """Ids whose link rows (in order) may differ between ``new`` and ``old``.

    Each record's rows are summed up in one 64-bit fingerprint (the rows' schema-typed text,
    each with its position), computed column-wise; records whose fingerprints are equal have
    equal lists.
    """
    columns = [c for c in new.columns if c != key]
    a, b = list_prints(new, key, columns), list_prints(old, key, columns)
    ids = a.index.union(b.index)
    if a.empty or b.empty:
        return {str(i) for i in ids}
    at_a, at_b = a.index.get_indexer(ids), b.index.get_indexer(ids)
    same = a.to_numpy()[at_a] == b.to_numpy()[at_b]
    return {str(i) for i in ids[(at_a < 0) | (at_b < 0) | ~same]}


def _rows_of(frame: pd.DataFrame, key: str, ids: set[str]) -> pd.DataFrame:
    return frame[frame[key].astype("str").isin(ids)]


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
