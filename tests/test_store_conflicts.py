"""No lost updates through ``Store.save``: a Dataset read from the store carries its versions.

Runs on SQLite and on PostgreSQL (the ``url`` fixture of ``test_store``; PostgreSQL needs
``PPD_TEST_POSTGRES_URL``, else those cases are skipped with that reason).
"""

from __future__ import annotations

import threading

import pytest

from helpers import TODAY
from ppd_core import Dataset, Partner
from ppd_core.datasets import load_sample
from ppd_core.errors import ConflictError
from ppd_core.store import Store
from test_store import url  # noqa: F401 - the SQLite / PostgreSQL fixture

KH1 = "P-KH-001"


def _renamed(ds: Dataset, partner: str, name: str) -> Dataset:
    frames = ds.to_frames()
    rows = frames["partners"]["id"] == partner
    frames["partners"].loc[rows, "name"] = name
    return Dataset.from_frames(frames, today=TODAY)


def _seed(target: str) -> None:
    with Store(target, user="setup") as setup:
        setup.save(load_sample())


def test_stale_save_is_refused_for_that_partner_and_the_rename_kept(url: str) -> None:  # noqa: F811
    _seed(url)
    with Store(url, user="officer-a") as a, Store(url, user="officer-b") as b:
        seen_by_b = b.load()  # B loads first …
        assert seen_by_b.versions is not None
        assert seen_by_b.versions["partners"][KH1] == 1
        seen_by_a = a.load()  # … A renames the partner and saves
        assert a.save(_renamed(seen_by_a, KH1, "Renamed by A").with_versions(seen_by_a.versions))
        audit_rows = len(b.audit())
        with pytest.raises(ConflictError) as refused:  # B saves what B loaded
            b.save(seen_by_b)
        [conflict] = refused.value.conflicts
        assert (conflict.entity, conflict.record_id, conflict.loaded, conflict.stored) == (
            "partner",
            KH1,
            1,
            2,
        )
        assert conflict.changed_by == "officer-a"
        assert f"partner '{KH1}' was changed by officer-a" in str(refused.value)
        assert "nothing was saved" in str(refused.value)
        assert b.get(Partner, KH1).record.name == "Renamed by A"
        assert len(b.audit()) == audit_rows  # nothing written, nothing audited


def test_skip_mode_saves_the_other_records_and_reports_the_conflict(url: str) -> None:  # noqa: F811
    _seed(url)
    with Store(url, user="officer-a") as a, Store(url, user="officer-b") as b:
        seen_by_b = b.load()
        current = a.get(Partner, KH1)
        a.update(current.record.model_copy(update={"name": "Renamed by A"}), version=1)
        # B renames the same partner and another one, rebuilding the Dataset from frames.
        edited = _renamed(_renamed(seen_by_b, KH1, "Renamed by B"), "P-KR-001", "Korea by B")
        summary = b.save(edited, versions=seen_by_b.versions, on_conflict="skip")
        assert [(c.record_id, c.stored) for c in summary.conflicts] == [(KH1, 2)]
        assert summary.updated["partners"] == 1
        assert "1 not saved" in str(summary)
        assert b.get(Partner, KH1).record.name == "Renamed by A"
        korea = b.get(Partner, "P-KR-001")
        assert (korea.record.name, korea.version, korea.changed_by) == (
            "Korea by B",
            2,
            "officer-b",
        )


def test_an_unchanged_stale_record_and_a_dataset_from_files_are_no_conflict(
    url: str,  # noqa: F811
) -> None:
    _seed(url)
    with Store(url, user="officer-a") as a, Store(url, user="importer") as b:
        seen = b.load()
        current = a.get(Partner, KH1)
        a.update(current.record.model_copy(update={"aliases": ["KH one"]}), version=1)
        # Same content as stored now: nothing to write, nothing lost.
        same = a.load()
        assert b.save(same.with_versions(seen.versions)).changed == 0
        # A Dataset read from files carries no versions: the import's records win (audited).
        from_files = load_sample()
        assert from_files.versions is None
        assert b.save(from_files).updated["partners"] == 1
        assert b.get(Partner, KH1).record.aliases == load_sample().partners.get(KH1).aliases


def test_a_record_deleted_since_is_a_conflict_not_a_resurrection(url: str) -> None:  # noqa: F811
    _seed(url)
    with Store(url, user="admin") as a, Store(url, user="officer-b") as b:
        seen_by_b = b.load()
        a.merge_partners(KH1, "P-KH-002", force=True)
        edited = _renamed(seen_by_b, "P-KH-002", "Still here?")
        summary = b.save(edited, versions=seen_by_b.versions, on_conflict="skip")
        gone = [c for c in summary.conflicts if c.record_id == "P-KH-002"]
        assert [(c.loaded, c.stored) for c in gone] == [(1, None)]
        assert "was deleted since you read it" in str(gone[0])
        assert "P-KH-002" not in b.load().partners.ids()


def test_racing_stale_saves_one_wins(url: str) -> None:  # noqa: F811
    _seed(url)
    writers = 4
    stores = [Store(url, user=f"writer-{k}") for k in range(writers)]
    loaded = [s.load() for s in stores]
    outcome: dict[int, str] = {}
    start = threading.Barrier(writers)

    def write(k: int) -> None:
        edited = _renamed(loaded[k], KH1, f"Name {k}")
        start.wait()
        try:
            stores[k].save(edited, versions=loaded[k].versions)
            outcome[k] = "saved"
        except ConflictError:
            outcome[k] = "conflict"

    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert sorted(outcome.values()) == ["conflict"] * (writers - 1) + ["saved"]
        [winner] = [k for k, v in outcome.items() if v == "saved"]
        final = stores[0].get(Partner, KH1)
        assert (final.record.name, final.version) == (f"Name {winner}", 2)
    finally:
        for s in stores:
            s.close()
