"""Instructor tooling: build the release, grade a cohort robustly, return feedback, export grades.

nbgrader does the grading; `Course` makes it safe for a whole class:

* every submission is checked before nbgrader sees it (`Course.preflight`): a renamed
  notebook is found by its cells and graded under its proper name, with a note; a duplicated
  graded cell, an unreadable notebook or a missing notebook is a *named* failure for that
  trainee alone; an unreadable ``timestamp.txt`` is set aside with a note (nbgrader would
  fail on it);
* submissions are copied to a staging directory and graded from there, so the trainees'
  files are never changed;
* each trainee's assignment is graded on its own in a worker process (`Course.grade` runs as
  many as the machine has cores): a kernel that dies, a cell that runs past the time limit, a
  broken notebook or even a worker process that dies stops that trainee's assignment only,
  and is reported by name and cause, never as a silent zero;
* scores are read back from the gradebook and exported with every problem beside them,
  one row per trainee (`Course.grades_table`, `Course.export_grades`).

All of it is reachable from the command line as ``ppd course ...``. The steps live in private
modules, one concept each: ``_setup`` (sources, kernel, roster), ``_staging`` (the check of a
submission), ``_runner`` (nbgrader and its worker processes), ``_outcomes`` (the report) and
``_export`` (the grades table and workbook).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ppd_core.course import _answers, _export, _runner, _sandbox, _setup
from ppd_core.course._outcomes import (
    GradeOutcome,
    GradingReport,
    Preflight,
    grade_id,
    outcome_of,
    read_report,
    save_report,
)
from ppd_core.course._staging import STAGED, stage_submission
from ppd_core.course.authoring import CourseError
from ppd_core.i18n import Lang

__all__ = [
    "Course",
    "GradeOutcome",
    "GradingReport",
    "Preflight",
    "grade_id",
]


class Course:
    """An nbgrader course directory (``nbgrader_config.py``, ``source/``, ``authoring/``).

    Args:
        root: The course directory.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise CourseError(
                f"{self.root} is not a course directory: it has no nbgrader_config.py "
                "(pass the course folder, e.g. --course course)"
            )

    # -- authoring ---------------------------------------------------------------------------

    def authoring_files(self) -> list[Path]:
        """The assignments' text sources, in course order."""
        return sorted((self.root / "authoring").glob("*.py"))

    def write_sources(
        self, assignments: Iterable[str] | None = None, *, check: bool = False
    ) -> list[Path]:
        """Build ``source/<a>/<a>.ipynb`` from ``authoring/<a>.py``; return the changed files.

        Each assignment also gets the course glossary (``glossary.md``), released with it;
        when every assignment is built, the syllabus in ``README.md`` is refreshed too.

        With ``check=True`` nothing is written: the return value lists the notebooks that are
        out of date (a test asserts it is empty).
        """
        wanted = set(assignments) if assignments is not None else None
        files = self.authoring_files()
        return _setup.write_sources(self.root, files, wanted, check=check, lang=self.language)

    @property
    def language(self) -> Lang:
        """The language of the course's notebooks (``c.CourseLanguage.language``; English)."""
        from ppd_core.course.translation import check_language

        return check_language(
            str(_runner.course_config(self.root).CourseLanguage.get("language", "en"))
        )

    def translate(self, lang: str, assignments: Iterable[str] | None = None) -> Course:
        """The course in ``lang``, written into ``<course>/<lang>`` (the English one untouched).

        Raises:
            CourseError: For an assignment that is not (fully) translated, naming its texts.
        """
        from ppd_core.course.translation import translated_course

        return Course(translated_course(self.root, self.root / lang, lang, assignments))

    # -- nbgrader ----------------------------------------------------------------------------

    def assignments(self) -> list[str]:
        """The assignments in ``source/``, in course order."""
        source = self.root / "source"
        return sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []

    def notebooks(self, assignment: str) -> list[str]:
        """The notebook names (without ``.ipynb``) of an assignment."""
        folder = self.root / "source" / assignment
        if not folder.is_dir():
            raise CourseError(
                f"no assignment {assignment!r} in {self.root / 'source'}; "
                f"the course has: {', '.join(self.assignments()) or 'none'}"
            )
        return sorted(p.stem for p in folder.glob("*.ipynb"))

    def api(self, **overrides: Any) -> Any:
        """An ``nbgrader.apps.NbGraderAPI`` for this course (config read from the course).

        Keyword arguments override config values, written ``Section__name=value``
        (e.g. ``Execute__timeout=30``).
        """
        return _runner.nbgrader_api(self.root, **overrides)

    def build(self, assignments: Iterable[str] | None = None, *, answers: bool = True) -> list[str]:
        """Run ``generate_assignment`` for each assignment (all by default) into ``release/``.

        With ``answers`` (the default), also run the instructor's notebooks to keep the
        expected answers the grader compares with (`_answers`, needed to grade).

        Raises:
            CourseError: With nbgrader's log when an assignment cannot be generated.
        """
        names = list(assignments) if assignments is not None else self.assignments()
        api = self.api()
        for name in names:
            self.notebooks(name)  # a clear error for an unknown assignment
            result = api.generate_assignment(name, force=True, create=True)
            if not result["success"]:
                raise CourseError(
                    f"generate_assignment {name} failed:\n{_runner.result_text(result)}"
                )
            if answers:
                _answers.write_expected(self.root, name)
        return names

    def ensure_built(self, assignments: Iterable[str] | None = None) -> None:
        """Generate the assignments (all by default) that have no release or no gradebook yet.

        Also recomputes the instructor's answers of any assignment whose ``source/`` changed
        since they were kept (see `_answers`).
        """
        names = list(assignments) if assignments is not None else self.assignments()
        missing = [a for a in names if not (self.root / "release" / a).is_dir()]
        if missing or not (self.root / "gradebook.db").exists():
            self.build(missing or names)
        for name in names:
            if not _answers.is_current(self.root, name):
                _answers.write_expected(self.root, name)

    def students(self) -> list[str]:
        """Trainees in the gradebook and trainees with a folder in ``submitted/``."""
        names = set()
        submitted = self.root / "submitted"
        if submitted.is_dir():
            names |= {p.name for p in submitted.iterdir() if p.is_dir()}
        if (self.root / "gradebook.db").exists():
            with _runner.gradebook(self.root) as gb:
                names |= {s.id for s in gb.students}
        return sorted(names)

    def check_kernel(self, name: str = "python3") -> str:
        """Make sure the kernel notebooks are graded with can import ``ppd_core``.

        A user-level kernel spec named ``python3`` pointing at another Python would make every
        notebook of the cohort fail; this finds out once, before grading starts.

        Returns:
            The Python executable the kernel runs.

        Raises:
            CourseError: Naming the kernel's Python and how to fix it.
        """
        return _setup.check_kernel(name)

    def import_students(self, roster: Path | str) -> list[str]:
        """Add or update trainees from a CSV roster (``id`` plus optional names and email).

        Raises:
            CourseError: Naming the file, row and column of a bad roster.
        """
        path = Path(roster)
        rows = _setup.read_roster(path)
        if not (self.root / "gradebook.db").exists():
            self.api()  # puts the venv's alembic on PATH for the first gradebook
        with _runner.gradebook(self.root) as gb:
            return _setup.add_students(gb, path, rows)

    # -- grading -----------------------------------------------------------------------------

    def preflight(self, student: str, assignment: str) -> Preflight:
        """Check one submission and stage a gradable copy of it (see the module docs)."""
        return stage_submission(self.root, student, assignment, self.notebooks)

    def grade(
        self,
        assignments: Sequence[str] | None = None,
        students: Sequence[str] | None = None,
        *,
        jobs: int | None = None,
        timeout: int | None = None,
        feedback: bool = True,
        trust_submissions: bool = False,
    ) -> GradingReport:
        """Autograde every (or the given) trainee's submissions, trainees in parallel.

        Args:
            assignments: Assignments to grade (default: all in ``source/``).
            students: Trainees to grade (default: everyone in ``submitted/`` or the gradebook).
            jobs: Worker processes (default: the machine's cores).
            timeout: Seconds one cell may run (default: ``nbgrader_config.py``).
            feedback: Also write each graded trainee's feedback (``feedback/``).
            trust_submissions: Grade even where no sandbox can be made (see `_sandbox`);
                otherwise such a machine refuses to grade.

        Returns:
            One outcome per trainee and assignment; also written to ``grading-report.json``.

        Raises:
            CourseError: No sandbox on this machine and ``trust_submissions`` not given.
        """
        import time

        start = time.perf_counter()
        sandboxed = _sandbox.available()
        if not sandboxed and not trust_submissions:
            raise CourseError(_sandbox.unavailable_reason())
        self.check_kernel()
        names = list(assignments) if assignments is not None else self.assignments()
        self.ensure_built(names)
        people = list(students) if students is not None else self.students()
        checks = {(s, a): self.preflight(s, a) for s in people for a in names}
        overrides: dict[str, Any] = {"CourseDirectory__submitted_directory": STAGED}
        overrides["CourseDirectory__db_url"] = f"sqlite:///{self.root / 'gradebook.db'}?timeout=120"
        if timeout is not None:
            overrides["Execute__timeout"] = timeout
        if sandboxed:
            review = self.root / STAGED / ".review"
            overrides.update(_sandbox.autograde_overrides(self.root, review))
        else:
            overrides.update(_answers.judged_overrides(self.root))
        tasks = [(s, a) for s in people for a in names if checks[s, a].ok]
        self._ensure_students(sorted({s for s, _ in tasks}))
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
        done = _runner.run_tasks(self.root, tasks, workers, overrides, feedback)
        with _runner.gradebook(self.root) as gb:
            outcomes = [
                outcome_of(gb, checks[s, a], done.get((s, a))) for s in people for a in names
            ]
        report = GradingReport(outcomes, time.perf_counter() - start)
        save_report(self.root, report)
        shutil.rmtree(self.root / STAGED, ignore_errors=True)
        return report

    def _ensure_students(self, students: list[str]) -> None:
        """Create missing trainees first, so parallel workers never race to create one."""
        with _runner.gradebook(self.root) as gb:
            known = {s.id for s in gb.students}
            for student in students:
                if student not in known:
                    gb.update_or_create_student(student)

    def report(self) -> GradingReport:
        """The merged report of every grading run so far."""
        return read_report(self.root)

    def feedback(
        self, assignments: Sequence[str] | None = None, students: Sequence[str] | None = None
    ) -> list[str]:
        """Write feedback for graded submissions; return the problems (empty when all went well).

        Run it again after manual grading so the feedback shows the written-answer marks.
        """
        api = self.api()
        problems = []
        for o in self.report().outcomes:
            if o.status != "graded":
                continue
            if assignments is not None and o.assignment not in assignments:
                continue
            if students is not None and o.student not in students:
                continue
            result = api.generate_feedback(o.assignment, o.student, force=True)
            if not result["success"]:
                cause = _runner.classify(_runner.result_text(result))
                problems.append(f"{o.student} / {o.assignment}: {cause}")
        return problems

    # -- grades ------------------------------------------------------------------------------

    def grades_table(self) -> Any:
        """One row per trainee: a score per assignment, total, percent and every problem.

        Scores come from the gradebook (so manual marks given in the formgrader count); a
        failed or missing assignment has no score and its reason in ``problems``.
        """
        with _runner.gradebook(self.root) as gb:
            return _export.grades_table(gb, self.assignments(), self.report())

    def details_table(self) -> Any:
        """One row per trainee and assignment, with status, scores, notes and failure."""
        return _export.details_table(self.report())

    def export_grades(self, path: Path | str) -> Path:
        """Write the grades to ``.csv`` (one row per trainee) or ``.xlsx`` (plus details)."""
        return _export.write_grades(Path(path), self.grades_table(), self.details_table())
