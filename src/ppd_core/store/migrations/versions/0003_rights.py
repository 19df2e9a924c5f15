"""Rights by organisation: logins, the audit trail's database user, row-level security.

Adds the ``ppd_logins`` table and ``audit_log.db_user``; on PostgreSQL also the
``ppd_editor`` and ``ppd_reader`` roles, their grants and row-level-security policies.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OWNED = {
    "activities": "lead_organisation_id",
    "indicators": "organisation_id",
    "work_plans": "organisation_id",
    "awards": "organisation_id",
}
"""Tables an editor writes for its organisation, and the column naming the organisation."""

CHILDREN = {
    "activities": (
        "activity_id",
        [
            "activity_co_organisers",
            "activity_partners",
            "activity_countries",
            "activity_provinces",
            "activity_priority_areas",
            "activity_sdgs",
            "resource_flows",
            "activity_outputs",
        ],
    ),
    "indicators": ("indicator_id", ["indicator_values"]),
    "work_plans": (
        "work_plan_id",
        [
            "work_plan_objectives",
            "planned_activities",
            "work_plan_targets",
            "work_plan_priority_weights",
        ],
    ),
}
"""Link tables of those, with their parent-id column (written with their record)."""

SHARED = ["partners", "partner_aliases"]
"""Tables every editor writes (the shared partner list)."""

READ_ONLY = ["organisations", "evaluations", "evaluation_scores", "alembic_version"]
"""Tables only administrators write."""

_MAY_WRITE = """
CREATE OR REPLACE FUNCTION ppd_may_write(org text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH RECURSIVE mine(id) AS (
    SELECT organisation_id FROM ppd_logins WHERE login = session_user AND role = 'editor'
    UNION
    SELECT o.id FROM organisations o JOIN mine ON o.parent_id = mine.id
  )
  SELECT EXISTS (SELECT 1 FROM mine WHERE mine.id = org)
$$
"""

_AUDIT_USER = """
CREATE OR REPLACE FUNCTION ppd_audit_db_user() RETURNS trigger
LANGUAGE plpgsql AS $$ BEGIN NEW.db_user := session_user; RETURN NEW; END $$
"""

_ROLES = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ppd_reader') THEN
    CREATE ROLE ppd_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ppd_editor') THEN
    CREATE ROLE ppd_editor NOLOGIN;
  END IF;
END $$
"""


def upgrade() -> None:
    """Add ``ppd_logins`` and ``audit_log.db_user``; on PostgreSQL, roles and policies."""
    op.create_table(
        "ppd_logins",
        sa.Column("login", sa.String(length=63), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("login"),
    )
    op.add_column("audit_log", sa.Column("db_user", sa.String(length=200), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _postgres_rights()


def _postgres_rights() -> None:
    run = op.execute
    run(_ROLES)
    run("GRANT ppd_reader TO ppd_editor")
    run("GRANT USAGE ON SCHEMA public TO ppd_reader")
    children = [c for _, names in CHILDREN.values() for c in names]
    everything = [*OWNED, *children, *SHARED, *READ_ONLY, "audit_log", "ppd_logins"]
    run(f"GRANT SELECT ON {', '.join(everything)} TO ppd_reader")
    writable = [*OWNED, *children, *SHARED]
    run(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(writable)} TO ppd_editor")
    run("GRANT INSERT ON audit_log TO ppd_editor")
    run("GRANT USAGE ON SEQUENCE audit_log_id_seq TO ppd_editor")
    run(_MAY_WRITE)
    run(_AUDIT_USER)
    run(
        "CREATE TRIGGER ppd_audit_db_user BEFORE INSERT OR UPDATE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION ppd_audit_db_user()"
    )
    for table in [*writable, "organisations", "evaluations", "evaluation_scores"]:
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        run(f"CREATE POLICY ppd_read ON {table} FOR SELECT USING (true)")
    for table, column in OWNED.items():
        check = f"ppd_may_write({column})"
        run(
            f"CREATE POLICY ppd_write ON {table} FOR ALL TO ppd_editor "
            f"USING ({check}) WITH CHECK ({check})"
        )
        key, names = CHILDREN.get(table, ("", []))
        for child in names:
            owner = f"ppd_may_write((SELECT p.{column} FROM {table} p WHERE p.id = {key}))"
            run(
                f"CREATE POLICY ppd_write ON {child} FOR ALL TO ppd_editor "
                f"USING ({owner}) WITH CHECK ({owner})"
            )
    for table in SHARED:
        run(
            f"CREATE POLICY ppd_write ON {table} FOR ALL TO ppd_editor "
            "USING (true) WITH CHECK (true)"
        )


def downgrade() -> None:
    """Remove the policies, the trigger, the column and the logins table."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ppd_audit_db_user ON audit_log")
        children = [c for _, names in CHILDREN.values() for c in names]
        for table in [
            *OWNED,
            *children,
            *SHARED,
            "organisations",
            "evaluations",
            "evaluation_scores",
        ]:
            op.execute(f"DROP POLICY IF EXISTS ppd_write ON {table}")
            op.execute(f"DROP POLICY IF EXISTS ppd_read ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("db_user")
    op.drop_table("ppd_logins")
