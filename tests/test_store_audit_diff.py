"""The audit trail's field-by-field diff, computed column-wise, says what a record-by-record
comparison says (the oracle below is the plain reading of the rule), on hand-made edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from ppd_core.datasets import synthetic
from ppd_core.store._frames import records, subset
from ppd_core.store.audit import Stamp, _norm, _text, diff_rows
from ppd_core.tables import SCHEMA


def _oracle(
    table: str, before: dict[str, pd.DataFrame], after: dict[str, pd.DataFrame]
) -> list[tuple[Any, ...]]:
    spec = SCHEMA[table]
    old = {str(r["id"]): r for r in records(before[table])}
    rows: list[tuple[Any, ...]] = []
    for r in records(after[table]):
        prev = old.get(str(r["id"]), {})
        rows += [
            (str(r["id"]), c, _text(prev.get(c)), _text(r[c]))
            for c in spec.column_names
            if _norm(prev.get(c)) != _norm(r[c])
        ]
    for child in spec.children:
        key = SCHEMA[child].key
        grouped = []
        for frame in (before[child], after[child]):
            out: dict[str, list[tuple[Any, ...]]] = {}
            for r in records(frame):
                out.setdefault(str(r[key]), []).append(
                    tuple(_norm(v) for k, v in r.items() if k != key)
                )
            grouped.append(out)
        was, now = grouped
        rows += [
            (rid, SCHEMA[child].field, _text(was.get(rid, [])), _text(now.get(rid, [])))
            for rid in sorted(set(was) | set(now))
            if was.get(rid, []) != now.get(rid, [])
        ]
    return rows


def test_the_column_wise_diff_matches_the_record_by_record_one() -> None:
    frames = synthetic(seed=11, activities=60).to_frames()
    ids = set(frames["activities"]["id"].astype("str"))
    before = subset(frames, "activities", ids - {"ACT-0000059"})  # 59 is new in `after`
    after = {t: f.copy() for t, f in subset(frames, "activities", ids).items()}
    acts = after["activities"]
    acts.loc[acts["id"] == "ACT-0000001", "title"] = "Hội nghị hữu nghị (sửa)"
    acts.loc[acts["id"] == "ACT-0000002", "title"] = None  # a value removed
    acts.loc[acts["id"] == "ACT-0000003", "follow_up_of"] = "ACT-0000001"  # a value added
    acts.loc[acts["id"] == "ACT-0000004", "title"] = "None"  # the word, not a missing value
    acts.loc[acts["id"] == "ACT-0000005", "status"] = "cancelled"
    links = after["activity_partners"]
    first = links.index[links["activity_id"] == "ACT-0000006"]
    after["activity_partners"] = links.drop(first[:1])  # one partner fewer
    countries = after["activity_countries"]
    rows7 = countries.index[countries["activity_id"] == "ACT-0000007"]
    after["activity_countries"] = pd.concat([countries, countries.loc[rows7[:1]]])  # twice
    got = [
        (r["record_id"], r["field"], r["old"], r["new"])
        for r in diff_rows("activities", before, after, Stamp("tester"))
    ]
    assert got == _oracle("activities", before, after)
    changed = {(r[0], r[1]) for r in got}
    assert {
        ("ACT-0000001", "title"),
        ("ACT-0000002", "title"),
        ("ACT-0000003", "follow_up_of"),
        ("ACT-0000004", "title"),
        ("ACT-0000005", "status"),
    } <= changed
    assert sum(1 for r in got if r[0] == "ACT-0000059") >= 3  # every field of the new record
    assert not any(r[0] == "ACT-0000010" for r in got)  # untouched: nothing


def test_equal_amounts_written_differently_are_not_changes() -> None:
    frames = synthetic(seed=12, activities=20).to_frames()
    flows = frames["resource_flows"]
    assert not flows.empty
    before = {t: f.copy() for t, f in frames.items()}
    after = {t: f.copy() for t, f in frames.items()}
    amounts = after["resource_flows"]["amount"].astype(object)
    written = [Decimal(str(a)).quantize(Decimal("0.000")) if pd.notna(a) else a for a in amounts]
    after["resource_flows"]["amount"] = pd.Series(written, dtype=object)  # 1500 as 1500.000
    assert diff_rows("activities", before, after, Stamp("tester")) == []
