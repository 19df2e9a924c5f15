"""Data in is data kept: files built to break a reader give one clear problem each, and the
rest of the file is imported (mixed encodings, mojibake, wrong cell counts, trailing commas,
huge cells)."""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import TODAY
from ppd_core.errors import FileFormatError
from ppd_core.i18n import text
from ppd_core.io import read_csv, read_excel
from test_io import ORGS, to_cp1258

HEAD = "id,title,lead_organisation_id,kind,status,planned_start,follow_up_of\n"
TITLES = ["Hội nghị hữu nghị", "Gặp mặt Đắk Lắk", "Tọa đàm Huế", "Giao lưu Cần Thơ", "Hội thảo"]


def _row(k: int, title: str) -> str:
    return f"A-{k},{title},ORG-1,conference_forum,closed,01/02/2025,\n"


def _write(folder: Path, activities: bytes, orgs: bytes = ORGS.encode()) -> Path:
    folder.mkdir()
    (folder / "organisations.csv").write_bytes(orgs)
    (folder / "activities.csv").write_bytes(activities)
    return folder


def test_a_windows_1258_file_with_utf8_lines_is_read_line_by_line(tmp_path: Path) -> None:
    # Lines 2, 4, 6 in Windows-1258, lines 3 and 5 pasted in as UTF-8.
    lines = [to_cp1258(HEAD)]
    for k, title in enumerate(TITLES, start=1):
        row = _row(k, title)
        lines.append(row.encode() if k in (2, 4) else to_cp1258(row))
    result = read_csv(_write(tmp_path / "in", b"".join(lines)), today=TODAY)
    assert result.encodings["activities.csv"] == "cp1258"
    assert [(p.row, p.code) for p in result.report] == [(3, "PPD002"), (5, "PPD002")]
    assert "Line 3 is in another text encoding (UTF-8)" in result.report[0].message
    kept = {a.id: a.title for a in result.dataset.activities}
    assert kept == {"A-1": TITLES[0], "A-3": TITLES[2], "A-5": TITLES[4]}  # exact, in NFC
    rejected = result.rejected["activities"]
    assert rejected["title"].tolist() == [TITLES[1], TITLES[3]]  # read right, not garbled
    assert not any("»" in t or "Ã" in t for t in [*kept.values(), *rejected["title"]])


def test_mojibake_lines_of_a_utf8_file_are_reported_not_stored(tmp_path: Path) -> None:
    garbled = TITLES[0].encode().decode("cp1258")  # what a wrong round trip leaves
    assert garbled.startswith("Há»™i")
    body = HEAD + _row(1, TITLES[1]) + _row(2, garbled) + _row(3, TITLES[2])
    result = read_csv(_write(tmp_path / "in", body.encode()), today=TODAY)
    assert [(p.row, p.record_id) for p in result.report] == [(3, "A-2")]
    assert "Line 3 is garbled text" in result.report[0].message
    assert result.dataset.activities.ids() == ["A-1", "A-3"]


@pytest.mark.parametrize("header_comma", [False, True])
def test_a_trailing_comma_on_every_row_is_read_right(tmp_path: Path, header_comma: bool) -> None:
    head, row = ORGS.splitlines()
    orgs = (
        f"{head}{',' if header_comma else ''}\n{row},\nORG-2,Hội Huế,provincial_union,provincial,\n"
    )
    acts = HEAD + _row(1, TITLES[0])
    result = read_csv(_write(tmp_path / "in", acts.encode(), orgs.encode()), today=TODAY)
    assert list(result.report) == []
    assert [(o.id, o.name_vi) for o in result.dataset.organisations] == [
        ("ORG-1", "Liên hiệp"),
        ("ORG-2", "Hội Huế"),
    ]


def test_a_200_cell_row_next_to_a_5_mb_cell_is_one_problem(tmp_path: Path) -> None:
    wide = "A-2," + ",".join(f"x{k}" for k in range(199)) + "\n"
    huge = "Báo cáo " + "dài " * 1_250_000  # 5 MB of text in one cell
    short = "A-4,Too short,ORG-1\n"
    body = HEAD + _row(1, TITLES[0]) + wide + _row(3, huge) + short + _row(5, TITLES[4])
    result = read_csv(_write(tmp_path / "in", body.encode()), today=TODAY)
    by_row = {p.row or 0: p for p in result.report}
    assert sorted(by_row) == [3, 5]  # one problem each, nothing about shifted values
    assert by_row[3].message.startswith("The row has 200 cells but the header names 7 columns")
    assert by_row[5].message.startswith("The row has 3 cells but the header names 7 columns")
    assert result.dataset.activities.ids() == ["A-1", "A-3", "A-5"]
    assert result.dataset.activities.get("A-3").title == huge.strip()
    assert result.rejected["activities"]["row"].tolist() == [3, 5]


def test_whole_row_problems_speak_vietnamese() -> None:
    msgid = (
        "The row has {cells} cells but the header names {columns} columns, so its values "
        "cannot be matched to the columns; it was not imported. Check the row's separators "
        "and quotes (a value holding the separator must be in double quotes) and import it "
        "again."
    )
    vi = text(msgid, "vi", cells=200, columns=10)
    assert vi != text(msgid, "en", cells=200, columns=10)
    assert "200" in vi
    assert "10" in vi


# -- workbook bombs under the size cap ---------------------------------------------------------


def _workbook(folder: Path, name: str, edit: Callable[[bytes], bytes], rows: int = 1) -> Path:
    """A one-sheet workbook of organisations, its sheet XML passed through ``edit``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "organisations"
    ws.append(["id", "name_vi", "type", "level"])
    for k in range(rows):
        ws.append([f"ORG-{k}", "Liên hiệp", "central_standing_body", "central"])
    plain = folder / "plain.xlsx"
    wb.save(plain)
    target = folder / name
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            out.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return target


def test_a_workbook_packed_like_a_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    pad = b"<!--" + b" " * (64 << 20) + b"-->"  # 64 MiB of nothing, well under the 1 GiB cap
    path = _workbook(
        tmp_path, "bomb.xlsx", lambda xml: xml.replace(b"<sheetData>", pad + b"<sheetData>")
    )
    assert path.stat().st_size < 200_000
    started = time.monotonic()
    with pytest.raises(
        FileFormatError,
        match=r"bomb\.xlsx: part xl/worksheets/sheet1\.xml "
        r"unpacks to 67,1\d\d,\d\d\d bytes .* more than 100:1",
    ):
        read_excel(path)
    assert time.monotonic() - started < 5


def test_a_sheet_declaring_too_many_rows_is_refused(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path, "tall.xlsx", lambda xml: xml.replace(b'ref="A1:D2"', b'ref="A1:D2000000"')
    )
    with pytest.raises(FileFormatError, match="declares 2,000,000 rows, more than the 1,048,576"):
        read_excel(path)


def test_rows_and_time_are_counted_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ppd_core.io import excel

    undeclared = _workbook(
        tmp_path, "long.xlsx", lambda xml: re.sub(rb"<dimension[^>]*>", b"", xml), rows=2500
    )
    assert read_excel(undeclared).accepted["organisations"] == 2500
    monkeypatch.setattr(excel, "MAX_ROWS", 2000)
    with pytest.raises(FileFormatError, match="has more than 2,000 rows"):
        read_excel(undeclared)
    monkeypatch.setattr(excel, "MAX_ROWS", 10_000)
    monkeypatch.setattr(excel, "MAX_SECONDS", 0.0)
    with pytest.raises(FileFormatError, match=r"took more than 0 seconds \(at row 1,000\)"):
        read_excel(undeclared)


def test_a_cell_in_the_last_column_does_not_widen_every_row(tmp_path: Path) -> None:
    def far(xml: bytes) -> bytes:  # one more cell in column XFD (16,384) on every data row
        return re.sub(
            rb"(<row r=\"(\d+)\"[^>]*>)",
            lambda m: m[1] + b'<c r="XFD' + m[2] + b'"><v>1</v></c>' if m[2] != b"1" else m[1],
            xml,
        )

    path = _workbook(tmp_path, "wide.xlsx", far, rows=20_000)
    started = time.monotonic()
    result = read_excel(path)
    assert time.monotonic() - started < 60
    assert result.accepted["organisations"] == 20_000
