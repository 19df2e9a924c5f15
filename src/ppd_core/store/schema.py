"""The database schema: the Dataset's tables, plus row versions and the audit trail.

Tables and columns are those of :mod:`ppd_core.tables` (so a frame and a database table are
the same shape). Entity tables get a primary key on ``id`` and three bookkeeping columns:
``version`` (incremented by every change: optimistic concurrency), ``changed_at`` and
``changed_by``. Link tables get ``seq`` (the item's position in its record) and a primary key
(parent id, seq), with rows deleted together with their parent. ``audit_log`` records every
change: what, old → new, when and by whom; ``ppd_logins`` says which organisation each
database login writes for (see :class:`ppd_core.store.Rights`).

The schema is built from :data:`ppd_core.tables.SCHEMA`; each change to it needs a migration
in ``ppd_core/store/migrations`` (a test compares the two).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from ppd_core.tables import SCHEMA, Column, TableSpec

__all__ = [
    "AUDIT",
    "BOOKKEEPING",
    "INDEXED",
    "LOGINS",
    "ExactDecimal",
    "metadata",
    "sql_type",
]

metadata = sa.MetaData()

BOOKKEEPING = ("version", "changed_at", "changed_by")
"""Columns entity tables carry besides the Dataset's own."""

INDEXED: dict[str, tuple[str, ...]] = {
    "activities": ("lead_organisation_id", "actual_start", "planned_start", "kind"),
    "activity_partners": ("partner_id",),
    "activity_countries": ("country",),
    "activity_priority_areas": ("area",),
    "resource_flows": ("partner_id",),
    "organisations": ("parent_id",),
}
"""Columns with an index, for the store's queries (by organisation, year, partner …)."""


class ExactDecimal(sa.types.TypeDecorator[Decimal]):
    """Money: ``NUMERIC(38, 4)`` where the database has exact decimals, exact text on SQLite.

    SQLite would store a NUMERIC as a binary float; text keeps every digit.
    """

    impl = sa.Numeric(38, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> sa.types.TypeEngine[Any]:
        """Text on SQLite, NUMERIC elsewhere."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(60))
        return dialect.type_descriptor(sa.Numeric(38, 4, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        """Decimals go in exactly (as text on SQLite)."""
        if value is None:
            return None
        exact = value if isinstance(value, Decimal) else Decimal(str(value))
        return str(exact) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        """Decimals come out exactly."""
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))


def sql_type(column: Column) -> sa.types.TypeEngine[Any]:
    """The SQL type of a column (ids and codes bounded; money exact)."""
    if column.dtype == "code":
        return sa.String(40)
    if column.dtype == "str":
        bounded = "id" in column.checks or column.name.endswith("_id") or column.name == "id"
        if bounded:
            return sa.String(100)
        if column.checks & {"country", "currency"}:
            return sa.String(3)
        return sa.Text()
    if column.dtype == "Int64":
        return sa.BigInteger()
    if column.dtype == "float64":
        return sa.Float(53)
    if column.dtype == "decimal":
        return ExactDecimal()
    if column.dtype == "date":
        return sa.Date()
    return sa.Boolean()


def _table(spec: TableSpec) -> sa.Table:
    cols: list[sa.Column[object]] = []
    if spec.kind == "entity":
        cols.extend(
            sa.Column(c.name, sql_type(c), primary_key=c.name == "id", nullable=c.name != "id")
            for c in spec.columns
        )
        cols += [
            sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
            sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
            sa.Column("changed_by", sa.String(200), nullable=True),
        ]
    else:
        parent = SCHEMA[spec.parent or ""]
        cols.append(
            sa.Column(
                spec.key,
                sa.String(100),
                sa.ForeignKey(f"{parent.name}.id", ondelete="CASCADE"),
                primary_key=True,
            )
        )
        cols.append(sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False))
        cols += [sa.Column(c.name, sql_type(c), nullable=True) for c in spec.columns[1:]]
    table = sa.Table(spec.name, metadata, *cols)
    for name in INDEXED.get(spec.name, ()):
        sa.Index(f"ix_{spec.name}_{name}", table.c[name])
    return table


TABLES: dict[str, sa.Table] = {name: _table(spec) for name, spec in SCHEMA.items()}
"""Every Dataset table as a SQLAlchemy table, in schema order."""

AUDIT = sa.Table(
    "audit_log",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    ),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("batch", sa.String(36), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("record_id", sa.String(100), nullable=False),
    sa.Column("field", sa.String(100), nullable=True),
    sa.Column("old", sa.Text(), nullable=True),
    sa.Column("new", sa.Text(), nullable=True),
    sa.Column("db_user", sa.String(200), nullable=True),
    sa.Index("ix_audit_log_record", "entity", "record_id"),
)
"""The audit trail: one row per inserted, deleted or merged record and per changed field.

``user_name`` is who the caller says makes the change; ``db_user`` is the database login that
made it, set by the database itself on PostgreSQL (a trigger: the caller cannot choose it)."""

LOGINS = sa.Table(
    "ppd_logins",
    metadata,
    sa.Column("login", sa.String(63), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("organisation_id", sa.String(100), nullable=True),
)
"""Who may write what (PostgreSQL): each organisation's database login, its role (``editor`` or
``reader``) and organisation. Logins not listed (the owner) are administrators."""
