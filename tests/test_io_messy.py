"""A 10,000-activity spreadsheet export with mess in it: every good row in, every bad one out.

The files are the synthetic data as a spreadsheet holds it (``messy_frames``: day-first dates,
thousands separators, dropped diacritics, swapped days and months, blanked values, repeated
rows) plus hand-made bad rows. The mess is known row by row, so the report is checked against
it: every broken row is reported with its row and rule code, every untouched record is
imported as it was.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from helpers import TODAY
from ppd_core import Dataset
from ppd_core.datasets import messy_frames, synthetic_frames
from ppd_core.io import ReadResult, read_csv
from ppd_core.tables import SCHEMA

SEED = 11
MESS_SEED = 6  # a seed whose repeated rows are the only equal neighbours (checked in _diff)
ACTIVITIES = 10_000
SPLITS = ("activity_countries", "activity_provinces", "activity_priority_areas", "activity_sdgs")

# (table, column, text, rule code or None when the row stays good)
HAND: list[tuple[str, str, str, str | None]] = [
    ("activities", "planned_start", "31/02/2025", "PPD002"),
    ("activities", "actual_start", "13/25/2025", "PPD002"),
    ("activities", "participants_total", "abc", "PPD002"),
    ("activities", "kind", "banquet", "PPD104"),
    ("activities", "cost_amount", "1,50,000", "PPD002"),
    ("activities", "lead_organisation_id", "ORG-NOPE", "PPD110"),
    ("activities", "title", "   ", "PPD001"),
    ("activities", "cost_currency", "XYZ", "PPD103"),
    ("activities", "planned_end", "2025-02-30", "PPD002"),
    ("activities", "notes", '=HYPERLINK("http://example.org","x")', None),
    ("activities", "notes", "@SUM(1+1)", None),
    ("activity_countries", "percentage", "150", "PPD402"),
    ("resource_flows", "amount", "-500", "PPD301"),
    ("resource_flows", "date", "2024-13-01", "PPD002"),
]


def _rows(frame: pd.DataFrame) -> list[list[str | None]]:
    return [[None if pd.isna(v) else str(v) for v in row] for row in frame.to_numpy(dtype=object)]


@dataclass
class Mess:
    """What was done to each file row (0-based position in the messy table)."""

    duplicate: dict[str, set[int]] = field(default_factory=dict)
    blanked: dict[str, set[int]] = field(default_factory=dict)
    touched: dict[str, set[int]] = field(default_factory=dict)  # any change at all
    hand: list[tuple[str, int, str | None]] = field(default_factory=list)
    clean_of: dict[str, list[int]] = field(default_factory=dict)  # messy position → clean


def _diff(clean: dict[str, pd.DataFrame], messy: dict[str, pd.DataFrame]) -> Mess:
    mess = Mess()
    for name, spec in SCHEMA.items():
        c, m = _rows(clean[name]), _rows(messy[name])
        dup = {i for i in range(1, len(m)) if m[i] == m[i - 1]}
        kept = [i for i in range(len(m)) if i not in dup]
        assert len(kept) == len(c), name  # the repeats are exactly the consecutive copies
        of = [0] * len(m)
        for j, i in enumerate(kept):
            of[i] = j
        for i in dup:
            of[i] = of[i - 1]
        mess.clean_of[name] = of
        mess.duplicate[name] = dup
        mess.blanked[name] = {
            i
            for i, j in zip(kept, range(len(c)), strict=True)
            for k, col in enumerate(spec.columns)
            if col.required and m[i][k] is None and c[j][k] is not None
        }
        mess.touched[name] = dup | {
            i for i, j in zip(kept, range(len(c)), strict=True) if m[i] != c[j]
        }
    return mess


def _write(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        encoding = "utf-8-sig" if name == "activities" else "utf-8"
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as f:
            writer = csv.writer(f)
            writer.writerow(list(frame.columns))
            writer.writerows(_rows(frame))
    return folder


@dataclass
class Case:
    truth: Dataset
    clean: ReadResult
    messy: ReadResult
    mess: Mess
    frames: dict[str, pd.DataFrame]  # the messy text tables as written


def _untouched_rows(name: str, mess: Mess, frame: pd.DataFrame, avoid: set[Any]) -> list[int]:
    spec = SCHEMA[name]
    keys = frame[spec.key].tolist()
    return [
        i
        for i in range(100, len(frame))
        if i not in mess.touched[name] and keys[i] not in avoid and keys[i] is not None
    ]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    folder = tmp_path_factory.mktemp("messy")
    frames = synthetic_frames(SEED, ACTIVITIES)
    truth = Dataset.from_frames(frames, today=TODAY)
    clean = messy_frames(frames, rate=0.0)
    messy = messy_frames(frames, seed=MESS_SEED, rate=0.05)
    mess = _diff(clean, messy)
    # hand-made bad rows, each in a record nothing else touched
    acts = messy["activities"]
    dirty = {acts.loc[i, "id"] for i in mess.touched["activities"]}
    for name in SCHEMA:
        if SCHEMA[name].parent == "activities":
            dirty |= {messy[name].loc[i, "activity_id"] for i in mess.touched[name]}
    used: set[Any] = set()
    for table, column, text, code in HAND:
        frame = messy[table]
        i = next(i for i in _untouched_rows(table, mess, frame, dirty | used))
        frame.loc[i, column] = text
        used.add(frame.loc[i, SCHEMA[table].key])
        mess.hand.append((table, i, code))
        mess.touched[table].add(i)
    # a Vietnamese-style amount with point separators: still a good row
    big = acts["cost_amount"].str.count(",") >= 2
    i = next(i for i in _untouched_rows("activities", mess, acts, dirty | used) if big[i])
    acts.loc[i, "cost_amount"] = str(acts.loc[i, "cost_amount"]).replace(",", ".")
    mess.hand.append(("activities", i, None))
    clean_result = read_csv(_write(folder / "clean", clean), today=TODAY)
    messy_result = read_csv(_write(folder / "messy", messy), today=TODAY)
    return Case(truth, clean_result, messy_result, mess, messy)


def test_the_clean_export_reads_back_exactly(case: Case) -> None:
    assert case.clean.ok, case.clean.report.summary()
    assert case.clean.dataset == case.truth  # day-first dates, thousands separators: all good
    assert case.clean.encodings["activities.csv"] == "utf-8-sig"


def test_every_row_is_accepted_or_rejected(case: Case) -> None:
    for name in SCHEMA:
        total = len(case.frames[name])
        assert case.messy.accepted[name] + case.messy.rejected_counts[name] == total, name
    assert case.messy.accepted["activities"] > ACTIVITIES // 2
    assert case.messy.rejected_counts["activities"] > 0


def _problems_at(result: ReadResult) -> dict[tuple[str, int], set[str]]:
    at: dict[tuple[str, int], set[str]] = {}
    for p in result.report:
        assert p.sheet is not None
        assert p.row is not None
        at.setdefault((p.sheet, p.row), set()).add(p.code)
    return at


def test_every_injected_problem_is_reported_at_its_row(case: Case) -> None:
    at = _problems_at(case.messy)
    for name in SCHEMA:
        for i in case.mess.blanked[name]:
            assert "PPD001" in at.get((name, i + 2), set()), (name, i + 2)
        for i in case.mess.duplicate[name]:
            if SCHEMA[name].kind == "entity":
                assert "PPD111" in at.get((name, i + 2), set()), (name, i + 2)
    rejected = {n: set(f["row"].tolist()) for n, f in case.messy.rejected.items()}
    for name in (*SPLITS, "activity_outputs"):
        for i in case.mess.duplicate[name]:
            assert i + 2 in rejected.get(name, set()), (name, i + 2)
    for table, i, code in case.mess.hand:
        if code is None:
            assert i + 2 not in rejected.get(table, set()), (table, i + 2)
        elif code == "PPD110" or table != "activities":
            # a reference, or a link row: reported on the row or on its record
            key = case.frames[table].loc[i, SCHEMA[table].key]
            assert i + 2 in rejected[table]
            assert any(p.code == code and p.record_id == key for p in case.messy.report)
        else:
            assert code in at.get((table, i + 2), set()), (table, i + 2, code)
    rows = [p.row for p in case.messy.report]
    assert all(isinstance(r, int) and r >= 2 for r in rows)
    assert {p.source for p in case.messy.report} <= {f"{n}.csv" for n in SCHEMA}


def test_every_rejected_record_has_its_reasons(case: Case) -> None:
    reported = {(p.entity, p.record_id) for p in case.messy.report}
    for name, frame in case.messy.rejected.items():
        spec = SCHEMA[name]
        owner = SCHEMA[spec.parent or name].entity
        for key, reasons in zip(frame[spec.key], frame["problems"], strict=True):
            assert reasons
            assert reasons.startswith("[PPD") or (owner, key) in reported, (name, key, reasons)


def test_untouched_records_come_in_as_they_were(case: Case) -> None:
    mess, frames = case.mess, case.frames
    touched_ids: set[Any] = set()
    for name, spec in SCHEMA.items():
        if spec.parent == "activities" or name == "activities":
            keys = frames[name][spec.key]
            touched_ids |= {keys[i] for i in mess.touched[name]}
    hand_ids = {frames[t].loc[i, SCHEMA[t].key] for t, i, code in mess.hand if code is None}
    got = case.messy.dataset.to_frames()
    truth = case.truth.to_frames()
    accepted = set(got["activities"]["id"])
    untouched = set(truth["activities"]["id"]) - touched_ids
    # an untouched record is imported, unless it refers to a rejected one (PPD110)
    for rid in untouched - accepted:
        codes = {p.code for p in case.messy.report.for_record(rid)}
        assert codes == {"PPD110"}, (rid, codes)
    assert len(untouched & accepted) > ACTIVITIES // 2
    same = sorted((untouched & accepted) - hand_ids)
    for name, spec in SCHEMA.items():
        if name != "activities" and spec.parent != "activities":
            continue
        key = spec.key
        mine = got[name][got[name][key].isin(same)].reset_index(drop=True)
        theirs = truth[name][truth[name][key].isin(same)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs, obj=name)
    # the formula-like notes are kept as the text they are
    notes = got["activities"]["notes"].dropna().tolist()
    assert notes == ['=HYPERLINK("http://example.org","x")', "@SUM(1+1)"]
