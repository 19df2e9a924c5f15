"""The shared database: a SQLite file by default, PostgreSQL for a whole system.

>>> import tempfile, pathlib
>>> from ppd_core.datasets import load_sample
>>> from ppd_core.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "ppd.sqlite", user="demo")
>>> store.save(load_sample()).inserted["activities"]
190
>>> store.save(load_sample()).changed  # importing the same data again changes nothing
0
>>> store.load(organisations=["HN-UFO"], years=[2025]).counts()["activities"] > 0
True

* **Upserts keyed on stable ids**: :meth:`Store.save` inserts new records, updates changed
  ones (their ``version`` goes up) and leaves identical ones alone, all in one transaction:
  an interrupted import leaves the database as it was.
* **Several people edit at once**: :meth:`Store.get` returns a record with its version;
  :meth:`Store.update` refuses a stale version with :class:`ConflictError` instead of
  overwriting someone else's change.
* **Audit trail**: every insert and every changed field (old → new, when, by whom) lands in
  ``audit_log`` (:meth:`Store.audit`).
* **Migrations**: opening a database upgrades it to the current schema (alembic), so a
  database created by one version opens in the next.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import numpy as np
import pandas as pd
import sqlalchemy as sa

from ppd_core._fast import isin
from ppd_core.errors import PpdError
from ppd_core.store.schema import AUDIT, TABLES, metadata
from ppd_core.tables import ENTITIES, SCHEMA, python_value

if TYPE_CHECKING:
    from ppd_core.cleaning import MergeRecord
    from ppd_core.dataset import Dataset
    from ppd_core.models._base import Record
    from ppd_core.vocab import CountryGroup

__all__ = [
    "ConflictError",
    "SaveSummary",
    "Store",
    "StoreError",
    "Versioned",
    "default_url",
    "metadata",
]

_CHUNK = 5_000
_WHOLE = 20_000  # above this many ids, scan the table instead of querying by id lists


class StoreError(PpdError):
    """The database cannot do what was asked (see the message for why and how to fix it)."""


class ConflictError(StoreError):
    """A record changed since it was read: someone else saved a newer version first."""


R = TypeVar("R", bound="Record")


@dataclass(frozen=True)
class Versioned(Generic[R]):
    """A record as stored, with its version and who changed it last."""

    record: R
    version: int
    changed_at: datetime | None
    changed_by: str | None


@dataclass
class SaveSummary:
    """What :meth:`Store.save` did, per entity table."""

    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    batch: str = ""

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
        return "; ".join(parts) or "nothing to save"


def default_url() -> str:
    """The database used when none is given: ``$PPD_DATABASE_URL``, else a SQLite file.

    The file is ``~/.ppd_core/ppd.sqlite`` (created on first use).
    """
    url = os.environ.get("PPD_DATABASE_URL")
    if url:
        return url
    path = Path.home() / ".ppd_core" / "ppd.sqlite"
    return f"sqlite:///{path}"


def _url(target: str | Path | None) -> str:
    if target is None:
        return default_url()
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers and one writer at a time
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return sa.create_engine(url, pool_pre_ping=True)


def _migrations_config(engine: sa.Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


class Store:
    """A PPD database (see the module docstring).

    Args:
        target: A SQLAlchemy URL (``postgresql://user@host/db``), a path to a SQLite file,
            or ``None`` for :func:`default_url`.
        user: Who makes the changes (recorded in the audit trail); default ``$USER``.
        upgrade: Bring the schema up to date on opening (default True).
    """

    def __init__(
        self, target: str | Path | None = None, *, user: str | None = None, upgrade: bool = True
    ) -> None:
        self.url = _url(target)
        self.engine = _engine(self.url)
        self.user = user or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
        if upgrade:
            self.upgrade()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- schema -------------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Migrate the database to ``revision`` (default: the current schema)."""
        from alembic import command

        command.upgrade(_migrations_config(self.engine), revision)

    def revision(self) -> str | None:
        """The schema revision the database is at (``None`` for an empty database)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            rev: str | None = MigrationContext.configure(conn).get_current_revision()
            return rev

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- bulk save ----------------------------------------------------------------------------
    def save(self, dataset: Dataset, *, user: str | None = None) -> SaveSummary:
        """Insert new records, update changed ones, leave identical ones alone.

        Records are matched on their stable ids. The whole save is one transaction: if
        anything fails, the database is left exactly as it was. Every insert and every changed
        field is written to the audit trail.
        """
        with self.engine.begin() as conn:
            return self._save(conn, dataset, user or self.user)

    def _save(self, conn: sa.Connection, dataset: Dataset, who: str) -> SaveSummary:
        frames = dataset.to_frames()
        summary = SaveSummary(batch=str(uuid.uuid4()))
        now = datetime.now(UTC)
        for table in ENTITIES:
            self._save_table(conn, frames, table, who, now, summary)
        return summary

    # -- merges -------------------------------------------------------------------------------
    def merge_partners(
        self, keep: str, drop: str | Sequence[str], *, force: bool = False, user: str | None = None
    ) -> MergeRecord:
        """Merge duplicate partners into ``keep``, in one transaction, and audit it.

        The dropped partners' names and aliases become aliases of the kept one; activities
        and resource flows are re-pointed (see :func:`ppd_core.cleaning.merge_partners`). The
        audit trail records the merge with everything needed to undo it
        (:meth:`undo_merge`).

        Raises:
            MergeError: e.g. for partners of different countries unless ``force``.
        """
        from ppd_core.cleaning import merge_partners

        before = self.load()
        result = merge_partners(before, keep, drop, force=force)
        detail = json.dumps(result.record.to_dict(), ensure_ascii=False)
        self._replace(before, result.dataset, "merge", keep, detail, user or self.user)
        return result.record

    def undo_merge(self, record: MergeRecord, *, user: str | None = None) -> None:
        """Undo a merge made with :meth:`merge_partners` (audited as ``unmerge``)."""
        from ppd_core.cleaning import undo_merge

        before = self.load()
        restored = undo_merge(before, record)
        detail = json.dumps(record.to_dict(), ensure_ascii=False)
        self._replace(before, restored, "unmerge", record.keep_id, detail, user or self.user)

    def merges(self) -> list[MergeRecord]:
        """Every merge recorded in the audit trail, oldest first."""
        from ppd_core.cleaning import MergeRecord

        trail = self.audit()
        rows = trail[trail["action"] == "merge"]
        return [MergeRecord.from_dict(json.loads(text)) for text in rows["new"]]

    def _replace(
        self, before: Dataset, after: Dataset, action: str, record_id: str, detail: str, who: str
    ) -> None:
        """Make the database hold ``after`` where it held ``before``, in one transaction."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            self._save(conn, after, who)
            old, new = before.to_frames(), after.to_frames()
            batch = str(uuid.uuid4())
            for table, spec in ((t, SCHEMA[t]) for t in ENTITIES):
                gone = sorted(
                    set(old[table]["id"].astype("str")) - set(new[table]["id"].astype("str"))
                )
                t = TABLES[table]
                for chunk in _chunks(gone):
                    conn.execute(sa.delete(t).where(t.c.id.in_(chunk)))
                _insert_frame(
                    conn,
                    AUDIT,
                    pd.DataFrame({"record_id": gone}),
                    {
                        "at": now,
                        "user_name": who,
                        "batch": batch,
                        "action": "delete",
                        "entity": spec.entity,
                        "field": None,
                        "old": None,
                        "new": None,
                    },
                )
            _insert_frame(
                conn,
                AUDIT,
                pd.DataFrame({"record_id": [record_id]}),
                {
                    "at": now,
                    "user_name": who,
                    "batch": batch,
                    "action": action,
                    "entity": "partner",
                    "field": None,
                    "old": None,
                    "new": detail,
                },
            )

    def _save_table(
        self,
        conn: sa.Connection,
        frames: dict[str, pd.DataFrame],
        table: str,
        who: str,
        now: datetime,
        summary: SaveSummary,
    ) -> None:
        spec = SCHEMA[table]
        incoming = frames[table]
        ids = incoming["id"].astype("str").tolist()
        existing = self._versions(conn, table, ids)
        is_new = ~isin(incoming["id"], list(existing))
        new_ids = set(incoming.loc[is_new, "id"].astype("str"))
        old_ids = [i for i in ids if i in existing]
        changed: list[str] = []
        if old_ids:
            before = self._frames_for(conn, table, old_ids)
            after = _subset(frames, table, set(old_ids))
            changed = _changed_records(table, before, after)
            self._update(conn, table, frames, before, changed, existing, who, now, summary.batch)
        if new_ids:
            self._insert(conn, table, _subset(frames, table, new_ids), who, now, summary.batch)
        summary.inserted[table] = len(new_ids)
        summary.updated[table] = len(changed)
        summary.unchanged[table] = len(old_ids) - len(changed)
        del spec

    def _versions(self, conn: sa.Connection, table: str, ids: Sequence[str]) -> dict[str, int]:
        t = TABLES[table]
        found: dict[str, int] = {}
        if len(ids) > _WHOLE:  # most of a big table: one scan beats thousands of IN lists
            wanted = set(ids)
            rows = conn.execute(sa.select(t.c.id, t.c.version))
            return {r.id: r.version for r in rows if r.id in wanted}
        for chunk in _chunks(ids):
            rows = conn.execute(sa.select(t.c.id, t.c.version).where(t.c.id.in_(chunk)))
            found.update({r.id: r.version for r in rows})
        return found

    def _insert(
        self,
        conn: sa.Connection,
        table: str,
        frames: dict[str, pd.DataFrame],
        who: str,
        now: datetime,
        batch: str,
    ) -> None:
        spec = SCHEMA[table]
        entity = frames[table]
        _insert_frame(
            conn, TABLES[table], entity, {"version": 1, "changed_at": now, "changed_by": who}
        )
        for child in spec.children:
            _insert_frame(conn, TABLES[child], frames[child], seq_key=SCHEMA[child].key)
        audit = pd.DataFrame({"record_id": entity["id"].astype("str")})
        _insert_frame(
            conn,
            AUDIT,
            audit,
            {
                "at": now,
                "user_name": who,
                "batch": batch,
                "action": "insert",
                "entity": spec.entity,
                "field": None,
                "old": None,
                "new": None,
            },
        )

    def _update(
        self,
        conn: sa.Connection,
        table: str,
        frames: dict[str, pd.DataFrame],
        before: dict[str, pd.DataFrame],
        changed: list[str],
        versions: dict[str, int],
        who: str,
        now: datetime,
        batch: str,
    ) -> None:
        if not changed:
            return
        spec = SCHEMA[table]
        after = _subset(frames, table, set(changed))
        old = _subset(before, table, set(changed))
        audit = _diff_rows(spec.entity, table, old, after, who, now, batch)
        t = TABLES[table]
        for chunk in _chunks(changed):
            conn.execute(sa.delete(t).where(t.c.id.in_(chunk)))  # link rows go with them
        rows = after[table].assign(
            version=after[table]["id"].astype("str").map(versions).astype("int64") + 1
        )
        _insert_frame(conn, t, rows, {"changed_at": now, "changed_by": who})
        for child in spec.children:
            _insert_frame(conn, TABLES[child], after[child], seq_key=SCHEMA[child].key)
        _bulk_insert(conn, AUDIT, audit)

    # -- single-record edits ------------------------------------------------------------------
    @overload
    def get(self, entity: type[R], record_id: str) -> Versioned[R]: ...
    @overload
    def get(self, entity: str, record_id: str) -> Versioned[Record]: ...
    def get(self, entity: type[R] | str, record_id: str) -> Versioned[Any]:
        """Read one record with its version (for an edit with :meth:`update`).

        Args:
            entity: The model class (e.g. ``Partner``) or entity table (``"partners"``).
            record_id: The record's id.

        Raises:
            KeyError: if there is no such record.
        """
        table = _table_name(entity if isinstance(entity, str) else _model_table(entity))
        with self.engine.connect() as conn:
            frames = self._frames_for(conn, table, [record_id])
            row = conn.execute(
                sa.select(
                    TABLES[table].c.version, TABLES[table].c.changed_at, TABLES[table].c.changed_by
                ).where(TABLES[table].c.id == record_id)
            ).first()
        if row is None:
            raise KeyError(f"no {SCHEMA[table].entity} with id {record_id!r} in {self!r}")
        ds = _dataset_of(frames, table)
        record = getattr(ds, table)[0]
        return Versioned(record, int(row.version), row.changed_at, row.changed_by)

    def update(self, record: Record, *, version: int, user: str | None = None) -> int:
        """Save an edited record if nobody changed it since ``version`` was read.

        Args:
            record: The edited record (same id).
            version: The version it was read at (:attr:`Versioned.version`).
            user: Who makes the change.

        Returns:
            The new version.

        Raises:
            ConflictError: if the stored record is no longer at ``version``; nothing is
                written, and the message says who changed it and when.
            KeyError: if the record does not exist.
        """
        table = next((t for t, m in ENTITIES.items() if isinstance(record, m)), None)
        if table is None:
            raise TypeError(f"{type(record).__name__} is not stored")
        from ppd_core.tables import records_to_frames

        frames = records_to_frames(table, [record])
        rid = str(getattr(record, "id"))  # noqa: B009 - every entity has an id
        who = user or self.user
        now = datetime.now(UTC)
        t = TABLES[table]
        with self.engine.begin() as conn:
            lock = sa.select(t.c.version, t.c.changed_at, t.c.changed_by).where(t.c.id == rid)
            if conn.dialect.name == "postgresql":
                lock = lock.with_for_update()
            current = conn.execute(lock).first()
            if current is None:
                raise KeyError(f"no {SCHEMA[table].entity} with id {rid!r}")
            if current.version != version:
                raise ConflictError(
                    f"{SCHEMA[table].entity} {rid!r} was changed by {current.changed_by} at "
                    f"{current.changed_at:%Y-%m-%d %H:%M} (now version {current.version}); "
                    f"your edit started from version {version}. Reload it, apply your change "
                    "again and save."
                )
            before = self._frames_for(conn, table, [rid])
            audit = _diff_rows(
                SCHEMA[table].entity, table, before, frames, who, now, str(uuid.uuid4())
            )
            values = _records(frames[table])[0]
            values.update(version=version + 1, changed_at=now, changed_by=who)
            result = conn.execute(
                sa.update(t).where(t.c.id == rid, t.c.version == version).values(**values)
            )
            if result.rowcount != 1:  # pragma: no cover - the row lock makes this unreachable
                raise ConflictError(f"{SCHEMA[table].entity} {rid!r} changed while saving")
            for child in SCHEMA[table].children:
                ct = TABLES[child]
                conn.execute(sa.delete(ct).where(ct.c[SCHEMA[child].key] == rid))
                _insert_frame(conn, ct, frames[child], seq_key=SCHEMA[child].key)
            _bulk_insert(conn, AUDIT, audit)
        return version + 1

    # -- reading ------------------------------------------------------------------------------
    def load(
        self,
        *,
        organisations: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
        partners: Iterable[str] | None = None,
        priority_areas: Iterable[str] | None = None,
        country_group: CountryGroup | str | None = None,
    ) -> Dataset:
        """Load the whole dataset, or only the activities that match every filter given.

        Filters are applied in the database (only matching rows are read): lead
        ``organisations``, start ``years``, ``partners`` taking part, ``priority_areas``,
        and a ``country_group`` that one of the activity's countries belongs to on the
        activity's start date. A filtered Dataset also holds what the activities refer to
        (organisations, their partners, earlier activities they follow up), so it is whole.
        """
        with self.engine.connect() as conn:
            filtered = any(
                f is not None
                for f in (organisations, years, partners, priority_areas, country_group)
            )
            if not filtered:
                frames = {name: self._read(conn, name) for name in SCHEMA}
                return _dataset_of(frames, None)
            ids = self._select_activities(
                conn, organisations, years, partners, priority_areas, country_group
            )
            frames = self._frames_for(conn, "activities", ids, close_references=True)
            frames.update(self._context(conn, frames))
        return _dataset_of(frames, None)

    def _select_activities(
        self,
        conn: sa.Connection,
        organisations: Iterable[str] | None,
        years: Iterable[int] | None,
        partners: Iterable[str] | None,
        priority_areas: Iterable[str] | None,
        country_group: CountryGroup | str | None,
    ) -> list[str]:
        a = TABLES["activities"]
        start = sa.func.coalesce(a.c.actual_start, a.c.planned_start)
        query = sa.select(a.c.id, start.label("start"))
        if organisations is not None:
            query = query.where(a.c.lead_organisation_id.in_(list(organisations)))
        if years is not None:
            ys = sorted(set(years))
            query = query.where(
                sa.or_(*[start.between(date(y, 1, 1), date(y, 12, 31)) for y in ys])
                if ys
                else sa.false()
            )
        if partners is not None:
            ap = TABLES["activity_partners"]
            query = query.where(
                a.c.id.in_(sa.select(ap.c.activity_id).where(ap.c.partner_id.in_(list(partners))))
            )
        if priority_areas is not None:
            pa = TABLES["activity_priority_areas"]
            areas = [str(x) for x in priority_areas]
            query = query.where(a.c.id.in_(sa.select(pa.c.activity_id).where(pa.c.area.in_(areas))))
        rows = conn.execute(query).all()
        if country_group is None:
            return [r.id for r in rows]
        from ppd_core.reference import default_reference
        from ppd_core.vocab import CountryGroup

        group = CountryGroup(str(country_group))
        ref = default_reference()
        countries = sorted({m.country for m in ref.memberships if m.group is group})
        ac = TABLES["activity_countries"]
        starts = {r.id: r.start for r in rows}
        hits: set[str] = set()
        for chunk in _chunks(list(starts)):
            links = conn.execute(
                sa.select(ac.c.activity_id, ac.c.country).where(
                    ac.c.activity_id.in_(chunk), ac.c.country.in_(countries)
                )
            ).all()
            for link in links:
                day = starts[link.activity_id]
                if day is not None and group in ref.groups_of(link.country, day):
                    hits.add(link.activity_id)
        return [r.id for r in rows if r.id in hits]

    def _context(
        self, conn: sa.Connection, frames: dict[str, pd.DataFrame]
    ) -> dict[str, pd.DataFrame]:
        """Organisations (all: the hierarchy is small) and the partners the activities use."""
        out = {"organisations": self._read(conn, "organisations")}
        used = set(frames["activity_partners"]["partner_id"].astype("str")) | set(
            frames["resource_flows"]["partner_id"].astype("str")
        )
        partners = self._frames_for(conn, "partners", sorted(used))
        out.update(partners)
        for name in ("indicators", "work_plans", "evaluations", "awards"):
            out.update(_empty(name))
        return out

    def _read(self, conn: sa.Connection, table: str) -> pd.DataFrame:
        t = TABLES[table]
        cols = [t.c[c] for c in SCHEMA[table].column_names]
        query = sa.select(*cols)
        if SCHEMA[table].kind != "entity":
            query = query.order_by(t.c[SCHEMA[table].key], t.c.seq)
        return pd.read_sql(query, conn, coerce_float=False)

    def _frames_for(
        self,
        conn: sa.Connection,
        table: str,
        ids: Sequence[str],
        *,
        close_references: bool = False,
    ) -> dict[str, pd.DataFrame]:
        """The rows of ``ids`` in ``table`` and their link tables (other tables empty)."""
        wanted = list(dict.fromkeys(ids))
        if close_references and table == "activities":
            wanted = self._with_earlier(conn, wanted)
        spec = SCHEMA[table]
        if len(wanted) > _WHOLE:  # read whole tables and keep the wanted records
            whole = {name: self._read(conn, name) for name in [table, *spec.children]}
            return _subset(whole, table, set(wanted))
        out: dict[str, pd.DataFrame] = {}
        t = TABLES[table]
        parts = [
            pd.read_sql(
                sa.select(*[t.c[c] for c in spec.column_names]).where(t.c.id.in_(chunk)),
                conn,
                coerce_float=False,
            )
            for chunk in _chunks(wanted)
        ]
        out[table] = _concat(parts, spec.column_names)
        for child in spec.children:
            ct = TABLES[child]
            cspec = SCHEMA[child]
            parts = [
                pd.read_sql(
                    sa.select(*[ct.c[c] for c in cspec.column_names])
                    .where(ct.c[cspec.key].in_(chunk))
                    .order_by(ct.c[cspec.key], ct.c.seq),
                    conn,
                    coerce_float=False,
                )
                for chunk in _chunks(wanted)
            ]
            out[child] = _concat(parts, cspec.column_names)
        return out

    def _with_earlier(self, conn: sa.Connection, ids: list[str]) -> list[str]:
        """Add, transitively, the earlier activities that ``ids`` follow up."""
        a = TABLES["activities"]
        have = set(ids)
        todo = list(ids)
        while todo:
            found: list[str] = []
            for chunk in _chunks(todo):
                rows = conn.execute(
                    sa.select(a.c.follow_up_of).where(
                        a.c.id.in_(chunk), a.c.follow_up_of.is_not(None)
                    )
                ).all()
                found += [r.follow_up_of for r in rows if r.follow_up_of not in have]
            have.update(found)
            todo = found
        return [*ids, *sorted(have - set(ids))]

    # -- audit --------------------------------------------------------------------------------
    def audit(self, entity: str | None = None, record_id: str | None = None) -> pd.DataFrame:
        """The audit trail (oldest first), optionally for one entity or record."""
        query = sa.select(AUDIT).order_by(AUDIT.c.id)
        if entity is not None:
            query = query.where(AUDIT.c.entity == SCHEMA[_table_name(entity)].entity)
        if record_id is not None:
            query = query.where(AUDIT.c.record_id == record_id)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def counts(self) -> dict[str, int]:
        """Number of records per entity table."""
        with self.engine.connect() as conn:
            return {
                t: int(conn.execute(sa.select(sa.func.count()).select_from(TABLES[t])).scalar_one())
                for t in ENTITIES
            }


# -- helpers ------------------------------------------------------------------------------------


def _model_table(model: type[Record]) -> str:
    for table, cls in ENTITIES.items():
        if cls is model:
            return table
    raise KeyError(f"{model.__name__} is not an entity of the store")


def _table_name(entity: str) -> str:
    if entity in ENTITIES:
        return entity
    for table, model in ENTITIES.items():
        if model.entity == entity:
            return table
    raise KeyError(f"unknown entity {entity!r}; use one of {list(ENTITIES)}")


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def _empty(table: str) -> dict[str, pd.DataFrame]:
    spec = SCHEMA[table]
    names = [table, *spec.children]
    return {
        n: pd.DataFrame({c: pd.Series([], dtype=object) for c in SCHEMA[n].column_names})
        for n in names
    }


def _subset(frames: dict[str, pd.DataFrame], table: str, ids: set[str]) -> dict[str, pd.DataFrame]:
    """The rows of ``ids`` in ``table`` and in its link tables."""
    spec = SCHEMA[table]
    wanted = list(ids)
    out = {table: frames[table][isin(frames[table]["id"].astype("str"), wanted)]}
    for child in spec.children:
        link = frames[child]
        out[child] = link[isin(link[SCHEMA[child].key].astype("str"), wanted)]
    return out


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    data = [frame[c].tolist() for c in cols]
    return [
        {c: python_value(v) for c, v in zip(cols, row, strict=True)}
        for row in zip(*data, strict=True)
    ]


def _column_values(series: pd.Series, dialect: str) -> list[Any]:
    """One column's values as the database driver takes them (missing → None)."""
    missing = series.isna().to_numpy()
    if series.dtype.kind == "M":
        if dialect == "sqlite":  # SQLAlchemy's storage format for dates on SQLite
            values: list[Any] = series.dt.strftime("%Y-%m-%d").tolist()
        else:
            values = list(series.dt.date)
    elif str(series.dtype).startswith("decimal"):
        values = [str(v) if dialect == "sqlite" else v for v in series.tolist()]
    else:
        values = series.astype(object).tolist()
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
    return [None if m else v for v, m in zip(values, missing, strict=True)]


def _insert_frame(
    conn: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    constants: dict[str, Any] | None = None,
    *,
    seq_key: str | None = None,
) -> None:
    """Insert a frame column-wise through the driver (``executemany``, or ``COPY``)."""
    n = len(frame)
    if n == 0:
        return
    dialect = conn.dialect.name
    data: dict[str, list[Any]] = {c: _column_values(frame[c], dialect) for c in frame.columns}
    if seq_key is not None:
        data["seq"] = frame.groupby(seq_key, sort=False).cumcount().astype(int).tolist()
    for name, value in (constants or {}).items():
        stored = value
        if isinstance(value, datetime) and dialect == "sqlite":
            stored = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        data[name] = [stored] * n
    names = list(data)
    rows = list(zip(*data.values(), strict=True))
    quoted = ", ".join(f'"{c}"' for c in names)
    if dialect == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    elif dialect == "sqlite":
        marks = ", ".join("?" for _ in names)
        sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
        for start in range(0, n, 100_000):
            conn.exec_driver_sql(sql, rows[start : start + 100_000])
    else:  # any other database SQLAlchemy knows
        conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows])


def _bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 20_000):
        chunk = rows[start : start + 20_000]
        if chunk:
            conn.execute(table.insert(), chunk)


def _norm(v: Any) -> Any:
    from decimal import Decimal

    if isinstance(v, Decimal):
        return v.normalize()
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _changed_records(
    table: str, before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]
) -> list[str]:
    """Ids of the records in ``after`` whose content differs from ``before``."""
    from ppd_core.validation import validate_frames

    names = [table, *SCHEMA[table].children]
    # Read both sides through the same coercion, so equal values print alike.
    old, _ = validate_frames(_only(before, names), today=date.max)
    new, _ = validate_frames(_only(after, names), today=date.max)
    old_fp = _fingerprints(old, table)
    new_fp = _fingerprints(new, table)
    differs = new_fp.ne(old_fp.reindex(new_fp.index))
    return [str(i) for i in new_fp.index[differs.to_numpy()]]


def _only(frames: dict[str, pd.DataFrame], names: list[str]) -> dict[str, pd.DataFrame]:
    return {n: frames[n] for n in names}


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _row_hashes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    text = pd.DataFrame({c: frame[c].astype("str").fillna("\x00") for c in columns})
    hashed: np.ndarray = pd.util.hash_pandas_object(text, index=False).to_numpy(np.uint64)
    return hashed


def _fingerprints(frames: dict[str, pd.DataFrame], table: str) -> pd.Series:
    """One 64-bit fingerprint per record: its row and its link rows, in order."""
    spec = SCHEMA[table]
    entity = frames[table]
    ids = entity["id"].astype("str").to_numpy()
    fp = pd.Series(_row_hashes(entity, spec.column_names), index=ids)
    for k, child in enumerate(spec.children, start=1):
        cspec = SCHEMA[child]
        link = frames[child]
        if link.empty:
            continue
        pos = link.groupby(cspec.key, sort=False).cumcount().to_numpy(np.uint64)
        with np.errstate(over="ignore"):
            mixed = _row_hashes(link, cspec.column_names[1:]) ^ ((pos + np.uint64(1)) * _MIX)
            mixed = mixed * np.uint64(0xBF58476D1CE4E5B9 + 2 * k)
        keys = link[cspec.key].astype("str").to_numpy()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        per_parent = np.bitwise_xor.reduceat(mixed[order], starts)
        where = pd.Index(sorted_keys[starts]).get_indexer(pd.Index(ids))  # -1: record without items
        present = where >= 0
        values = fp.to_numpy(np.uint64).copy()
        with np.errstate(over="ignore"):
            values[present] ^= per_parent[where[present]] * np.uint64(k + 3)
        fp = pd.Series(values, index=ids)
    return fp


def _diff_rows(
    entity: str,
    table: str,
    before: dict[str, pd.DataFrame],
    after: dict[str, pd.DataFrame],
    who: str,
    now: datetime,
    batch: str,
) -> list[dict[str, Any]]:
    """Audit rows for every changed field (link tables: the whole list, old → new)."""
    spec = SCHEMA[table]
    old = {str(r["id"]): r for r in _records(before[table])}
    rows: list[dict[str, Any]] = []
    base = {"at": now, "user_name": who, "batch": batch, "action": "update", "entity": entity}
    for r in _records(after[table]):
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
        now_ = _grouped(after[child], cspec.key)
        rows.extend(
            {
                **base,
                "record_id": rid,
                "field": cspec.field,
                "old": _text(was.get(rid, [])),
                "new": _text(now_.get(rid, [])),
            }
            for rid in sorted(set(was) | set(now_))
            if was.get(rid, []) != now_.get(rid, [])
        )
    return rows


def _grouped(frame: pd.DataFrame, key: str) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for r in _records(frame):
        out.setdefault(str(r[key]), []).append(tuple(_norm(v) for k, v in r.items() if k != key))
    return out


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return "; ".join(", ".join(str(x) for x in item if x is not None) for item in v)
    return str(v)


def _dataset_of(frames: dict[str, pd.DataFrame], table: str | None) -> Dataset:
    """A Dataset from stored rows (already validated when saved; re-read through the schema)."""
    from ppd_core.dataset import Dataset
    from ppd_core.validation import validate_frames

    full = {name: frames.get(name) for name in SCHEMA}
    complete = {
        name: frame if frame is not None else _empty(SCHEMA[name].parent or name)[name]
        for name, frame in full.items()
    }
    coerced, report = validate_frames(complete, today=date.max)
    if not report.ok and table is None:  # pragma: no cover - stored data was validated
        raise StoreError(f"The database holds records that break rules:\n{report}")
    return Dataset._wrap(coerced)
