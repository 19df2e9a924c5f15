"""The shared database, on SQLite and on a real PostgreSQL server.

PostgreSQL tests need ``PPD_TEST_POSTGRES_URL`` (``.ci/run`` starts a server and sets it);
without it they are skipped with that reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

import ppd_core.store
from helpers import TODAY
from ppd_core import Dataset, Partner
from ppd_core.datasets import load_sample, synthetic
from ppd_core.metrics import analysis
from ppd_core.store import ConflictError, Store, upsert
from ppd_core.store.schema import metadata

PG = os.environ.get("PPD_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG, reason="no PostgreSQL server: set PPD_TEST_POSTGRES_URL (.ci/run does)"
        ),
    ),
]


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        metadata.drop_all(conn)
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ppd.sqlite")
    assert PG is not None
    _reset_postgres(PG)
    return PG


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with Store(url, user="tester") as s:
        yield s


def test_round_trip_is_exact(store: Store) -> None:
    sample = load_sample()
    summary = store.save(sample)
    assert summary.inserted["activities"] == 190
    assert store.load() == sample
    more = synthetic(seed=5, activities=300)
    store.save(more)
    assert store.counts()["activities"] == 190 + 300


def test_saving_twice_changes_nothing(store: Store) -> None:
    store.save(load_sample())
    before = len(store.audit())
    again = store.save(load_sample())
    assert again.changed == 0
    assert again.unchanged["activities"] == 190
    assert len(store.audit()) == before


def test_changed_records_are_updated_and_audited(store: Store) -> None:
    sample = load_sample()
    store.save(sample)
    frames = sample.to_frames()
    frames["partners"].loc[0, "name"] = "A new name"
    first = str(frames["partners"].loc[0, "id"])
    changed = Dataset.from_frames(frames, today=TODAY)
    summary = store.save(changed, user="carol")
    assert summary.updated == {**dict.fromkeys(summary.updated, 0), "partners": 1}
    assert store.get("partners", first).version == 2
    trail = store.audit("partner", first)
    last = trail.iloc[-1]
    assert (last["action"], last["field"], last["new"], last["user_name"]) == (
        "update",
        "name",
        "A new name",
        "carol",
    )
    assert store.load() == changed


def test_two_writers_one_conflict_nothing_lost(url: str) -> None:
    with Store(url, user="setup") as setup:
        setup.save(load_sample())
    with Store(url, user="alice") as alice, Store(url, user="bob") as bob:
        a = alice.get(Partner, "P-KH-001")
        b = bob.get(Partner, "P-KH-001")
        assert a.version == b.version == 1
        assert (
            alice.update(a.record.model_copy(update={"name": "Alice's name"}), version=a.version)
            == 2
        )
        with pytest.raises(
            ConflictError,
            match=r"changed by alice .* your edit started from "
            r"version 1",
        ):
            bob.update(b.record.model_copy(update={"name": "Bob's name"}), version=b.version)
        assert bob.get(Partner, "P-KH-001").record.name == "Alice's name"
        fresh = bob.get(Partner, "P-KH-001")  # Bob reloads and applies his change again
        bob.update(
            fresh.record.model_copy(update={"aliases": [*fresh.record.aliases, "Bob"]}),
            version=fresh.version,
        )
        final = alice.get(Partner, "P-KH-001")
        assert final.version == 3
        assert final.record.name == "Alice's name"
        assert "Bob" in final.record.aliases


def test_interrupted_import_leaves_the_database_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(synthetic(seed=1, activities=50))
    before = store.load()
    audit_rows = len(store.audit())
    calls = {"n": 0}
    original = upsert._insert

    def failing(conn: sa.Connection, table: str, *args: Any) -> None:
        calls["n"] += 1
        if table == "activities":
            raise RuntimeError("power cut")
        original(conn, table, *args)

    monkeypatch.setattr(upsert, "_insert", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        store.save(load_sample())  # organisations and partners were written, then the cut
    assert calls["n"] >= 2
    assert store.load() == before
    assert len(store.audit()) == audit_rows


def test_filtered_loads_match_the_same_filter_in_pandas(store: Store) -> None:
    sample = load_sample()
    store.save(sample)
    an = analysis(sample)
    acts = an.activities
    picked = store.load(organisations=["HN-UFO"], years=[2024, 2025])
    expected = set(acts[(acts["organisation"] == "HN-UFO") & acts["year"].isin([2024, 2025])]["id"])
    assert expected <= set(picked.activities.ids())
    extra = set(picked.activities.ids()) - expected  # only earlier activities followed up
    followed = set(sample.to_frames()["activities"]["follow_up_of"].dropna())
    assert extra <= followed
    assert picked.check_integrity().ok
    by_partner = store.load(partners=["P-KR-001"])
    links = sample.to_frames()["activity_partners"]
    assert set(links[links["partner_id"] == "P-KR-001"]["activity_id"]) <= set(
        by_partner.activities.ids()
    )
    asean = store.load(country_group="asean")
    for a in asean.activities:
        assert a.start is not None
    assert 0 < asean.counts()["activities"] < 190
    assert store.load(priority_areas=["war_consequences"]).counts()["activities"] >= 1


def test_missing_record_and_unknown_entity(store: Store) -> None:
    with pytest.raises(KeyError, match="no partner with id 'nobody'"):
        store.get("partners", "nobody")
    with pytest.raises(KeyError, match="unknown entity"):
        store.get("colours", "x")


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _newest_migration() -> str:
    """The head of the migration scripts, as alembic reads them."""
    folder = Path(ppd_core.store.__file__).parent / "migrations"
    head = ScriptDirectory(str(folder)).get_current_head()
    assert head is not None
    return head


def test_database_of_an_older_schema_opens_and_upgrades(url: str) -> None:
    with Store(url, upgrade=False) as old:
        old.upgrade("0001")  # the first released schema: no versions, no audit log
        assert old.revision() == "0001"
        with old.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO partners (id, name, type, status) "
                    "VALUES ('P-OLD', 'Old friend', 'foreign_ngo', 'active')"
                )
            )
    with Store(url) as new:
        assert new.revision() == _newest_migration()
        old_friend = new.get(Partner, "P-OLD")
        assert old_friend.version == 1
        assert old_friend.record.name == "Old friend"


def test_schema_and_migrations_agree(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_default_location_is_a_sqlite_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ppd_core.store import default_url

    monkeypatch.delenv("PPD_DATABASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path / '.ppd_core' / 'ppd.sqlite'}"
    monkeypatch.setenv("PPD_DATABASE_URL", "postgresql://h/db")
    assert default_url() == "postgresql://h/db"


def test_merge_through_the_store_is_audited_and_undone(store: Store) -> None:
    sample = load_sample()
    store.save(sample)
    links = sample.to_frames()["activity_partners"]
    used_by_drop = set(links[links["partner_id"] == "P-KH-002"]["activity_id"])
    record = store.merge_partners("P-KH-001", "P-KH-002", force=True, user="dana")
    merged = store.load()
    assert "P-KH-002" not in merged.partners.ids()
    moved = merged.to_frames()["activity_partners"]
    assert "P-KH-002" not in set(moved["partner_id"])
    assert used_by_drop <= set(moved[moved["partner_id"] == "P-KH-001"]["activity_id"])
    kept = store.get(Partner, "P-KH-001")
    assert kept.version == 2
    assert len(kept.record.aliases) > len(sample.partners.get("P-KH-001").aliases)
    trail = store.audit()
    assert (trail["action"] == "merge").sum() == 1
    assert store.merges() == [record]
    store.undo_merge(record, user="dana")
    assert store.load() == sample
    assert (store.audit()["action"] == "unmerge").sum() == 1
