"""Staging a submission: check it and copy a gradable version of it before nbgrader sees it.

A renamed notebook is found by its cells and staged under its proper name, with a note; a
duplicated graded cell, an unreadable notebook or a missing notebook is a *named* failure
for that trainee alone; an unreadable ``timestamp.txt`` is set aside with a note (nbgrader
would fail on it); code that may steer its own tests is flagged for review (`_review`).
The trainees' own files are never changed.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ppd_core.course._outcomes import Preflight, grade_ids
from ppd_core.course._review import static_flags

STAGED = ".ppd-staged"
"""The folder of the course that nbgrader grades the staged copies from."""


def stage_submission(
    root: Path, student: str, assignment: str, notebooks: Callable[[str], Sequence[str]]
) -> Preflight:
    """Check one submission and stage a gradable copy of it under ``root / STAGED``.

    Args:
        root: The course directory.
        student: The trainee.
        assignment: The assignment.
        notebooks: The names (without ``.ipynb``) of an assignment's notebooks, asked only
            when there is a submission (`Course.notebooks`).
    """
    from nbgrader.utils import parse_utc

    source = root / "submitted" / student / assignment
    staged = root / STAGED / student / assignment
    if staged.exists():
        shutil.rmtree(staged)
    check = Preflight(student, assignment, ok=False)
    if not source.is_dir():
        check.failure = "no submission"
        return check
    shutil.copytree(source, staged)
    expected = notebooks(assignment)
    present = {p.stem: p for p in staged.glob("*.ipynb")}
    extra = {k: v for k, v in present.items() if k not in expected}
    for name in expected:
        if name in present:
            continue
        wanted = set(grade_ids(json.loads(_released_or_source(root, assignment, name))))
        matches = []
        for other, path in extra.items():
            data, _ = _read_notebook(path)
            if data is not None and wanted & set(grade_ids(data)):
                matches.append(other)
        if len(matches) == 1:
            extra[matches[0]].rename(staged / f"{name}.ipynb")
            check.notes.append(
                f"notebook renamed: '{matches[0]}.ipynb' was graded as '{name}.ipynb' "
                "(keep the original name next time)"
            )
            del extra[matches[0]]
        else:
            found = ", ".join(f"'{k}.ipynb'" for k in sorted(present)) or "no notebook"
            check.failure = (
                f"notebook '{name}.ipynb' is missing (found {found}); "
                "submit the notebook under its original name"
            )
            return check
    for name in expected:
        data, problem = _read_notebook(staged / f"{name}.ipynb")
        if problem:
            check.failure = problem
            return check
        assert data is not None
        source = json.loads((root / "source" / assignment / f"{name}.ipynb").read_text("utf-8"))
        check.review += [f"{name}.ipynb {r}" for r in static_flags(data, source)]
        repeats = {gid: n for gid, n in Counter(grade_ids(data)).items() if n > 1}
        if repeats:
            detail = ", ".join(f"'{gid}' ×{n}" for gid, n in sorted(repeats.items()))
            check.failure = (
                f"graded cells duplicated in '{name}.ipynb': {detail}; delete the copies "
                "(keep one cell with your answer) and submit again"
            )
            return check
    stamp = staged / "timestamp.txt"
    if stamp.exists():
        try:
            parse_utc(stamp.read_text(encoding="utf-8").strip())
        except Exception:
            stamp.unlink()
            check.notes.append("timestamp.txt unreadable: graded without a submission time")
    check.ok = True
    return check


def _read_notebook(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """A notebook as JSON, or None and what is wrong with the file, for the trainee."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return (
            None,
            f"{path.name} is not a readable notebook ({exc}); re-download it and submit again",
        )
    if not isinstance(data, dict) or "cells" not in data:
        return None, f"{path.name} is not a notebook (no cells); submit the .ipynb file itself"
    return data, None


def _released_or_source(root: Path, assignment: str, name: str) -> str:
    """The released notebook (the source one before the first release), as text."""
    path = root / "release" / assignment / f"{name}.ipynb"
    if not path.exists():
        path = root / "source" / assignment / f"{name}.ipynb"
    return path.read_text(encoding="utf-8")
