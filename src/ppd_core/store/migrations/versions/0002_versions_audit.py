"""Row versions, who changed a record and when, and the audit log.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add row versions, change stamps and the audit log."""
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_record", "audit_log", ["entity", "record_id"], unique=False)
    op.add_column(
        "activities", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("activities", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("activities", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column("awards", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("awards", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("awards", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column(
        "evaluations", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("evaluations", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("evaluations", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column(
        "indicators", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("indicators", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("indicators", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column(
        "organisations", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column(
        "organisations", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("organisations", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column(
        "partners", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("partners", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("partners", sa.Column("changed_by", sa.String(length=200), nullable=True))
    op.add_column(
        "work_plans", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column("work_plans", sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("work_plans", sa.Column("changed_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Remove the audit log, change stamps and row versions."""
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("awards") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("evaluations") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("partners") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    with op.batch_alter_table("work_plans") as batch:
        batch.drop_column("changed_by")
        batch.drop_column("changed_at")
        batch.drop_column("version")
    op.drop_index("ix_audit_log_record", table_name="audit_log")
    op.drop_table("audit_log")
