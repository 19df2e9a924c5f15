"""The database engine: everything that differs between SQLite and PostgreSQL, in one place.

That is the URL of a target (a SQLite file path or a SQLAlchemy URL), the engine (SQLite
in WAL mode with foreign keys on; PostgreSQL through psycopg), how a frame is inserted fast
(``executemany`` on SQLite, ``COPY`` on PostgreSQL), and bringing the schema up to date with
the alembic migrations in ``ppd_core/store/migrations``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

__all__ = [
    "create_engine",
    "current_revision",
    "database_url",
    "default_url",
    "duplicate_key",
    "insert_frame",
    "upgrade",
    "writing",
]


def default_url() -> str:
    """The database used when none is given: ``$PPD_DATABASE_URL``, else a SQLite file.

    The file is ``~/.ppd_core/ppd.sqlite`` (created on first use).
    """
    url = os.environ.get("PPD_DATABASE_URL")
    if url:
        return url
    path = Path.home() / ".ppd_core" / "ppd.sqlite"
    return f"sqlite:///{path}"


def database_url(target: str | Path | None) -> str:
    """The URL of a target: a URL as it is, a path as a SQLite file, ``None`` the default."""
    if target is None:
        return default_url()
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def create_engine(url: str) -> sa.Engine:
    """An engine for ``url``: SQLite in WAL mode (its folder created), PostgreSQL via psycopg."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            dbapi_conn.isolation_level = None  # the transactions are ours (see _begin)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers and one writer at a time
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            # Reads see one snapshot; a write transaction takes the write lock first, so
            # what it checked (versions) cannot change before it writes.
            immediate = conn.get_execution_options().get(_WRITE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return sa.create_engine(url, pool_pre_ping=True)


_WRITE = "ppd_write"

ROW_SECURITY = "ppd_row_security"
"""Execution option: the session's writes go through row-level security (no ``COPY``)."""


@contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A write transaction: committed at the end, rolled back on any error.

    On SQLite it holds the write lock from its start (``BEGIN IMMEDIATE``), so the versions it
    reads stay true until it commits; other writers wait up to the 30 s busy timeout.
    """
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


def duplicate_key(exc: BaseException) -> bool:
    """Whether ``exc`` is the database refusing a second row with the same primary key.

    That is how a concurrent save that inserted the same new id first shows up on
    PostgreSQL (``unique_violation``, through SQLAlchemy or straight from ``COPY``) and on
    SQLite (``UNIQUE constraint failed``).
    """
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(orig)


def _migrations_config(engine: sa.Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


_MIGRATING = threading.Lock()
"""Alembic loads its scripts into shared module state: one migration at a time per process."""


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: the current schema).

    Safe to call from several threads at once (stores opened in parallel): they take turns.
    """
    from alembic import command

    with _MIGRATING:
        command.upgrade(_migrations_config(engine), revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        return rev


def _column_values(series: pd.Series, dialect: str) -> list[Any]:
    """One column's values as the database driver takes them (missing → None)."""
    missing = series.isna().to_numpy()
    if series.dtype.kind == "M":
        if dialect == "sqlite":  # SQLAlchemy's storage format for dates on SQLite
            values: list[Any] = series.dt.strftime("%Y-%m-%d").tolist()
        else:
            values = list(series.dt.date)
    elif str(series.dtype).startswith("decimal"):
        values = [str(v) if dialect == "sqlite" else v for v in series.tolist()]
    else:
        values = series.astype(object).tolist()
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
    return [None if m else v for v, m in zip(values, missing, strict=True)]


def insert_frame(
    conn: sa.Connection,
    table: sa.Table,
    frame: pd.DataFrame,
    constants: dict[str, Any] | None = None,
    *,
    seq_key: str | None = None,
) -> None:
    """Insert a frame column-wise through the driver (``executemany``, or ``COPY``).

    Args:
        conn: The connection (its transaction holds the insert).
        table: The table to insert into.
        frame: The rows, one column per table column.
        constants: Columns with the same value in every row.
        seq_key: For a link table, the parent-id column: ``seq`` numbers each parent's rows.
    """
    n = len(frame)
    if n == 0:
        return
    dialect = conn.dialect.name
    data: dict[str, list[Any]] = {c: _column_values(frame[c], dialect) for c in frame.columns}
    if seq_key is not None:
        data["seq"] = frame.groupby(seq_key, sort=False).cumcount().astype(int).tolist()
    for name, value in (constants or {}).items():
        stored = value
        if isinstance(value, datetime) and dialect == "sqlite":
            stored = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        data[name] = [stored] * n
    names = list(data)
    rows = list(zip(*data.values(), strict=True))
    quoted = ", ".join(f'"{c}"' for c in names)
    if dialect == "postgresql" and conn.get_execution_options().get(ROW_SECURITY, False):
        # COPY cannot go through row-level-security policies: plain (pipelined) inserts.
        marks = ", ".join("%s" for _ in names)
        sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
        raw_conn: Any = conn.connection.driver_connection
        with raw_conn.cursor() as cur:
            cur.executemany(sql, rows)
    elif dialect == "postgresql":
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    elif dialect == "sqlite":
        marks = ", ".join("?" for _ in names)
        sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})'
        for start in range(0, n, 100_000):
            conn.exec_driver_sql(sql, rows[start : start + 100_000])
    else:  # any other database SQLAlchemy knows
        conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in rows])
