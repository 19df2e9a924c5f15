"""A register as it is really laid out and typed: title rows, dotted thousands, other unions' ids.

Each register here is small and made by hand; the numbers expected are worked out below.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from ppd_core import Activity, Dataset, Organisation
from ppd_core.cli import app
from ppd_core.io import read_register, write_json

runner = CliRunner()

UNIONS = [
    Organisation(id="HN-UFO", name_vi="Liên hiệp Hà Nội", type="provincial_union",
                 level="provincial"),
    Organisation(id="HP-UFO", name_vi="Liên hiệp Hải Phòng", type="provincial_union",
                 level="provincial"),
]  # fmt: skip
HEADER = ["STT", "Mã hoạt động", "Tên hoạt động", "Loại hình", "Ngày bắt đầu",
          "Kinh phí (VNĐ)", "Số người tham gia"]  # fmt: skip


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _read(path: Path, **kw: object) -> object:
    return read_register(
        path, dataset=Dataset(organisations=UNIONS), defaults={"lead_organisation_id": "HN-UFO"},
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


# -- numbers as people type them --


def test_a_dotted_thousand_is_fifteen_hundred_never_one_and_a_half(tmp_path: Path) -> None:
    # No number of this register shows a convention (no 1.500.000, no 2,5); still, 1.500
    # VND, 1.200 participants and 2.000 USD can only be thousands: VND and USD have at most
    # two decimals and participants are counted whole.
    path = _csv(
        tmp_path / "r.csv",
        [
            [*HEADER, "Vận động được (USD)", "Đối tác"],
            ["1", "HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "1.500", "1.200", "", ""],
            ["2", "HD-2", "Giao lưu", "Hội thảo", "06/03/2025", "2,500", "35", "", ""],
        ],
    )
    result = _read(path)
    got = {a.id: a for a in result.dataset.activities}  # type: ignore[attr-defined]
    assert got["HD-1"].cost.amount == Decimal(1500)
    assert got["HD-1"].participants.total == 1200
    assert got["HD-2"].cost.amount == Decimal(2500)
    assert not [p for p in result.report if p.code in ("REG005", "REG006")]  # type: ignore[attr-defined]


def test_an_amount_that_could_be_either_is_read_by_its_column_and_reported(
    tmp_path: Path,
) -> None:
    # Kuwaiti dinars have three decimals, so 1.500 KWD may be one and a half: the column's
    # own 2.000.000 says a dot groups thousands, and the reading is reported (REG005).
    path = _csv(
        tmp_path / "r.csv",
        [
            ["Mã hoạt động", "Tên hoạt động", "Loại hình", "Ngày bắt đầu", "Kinh phí (KWD)"],
            ["HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "2.000.000"],
            ["HD-2", "Giao lưu", "Hội thảo", "06/03/2025", "1.500"],
        ],
    )
    result = _read(path)
    got = {a.id: a.cost.amount for a in result.dataset.activities}  # type: ignore[attr-defined]
    assert got == {"HD-1": Decimal(2000000), "HD-2": Decimal(1500)}
    notes = [p for p in result.report if p.code == "REG005"]  # type: ignore[attr-defined]
    assert [(p.row, p.value) for p in notes] == [(3, "1.500")]
    assert "'1.500' was read as 1500" in notes[0].message
    assert "--decimal-point" in notes[0].message
    # said otherwise by the user, the same cell is one and a half dinars, without a note
    chosen = _read(path, decimal_comma=False)
    amounts = {a.id: a.cost.amount for a in chosen.dataset.activities}  # type: ignore[attr-defined]
    assert amounts["HD-2"] == Decimal("1.5")
    assert not [p for p in chosen.report if p.code.startswith("REG00")]  # type: ignore[attr-defined]


def test_the_users_decimal_point_holds_and_a_count_of_one_and_a_half_is_refused(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path / "r.csv",
        [HEADER, ["1", "HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "1500", "1.500"]],
    )
    result = _read(path, decimal_comma=False)
    assert result.rejected_counts["activities"] == 1  # type: ignore[attr-defined]
    assert [p.field for p in result.report if p.code.startswith("PPD")] == [  # type: ignore[attr-defined]
        "participants.total"
    ]


# -- the header below a title --


def test_title_rows_above_the_header_are_reported_and_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    path = _csv(
        tmp_path / "r.csv",
        [
            ["SỔ THEO DÕI HOẠT ĐỘNG ĐỐI NGOẠI NHÂN DÂN NĂM 2025", "", ""],
            ["Đơn vị: Liên hiệp các tổ chức hữu nghị thành phố Hà Nội", "", ""],
            ["", "", ""],
            HEADER,
            ["1", "HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "1.500.000", "20"],
            ["2", "HD-2", "Giao lưu", "Hội thảo", "31/02/2025", "2.000.000", "30"],
        ],
    )
    result = _read(path)
    assert [a.id for a in result.dataset.activities] == ["HD-1"]  # type: ignore[attr-defined]
    where = [(p.code, p.row) for p in result.report]  # type: ignore[attr-defined]
    assert where == [("REG003", 1), ("REG003", 2), ("REG002", 4), ("PPD002", 6)]
    title = result.report[0]  # type: ignore[attr-defined]
    assert title.value == "SỔ THEO DÕI HOẠT ĐỘNG ĐỐI NGOẠI NHÂN DÂN NĂM 2025"
    assert "above the header row (4)" in title.message


def test_a_workbook_with_a_title_and_merged_heading_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["BÁO CÁO HOẠT ĐỘNG 2025"])
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(HEADER)
    ws.append([1, "HD-1", "Hội thảo", "Hội thảo", "05/03/2025", 1500000, 20])
    ws.append([2, "HD-2", "Giao lưu", "Hội thảo", "06/03/2025", "2.500", "1.200"])
    wb.save(tmp_path / "r.xlsx")
    result = _read(tmp_path / "r.xlsx")
    got = {a.id: a for a in result.dataset.activities}  # type: ignore[attr-defined]
    assert (got["HD-1"].cost.amount, got["HD-1"].participants.total) == (Decimal(1500000), 20)
    assert (got["HD-2"].cost.amount, got["HD-2"].participants.total) == (Decimal(2500), 1200)
    assert [(p.code, p.row) for p in result.report] == [("REG003", 1), ("REG002", 3)]  # type: ignore[attr-defined]


# -- another union's activities --


@pytest.fixture
def shared_database(tmp_path: Path) -> str:
    """A database where Hải Phòng already recorded HD-1 and Hà Nội HD-2."""
    db = str(tmp_path / "ppd.sqlite")
    known = Dataset(
        organisations=UNIONS,
        activities=[
            Activity(id="HD-1", title="Đón đoàn Lào", kind="delegation_inbound",
                     status="closed", lead_organisation_id="HP-UFO", actual_start=date(2025, 1, 9)),
            Activity(id="HD-2", title="Hội thảo cũ", kind="training_workshop",
                     status="closed", lead_organisation_id="HN-UFO", actual_start=date(2025, 1, 9)),
        ],
    )  # fmt: skip
    result = runner.invoke(app, ["db", "import", str(write_json(known, tmp_path / "k.json")),
                                 "-d", db])  # fmt: skip
    assert result.exit_code == 0, result.output
    return db


def test_a_register_never_overwrites_another_unions_activity(
    tmp_path: Path, shared_database: str
) -> None:
    path = _csv(
        tmp_path / "hn.csv",
        [
            HEADER,
            ["1", "HD-1", "Hội thảo Hà Nội", "Hội thảo", "05/03/2025", "1.500.000", "20"],
            ["2", "HD-2", "Hội thảo mới", "Hội thảo", "06/03/2025", "2.000.000", "30"],
        ],
    )
    args = ["db", "import", str(path), "--as", "activities", "--organisation", "HN-UFO"]
    done = runner.invoke(app, [*args, "-d", shared_database], env={"COLUMNS": "200"})
    assert done.exit_code == 3, done.output
    assert "[REG105]" in done.output
    assert "HP-UFO's activity 'Đón đoàn Lào'" in done.output
    shown = runner.invoke(app, ["db", "export", str(tmp_path / "all.json"), "-d", shared_database])
    assert shown.exit_code == 0, shown.output
    from ppd_core.io import read_json

    after = {a.id: a for a in read_json(tmp_path / "all.json").dataset.activities}
    assert (after["HD-1"].title, after["HD-1"].lead_organisation_id) == ("Đón đoàn Lào", "HP-UFO")
    assert after["HD-2"].title == "Hội thảo mới"  # Hà Nội's own activity is updated


# -- what the command says and how it ends --


def test_notes_alone_end_the_import_well_and_are_shown_in_vietnamese(
    tmp_path: Path, shared_database: str
) -> None:
    path = _csv(
        tmp_path / "hn.csv",
        [["Sổ theo dõi 2025"], HEADER,
         ["1", "HD-9", "Hội thảo", "Hội thảo", "05/03/2025", "1.500.000", "20"]],
    )  # fmt: skip
    args = ["db", "import", str(path), "--as", "activities", "--organisation", "HN-UFO"]
    done = runner.invoke(app, [*args, "-d", shared_database, "--lang", "vi"],
                         env={"COLUMNS": "200"})  # fmt: skip
    assert done.exit_code == 0, done.output  # a title row and the STT column: notes only
    assert "2 ghi chú" in done.output
    assert "[REG003] tệp hn.csv, dòng 1" in done.output
    assert not (tmp_path / "hn.rejected.xlsx").exists()


# -- merged cells, total rows, partners created by an earlier import --------------------------


def test_cells_merged_down_rows_give_each_row_their_value_and_are_reported(
    tmp_path: Path,
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Mã hoạt động", "Tên hoạt động", "Loại hình", "Ngày bắt đầu", "Quốc gia"])
    ws.append(["HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "Lào; Campuchia"])
    ws.append(["HD-2", "Giao lưu", "Giao lưu thanh niên", "06/03/2025", None])
    ws.append(["HD-3", "Đón đoàn", "Đón đoàn vào", "07/03/2025", "Nhật Bản"])
    ws.merge_cells("E2:E3")  # the two first activities share their countries
    wb.save(tmp_path / "r.xlsx")
    result = _read(tmp_path / "r.xlsx")
    shares = {
        a.id: [(c.country, c.percentage) for c in a.countries]
        for a in result.dataset.activities  # type: ignore[attr-defined]
    }
    assert shares == {
        "HD-1": [("LA", 50.0), ("KH", 50.0)],
        "HD-2": [("LA", 50.0), ("KH", 50.0)],
        "HD-3": [("JP", 100.0)],
    }
    notes = [p for p in result.report if p.code == "REG007"]  # type: ignore[attr-defined]
    assert [(p.row, p.value) for p in notes] == [(2, "Lào; Campuchia")]
    assert "Cells E2:E3 are merged" in notes[0].message


def test_a_total_row_is_reported_not_imported(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "r.csv",
        [
            HEADER,
            ["1", "HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "1.500.000", "20"],
            ["2", "HD-2", "Giao lưu", "Hội thảo", "06/03/2025", "2.000.000", "30"],
            ["", "", "TỔNG CỘNG", "", "", "3.500.000", "50"],
        ],
    )
    result = _read(path)
    assert [a.id for a in result.dataset.activities] == ["HD-1", "HD-2"]  # type: ignore[attr-defined]
    assert result.rejected_counts["activities"] == 0  # type: ignore[attr-defined]
    assert [(p.code, p.row, p.value) for p in result.report] == [  # type: ignore[attr-defined]
        ("REG002", 1, "STT"),
        ("REG004", 4, "TỔNG CỘNG"),
    ]


def test_a_partner_created_by_an_earlier_import_is_reused(tmp_path: Path) -> None:
    from ppd_core.io import read_mapping

    path = _csv(
        tmp_path / "r.csv",
        [
            ["Mã hoạt động", "Tên hoạt động", "Loại hình", "Ngày bắt đầu", "Đối tác"],
            ["HD-1", "Hội thảo", "Hội thảo", "05/03/2025", "Hội người Việt tại Lyon"],
        ],
    )
    mapping = tmp_path / "m.toml"
    first = _read(path)
    first.save_mapping(mapping)  # type: ignore[attr-defined]
    edited = mapping.read_text(encoding="utf-8").replace(
        '# "Hội người Việt tại Lyon" = "new:foreign_ngo"',
        '"Hội người Việt tại Lyon" = "new:overseas_vietnamese"',
    )
    mapping.write_text(edited, encoding="utf-8")
    once = read_register(path, read_mapping(mapping), dataset=Dataset(organisations=UNIONS),
                         defaults={"lead_organisation_id": "HN-UFO"})  # fmt: skip
    assert once.accepted["partners"] == 1
    made = once.dataset.partners[0]
    again = read_register(path, read_mapping(mapping), dataset=once.dataset,
                          defaults={"lead_organisation_id": "HN-UFO"})  # fmt: skip
    assert again.report.ok or {p.code for p in again.report} <= {"REG101"}
    assert again.accepted["partners"] == 0  # the partner made last time, linked again
    assert [p.partner_id for p in again.dataset.activities[0].partners] == [made.id]
