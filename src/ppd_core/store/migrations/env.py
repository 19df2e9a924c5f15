"""Alembic environment: migrates the engine the Store passes in (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from ppd_core.store.schema import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    context.run_migrations()
