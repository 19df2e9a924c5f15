"""Grade the whole course for one trainee and for a cohort (target, issue 6: one trainee's
whole course in under 2 minutes on 2 cores).

python -m benchmarks course [--sizes 1 20]
python -m benchmarks course --paired [--assignments A ...] [--repeats N]

Each size N is a throwaway copy of the course with N simulated trainees who hand in every
assignment (cycling through the instructor's notebook, the untouched release and the typical
mistake), graded by ``Course.grade`` with feedback, as ``ppd course grade`` does. The same
run also grades four trainees with one worker and with all cores, to show what the parallel
grading gains on this machine, and one trainee without the sandbox (issue 16: the sandbox
adds under 25 % to one trainee's whole course).

That last comparison runs the two modes minutes apart, so on a shared machine a change of
load between them decides it. ``--paired`` measures the sandbox's cost alone, fairly under a
drifting load: each assignment graded with and without the sandbox back to back in ABBA
order, wall time and CPU time (of every process the grading started, the sandboxed kernels
included) summed per mode (`paired_run`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._common import finish

DEFAULT_SIZES = [1, 20]
COURSE = Path(__file__).resolve().parents[1] / "course"
_PR_SET_CHILD_SUBREAPER = 36  # prctl option, from <linux/prctl.h>


def _course(base: Path, trainees: int, assignments: list[str] | None = None) -> tuple[Any, float]:
    """A built copy of the course with ``trainees`` submissions of every (or each given)
    assignment."""
    from ppd_core.course import Course
    from ppd_core.course.checking import copy_course, mistakes, submit, with_mistakes

    course = Course(copy_course(COURSE, base / "course"))
    t0 = time.perf_counter()
    names = course.build(assignments)
    build_seconds = time.perf_counter() - t0
    kinds = ["source", "release", "mistake"]
    for i in range(trainees):
        kind = kinds[i % 3] if trainees > 1 else "source"
        for a in names:
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


def _adopt_orphans() -> bool:
    """Make this process the reaper of its descendants' orphans (Linux); whether it could.

    ``bwrap`` never waits for the init process of the sandbox's PID namespace, so the CPU
    time of the sandboxed kernel would reach no one's ``RUSAGE_CHILDREN``; as a "child
    subreaper" this process inherits that init and, once it is reaped (`_reap_orphans`), its
    CPU time, the kernel's included.
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0


def _reap_orphans(grace: float = 10.0) -> int:
    """Wait for the orphans this process adopted (for at most ``grace`` seconds)."""
    reaped, deadline = 0, time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            reaped += 1
        else:
            time.sleep(0.05)
    return reaped


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process and of every child it has waited for."""
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in used)


def _grade_once(course: Any, assignment: str, sandbox: bool) -> dict[str, Any]:
    """Grade the one trainee's ``assignment`` once, with or without the sandbox; the figures."""
    from unittest import mock

    from ppd_core.course import _sandbox

    usable = sandbox and _sandbox.available()
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    with mock.patch.object(_sandbox, "available", return_value=usable):
        report = course.grade([assignment], jobs=1, feedback=True, trust_submissions=not sandbox)
    wall = time.perf_counter() - t0
    orphans = _reap_orphans()
    (outcome,) = report.outcomes
    return {
        "assignment": assignment,
        "sandbox": usable,
        "wall": wall,
        "cpu": _cpu_seconds() - cpu0,
        "orphans_reaped": orphans,
        "status": outcome.status,
        "score": outcome.score,
    }


def paired_run(assignments: list[str] | None = None, repeats: int = 1) -> dict[str, Any]:
    """The sandbox's cost, measured fairly on a machine whose load drifts.

    One trainee's assignments are graded one at a time, each with and without the sandbox
    in ABBA order (sandbox first for the first assignment, last for the next, and so on,
    flipped again on each repeat), so a load that rises or falls during the run weighs on
    both modes alike. Besides wall time, the CPU time of the grading (this process and
    every process it started, the kernels in the sandbox included: `_adopt_orphans`) is
    summed per mode: it depends less on what else the machine runs. In the sandbox it is a
    lower bound: a process killed with the sandbox's PID namespace (a kernel that did not
    exit in time, a program it started) dies unreaped, its CPU time counted nowhere.
    """
    from ppd_core.course.checking import jupyter_dirs

    counted = _adopt_orphans()
    with tempfile.TemporaryDirectory(prefix="ppd-bench-course-") as tmp:
        base = Path(tmp)
        os.environ.update(jupyter_dirs(base / "jupyter"))
        course, build_seconds = _course(base, 1, assignments)
        names = assignments or course.assignments()
        # jupyter_client sends SIGTERM to a kernel still alive 2.5 s after its shutdown
        # request; in the sandbox that tears the PID namespace down and the kernel's CPU
        # time is lost. Both modes wait longer here, so a slow exit under load is counted.
        with (course.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write("\nc.KernelManager.shutdown_wait_time = 120.0\n")
        rows = []
        for r in range(repeats):
            for i, a in enumerate(names):
                order = (True, False) if (i + r) % 2 == 0 else (False, True)
                for sandbox in order:
                    row = {**_grade_once(course, a, sandbox), "repeat": r + 1}
                    rows.append(row)
                    mode = "sandbox" if sandbox else "no sandbox"
                    print(
                        f"    {a} {mode:10s} wall {row['wall']:6.1f} s  cpu {row['cpu']:6.1f} s "
                        f"({row['status']}, {row['score']})",
                        flush=True,
                    )
    total = {
        (mode, what): sum(x[what] for x in rows if x["sandbox"] is mode)
        for mode in (True, False)
        for what in ("wall", "cpu")
    }
    overhead = {w: total[True, w] / total[False, w] - 1 for w in ("wall", "cpu")}
    per = []
    for a in names:
        mine = [x for x in rows if x["assignment"] == a]
        figures = {
            f"{w}_{'sandbox' if mode else 'bare'}": round(
                sum(x[w] for x in mine if x["sandbox"] is mode), 2
            )
            for mode in (True, False)
            for w in ("wall", "cpu")
        }
        figures["cpu_overhead"] = round(figures["cpu_sandbox"] / figures["cpu_bare"] - 1, 3)
        per.append({"assignment": a, **figures})
        print(
            f"  {a}: wall {figures['wall_sandbox']:.1f} / {figures['wall_bare']:.1f} s, "
            f"cpu {figures['cpu_sandbox']:.1f} / {figures['cpu_bare']:.1f} s "
            f"(sandbox / none) -> cpu {figures['cpu_overhead']:+.0%}"
        )
    print(
        f"  {len(names)} assignment(s) x {repeats}, ABBA: wall {total[True, 'wall']:.1f} s with "
        f"the sandbox, {total[False, 'wall']:.1f} s without ({overhead['wall']:+.0%}); "
        f"cpu {total[True, 'cpu']:.1f} s / {total[False, 'cpu']:.1f} s ({overhead['cpu']:+.0%})"
        + ("" if counted else "; sandboxed kernels' CPU NOT counted (no subreaper here)")
    )
    print(
        "  (the sandbox's CPU figure is a lower bound: a process still running when the "
        "sandbox's PID namespace is torn down dies unreaped and its CPU time is not counted)"
    )
    summary = {
        "label": "paired",
        "assignments": names,
        "repeats": repeats,
        "build_seconds": round(build_seconds, 2),
        "sandboxed_cpu_counted": counted,
        "wall_sandbox": round(total[True, "wall"], 2),
        "wall_bare": round(total[False, "wall"], 2),
        "cpu_sandbox": round(total[True, "cpu"], 2),
        "cpu_bare": round(total[False, "cpu"], 2),
        "wall_overhead": round(overhead["wall"], 3),
        "cpu_overhead": round(overhead["cpu"], 3),
        "per_assignment": per,
        "gradings": [{**x, "wall": round(x["wall"], 2), "cpu": round(x["cpu"], 2)} for x in rows],
    }
    targets = {
        "no_grading_failures": all(x["status"] == "graded" for x in rows),
        "same_scores_with_and_without_sandbox": all(
            len({x["score"] for x in rows if x["assignment"] == a}) == 1 for a in names
        ),
        "sandbox_overhead_under_25_percent": overhead["wall"] < 0.25,
    }
    return finish("course-paired", [summary], targets, f"{os.cpu_count()} cores")


def cli(argv: list[str]) -> None:
    """``python -m benchmarks course [options]`` (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks course",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes", nargs="+", type=int, default=DEFAULT_SIZES, help="cohort sizes to grade"
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help="measure only the sandbox's cost, fairly under a drifting load: one trainee's "
        "assignments graded one at a time with and without the sandbox in ABBA order, wall "
        "and CPU time summed per mode (results/course-paired.json)",
    )
    parser.add_argument(
        "--assignments", nargs="+", help="with --paired: only these assignments (default: all)"
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="with --paired: rounds over the assignments"
    )
    args = parser.parse_args(argv)
    if args.paired:
        paired_run(args.assignments, args.repeats)
    else:
        main(args.sizes)


if __name__ == "__main__":
    cli(sys.argv[1:])
