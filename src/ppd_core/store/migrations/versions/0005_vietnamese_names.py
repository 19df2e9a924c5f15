"""Vietnamese names of the free texts a review shows: indicators and planned activities.

Adds ``name_vi``, ``unit_vi`` and ``baseline_text_vi`` to ``indicators``,
``target_text_vi`` and ``actual_text_vi`` to ``indicator_values`` and ``title_vi`` to
``planned_activities`` (all optional: the Vietnamese review falls back to the English text and
says so).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = {
    "indicators": ("name_vi", "unit_vi", "baseline_text_vi"),
    "indicator_values": ("target_text_vi", "actual_text_vi"),
    "planned_activities": ("title_vi",),
}
"""The new text columns, by table."""


def upgrade() -> None:
    """Add the Vietnamese text columns."""
    for table, names in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the Vietnamese text columns."""
    for table, names in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.drop_column(name)
