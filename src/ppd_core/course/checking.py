"""Check a course the way a careful author would, on a throwaway copy of it.

For every assignment, `check_course` builds the release and grades three simulated
trainees through the real nbgrader pipeline (`Course.grade`):

* ``solution`` submits the instructor's notebook — it must earn **full** autograded marks;
* ``untouched`` submits the release as handed out — it must earn **zero**;
* ``mistake`` submits the instructor's notebook with each solution that has a
  ``# %% mistake`` cell replaced by that typical mistake — it must earn **partial** marks.

Every worked example (a cell that is neither an exercise nor a check) must run without an
error both in the release as handed out and with the solutions: an example that uses an
exercise's answer fails for every trainee who has not finished that exercise.

It also checks that the release holds no solution code and no hidden tests, that the
authoring files and ``source/`` notebooks agree, and that the feedback written for every
simulated trainee shows no hidden test.  The course's own gradebook is never touched.
Run it with ``ppd course check``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ppd_core.course.authoring import (
    HIDDEN_BEGIN,
    HIDDEN_END,
    SOLUTION_BEGIN,
    SOLUTION_END,
    read_authoring,
)
from ppd_core.course.grading import Course, GradingReport, grade_id
from ppd_core.course.translation import translated_course

__all__ = [
    "CourseCheck",
    "cell_errors",
    "check_course",
    "copy_course",
    "example_line",
    "example_problems",
    "hidden_lines",
    "jupyter_dirs",
    "mistakes",
    "solution_lines",
    "submit",
    "with_mistakes",
]

STUDENTS = ("solution", "untouched", "mistake")


@dataclass
class CourseCheck:
    """What `check_course` found: problems (empty when the course is sound) and the grading."""

    problems: list[str] = field(default_factory=list)
    report: GradingReport | None = None
    root: Path | None = None

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def cell_errors(
    root: Path, student: str, assignment: str, *, examples_only: bool = False
) -> list[tuple[str, str, str]]:
    """(cell id, error name, message) of every error in a trainee's autograded notebooks.

    With ``examples_only``, only errors of worked examples: cells that are neither an
    exercise (an nbgrader solution cell) nor a check (a graded cell).
    """
    found = []
    for path in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            flags = cell.get("metadata", {}).get("nbgrader", {})
            if examples_only and (flags.get("solution") or flags.get("grade")):
                continue
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    gid = grade_id(cell) or str(cell.get("id", "?"))
                    found.append((gid, str(out["ename"]), str(out["evalue"])))
    return found


def example_line(authoring_file: Path, cell_id: str) -> int | None:
    """The line of ``authoring_file`` where the read-only cell ``ro-N`` is written."""
    if not cell_id.startswith("ro-") or not authoring_file.is_file():
        return None
    readonly = [c.line for c in read_authoring(authoring_file) if c.kind == "readonly"]
    number = int(cell_id[3:]) if cell_id[3:].isdigit() else 0
    return readonly[number - 1] if 0 < number <= len(readonly) else None


def example_problems(root: Path, student: str, assignment: str) -> list[str]:
    """Worked examples that fail in a simulated trainee's graded notebook, each named.

    For ``untouched`` (the release as handed out) this is the promise that every worked
    example runs with the exercises left blank: an example never uses an exercise's answer.
    """
    when = {
        "untouched": "with the exercises left blank (as released)",
        "solution": "with the solutions filled in",
    }.get(student, f"for the simulated trainee '{student}'")
    problems = []
    for cell, name, message in cell_errors(root, student, assignment, examples_only=True):
        line = example_line(root / "authoring" / f"{assignment}.py", cell)
        where = f" (authoring/{assignment}.py, line {line})" if line else ""
        problems.append(
            f"{assignment}: the worked example {cell}{where} fails {when}: {name}: "
            f"{message[:200]} — a worked example must run on its own, never on an "
            "exercise's answer: compute what it needs in the example itself"
        )
    return problems


def copy_course(course: Path, target: Path) -> Path:
    """Copy what defines a course (config, authoring, translations, source) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(course / "nbgrader_config.py", target / "nbgrader_config.py")
    for sub in ("authoring", "locale", "source"):
        if (course / sub).is_dir():
            shutil.copytree(course / sub, target / sub, dirs_exist_ok=True)
    return target


def _between(source: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def _other_lines(nb: dict[str, Any], begin: str, end: str) -> set[str]:
    """Lines that appear in the notebook outside the marked regions (may show anywhere)."""
    seen = set()
    for cell in nb["cells"]:
        inside = False
        for line in "".join(cell["source"]).splitlines():
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif not inside:
                seen.add(line.strip())
    return seen


def solution_lines(nb: dict[str, Any]) -> set[str]:
    """Lines of solution code that appear nowhere else in the source notebook."""
    found = set()
    for cell in nb["cells"]:
        found |= set(_between("".join(cell["source"]), SOLUTION_BEGIN, SOLUTION_END))
    return found - _other_lines(nb, SOLUTION_BEGIN, SOLUTION_END)


def hidden_lines(nb: dict[str, Any]) -> set[str]:
    """Lines of hidden tests that appear nowhere else in the source notebook."""
    found = set()
    for cell in nb["cells"]:
        found |= set(_between("".join(cell["source"]), HIDDEN_BEGIN, HIDDEN_END))
    return found - _other_lines(nb, HIDDEN_BEGIN, HIDDEN_END)


def _text_of_html(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def submit(
    root: Path,
    student: str,
    assignment: str,
    nb: dict[str, Any] | str,
    *,
    name: str | None = None,
    stamp: str = "2026-11-20 10:00:00.000000 UTC",
) -> Path:
    """Hand in a notebook (as JSON, or raw text) the way nbgrader's ``collect`` files it.

    Writes ``submitted/<student>/<assignment>/<name>.ipynb`` (``name`` defaults to the
    assignment) and its ``timestamp.txt``; returns the notebook's path.
    """
    folder = root / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or assignment}.ipynb"
    path.write_text(nb if isinstance(nb, str) else json.dumps(nb, indent=1), encoding="utf-8")
    (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return path


def mistakes(authoring_file: Path) -> dict[str, str]:
    """The typical mistakes of an assignment: solution id → the wrong cell's source."""
    return {
        str(c.grade_id): c.source for c in read_authoring(authoring_file) if c.kind == "mistake"
    }


def with_mistakes(nb: dict[str, Any], wrong: dict[str, str]) -> dict[str, Any]:
    """A copy of ``nb`` with the solution cells named in ``wrong`` replaced by the mistakes."""
    copy: dict[str, Any] = json.loads(json.dumps(nb))
    for cell in copy["cells"]:
        gid = grade_id(cell)
        if gid in wrong:
            cell["source"] = wrong[gid]
    return copy


def jupyter_dirs(base: Path) -> dict[str, str]:
    """Environment that keeps Jupyter's and IPython's folders under ``base``, not ``$HOME``.

    For throwaway gradings and tests: config, data, runtime and IPython folders, created here
    (IPython falls back to a temporary folder, with a warning, when its folder's parent is absent).
    """
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "IPYTHONDIR": base / "ipython",
    }
    for folder in dirs.values():
        folder.mkdir(parents=True, exist_ok=True)
    return {var: str(folder) for var, folder in dirs.items()}


def check_course(
    course: Path | str,
    assignments: list[str] | None = None,
    *,
    workdir: Path | None = None,
    jobs: int | None = None,
    lang: str | None = None,
) -> CourseCheck:
    """Check the given assignments (all by default) on a throwaway copy of ``course``.

    With ``lang`` (e.g. ``"vi"``), the copy is the course in that language
    (`~ppd_core.course.translation.translated_course`), checked the same way.
    """
    source_course = Course(course)
    result = CourseCheck()
    stale = source_course.write_sources(assignments, check=True)
    result.problems += [
        f"{p.relative_to(source_course.root)} is out of date: run 'ppd course sources'"
        for p in stale
    ]
    base = workdir or Path(tempfile.mkdtemp(prefix="ppd-course-check-"))
    if lang is None or lang == source_course.language:
        root = copy_course(source_course.root, base / "course")
    else:
        root = translated_course(source_course.root, base / "course", lang, assignments)
    result.root = root
    copy = Course(root)
    names = assignments or copy.assignments()
    copy.build(names)
    mistakes_of = {p.stem: mistakes(p) for p in copy.authoring_files() if p.stem in names}
    sources: dict[tuple[str, str], dict[str, Any]] = {}
    for a in names:
        for name in copy.notebooks(a):
            src = json.loads((root / "source" / a / f"{name}.ipynb").read_text(encoding="utf-8"))
            rel_text = (root / "release" / a / f"{name}.ipynb").read_text(encoding="utf-8")
            rel = json.loads(rel_text)
            sources[a, name] = src
            released = {
                line.strip() for c in rel["cells"] for line in "".join(c["source"]).split("\n")
            }
            for line in sorted(solution_lines(src) & released):
                result.problems.append(f"{a}/{name}: the release shows solution code: {line!r}")
            for line in sorted(hidden_lines(src) & released):
                result.problems.append(f"{a}/{name}: the release shows a hidden test: {line!r}")
            for marker in (SOLUTION_BEGIN, HIDDEN_BEGIN):
                if marker in rel_text:
                    result.problems.append(f"{a}/{name}: the release still holds '{marker}'")
            submit(root, "solution", a, src, name=name)
            submit(root, "untouched", a, rel, name=name)
            if mistakes_of.get(a):
                submit(root, "mistake", a, with_mistakes(src, mistakes_of[a]), name=name)
            else:
                result.problems.append(
                    f"{a}: no '# %% mistake' cell, so partial marks are untested"
                )
    report = copy.grade(
        names, [s for s in STUDENTS if (root / "submitted" / s).is_dir()], jobs=jobs
    )
    result.report = report
    for o in report.outcomes:
        label = f"{o.assignment}, {o.student}"
        if o.status != "graded" or o.auto_score is None or o.auto_max is None:
            result.problems.append(f"{label}: not graded ({o.failure})")
            continue
        if o.student == "solution" and o.auto_score != o.auto_max:
            result.problems.append(f"{label}: the solution earns {o.auto_score}/{o.auto_max}")
        if o.student == "untouched" and o.auto_score != 0:
            result.problems.append(f"{label}: the untouched release earns {o.auto_score}, not 0")
        if o.student == "mistake" and not 0 < o.auto_score < o.auto_max:
            result.problems.append(
                f"{label}: the typical mistake earns {o.auto_score}/{o.auto_max}, not partial"
            )
        if o.student in ("solution", "untouched"):
            result.problems += example_problems(root, o.student, o.assignment)
        for name in copy.notebooks(o.assignment):
            page = root / "feedback" / o.student / o.assignment / f"{name}.html"
            if not page.exists():
                result.problems.append(f"{label}: no feedback {page.name}")
                continue
            text = _text_of_html(page.read_text(encoding="utf-8"))
            for line in sorted(hidden_lines(sources[o.assignment, name])):
                if line in text:
                    result.problems.append(f"{label}: feedback shows a hidden test: {line!r}")
    return result
