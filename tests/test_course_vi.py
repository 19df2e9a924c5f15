"""The course in Vietnamese: the same assignments, graded the same way, in the trainees' language.

* finding and replacing the prose of a cell keeps the Markdown structure, the code, the
  nbgrader markers, the solutions and the hidden tests exactly;
* the catalogues are in step with the authoring files, and every assignment builds in
  Vietnamese with the same cells, grade ids, points and code as in English;
* the Vietnamese notebooks hold the Vietnamese sentences written for them and no English
  paragraph of the source;
* a text without a (reviewed) translation, or a translation that changes a code span, stops
  the build with a message naming the assignment, the text and the catalogue;
* through real nbgrader runs: every Vietnamese assignment passes the same check as the English
  one (solution full marks, release zero, mistake partial, no leak), and the grader's and the
  feedback's notes are in Vietnamese.
"""

from __future__ import annotations

import io
import json
import shutil
import tokenize
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from typer.testing import CliRunner

from helpers import (
    jupyter_home,  # noqa: F401 - an autouse fixture: Jupyter's files in tmp
    record_lab,
)
from ppd_core.cli import app
from ppd_core.course import Course, CourseError
from ppd_core.course._prose import rewrite, units
from ppd_core.course.authoring import read_authoring
from ppd_core.course.checking import (
    CourseCheck,
    check_course,
    copy_course,
    hidden_lines,
    solution_lines,
)
from ppd_core.course.feedback import REDACTED_NOTE
from ppd_core.course.translation import catalogue_path, translated_course, update_catalogues
from ppd_core.i18n import text
from test_course import COURSE, FIRST, full_zero_partial

ASSIGNMENTS = Course(COURSE).assignments()
TRANSLATED = ASSIGNMENTS  # every assignment of the course is translated into Vietnamese


# -- prose in a cell -------------------------------------------------------------------------


def _shout(found: list[tuple[str, str]]) -> Any:
    def tr(text: str, kind: str) -> str:
        found.append((text, kind))
        return f"«{kind}: {text}»"

    return tr


def test_markdown_keeps_its_structure_and_code_spans() -> None:
    cell = (
        "## 2. Data\n\nRead `ds`\nthen count.\n\n1. first item\n   continued\n* `x` → `y`\n\n"
        "| col | meaning |\n|---|---|\n| `id` | the identifier |"
    )
    found: list[tuple[str, str]] = []
    out = rewrite(cell, True, _shout(found))
    assert out.split("\n") == [
        "## «heading: 2. Data»",
        "",
        "«paragraph: Read `ds` then count.»",
        "",
        "1. «list item: first item continued»",
        "* `x` → `y`",  # nothing to translate outside the code spans
        "",
        "| «table cell: col» | «table cell: meaning» |",
        "|---|---|",
        "| `id` | «table cell: the identifier» |",
    ]
    assert units(cell, markdown=True) == [(t, k) for t, k in found]


def test_code_keeps_identifiers_solutions_and_hidden_tests() -> None:
    cell = (
        "n = 3  # how many\n"
        "# two lines of\n# one comment\n"
        'print("Total:", n, f"for {n} partners", d["partners"])\n'
        "### BEGIN SOLUTION\n"
        'answer = "hidden text"  # a secret comment\n'
        "### END SOLUTION\n"
        'assert n > 0, "n should be " + "positive"\n'
        "### BEGIN HIDDEN TESTS\n"
        'assert n == 3, "a hidden message"\n'
        "### END HIDDEN TESTS\n"
    )
    found: list[tuple[str, str]] = []
    out = rewrite(cell, False, _shout(found))
    assert [t for t, _ in found] == [
        "how many",
        "two lines of one comment",
        "Total:",
        "for {n} partners",
        "n should be",
        "positive",
    ]
    lines = out.split("\n")
    assert lines[0] == "n = 3  # «comment: how many»"
    assert lines[1] == "# «comment: two lines of one comment»"
    assert 'd["partners"]' in lines[2]  # a column name is code
    assert 'f"«printed text (f-string): for {n} partners»"' in lines[2]
    assert lines[3:6] == cell.split("\n")[4:7]  # the solution, word for word
    assert lines[6] == 'assert n > 0, "«check message: n should be» " + "«check message: positive»"'
    assert lines[7:10] == cell.split("\n")[8:11]  # the hidden tests, word for word


# -- the catalogues and the Vietnamese build, without nbgrader ---------------------------------


def test_catalogues_are_in_step_with_the_authoring_files() -> None:
    stale = update_catalogues(COURSE, "vi", Course(COURSE).authoring_files(), check=True)
    assert stale == [], "run `ppd course i18n --lang vi` and translate the new texts"
    for name in TRANSLATED:  # one form of each Vietnamese letter, as typed and as searched
        po = catalogue_path(COURSE, "vi", name).read_text(encoding="utf-8")
        assert po == unicodedata.normalize("NFC", po), name


@pytest.fixture(scope="module")
def vi_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_course(COURSE, tmp_path_factory.mktemp("vi") / "course", "vi", TRANSLATED)


def _notebook(root: Path, assignment: str) -> dict[str, Any]:
    path = root / "source" / assignment / f"{assignment}.ipynb"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _code_tokens(source: str) -> list[str]:
    """The code of a cell without its texts and comments."""
    skip = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [t.string for t in tokens if t.type not in skip]


@pytest.mark.parametrize("assignment", TRANSLATED)
def test_vietnamese_notebook_has_the_same_cells_ids_points_and_code(
    vi_course: Path, assignment: str
) -> None:
    english, vietnamese = _notebook(COURSE, assignment), _notebook(vi_course, assignment)
    assert Course(vi_course).language == "vi"
    assert len(english["cells"]) == len(vietnamese["cells"])
    for en, vi in zip(english["cells"], vietnamese["cells"], strict=True):
        assert (en["id"], en["cell_type"], en["metadata"]) == (
            vi["id"],
            vi["cell_type"],
            vi["metadata"],
        )
        if en["cell_type"] == "code":
            assert _code_tokens("".join(en["source"])) == _code_tokens("".join(vi["source"]))
    assert solution_lines(english) == solution_lines(vietnamese)
    assert hidden_lines(english) == hidden_lines(vietnamese)


VIETNAMESE_SENTENCES = {
    "01-orientation": [
        "Python giống như một chiếc máy tính bỏ túi biết ghi nhớ.",
        "### Bài tập 1 (2 điểm)",
        'print("Năm nay Liên hiệp dự kiến tổ chức", activities_planned, "hoạt động.")',
        '"dữ liệu mẫu có đối tác: n_partners phải lớn hơn 0"',
    ],
    "02-data-model": [
        "Sửa nghĩa là thay các giá trị sai, không bao giờ xóa bản ghi",
        "| country (quốc gia) | Hàn Quốc (mã hai chữ cái `KR`) |",
    ],
    "07-planning": ["## 3. Phân bổ ngân sách trong các ràng buộc"],
}


@pytest.mark.parametrize("assignment", TRANSLATED)
def test_vietnamese_notebook_has_no_english_paragraph(vi_course: Path, assignment: str) -> None:
    nb = _notebook(vi_course, assignment)
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    everything = "\n".join("".join(c["source"]) for c in nb["cells"])
    for sentence in VIETNAMESE_SENTENCES.get(assignment, []):
        assert sentence in everything
    english = [
        t
        for cell in read_authoring(COURSE / "authoring" / f"{assignment}.py")
        if cell.markdown
        for t, kind in units(cell.source, True)
        if kind in {"paragraph", "list item"} and len(t.split()) >= 5
    ]
    assert len(english) > 10
    assert [t for t in english if t in markdown] == []


def test_untranslated_or_changed_text_stops_the_build(tmp_path: Path) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    authoring = root / "authoring" / f"{FIRST}.py"
    changed = authoring.read_text(encoding="utf-8").replace(
        "Python works like a calculator", "Python works like a pocket calculator"
    )
    authoring.write_text(changed + "\n# %% [markdown]\n# A paragraph nobody translated.\n")
    runner = CliRunner()
    env = {"COLUMNS": "300"}
    done = runner.invoke(app, ["course", "i18n", FIRST, "--course", str(root)], env=env)
    assert done.exit_code == 0, done.output
    catalogue = catalogue_path(root, "vi", FIRST)
    assert f"updated: {catalogue}" in done.output
    built = runner.invoke(
        app, ["course", "build", FIRST, "--lang", "vi", "--course", str(root)], env=env
    )
    assert built.exit_code != 0
    message = " ".join(built.output.split())
    assert f"{FIRST} cannot be built in vi: 2 text(s) of {FIRST}.po are not ready" in message
    assert "no translation of the paragraph 'A paragraph nobody translated.'" in message
    assert "'Python works like a pocket calculator that remembers." in message
    assert "is marked fuzzy (review it)" in message
    assert f"Translate them in {catalogue}" in message
    assert not (root / "vi" / "release").exists()  # nothing half-built
    assert not (root / "release").exists()  # and the English course untouched


def test_a_translation_must_keep_code_spans(tmp_path: Path) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    catalogue = catalogue_path(root, "vi", FIRST)
    po = catalogue.read_text(encoding="utf-8")
    wrong = po.replace("biến tên là `n_partners`", "biến tên là n_partners")
    assert wrong != po
    catalogue.write_text(wrong, encoding="utf-8")
    with pytest.raises(CourseError) as info:
        translated_course(root, tmp_path / "vi", "vi", [FIRST])
    message = str(info.value)
    assert 'changes its code, links or fields: keep `"partners"`' in message
    assert "`n_partners`" in message
    with pytest.raises(CourseError, match="unknown course language 'fr'; use one of en, vi"):
        translated_course(root, tmp_path / "fr", "fr", [FIRST])


# -- through nbgrader ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CourseCheck:
    workdir = tmp_path_factory.mktemp("course-check-vi")
    return check_course(COURSE, TRANSLATED, workdir=workdir, jobs=2, lang="vi")


def test_every_vietnamese_assignment_checks_out(checked: CourseCheck) -> None:
    assert checked.problems == []
    assert checked.root is not None
    assert Course(checked.root).language == "vi"


@pytest.mark.parametrize("assignment", TRANSLATED)
def test_vietnamese_solution_full_release_zero_mistake_partial(
    checked: CourseCheck, assignment: str
) -> None:
    root = full_zero_partial(checked, assignment)
    release = root / "release" / assignment / f"{assignment}.ipynb"
    assert "Bài tập 1" in release.read_text(encoding="utf-8")


def test_grader_and_feedback_notes_are_in_vietnamese(checked: CourseCheck) -> None:
    assert checked.root is not None
    page = checked.root / "feedback" / "mistake" / FIRST / f"{FIRST}.html"
    shown = page.read_text(encoding="utf-8")
    graded = checked.root / "autograded" / "mistake" / FIRST / f"{FIRST}.ipynb"
    errors = [
        out["evalue"]
        for cell in json.loads(graded.read_text(encoding="utf-8"))["cells"]
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    note = text("The grader's hidden checks did not accept this answer.", "vi")
    assert note != "The grader's hidden checks did not accept this answer."
    assert note in errors
    assert text(REDACTED_NOTE, "vi") in shown
    assert REDACTED_NOTE not in shown


def test_lab_preview_and_trainee_package_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    for other in Course(root).assignments():
        if other != FIRST:
            shutil.rmtree(root / "source" / other)
            (root / "authoring" / f"{other}.py").unlink()
    launched = record_lab(monkeypatch)
    work = tmp_path / "work"
    args = ["course", "lab", "--course", str(root), "--workspace", str(work), "--lang", "vi"]
    result = CliRunner().invoke(app, [*args, "--no-browser"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert len(launched) == 1
    opened = (work / FIRST / f"{FIRST}.ipynb").read_text(encoding="utf-8")
    assert "Python giống như một chiếc máy tính bỏ túi biết ghi nhớ." in opened
    assert "# YOUR CODE HERE" in opened  # the exercises are released, without solutions
    assert 'ds.counts()[\\"partners\\"]' not in opened
    assert (root / "vi" / "release" / FIRST).is_dir()
    assert not (root / "release").exists()  # the English course is not built
    package = tmp_path / "ppd-course-vi.zip"
    packed = CliRunner().invoke(app, ["course", "pack", str(package), "--course", str(root / "vi")])
    assert packed.exit_code == 0, packed.output
    with zipfile.ZipFile(package) as zf:
        readme = zf.read("ppd-course/README.md").decode("utf-8")
        notebook = zf.read(f"ppd-course/{FIRST}/{FIRST}.ipynb").decode("utf-8")
    assert readme.startswith("# Lập kế hoạch dựa trên dữ liệu trong công tác đối ngoại nhân dân")
    assert "python3 ppd-course/start.py" in readme
    assert "Python giống như một chiếc máy tính bỏ túi biết ghi nhớ." in notebook
