"""``Store.import_path``: a CSV folder checked in blocks gives what a whole read gives.

The activities are read a block at a time (memory of a block, not of the file) and written
in one transaction opened only after every block was checked. These tests plant problems in
different blocks of a synthetic folder and compare with :func:`ppd_core.io.read_csv` of the
same folder: the same problems (code, row, record, message) and the same records stored.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ppd_core import Activity, Dataset
from ppd_core.datasets import synthetic
from ppd_core.errors import ConflictError
from ppd_core.io import read_csv, write_csv
from ppd_core.store import Store, importing, upsert
from ppd_core.tables import SCHEMA

BLOCK = 8192  # about 50 activities: the 400 of these tests come in 8 blocks


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows(rows)


def _folder(tmp_path: Path, n: int = 400) -> Path:
    folder = tmp_path / "csv"
    write_csv(synthetic(seed=5, activities=n), folder)
    return folder


def _plant(folder: Path) -> None:
    """Problems in several blocks, and references from one block to another."""
    path = folder / "activities.csv"
    rows = _rows(path)
    col = {name: i for i, name in enumerate(rows[0])}
    by_id = {row[0]: row for row in rows[1:]}
    by_id["ACT-0000150"][col["planned_start"]] = "31/02/2025"  # row 152: no such day
    by_id["ACT-0000003"][col["follow_up_of"]] = "ACT-0000150"  # … rejected in a later block
    by_id["ACT-0000004"][col["follow_up_of"]] = "ACT-0000390"  # a good one, 7 blocks on
    by_id["ACT-0000005"][col["follow_up_of"]] = "ACT-NOPE"  # in no block
    by_id["ACT-0000200"].extend(["x", "y", "z"])  # row 202: 22 cells under 19 columns
    twin = list(by_id["ACT-0000010"])
    twin[col["title"]] = "A second ACT-0000010"
    rows.append(twin)  # row 402: an id of the first block again
    _write(path, rows)
    partners = folder / "activity_partners.csv"
    links = _rows(partners)
    links.append(["ACT-GHOST", links[1][1], "funding"])  # a link row of no activity
    _write(partners, links)


def _seen(result: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (p.sheet, p.row, p.code, p.record_id, p.field, p.value, p.message) for p in result.report
    )


def _stored(target: Path) -> dict[str, list[str]]:
    with Store(target) as store:
        frames = store.load().to_frames()
    return {t: sorted(str(row) for row in f.itertuples(index=False)) for t, f in frames.items()}


def test_blocks_give_the_problems_and_records_of_a_whole_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _plant(folder)
    with Store(tmp_path / "blocks.sqlite", user="importer") as store:
        done = importing.import_path(store, folder, block=BLOCK)
    whole = read_csv(folder)
    with Store(tmp_path / "whole.sqlite", user="importer") as store:
        store.save(whole.dataset)
    assert done.blocks >= 8
    assert _seen(done.read) == _seen(whole)
    assert done.read.accepted == whole.accepted
    assert done.read.rejected_counts == whole.rejected_counts
    assert _stored(tmp_path / "blocks.sqlite") == _stored(tmp_path / "whole.sqlite")
    # worked out by hand: 150 (no such day), 3 (follows 150 up), 5 (ACT-NOPE), 200 (cells)
    # and the second 10 are rejected; 4 is kept with its follow-up 7 blocks on
    problems = {(p.row, p.code, p.record_id) for p in done.read.report if p.sheet == "activities"}
    assert {(152, "PPD002", "ACT-0000150"), (202, "PPD002", "ACT-0000200")} <= problems
    assert {(5, "PPD110", "ACT-0000003"), (7, "PPD110", "ACT-0000005")} <= problems
    assert (402, "PPD111", "ACT-0000010") in problems
    assert done.read.accepted["activities"] == 400 - 4
    assert done.saved.inserted["activities"] == 396
    cascade = next(p for p in done.read.report if p.record_id == "ACT-0000003")
    assert "in the file but was rejected" in cascade.message
    cells = next(p for p in done.read.report if p.row == 202 and p.sheet == "activities")
    assert "22 cells but the header names 19 columns" in cells.message
    ghost = [p for p in done.read.report if p.record_id == "ACT-GHOST"]
    assert [(p.sheet, p.code) for p in ghost] == [("activity_partners", "PPD110")]
    with Store(tmp_path / "blocks.sqlite") as store:
        assert store.get(Activity, "ACT-0000004").record.follow_up_of == "ACT-0000390"


def _links(folder: Path) -> list[str]:
    frame = read_csv(folder).dataset.to_frames()["activity_partners"]
    return sorted(str(row) for row in frame.itertuples(index=False))


def test_link_rows_in_any_order_give_the_same_records(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 200)
    partners = folder / "activity_partners.csv"
    rows = _rows(partners)
    body = rows[1:]
    random.Random(3).shuffle(body)  # rows held until their block comes
    _write(partners, [rows[0], *body])
    with Store(tmp_path / "shuffled.sqlite") as store:
        shuffled = importing.import_path(store, folder, block=BLOCK)
    assert shuffled.read.ok
    assert _stored(tmp_path / "shuffled.sqlite")["activity_partners"] == _links(folder)
    first = [row for row in body if row[0] == "ACT-0000000"]
    _write(partners, [rows[0], *(row for row in body if row not in first), *first])
    with Store(tmp_path / "late.sqlite") as store:
        late = importing.import_path(store, folder, block=BLOCK)
    assert late.blocks == 1  # a row of the first block at the end: read whole
    assert late.read.ok
    assert _stored(tmp_path / "late.sqlite")["activity_partners"] == _links(folder)


def test_the_import_is_all_or_nothing_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, 200)
    real = upsert.save
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")  # as if the disk filled up at the third block
        return real(*args, **kwargs)

    monkeypatch.setattr(upsert, "save", failing)
    with Store(tmp_path / "db.sqlite") as store, pytest.raises(OSError, match="disk full"):
        importing.import_path(store, folder, block=BLOCK)
    with Store(tmp_path / "db.sqlite") as store:
        assert sum(store.counts().values()) == 0
        assert store.audit().empty


def test_another_writer_is_not_locked_out_while_the_file_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "db.sqlite"
    with Store(database, user="setup") as store:
        store.save(synthetic(seed=9, activities=5))
    folder = _folder(tmp_path, 200)
    real = importing._Reading.ingest
    waited: list[str] = []

    def checking(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not waited:  # while the import checks its first part: a small write elsewhere
            conn = sqlite3.connect(database, timeout=0.2)  # gives up after 0.2 s
            with conn:
                conn.execute(
                    "INSERT INTO audit_log (at, user_name, batch, action, entity, record_id) "
                    "VALUES ('2026-01-01', 'other', 'b', 'note', 'partner', 'X')"
                )
            conn.close()
            waited.append("written")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(importing._Reading, "ingest", checking)
    with Store(database, user="importer") as store:
        done = importing.import_path(store, folder, block=BLOCK)
        trail = store.audit()
    assert waited == ["written"]
    saved = done.saved
    assert saved.inserted["activities"] + saved.updated["activities"] == 200
    assert "note" in set(trail["action"])


_PEAK = """
import json, sys
from pathlib import Path
from ppd_core.store import Store
from ppd_core.store.importing import import_path

def kb(field):
    lines = Path("/proc/self/status").read_text().splitlines()
    return next(int(line.split()[1]) for line in lines if line.startswith(field + ":"))

with Store(sys.argv[2]) as store:
    Path("/proc/self/clear_refs").write_text("5")  # the peak from here on
    before = kb("VmRSS")
    done = import_path(store, sys.argv[1], block=int(sys.argv[3]))
    added = (kb("VmHWM") - before) / 1024
print(json.dumps([done.blocks, added]))
"""
"""A child process: the import's blocks and the memory it added at its peak (MB)."""


def _peak(folder: Path, database: Path, block: int) -> tuple[int, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(folder), str(database), str(block)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    blocks, peak = json.loads(out.strip().splitlines()[-1])
    return blocks, peak


@pytest.mark.skipif(
    not os.access("/proc/self/clear_refs", os.W_OK),
    reason="measuring a step's peak memory needs Linux's /proc/self/clear_refs",
)
def test_memory_is_that_of_a_block_not_of_the_file(tmp_path: Path) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    write_csv(synthetic(seed=2, activities=1_000), small)
    write_csv(synthetic(seed=2, activities=4_000), big)
    block = 1 << 17
    blocks_small, peak_small = _peak(small, tmp_path / "s.sqlite", block)
    blocks_big, peak_big = _peak(big, tmp_path / "b.sqlite", block)
    _, whole_small = _peak(small, tmp_path / "ws.sqlite", 1 << 30)  # one block: the whole file
    _, whole_big = _peak(big, tmp_path / "wb.sqlite", 1 << 30)
    assert blocks_big >= blocks_small + 3  # the other tables are one part, each block one
    # 4x the rows: read whole, the memory added grows by ~17 MB (20 -> 38 MB measured); in
    # blocks by less (20 -> 28 MB: the ids of every activity and the report are kept whole)
    assert whole_big - whole_small > 10
    assert peak_big < whole_big
    assert peak_big - peak_small < 0.6 * (whole_big - whole_small), (
        peak_small,
        peak_big,
        whole_small,
        whole_big,
    )


def _activities_only(ds: Dataset, ids: list[str], folder: Path) -> Path:
    """A CSV folder of only the activities ``ids`` of ``ds`` (with their link rows)."""
    frames = ds.to_frames()
    out = {t: f.iloc[:0] for t, f in frames.items()}
    out["activities"] = frames["activities"][frames["activities"]["id"].isin(ids)]
    for table in SCHEMA["activities"].children:
        f = frames[table]
        out[table] = f[f[SCHEMA[table].key].isin(ids)]
    write_csv(Dataset._wrap({t: f.reset_index(drop=True) for t, f in out.items()}), folder)
    for path in folder.iterdir():
        if path.stem not in ("activities", *SCHEMA["activities"].children):
            path.unlink()
    return folder


def test_blocks_refer_to_the_records_the_database_holds(tmp_path: Path) -> None:
    ds = synthetic(seed=5, activities=400)
    database = tmp_path / "db.sqlite"
    with Store(database, user="admin") as store:
        store.save(ds)
    ids = [f"ACT-{i:07d}" for i in range(100)]
    folder = _activities_only(ds, ids, tmp_path / "csv")
    rows = _rows(folder / "activities.csv")
    col = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        row[col["title"]] = row[col["title"]] + " (revised)"
    rows[1][col["follow_up_of"]] = "ACT-0000300"  # held by the database, not in the file
    _write(folder / "activities.csv", rows)
    with Store(database, user="importer") as store:
        done = importing.import_path(store, folder, known=store.load(), block=BLOCK)
    assert done.blocks >= 2
    assert done.read.ok, list(done.read.report)[:3]
    # only the file's rows are counted: 100 activities, none of the 300 others or partners
    assert done.read.accepted["activities"] == 100
    assert done.read.accepted["partners"] == 0
    assert done.saved.updated["activities"] == 100
    assert done.saved.inserted.get("activities", 0) == 0
    with Store(database) as store:
        assert store.counts()["activities"] == 400
        first = store.get(Activity, "ACT-0000000").record
        assert first.follow_up_of == "ACT-0000300"
        assert first.title.endswith(" (revised)")
        assert not store.get(Activity, "ACT-0000200").record.title.endswith(" (revised)")


def test_a_record_changed_since_it_was_read_is_a_conflict_in_every_block(
    tmp_path: Path,
) -> None:
    ds = synthetic(seed=5, activities=200)
    database = tmp_path / "db.sqlite"
    with Store(database, user="admin") as store:
        store.save(ds)
    folder = _activities_only(ds, [f"ACT-{i:07d}" for i in range(120)], tmp_path / "csv")
    rows = _rows(folder / "activities.csv")
    title = rows[0].index("title")
    for row in rows[1:]:
        row[title] = "Changed by the file"
    _write(folder / "activities.csv", rows)
    with Store(database, user="importer") as store:
        known = store.load()
    with Store(database, user="colleague") as other:  # edits after the import read
        got = other.get(Activity, "ACT-0000110")  # in the file's last block
        other.update(got.record.model_copy(update={"title": "Colleague's"}), version=got.version)
    with Store(database, user="importer") as store, pytest.raises(ConflictError, match="0110"):
        importing.import_path(store, folder, known=known, block=BLOCK)
    with Store(database) as store:  # nothing of the file saved, the colleague's edit kept
        assert store.get(Activity, "ACT-0000110").record.title == "Colleague's"
        assert store.get(Activity, "ACT-0000000").record.title != "Changed by the file"
