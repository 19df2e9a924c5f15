"""Peak memory and write-lock time of ``ppd db import`` of synthetic activities from CSV.

Target (issue 22): importing 200k and 1M activities from a folder of CSV files peaks under 3×
the folder's size in resident memory (the whole ``ppd`` process, interpreter included); and
the write transaction (what other writers wait for on SQLite) is a small part of the import.
Each import runs :meth:`Store.import_path` (what ``ppd db import`` runs) in a child process
into a fresh SQLite file; its peak RSS is the kernel's high-water mark of that process
(``VmHWM``, read by the child at its end; ``getrusage`` would count the benchmark's own
memory too, which a child keeps across ``fork`` and ``exec``). A second import of the same
folder, every activity's title changed, measures an update of every record.

    python -m benchmarks import_memory [--sizes 200000 1000000] [--keep DIR]

The 1M run writes ~390 MB of CSV and takes minutes: it runs only when asked (``--sizes``) or
with ``PPD_BENCH_1M=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import finish

DEFAULT_SIZES = [200_000, 1_000_000] if os.environ.get("PPD_BENCH_1M") else [200_000]

_CHILD = """
import json, resource, sys, time

def peak_mb():
    # the high-water mark of this program's memory since it started (VmHWM); getrusage's
    # ru_maxrss would also count the benchmark's own memory, kept across fork and exec
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from ppd_core.store import Store
with Store(sys.argv[2], user="bench") as store:
    done = store.import_path(sys.argv[1], known=store.load())  # as ppd db import does
print(json.dumps({"blocks": done.blocks, "checking": done.checking_seconds,
                  "writing": done.writing_seconds, "changed": done.saved.changed,
                  "rejected": len(done.read.report),
                  "peak_mb": peak_mb()}))
"""


def _prepare(n: int, folder: Path, retitled: bool = False) -> Path:
    """The CSV folder of ``n`` synthetic activities (titles changed when ``retitled``)."""
    target = folder / (f"csv{n}" + ("-retitled" if retitled else ""))
    if target.exists():
        return target
    from ppd_core.datasets import synthetic
    from ppd_core.io import write_csv

    ds = synthetic(seed=1, activities=n)
    if retitled:
        frames = ds.to_frames()
        frames["activities"]["title"] = frames["activities"]["title"] + " (revised)"
        from ppd_core.dataset import Dataset

        ds = Dataset.from_frames(frames)
    write_csv(ds, target)
    return target


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


def _import(folder: Path, database: Path) -> dict[str, Any]:
    """``Store.import_path`` in a child process: its figures, wall time and peak RSS (MB)."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder), str(database)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - started
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures["seconds"] = seconds
    return figures


def main(sizes: list[int], keep: Path | None = None) -> dict[str, Any]:
    """Import each size into a new database, then re-import it with every title changed."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        data = keep or Path(tmp)
        data.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            folder = _prepare(n, data)
            database = Path(tmp) / f"import{n}.sqlite"
            first = _import(folder, database)
            mb = _size(folder) / 2**20
            ratio = first["peak_mb"] / mb
            again = _import(_prepare(n, data, retitled=True), database)
            runs.append(
                {"activities": n, "csv_mb": mb, "ratio": ratio, "first": first, "again": again}
            )
            print(
                f"{n:>9,} activities, CSV {mb:5.0f} MB | import {first['seconds']:6.1f} s, "
                f"peak {first['peak_mb']:5.0f} MB = {ratio:.2f}× the CSV, write lock "
                f"{first['writing']:5.1f} s | re-import (every title changed) "
                f"{again['seconds']:6.1f} s, write lock {again['writing']:5.1f} s "
                f"({again['changed']:,} changed)"
            )
            assert first["rejected"] == 0, first
            assert again["rejected"] == 0, again
    targets = {f"peak_under_3x_csv_at_{r['activities']}": r["ratio"] < 3 for r in runs}
    return finish("import_memory", runs, targets)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=int, default=DEFAULT_SIZES)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the CSV folders here")
    args = parser.parse_args()
    main(args.sizes, args.keep)
