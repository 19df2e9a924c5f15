"""Load: 20 writers of 20 organisations import and edit at once, for a bounded time.

Each writer has its own connection (on PostgreSQL its own organisation's login, with
row-level security; on SQLite the store's rights for that organisation). For about
``PPD_LOAD_SECONDS`` (default 12) each one in turn imports new activities and edits its own,
bumps a counter kept in the name of one of three partners every writer may edit (through
:meth:`Store.update` and through :meth:`Store.save`, alternately), and tries to edit another
organisation's activity. Afterwards:

* no lost update: each counter equals the number of bumps reported as saved;
* every conflict reported: each bump was saved or refused as a conflict, nothing else;
* nothing outside a writer's rights: every attempt on another organisation's activity was
  refused, every activity a writer inserted or changed is its organisation's;
* throughput: printed (``pytest -s``) as transactions and records per second.

Also: two saves inserting the same new id at once give the library's ConflictError.

PostgreSQL cases need ``PPD_TEST_POSTGRES_URL`` (a login allowed to create roles); without
it they are skipped with that reason.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from ppd_core import Activity, Dataset, Partner
from ppd_core.datasets import synthetic
from ppd_core.errors import ConflictError, PermissionDeniedError
from ppd_core.store import Store, rights
from ppd_core.store.engine import writing
from ppd_core.store.schema import AUDIT, TABLES
from test_store import url  # noqa: F401 - the SQLite / PostgreSQL fixture

WRITERS = 20
SQLITE_WRITERS = 5
"""SQLite has one writer at a time: 20 threads of one process queue for its lock longer than
the 30 s busy timeout on a loaded 2-core machine, so it gets 5 (PostgreSQL gets 20)."""
SECONDS = float(os.environ.get("PPD_LOAD_SECONDS", "10"))
CONTESTED = ("P-LOAD-0", "P-LOAD-1", "P-LOAD-2")


@dataclass
class Tally:
    """What one writer saw."""

    bumps: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    denied: int = 0
    intrusions: int = 0
    inserted: int = 0
    updated: int = 0
    transactions: int = 0
    last_title: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _base() -> tuple[Dataset, list[str]]:
    """A synthetic system, three contested partners, and 20 organisations below the top."""
    ds = synthetic(seed=3, activities=600, organisations=60)
    template = next(iter(ds.partners))
    contested = [
        template.model_copy(update={"id": pid, "name": "Counter 0", "aliases": []})
        for pid in CONTESTED
    ]
    ds = ds.add(*contested)
    orgs = ds.to_frames()["organisations"]
    writers = sorted(orgs.loc[orgs["parent_id"] == "ORG-VUFO", "id"].astype("str"))[:WRITERS]
    assert len(writers) == WRITERS
    return ds, writers


def _bump(store: Store, step: int, tally: Tally) -> None:
    """Add one to a contested partner's counter; saved or reported as a conflict."""
    pid = CONTESTED[step % len(CONTESTED)]
    current = store.get(Partner, pid)
    count = int(current.record.name.split()[-1])
    time.sleep(0.005)  # a person between reading and saving
    bumped = current.record.model_copy(update={"name": f"Counter {count + 1}"})
    if step % 2:
        try:
            store.update(bumped, version=current.version)
        except ConflictError:
            tally.conflicts += 1
            return
    else:
        versions = {"partners": pd.Series({pid: current.version})}
        done = store.save(
            Dataset(partners=[bumped], check=False), versions=versions, on_conflict="skip"
        )
        if done.conflicts:
            assert [c.record_id for c in done.conflicts] == [pid]
            tally.conflicts += 1
            return
        assert done.updated["partners"] == 1
    tally.bumps[pid] += 1
    tally.transactions += 1


def _import(store: Store, org: str, writer: int, step: int, tally: Tally) -> None:
    """Load the organisation's activities, retitle three, add ten new ones, save."""
    loaded = store.load(organisations=[org])
    own = [a for a in loaded.activities if a.lead_organisation_id == org]
    edits = [a.model_copy(update={"title": f"{org} edit {step}"}) for a in own[:3]]
    new = [
        own[0].model_copy(update={"id": f"LOAD-{writer:02d}-{step:04d}-{k}", "title": f"new {k}"})
        for k in range(10)
    ]
    batch = Dataset(activities=[*edits, *new], check=False).with_versions(loaded.versions)
    done = store.save(batch, on_conflict="skip")
    if done.conflicts:  # nobody else may write these: a conflict here would be a bug
        tally.errors.append(f"unexpected conflicts {done.conflicts}")
    tally.inserted += done.inserted["activities"]
    tally.updated += done.updated["activities"]
    tally.transactions += 1
    tally.last_title.update({a.id: a.title for a in edits})


def _intrude(store: Store, victim: str, tally: Tally) -> None:
    """Try to retitle another organisation's activity: must be refused."""
    current = store.get(Activity, victim)
    try:
        store.update(
            current.record.model_copy(update={"title": "intruder"}), version=current.version
        )
    except PermissionDeniedError:
        tally.denied += 1
    else:
        tally.intrusions += 1


def _writer(target: str, org: str, writer: int, victim: str, until: float, tally: Tally) -> None:
    try:
        with Store(target, user=f"writer-{writer:02d}", role="editor", organisation=org) as store:
            step = 0
            while step == 0 or time.monotonic() < until:  # at least one round each
                step += 1
                _import(store, org, writer, step, tally)
                _bump(store, step, tally)
                if step % 4 == 1:
                    _intrude(store, victim, tally)
    except Exception as exc:  # every failure is reported by the test, none swallowed
        tally.errors.append(f"{type(exc).__name__}: {exc}")


@pytest.fixture
def system(url: str) -> Iterator[tuple[str, list[str], list[str]]]:  # noqa: F811
    """The database, its writers' organisations and the targets they open (logins on PG)."""
    ds, orgs = _base()
    with Store(url, user="admin") as admin:
        admin.save(ds)
        if admin.engine.dialect.name != "postgresql":
            yield url, orgs[:SQLITE_WRITERS], [url] * SQLITE_WRITERS
            return
        tag = uuid.uuid4().hex[:6]
        names = [f"t_{tag}_w{k:02d}" for k in range(WRITERS)]
        with admin.engine.begin() as conn:
            for name, org in zip(names, orgs, strict=True):
                rights.create_login(conn, name, "pw", "editor", org)
        base = make_url(url)
        targets = [
            base.set(username=n, password="pw").render_as_string(hide_password=False) for n in names
        ]
        try:
            yield url, orgs, targets
        finally:
            with admin.engine.begin() as conn:
                for name in names:
                    rights.drop_login(conn, name)


def test_twenty_writers_lose_nothing_and_stay_in_their_rights(
    system: tuple[str, list[str], list[str]],
) -> None:
    db, orgs, targets = system
    backend = "postgresql" if "postgresql" in db else "sqlite"
    writers = len(orgs)
    with Store(db) as admin:
        acts = admin.load().to_frames()["activities"]
    first = acts.groupby("lead_organisation_id")["id"].first()
    victims = [str(first[orgs[(k + 1) % writers]]) for k in range(writers)]
    tallies = [Tally() for _ in range(writers)]
    started = time.monotonic()
    until = started + SECONDS
    threads = [
        threading.Thread(
            target=_writer, args=(targets[k], orgs[k], k, victims[k], until, tallies[k])
        )
        for k in range(writers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    assert [e for t in tallies for e in t.errors] == []
    bumps = sum((t.bumps for t in tallies), Counter[str]())
    with Store(db) as admin:
        # No lost update: each counter is the number of bumps reported as saved.
        for pid in CONTESTED:
            stored = admin.get(Partner, pid)
            assert stored.record.name == f"Counter {bumps[pid]}"
            assert stored.version == 1 + bumps[pid]
        # Nothing outside a writer's rights.
        assert sum(t.intrusions for t in tallies) == 0
        assert sum(t.denied for t in tallies) >= writers  # each writer tried at least once
        after = admin.load().to_frames()["activities"].set_index("id")
        assert not (after["title"] == "intruder").any()
        for k, (org, tally) in enumerate(zip(orgs, tallies, strict=True)):
            mine = after[after.index.str.startswith(f"LOAD-{k:02d}-")]
            assert len(mine) == tally.inserted
            assert set(mine["lead_organisation_id"]) <= {org}
            for rid, title in tally.last_title.items():
                assert after.loc[rid, "title"] == title  # each writer's last edit is kept
        with admin.engine.connect() as conn:
            a = TABLES["activities"]
            owners = sa.select(a.c.lead_organisation_id).where(a.c.id == AUDIT.c.record_id)
            rows = conn.execute(
                sa.select(AUDIT.c.user_name, owners.scalar_subquery()).where(
                    AUDIT.c.entity == "activity", AUDIT.c.user_name.like("writer-%")
                )
            ).all()
        assert rows
        assert {(who, org) for who, org in rows} <= {
            (f"writer-{k:02d}", org) for k, org in enumerate(orgs)
        }
    # Every conflict reported: the contested partners saw contention, each bump was counted.
    conflicts = sum(t.conflicts for t in tallies)
    assert conflicts > 0
    transactions = sum(t.transactions for t in tallies)
    records = sum(t.inserted + t.updated for t in tallies) + sum(bumps.values())
    print(
        f"\n{writers} writers, {elapsed:.1f} s, {backend}: "
        f"{transactions} transactions ({transactions / elapsed:.1f}/s), {records} records "
        f"({records / elapsed:.0f}/s), {sum(bumps.values())} counter bumps, {conflicts} "
        f"conflicts reported, {sum(t.denied for t in tallies)} writes refused"
    )


def test_two_saves_inserting_the_same_new_id_give_a_conflict(url: str) -> None:  # noqa: F811
    ds, _ = _base()
    with Store(url, user="admin") as admin:
        admin.save(ds)
        template = next(iter(ds.activities))
        first = template.model_copy(update={"id": "A-SAME-NEW", "title": "first"})
        second = template.model_copy(update={"id": "A-SAME-NEW", "title": "second"})
        seen = admin.load(organisations=[template.lead_organisation_id])
        outcome: list[BaseException | None] = []

        def other() -> None:
            try:
                admin.save(Dataset(activities=[second], check=False).with_versions(seen.versions))
                outcome.append(None)
            except BaseException as exc:  # the test looks at what it was
                outcome.append(exc)

        from ppd_core.store import upsert
        from ppd_core.store.audit import Stamp

        thread = threading.Thread(target=other)
        with writing(admin.engine) as conn:
            upsert.save(conn, Dataset(activities=[first], check=False), Stamp("first"))
            thread.start()
            time.sleep(1.0)  # the other save waits for this one's row (or lock) …
        thread.join()  # … and, when this one commits, finds the id taken
        [error] = outcome
        assert isinstance(error, ConflictError), repr(error)
        assert "A-SAME-NEW" in str(error) or [c.record_id for c in error.conflicts] == [
            "A-SAME-NEW"
        ]
        assert admin.get(Activity, "A-SAME-NEW").record.title == "first"
