"""A user's mistakes on the ``ppd`` command line: a short message and the documented exit code.

Each row of :data:`MISTAKES` is one mistake, run through the real ``ppd`` application; the test
asserts the exit code (0 done, 1 failed, 2 usage, 3 done with rejected rows), the words of the
message (what, where, how to fix), that no traceback is shown, and that nothing was created.
The database is a small one made here: a provincial union, one member club and one partner.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from typer.testing import CliRunner

from ppd_core.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}

ORGANISATIONS = (
    "id,name_vi,name_en,type,level,parent_id\n"
    "QN-UFO,Liên hiệp Quảng Ninh,Quang Ninh Union,provincial_union,provincial,\n"
    "QN-CLB-A,CLB Hữu nghị A,Friendship Club A,member_association,grassroots,QN-UFO\n"
)
PARTNERS = (
    "id,name,country,type,first_engaged,status,contact_name,contact_email\n"
    "P-JP-1,Japan Friendship Society,JP,friendship_organisation,2019-01-01,active,"
    "Tanaka Hiroshi,tanaka@example.org\n"
)
BAD_PARTNER = (
    "id,name,country,type,first_engaged,status\n"
    "P-LA-1,Lao Friendship Union,LA,friendship_association,2020-05-01,active\n"
)


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder with ``db.sqlite`` (two organisations and one partner) and the input files."""
    good = tmp_path / "good"
    good.mkdir()
    (good / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (good / "partners.csv").write_text(PARTNERS, encoding="utf-8")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "partners.csv").write_text(BAD_PARTNER, encoding="utf-8")
    made = runner.invoke(app, ["db", "import", str(good), "-d", str(tmp_path / "db.sqlite")])
    assert made.exit_code == 0, made.output
    (tmp_path / "empty.sqlite").write_bytes(b"")
    (tmp_path / "notes.sqlite").write_text("not a database\n" * 100, encoding="utf-8")
    sqlite3.connect(tmp_path / "plain.sqlite").execute("CREATE TABLE t (x)").connection.close()
    return tmp_path


# (command line with {tmp} for the test's folder, exit code, words the message must hold)
MISTAKES: list[tuple[str, int, tuple[str, ...]]] = [
    # a file that is not there
    ("db import {tmp}/nofile.csv -d {tmp}/db.sqlite", 1, ("Cannot read", "nofile.csv", "no such")),
    # a PostgreSQL server that refuses the connection (port 1: nothing listens there)
    (
        "db stats -d postgresql://nobody:secret@127.0.0.1:1/ppd",
        1,
        ("Cannot open the database postgresql://nobody:***@127.0.0.1:1/ppd", "server runs"),
    ),
    # a database ppd_core does not work with
    (
        "db stats -d mysql://root@localhost/ppd",
        1,
        ("cannot use a mysql database", "PostgreSQL URL"),
    ),
    (
        "db stats -d mysql://root@localhost/ppd --lang vi",
        1,
        ("không dùng được cơ sở dữ liệu mysql", "PostgreSQL"),
    ),
    # an organisation that is not in the database: the known ones are listed
    (
        "report --organisation NOPE --year 2025 -d {tmp}/db.sqlite",
        2,
        ("There is no organisation 'NOPE'", "QN-CLB-A, QN-UFO"),
    ),
    ("plan --organisation NOPE --year 2026 -d {tmp}/db.sqlite", 2, ("organisation 'NOPE'",)),
    # an organisation without indicators: nothing to plan, and how to add them
    ("plan --organisation QN-UFO --year 2026 -d {tmp}/db.sqlite", 1, ("No indicators", "QN-UFO")),
    # read-only commands on a database that does not exist: said, and nothing created
    ("db stats -d {tmp}/no/such/x.sqlite", 1, ("There is no database at", "ppd db init")),
    ("db export {tmp}/out.json -d {tmp}/no/such/x.sqlite", 1, ("There is no database at",)),
    ("db dedupe -d {tmp}/no/such/x.sqlite", 1, ("There is no database at",)),
    ("report --organisation QN-UFO --year 2025 -d {tmp}/no/x.sqlite", 1, ("no database",)),
    ("plan --organisation QN-UFO --year 2026 -d {tmp}/no/x.sqlite", 1, ("no database",)),
    ("db stats -d {tmp}/no/such/x.sqlite --lang vi", 1, ("Không có cơ sở dữ liệu",)),
    # an empty file, and a file that is not a database
    ("db stats -d {tmp}/empty.sqlite", 1, ("empty.sqlite is not a ppd_core", "ppd db init")),
    ("db stats -d {tmp}/notes.sqlite", 1, ("notes.sqlite is not a ppd_core database",)),
    ("db stats -d {tmp}/plain.sqlite", 1, ("holds no ppd_core database (no tables)",)),
    # rows rejected: the good ones saved, the bad ones written out, exit code 3
    (
        "db import {tmp}/bad -d {tmp}/db.sqlite",
        3,
        ("1 problem", "PPD104", "friendship_association", "bad.rejected.xlsx"),
    ),
    # a proposals file that is not there, or is not a workbook or CSV file
    (
        "plan --organisation QN-UFO --year 2026 -d {tmp}/db.sqlite --proposals {tmp}/p.xlsx",
        1,
        ("There is no file or folder", "p.xlsx", "Check the path"),
    ),
    (
        "report --organisation QN-UFO --year 2025 -d {tmp}/db.sqlite "
        "--proposals {tmp}/notes.sqlite",
        1,
        ("Cannot read notes.sqlite", ".xlsx workbook or a .csv file"),
    ),
    # usage mistakes
    ("db stats --lang fr", 2, ("use en or vi",)),
    ("db export {tmp}/out -d {tmp}/db.sqlite --format xml", 2, ("use csv or parquet",)),
    ("plan --organisation QN-UFO --year 2026 --method magic", 2, ("linear, holt or mean",)),
]


def _run(line: str, tmp: Path) -> tuple[int, str]:
    result = runner.invoke(app, line.format(tmp=tmp).split(), env=WIDE)
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(("line", "code", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_gets_a_short_message_and_its_exit_code(
    place: Path, line: str, code: int, words: tuple[str, ...]
) -> None:
    before = sorted(p.name for p in place.rglob("*"))
    exit_code, output = _run(line, place)
    assert exit_code == code, output
    for word in words:
        assert word in output
    assert "Traceback" not in output
    assert len(output) < 900  # one or two sentences (and at most a few problems listed)
    created = sorted({p.name for p in place.rglob("*")} - set(before))
    assert created in ([], ["bad.rejected.xlsx"])  # no folder, no database
    assert (place / "empty.sqlite").stat().st_size == 0


def test_a_refused_password_is_one_short_message(place: Path) -> None:
    """The server answers, but refuses the password: said in two lines, the password hidden."""
    url = os.environ.get("PPD_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server: set PPD_TEST_POSTGRES_URL (CI's .ci/postgres.sh does)")
    parts = urlsplit(url)
    wrong = parts._replace(
        netloc=f"{parts.username}:not-the-password@{parts.hostname}:{parts.port}"
    )
    exit_code, output = _run(f"db stats -d {urlunsplit(wrong)}", place)
    assert exit_code == 1, output
    assert "password authentication failed" in output
    assert "not-the-password" not in output
    assert "address, user and password are right" in output
    assert "Traceback" not in output
    assert len(output) < 400


def test_the_installed_command_shows_no_traceback(tmp_path: Path) -> None:
    ppd = Path(sys.executable).with_name("ppd")
    done = subprocess.run(
        [str(ppd), "db", "stats", "-d", str(tmp_path / "none" / "x.sqlite")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("There is no database at")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "none").exists()


def test_export_leaves_personal_data_out_unless_asked(place: Path) -> None:
    db = str(place / "db.sqlite")
    code, output = _run(f"db export {place}/plain.json -d {db}", place)
    assert code == 0, output
    assert "Exported to" in output
    assert "2 organisations" in output
    assert "Personal data (contact persons, award recipients) was left out" in output
    assert "Tanaka" not in (place / "plain.json").read_text(encoding="utf-8")
    code, output = _run(f"db export {place}/full.json -d {db} --personal-data", place)
    assert code == 0, output
    assert "left out" not in output
    assert "Tanaka Hiroshi" in (place / "full.json").read_text(encoding="utf-8")


def test_help_shows_no_placeholders_or_markup() -> None:
    for command in (
        ["--help"],
        ["demo", "--help"],
        ["report", "--help"],
        ["plan", "--help"],
        ["db", "import", "--help"],
        ["db", "export", "--help"],
        ["db", "template", "--help"],
        ["course", "export", "--help"],
    ):
        result = runner.invoke(app, command, env=WIDE)
        assert result.exit_code == 0, result.output
        assert "{" not in result.output, command
        assert "``" not in result.output, command
    usage = runner.invoke(app, ["db", "import", "--help"], env=WIDE).output
    assert "Usage: ppd db import [OPTIONS] PATH" in usage


def test_every_exit_code_is_documented() -> None:
    from ppd_core._exits import ExitCode

    page = (Path(__file__).parents[1] / "docs" / "reference" / "cli.md").read_text("utf-8")
    for code in ExitCode:
        assert f"\n| {int(code)} | " in page, code


def test_ppd_lang_makes_vietnamese_the_default(place: Path) -> None:
    missing = ["db", "stats", "-d", str(place / "no" / "x.sqlite")]
    vi = runner.invoke(app, missing, env={**WIDE, "PPD_LANG": "vi"})
    assert vi.exit_code == 1
    assert "Không có cơ sở dữ liệu" in vi.output
    # --lang on the command line wins over the variable
    en = runner.invoke(app, [*missing, "--lang", "en"], env={**WIDE, "PPD_LANG": "vi"})
    assert "There is no database at" in " ".join(en.output.split())
    wrong = runner.invoke(app, ["db", "stats"], env={**WIDE, "PPD_LANG": "fr"})
    assert wrong.exit_code == 2
    assert "use en or vi" in wrong.output
