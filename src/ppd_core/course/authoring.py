"""Course notebooks written as plain text, built into nbgrader source notebooks.

Each assignment is written once as a *percent-format* file
(``course/authoring/<assignment>.py``, the format jupytext uses): cells start with a
``# %%`` header line, Markdown cells have their lines commented with ``# ``.  The header
says what the cell is for nbgrader, so nobody edits cell metadata by hand:

=====================================  ==================================================
header                                 cell in the source notebook
=====================================  ==================================================
``# %% [markdown]``                    read-only text (locked)
``# %%``                               read-only worked example (locked code)
``# %% scratch``                       a free code cell for the trainee (no metadata)
``# %% solution id=ID``                autograded answer (``### BEGIN/END SOLUTION``)
``# %% tests id=ID points=N``          autograder tests (locked; may hold hidden tests)
``# %% [markdown] manual id=ID points=N``  manually graded written answer
``# %% mistake id=ID``                 not in the notebook: a typical wrong answer to the
                                       solution ``ID``, used by the tests to check that
                                       such a submission earns partial marks
=====================================  ==================================================

[build_notebook][ppd_core.course.authoring.build_notebook] turns the text into a notebook
(deterministic cell ids, no outputs) and checks it the way nbgrader will: unique ids,
solution markers in every solution cell, points on every graded cell.  A problem is a
[CourseError][ppd_core.course.authoring.CourseError] naming the file, line and cell.

>>> text = '''# %% [markdown]
... # Add two numbers.
... # %% solution id=add
... def add(a, b):
...     ### BEGIN SOLUTION
...     return a + b
...     ### END SOLUTION
... # %% tests id=add_tests points=1
... assert add(2, 3) == 5
... '''
>>> nb = build_notebook(parse_cells(text, "demo.py"))
>>> [(c.cell_type, c.id) for c in nb.cells]
[('markdown', 'ro-1'), ('code', 'add'), ('code', 'add_tests')]
>>> nb.cells[2].metadata["nbgrader"]["points"]
1
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ppd_core.errors import CourseError

__all__ = [
    "CellSpec",
    "CourseError",
    "build_notebook",
    "notebook_json",
    "parse_cells",
    "read_authoring",
]

_KINDS = {"readonly", "scratch", "solution", "tests", "manual", "task", "mistake"}
_GRADE_ID = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"
HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


@dataclass
class CellSpec:
    """One cell as written in an authoring file."""

    kind: str
    markdown: bool
    source: str
    line: int
    grade_id: str | None = None
    points: float | None = None
    attrs: dict[str, str] = field(default_factory=dict)


def _header(line: str, path: str, lineno: int) -> tuple[str, bool, dict[str, str]]:
    rest = line[4:].strip()
    markdown = False
    if rest.startswith("[markdown]"):
        markdown = True
        rest = rest[len("[markdown]") :].strip()
    words = shlex.split(rest)
    kind = "readonly"
    attrs: dict[str, str] = {}
    for word in words:
        if "=" in word:
            key, _, value = word.partition("=")
            attrs[key] = value
        elif word in _KINDS:
            kind = word
        else:
            raise CourseError(
                f"{path}, line {lineno}: unknown cell word {word!r}; "
                f"use one of {sorted(_KINDS)} or key=value (id=..., points=...)"
            )
    return kind, markdown, attrs


def _uncomment(lines: list[str]) -> str:
    out = []
    for line in lines:
        if line.startswith("# "):
            out.append(line[2:])
        elif line.rstrip() == "#":
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def parse_cells(text: str, path: str = "<text>") -> list[CellSpec]:
    """Split an authoring file into cells (see the module docs for the header words)."""
    cells: list[CellSpec] = []
    current: tuple[str, bool, dict[str, str], int] | None = None
    body: list[str] = []

    def flush() -> None:
        if current is None:
            if any(line.strip() for line in body):
                raise CourseError(f"{path}, line 1: text before the first '# %%' cell header")
            return
        kind, markdown, attrs, lineno = current
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        source = _uncomment(body) if markdown else "\n".join(body)
        points = attrs.get("points")
        try:
            value = float(points) if points is not None else None
        except ValueError:
            raise CourseError(f"{path}, line {lineno}: points={points!r} is not a number") from None
        cells.append(
            CellSpec(
                kind=kind,
                markdown=markdown,
                source=source,
                line=lineno,
                grade_id=attrs.get("id"),
                points=value,
                attrs=attrs,
            )
        )

    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith("# %%"):
            flush()
            current = (*_header(line, path, lineno), lineno)
            body = []
        else:
            body.append(line)
    flush()
    _check(cells, path)
    return cells


def _check(cells: list[CellSpec], path: str) -> None:
    seen: dict[str, int] = {}
    solutions = {c.grade_id for c in cells if c.kind == "solution"}
    for cell in cells:
        where = f"{path}, line {cell.line}"
        needs_id = cell.kind in {"solution", "tests", "manual", "task", "mistake"}
        if needs_id and not cell.grade_id:
            raise CourseError(f"{where}: a {cell.kind} cell needs id=NAME")
        if cell.grade_id and not _GRADE_ID.match(cell.grade_id):
            raise CourseError(
                f"{where}: id {cell.grade_id!r} may only hold letters, digits, '_' and '-'"
            )
        if cell.kind in {"tests", "manual", "task"} and not cell.points:
            raise CourseError(f"{where}: a {cell.kind} cell needs points=N (more than 0)")
        if cell.kind in {"manual", "task"} and not cell.markdown:
            raise CourseError(f"{where}: a {cell.kind} cell is written as '# %% [markdown] ...'")
        if cell.kind in {"solution", "tests", "scratch", "mistake"} and cell.markdown:
            raise CourseError(f"{where}: a {cell.kind} cell is a code cell, not [markdown]")
        if cell.kind == "solution" and (
            SOLUTION_BEGIN not in cell.source or SOLUTION_END not in cell.source
        ):
            raise CourseError(
                f"{where}: solution {cell.grade_id!r} needs '{SOLUTION_BEGIN}' and "
                f"'{SOLUTION_END}' around the answer"
            )
        if cell.kind == "tests" and (HIDDEN_BEGIN in cell.source) != (HIDDEN_END in cell.source):
            raise CourseError(
                f"{where}: hidden tests need both '{HIDDEN_BEGIN}' and '{HIDDEN_END}'"
            )
        if cell.kind == "mistake":
            if cell.grade_id not in solutions:
                raise CourseError(
                    f"{where}: mistake {cell.grade_id!r} names no solution cell of this notebook"
                )
            continue
        if cell.grade_id:
            if cell.grade_id in seen:
                raise CourseError(
                    f"{where}: id {cell.grade_id!r} is already used on line {seen[cell.grade_id]}"
                )
            seen[cell.grade_id] = cell.line


def _nbgrader(
    *, grade: bool, solution: bool, locked: bool, grade_id: str, points: float | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "schema_version": 3,
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
    }
    if points is not None:
        meta["points"] = int(points) if float(points).is_integer() else points
    return meta


def build_notebook(cells: list[CellSpec]) -> Any:
    """Build the nbgrader source notebook (an ``nbformat`` node) from parsed cells."""
    import nbformat as nbformat_module
    from nbformat import v4 as v4_module

    nbformat: Any = nbformat_module  # nbformat has no type annotations
    v4: Any = v4_module
    nb = v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    readonly = scratch = 0
    for spec in cells:
        if spec.kind == "mistake":
            continue
        if spec.kind == "scratch":
            scratch += 1
            cell = v4.new_code_cell(spec.source)
            cell.id = f"scratch-{scratch}"
        else:
            if spec.kind == "readonly":
                readonly += 1
                grade_id = f"ro-{readonly}"
                meta = _nbgrader(grade=False, solution=False, locked=True, grade_id=grade_id)
            elif spec.kind == "solution":
                grade_id = str(spec.grade_id)
                meta = _nbgrader(grade=False, solution=True, locked=False, grade_id=grade_id)
            elif spec.kind == "tests":
                grade_id = str(spec.grade_id)
                meta = _nbgrader(
                    grade=True, solution=False, locked=True, grade_id=grade_id, points=spec.points
                )
            elif spec.kind == "manual":
                grade_id = str(spec.grade_id)
                meta = _nbgrader(
                    grade=True, solution=True, locked=False, grade_id=grade_id, points=spec.points
                )
            else:  # task
                grade_id = str(spec.grade_id)
                meta = _nbgrader(
                    grade=False, solution=False, locked=True, grade_id=grade_id, points=spec.points
                )
                meta["task"] = True
            new = v4.new_markdown_cell if spec.markdown else v4.new_code_cell
            cell = new(spec.source)
            cell.id = grade_id
            cell.metadata["nbgrader"] = meta
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def read_authoring(path: Path) -> list[CellSpec]:
    """Read and check one authoring file."""
    return parse_cells(path.read_text(encoding="utf-8"), str(path))


def notebook_json(nb: Any) -> str:
    """The notebook as the exact text written to ``course/source`` (stable across runs)."""
    import nbformat as nbformat_module

    nbformat: Any = nbformat_module
    return str(nbformat.writes(nb)) + "\n"
