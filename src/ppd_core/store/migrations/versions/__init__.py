"""Schema migrations of the shared database (alembic)."""
