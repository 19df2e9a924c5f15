"""The ``ppd`` command line."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

import ppd_core
from ppd_core.cli import app
from ppd_core.store import Store

runner = CliRunner()
WIDE = {"COLUMNS": "140"}


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ppd_core {ppd_core.__version__}"


def test_demo_stores_reads_back_and_summarises(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    for heading in (
        "Activities by level of the lead organisation",
        "Activities by kind",
        "Activities by year",
        "Resources mobilised from partners (USD",
        "Validated",
        "read back identical",
    ):
        assert heading in result.output
    assert "Provincial/municipal" in result.output
    years = result.output[result.output.index("Activities by year") :]
    rows = [line.split() for line in years.splitlines()[4:10]]
    assert [(r[1], r[3]) for r in rows] == [  # year and activities, the sample's true counts
        ("2021", "30"),
        ("2022", "31"),
        ("2023", "35"),
        ("2024", "36"),
        ("2025", "44"),
        ("2026", "14"),
    ]
    assert (tmp_path / "ppd.sqlite").exists()
    review = tmp_path / "annual-review-VUFO-2025-en.html"
    assert review.exists()
    page = review.read_text(encoding="utf-8")
    assert 'id="plan"' in page
    assert "Proposed portfolio" in page  # the demo passes the sample's proposals explicitly
    assert "illustrative sample" in page
    assert "annual-review-VUFO-2025-en.html" in result.output.replace("\n", "")
    again = runner.invoke(app, ["demo", "--out", str(tmp_path)], env=WIDE)
    assert "(0 records written)" in again.output  # the second run changes nothing


def test_demo_in_vnd(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--currency", "vnd", "--out", str(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "(VND" in result.output


def test_db_init_stats_dedupe(tmp_path: Path) -> None:
    db = str(tmp_path / "x.sqlite")
    init = runner.invoke(app, ["db", "init", "-d", db], env=WIDE)
    assert init.exit_code == 0, init.output
    with Store(db) as store:  # the schema the database was brought to, as stored
        assert f"schema {store.revision()}" in init.output
    runner.invoke(app, ["demo", "--out", str(tmp_path)], env=WIDE)
    stats = runner.invoke(app, ["db", "stats", "-d", str(tmp_path / "ppd.sqlite")], env=WIDE)
    assert stats.exit_code == 0, stats.output
    assert "activities" in stats.output
    assert "190" in stats.output
    dedupe = runner.invoke(
        app, ["db", "dedupe", "-d", str(tmp_path / "ppd.sqlite"), "--threshold", "60"], env=WIDE
    )
    assert dedupe.exit_code == 0, dedupe.output


def test_db_template_export_import_round_trip(tmp_path: Path) -> None:
    from ppd_core.datasets import messy_frames, synthetic_frames
    from ppd_core.store import Store

    template = tmp_path / "mau.xlsx"
    made = runner.invoke(app, ["db", "template", str(template), "--lang", "vi"], env=WIDE)
    assert made.exit_code == 0, made.output
    assert template.stat().st_size > 5_000
    runner.invoke(app, ["demo", "--out", str(tmp_path)], env=WIDE)
    source = str(tmp_path / "ppd.sqlite")
    exported = runner.invoke(
        app,
        ["db", "export", str(tmp_path / "all.xlsx"), "-d", source, "--personal-data"],
        env=WIDE,
    )
    assert exported.exit_code == 0, exported.output
    target = str(tmp_path / "copy.sqlite")
    imported = runner.invoke(
        app, ["db", "import", str(tmp_path / "all.xlsx"), "-d", target], env=WIDE
    )
    assert imported.exit_code == 0, imported.output
    assert "190" in imported.output
    with Store(source) as a, Store(target) as b:
        assert a.load() == b.load()
    # a messy CSV folder: good rows saved, bad rows reported and written to a side file
    folder = tmp_path / "messy"
    folder.mkdir()
    for name, frame in messy_frames(synthetic_frames(seed=3, activities=300), seed=3).items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    messy = runner.invoke(
        app,
        ["db", "import", str(folder), "-d", target, "--rejected", str(tmp_path / "rejected.xlsx")],
        env=WIDE,
    )
    assert messy.exit_code == 3, messy.output  # done, with rejected rows
    assert " problems" in messy.output
    assert (tmp_path / "rejected.xlsx").exists()


def test_plan_and_report_on_a_database(tmp_path: Path) -> None:
    runner.invoke(app, ["demo", "--out", str(tmp_path)], env=WIDE)
    db = str(tmp_path / "ppd.sqlite")
    planned = runner.invoke(
        app,
        [
            "plan",
            "--organisation",
            "VUFO",
            "--year",
            "2026",
            "-d",
            db,
            "--stretch",
            "0.1",
            "--out",
            str(tmp_path / "targets.csv"),
        ],
        env=WIDE,
    )
    assert planned.exit_code == 0, planned.output
    assert "IND-VUFO-PARTNERS" in planned.output
    written = (tmp_path / "targets.csv").read_text(encoding="utf-8")
    assert "IND-VUFO-CEREMONIAL" in written
    numbers = re.findall(r"\d+\.\d+", written)
    assert numbers
    assert max(len(n.split(".")[1]) for n in numbers) <= 2  # 15.22, not 15.220000000000255
    nobody = runner.invoke(app, ["plan", "--organisation", "NOBODY", "--year", "2026", "-d", db])
    assert nobody.exit_code == 2
    reviewed = runner.invoke(
        app,
        [
            "report",
            "--organisation",
            "HN-UFO",
            "--year",
            "2025",
            "--lang",
            "vi",
            "-d",
            db,
            "--out",
            str(tmp_path / "reviews"),
        ],
        env=WIDE,
    )
    assert reviewed.exit_code == 0, reviewed.output
    assert "Đã ghi báo cáo tổng kết năm" in reviewed.output
    html = (tmp_path / "reviews" / "annual-review-HN-UFO-2025-vi.html").read_text("utf-8")
    assert 'id="targets"' in html
    assert "Chưa có đề xuất hoạt động nào" in html  # no proposals given: said plainly
