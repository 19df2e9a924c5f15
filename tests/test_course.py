"""The graded course through real nbgrader runs, on throwaway copies of ``course/``.

* every assignment: the release is generated; the instructor's notebook earns full
  autograded marks; the untouched release earns zero; a typical mistake earns partial marks;
  the release holds no solution code or hidden test; feedback is written and shows no hidden
  test; the export has one row per simulated trainee;
* a cohort of ten simulated trainees, graded with one ``ppd course grade`` command: full
  marks, blank, partial, a kernel that dies, a renamed notebook, a duplicated graded cell, a
  deleted test cell, a corrupt notebook, an endless loop, and a trainee with no submission;
  each gets the right score or a named failure, and nothing stops the batch;
* the authoring format's checks, and the structure every assignment must have.

Jupyter's own files go to a temporary folder (never ``$HOME``).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from typer.testing import CliRunner

from helpers import jupyter_home  # noqa: F401 - an autouse fixture: Jupyter's files in tmp
from ppd_core.cli import app
from ppd_core.course import Course, CourseError, _sandbox
from ppd_core.course.authoring import build_notebook, parse_cells, read_authoring
from ppd_core.course.checking import (
    CourseCheck,
    check_course,
    copy_course,
    example_problems,
    hidden_lines,
    submit,
)
from ppd_core.course.feedback import REDACTED_NOTE, RedactHiddenTests
from ppd_core.course.grading import grade_id

COURSE = Path(__file__).resolve().parents[1] / "course"
FIRST = "01-orientation"


# -- the authoring format --------------------------------------------------------------------


def _error(text: str) -> str:
    with pytest.raises(CourseError) as info:
        parse_cells(text, "a.py")
    return str(info.value)


def test_authoring_errors_name_file_line_and_fix() -> None:
    assert "a.py, line 1: unknown cell word 'soluton'" in _error("# %% soluton id=x\nx = 1\n")
    assert "line 1: a solution cell needs id=NAME" in _error("# %% solution\nx = 1\n")
    assert "needs '### BEGIN SOLUTION'" in _error("# %% solution id=x\nx = 1\n")
    assert "needs points=N" in _error("# %% tests id=t\nassert True\n")
    assert "points='two' is not a number" in _error("# %% tests id=t points=two\nassert True\n")
    assert "mistake 'y' names no solution cell" in _error("# %% mistake id=y\nx = 2\n")
    assert "text before the first '# %%'" in _error("x = 1\n# %%\ny = 2\n")
    assert "is written as '# %% [markdown] ...'" in _error("# %% manual id=m points=1\nx\n")
    assert "may only hold letters" in _error("# %% solution id=a.b\n### BEGIN SOLUTION\n")
    duplicate = "# %% tests id=t points=1\nassert 1\n# %% tests id=t points=1\nassert 1\n"
    assert "line 3: id 't' is already used on line 1" in _error(duplicate)
    hidden = "# %% tests id=t points=1\n### BEGIN HIDDEN TESTS\nassert 1\n"
    assert "hidden tests need both" in _error(hidden)


def test_built_cells_carry_nbgrader_metadata() -> None:
    text = (
        "# %% [markdown]\n# Intro\n# %%\nx = 1\n# %% scratch\n\n"
        "# %% solution id=s\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n"
        "# %% mistake id=s\ny = 3\n"
        "# %% tests id=s_tests points=2\nassert y == 2\n"
        "# %% [markdown] manual id=why points=3\n# Because.\n"
    )
    nb = build_notebook(parse_cells(text))
    metas = {c.id: c.metadata.get("nbgrader") for c in nb.cells}
    assert list(metas) == ["ro-1", "ro-2", "scratch-1", "s", "s_tests", "why"]  # no mistake
    assert metas["ro-2"] == {
        "schema_version": 3,
        "grade": False,
        "solution": False,
        "locked": True,
        "grade_id": "ro-2",
    }
    assert metas["scratch-1"] is None
    assert metas["s"]["solution"]
    assert not metas["s"]["grade"]
    assert not metas["s"]["locked"]
    assert metas["s_tests"]["grade"]
    assert metas["s_tests"]["points"] == 2
    assert metas["why"]["grade"]
    assert metas["why"]["solution"]
    assert metas["why"]["points"] == 3
    assert nb.cells[-1].cell_type == "markdown"
    assert nb.cells[-1].source == "Because."
    assert all(not c.get("outputs") for c in nb.cells)


def test_source_notebooks_are_built_from_the_authoring_files() -> None:
    stale = Course(COURSE).write_sources(check=True)
    assert stale == [], "run `ppd course sources` and commit the notebooks"


def test_course_has_the_promised_shape() -> None:
    course = Course(COURSE)
    names = course.assignments()
    assert len(names) >= 8
    assert [p.stem for p in course.authoring_files()] == names
    for path in course.authoring_files():
        cells = read_authoring(path)
        first = cells[0].source
        for phrase in ("Estimated time", "What you will be able to do", "(glossary.md)"):
            assert phrase in first, f"{path.name}: the first cell lacks {phrase!r}"
        kinds = [c.kind for c in cells]
        assert kinds.count("tests") >= 3, path.name
        assert "manual" in kinds, f"{path.name}: no manually graded written answer"
        assert "mistake" in kinds, f"{path.name}: no typical mistake to test partial marks"
        # A worked example (read-only code) comes before every exercise.
        since_example = False
        for cell in cells:
            if cell.kind == "readonly" and not cell.markdown:
                since_example = True
            elif cell.kind == "solution":
                assert since_example, f"{path.name}, line {cell.line}: no worked example before"
                since_example = False
        assert (COURSE / "source" / path.stem / "glossary.md").is_file()


def test_syllabus_is_in_the_readme_and_marks_match_the_cells() -> None:
    from ppd_core.course.syllabus import assignment_info

    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    for path in Course(COURSE).authoring_files():
        info = assignment_info(path)
        assert info.title in readme
        assert len(info.objectives) >= 3, path.name
        first = read_authoring(path)[0].source
        stated = f"**Marks:** {info.autograded:g} autograded + {info.written:g}"
        assert stated in first, f"{path.name}: the first cell should say {stated!r}"


def test_feedback_redaction_keeps_the_message_and_drops_the_code() -> None:
    from nbformat import v4 as v4_module

    v4: Any = v4_module

    cell = v4.new_code_cell(
        "assert x > 0\n### BEGIN HIDDEN TESTS\nassert x == 42\n### END HIDDEN TESTS"
    )
    cell.metadata["nbgrader"] = {
        "schema_version": 3,
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": "t",
        "points": 1,
    }
    cell.outputs = [
        v4.new_output("stream", name="stdout", text="secret 42"),
        v4.new_output(
            "error", ename="AssertionError", evalue="", traceback=["----> 3 assert x == 42"]
        ),
    ]
    out, _ = RedactHiddenTests().preprocess_cell(cell, {}, 0)
    assert out.source == "assert x > 0"
    assert len(out.outputs) == 1
    assert out.outputs[0]["traceback"] == ["AssertionError: ", REDACTED_NOTE]


# -- every assignment through nbgrader ------------------------------------------------------------


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CourseCheck:
    return check_course(COURSE, workdir=tmp_path_factory.mktemp("course-check"), jobs=2)


def test_every_assignment_checks_out(checked: CourseCheck) -> None:
    assert checked.problems == []


@pytest.mark.parametrize("assignment", Course(COURSE).assignments())
def test_worked_examples_run_with_the_exercises_left_blank(
    checked: CourseCheck, assignment: str
) -> None:
    assert checked.root is not None
    assert example_problems(checked.root, "untouched", assignment) == []
    graded = checked.root / "autograded" / "untouched" / assignment / f"{assignment}.ipynb"
    cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    examples = [c for c in cells if c["cell_type"] == "code" and str(c["id"]).startswith("ro-")]
    assert examples, "every assignment has worked examples"
    ran = [c for c in examples if c.get("execution_count")]
    assert len(ran) == len(examples), "every worked example ran in the blank release"


def full_zero_partial(checked: CourseCheck, assignment: str) -> Path:
    """Assert solution full, release zero, mistake partial; return the checked course's copy.

    Also that the written answer waits for a grader and the release holds only its files.
    """
    assert checked.report is not None
    assert checked.root is not None
    full = checked.report.outcome("solution", assignment)
    blank = checked.report.outcome("untouched", assignment)
    partial = checked.report.outcome("mistake", assignment)
    assert full.auto_max is not None
    assert full.auto_max > 0
    assert full.auto_score == full.auto_max
    assert blank.auto_score == 0
    assert partial.auto_score is not None
    assert 0 < partial.auto_score < full.auto_max
    assert full.manual_pending, "the written answer waits for a grader"
    release = checked.root / "release" / assignment
    assert sorted(p.name for p in release.iterdir()) == [f"{assignment}.ipynb", "glossary.md"]
    return checked.root


@pytest.mark.parametrize("assignment", Course(COURSE).assignments())
def test_solution_full_release_zero_mistake_partial(checked: CourseCheck, assignment: str) -> None:
    full_zero_partial(checked, assignment)
    assert checked.root is not None
    source = json.loads((COURSE / "source" / assignment / f"{assignment}.ipynb").read_text())
    secret = hidden_lines(source)
    assert secret, "each assignment hides some tests"
    for student in ("solution", "untouched", "mistake"):
        page = checked.root / "feedback" / student / assignment / f"{assignment}.html"
        text = page.read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text
        assert not [line for line in secret if line in text]


def test_export_has_one_row_per_trainee(checked: CourseCheck, tmp_path: Path) -> None:
    import pandas as pd

    assert checked.root is not None
    course = Course(checked.root)
    csv = pd.read_csv(course.export_grades(tmp_path / "grades.csv"))
    assert sorted(csv["student_id"]) == ["mistake", "solution", "untouched"]
    names = course.assignments()
    assert list(csv.columns[4 : 4 + len(names)]) == names
    row = csv.set_index("student_id").loc["solution"]
    report = checked.report
    assert report is not None
    assert row["total"] == sum(report.outcome("solution", a).auto_score or 0 for a in names)
    assert "written answer not graded yet" in row["problems"]
    sheets = pd.read_excel(course.export_grades(tmp_path / "grades.xlsx"), sheet_name=None)
    assert set(sheets) == {"grades", "details"}
    assert len(sheets["grades"]) == 3
    assert len(sheets["details"]) == 3 * len(names)


# -- a cohort of ten ----------------------------------------------------------------------------


def _notebook(root: Path, kind: str) -> dict[str, Any]:
    folder = "source" if kind == "source" else "release"
    text = (root / folder / FIRST / f"{FIRST}.ipynb").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _cell(nb: dict[str, Any], gid: str) -> dict[str, Any]:
    return next(c for c in nb["cells"] if grade_id(c) == gid)


def _hand_in(
    root: Path, student: str, nb: dict[str, Any] | str, name: str = FIRST, stamp: str | None = None
) -> None:
    submit(root, student, FIRST, nb, name=name, stamp=stamp or "2026-11-20 09:30:00.000000 UTC")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = copy_course(COURSE, tmp_path_factory.mktemp("cohort") / "course")
    course = Course(root)
    course.build([FIRST])
    roster = root / "roster.csv"
    people = ["full", "blank", "partial", "crash", "renamed", "doubled", "deleted", "corrupt"]
    people += ["endless", "absent"]
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{p},Trainee,{p.title()},{p}@example.org\n" for p in people),
        encoding="utf-8",
    )
    course.import_students(roster)
    source, release = _notebook(root, "source"), _notebook(root, "release")
    _hand_in(root, "full", source)
    _hand_in(root, "blank", release)
    partial = json.loads(json.dumps(source))
    _cell(partial, "count_training")["source"] = "n_training = 3"
    _hand_in(root, "partial", partial)
    crash = json.loads(json.dumps(source))
    _cell(crash, "count_training")["source"] = "import os\nos._exit(1)"
    _hand_in(root, "crash", crash)
    _hand_in(root, "renamed", source, name=f"{FIRST}-Copy1")
    doubled = json.loads(json.dumps(source))
    index = doubled["cells"].index(_cell(doubled, "count_partners"))
    doubled["cells"].insert(index + 1, json.loads(json.dumps(doubled["cells"][index])))
    _hand_in(root, "doubled", doubled)
    deleted = json.loads(json.dumps(source))
    deleted["cells"].remove(_cell(deleted, "count_training_tests"))
    _hand_in(root, "deleted", deleted, stamp="sometime last tuesday")
    _hand_in(root, "corrupt", json.dumps(source)[:5000])
    endless = json.loads(json.dumps(source))
    _cell(endless, "participants_2025")["source"] = "while True:\n    pass"
    _hand_in(root, "endless", endless)
    result = CliRunner().invoke(
        app,
        ["course", "grade", FIRST, "--course", str(root), "--timeout", "15", "--jobs", "2"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    return root, result.output


def test_cohort_every_trainee_scored_or_named(cohort: tuple[Path, str]) -> None:
    root, output = cohort
    report = Course(root).report()
    got = {o.student: o for o in report.outcomes}
    everyone = ["full", "blank", "partial", "crash", "renamed", "doubled", "deleted"]
    assert sorted(got) == sorted([*everyone, "corrupt", "endless", "absent"])
    assert (got["full"].auto_score, got["full"].auto_max) == (6.0, 6.0)
    assert got["blank"].auto_score == 0.0
    assert got["blank"].status == "graded"
    assert got["partial"].auto_score == 4.0
    assert got["renamed"].auto_score == 6.0
    assert (
        "'01-orientation-Copy1.ipynb' was graded as '01-orientation.ipynb'"
        in got["renamed"].notes[0]
    )
    # A deleted test cell is put back and graded: the trainee loses those marks, visibly.
    assert got["deleted"].auto_score == 6.0
    assert "timestamp.txt unreadable" in got["deleted"].notes[0]
    assert got["crash"].status == "failed"
    assert "kernel died" in str(got["crash"].failure)
    assert got["doubled"].status == "failed"
    assert "graded cells duplicated" in str(got["doubled"].failure)
    assert "'count_partners' ×2" in str(got["doubled"].failure)
    assert got["corrupt"].status == "failed"
    assert "not a readable notebook" in str(got["corrupt"].failure)
    assert got["endless"].status == "failed"
    assert "time limit" in str(got["endless"].failure)
    assert got["absent"].status == "missing"
    assert got["absent"].failure == "no submission"
    for name in ("crash", "doubled", "corrupt", "endless"):
        assert name in output
        assert "failed" in output
    # Feedback for the graded trainees, none for the failed ones.
    assert (root / "feedback" / "full" / FIRST / f"{FIRST}.html").exists()
    assert not (root / "feedback" / "doubled").exists()
    # Trainees' files are never changed by grading.
    assert (root / "submitted" / "renamed" / FIRST / f"{FIRST}-Copy1.ipynb").exists()
    assert not (root / "submitted" / "renamed" / FIRST / f"{FIRST}.ipynb").exists()


def test_cohort_export_names_every_problem(cohort: tuple[Path, str], tmp_path: Path) -> None:
    import pandas as pd

    root, _ = cohort
    out = tmp_path / "cohort.csv"
    result = CliRunner().invoke(app, ["course", "export", str(out), "--course", str(root)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, keep_default_na=False).set_index("student_id")
    assert len(table) == 10
    assert table.loc["crash", "last_name"] == "Crash"
    assert table.loc["crash", FIRST] == ""  # no score, never a silent zero
    assert "kernel died" in str(table.loc["crash", "problems"])
    assert "no submission" in str(table.loc["absent", "problems"])
    assert str(table.loc["full", FIRST]) == "6.0"
    assert "written answer not graded yet" in str(table.loc["full", "problems"])


def test_grading_again_replaces_the_trainees_outcome(cohort: tuple[Path, str]) -> None:
    root, _ = cohort
    course = Course(root)
    fixed = _notebook(root, "source")
    shutil.rmtree(root / "submitted" / "doubled" / FIRST)
    _hand_in(root, "doubled", fixed)
    report = course.grade([FIRST], ["doubled"], jobs=1)
    assert report.outcome("doubled", FIRST).auto_score == 6.0
    merged = {o.student: o for o in course.report().outcomes}
    assert merged["doubled"].status == "graded"
    assert merged["crash"].status == "failed"  # earlier outcomes are kept


def test_a_grading_process_that_dies_takes_only_its_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside the sandbox a notebook cannot reach its worker (test_course_sandbox.py): this
    # grades trusted notebooks without it, to check that a worker that dies is survived.
    monkeypatch.setattr(_sandbox, "available", lambda: False)
    root = copy_course(COURSE, tmp_path / "course")
    course = Course(root)
    course.build([FIRST])
    source = _notebook(root, "source")
    killer = json.loads(json.dumps(source))
    # The kernel kills its parent: the worker process that grades this notebook.
    _cell(killer, "count_training")["source"] = "import os, signal\nos.kill(os.getppid(), 9)"
    _hand_in(root, "killer", killer)
    for name in ("ok-1", "ok-2"):
        _hand_in(root, name, source)
    report = course.grade([FIRST], jobs=2, feedback=False, trust_submissions=True)
    assert report.outcome("ok-1", FIRST).auto_score == 6.0
    assert report.outcome("ok-2", FIRST).auto_score == 6.0
    dead = report.outcome("killer", FIRST)
    assert dead.status == "failed"
    assert "the grading process itself died" in str(dead.failure)


def test_roster_errors_name_row_and_column(tmp_path: Path) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,last_name\nok-1,Nguyen\nbad id,Tran\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"roster.csv, row 3, column id: 'bad id'"):
        Course(root).import_students(roster)
    roster.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(CourseError, match="needs an 'id' column"):
        Course(root).import_students(roster)


def test_not_a_course_directory(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match=r"has no nbgrader_config\.py"):
        Course(tmp_path)
    result = CliRunner().invoke(app, ["course", "build", "--course", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a course directory" in " ".join(result.output.split())


# -- the commands the instructor guides show --------------------------------------------------

GUIDES = [
    Path(__file__).resolve().parents[1] / "docs" / "how-to" / "run-the-course.md",
    Path(__file__).resolve().parents[1] / "docs" / "how-to" / "grade-and-feedback.md",
]


def test_the_guides_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``$ ...`` line of the two instructor guides, in order, on a one-assignment course."""
    import os
    import shlex
    import subprocess
    import sys

    import pandas as pd

    lines = [
        line.strip()[2:]
        for guide in GUIDES
        for line in guide.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("$ ")
    ]
    assert any(line.startswith("ppd course grade") for line in lines)
    repo = tmp_path / "repo"
    copy_course(COURSE, repo / "course")
    for other in Course(repo / "course").assignments():
        if other != FIRST:
            shutil.rmtree(repo / "course" / "source" / other)
            (repo / "course" / "authoring" / f"{other}.py").unlink()
    (repo / "roster.csv").write_text("id,first_name,last_name\nlan,Lan,Nguyen\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PPD_COURSE_EXCHANGE", str(tmp_path / "exchange"))
    (tmp_path / "exchange").mkdir()
    ran = []
    cwd = repo
    for line in lines:
        words = shlex.split(line)
        if words[:3] == ["cp", "-r", "course"]:
            shutil.copytree(repo / "course", repo / words[3])
            hand_in = repo / words[3] / "submitted" / "lan" / FIRST
            hand_in.mkdir(parents=True)
            shutil.copy(repo / "course" / "source" / FIRST / f"{FIRST}.ipynb", hand_in)
        elif words[0] == "cd":
            cwd = repo / words[1]
        elif words[0] == "ppd":
            result = CliRunner().invoke(app, words[1:], env={"COLUMNS": "200"})
            assert result.exit_code == 0, f"{line}\n{result.output}"
        elif words[0] == "nbgrader":
            exe = Path(sys.executable).parent / "nbgrader"
            env = dict(os.environ, PATH=f"{exe.parent}{os.pathsep}{os.environ['PATH']}")
            done = subprocess.run(
                [str(exe), *words[1:]], cwd=cwd, env=env, capture_output=True, check=False
            )
            assert done.returncode == 0, f"{line}\n{done.stderr.decode()[-2000:]}"
        elif words[:2] == ["python3", "tasks.py"]:
            continue  # opens JupyterLab: tests/test_course_browser.py runs it
        elif words[0] == "unzip":
            with zipfile.ZipFile(repo / words[1]) as zf:
                zf.extractall(repo / "trainee")
        elif words == ["python3", "ppd-course/start.py"]:
            # Installs, then opens JupyterLab: tests/test_course_pack.py runs it.
            assert (repo / "trainee" / "ppd-course" / "start.py").is_file()
            continue
        else:
            pytest.fail(f"the guides show a command this test does not know: {line}")
        ran.append(words[0])
    assert ran.count("ppd") >= 7
    unzipped = [p for p in (repo / "trainee").rglob("*") if p.is_file()]
    assert sorted(p.name for p in unzipped) == [
        f"{FIRST}.ipynb",
        "README.md",
        "glossary.md",
        "start.py",
    ]
    assert ran.count("nbgrader") == 2
    assert (tmp_path / "exchange" / "ppd-planning-with-data" / "outbound" / FIRST).is_dir()
    grades = pd.read_csv(repo / "grades.csv")
    assert grades["student_id"].tolist() == ["lan"]
    assert grades.loc[0, FIRST] == 6.0


def test_workspace_is_never_overwritten(tmp_path: Path) -> None:
    import os

    from ppd_core.course.lab import lab_command, prepare_workspace

    root = copy_course(COURSE, tmp_path / "course")
    for other in Course(root).assignments():
        if other != FIRST:
            shutil.rmtree(root / "source" / other)
    work = tmp_path / "work"
    assert prepare_workspace(Course(root), work) == [FIRST]
    mine = work / FIRST / f"{FIRST}.ipynb"
    mine.write_text('{"cells": [], "note": "my answers"}', encoding="utf-8")
    assert prepare_workspace(Course(root), work) == []
    assert "my answers" in mine.read_text(encoding="utf-8")
    settings = json.loads((work / ".ppd-lab" / "settings" / "overrides.json").read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["autoStartDefaultKernel"] is True
    cmd = lab_command(work, port=9999, token="t", browser=False)
    assert f"--ServerApp.root_dir={work}" in cmd
    assert "--no-browser" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)


def test_a_kernel_without_ppd_core_stops_grading_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = Course(copy_course(COURSE, tmp_path / "course"))
    assert Path(course.check_kernel()).exists()  # the environment's own Python
    other = tmp_path / "data" / "kernels" / "python3"
    other.mkdir(parents=True)
    script = tmp_path / "other-python"
    script.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    script.chmod(0o755)
    spec = {"argv": [str(script), "-m", "ipykernel_launcher", "-f", "{connection_file}"]}
    (other / "kernel.json").write_text(
        json.dumps({**spec, "display_name": "Other", "language": "python"}), encoding="utf-8"
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")  # the user's kernel spec wins
    with pytest.raises(CourseError, match="cannot import ppd_core and ipykernel"):
        course.grade([FIRST])
    assert not (course.root / "release").exists()  # nothing was built or graded


def test_every_italic_term_with_vietnamese_is_in_the_glossary_file() -> None:
    """The notebooks promise that italic words are in the glossary they link to."""
    import re

    from ppd_core.glossary import terms

    known = " ".join(f"{t.english} {t.vietnamese}".lower() for t in terms())
    missing = set()
    for path in Course(COURSE).authoring_files():
        text = path.read_text(encoding="utf-8")
        for english, vietnamese in re.findall(r"\*([^*\n]+)\* \(\*([^*\n]+)\*\)", text):
            if english.lower() not in known and vietnamese.lower() not in known:
                missing.add(f"{path.name}: {english} ({vietnamese})")
    assert not missing, sorted(missing)
