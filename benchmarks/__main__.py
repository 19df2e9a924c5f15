"""Run benchmarks: ``python -m benchmarks [NAME ...]`` (default: all of them).

``python -m benchmarks NAME OPTIONS`` passes the options to that one benchmark
(``python -m benchmarks course --help`` lists the course benchmark's).

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


def run(argv: list[str]) -> None:
    """Run the named benchmarks (all when none is named), or one with its options."""
    first_option = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, options = argv[:first_option], argv[first_option:]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; choose from {BENCHMARKS}")
    if options:
        if len(names) != 1:
            sys.exit("options apply to one benchmark: python -m benchmarks NAME OPTIONS")
        module = importlib.import_module(f"benchmarks.bench_{names[0]}")
        if not hasattr(module, "cli"):
            sys.exit(f"benchmark {names[0]!r} takes no options")
        module.cli(options)
        return
    for name in names or BENCHMARKS:
        print(f"== benchmark: {name}", flush=True)
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.main(module.DEFAULT_SIZES)


if __name__ == "__main__":
    run(sys.argv[1:])
