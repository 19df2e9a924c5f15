"""The trainee package: the release only; no solution line or hidden test reaches a trainee.

The package is unpacked as a trainee would (``ppd course start``) and every file in it is
searched for the text of every solution cell and hidden test of the instructor's notebooks.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from typer.testing import CliRunner

from helpers import LAB_ENVIRONMENTS, record_lab
from ppd_core.cli import app
from ppd_core.course import Course, CourseError
from ppd_core.course._pack import pack, unpack
from ppd_core.course.checking import copy_course, hidden_lines, solution_lines
from ppd_core.course.lab import lab_command

COURSE = Path(__file__).resolve().parents[1] / "course"


def _read(nb_path: Path) -> str:
    """Everything a trainee reads in a notebook: cell sources and outputs."""
    nb = json.loads(nb_path.read_text("utf-8"))
    parts = ["".join(c["source"]) for c in nb["cells"]]
    parts += [json.dumps(c.get("outputs", [])) for c in nb["cells"]]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return Course(copy_course(COURSE, tmp_path_factory.mktemp("pack") / "course"))


def test_unpacked_package_holds_no_solution_or_hidden_test(course: Course, tmp_path: Path) -> None:
    wheel = tmp_path / "ppd_core-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("ppd_core/__init__.py", "")
    out = pack(course, tmp_path / "ppd-course.zip", wheel=wheel)
    work = tmp_path / "ppd-course-work"
    assert unpack(out, work) == course.assignments()
    files = [p for p in work.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} == {".ipynb", ".md"}
    assert len([p for p in files if p.suffix == ".ipynb"]) == 9
    leaked, searched = [], 0
    for nb_path in sorted((course.root / "source").glob("*/*.ipynb")):
        source = json.loads(nb_path.read_text("utf-8"))
        secrets = solution_lines(source) | hidden_lines(source)
        searched += len(secrets)
        text = _read(work / nb_path.parent.name / nb_path.name)
        text += (work / nb_path.parent.name / "glossary.md").read_text("utf-8")
        lines = {line.strip() for line in text.splitlines()}
        # A secret is a line a trainee would read, or part of one when it is long enough
        # not to be a shared name (a column name alone is a line of one solution).
        leaked += [s for s in secrets if s in lines or (len(s) > 24 and s in text)]
    assert searched > 150
    assert leaked == []
    with zipfile.ZipFile(out) as zf:
        assert "ppd-course/wheels/ppd_core-0.1.0-py3-none-any.whl" in zf.namelist()
        assert not [n for n in zf.namelist() if "source" in n or "authoring" in n]


def test_unpacking_again_never_overwrites(course: Course, tmp_path: Path) -> None:
    out = pack(course, tmp_path / "p.zip")
    work = tmp_path / "work"
    unpack(out, work)
    mine = work / "01-orientation" / "01-orientation.ipynb"
    mine.write_text("my work", "utf-8")
    assert unpack(out, work) == []
    assert mine.read_text("utf-8") == "my work"


def test_a_leak_stops_the_package(course: Course, tmp_path: Path) -> None:
    release = course.root / "release" / "01-orientation"
    planted = release / "notes.md"
    planted.write_text('n_partners = ds.counts()["partners"]\n', "utf-8")
    try:
        with pytest.raises(CourseError, match=r"solution 'n_partners = ds\.counts"):
            pack(course, tmp_path / "leaky.zip")
    finally:
        planted.unlink()
    assert not (tmp_path / "leaky.zip").exists()


def test_not_a_package_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "course.zip"
    bad.write_text("not a zip", "utf-8")
    with pytest.raises(CourseError, match="is not a course package"):
        unpack(bad, tmp_path / "work")


def test_the_trainees_one_command_opens_the_unzipped_package(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python3 ppd-course/start.py`` with the course tools already installed in ``ppd-env``.

    The environment's ``ppd`` is replaced by a script that writes down its arguments, so the
    test sees what start.py runs without opening JupyterLab (installing needs the network).
    """
    result = CliRunner().invoke(
        app, ["course", "pack", str(tmp_path / "ppd-course.zip"), "--course", str(course.root)]
    )
    assert result.exit_code == 0, result.output
    assert "Trainee package written to" in result.output
    trainee = tmp_path / "trainee"
    with zipfile.ZipFile(tmp_path / "ppd-course.zip") as zf:
        zf.extractall(trainee)
    called = tmp_path / "called.txt"
    fake = trainee / "ppd-env" / "bin" / "ppd"
    fake.parent.mkdir(parents=True)
    fake.write_text(f'#!/bin/sh\necho "$@" > {called}\n', "utf-8")
    fake.chmod(0o755)
    done = subprocess.run(
        [sys.executable, "ppd-course/start.py", "--no-browser"], cwd=trainee, check=False
    )
    assert done.returncode == 0
    unzipped = trainee / "ppd-course"
    # the package's language (English here) is passed on, so messages and the library speak it
    expected = ["course", "start", str(unzipped), "--lang", "en", "--no-browser"]
    assert called.read_text("utf-8").split() == expected
    # What ``ppd course start`` then does with that folder, up to starting JupyterLab.
    launched = record_lab(monkeypatch)
    work = trainee / "ppd-course-work"
    result = CliRunner().invoke(
        app, ["course", "start", str(unzipped), "--workspace", str(work), "--no-browser"]
    )
    assert result.exit_code == 0, result.output
    said = "".join(result.output.split())  # the console wraps long paths
    assert f"copied:{work / '09-capstone'}" in said
    assert sorted(p.name for p in work.iterdir()) == [".ppd-lab", *course.assignments()]
    assert launched == [lab_command(work.resolve(), browser=False)]
    assert LAB_ENVIRONMENTS[-1]["PPD_LANG"] == "en"  # the library speaks the course's language
