"""Rights by organisation: who may write which records, checked by the store on every write.

Three roles:

* **admin** — every record, organisations (the hierarchy), evaluations, partner merges;
* **editor** of an organisation — the activities, indicators, work plans and awards of that
  organisation and of the units below it in the hierarchy *as of each record's date*, and the
  shared partner list (add and correct partners; merging them is an admin's);
* **reader** — reads everything, writes nothing.

On PostgreSQL each organisation gets a database login (:func:`create_login`); the login's
role and organisation are in ``ppd_logins`` and the database itself enforces them with
row-level-security policies (migration ``0003``), so even raw SQL through that login cannot
write another organisation's rows. A login not in ``ppd_logins`` (the owner who created the
schema) is an administrator. On the embedded SQLite file there are no logins (one user, one
file): the role is what the program says (``Store(..., role=..., organisation=...)``) and the
same checks run in the store, raising the same :class:`PermissionDeniedError`.

**As of the record's date.** Units come and go (``valid_from`` / ``valid_to``): a unit is
below the editor's organisation for a record only if it, and every unit between them in the
``parent_id`` tree, existed at some time in the record's period (:data:`WHEN`; migration
``0004`` on PostgreSQL). An undated record is judged on the tree as stored; the editor's own
organisation always counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd
import sqlalchemy as sa

from ppd_core.errors import PermissionDeniedError, StoreError
from ppd_core.store._frames import chunks
from ppd_core.store.schema import LOGINS, TABLES
from ppd_core.tables import SCHEMA

__all__ = [
    "OWNER",
    "WHEN",
    "Period",
    "Rights",
    "Role",
    "Scope",
    "check_writes",
    "create_login",
    "drop_login",
    "grant",
    "logins",
    "periods",
    "rights_of_login",
]

Role = Literal["admin", "editor", "reader"]
"""What a user may do (see :class:`ppd_core.store.Rights`)."""

OWNER: dict[str, str] = {
    "activities": "lead_organisation_id",
    "indicators": "organisation_id",
    "work_plans": "organisation_id",
    "awards": "organisation_id",
}
"""The column naming the organisation a record belongs to, per entity table editors write."""

WHEN: dict[str, tuple[str, ...]] = {
    "activities": ("actual_start", "planned_start"),
    "indicators": ("baseline_date",),
    "work_plans": ("year",),
    "awards": ("year",),
}
"""The columns dating a record (the first one filled), per table of :data:`OWNER`; a year
stands for the whole year."""

Period = tuple[date | None, date | None]
"""First and last day of a record's period (``None``: undated)."""

SHARED = ("partners",)
"""Entity tables every editor may write (the shared partner list)."""

_LOGIN = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Rights:
    """A user's role and, for an editor, the organisation it writes for."""

    role: Role = "admin"
    organisation: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ("admin", "editor", "reader"):
            raise ValueError(f"unknown role {self.role!r}; use admin, editor or reader")
        if self.role == "editor" and not self.organisation:
            raise ValueError("an editor writes for an organisation: give organisation=…")

    def __str__(self) -> str:
        return f"editor of {self.organisation}" if self.role == "editor" else self.role


@dataclass
class Scope:
    """The units an editor of ``organisation`` writes for, per period (see the module)."""

    organisations: pd.DataFrame
    organisation: str
    _found: dict[frozenset[str], set[str]] = field(default_factory=dict)
    _of: dict[Period, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        orgs = self.organisations
        bounded = orgs[
            (orgs["valid_from"].notna() | orgs["valid_to"].notna())
            & (orgs["id"] != self.organisation)
        ]
        self._bounds = list(
            zip(
                bounded["id"].astype("str"),
                _days(bounded["valid_from"]),
                _days(bounded["valid_to"]),
                strict=True,
            )
        )

    def units(self, period: Period) -> set[str]:
        """The organisation and the units below it that existed in ``period``."""
        from ppd_core.integrity import units_below

        if period in self._of:
            return self._of[period]
        first, last = period
        absent = frozenset(
            u
            for u, since, until in self._bounds
            if (last is not None and since is not None and since > last)
            or (first is not None and until is not None and until < first)
        )
        if absent not in self._found:
            orgs = self.organisations
            self._found[absent] = units_below(orgs[~orgs["id"].isin(absent)], self.organisation)
        self._of[period] = self._found[absent]
        return self._of[period]


def _days(values: pd.Series) -> list[date | None]:
    days = pd.to_datetime(values, errors="coerce")
    return [None if pd.isna(d) else d.date() for d in days]


def periods(table: str, frame: pd.DataFrame) -> list[Period]:
    """Each record's period (:data:`WHEN`), for rows of ``table``."""
    columns = WHEN[table]
    if columns == ("year",):
        years = pd.to_numeric(frame["year"], errors="coerce")
        return [
            (None, None) if pd.isna(y) else (date(int(y), 1, 1), date(int(y), 12, 31))
            for y in years
        ]
    day = pd.to_datetime(frame[columns[0]], errors="coerce")
    for column in columns[1:]:
        day = day.fillna(pd.to_datetime(frame[column], errors="coerce"))
    return [(d, d) for d in _days(day)]


def _when(period: Period) -> str:
    first, last = period
    if first is None or last is None:
        return "undated"
    return f"in {first.year}" if first != last else f"on {first.isoformat()}"


def deny_all(rights: Rights, what: str) -> None:
    """Refuse anything but an administrator (merges, reference data)."""
    if rights.role != "admin":
        raise PermissionDeniedError(
            f"{what} is for administrators; you are {rights}. Ask an administrator of the "
            "database to do it."
        )


def check_writes(
    conn: sa.Connection,
    rights: Rights,
    table: str,
    incoming: pd.DataFrame,
    ids: Sequence[str],
) -> None:
    """Refuse writing records ``ids`` of ``table`` (rows of ``incoming``) outside ``rights``.

    A record may be written if both its new owner and its stored owner (if stored) are
    within the editor's organisation and the units below it.

    Raises:
        PermissionDeniedError: naming the records and their organisations.
    """
    if rights.role == "admin" or not len(ids):
        return
    entity = SCHEMA[table].entity
    if rights.role == "reader":
        raise PermissionDeniedError(
            f"you may read but not write: {len(ids)} {entity} record(s) not saved "
            f"(e.g. {ids[0]!r}). Ask an administrator for an editor's login."
        )
    if table in SHARED:
        return
    if table not in OWNER:
        deny_all(rights, f"writing {entity} records ({ids[0]!r} …)")
    column = OWNER[table]
    assert rights.organisation is not None  # an editor has one (Rights checks)
    from ppd_core.store.query import read_table

    scope = Scope(read_table(conn, "organisations"), rights.organisation)
    wanted = set(ids)
    rows = incoming[incoming["id"].astype("str").isin(wanted)]
    outside: dict[tuple[str, str], str] = {}
    for frame in (rows, _stored(conn, table, list(wanted))):
        for rid, owner, period in zip(
            frame["id"].astype("str"), frame[column], periods(table, frame), strict=True
        ):
            if pd.isna(owner) or owner in scope.units(period):
                continue
            dated = owner in scope.units((None, None))
            why = f", not below {rights.organisation} {_when(period)}" if dated else ""
            outside[(rid, str(owner))] = why
    if outside:
        shown = ", ".join(
            f"{rid!r} ({owner}{why})" for (rid, owner), why in sorted(outside.items())[:10]
        )
        more = f" and {len(outside) - 10} more" if len(outside) > 10 else ""
        raise PermissionDeniedError(
            f"you are {rights} and may write the {entity} records of {rights.organisation} "
            f"and the units below it (as of each record's date) only; nothing was saved. "
            f"Outside them: {shown}{more}. Leave them out of your save, or ask their "
            "organisation to change them."
        )


def _stored(conn: sa.Connection, table: str, ids: list[str]) -> pd.DataFrame:
    """The stored owner and date columns of those of ``ids`` that are stored."""
    t = TABLES[table]
    columns = [t.c.id, t.c[OWNER[table]], *(t.c[c] for c in WHEN[table])]
    parts = [
        pd.DataFrame(
            conn.execute(sa.select(*columns).where(t.c.id.in_(chunk))).all(),
            columns=[c.name for c in columns],
        )
        for chunk in chunks(ids)
    ]
    return pd.concat(parts) if parts else pd.DataFrame(columns=[c.name for c in columns])


def rights_of_login(conn: sa.Connection) -> Rights:
    """The rights of the PostgreSQL session's login (an administrator if not listed)."""
    login = conn.exec_driver_sql("SELECT session_user").scalar_one()
    row = conn.execute(
        sa.select(LOGINS.c.role, LOGINS.c.organisation_id).where(LOGINS.c.login == login)
    ).first()
    if row is None:
        return Rights()
    return Rights(row.role, row.organisation_id)


def _checked_login(login: str) -> str:
    if not _LOGIN.fullmatch(login):
        raise StoreError(
            f"login {login!r} is not a plain database name: use lower-case letters, digits and "
            "_ (at most 63, starting with a letter), e.g. 'qn_ufo_editor'"
        )
    return login


def create_login(
    conn: sa.Connection,
    login: str,
    password: str,
    role: Role,
    organisation: str | None = None,
) -> None:
    """Create a PostgreSQL login writing for ``organisation`` as ``role`` (editor or reader).

    Raises:
        StoreError: not PostgreSQL, a login name that is not plain, or an unknown organisation.
    """
    name = _checked_login(login)
    _postgres_only(conn)
    rights = Rights(role, organisation)
    if rights.role == "admin":
        raise StoreError("administrators are the database's owner; create editors or readers")
    if organisation is not None:
        t = TABLES["organisations"]
        if conn.execute(sa.select(t.c.id).where(t.c.id == organisation)).first() is None:
            raise StoreError(f"there is no organisation {organisation!r}; save it first")
    quoted = conn.dialect.identifier_preparer.quote(name)
    literal = "'" + password.replace("'", "''") + "'"
    conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN PASSWORD {literal}")
    grant(conn, name, rights)


def grant(conn: sa.Connection, login: str, rights: Rights) -> None:
    """Give an existing PostgreSQL login ``rights`` (replacing what it had)."""
    name = _checked_login(login)
    _postgres_only(conn)
    quoted = conn.dialect.identifier_preparer.quote(name)
    for group in ("ppd_editor", "ppd_reader"):
        conn.exec_driver_sql(f"REVOKE {group} FROM {quoted}")
    conn.execute(sa.delete(LOGINS).where(LOGINS.c.login == name))
    if rights.role == "admin":
        raise StoreError("administrators are the database's owner; grant editor or reader")
    conn.exec_driver_sql(f"GRANT ppd_{rights.role} TO {quoted}")
    conn.execute(
        sa.insert(LOGINS).values(login=name, role=rights.role, organisation_id=rights.organisation)
    )


def drop_login(conn: sa.Connection, login: str) -> None:
    """Revoke every right of a login and delete it."""
    name = _checked_login(login)
    _postgres_only(conn)
    conn.execute(sa.delete(LOGINS).where(LOGINS.c.login == name))
    conn.exec_driver_sql(f"DROP ROLE IF EXISTS {conn.dialect.identifier_preparer.quote(name)}")


def logins(conn: sa.Connection) -> Iterable[tuple[str, str, str | None]]:
    """Every organisation login: (login, role, organisation)."""
    rows = conn.execute(sa.select(LOGINS).order_by(LOGINS.c.login))
    return [(r.login, r.role, r.organisation_id) for r in rows]


def _postgres_only(conn: sa.Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise StoreError(
            "database logins exist on PostgreSQL only; an SQLite file has one user (give "
            "Store(..., role=..., organisation=...) to apply an organisation's rights)"
        )
