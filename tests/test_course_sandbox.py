"""A cohort of honest and cheating trainees, graded in the sandbox with one command.

Each cheat is one a trainee who wants marks without the work would try on assignment 01
(6 autograded points): rebinding the library function the hidden test recomputes with, an
IPython input transformer that turns asserts into ``pass`` and one that turns ``assert x ==
y`` into ``x = y``, rebinding the builtin ``len`` the hidden test uses, silencing ``print``,
reading ``source/`` and printing it, printing the test cells run so far (IPython's ``In``),
exec'ing the instructor's notebook, a detached process that tries to write the gradebook
and outlives its cell, a kernel that kills its parent process, and 100 MB of output. Each
gets no undeserved mark or is flagged for review with its reason; the honest trainees'
scores are those graded without any cheater (6 and 4).
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from ppd_core.course import Course, CourseError, _sandbox
from ppd_core.course.checking import copy_course, hidden_lines, submit
from ppd_core.course.grading import grade_id

COURSE = Path(__file__).resolve().parents[1] / "course"
FIRST = "01-orientation"
SLEEP_MARK = "31337"

pytestmark = pytest.mark.skipif(
    not _sandbox.available(), reason="no bubblewrap sandbox here (apt-get install bubblewrap)"
)


def _with(nb: dict[str, Any], gid: str, code: str) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(nb))
    next(c for c in copy["cells"] if grade_id(c) == gid)["source"] = code
    return copy


def _code(nb: dict[str, Any], gid: str) -> str:
    return "".join(next(c for c in nb["cells"] if grade_id(c) == gid)["source"])


def _cheats(root: Path, source: dict[str, Any]) -> dict[str, dict[str, Any]]:
    secret = root / "source" / FIRST / f"{FIRST}.ipynb"
    answer = "participants_2025 = 7\n"
    return {
        "full": source,
        "partial": _with(source, "count_training", "n_training = 3"),
        "rebind": _with(
            source,
            "participants_2025",
            answer + "import pandas as pd\n"
            "metrics.volume = lambda an, by: pd.DataFrame({'year': [2025], 'participants': [7]})",
        ),
        "transformer": _with(
            source,
            "count_training",
            "n_training = 1\n"
            "def _quiet(lines):\n"
            "    return ['pass\\n' if 'assert' in line else line for line in lines]\n"
            "get_ipython().input_transformers_post.append(_quiet)",
        ),
        "builtin": _with(source, "count_partners", "def len(x):\n    return 7\nn_partners = 7"),
        "reader": _with(
            source,
            "count_partners",
            f"try:\n    print(open({str(secret)!r}).read())\n"
            "except OSError as exc:\n    print('blocked:', exc)\nn_partners = 7",
        ),
        "execsol": _with(
            source,
            "count_partners",
            f"nb = __import__('json').load(open({str(secret)!r}))\n"
            "for c in nb['cells']:\n    exec(''.join(c['source']))",
        ),
        "detached": _with(
            source,
            "count_partners",
            "import subprocess, sys\n"
            f"subprocess.Popen(['sleep', '{SLEEP_MARK}'], start_new_session=True)\n"
            "code = 'import sqlite3; sqlite3.connect(%r).execute(\"drop table grade\")'\n"
            f"subprocess.Popen([sys.executable, '-c', code % {str(root / 'gradebook.db')!r}],"
            " start_new_session=True)\n"
            "n_partners = 7",
        ),
        "killer": _with(source, "count_training", "import os\nos.kill(os.getppid(), 9)"),
        "steer": _with(
            source,
            "count_training",
            "n_training = 1\n"
            "import re\n"
            "def _steer(lines):\n"
            "    pattern = r'^assert (\\w+) == (.+)$'\n"
            "    return [re.sub(pattern, r'\\1 = \\2', line) for line in lines]\n"
            "get_ipython().input_transformers_post.append(_steer)",
        ),
        "silencer": _with(
            source,
            "count_partners",
            "n_partners = ds.counts()['partners']\n"
            "import builtins\nbuiltins.print = lambda *args, **kwargs: None",
        ),
        "history": _with(
            source,
            "participants_2025",
            _code(source, "participants_2025") + "\nprint('\\n'.join(In))",
        ),
        "flood": _with(
            source,
            "count_partners",
            "for _ in range(40):\n    print('x' * 500_000)\nn_partners = 7",
        ),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = copy_course(COURSE, tmp_path_factory.mktemp("sandbox") / "course")
    course = Course(root)
    course.build([FIRST])
    source = json.loads((root / "source" / FIRST / f"{FIRST}.ipynb").read_text("utf-8"))
    cheats = _cheats(root, source)
    for student, nb in cheats.items():
        submit(root, student, FIRST, nb, name=FIRST, stamp="2026-11-20 09:30:00.000000 UTC")
    report = course.grade([FIRST], jobs=2, timeout=120)
    return root, {o.student: o for o in report.outcomes}


def _feedback(root: Path, student: str) -> str:
    """The text a trainee reads on their feedback page (code is split by highlighting tags)."""
    html = (root / "feedback" / student / FIRST / f"{FIRST}.html").read_text("utf-8")
    return unescape(re.sub(r"<[^>]+>", "", html))


def _alive(mark: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if mark in cmd.split():
            found.append(cmd)
    return found


def test_honest_scores_unchanged_and_unflagged(graded: tuple[Path, dict[str, Any]]) -> None:
    _, got = graded
    assert (got["full"].auto_score, got["full"].auto_max) == (6.0, 6.0)
    assert got["partial"].auto_score == 4.0
    assert got["full"].review == []
    assert got["partial"].review == []


def test_every_cheat_is_flagged_with_its_reason(graded: tuple[Path, dict[str, Any]]) -> None:
    _, got = graded
    reasons = {s: " | ".join(o.review) for s, o in got.items()}
    assert "rebinds a library attribute (metrics.volume)" in reasons["rebind"]
    assert "ppd_core.metrics.volume was replaced" in reasons["rebind"]
    assert "input transformers" in reasons["transformer"]
    assert "input_transformers_post were changed" in reasons["transformer"]
    assert "rebinds the builtin 'len', which the tests use" in reasons["builtin"]
    assert "names course files" in reasons["reader"]
    assert "runs code built as text (exec)" in reasons["execsol"]
    assert "input transformers" in reasons["steer"]
    assert "imports the builtins module" in reasons["silencer"]
    assert "starts other programs (subprocess)" in reasons["detached"]
    assert "names course files" in reasons["detached"]


def test_no_undeserved_marks(graded: tuple[Path, dict[str, Any]]) -> None:
    root, got = graded
    # Expected values are the instructor's, compared outside the kernel: steering the
    # kernel (a rebound library function, a transformer that turns asserts into ``pass``
    # or hidden tests into assignments) earns nothing for the exercise it steered.
    assert got["rebind"].auto_score == 4.0
    assert got["transformer"].auto_score == 4.0
    assert got["steer"].auto_score == 4.0
    # Its own ``len`` returns 7, so n_partners = 7 is not the 47 partners and n_training
    # (counted with that ``len``) is 7 too: only participants_2025 earns its 2 marks.
    assert got["builtin"].auto_score == 2.0
    # Silencing print silences the grader's report too: no answer after it is accepted.
    assert got["silencer"].auto_score == 0.0
    # Reading or exec'ing the instructor's notebook finds nothing: the sandbox hides it.
    assert got["reader"].auto_score == 4.0  # n_partners = 7 is wrong
    assert got["execsol"].auto_score == 4.0
    page = _feedback(root, "reader")
    assert "blocked:" in page
    source = json.loads((root / "source" / FIRST / f"{FIRST}.ipynb").read_text("utf-8"))
    for line in hidden_lines(source):
        assert line not in page


def test_printed_test_cells_show_no_hidden_test(graded: tuple[Path, dict[str, Any]]) -> None:
    """A trainee who prints the kernel's input history (every cell run so far, test cells
    included) earns the marks of a right answer, and the feedback shows no hidden test."""
    root, got = graded
    assert got["history"].auto_score == 6.0
    page = _feedback(root, "history")
    assert "_ppd_judge" in page  # the history was printed, judge cells and all
    assert page.count("assert n_partners > 0") == 2  # in its cell and in the history
    source = json.loads((root / "source" / FIRST / f"{FIRST}.ipynb").read_text("utf-8"))
    secret = hidden_lines(source)
    assert len(secret) == 4
    assert [line for line in secret if line in page] == []


def test_sandbox_leaves_nothing_running_and_the_gradebook_whole(
    graded: tuple[Path, dict[str, Any]],
) -> None:
    root, got = graded
    assert _alive(SLEEP_MARK) == []
    # Killing its parent reaches only the sandbox's own init, never the grading worker.
    assert got["killer"].status == "graded"
    assert got["killer"].auto_score == 4.0
    assert got["detached"].status == "graded"
    assert got["detached"].auto_score == 4.0
    course = Course(root)
    table = course.grades_table().set_index("student_id")
    assert table.loc["full", FIRST] == 6.0
    # No submission changed another's grade: the gradebook holds what each was given.
    for student, outcome in got.items():
        if outcome.status == "graded":
            assert table.loc[student, FIRST] == outcome.auto_score, student


def test_output_is_cut_and_says_so(graded: tuple[Path, dict[str, Any]]) -> None:
    root, got = graded
    assert got["flood"].status == "graded"
    autograded = root / "autograded" / "flood" / FIRST / f"{FIRST}.ipynb"
    assert autograded.stat().st_size < 2_000_000
    assert "[output cut: this cell printed more than 256 kB]" in autograded.read_text("utf-8")


def test_export_names_the_flags(graded: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    import pandas as pd

    root, _ = graded
    sheets = pd.read_excel(Course(root).export_grades(tmp_path / "g.xlsx"), sheet_name=None)
    grades = sheets["grades"].set_index("student_id")
    details = sheets["details"].set_index("student_id")
    assert "flagged for review: " in str(grades.loc["rebind", "problems"])
    assert "metrics.volume" in str(details.loc["rebind", "flagged_for_review"])
    assert str(details.loc["full", "flagged_for_review"]) == "nan"  # an empty cell


def test_no_sandbox_refuses_unless_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_course(COURSE, tmp_path / "course")
    monkeypatch.setattr(_sandbox, "available", lambda: False)
    with pytest.raises(CourseError, match="--trust-submissions"):
        Course(root).grade([FIRST], students=[])
    assert os.path.exists(root / "source")


def test_the_folder_grading_started_from_is_not_mounted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m`` puts the working folder on the import path: a checkout of the course
    there (solutions, hidden tests) must not be readable from the sandbox."""
    checkout = tmp_path / "checkout"
    (checkout / "course" / "source").mkdir(parents=True)
    monkeypatch.chdir(checkout)
    monkeypatch.setattr("sys.path", ["", str(checkout), *__import__("sys").path])
    mounted = _sandbox.readonly_paths()
    assert str(checkout) not in mounted
    assert os.path.realpath(str(checkout)) not in mounted
    assert all(not p.startswith(str(checkout)) for p in mounted)
