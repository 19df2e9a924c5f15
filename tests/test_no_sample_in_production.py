"""Production code never reads the sample: only ``datasets/`` imports it, with no exception.

The review, the plans and the measures work on an organisation's own data; a test walks every
import statement of the library (docstring examples aside) and fails on one that reaches the
sample or its invented candidates from elsewhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ppd_core

SRC = Path(ppd_core.__file__).parent
SAMPLE_NAMES = {"load_sample", "candidates_from_sample", "SAMPLE_NOTE", "sample", "candidates"}


def _sample_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ppd_core.datasets"):
            names = {a.name for a in node.names}
            if node.module in ("ppd_core.datasets.sample", "ppd_core.datasets.candidates") or (
                names & SAMPLE_NAMES
            ):
                found.append(f"line {node.lineno}: from {node.module} import {sorted(names)}")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name in ("ppd_core.datasets.sample", "ppd_core.datasets.candidates")
            ]
    return found


def test_only_datasets_import_the_sample() -> None:
    offenders = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("datasets/"):
            continue
        found = _sample_imports(path)
        if found:
            offenders[rel] = found
    assert offenders == {}


def test_the_walk_sees_an_import_of_the_sample(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""x."""\n\ndef f():\n    from ppd_core.datasets import load_sample\n')
    assert _sample_imports(module) == ["line 4: from ppd_core.datasets import ['load_sample']"]
