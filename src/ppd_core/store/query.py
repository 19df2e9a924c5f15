"""Reading the database back into a Dataset: filtered loads, versioned records, counts.

Filters run in the database, so only matching rows are read; a filtered Dataset also holds
what its activities refer to (organisations, partners, earlier activities followed up), so it
is whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pandas as pd
import sqlalchemy as sa

from ppd_core.store._frames import WHOLE, Frames, chunks, concat, empty, subset
from ppd_core.store.schema import TABLES
from ppd_core.tables import ENTITIES, SCHEMA

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.models._base import Record
    from ppd_core.vocab import CountryGroup

__all__ = [
    "ActivityFilter",
    "Versioned",
    "count_records",
    "dataset_of",
    "frames_for",
    "load_frames",
    "read_table",
    "read_versioned",
]

R = TypeVar("R", bound="Record")


@dataclass(frozen=True)
class Versioned(Generic[R]):
    """A record as stored, with its version and who changed it last."""

    record: R
    version: int
    changed_at: datetime | None
    changed_by: str | None


@dataclass(frozen=True)
class ActivityFilter:
    """Which activities to load (see :meth:`ppd_core.store.Store.load`); ``None``: any."""

    organisations: Iterable[str] | None = None
    years: Iterable[int] | None = None
    partners: Iterable[str] | None = None
    priority_areas: Iterable[str] | None = None
    country_group: CountryGroup | str | None = None

    @property
    def filtered(self) -> bool:
        """Whether any filter is given."""
        return any(value is not None for value in vars(self).values())


def load_frames(conn: sa.Connection, wanted: ActivityFilter) -> Frames:
    """Every table, or only the activities ``wanted`` and what they refer to.

    Entity tables have a ``version`` column, read in the same query as the record (so the
    two always match); :func:`dataset_of` moves it into :attr:`Dataset.versions`.
    """
    if not wanted.filtered:
        return {name: read_table(conn, name, versioned=True) for name in SCHEMA}
    ids = _select_activities(conn, wanted)
    frames = frames_for(conn, "activities", ids, close_references=True, versioned=True)
    frames.update(_context(conn, frames))
    return frames


def read_versioned(conn: sa.Connection, table: str, record_id: str) -> Versioned[Any] | None:
    """One record of an entity ``table`` with its version (``None`` if there is none)."""
    t = TABLES[table]
    frames = frames_for(conn, table, [record_id], versioned=True)
    row = conn.execute(sa.select(t.c.changed_at, t.c.changed_by).where(t.c.id == record_id)).first()
    if row is None or frames[table].empty:
        return None
    ds = dataset_of(frames)
    version = int(ds.versions[table].iloc[0]) if ds.versions else 0
    return Versioned(getattr(ds, table)[0], version, row.changed_at, row.changed_by)


def count_records(conn: sa.Connection) -> dict[str, int]:
    """Number of records per entity table."""
    return {
        t: int(conn.execute(sa.select(sa.func.count()).select_from(TABLES[t])).scalar_one())
        for t in ENTITIES
    }


def _select_activities(conn: sa.Connection, wanted: ActivityFilter) -> list[str]:
    a = TABLES["activities"]
    start = sa.func.coalesce(a.c.actual_start, a.c.planned_start)
    query = sa.select(a.c.id, start.label("start"))
    if wanted.organisations is not None:
        query = query.where(a.c.lead_organisation_id.in_(list(wanted.organisations)))
    if wanted.years is not None:
        ys = sorted(set(wanted.years))
        query = query.where(
            sa.or_(*[start.between(date(y, 1, 1), date(y, 12, 31)) for y in ys])
            if ys
            else sa.false()
        )
    if wanted.partners is not None:
        ap = TABLES["activity_partners"]
        partners = list(wanted.partners)
        query = query.where(
            a.c.id.in_(sa.select(ap.c.activity_id).where(ap.c.partner_id.in_(partners)))
        )
    if wanted.priority_areas is not None:
        pa = TABLES["activity_priority_areas"]
        areas = [str(x) for x in wanted.priority_areas]
        query = query.where(a.c.id.in_(sa.select(pa.c.activity_id).where(pa.c.area.in_(areas))))
    rows = conn.execute(query).all()
    if wanted.country_group is None:
        return [r.id for r in rows]
    starts = {r.id: r.start for r in rows}
    hits = _in_country_group(conn, starts, wanted.country_group)
    return [r.id for r in rows if r.id in hits]


def _in_country_group(
    conn: sa.Connection, starts: dict[str, date | None], country_group: CountryGroup | str
) -> set[str]:
    """The activities with a country in ``country_group`` on their start date."""
    from ppd_core.reference import default_reference
    from ppd_core.vocab import CountryGroup

    group = CountryGroup(str(country_group))
    ref = default_reference()
    countries = sorted({m.country for m in ref.memberships if m.group is group})
    ac = TABLES["activity_countries"]
    hits: set[str] = set()
    for chunk in chunks(list(starts)):
        links = conn.execute(
            sa.select(ac.c.activity_id, ac.c.country).where(
                ac.c.activity_id.in_(chunk), ac.c.country.in_(countries)
            )
        ).all()
        for link in links:
            day = starts[link.activity_id]
            if day is not None and group in ref.groups_of(link.country, day):
                hits.add(link.activity_id)
    return hits


def _context(conn: sa.Connection, frames: Frames) -> Frames:
    """Organisations (all: the hierarchy is small) and the partners the activities use."""
    out = {"organisations": read_table(conn, "organisations", versioned=True)}
    used = set(frames["activity_partners"]["partner_id"].astype("str")) | set(
        frames["resource_flows"]["partner_id"].astype("str")
    )
    out.update(frames_for(conn, "partners", sorted(used), versioned=True))
    for name in ("indicators", "work_plans", "evaluations", "awards"):
        out.update(empty(name))
    return out


def _columns(table: str, versioned: bool) -> list[str]:
    """The columns read of ``table``: the Dataset's, and ``version`` if asked for an entity."""
    names = SCHEMA[table].column_names
    return [*names, "version"] if versioned and SCHEMA[table].kind == "entity" else names


def read_table(conn: sa.Connection, table: str, *, versioned: bool = False) -> pd.DataFrame:
    """A whole table (link tables in record order), with ``version`` if ``versioned``."""
    t = TABLES[table]
    cols = [t.c[c] for c in _columns(table, versioned)]
    query = sa.select(*cols)
    if SCHEMA[table].kind != "entity":
        query = query.order_by(t.c[SCHEMA[table].key], t.c.seq)
    return pd.read_sql(query, conn, coerce_float=False)


def frames_for(
    conn: sa.Connection,
    table: str,
    ids: Sequence[str],
    *,
    close_references: bool = False,
    versioned: bool = False,
) -> Frames:
    """The rows of ``ids`` in ``table`` and their link tables (other tables left out).

    With ``close_references``, activities also bring the earlier activities they follow up;
    with ``versioned``, the entity rows have their ``version``.
    """
    wanted = list(dict.fromkeys(ids))
    if close_references and table == "activities":
        wanted = _with_earlier(conn, wanted)
    spec = SCHEMA[table]
    if len(wanted) > WHOLE:  # read whole tables and keep the wanted records
        whole = {
            name: read_table(conn, name, versioned=versioned) for name in [table, *spec.children]
        }
        return subset(whole, table, set(wanted))
    out: Frames = {}
    for name in [table, *spec.children]:
        t = TABLES[name]
        nspec = SCHEMA[name]
        names = _columns(name, versioned)
        query = sa.select(*[t.c[c] for c in names])
        if name != table:
            query = query.order_by(t.c[nspec.key], t.c.seq)
        key = t.c.id if name == table else t.c[nspec.key]
        parts = [
            pd.read_sql(query.where(key.in_(chunk)), conn, coerce_float=False)
            for chunk in chunks(wanted)
        ]
        out[name] = concat(parts, names)
    return out


def _with_earlier(conn: sa.Connection, ids: list[str]) -> list[str]:
    """Add, transitively, the earlier activities that ``ids`` follow up."""
    a = TABLES["activities"]
    have = set(ids)
    todo = list(ids)
    while todo:
        found: list[str] = []
        for chunk in chunks(todo):
            rows = conn.execute(
                sa.select(a.c.follow_up_of).where(a.c.id.in_(chunk), a.c.follow_up_of.is_not(None))
            ).all()
            found += [r.follow_up_of for r in rows if r.follow_up_of not in have]
        have.update(found)
        todo = found
    return [*ids, *sorted(have - set(ids))]


def dataset_of(frames: Frames) -> Dataset:
    """A Dataset from stored rows (validated when saved; read as the schema's types again).

    Tables missing from ``frames`` are empty; the ``version`` columns of entity tables become
    the Dataset's :attr:`~ppd_core.Dataset.versions`.
    """
    from ppd_core.dataset import Dataset
    from ppd_core.validation import convert_frames

    complete = {
        name: frames[name] if name in frames else empty(SCHEMA[name].parent or name)[name]
        for name in SCHEMA
    }
    versions: dict[str, pd.Series] = {}
    for name in ENTITIES:
        frame = complete[name]
        if "version" in frame.columns:
            ids = pd.Index(frame["id"].astype("str"), name="id")
            versions[name] = pd.Series(frame["version"].to_numpy("int64"), index=ids)
            complete[name] = frame.drop(columns="version")
    return Dataset._wrap(convert_frames(complete), versions or None)
