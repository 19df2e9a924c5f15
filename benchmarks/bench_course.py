"""Grade the whole course for one trainee and for a cohort (target, issue 6: one trainee's
whole course in under 2 minutes on 2 cores).

python -m benchmarks course [--sizes 1 20]

Each size N is a throwaway copy of the course with N simulated trainees who hand in every
assignment (cycling through the instructor's notebook, the untouched release and the typical
mistake), graded by ``Course.grade`` with feedback, as ``ppd course grade`` does. The same
run also grades four trainees with one worker and with all cores, to show what the parallel
grading gains on this machine, and one trainee without the sandbox (issue 16: the sandbox
adds under 25 % to one trainee's whole course).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import finish

DEFAULT_SIZES = [1, 20]
COURSE = Path(__file__).resolve().parents[1] / "course"


def _course(base: Path, trainees: int) -> tuple[Any, float]:
    """A built copy of the course with ``trainees`` submissions of every assignment."""
    from ppd_core.course import Course
    from ppd_core.course.checking import copy_course, mistakes, submit, with_mistakes

    course = Course(copy_course(COURSE, base / "course"))
    t0 = time.perf_counter()
    course.build()
    build_seconds = time.perf_counter() - t0
    kinds = ["source", "release", "mistake"]
    for i in range(trainees):
        kind = kinds[i % 3] if trainees > 1 else "source"
        for a in course.assignments():
            folder = "release" if kind == "release" else "source"
            nb = json.loads((course.root / folder / a / f"{a}.ipynb").read_text(encoding="utf-8"))
            if kind == "mistake":
                nb = with_mistakes(nb, mistakes(course.root / "authoring" / f"{a}.py"))
            submit(course.root, f"trainee-{i + 1:02d}", a, nb)
    return course, build_seconds


def grade_run(trainees: int, jobs: int | None = None, *, sandbox: bool = True) -> dict[str, Any]:
    """Grade ``trainees`` trainees' whole course; return the figures.

    With ``sandbox=False`` the notebooks run outside the sandbox (``trust_submissions``),
    to measure what the sandbox costs.
    """
    from unittest import mock

    from ppd_core.course import _sandbox

    with tempfile.TemporaryDirectory(prefix="ppd-bench-course-") as tmp:
        from ppd_core.course.checking import jupyter_dirs

        base = Path(tmp)
        os.environ.update(jupyter_dirs(base / "jupyter"))
        course, build_seconds = _course(base, trainees)
        t0 = time.perf_counter()
        usable = sandbox and _sandbox.available()
        with mock.patch.object(_sandbox, "available", return_value=usable):
            report = course.grade(jobs=jobs, feedback=True, trust_submissions=not sandbox)
        seconds = time.perf_counter() - t0
        graded = [o for o in report.outcomes if o.status == "graded"]
        return {
            "trainees": trainees,
            "sandbox": sandbox,
            "jobs": jobs or os.cpu_count(),
            "assignments": len(course.assignments()),
            "notebooks": len(report.outcomes),
            "graded": len(graded),
            "failed": len(report.failures),
            "build_seconds": round(build_seconds, 2),
            "seconds": round(seconds, 2),
            "seconds_per_notebook": round(seconds / max(1, len(report.outcomes)), 2),
            "slowest_notebook_seconds": round(max(o.seconds for o in graded), 2)
            if graded
            else None,
        }


def main(sizes: list[int]) -> dict[str, Any]:
    """Grade the course for each cohort size, then compare one worker with all cores."""
    runs = []
    for n in sizes:
        r = grade_run(n)
        runs.append(r)
        print(
            f"  {n:3d} trainee(s) x {r['assignments']} assignments: {r['seconds']:.1f} s "
            f"on {r['jobs']} workers ({r['seconds_per_notebook']:.1f} s per notebook, "
            f"{r['failed']} failed; release built in {r['build_seconds']:.1f} s)"
        )
    serial, parallel = grade_run(4, jobs=1), grade_run(4)
    speedup = serial["seconds"] / parallel["seconds"]
    print(
        f"  4 trainees: 1 worker {serial['seconds']:.1f} s, {parallel['jobs']} workers "
        f"{parallel['seconds']:.1f} s -> x{speedup:.2f}"
    )
    runs += [{**serial, "label": "serial"}, {**parallel, "label": "parallel"}]
    one = next((r for r in runs if r["trainees"] == 1), None)
    bare = grade_run(1, sandbox=False)
    runs.append({**bare, "label": "no sandbox"})
    overhead = one["seconds"] / bare["seconds"] - 1 if one else float("nan")
    print(
        f"  1 trainee, whole course: sandboxed {one['seconds'] if one else '-'} s, "
        f"without sandbox {bare['seconds']:.1f} s -> sandbox overhead {overhead:+.0%}"
    )
    targets = {
        "one_trainee_whole_course_under_120s": one is not None and one["seconds"] < 120,
        "no_grading_failures": all(r["failed"] == 0 for r in runs),
        "parallel_grading_faster": speedup > 1.2,
        "sandbox_overhead_under_25_percent": overhead < 0.25,
    }
    return finish("course", runs, targets, f"{os.cpu_count()} cores")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=int, default=DEFAULT_SIZES)
    main(parser.parse_args().sizes)
