"""Production code never reads the sample: only ``datasets/`` imports it, with no exception.

The review, the plans and the measures work on an organisation's own data. A test walks every
import of the library (absolute or relative, ``datasets.load_sample`` through the package,
``import_module`` with the module's name; docstring examples aside) and fails on one that
reaches the sample or its invented candidates from outside ``datasets/``, with an empty
allowance; another runs a review with a portfolio in a fresh interpreter and checks that the
sample's modules were never loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import ppd_core

SRC = Path(ppd_core.__file__).parent
SAMPLE_NAMES = {"load_sample", "candidates_from_sample", "SAMPLE_NOTE", "sample", "candidates"}
SAMPLE_MODULES = {"ppd_core.datasets.sample", "ppd_core.datasets.candidates"}


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    """The module an ``import from`` names, relative imports resolved against ``path``."""
    if node.level == 0:
        return node.module or ""
    package = ["ppd_core", *path.relative_to(SRC).parent.parts]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _sample_imports(path: Path, source: str | None = None) -> list[str]:
    """Each import (absolute or relative) of the sample or its candidates, and each use of
    them through the ``datasets`` package (``datasets.load_sample``) or ``import_module``."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _absolute(node, path)
            names = {a.name for a in node.names}
            if module in SAMPLE_MODULES or (module == "ppd_core.datasets" and names & SAMPLE_NAMES):
                found.append(f"line {node.lineno}: from {module} import {sorted(names)}")
            elif module == "ppd_core" and names & {"datasets"}:
                found += _uses_of_datasets(tree, path)
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name in SAMPLE_MODULES
            ]
            if any(a.name == "ppd_core.datasets" for a in node.names):
                found += _uses_of_datasets(tree, path)
        elif isinstance(node, ast.Constant) and node.value in SAMPLE_MODULES:
            found.append(f"line {node.lineno}: {node.value!r}")  # import_module("...")
    return sorted(set(found))


def _uses_of_datasets(tree: ast.AST, path: Path) -> list[str]:
    """``datasets.<sample name>`` in a module that imports the ``datasets`` package."""
    return [
        f"line {node.lineno}: datasets.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in SAMPLE_NAMES
        and isinstance(node.value, ast.Name | ast.Attribute)
        and ast.unparse(node.value).endswith("datasets")
    ]


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


@pytest.mark.parametrize(
    ("where", "code", "expected"),
    [
        (
            "m.py",
            "def f():\n    from ppd_core.datasets import load_sample\n",
            ["line 2: from ppd_core.datasets import ['load_sample']"],
        ),
        (
            "reporting/m.py",
            "from ..datasets import candidates_from_sample\n",
            ["line 1: from ppd_core.datasets import ['candidates_from_sample']"],
        ),
        (
            "reporting/m.py",
            "from ..datasets.sample import sample_excerpt\n",
            ["line 1: from ppd_core.datasets.sample import ['sample_excerpt']"],
        ),
        (
            "m.py",
            "from ppd_core import datasets\nds = datasets.load_sample()\n",
            ["line 2: datasets.load_sample"],
        ),
        (
            "m.py",
            "import ppd_core.datasets\nds = ppd_core.datasets.load_sample()\n",
            ["line 2: datasets.load_sample"],
        ),
        (
            "m.py",
            "import importlib\nm = importlib.import_module('ppd_core.datasets.sample')\n",
            ["line 2: 'ppd_core.datasets.sample'"],
        ),
        ("m.py", "from ppd_core.datasets import synthetic\n", []),
        ("m.py", "from ppd_core import datasets\nds = datasets.synthetic(10)\n", []),
    ],
)
def test_the_walk_sees_every_way_to_the_sample(where: str, code: str, expected: list[str]) -> None:
    # the module is never written: the walk only needs its place in the package
    assert _sample_imports(SRC / where, code) == expected


def test_a_review_and_a_plan_do_not_load_the_sample() -> None:
    """Run, in a fresh interpreter, every production module's import, a review of a dataset
    built there and a portfolio of its own proposals: the sample's modules stay unloaded."""
    script = """
import importlib, pkgutil, sys
import ppd_core
for info in pkgutil.walk_packages(ppd_core.__path__, "ppd_core."):
    skip = ("ppd_core.datasets", "ppd_core.store.migrations", "ppd_core.__main__")
    if not info.name.startswith(skip):  # migrations run inside alembic only
        importlib.import_module(info.name)
from pathlib import Path
import tempfile
sys.path.insert(0, TESTS)
from test_proposals import _filled, _union  # a union that is not the sample, its proposals
from ppd_core.io import read_proposals
from ppd_core.reporting import annual_review
with tempfile.TemporaryDirectory() as folder:
    read = read_proposals(_filled(Path(folder) / "p.xlsx", "en"))
review = annual_review(_union(), organisation="TN", year=2025, proposals=read.proposals)
assert "Youth camp" in review.html()  # the portfolio was chosen from the union's proposals
print(sorted(m for m in sys.modules if m.startswith("ppd_core.datasets.")))
"""
    done = subprocess.run(
        [sys.executable, "-c", script.replace("TESTS", repr(str(Path(__file__).parent)))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(ast.literal_eval(done.stdout.strip()))
    assert loaded & SAMPLE_MODULES == set()
