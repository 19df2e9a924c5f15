"""Instructor tooling: build the release, grade a cohort robustly, return feedback, export grades.

nbgrader does the grading; this module makes it safe for a whole class:

* every submission is checked before nbgrader sees it (`preflight`): a renamed notebook is
  found by its cells and graded under its proper name, with a note; a duplicated graded cell,
  an unreadable notebook or a missing notebook is a *named* failure for that trainee alone;
  an unreadable ``timestamp.txt`` is set aside with a note (nbgrader would fail on it);
* submissions are copied to a staging directory and graded from there, so the trainees'
  files are never changed;
* each trainee's assignment is graded on its own in a worker process (`grade` runs as many
  as the machine has cores): a kernel that dies, a cell that runs past the time limit, a
  broken notebook or even a worker process that dies stops that trainee's assignment only,
  and is reported by name and cause, never as a silent zero;
* scores are read back from the gradebook and exported with every problem beside them,
  one row per trainee (`grades_table`, `export_grades`).

All of it is reachable from the command line as ``ppd course ...``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ppd_core.course.authoring import CourseError, build_notebook, notebook_json, read_authoring
from ppd_core.glossary import course_page

__all__ = [
    "Course",
    "GradeOutcome",
    "GradingReport",
    "Preflight",
    "grade_id",
]

STAGED = ".ppd-staged"
REPORT_FILE = "grading-report.json"


@dataclass
class Preflight:
    """What the check of one submission found before grading."""

    student: str
    assignment: str
    ok: bool
    notes: list[str] = field(default_factory=list)
    failure: str | None = None


@dataclass
class GradeOutcome:
    """The result of grading one trainee's assignment."""

    student: str
    assignment: str
    status: str  # "graded", "failed", "missing"
    score: float | None = None
    max_score: float | None = None
    auto_score: float | None = None
    auto_max: float | None = None
    manual_pending: bool = False
    notes: list[str] = field(default_factory=list)
    failure: str | None = None
    seconds: float = 0.0


@dataclass
class GradingReport:
    """Every outcome of one grading run, in student then assignment order."""

    outcomes: list[GradeOutcome]
    seconds: float

    @property
    def failures(self) -> list[GradeOutcome]:
        """The outcomes that could not be graded (each with a reason)."""
        return [o for o in self.outcomes if o.status == "failed"]

    def outcome(self, student: str, assignment: str) -> GradeOutcome:
        """The outcome of one trainee's assignment."""
        for o in self.outcomes:
            if o.student == student and o.assignment == assignment:
                return o
        raise KeyError(f"no outcome for student {student!r}, assignment {assignment!r}")

    def to_json(self) -> str:
        """The report as JSON (written next to the gradebook after each run)."""
        return json.dumps(
            {"seconds": self.seconds, "outcomes": [asdict(o) for o in self.outcomes]}, indent=1
        )

    @classmethod
    def from_json(cls, text: str) -> GradingReport:
        """Read a report written by `to_json`."""
        data = json.loads(text)
        return cls([GradeOutcome(**o) for o in data["outcomes"]], float(data["seconds"]))


def grade_id(cell: dict[str, Any]) -> str | None:
    """The nbgrader ``grade_id`` of a notebook cell (as JSON), or None for a plain cell."""
    value = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return None if value is None else str(value)


def _grade_ids(nb: dict[str, Any]) -> list[str]:
    ids = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("solution") or meta.get("task"):
            ids.append(str(grade_id(cell)))
    return ids


def _read_json(path: Path) -> tuple[dict[str, Any] | None, str | None]:
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


def _classify(text: str) -> str:
    """A short cause for an nbgrader failure, from its log and traceback."""
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        cell = re.search(r"cell[^\n]*?'([A-Za-z0-9_-]+)'", text)
        where = f" (last cell run: {cell.group(1)})" if cell else ""
        return f"the kernel died while running the notebook{where}: the code crashed Python"
    timeouts = ("CellTimeoutError", "Timeout waiting for execute reply", "timed out")
    if any(t in text for t in timeouts):
        return "a cell ran past the time limit (an endless loop or a very slow step)"
    if "UnresponsiveKernelError" in text:
        return "the kernel stopped responding"
    if "database is locked" in text:
        return "the gradebook was busy (database is locked); grade this trainee again"
    last = [line for line in text.strip().splitlines() if line.strip()]
    return f"nbgrader failed: {last[-1].strip() if last else 'no message'}"


def _result_text(result: dict[str, Any]) -> str:
    """The log and traceback of an ``NbGraderAPI`` result, for `_classify`."""
    return f"{result.get('log', '')}\n{result.get('error', '')}"


def _worker(
    root: str, student: str, assignment: str, overrides: dict[str, Any], feedback: bool
) -> dict[str, Any]:
    """Grade one trainee's assignment in this process (run by the pool)."""
    import time

    api = Course(Path(root)).api(**overrides)
    start = time.perf_counter()
    result: dict[str, Any] = {"success": False, "error": "not run"}
    for _attempt in range(3):
        result = api.autograde(assignment, student, force=True, create=True)
        if result["success"] or "database is locked" not in _result_text(result):
            break
        time.sleep(1.0)
    entry: dict[str, Any] = {
        "assignment": assignment,
        "success": bool(result["success"]),
        "seconds": time.perf_counter() - start,
    }
    # nbgrader logs a failed notebook as an error but may still report success.
    if entry["success"] and "[ERROR]" in str(result.get("log", "")):
        entry["success"] = False
    if not entry["success"]:
        text = _result_text(result)
        entry["failure"] = _classify(text)
        entry["log"] = text[-4000:]
    elif feedback:
        fb = api.generate_feedback(assignment, student, force=True)
        if not fb["success"]:
            entry["note"] = "feedback could not be generated: " + _classify(_result_text(fb))
    return entry


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
        changed = []
        wanted = set(assignments) if assignments is not None else None
        for path in self.authoring_files():
            name = path.stem
            if wanted is not None and name not in wanted:
                continue
            target = self.root / "source" / name / f"{name}.ipynb"
            wanted_files = {
                target: notebook_json(build_notebook(read_authoring(path))),
                target.parent / "glossary.md": course_page(),
            }
            for file, text in wanted_files.items():
                old = file.read_text(encoding="utf-8") if file.exists() else None
                if old != text:
                    changed.append(file)
                    if not check:
                        file.parent.mkdir(parents=True, exist_ok=True)
                        file.write_text(text, encoding="utf-8")
        readme = self.root / "README.md"
        if wanted is None and readme.exists():
            from ppd_core.course.syllabus import syllabus_markdown, with_syllabus

            old = readme.read_text(encoding="utf-8")
            new = with_syllabus(old, syllabus_markdown(self.authoring_files(), "###"))
            if new != old:
                changed.append(readme)
                if not check:
                    readme.write_text(new, encoding="utf-8")
        return changed

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
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config import Config
        from traitlets.config.loader import PyFileConfigLoader

        # nbgrader runs the ``alembic`` executable when it creates a gradebook.
        bindir = str(Path(sys.executable).parent)
        if bindir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
        config = PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()
        extra = Config()
        for key, value in overrides.items():
            section, _, name = key.partition("__")
            extra[section][name] = value
        config.merge(extra)
        coursedir = CourseDirectory(config=config)
        return NbGraderAPI(coursedir=coursedir, config=config)

    def build(self, assignments: Iterable[str] | None = None) -> list[str]:
        """Run ``generate_assignment`` for each assignment (all by default) into ``release/``.

        Raises:
            CourseError: With nbgrader's log when an assignment cannot be generated.
        """
        names = list(assignments) if assignments is not None else self.assignments()
        api = self.api()
        for name in names:
            self.notebooks(name)  # a clear error for an unknown assignment
            result = api.generate_assignment(name, force=True, create=True)
            if not result["success"]:
                raise CourseError(f"generate_assignment {name} failed:\n{_result_text(result)}")
        return names

    def ensure_built(self, assignments: Iterable[str] | None = None) -> None:
        """Generate the assignments (all by default) that have no release or no gradebook yet."""
        names = list(assignments) if assignments is not None else self.assignments()
        missing = [a for a in names if not (self.root / "release" / a).is_dir()]
        if missing or not (self.root / "gradebook.db").exists():
            self.build(missing or names)

    def students(self) -> list[str]:
        """Trainees in the gradebook and trainees with a folder in ``submitted/``."""
        names = set()
        submitted = self.root / "submitted"
        if submitted.is_dir():
            names |= {p.name for p in submitted.iterdir() if p.is_dir()}
        if (self.root / "gradebook.db").exists():
            with self._gradebook() as gb:
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
        import subprocess

        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

        try:
            spec = KernelSpecManager().get_kernel_spec(name)
        except NoSuchKernel:
            raise CourseError(
                f"there is no Jupyter kernel named {name!r}: install ipykernel in the "
                "environment that has ppd_core (pip install 'ppd-core[course]')"
            ) from None
        exe = spec.argv[0]
        if exe in {
            "python",
            f"python{sys.version_info[0]}",
            "python{}.{}".format(*sys.version_info),
        }:
            exe = sys.executable  # what jupyter_client runs for the native kernel
        try:
            done = subprocess.run(
                [exe, "-c", "import ppd_core, ipykernel"],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except OSError as exc:
            raise CourseError(
                f"the kernel {name!r} runs {exe}, which cannot start: {exc}"
            ) from None
        if done.returncode != 0:
            raise CourseError(
                f"the kernel {name!r} ({spec.resource_dir}) runs {exe}, which cannot import "
                "ppd_core and ipykernel; remove that kernel spec or install "
                "'ppd-core[course]' into that Python"
            )
        return str(exe)

    def import_students(self, roster: Path | str) -> list[str]:
        """Add or update trainees from a CSV roster (``id`` plus optional names and email).

        Raises:
            CourseError: Naming the file, row and column of a bad roster.
        """
        import csv

        path = Path(roster)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip() for f in reader.fieldnames or []]
            if "id" not in fields:
                raise CourseError(
                    f"{path}: the roster needs an 'id' column (found {fields}); "
                    "other columns: first_name, last_name, email"
                )
            rows = list(reader)
        done = []
        if not (self.root / "gradebook.db").exists():
            self.api()  # puts the venv's alembic on PATH for the first gradebook
        with self._gradebook() as gb:
            for number, row in enumerate(rows, start=2):
                sid = (row.get("id") or "").strip()
                if not re.fullmatch(r"[A-Za-z0-9_.@-]+", sid):
                    raise CourseError(
                        f"{path}, row {number}, column id: {sid!r} is not a usable trainee id "
                        "(letters, digits, '.', '_', '-', '@'; no spaces)"
                    )
                extra = {
                    k: (row.get(k) or "").strip() or None
                    for k in ("first_name", "last_name", "email")
                }
                gb.update_or_create_student(sid, **extra)
                done.append(f"trainee {sid} added or updated")
        return done

    def _gradebook(self) -> Any:
        from nbgrader.api import Gradebook

        return Gradebook(f"sqlite:///{self.root / 'gradebook.db'}")

    # -- grading -----------------------------------------------------------------------------

    def preflight(self, student: str, assignment: str) -> Preflight:
        """Check one submission and stage a gradable copy of it (see the module docs)."""
        from nbgrader.utils import parse_utc

        source = self.root / "submitted" / student / assignment
        staged = self.root / STAGED / student / assignment
        if staged.exists():
            shutil.rmtree(staged)
        check = Preflight(student, assignment, ok=False)
        if not source.is_dir():
            check.failure = "no submission"
            return check
        shutil.copytree(source, staged)
        expected = self.notebooks(assignment)
        present = {p.stem: p for p in staged.glob("*.ipynb")}
        extra = {k: v for k, v in present.items() if k not in expected}
        for name in expected:
            if name in present:
                continue
            wanted = set(_grade_ids(json.loads(self._released_or_source(assignment, name))))
            matches = []
            for other, path in extra.items():
                data, _ = _read_json(path)
                if data is not None and wanted & set(_grade_ids(data)):
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
            data, problem = _read_json(staged / f"{name}.ipynb")
            if problem:
                check.failure = problem
                return check
            assert data is not None
            repeats = {gid: n for gid, n in Counter(_grade_ids(data)).items() if n > 1}
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

    def _released_or_source(self, assignment: str, name: str) -> str:
        path = self.root / "release" / assignment / f"{name}.ipynb"
        if not path.exists():
            path = self.root / "source" / assignment / f"{name}.ipynb"
        return path.read_text(encoding="utf-8")

    def grade(
        self,
        assignments: Sequence[str] | None = None,
        students: Sequence[str] | None = None,
        *,
        jobs: int | None = None,
        timeout: int | None = None,
        feedback: bool = True,
    ) -> GradingReport:
        """Autograde every (or the given) trainee's submissions, trainees in parallel.

        Args:
            assignments: Assignments to grade (default: all in ``source/``).
            students: Trainees to grade (default: everyone in ``submitted/`` or the gradebook).
            jobs: Worker processes (default: the machine's cores).
            timeout: Seconds one cell may run (default: ``nbgrader_config.py``).
            feedback: Also write each graded trainee's feedback (``feedback/``).

        Returns:
            One outcome per trainee and assignment; also written to ``grading-report.json``.
        """
        import time

        start = time.perf_counter()
        self.check_kernel()
        names = list(assignments) if assignments is not None else self.assignments()
        self.ensure_built(names)
        people = list(students) if students is not None else self.students()
        checks = {(s, a): self.preflight(s, a) for s in people for a in names}
        overrides: dict[str, Any] = {"CourseDirectory__submitted_directory": STAGED}
        overrides["CourseDirectory__db_url"] = f"sqlite:///{self.root / 'gradebook.db'}?timeout=120"
        if timeout is not None:
            overrides["Execute__timeout"] = timeout
        tasks = [(s, a) for s in people for a in names if checks[s, a].ok]
        self._ensure_students(sorted({s for s, _ in tasks}))
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
        done = self._run_tasks(tasks, workers, overrides, feedback)
        with self._gradebook() as gb:
            outcomes = [
                self._outcome(gb, checks[s, a], done.get((s, a))) for s in people for a in names
            ]
        report = GradingReport(outcomes, time.perf_counter() - start)
        self._save_report(report)
        shutil.rmtree(self.root / STAGED, ignore_errors=True)
        return report

    def _ensure_students(self, students: list[str]) -> None:
        """Create missing trainees first, so parallel workers never race to create one."""
        with self._gradebook() as gb:
            known = {s.id for s in gb.students}
            for student in students:
                if student not in known:
                    gb.update_or_create_student(student)

    def _run_tasks(
        self,
        tasks: list[tuple[str, str]],
        workers: int,
        overrides: dict[str, Any],
        feedback: bool,
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Grade each (trainee, assignment) in a worker process; survive a worker that dies.

        A worker process that dies breaks the whole pool; the tasks it took down are graded
        again, each in a pool of its own, so only the task that kills its worker again is
        reported (as a named failure).
        """
        from concurrent.futures.process import BrokenProcessPool

        done: dict[tuple[str, str], dict[str, Any]] = {}
        broken: list[tuple[str, str]] = []
        root = str(self.root)
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            futures = {t: pool.submit(_worker, root, *t, overrides, feedback) for t in tasks}
            for task, future in futures.items():
                try:
                    done[task] = future.result()
                except BrokenProcessPool:
                    broken.append(task)
                except Exception as exc:
                    done[task] = {"success": False, "failure": f"grading crashed: {exc!r}"}
        for task in broken:
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as alone:
                try:
                    done[task] = alone.submit(_worker, root, *task, overrides, feedback).result()
                except Exception as exc:
                    done[task] = {
                        "success": False,
                        "failure": f"the grading process itself died ({exc!r}); "
                        "the notebook may use too much memory",
                    }
        return done

    def _outcome(self, gb: Any, check: Preflight, entry: dict[str, Any] | None) -> GradeOutcome:
        out = GradeOutcome(check.student, check.assignment, "failed", notes=list(check.notes))
        if not check.ok:
            out.status = "missing" if check.failure == "no submission" else "failed"
            out.failure = check.failure
            return out
        assert entry is not None
        out.seconds = float(entry.get("seconds", 0.0))
        if entry.get("note"):
            out.notes.append(str(entry["note"]))
        if not entry["success"]:
            out.failure = str(entry.get("failure"))
            return out
        sub = gb.find_submission(check.assignment, check.student)
        out.status = "graded"
        out.score = float(sub.score)
        out.max_score = float(sub.max_score)
        out.auto_score = float(sub.code_score)
        out.auto_max = float(sub.max_code_score)
        out.manual_pending = bool(sub.needs_manual_grade)
        return out

    def _save_report(self, report: GradingReport) -> None:
        """Merge this run's outcomes into the course's report (later runs replace earlier)."""
        path = self.root / REPORT_FILE
        merged: dict[tuple[str, str], GradeOutcome] = {}
        if path.exists():
            try:
                for o in GradingReport.from_json(path.read_text(encoding="utf-8")).outcomes:
                    merged[o.student, o.assignment] = o
            except (ValueError, KeyError, TypeError):
                pass  # an unreadable old report is replaced
        for o in report.outcomes:
            merged[o.student, o.assignment] = o
        whole = GradingReport(sorted(merged.values(), key=lambda o: (o.student, o.assignment)), 0)
        path.write_text(whole.to_json(), encoding="utf-8")

    def report(self) -> GradingReport:
        """The merged report of every grading run so far."""
        path = self.root / REPORT_FILE
        if not path.exists():
            return GradingReport([], 0.0)
        return GradingReport.from_json(path.read_text(encoding="utf-8"))

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
                problems.append(f"{o.student} / {o.assignment}: " + _classify(_result_text(result)))
        return problems

    # -- grades ------------------------------------------------------------------------------

    def grades_table(self) -> Any:
        """One row per trainee: a score per assignment, total, percent and every problem.

        Scores come from the gradebook (so manual marks given in the formgrader count); a
        failed or missing assignment has no score and its reason in ``problems``.
        """
        import pandas as pd

        names = self.assignments()
        outcomes = {(o.student, o.assignment): o for o in self.report().outcomes}
        rows = []
        with self._gradebook() as gb:
            maxima = {a.name: float(a.max_score) for a in gb.assignments}
            for student in gb.students:
                row: dict[str, Any] = {
                    "student_id": student.id,
                    "last_name": student.last_name or "",
                    "first_name": student.first_name or "",
                    "email": student.email or "",
                }
                problems, total = [], 0.0
                for a in names:
                    o = outcomes.get((student.id, a))
                    score: float | None = None
                    if o is not None and o.status == "graded":
                        try:
                            score = float(gb.find_submission(a, student.id).score)
                        except Exception:
                            score = o.score
                    elif o is not None:
                        problems.append(f"{a}: {o.failure}")
                    else:
                        problems.append(f"{a}: not graded yet")
                    if o is not None:
                        problems.extend(f"{a}: {note}" for note in o.notes)
                        if o.manual_pending:
                            problems.append(f"{a}: written answer not graded yet")
                    row[a] = score
                    total += score or 0.0
                possible = sum(maxima.get(a, 0.0) for a in names)
                row["total"] = total
                row["max_total"] = possible
                row["percent"] = round(100 * total / possible, 1) if possible else None
                row["problems"] = "; ".join(problems)
                rows.append(row)
        columns = ["student_id", "last_name", "first_name", "email", *names]
        columns += ["total", "max_total", "percent", "problems"]
        return pd.DataFrame(rows, columns=columns)

    def details_table(self) -> Any:
        """One row per trainee and assignment, with status, scores, notes and failure."""
        import pandas as pd

        rows = [
            {
                "student_id": o.student,
                "assignment": o.assignment,
                "status": o.status,
                "score": o.score,
                "max_score": o.max_score,
                "auto_score": o.auto_score,
                "auto_max": o.auto_max,
                "written_answer_pending": o.manual_pending,
                "failure": o.failure or "",
                "notes": "; ".join(o.notes),
                "seconds": round(o.seconds, 2),
            }
            for o in self.report().outcomes
        ]
        return pd.DataFrame(rows)

    def export_grades(self, path: Path | str) -> Path:
        """Write the grades to ``.csv`` (one row per trainee) or ``.xlsx`` (plus details)."""
        target = Path(path)
        table = self.grades_table()
        if target.suffix.lower() == ".csv":
            table.to_csv(target, index=False, encoding="utf-8")
        elif target.suffix.lower() == ".xlsx":
            import pandas as pd

            with pd.ExcelWriter(target, engine="openpyxl") as writer:
                table.to_excel(writer, sheet_name="grades", index=False)
                self.details_table().to_excel(writer, sheet_name="details", index=False)
        else:
            raise CourseError(f"{target}: export to a .csv or an .xlsx file")
        return target
