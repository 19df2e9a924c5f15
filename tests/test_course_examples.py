"""Worked examples run on their own: ``ppd course check`` fails an example that needs an answer.

A trainee who has not finished an exercise must still be able to run every worked example
(the release as handed out, with ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` in
place of each answer). The course's own assignments are checked this way by
``test_course.py`` and ``test_course_vi.py`` (``check_course`` reports every failing
example); here an author's slip — an example that prints an exercise's answer — is added to
a throwaway copy of assignment 01 and must be reported by cell, authoring line and cause.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from helpers import jupyter_home  # noqa: F401 - an autouse fixture: Jupyter's files in tmp
from ppd_core.course import Course
from ppd_core.course.checking import check_course, copy_course, example_problems

COURSE = Path(__file__).resolve().parents[1] / "course"
FIRST = "01-orientation"
SLIP = '# %%\nprint(n_training, "training workshops")\n\n'
"""A worked example that uses the answer of exercise 2 (``n_training``)."""


def test_an_example_using_an_exercise_answer_is_reported(tmp_path: Path) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    authoring = root / "authoring" / f"{FIRST}.py"
    lines = authoring.read_text(encoding="utf-8").splitlines(keepends=True)
    # Line 120 opens the markdown of section 4, just after exercise 2's check cell.
    assert lines[119] == "# %% [markdown]\n"
    authoring.write_text("".join([*lines[:119], SLIP, *lines[119:]]), encoding="utf-8")
    Course(root).write_sources([FIRST])

    result = check_course(root, [FIRST], workdir=tmp_path / "check", jobs=1)

    # 13 read-only cells (8 texts, 5 examples) come before it: the slip is cell ro-14,
    # written on line 120. It fails only where exercise 2 is blank: the solution and the
    # typical mistake both define n_training.
    assert result.problems == [
        "01-orientation: the worked example ro-14 (authoring/01-orientation.py, line 120) "
        "fails with the exercises left blank (as released): NameError: name 'n_training' is "
        "not defined — a worked example must run on its own, never on an exercise's answer: "
        "compute what it needs in the example itself"
    ]
    assert result.root is not None
    assert example_problems(result.root, "solution", FIRST) == []
    report = result.report
    assert report is not None
    # Blank: 0 of 6. The typical mistakes get exercises 2 and 3 wrong: 2 of 6.
    assert (
        report.outcome("untouched", FIRST).auto_score,
        report.outcome("mistake", FIRST).auto_score,
    ) == (0, 2)
