"""The shared database: a SQLite file by default, PostgreSQL for a whole system.

>>> import tempfile, pathlib
>>> from ppd_core.datasets import load_sample
>>> from ppd_core.store import Store
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "ppd.sqlite", user="demo")
>>> store.save(load_sample()).inserted["activities"]
190
>>> store.save(load_sample()).changed  # importing the same data again changes nothing
0
>>> store.load(organisations=["HN-UFO"], years=[2025]).counts()["activities"] > 0
True

* **Upserts keyed on stable ids**: :meth:`Store.save` inserts new records, updates changed
  ones (their ``version`` goes up) and leaves identical ones alone, all in one transaction:
  an interrupted import leaves the database as it was.
* **Several people edit at once**: :meth:`Store.get` returns a record with its version;
  :meth:`Store.update` refuses a stale version with :class:`ConflictError` instead of
  overwriting someone else's change.
* **Audit trail**: every insert and every changed field (old → new, when, by whom) lands in
  ``audit_log`` (:meth:`Store.audit`).
* **Migrations**: opening a database upgrades it to the current schema (alembic), so a
  database created by one version opens in the next.

The work is split by concept: :mod:`~ppd_core.store.engine` (URLs, engines, what differs
between SQLite and PostgreSQL, migrations), :mod:`~ppd_core.store.upsert` (saving and edits),
:mod:`~ppd_core.store.query` (reading back), :mod:`~ppd_core.store.audit` (the trail) and
:mod:`~ppd_core.store.schema` (the tables).
"""

from __future__ import annotations

from ppd_core.errors import ConflictError, PermissionDeniedError, StoreError
from ppd_core.store._facade import Store
from ppd_core.store.engine import default_url
from ppd_core.store.query import Versioned
from ppd_core.store.rights import Rights, Role
from ppd_core.store.schema import metadata
from ppd_core.store.upsert import SaveSummary

__all__ = [
    "ConflictError",
    "PermissionDeniedError",
    "Rights",
    "Role",
    "SaveSummary",
    "Store",
    "StoreError",
    "Versioned",
    "default_url",
    "metadata",
]
