"""The Dataset's tables (one per entity, link tables keyed by parent and position).

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from ppd_core.store.schema import ExactDecimal

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the Dataset's tables."""
    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("lead_organisation_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("modality", sa.String(length=40), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("participants_total", sa.BigInteger(), nullable=True),
        sa.Column("participants_foreign", sa.BigInteger(), nullable=True),
        sa.Column("participants_domestic", sa.BigInteger(), nullable=True),
        sa.Column("participants_women", sa.BigInteger(), nullable=True),
        sa.Column("participants_youth", sa.BigInteger(), nullable=True),
        sa.Column("cost_amount", ExactDecimal(), nullable=True),
        sa.Column("cost_currency", sa.String(length=3), nullable=True),
        sa.Column("follow_up_of", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_activities_actual_start", "activities", ["actual_start"], unique=False)
    op.create_index("ix_activities_kind", "activities", ["kind"], unique=False)
    op.create_index(
        "ix_activities_lead_organisation_id", "activities", ["lead_organisation_id"], unique=False
    )
    op.create_index("ix_activities_planned_start", "activities", ["planned_start"], unique=False)
    op.create_table(
        "awards",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("year", sa.BigInteger(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("recipient_kind", sa.String(length=40), nullable=True),
        sa.Column("recipient_name", sa.Text(), nullable=True),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("giver", sa.Text(), nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=True),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "evaluations",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.String(length=100), nullable=True),
        sa.Column("evaluator", sa.Text(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("level", sa.String(length=40), nullable=True),
        sa.Column("measure", sa.String(length=40), nullable=True),
        sa.Column("direction", sa.String(length=40), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("baseline_value", sa.Float(precision=53), nullable=True),
        sa.Column("baseline_text", sa.Text(), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name_vi", sa.Text(), nullable=True),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("short_name", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("level", sa.String(length=40), nullable=True),
        sa.Column("parent_id", sa.String(length=100), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("faces_country", sa.String(length=3), nullable=True),
        sa.Column("faces_region", sa.Text(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("successor_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_organisations_parent_id", "organisations", ["parent_id"], unique=False)
    op.create_table(
        "partners",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("first_engaged", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("contact_name", sa.Text(), nullable=True),
        sa.Column("contact_position", sa.Text(), nullable=True),
        sa.Column("contact_email", sa.Text(), nullable=True),
        sa.Column("contact_phone", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "work_plans",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.Column("year", sa.BigInteger(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "activity_co_organisers",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("organisation_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_table(
        "activity_countries",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("percentage", sa.Float(precision=53), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_index(
        "ix_activity_countries_country", "activity_countries", ["country"], unique=False
    )
    op.create_table(
        "activity_outputs",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("output", sa.String(length=40), nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_table(
        "activity_partners",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("role", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_index(
        "ix_activity_partners_partner_id", "activity_partners", ["partner_id"], unique=False
    )
    op.create_table(
        "activity_priority_areas",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area", sa.String(length=40), nullable=True),
        sa.Column("percentage", sa.Float(precision=53), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_index(
        "ix_activity_priority_areas_area", "activity_priority_areas", ["area"], unique=False
    )
    op.create_table(
        "activity_provinces",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("percentage", sa.Float(precision=53), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_table(
        "activity_sdgs",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sdg", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_table(
        "evaluation_scores",
        sa.Column("evaluation_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=True),
        sa.Column("score", sa.BigInteger(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["evaluation_id"], ["evaluations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("evaluation_id", "seq"),
    )
    op.create_table(
        "indicator_values",
        sa.Column("indicator_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("target", sa.Float(precision=53), nullable=True),
        sa.Column("actual", sa.Float(precision=53), nullable=True),
        sa.Column("target_text", sa.Text(), nullable=True),
        sa.Column("actual_text", sa.Text(), nullable=True),
        sa.Column("dimension", sa.Text(), nullable=True),
        sa.Column("category", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("indicator_id", "seq"),
    )
    op.create_table(
        "partner_aliases",
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("alias", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("partner_id", "seq"),
    )
    op.create_table(
        "planned_activities",
        sa.Column("work_plan_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=100), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("priority_area", sa.String(length=40), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("budget_amount", ExactDecimal(), nullable=True),
        sa.Column("budget_currency", sa.String(length=3), nullable=True),
        sa.Column("activity_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["work_plan_id"], ["work_plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("work_plan_id", "seq"),
    )
    op.create_table(
        "resource_flows",
        sa.Column("activity_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("stage", sa.String(length=40), nullable=True),
        sa.Column("form", sa.String(length=40), nullable=True),
        sa.Column("amount", ExactDecimal(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "seq"),
    )
    op.create_index("ix_resource_flows_partner_id", "resource_flows", ["partner_id"], unique=False)
    op.create_table(
        "work_plan_objectives",
        sa.Column("work_plan_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("objective", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["work_plan_id"], ["work_plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("work_plan_id", "seq"),
    )
    op.create_table(
        "work_plan_priority_weights",
        sa.Column("work_plan_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area", sa.String(length=40), nullable=True),
        sa.Column("weight", sa.Float(precision=53), nullable=True),
        sa.ForeignKeyConstraint(["work_plan_id"], ["work_plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("work_plan_id", "seq"),
    )
    op.create_table(
        "work_plan_targets",
        sa.Column("work_plan_id", sa.String(length=100), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator_id", sa.String(length=100), nullable=True),
        sa.Column("value", sa.Float(precision=53), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("planned_activity_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["work_plan_id"], ["work_plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("work_plan_id", "seq"),
    )


def downgrade() -> None:
    """Drop the Dataset's tables."""
    op.drop_table("work_plan_targets")
    op.drop_table("work_plan_priority_weights")
    op.drop_table("work_plan_objectives")
    op.drop_table("resource_flows")
    op.drop_table("planned_activities")
    op.drop_table("partner_aliases")
    op.drop_table("indicator_values")
    op.drop_table("evaluation_scores")
    op.drop_table("activity_sdgs")
    op.drop_table("activity_provinces")
    op.drop_table("activity_priority_areas")
    op.drop_table("activity_partners")
    op.drop_table("activity_outputs")
    op.drop_table("activity_countries")
    op.drop_table("activity_co_organisers")
    op.drop_table("work_plans")
    op.drop_table("partners")
    op.drop_table("organisations")
    op.drop_table("indicators")
    op.drop_table("evaluations")
    op.drop_table("awards")
    op.drop_table("activities")
