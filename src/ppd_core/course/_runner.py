"""Running nbgrader: its API for a course, and autograding many trainees in worker processes.

Each trainee's assignment is graded on its own in a worker process: a kernel that dies, a
cell that runs past the time limit, a broken notebook or even a worker process that dies
stops that trainee's assignment only, and is reported by name and cause (`classify`).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any


def nbgrader_api(root: Path, **overrides: Any) -> Any:
    """An ``nbgrader.apps.NbGraderAPI`` for the course at ``root`` (config read from it).

    Keyword arguments override config values, written ``Section__name=value``
    (e.g. ``Execute__timeout=30``).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    # nbgrader runs the ``alembic`` executable when it creates a gradebook.
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    config = course_config(root)
    extra = Config()
    for key, value in overrides.items():
        section, _, name = key.partition("__")
        extra[section][name] = value
    config.merge(extra)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def course_config(root: Path) -> Any:
    """The course's ``nbgrader_config.py``, loaded (a traitlets ``Config``)."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def gradebook(root: Path) -> Any:
    """The course's nbgrader ``Gradebook`` (use it as a context manager)."""
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{root / 'gradebook.db'}")


def classify(text: str) -> str:
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


def result_text(result: dict[str, Any]) -> str:
    """The log and traceback of an ``NbGraderAPI`` result, for `classify`."""
    return f"{result.get('log', '')}\n{result.get('error', '')}"


def _worker(
    root: str, student: str, assignment: str, overrides: dict[str, Any], feedback: bool
) -> dict[str, Any]:
    """Grade one trainee's assignment in this process (run by the pool)."""
    import time

    api = nbgrader_api(Path(root), **overrides)
    review_dir = overrides.get("SandboxedExecute__review_dir")
    if review_dir:
        shutil.rmtree(Path(review_dir, student, assignment), ignore_errors=True)
    start = time.perf_counter()
    result: dict[str, Any] = {"success": False, "error": "not run"}
    for _attempt in range(3):
        result = api.autograde(assignment, student, force=True, create=True)
        if result["success"] or "database is locked" not in result_text(result):
            break
        time.sleep(1.0)
    entry: dict[str, Any] = {
        "assignment": assignment,
        "success": bool(result["success"]),
        "seconds": time.perf_counter() - start,
    }
    if review_dir:
        from ppd_core.course._sandbox import review_flags

        entry["review"] = review_flags(review_dir, student, assignment)
    # nbgrader logs a failed notebook as an error but may still report success.
    if entry["success"] and "[ERROR]" in str(result.get("log", "")):
        entry["success"] = False
    if not entry["success"]:
        text = result_text(result)
        entry["failure"] = classify(text)
        entry["log"] = text[-4000:]
    elif feedback:
        fb = api.generate_feedback(assignment, student, force=True)
        if not fb["success"]:
            entry["note"] = "feedback could not be generated: " + classify(result_text(fb))
    return entry


def run_tasks(
    root: Path,
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
    folder = str(root)
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = {t: pool.submit(_worker, folder, *t, overrides, feedback) for t in tasks}
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
                done[task] = alone.submit(_worker, folder, *task, overrides, feedback).result()
            except Exception as exc:
                done[task] = {
                    "success": False,
                    "failure": f"the grading process itself died ({exc!r}); "
                    "the notebook may use too much memory",
                }
    return done
