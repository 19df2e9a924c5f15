"""Import synthetic activities from CSV into the embedded SQLite database.

Target (issue 3): importing 1M activities from CSV files into SQLite takes at most 3× as long
as a bare ``sqlite3.executemany`` of the same rows (read with pandas, inserted as tuples into
the same tables, one transaction), measured in the same run. The library's import does more:
it parses dates and amounts, checks every rule and reference, reports rejected rows, and writes
the audit trail.

    python -m benchmarks import [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks._common import finish, measure, run_isolated

DEFAULT_SIZES = [100_000, 1_000_000]


def _prepare(n: int, folder: Path) -> None:
    from ppd_core.datasets import synthetic
    from ppd_core.io import write_csv

    write_csv(synthetic(seed=1, activities=n), folder / "csv")


def _ours(folder: Path) -> dict[str, Any]:
    from ppd_core.io import read_csv
    from ppd_core.store import Store

    result: dict[str, Any] = {}

    def step() -> None:
        read = read_csv(folder / "csv")
        with Store(folder / "ours.sqlite", user="bench") as store:
            summary = store.save(read.dataset)
        result["rejected"] = len(read.report)
        result["written"] = summary.changed

    return {**measure(step), **result}


def _bare(folder: Path) -> dict[str, Any]:
    import pandas as pd

    from ppd_core.store import Store
    from ppd_core.tables import SCHEMA

    target = folder / "bare.sqlite"
    Store(target).close()  # the same tables (schema creation is not timed)
    result: dict[str, Any] = {}

    def step() -> None:
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        rows = 0
        with conn:
            for name, spec in SCHEMA.items():
                path = folder / "csv" / f"{name}.csv"
                if not path.exists():
                    continue
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
                if frame.empty:
                    continue
                cols = list(frame.columns)
                if spec.kind != "entity":  # link rows need their position, as in the store
                    frame["seq"] = frame.groupby(spec.key, sort=False).cumcount()
                    cols.append("seq")
                quoted = ", ".join(f'"{c}"' for c in cols)
                marks = ", ".join("?" for _ in cols)
                conn.executemany(
                    f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})',
                    frame[cols].itertuples(index=False, name=None),
                )
                rows += len(frame)
        conn.close()
        result["rows"] = rows

    return {**measure(step), **result}


def child(which: str, folder: str) -> dict[str, Any]:
    """Time one side in an isolated process."""
    return _ours(Path(folder)) if which == "ours" else _bare(Path(folder))


def main(sizes: list[int]) -> dict[str, Any]:
    """Prepare CSV files per size, then time both sides."""
    runs = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            _prepare(n, Path(tmp))
            ours = run_isolated("bench_import", "ours", tmp)
            bare = run_isolated("bench_import", "bare", tmp)
        ratio = ours["seconds"] / bare["seconds"]
        runs.append({"activities": n, "ours": ours, "bare": bare, "ratio": ratio})
        print(
            f"{n:>9,} activities | ppd import: {ours['seconds']:6.1f} s peak "
            f"{ours['peak_mb']:6.0f} MB ({ours['rejected']} rejected) | bare executemany of "
            f"{bare['rows']:,} rows: {bare['seconds']:6.1f} s | ratio ×{ratio:.2f}"
        )
        assert ours["rejected"] == 0, ours
    big = runs[-1]
    targets = {"within_3x_of_bare_executemany": big["ratio"] <= 3}
    return finish("import", runs, targets, f"at {big['activities']:,} activities")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, metavar=("SIDE", "FOLDER"))
    parser.add_argument("--sizes", nargs="+", type=int, default=DEFAULT_SIZES)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        sys.exit(0)
    main(args.sizes)
