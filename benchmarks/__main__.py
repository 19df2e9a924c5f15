"""Run benchmarks: ``python -m benchmarks [NAME ...]`` (default: all of them).

Each benchmark prints its figures and PASS/FAIL against its issue's targets, and writes them
to ``benchmarks/results/<name>.json``.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "validation",
    "measures",
    "dedupe",
    "import",
    "import_memory",
    "allocation",
    "review",
    "course",
]


def run(names: list[str]) -> None:
    """Run the named benchmarks (all when ``names`` is empty)."""
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}")
    for name in names or BENCHMARKS:
        print(f"== benchmark: {name}", flush=True)
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.main(module.DEFAULT_SIZES)


if __name__ == "__main__":
    run(sys.argv[1:])
