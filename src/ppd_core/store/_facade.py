"""The :class:`Store`: one object to open a PPD database and save, edit, load and audit it.

Each method opens one transaction (or connection) and hands it to the module that does the
work: :mod:`~ppd_core.store.engine` (opening, migrations), :mod:`~ppd_core.store.upsert`
(saving and edits), :mod:`~ppd_core.store.query` (reading back) and
:mod:`~ppd_core.store.audit` (the trail).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from ppd_core.store import engine as db
from ppd_core.store import query, upsert
from ppd_core.store._frames import model_table, table_name
from ppd_core.store.audit import Stamp, read_trail, record_events
from ppd_core.store.query import ActivityFilter, R, Versioned
from ppd_core.store.rights import Rights, Role, deny_all, rights_of_login
from ppd_core.store.upsert import OnConflict, SaveSummary
from ppd_core.tables import SCHEMA

if TYPE_CHECKING:
    from datetime import date

    import pandas as pd

    from ppd_core.cleaning import MergeRecord
    from ppd_core.dataset import Dataset, Versions
    from ppd_core.models._base import Record
    from ppd_core.reference import ReferenceData
    from ppd_core.store.importing import Imported
    from ppd_core.vocab import CountryGroup

__all__ = ["Store"]


class Store:
    """A PPD database (see :mod:`ppd_core.store`).

    Args:
        target: A SQLAlchemy URL (``postgresql://user@host/db``), a path to a SQLite file,
            or ``None`` for :func:`~ppd_core.store.default_url`.
        user: Who makes the changes (recorded in the audit trail); default: the PostgreSQL
            login, else ``$USER``. On PostgreSQL the trail also records the login itself
            (``db_user``), which the caller cannot choose.
        role: ``"admin"``, ``"editor"`` or ``"reader"`` (see :class:`ppd_core.store.Rights`).
            On PostgreSQL an organisation's login has its rights from the database and this
            is ignored; the owner's login may pass one to act with those rights. On SQLite
            (one user, one file) it is what the store enforces; default ``"admin"``.
        organisation: The organisation an editor writes for.
        upgrade: Bring the schema up to date on opening (default True).
    """

    def __init__(
        self,
        target: str | Path | None = None,
        *,
        user: str | None = None,
        role: Role | None = None,
        organisation: str | None = None,
        upgrade: bool = True,
    ) -> None:
        self.url = db.database_url(target)
        self.engine = db.create_engine(self.url)
        if upgrade:
            self.upgrade()
        login: str | None = None
        self.rights = Rights(role or "admin", organisation)
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                login = conn.exec_driver_sql("SELECT session_user").scalar_one()
                if self.revision() not in (None, "0001", "0002"):
                    found = rights_of_login(conn)
                    if found.role != "admin" or role is None:
                        self.rights = found
                    if found.role != "admin":
                        self.engine = self.engine.execution_options(**{db.ROW_SECURITY: True})
        self.user = (
            user or login or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
        )

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- schema -------------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Migrate the database to ``revision`` (default: the current schema)."""
        db.upgrade(self.engine, revision)

    def revision(self) -> str | None:
        """The schema revision the database is at (``None`` for an empty database)."""
        return db.current_revision(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- bulk save ----------------------------------------------------------------------------
    def save(
        self,
        dataset: Dataset,
        *,
        user: str | None = None,
        versions: Versions | None = None,
        on_conflict: OnConflict = "refuse",
    ) -> SaveSummary:
        """Insert new records, update changed ones, leave identical ones alone.

        Records are matched on their stable ids. The whole save is one transaction: if
        anything fails, the database is left exactly as it was. Every insert and every changed
        field is written to the audit trail.

        **No lost updates.** A Dataset read with :meth:`load` knows the version of each of
        its records (:attr:`Dataset.versions`); pass ``versions`` when you rebuilt it (for
        instance with ``Dataset.from_frames``). A record you changed that someone else changed
        since you read it is a *conflict*, and so is one deleted since.

        Args:
            dataset: The records to save.
            user: Who makes the changes (default: the store's user).
            versions: The versions the records were read at (default: ``dataset.versions``;
                ``None`` for a Dataset read from files: its records win).
            on_conflict: ``"refuse"`` (default): all or nothing — on any conflict raise
                :class:`ConflictError` naming every conflicting record, and save nothing.
                ``"skip"``: save every other record, keep the stored version of the
                conflicting ones and list them in :attr:`SaveSummary.conflicts`.

        Raises:
            ConflictError: on conflicts, with ``on_conflict="refuse"``.
            PermissionDeniedError: a record to write is outside the user's rights (nothing
                is saved).
        """
        with db.writing(self.engine) as conn:
            return upsert.save(
                conn,
                dataset,
                Stamp(user or self.user),
                versions=versions,
                on_conflict=on_conflict,
                rights=self.rights,
            )

    def import_path(
        self,
        path: str | Path,
        *,
        known: Dataset | None = None,
        today: date | None = None,
        reference: ReferenceData | None = None,
        decimal_comma: bool = False,
    ) -> Imported:
        """Read a file or folder, check it, and save its good records, all or nothing.

        Reads and checks exactly as :func:`ppd_core.io.read` (the same problems, the same
        rejected rows), then saves the good records as :meth:`save` does (the records of the
        file win). A folder of CSV files is read a block of activities at a time, so memory
        stays that of a block, not of the file; the write transaction opens only after every
        block was read and checked, so other writers wait only for the writing.

        With ``known`` (the records this store held when read, e.g. :meth:`load`), the file
        may refer to them, as with :func:`ppd_core.io.read`'s ``known``; they are saved at the
        versions read, so a record changed meanwhile is a conflict and nothing is saved.

        Returns:
            The read result (rows accepted and rejected, problems), the save summary and the
            seconds spent checking and writing (see :class:`~ppd_core.store.importing.Imported`).

        Raises:
            FileFormatError: the file cannot be read (nothing is saved).
            PermissionDeniedError: a record is outside the user's rights (nothing is saved).
            ConflictError: with ``known``, a record changed since it was read (nothing is
                saved).
        """
        from ppd_core.store.importing import import_path

        return import_path(
            self,
            path,
            known=known,
            today=today,
            reference=reference,
            decimal_comma=decimal_comma,
        )

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

        deny_all(self.rights, "merging partners")
        before = self.load()
        result = merge_partners(before, keep, drop, force=force)
        detail = json.dumps(result.record.to_dict(), ensure_ascii=False)
        self._replace(before, result.dataset, "merge", keep, detail, user or self.user)
        return result.record

    def undo_merge(self, record: MergeRecord, *, user: str | None = None) -> None:
        """Undo a merge made with :meth:`merge_partners` (audited as ``unmerge``)."""
        from ppd_core.cleaning import undo_merge

        deny_all(self.rights, "undoing a merge")
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
        stamp = Stamp(who)
        with db.writing(self.engine) as conn:
            upsert.replace(conn, before, after, stamp)
            record_events(conn, stamp, action, "partner", [record_id], new=detail)

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
        table = table_name(entity if isinstance(entity, str) else model_table(entity))
        with self.engine.connect() as conn:
            found = query.read_versioned(conn, table, record_id)
        if found is None:
            raise KeyError(f"no {SCHEMA[table].entity} with id {record_id!r} in {self!r}")
        return found

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
        stamp = Stamp(user or self.user)
        with db.writing(self.engine) as conn:
            return upsert.update_record(conn, record, version, stamp, self.rights)

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
        wanted = ActivityFilter(organisations, years, partners, priority_areas, country_group)
        with self.engine.connect() as conn:
            frames = query.load_frames(conn, wanted)
        return query.dataset_of(frames)

    # -- audit --------------------------------------------------------------------------------
    def audit(self, entity: str | None = None, record_id: str | None = None) -> pd.DataFrame:
        """The audit trail (oldest first), optionally for one entity or record."""
        with self.engine.connect() as conn:
            return read_trail(conn, entity, record_id)

    def counts(self) -> dict[str, int]:
        """Number of records per entity table."""
        with self.engine.connect() as conn:
            return query.count_records(conn)
