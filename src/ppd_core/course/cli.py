"""``ppd course ...``: the instructor's and the trainee's commands for the graded course."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ppd_core._exits import ExitCode, PpdCommand, PpdGroup
from ppd_core.i18n import Lang, default_lang, text

course_app = typer.Typer(
    cls=PpdGroup,
    rich_markup_mode="markdown",
    help="The graded course: build, check, grade, feedback, export, and JupyterLab for trainees.",
    no_args_is_help=True,
)
console = Console()

CourseOption = Annotated[
    Path | None,
    typer.Option(
        "--course",
        "-c",
        help="The course directory (default: $PPD_COURSE_DIR, else ./course, else .).",
    ),
]
AssignmentsArg = Annotated[
    list[str] | None, typer.Argument(help="Assignments (default: all of them).")
]


def _course(path: Path | None) -> object:
    from ppd_core.course import Course, CourseError

    if path is None:
        env = os.environ.get("PPD_COURSE_DIR")
        path = Path(env) if env else Path("course") if Path("course").is_dir() else Path()
    try:
        return Course(path)
    except CourseError as exc:  # not a course directory: the command line is wrong
        Console(stderr=True).print(str(exc), style="red", markup=False, highlight=False)
        raise typer.Exit(code=ExitCode.USAGE) from None


def _get(path: Path | None):  # type: ignore[no-untyped-def]  # Course, typed at the call
    from ppd_core.course import Course

    course = _course(path)
    assert isinstance(course, Course)
    return course


@course_app.command("sources", cls=PpdCommand)
def sources(
    assignments: AssignmentsArg = None,
    course: CourseOption = None,
    check: Annotated[
        bool, typer.Option(help="Only report notebooks that are out of date.")
    ] = False,
) -> None:
    """Build source/<a>/<a>.ipynb from the text files in authoring/."""
    c = _get(course)
    changed = c.write_sources(assignments or None, check=check)
    _changes(changed, check, ("out of date: ", "written: "), "All source notebooks are up to date.")


def _changes(changed: list[Path], check: bool, labels: tuple[str, str], done: str) -> None:
    """Print the files changed (with ``check``: stale, and fail when any is)."""
    for path in changed:
        console.print(labels[0 if check else 1] + str(path))
    if check and changed:
        raise typer.Exit(code=ExitCode.FAILED)
    if not changed:
        console.print(done)


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="The course in this language (vi), built into its own folder COURSE/LANG; "
        "every assignment named must be fully translated.",
    ),
]


@course_app.command("i18n", cls=PpdCommand)
def i18n(
    assignments: AssignmentsArg = None,
    course: CourseOption = None,
    lang: Annotated[str, typer.Option("--lang", help="The catalogues' language.")] = "vi",
    check: Annotated[
        bool, typer.Option(help="Only report catalogues that are out of step.")
    ] = False,
) -> None:
    """Extract the assignments' texts into their catalogues, locale/LANG/LC_MESSAGES/*.po."""
    from ppd_core.course.translation import update_catalogues

    c = _get(course)
    files = [p for p in c.authoring_files() if not assignments or p.stem in assignments]
    changed = update_catalogues(c.root, lang, files, check=check)
    done = "All catalogues are in step with the authoring files."
    _changes(changed, check, ("out of step: ", "updated: "), done)


@course_app.command("build", cls=PpdCommand)
def build(
    assignments: AssignmentsArg = None, course: CourseOption = None, lang: LangOption = None
) -> None:
    """Generate the release (nbgrader generate_assignment) of the assignments."""
    c = _get(course)
    if lang is not None and lang != c.language:
        c = c.translate(lang, assignments or None)
        console.print(f"translated course: {c.root}")
    for name in c.build(assignments or None):
        console.print(f"released: {c.root / 'release' / name}")


@course_app.command("check", cls=PpdCommand)
def check(
    assignments: AssignmentsArg = None,
    course: CourseOption = None,
    jobs: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    keep: Annotated[
        Path | None, typer.Option(help="Keep the throwaway course in this folder.")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show cell errors.")] = False,
    lang: LangOption = None,
) -> None:
    """Check assignments on a throwaway copy: solutions full, release zero, mistakes partial."""
    from ppd_core.course.checking import cell_errors, check_course

    c = _get(course)
    result = check_course(c.root, assignments or None, workdir=keep, jobs=jobs, lang=lang)
    if result.report is not None:
        table = Table("assignment", "simulated trainee", "autograded", "seconds", "failure")
        for o in result.report.outcomes:
            score = f"{o.auto_score:g} / {o.auto_max:g}" if o.auto_max is not None else "-"
            table.add_row(o.assignment, o.student, score, f"{o.seconds:.1f}", o.failure or "")
        console.print(table)
        if verbose and result.root is not None:
            for o in result.report.outcomes:
                for cell, name, message in cell_errors(result.root, o.student, o.assignment):
                    console.print(f"{o.assignment} {o.student} [{cell}] {name}: {message[:200]}")
    for problem in result.problems:
        console.print(f"[red]problem:[/red] {problem}")
    if result.problems:
        raise typer.Exit(code=ExitCode.FAILED)
    console.print("[green]The course checks out.[/green]")


@course_app.command("students", cls=PpdCommand)
def students(
    roster: Annotated[Path, typer.Argument(help="CSV with id, first_name, last_name, email.")],
    course: CourseOption = None,
) -> None:
    """Add or update trainees in the gradebook from a roster CSV."""
    c = _get(course)
    for line in c.import_students(roster):
        console.print(line)


@course_app.command("grade", cls=PpdCommand)
def grade(
    assignments: AssignmentsArg = None,
    course: CourseOption = None,
    student: Annotated[
        list[str] | None, typer.Option(help="Grade only this trainee (repeatable).")
    ] = None,
    jobs: Annotated[int | None, typer.Option(help="Worker processes (default: cores).")] = None,
    timeout: Annotated[int | None, typer.Option(help="Seconds one cell may run.")] = None,
    feedback: Annotated[bool, typer.Option(help="Also write feedback.")] = True,
    trust_submissions: Annotated[
        bool,
        typer.Option(help="Grade without a sandbox where bubblewrap is missing (trusted code)."),
    ] = False,
) -> None:
    """Autograde submitted/ trainee by trainee in parallel; every failure is named."""
    c = _get(course)
    report = c.grade(
        assignments or None,
        student or None,
        jobs=jobs,
        timeout=timeout,
        feedback=feedback,
        trust_submissions=trust_submissions,
    )
    table = Table("trainee", "assignment", "status", "autograded", "notes / failure")
    for o in report.outcomes:
        score = f"{o.auto_score:g} / {o.auto_max:g}" if o.auto_max is not None else "-"
        style = {"graded": "green", "missing": "yellow"}.get(o.status, "red")
        flags = [f"[bold red]flagged for review[/bold red]: {r}" for r in o.review]
        detail = "; ".join([*(o.notes), *flags, *([o.failure] if o.failure else [])])
        table.add_row(o.student, o.assignment, f"[{style}]{o.status}[/{style}]", score, detail)
    console.print(table)
    console.print(
        f"{len(report.outcomes)} submissions, {len(report.failures)} failed, "
        f"{len(report.flagged)} flagged for review, "
        f"in {report.seconds:.1f} s. Report: {c.root / 'grading-report.json'}"
    )


@course_app.command("feedback", cls=PpdCommand)
def feedback(assignments: AssignmentsArg = None, course: CourseOption = None) -> None:
    """Write (again) the feedback of graded trainees, e.g. after manual grading."""
    c = _get(course)
    problems = c.feedback(assignments or None)
    for problem in problems:
        console.print(f"[red]{problem}[/red]")
    console.print(f"Feedback is in {c.root / 'feedback'}")
    if problems:
        raise typer.Exit(code=ExitCode.FAILED)


@course_app.command("export", cls=PpdCommand)
def export(
    out: Annotated[Path, typer.Argument(help="grades.csv or grades.xlsx")],
    course: CourseOption = None,
) -> None:
    """Export the grades, one row per trainee, with every problem named."""
    c = _get(course)
    console.print(f"Grades written to {c.export_grades(out)}")


@course_app.command("pack", cls=PpdCommand)
def pack(
    out: Annotated[Path, typer.Argument(help="The package to write, e.g. ppd-course.zip.")],
    course: CourseOption = None,
    wheel: Annotated[
        Path | None, typer.Option(help="A ppd_core wheel to put in the package.")
    ] = None,
) -> None:
    """Instructors: write the trainee package (the release only, checked for secrets)."""
    from ppd_core.course._pack import pack as write_pack

    path = write_pack(_get(course), out, wheel=wheel)
    console.print(f"Trainee package written to {path}")


WorkspaceOption = Annotated[Path, typer.Option(help="Your own folder for the course notebooks.")]
PortOption = Annotated[int | None, typer.Option(help="Port for JupyterLab.")]
BrowserOption = Annotated[bool, typer.Option(help="Open a browser tab.")]


@course_app.command("start", cls=PpdCommand)
def start(
    package: Annotated[Path, typer.Argument(help="The course package from your instructor.")],
    workspace: WorkspaceOption = Path("ppd-course-work"),
    port: PortOption = None,
    browser: BrowserOption = True,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of these messages and of what ppd_core prints in the notebooks: "
            "en or vi (default: the course package's language).",
        ),
    ] = None,
) -> None:
    """Trainees: unpack the course package into your folder and open JupyterLab on it."""
    from ppd_core.course._pack import unpack
    from ppd_core.course.lab import write_settings
    from ppd_core.course.translation import check_language

    chosen = default_lang() if lang is None else check_language(lang)
    copied = unpack(package, workspace)
    write_settings(workspace)
    _open_lab(workspace, copied, port, browser, chosen)


def _open_lab(
    workspace: Path, copied: list[str], port: int | None, browser: bool, lang: Lang
) -> None:
    """Say what was copied into ``workspace``, then run JupyterLab on it until it stops.

    JupyterLab, and so the notebooks, run with the library's language set to ``lang``.
    """
    from ppd_core.course.lab import lab_command, lab_environment

    for name in copied:
        console.print(text("copied: {path}", lang, path=workspace / name))
    console.print(
        text("Opening JupyterLab on {path} (stop it with Ctrl+C).", lang, path=workspace.resolve())
    )
    command = lab_command(workspace.resolve(), port=port, browser=browser)
    raise typer.Exit(code=subprocess.call(command, env=lab_environment(lang)))


@course_app.command("lab", cls=PpdCommand)
def lab(
    course: CourseOption = None,
    workspace: WorkspaceOption = Path("ppd-course-work"),
    port: PortOption = None,
    browser: BrowserOption = True,
    lang: LangOption = None,
) -> None:
    """Open JupyterLab on the released course of a course folder (instructors' preview)."""
    from ppd_core.course.lab import prepare_workspace

    c = _get(course)
    if lang is not None and lang != c.language:
        c = c.translate(lang)
    _open_lab(workspace, prepare_workspace(c, workspace), port, browser, c.language)
