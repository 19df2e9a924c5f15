"""Saving records: id-keyed upserts with versions, so that concurrent edits never overwrite.

:func:`save` inserts new records, rewrites changed ones with their ``version`` one higher and
leaves identical ones alone; :func:`update_record` saves one edited record only if it is still
at the version it was read at. Both audit what they change (:mod:`ppd_core.store.audit`) and
run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ppd_core._fast import isin
from ppd_core.errors import Conflict, ConflictError
from ppd_core.store._frames import WHOLE, Frames, chunks, list_prints, records, row_hashes, subset
from ppd_core.store.audit import Stamp, record_changes, record_events
from ppd_core.store.engine import duplicate_key, insert_frame
from ppd_core.store.query import frames_for
from ppd_core.store.rights import Rights, check_writes
from ppd_core.store.schema import TABLES
from ppd_core.tables import ENTITIES, SCHEMA, records_to_frames

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset, Versions
    from ppd_core.models._base import Record

__all__ = ["OnConflict", "SaveSummary", "replace", "save", "update_record"]

ADMIN = Rights()


OnConflict = Literal["refuse", "skip"]
"""What :func:`save` does with records changed since they were read (see :func:`save`)."""


@dataclass
class SaveSummary:
    """What :meth:`ppd_core.store.Store.save` did, per entity table.

    ``conflicts`` lists the records left unsaved because someone else changed them since they
    were read (only with ``on_conflict="skip"``; the default refuses the whole save).
    """

    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    batch: str = ""
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Records inserted or updated, over all tables."""
        return sum(self.inserted.values()) + sum(self.updated.values())

    def __str__(self) -> str:
        parts = [
            f"{t}: {self.inserted.get(t, 0)} new, {self.updated.get(t, 0)} updated, "
            f"{self.unchanged.get(t, 0)} unchanged"
            for t in ENTITIES
            if self.inserted.get(t) or self.updated.get(t) or self.unchanged.get(t)
        ]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} not saved (changed by someone else since read)")
        return "; ".join(parts) or "nothing to save"


@dataclass
class _Plan:
    """What saving one table will do: the new ids, the changed ids, and the conflicts."""

    table: str
    existing: dict[str, int]
    new: set[str]
    changed: list[str]
    unchanged: int
    conflicts: list[Conflict]


def save(
    conn: sa.Connection,
    dataset: Dataset,
    stamp: Stamp,
    *,
    versions: Versions | None = None,
    on_conflict: OnConflict = "refuse",
    rights: Rights = ADMIN,
) -> SaveSummary:
    """Insert the new records of ``dataset``, update the changed ones, audit both.

    With ``versions`` (default: ``dataset.versions``, those it was read at), a record is a
    conflict if it differs from the stored one and the stored one is no longer at the version
    read (or was not read at all, or was deleted since). ``on_conflict="refuse"`` raises
    :class:`ConflictError` naming every such record and writes nothing;
    ``on_conflict="skip"`` writes the other records and lists the conflicts in the summary.
    Without versions (a Dataset read from files), the incoming records win.

    Raises:
        PermissionDeniedError: a record to write is outside ``rights`` (nothing written).
        ConflictError: on conflicts with ``on_conflict="refuse"``.
    """
    frames = dataset.to_frames()
    loaded = dataset.versions if versions is None else versions
    plans = [_plan(conn, frames, table, loaded) for table in ENTITIES]
    for plan in plans:
        touched = [*plan.changed, *sorted(plan.new), *(c.record_id for c in plan.conflicts)]
        check_writes(conn, rights, plan.table, frames[plan.table], touched)
    conflicts = [c for plan in plans for c in plan.conflicts]
    if conflicts and on_conflict == "refuse":
        raise ConflictError(_conflict_message(conflicts), conflicts)
    summary = SaveSummary(batch=stamp.batch, conflicts=conflicts)
    for plan in plans:
        if plan.changed:
            before = frames_for(conn, plan.table, plan.changed)
            after = subset(frames, plan.table, set(plan.changed))
            _update(conn, plan.table, after, before, plan.existing, stamp)
        if plan.new:
            _insert(conn, plan.table, subset(frames, plan.table, plan.new), stamp)
        summary.inserted[plan.table] = len(plan.new)
        summary.updated[plan.table] = len(plan.changed)
        summary.unchanged[plan.table] = plan.unchanged
    return summary


def _conflict_message(conflicts: list[Conflict], shown: int = 20) -> str:
    lines = [str(c) for c in conflicts[:shown]]
    if len(conflicts) > shown:
        lines.append(f"… and {len(conflicts) - shown} more")
    return (
        f"{len(conflicts)} record(s) changed by someone else since you read them; nothing was "
        "saved:\n  " + "\n  ".join(lines) + "\nLoad them again, apply your changes and save, "
        'or save with on_conflict="skip" to save the other records and keep theirs.'
    )


def replace(conn: sa.Connection, before: Dataset, after: Dataset, stamp: Stamp) -> None:
    """Make the database hold ``after`` where it held ``before``: save, then delete what went.

    The deletions are audited under ``stamp``; the save has a batch of its own.
    """
    save(conn, after, Stamp(stamp.who), versions=before.versions)
    old, new = before.to_frames(), after.to_frames()
    for table in ENTITIES:
        gone = sorted(set(old[table]["id"].astype("str")) - set(new[table]["id"].astype("str")))
        _delete(conn, table, gone)
        record_events(conn, stamp, "delete", SCHEMA[table].entity, gone)


def update_record(
    conn: sa.Connection, record: Record, version: int, stamp: Stamp, rights: Rights = ADMIN
) -> int:
    """Save an edited record if the stored one is still at ``version``; the new version.

    On PostgreSQL the stored row is locked until the transaction ends.

    Raises:
        ConflictError: if the stored record is no longer at ``version`` (nothing written).
        PermissionDeniedError: if the record is outside ``rights``.
        KeyError: if the record does not exist.
        TypeError: if the record is not of an entity the store holds.
    """
    table = next((t for t, m in ENTITIES.items() if isinstance(record, m)), None)
    if table is None:
        raise TypeError(f"{type(record).__name__} is not stored")
    frames = records_to_frames(table, [record])
    rid = str(getattr(record, "id"))  # noqa: B009 - every entity has an id
    check_writes(conn, rights, table, frames[table], [rid])
    entity = SCHEMA[table].entity
    t = TABLES[table]
    lock = sa.select(t.c.version, t.c.changed_at, t.c.changed_by).where(t.c.id == rid)
    if conn.dialect.name == "postgresql":
        lock = lock.with_for_update()
    current = conn.execute(lock).first()
    if current is None:
        raise KeyError(f"no {entity} with id {rid!r}")
    if current.version != version:
        raise ConflictError(
            f"{entity} {rid!r} was changed by {current.changed_by} at "
            f"{current.changed_at:%Y-%m-%d %H:%M} (now version {current.version}); "
            f"your edit started from version {version}. Reload it, apply your change "
            "again and save."
        )
    record_changes(conn, table, frames_for(conn, table, [rid]), frames, stamp)
    values = records(frames[table])[0]
    values.update(version=version + 1, changed_at=stamp.at, changed_by=stamp.who)
    result = conn.execute(
        sa.update(t).where(t.c.id == rid, t.c.version == version).values(**values)
    )
    if result.rowcount != 1:  # pragma: no cover - the row lock makes this unreachable
        raise ConflictError(f"{entity} {rid!r} changed while saving")
    for child in SCHEMA[table].children:
        ct = TABLES[child]
        conn.execute(sa.delete(ct).where(ct.c[SCHEMA[child].key] == rid))
    _write_links(conn, table, frames)
    return version + 1


def _plan(conn: sa.Connection, frames: Frames, table: str, loaded: Versions | None) -> _Plan:
    """Compare ``table``'s incoming records with the stored ones (locking those on PostgreSQL)."""
    incoming = frames[table]
    ids = incoming["id"].astype("str").tolist()
    existing = _versions(conn, table, ids)
    is_new = ~isin(incoming["id"], list(existing))
    new_ids = set(incoming.loc[is_new, "id"].astype("str"))
    old_ids = [i for i in ids if i in existing]
    changed: list[str] = []
    if old_ids:
        before = frames_for(conn, table, old_ids)
        changed = _changed_records(table, before, subset(frames, table, set(old_ids)))
    unchanged = len(old_ids) - len(changed)
    conflicts: list[Conflict] = []
    if loaded is not None:
        read = loaded.get(table)
        read_at: dict[str, int] = {} if read is None else cast("dict[str, int]", read.to_dict())
        stale = [i for i in changed if read_at.get(i) != existing[i]]
        gone = sorted(i for i in new_ids if i in read_at)
        conflicts = _describe(conn, table, stale, read_at, existing)
        conflicts += [Conflict(SCHEMA[table].entity, i, read_at[i], None) for i in gone]
        refused = set(stale)
        changed = [i for i in changed if i not in refused]
        new_ids -= set(gone)
    return _Plan(table, existing, new_ids, changed, unchanged, conflicts)


def _describe(
    conn: sa.Connection, table: str, ids: list[str], read_at: dict[str, int], stored: dict[str, int]
) -> list[Conflict]:
    """The conflicts of ``ids``: who changed each record last, and when."""
    t = TABLES[table]
    who: dict[str, tuple[str | None, str | None]] = {}
    for chunk in chunks(ids):
        rows = conn.execute(
            sa.select(t.c.id, t.c.changed_by, t.c.changed_at).where(t.c.id.in_(chunk))
        )
        who.update({r.id: (r.changed_by, f"{r.changed_at:%Y-%m-%d %H:%M}") for r in rows})
    entity = SCHEMA[table].entity
    return [Conflict(entity, i, read_at.get(i), stored[i], *who.get(i, (None, None))) for i in ids]


def _versions(conn: sa.Connection, table: str, ids: Sequence[str]) -> dict[str, int]:
    """The stored version of each of ``ids`` that is stored.

    Nothing is locked: the write deletes each changed record only at the version read here
    (:func:`_delete_at`), so a record changed in between is a conflict, never overwritten.
    """
    t = TABLES[table]
    if len(ids) > WHOLE:  # most of a big table: one scan beats thousands of IN lists
        wanted = set(ids)
        rows = conn.execute(sa.select(t.c.id, t.c.version))
        return {r.id: r.version for r in rows if r.id in wanted}
    found: dict[str, int] = {}
    for chunk in chunks(ids):
        rows = conn.execute(sa.select(t.c.id, t.c.version).where(t.c.id.in_(chunk)))
        found.update({r.id: r.version for r in rows})
    return found


def _insert(conn: sa.Connection, table: str, frames: Frames, stamp: Stamp) -> None:
    """Insert new records at version 1, with their link rows, and audit them."""
    constants = {"version": 1, "changed_at": stamp.at, "changed_by": stamp.who}
    try:
        insert_frame(conn, TABLES[table], frames[table], constants)
    except Exception as exc:
        if not duplicate_key(exc):
            raise
        raise ConflictError(
            f"another save inserted some of these new {SCHEMA[table].entity} records "
            f"({_sample(frames[table])}) while this one ran; nothing was saved. Load them "
            "again, apply your changes and save."
        ) from exc
    _write_links(conn, table, frames)
    ids = frames[table]["id"].astype("str")
    record_events(conn, stamp, "insert", SCHEMA[table].entity, ids)


def _sample(frame: pd.DataFrame, shown: int = 5) -> str:
    ids = frame["id"].astype("str").tolist()
    more = f" … {len(ids)} in all" if len(ids) > shown else ""
    return ", ".join(repr(i) for i in ids[:shown]) + more


def _update(
    conn: sa.Connection,
    table: str,
    after: Frames,
    before: Frames,
    versions: dict[str, int],
    stamp: Stamp,
) -> None:
    """Rewrite the changed records ``after`` one version up, and audit their changes."""
    changed = after[table]["id"].astype("str")
    record_changes(conn, table, subset(before, table, set(changed)), after, stamp)
    _delete_at(conn, table, {i: versions[i] for i in changed})  # link rows go with them
    rows = after[table].assign(version=changed.map(versions).astype("int64") + 1)
    insert_frame(conn, TABLES[table], rows, {"changed_at": stamp.at, "changed_by": stamp.who})
    _write_links(conn, table, after)


def _delete_at(conn: sa.Connection, table: str, versions: dict[str, int]) -> None:
    """Delete records still at the version read (their link rows go with them).

    Raises:
        ConflictError: if one was changed or deleted since (by a save that committed while
            this one ran); the transaction is then rolled back, nothing is written.
    """
    t = TABLES[table]
    by_version: dict[int, list[str]] = {}
    for rid, version in versions.items():
        by_version.setdefault(version, []).append(rid)
    for version, ids in by_version.items():  # id IN (…) uses the key; (id, version) IN scans
        for part in chunks(ids):
            done = conn.execute(sa.delete(t).where(t.c.id.in_(part), t.c.version == version))
            if done.rowcount != len(part):
                raise ConflictError(
                    f"{len(part) - done.rowcount} {SCHEMA[table].entity} record(s) were changed "
                    "by another save while this one ran; nothing was saved. Load them again, "
                    "apply your changes and save."
                )


def _delete(conn: sa.Connection, table: str, ids: Sequence[str]) -> None:
    """Delete records (their link rows go with them)."""
    t = TABLES[table]
    for chunk in chunks(ids):
        conn.execute(sa.delete(t).where(t.c.id.in_(chunk)))


def _write_links(conn: sa.Connection, table: str, frames: Frames) -> None:
    """Insert the link rows of ``table``'s records in ``frames``, numbered in order."""
    for child in SCHEMA[table].children:
        insert_frame(conn, TABLES[child], frames[child], seq_key=SCHEMA[child].key)


def _changed_records(table: str, before: Frames, after: Frames) -> list[str]:
    """Ids of the records in ``after`` whose content differs from ``before``."""
    from ppd_core.validation import convert_frames

    names = [table, *SCHEMA[table].children]
    # Read both sides through the same conversion, so equal values print alike.
    old = convert_frames(_only(before, names))
    new = convert_frames(_only(after, names))
    old_fp = _fingerprints(old, table)
    new_fp = _fingerprints(new, table)
    differs = new_fp.ne(old_fp.reindex(new_fp.index))
    return [str(i) for i in new_fp.index[differs.to_numpy()]]


def _only(frames: Frames, names: list[str]) -> Frames:
    return {n: frames[n] for n in names}


def _fingerprints(frames: Frames, table: str) -> pd.Series:
    """One 64-bit fingerprint per record: its row and its link rows, in order."""
    spec = SCHEMA[table]
    entity = frames[table]
    ids = entity["id"].astype("str").to_numpy()
    fp = pd.Series(row_hashes(entity, spec.column_names), index=ids)
    for k, child in enumerate(spec.children, start=1):
        cspec = SCHEMA[child]
        link = frames[child]
        if link.empty:
            continue
        lists = list_prints(link, cspec.key, cspec.column_names[1:])
        where = lists.index.get_indexer(pd.Index(ids))  # -1: record without items
        present = where >= 0
        values = fp.to_numpy(np.uint64).copy()
        with np.errstate(over="ignore"):  # each link table mixed in by its own odd factor
            mixed = lists.to_numpy(np.uint64)[where[present]] * np.uint64(
                0xBF58476D1CE4E5B9 + 2 * k
            )
            values[present] ^= mixed
        fp = pd.Series(values, index=ids)
    return fp
