"""Rights as of the record's date: the hierarchy an editor writes is the one of that day.

Migration ``0003`` let an editor write the records of its organisation and every unit below
it in the hierarchy as stored now. Units come and go (``valid_from`` / ``valid_to``; in 2025
provinces merged), so a unit counts as below the editor's organisation for a record only if
it, and every unit between, existed at some time in the record's period: the activity's day
(actual start, else planned start), the indicator's baseline date, the whole year of a work
plan or an award. An undated record is judged on the hierarchy as stored (as before). The
editor's own organisation always counts. PostgreSQL only (SQLite has no policies; the store
applies the same rule, :mod:`ppd_core.store.rights`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_0003 = importlib.import_module("ppd_core.store.migrations.versions.0003_rights")

PERIOD = {
    "activities": ("COALESCE({p}actual_start, {p}planned_start)",) * 2,
    "indicators": ("{p}baseline_date",) * 2,
    "work_plans": ("make_date({p}year::int, 1, 1)", "make_date({p}year::int, 12, 31)"),
    "awards": ("make_date({p}year::int, 1, 1)", "make_date({p}year::int, 12, 31)"),
}
"""First and last day of a record's period, per table (``{p}``: the table's alias)."""

_MAY_WRITE_DURING = """
CREATE OR REPLACE FUNCTION ppd_may_write_during(org text, day_from date, day_to date)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH RECURSIVE mine(id) AS (
    SELECT organisation_id FROM ppd_logins WHERE login = session_user AND role = 'editor'
    UNION
    SELECT o.id FROM organisations o JOIN mine ON o.parent_id = mine.id
    WHERE (day_to IS NULL OR o.valid_from IS NULL OR o.valid_from <= day_to)
      AND (day_from IS NULL OR o.valid_to IS NULL OR o.valid_to >= day_from)
  )
  SELECT EXISTS (SELECT 1 FROM mine WHERE mine.id = org)
$$
"""


def _policies(check_of: dict[str, str], child_check_of: dict[str, str]) -> None:
    """Replace the ``ppd_write`` policy of each owned table and of its link tables."""
    for table, check in check_of.items():
        op.execute(f"DROP POLICY IF EXISTS ppd_write ON {table}")
        op.execute(
            f"CREATE POLICY ppd_write ON {table} FOR ALL TO ppd_editor "
            f"USING ({check}) WITH CHECK ({check})"
        )
        key, children = _0003.CHILDREN.get(table, ("", []))
        for child in children:
            owner = f"(SELECT {child_check_of[table]} FROM {table} p WHERE p.id = {key})"
            op.execute(f"DROP POLICY IF EXISTS ppd_write ON {child}")
            op.execute(
                f"CREATE POLICY ppd_write ON {child} FOR ALL TO ppd_editor "
                f"USING ({owner}) WITH CHECK ({owner})"
            )


def _dated(table: str, prefix: str) -> str:
    first, last = (part.format(p=prefix) for part in PERIOD[table])
    return f"ppd_may_write_during({prefix}{_0003.OWNED[table]}, {first}, {last})"


def upgrade() -> None:
    """Judge an editor's writes on the hierarchy of each record's date (PostgreSQL)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_MAY_WRITE_DURING)
    _policies(
        {table: _dated(table, "") for table in _0003.OWNED},
        {table: _dated(table, "p.") for table in _0003.OWNED},
    )


def downgrade() -> None:
    """Back to the hierarchy as stored now (migration ``0003``'s policies)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    _policies(
        {table: f"ppd_may_write({column})" for table, column in _0003.OWNED.items()},
        {table: f"ppd_may_write(p.{column})" for table, column in _0003.OWNED.items()},
    )
    op.execute("DROP FUNCTION IF EXISTS ppd_may_write_during(text, date, date)")
