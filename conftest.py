"""Test collection: deprecated import paths are left out of the doctests under ``src/``.

A deprecated module (an old import path kept for one minor version, whose docstring starts
with ``Deprecated:``) warns when imported, and the tests turn warnings into errors; what it
re-exports is tested at its new place, and a test imports the old path expecting the warning.
"""

from __future__ import annotations

from pathlib import Path


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Skip deprecated modules; leave every other path to pytest."""
    if collection_path.suffix != ".py":
        return None
    with collection_path.open(encoding="utf-8") as f:
        return True if f.read(16).startswith('"""Deprecated:') else None
