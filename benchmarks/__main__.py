"""Run benchmarks: ``python -m benchmarks [NAME ...]`` (default: all)."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ["validation"]


def run(names: list[str]) -> None:
    """Run the named benchmarks (all when ``names`` is empty)."""
    for name in names or BENCHMARKS:
        print(f"== benchmark: {name}")
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.main(
            module.DEFAULT_SIZES if hasattr(module, "DEFAULT_SIZES") else [100_000, 1_000_000]
        )


if __name__ == "__main__":
    run(sys.argv[1:])
