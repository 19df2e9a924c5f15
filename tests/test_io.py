"""Files in and out: round trips, text cells, rejections, formula injection, safety, template."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from helpers import TODAY
from ppd_core import Dataset
from ppd_core.datasets import load_sample, sample_excerpt, synthetic
from ppd_core.errors import PpdError
from ppd_core.io import (
    FileFormatError,
    ReadResult,
    excel_template,
    neutralise,
    parse_date,
    parse_number,
    read,
    read_csv,
    read_excel,
    read_json,
    read_parquet,
    restore,
    write_csv,
    write_excel,
    write_json,
    write_parquet,
)
from ppd_core.tables import SCHEMA

Writer = Callable[..., Any]
Reader = Callable[..., ReadResult]

FORMATS: dict[str, tuple[Writer, Reader, str]] = {
    "csv": (write_csv, read_csv, "csv"),
    "xlsx": (write_excel, read_excel, "data.xlsx"),
    "json": (write_json, read_json, "data.json"),
    "parquet": (write_parquet, read_parquet, "parquet"),
}


def _round_trip(ds: Dataset, fmt: str, folder: Path, **options: Any) -> ReadResult:
    write, read_back, name = FORMATS[fmt]
    target = folder / name
    write(ds, target, **options)
    return read_back(target, today=TODAY)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return load_sample()


def write_texts(folder: Path, tables: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


ORGS = "id,name_vi,type,level\nORG-1,Liên hiệp,central_standing_body,central\n"
PARTNERS = "id,name,country,type\nP-1,Hội hữu nghị Campuchia,KH,friendship_organisation\n"


# -- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_sample(sample: Dataset, fmt: str, tmp_path: Path) -> None:
    result = _round_trip(sample, fmt, tmp_path)
    assert result.report.ok, result.report.summary()
    assert result.ok
    assert result.dataset == sample
    assert result.accepted == {name: len(f) for name, f in sample.to_frames().items()}
    assert result.rejected == {}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_trip_synthetic(fmt: str, tmp_path: Path) -> None:
    ds = synthetic(seed=5, activities=500)
    result = _round_trip(ds, fmt, tmp_path)
    assert result.ok, result.report.summary()
    assert result.dataset == ds


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_reading_twice_gives_the_same(sample: Dataset, fmt: str, tmp_path: Path) -> None:
    write, read_back, name = FORMATS[fmt]
    target = tmp_path / name
    write(sample, target)
    first, second = read_back(target, today=TODAY), read_back(target, today=TODAY)
    assert first.dataset == second.dataset
    assert first.report == second.report
    # and writing what was read gives the same records again
    again = _round_trip(first.dataset, fmt, tmp_path / "again")
    assert again.dataset == first.dataset


def test_read_picks_the_format(sample: Dataset, tmp_path: Path) -> None:
    write_csv(sample, tmp_path / "csv")
    write_parquet(sample, tmp_path / "pq")
    write_excel(sample, tmp_path / "x.xlsx")
    write_json(sample, tmp_path / "x.json")
    for path in ("csv", "pq", "x.xlsx", "x.json", "csv/organisations.csv", "pq/partners.parquet"):
        result = read(tmp_path / path, today=TODAY)
        assert result.report.ok, path
    assert read(tmp_path / "csv", today=TODAY).dataset == sample
    assert read(tmp_path / "csv/partners.csv", today=TODAY).accepted["partners"] == 47
    (tmp_path / "csv" / "partners.parquet").write_bytes(b"PAR1")
    with pytest.raises(FileFormatError, match=r"both \.csv and \.parquet"):
        read(tmp_path / "csv")
    for name in ("x.txt", "x.xls"):
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(FileFormatError, match=name):
            read(tmp_path / name)


def test_csv_layout_is_spreadsheet_friendly(sample: Dataset, tmp_path: Path) -> None:
    files = write_csv(sample, tmp_path)
    assert [f.stem for f in files] == list(SCHEMA)
    data = (tmp_path / "activities.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel shows Vietnamese right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == SCHEMA["activities"].column_names
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["planned_start"] == "2021-01-05"  # ISO dates are unambiguous
    assert first["cost_amount"] == "55000000"  # no storage-scale zeros, no separators


# -- text cells: encodings, Unicode, dates, numbers ------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode as old Vietnamese software did: base letters, then tone marks as combining."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


NAME = "Liên hiệp các tổ chức hữu nghị Đắk Lắk"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (to_cp1258(f"id,name_vi,type,level\nORG-1,{NAME},provincial_union,provincial\n"), "cp1258"),
        (f"id,name_vi,type,level\nORG-1,{NAME},provincial_union,provincial\n".encode(), "utf-8"),
        (
            f"\ufeffid,name_vi,type,level\r\nORG-1,{NAME},provincial_union,provincial\r\n".encode(),
            "utf-8-sig",
        ),
        (
            f"\ufeffid\tname_vi\ttype\tlevel\nORG-1\t{NAME}\tprovincial_union\tprovincial\n".encode(
                "utf-16"
            ),
            "utf-16",
        ),
        (
            unicodedata.normalize(
                "NFD", f"id;name_vi;type;level\nORG-1;{NAME};provincial_union;provincial\n"
            ).encode(),
            "utf-8",
        ),
    ],
    ids=["cp1258", "utf-8", "utf-8-bom", "utf-16-tabs", "nfd-semicolons"],
)
def test_encodings_and_unicode(encoded: bytes, encoding: str, tmp_path: Path) -> None:
    assert encoding != "cp1258" or b"\xf2" in encoded  # a combining dot below, as cp1258 has
    (tmp_path / "organisations.csv").write_bytes(encoded)
    result = read_csv(tmp_path, today=TODAY)
    assert result.ok, result.report.summary()
    assert result.encodings == {"organisations.csv": encoding}
    assert result.dataset.organisations[0].name_vi == NAME  # NFC, precomposed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-02", date(2025, 9, 2)),
        ("2025-09-02 00:00:00", date(2025, 9, 2)),
        ("02/09/2025", date(2025, 9, 2)),
        ("2/9/2025", date(2025, 9, 2)),
        ("02-09-2025", date(2025, 9, 2)),
        ("02.09.2025", date(2025, 9, 2)),
        ("2025/09/02", date(2025, 9, 2)),
        (" 29/02/2024 ", date(2024, 2, 29)),
        ("05/12/2025", date(2025, 12, 5)),  # day first, never month first
    ],
)
def test_dates_are_read_day_first(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2025", "month 2 of 2025 has days 1 to 28"),
        ("29/02/2025", "days 1 to 28"),
        ("13/25/2025", "no month 25"),
        ("12/25/2025", "no month 25 (dates are read day first: was it written month first?)"),
        ("02/09/25", "two-digit year"),
        ("2 Sep 2025", "not a date"),
        ("2025-13-01", "no month 13"),
        ("02/09-2025", "not a date"),
        ("2025-09-02 10:30", "not a date"),
    ],
)
def test_impossible_dates_are_errors(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1500000", False, "1500000"),
        ("1,500,000", False, "1500000"),
        ("1.500.000", False, "1500000"),
        ("1 500 000", False, "1500000"),
        ("1\u00a0500\u00a0000,50", False, "1500000.50"),
        ("1,500.25", False, "1500.25"),
        ("1.500,25", False, "1500.25"),
        ("1,5", False, "1.5"),
        ("12.25", False, "12.25"),
        ("0.125", True, "0.125"),
        ("1500.250", True, "1500.250"),
        ("1,500", False, "1500"),
        ("1.500", False, "1.500"),
        ("1.500", True, "1500"),
        ("1,500", True, "1.500"),
        ("-1,500", False, "-1500"),
        ("+7", False, "7"),
        ("\u22123.5", False, "-3.5"),
        ("1.5e3", False, "1.5e3"),
        (".5", False, "0.5"),
    ],
)
def test_numbers_with_thousands_separators(text: str, comma: bool, expected: str) -> None:
    assert parse_number(text, decimal_comma=comma) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1,50,000",
        "1.2.3,4,5",
        "1,500.000,5",
        "12 34",
        "1,5e3",
        "inf",
        "NaN",
        "--5",
        "",
    ],
)
def test_malformed_numbers_are_errors(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_percent_sign_only_where_a_percentage_is_expected() -> None:
    assert parse_number("60 %", percent=True) == 60
    with pytest.raises(ValueError, match="not a number"):
        parse_number("60%")


def test_text_cells_are_read_as_their_columns(tmp_path: Path) -> None:
    acts = (
        "id,title,lead_organisation_id,kind,status,planned_start,actual_start,actual_end,"
        "participants_total,cost_amount,cost_currency\n"
        'A-1,"Diễn đàn, ""hữu nghị""",ORG-1,conference_forum,closed,,5/3/2025,07.03.2025,'
        '"1,200","1.500.000.000",VND\n'
        "A-2,  Trao đổi  ,ORG-1,cultural_exchange,closed,2025-01-02,,,   ,25000000.5,usd\n"
    )
    countries = "activity_id,country,percentage\nA-1,kh,60%\nA-1,LA,40\nA-2,KH,100.0\n"
    folder = write_texts(
        tmp_path, {"organisations": ORGS, "activities": acts, "activity_countries": countries}
    )
    result = read_csv(folder, today=TODAY)
    assert result.ok, result.report.summary()
    a1, a2 = result.dataset.activities
    assert a1.title == 'Diễn đàn, "hữu nghị"'
    assert (a1.actual_start, a1.actual_end) == (date(2025, 3, 5), date(2025, 3, 7))
    assert a1.participants is not None
    assert a1.participants.total == 1200
    assert a1.cost is not None
    assert a1.cost.amount == Decimal("1500000000")
    assert [(c.country, c.percentage) for c in a1.countries] == [("KH", 60.0), ("LA", 40.0)]
    assert a2.title == "Trao đổi"
    assert a2.participants.total is None
    assert a2.cost is not None
    assert (a2.cost.amount, a2.cost.currency) == (Decimal("25000000.5"), "USD")
    assert result.dataset.counts()["activities"] == 2


# -- rejections ------------------------------------------------------------------------------------


ACTS_HEAD = "id,title,lead_organisation_id,kind,status,planned_start,follow_up_of\n"


def test_bad_cells_are_reported_with_row_and_rule(tmp_path: Path) -> None:
    acts = ACTS_HEAD + (
        "A-1,Good,ORG-1,conference_forum,closed,01/02/2025,\n"  # row 2
        "A-2,Bad date,ORG-1,conference_forum,closed,31/02/2025,\n"  # row 3
        "A-3,Swapped,ORG-1,conference_forum,closed,12/25/2025,\n"  # row 4
        "A-4,Bad kind,ORG-1,banquet,closed,01/02/2025,\n"  # row 5
        ",No id,ORG-1,conference_forum,closed,01/02/2025,\n"  # row 6
        "\n"  # row 7: empty, skipped but counted
        "A 8,Spaces,ORG-1,conference_forum,closed,01/02/2025,\n"  # row 8
        "A-9,   ,ORG-1,conference_forum,closed,01/02/2025,\n"  # row 9
        "A-10,Unknown org,ORG-X,conference_forum,closed,01/02/2025,\n"  # row 10
        "A-11,Extra,ORG-1,conference_forum,closed,01/02/2025,,surplus\n"  # row 11
    )
    folder = write_texts(tmp_path / "in", {"organisations": ORGS, "activities": acts})
    result = read_csv(folder, today=TODAY)
    found = {(p.row, p.code, p.field) for p in result.report}
    assert found == {
        (3, "PPD002", "planned_start"),
        (4, "PPD002", "planned_start"),
        (5, "PPD104", "kind"),
        (6, "PPD001", "id"),
        (8, "PPD101", "id"),
        (9, "PPD001", "title"),
        (10, "PPD110", "lead_organisation_id"),
        (11, "PPD002", None),
    }
    for p in result.report:
        assert (p.source, p.sheet) == ("activities.csv", "activities")
    bad_date = next(p for p in result.report if p.row == 3)
    assert bad_date.value == "31/02/2025"
    assert bad_date.record_id == "A-2"
    assert "day first" in bad_date.message
    assert result.dataset.activities.ids() == ["A-1"]
    assert result.accepted["activities"] == 1
    assert "activities: 1 accepted, 8 rejected" in result.summary()
    in_vietnamese = result.summary(lang="vi")
    assert "activities: 1 dòng được chấp nhận, 8 dòng bị từ chối" in in_vietnamese
    assert "8 lỗi (" in in_vietnamese
    assert "accepted" not in in_vietnamese
    rejected = result.rejected["activities"]
    assert rejected["row"].tolist() == [3, 4, 5, 6, 8, 9, 10, 11]
    assert rejected.loc[0, "planned_start"] == "31/02/2025"  # the original text
    assert rejected["problems"].str.startswith("[PPD").all()
    assert "has 8 cells but the header names 7 columns" in str(rejected.loc[7, "problems"])


def test_a_record_goes_with_its_link_rows(tmp_path: Path) -> None:
    acts = ACTS_HEAD + (
        "A-1,Good,ORG-1,conference_forum,closed,01/02/2025,\n"
        "A-2,Bad split,ORG-1,conference_forum,closed,01/02/2025,\n"
        "A-3,Follows a bad one,ORG-1,conference_forum,closed,01/02/2025,A-2\n"
        "A-4,Follows that,ORG-1,conference_forum,closed,01/02/2025,A-3\n"
    )
    countries = (
        "activity_id,country,percentage\n"
        "A-1,KH,100\n"
        "A-2,KH,60\n"  # row 3: sums to 90 with row 4
        "A-2,LA,30\n"
        "A-3,LA,100\n"
        "A-9,LA,100\n"  # row 6: no such activity
    )
    folder = write_texts(
        tmp_path, {"organisations": ORGS, "activities": acts, "activity_countries": countries}
    )
    result = read_csv(folder, today=TODAY)
    assert result.dataset.activities.ids() == ["A-1"]
    assert result.accepted["activity_countries"] == 1
    assert result.rejected["activity_countries"]["row"].tolist() == [3, 4, 5, 6]
    codes = {(p.sheet, p.record_id, p.code) for p in result.report}
    assert codes == {
        ("activities", "A-2", "PPD401"),
        ("activities", "A-3", "PPD110"),
        ("activities", "A-4", "PPD110"),
        ("activity_countries", "A-9", "PPD110"),
    }
    cascade = next(p for p in result.report if p.record_id == "A-3")
    assert "rejected because of its own problems" in cascade.message
    assert (cascade.row, cascade.value) == (4, "A-2")
    reasons = result.rejected["activity_countries"]["problems"].tolist()
    assert reasons[0] == "activity 'A-2' was rejected: see its problems in the report"


def test_duplicates_keep_the_first_and_report_the_others(tmp_path: Path) -> None:
    acts = ACTS_HEAD + (
        "A-1,First,ORG-1,conference_forum,closed,01/02/2025,\n"
        "A-1,First,ORG-1,conference_forum,closed,01/02/2025,\n"
        "A-1,Other,ORG-1,banquet,closed,01/02/2025,\n"
    )
    outputs = "activity_id,output,count\nA-1,media_items,3\nA-1,media_items,3\n"
    folder = write_texts(tmp_path / "a", {"organisations": ORGS, "activities": acts})
    result = read_csv(folder, today=TODAY)
    assert result.dataset.activities.ids() == ["A-1"]
    assert result.dataset.activities[0].title == "First"
    assert {(p.row, p.code) for p in result.report} == {(3, "PPD111"), (4, "PPD111"), (4, "PPD104")}
    # a key repeated in a dict link table would silently collapse in the record: rejected
    write_texts(tmp_path / "a", {"activity_outputs": outputs})
    result = read_csv(folder, today=TODAY)
    assert result.dataset.activities.ids() == []
    assert ("activity_outputs", 3, "PPD403") in {(p.sheet, p.row, p.code) for p in result.report}


def test_nothing_is_dropped_silently(sample: Dataset, tmp_path: Path) -> None:
    frames = {n: f.astype(object) for n, f in sample.to_frames().items()}
    frames["organisations"].loc[0, "type"] = "club"  # the root: everything below goes
    frames["activity_sdgs"].loc[3, "sdg"] = "18"
    write_csv(sample, tmp_path)
    for name in ("organisations", "activity_sdgs"):
        path = tmp_path / f"{name}.csv"
        text = path.read_text(encoding="utf-8-sig").splitlines()
        rows = list(csv.reader(text))
        column = rows[0].index("type" if name == "organisations" else "sdg")
        index = 1 if name == "organisations" else 4
        rows[index][column] = "club" if name == "organisations" else "18"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    result = read_csv(tmp_path, today=TODAY)
    totals = {name: len(f) for name, f in sample.to_frames().items()}
    for name in SCHEMA:
        assert result.accepted[name] + result.rejected_counts[name] == totals[name], name
    assert result.rejected_counts["activities"] > 0
    reported = {p.record_id for p in result.report}
    for name, frame in result.rejected.items():
        key = SCHEMA[name].key
        owner = SCHEMA[SCHEMA[name].parent or name]
        for rid in frame[key]:
            assert (
                rid in reported
                or frame.loc[frame[key] == rid, "problems"].str.contains(owner.entity).all()
            )
    kept = result.dataset
    assert Dataset.from_frames(kept.to_frames(), today=TODAY) == kept


def test_write_rejected(tmp_path: Path) -> None:
    acts = ACTS_HEAD + (
        "A-1,Good,ORG-1,conference_forum,closed,01/02/2025,\n"
        'A-2,"=HYPERLINK(""http://evil"")",ORG-1,banquet,closed,01/02/2025,\n'
    )
    result = read_csv(write_texts(tmp_path / "in", {"organisations": ORGS, "activities": acts}))
    folder = result.write_rejected(tmp_path / "rejected")
    assert sorted(p.name for p in folder.iterdir()) == ["activities.csv", "problems.csv"]
    rows = list(csv.reader(io.StringIO((folder / "activities.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["source", "row", *ACTS_HEAD.strip().split(","), "problems"]
    assert rows[1][:4] == ["activities.csv", "3", "A-2", '\'=HYPERLINK("http://evil")']
    assert "[PPD104] kind" in rows[1][-1]
    book = result.write_rejected(tmp_path / "rejected.xlsx")
    wb = load_workbook(book)
    assert wb.sheetnames == ["activities", "problems"]
    assert wb["activities"]["D2"].value == '\'=HYPERLINK("http://evil")'
    assert wb["problems"]["A2"].value == "PPD104"


# -- formula injection -----------------------------------------------------------------------------

INJECTIONS = ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "'=1+1", "'quoted", "\tTAB", "=cmd|' /C calc'!A0"]


def _injected() -> Dataset:
    frames = load_sample().to_frames()
    partners = frames["partners"].copy()
    partners.loc[: len(INJECTIONS) - 1, "name"] = INJECTIONS
    indicators = frames["indicators"].copy()
    indicators["baseline_value"] = indicators["baseline_value"].astype("float64")
    indicators.loc[0, "baseline_value"] = -5.25
    frames["partners"], frames["indicators"] = partners, indicators
    return Dataset.from_frames(frames, today=TODAY)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_formula_injection_is_neutralised_and_undone(fmt: str, tmp_path: Path) -> None:
    ds = _injected()
    names = ds.to_frames()["partners"]["name"].tolist()[: len(INJECTIONS)]
    assert names == [s.strip() for s in INJECTIONS]
    result = _round_trip(ds, fmt, tmp_path)
    assert result.ok, result.report.summary()
    assert result.dataset == ds


def test_csv_and_excel_cells_cannot_run(tmp_path: Path) -> None:
    ds = _injected()
    write_csv(ds, tmp_path)
    rows = list(csv.reader(io.StringIO((tmp_path / "partners.csv").read_text("utf-8-sig"))))
    written = [r[1] for r in rows[1 : len(INJECTIONS) + 1]]
    assert written == [neutralise(s.strip()) for s in INJECTIONS]
    assert written[6] == "TAB"  # trimmed when read: nothing left to neutralise
    baseline = next(
        csv.DictReader(io.StringIO((tmp_path / "indicators.csv").read_text("utf-8-sig")))
    )
    assert baseline["baseline_value"] == "-5.25"  # a number: not touched
    write_excel(ds, tmp_path / "x.xlsx")
    wb = load_workbook(tmp_path / "x.xlsx")  # formulas kept as written, not evaluated
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    headers = [cell.value for cell in wb["indicators"][1]]
    assert wb["indicators"].cell(2, headers.index("baseline_value") + 1).value == -5.25


def test_neutralise_and_restore() -> None:
    for text in [*INJECTIONS, "Hà Nội", "", "'", "''", "a=b", "-"]:
        assert restore(neutralise(text)) == text
        assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_injected_input_is_kept_as_text_and_neutralised_again(tmp_path: Path) -> None:
    partners = "id,name,country,type\nP-1,\"=cmd|' /C calc'!A0\",KH,foreign_ngo\n"
    folder = write_texts(tmp_path / "in", {"partners": partners})
    result = read_csv(folder, today=TODAY)
    assert result.dataset.partners[0].name == "=cmd|' /C calc'!A0"  # just text
    write_csv(result.dataset, tmp_path / "out")
    assert "'=cmd|" in (tmp_path / "out" / "partners.csv").read_text("utf-8-sig")


def test_excel_formulas_are_never_evaluated(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "partners"
    ws.append(["id", "name", "country", "type"])
    ws.append(["P-1", "=1+1", "KH", "foreign_ngo"])  # a formula without a cached value
    ws.append(["P-2", "Plain", "KH", "foreign_ngo"])
    wb.save(tmp_path / "f.xlsx")
    result = read_excel(tmp_path / "f.xlsx", today=TODAY)
    assert result.dataset.partners.ids() == ["P-2"]
    assert [(p.row, p.code, p.field) for p in result.report] == [(2, "PPD001", "name")]


# -- personal data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_personal_data_can_be_left_out(sample: Dataset, fmt: str, tmp_path: Path) -> None:
    result = _round_trip(sample, fmt, tmp_path, personal_data=False)
    assert result.ok, result.report.summary()
    got, full = result.dataset.to_frames(), sample.to_frames()
    contact = [c.name for c in SCHEMA["partners"].columns if c.personal]
    assert contact == ["contact_name", "contact_position", "contact_email", "contact_phone"]
    assert full["partners"][contact].notna().any().any()
    assert got["partners"][contact].isna().all().all()
    pd.testing.assert_frame_equal(
        got["partners"].drop(columns=contact), full["partners"].drop(columns=contact)
    )
    awards = got["awards"]
    named = awards["recipient_kind"] != "collective"
    assert awards.loc[named, "recipient_name"].isna().all()
    collective = full["awards"].loc[~named, "recipient_name"]
    assert awards.loc[~named, "recipient_name"].equals(collective)
    for name in SCHEMA:
        if name not in ("partners", "awards"):
            assert got[name].equals(full[name]), name
    emails = full["partners"]["contact_email"].dropna().tolist()
    for path in tmp_path.rglob("*"):
        if path.is_file() and fmt in ("csv", "json"):
            assert not any(e in path.read_text("utf-8-sig") for e in emails)


# -- Excel specifics -------------------------------------------------------------------------------


def test_excel_numbers_dates_and_limits(tmp_path: Path) -> None:
    frames = load_sample().to_frames()
    countries = frames["activity_countries"].copy()
    split = countries.groupby("activity_id")["activity_id"].transform("size") == 1
    first = countries.index[split][0]
    row = countries.loc[[first, first]].copy()
    row["percentage"] = [100 / 3, 100 - 100 / 3]
    row["country"] = ["KH", "LA"]
    countries = pd.concat([countries.drop(index=first), row]).sort_index(kind="stable")
    frames["activity_countries"] = countries.reset_index(drop=True)
    orgs = frames["organisations"].copy()
    orgs["valid_from"] = orgs["valid_from"].astype("datetime64[s]")
    orgs.loc[0, "valid_from"] = pd.Timestamp("1850-01-01")
    frames["organisations"] = orgs
    acts = frames["activities"].copy()
    acts["cost_amount"] = acts["cost_amount"].where(
        acts.index != 0, Decimal("123456789012345678.1234")
    )
    frames["activities"] = acts
    ds = Dataset.from_frames(frames, today=TODAY)
    result = _round_trip(ds, "xlsx", tmp_path)
    assert result.ok, result.report.summary()
    assert result.dataset == ds
    wb = load_workbook(tmp_path / "data.xlsx", read_only=True)
    sheet = wb["activities"]
    values = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert values[SCHEMA["activities"].column_names.index("cost_amount")] == (
        "123456789012345678.1234"  # more digits than Excel keeps: text
    )
    assert isinstance(values[SCHEMA["activities"].column_names.index("planned_start")], date)
    wb.close()
    notes = frames["activities"].copy()
    notes["notes"] = notes["notes"].astype("str")
    notes.loc[0, "notes"] = "bell\x07"
    frames["activities"] = notes
    with pytest.raises(FileFormatError, match="U\\+0007"):
        write_excel(Dataset.from_frames(frames, today=TODAY), tmp_path / "bad.xlsx")


def test_excel_sheets_that_are_not_tables(sample: Dataset, tmp_path: Path) -> None:
    write_excel(sample, tmp_path / "x.xlsx")
    wb = load_workbook(tmp_path / "x.xlsx")
    wb.create_sheet("_notes").append(["anything"])
    wb.create_sheet("README").append(["how to"])
    wb.save(tmp_path / "x.xlsx")
    assert read_excel(tmp_path / "x.xlsx", today=TODAY).dataset == sample
    wb.create_sheet("Notes").append(["data?"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(FileFormatError, match="sheet 'Notes' is not a table"):
        read_excel(tmp_path / "x.xlsx")


# -- malicious and broken files --------------------------------------------------------------------


def _xlsx_bytes(sample: Dataset, tmp_path: Path) -> bytes:
    write_excel(sample, tmp_path / "real.xlsx")
    return (tmp_path / "real.xlsx").read_bytes()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("activities.csv", b"", "empty"),
        ("activities.csv", PNG + bytes(200), "PNG image"),
        ("activities.csv", np.random.default_rng(1).bytes(4096), "binary"),
        ("activities.csv", b"\x01\x02\x03" * 50 + b"id\n", "binary"),
        ("activities.csv", b"PK\x03\x04rest", "ZIP archive"),
        ("activities.csv", "id,tiêu đề\nA-1,x\n".encode(), "unknown column"),
        ("activities.csv", b"\n\n", "first row must name the columns"),
        ("activities.csv", b'id,title\n"A-1,unterminated\n', "broken CSV quoting"),
        ("activity.csv", b"id\nA-1\n", "must be a table name"),
        ("data.xlsx", b"", "empty"),
        ("data.xlsx", b"\xd0\xcf\x11\xe0" + bytes(100), "97-2003"),
        ("data.xlsx", b"id,title\n", "not an .xlsx workbook"),
        ("data.xlsx", b"PK\x03\x04" + bytes(100), "truncated or damaged"),
        ("data.json", b"", "empty"),
        ("data.json", b'{"activities": [', "not valid JSON"),
        ("data.json", b'{"activities": []}', "not a ppd_core JSON document"),
        ("data.json", b'{"format": "ppd_core/1", "activities": {}}', "must be an array"),
        ("data.json", b'{"format": "ppd_core/1", "people": []}', "unknown member"),
        ("data.json", b'{"format": "ppd_core/1", "awards": [{"year": NaN}]}', "not valid JSON"),
        ("data.json", b"[" * 100000, "not valid JSON"),
        ("activities.parquet", b"", "empty"),
        ("activities.parquet", b"PAR1" + bytes(50), "truncated"),
        ("activities.parquet", b"PAR1" + bytes(50) + b"PAR1", "damaged"),
        ("activities.parquet", b"id,title\n", "not a Parquet file"),
    ],
)
def test_unreadable_files_are_refused_clearly(
    name: str, content: bytes, match: str | None, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileFormatError) as info:
        read(path)
    assert isinstance(info.value, PpdError)
    assert isinstance(info.value, ValueError)
    assert name in str(info.value)
    if match is not None:
        assert match in str(info.value)


def test_missing_paths(tmp_path: Path) -> None:
    for reader in (read, read_csv, read_parquet, read_excel, read_json):
        with pytest.raises(FileFormatError, match="nowhere"):
            reader(tmp_path / "nowhere")


def test_truncated_and_damaged_workbooks(sample: Dataset, tmp_path: Path) -> None:
    data = _xlsx_bytes(sample, tmp_path)
    cases = {
        "half.xlsx": data[: len(data) // 2],
        "tail.xlsx": data[:-10],
        "garbled.xlsx": data[:2000] + bytes(len(data) - 4000) + data[-2000:],
    }
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for info in archive.infolist():
                if info.filename != "xl/workbook.xml":
                    copy.writestr(info, archive.read(info.filename))
        cases["no-workbook.xlsx"] = out.getvalue()
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(FileFormatError, match=name.replace(".", r"\.")):
            read_excel(tmp_path / name)


def test_zip_bombs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ppd_core.io import excel

    write_excel(load_sample(), tmp_path / "x.xlsx")
    monkeypatch.setattr(excel, "MAX_UNZIPPED", 1000)
    with pytest.raises(FileFormatError, match="unpacks to"):
        read_excel(tmp_path / "x.xlsx")


def test_json_records_that_do_not_fit(tmp_path: Path) -> None:
    doc = (
        '{"format": "ppd_core/1", "organisations": [{"id": "ORG-1", "name_vi": "Liên hiệp",'
        ' "type": "central_standing_body", "level": "central"}], "activities": ['
        '{"id": "A-1", "title": "Fine", "lead_organisation_id": "ORG-1", "kind": "anniversary",'
        ' "status": "closed", "planned_start": "2025-01-02", "participants": {"total": 5},'
        ' "countries": [{"country": "KH", "percentage": 100}]},'
        ' {"id": "A-2", "title": "Extra", "lead_organisation_id": "ORG-1", "kind": "anniversary",'
        ' "status": "closed", "planned_start": "2025-01-02", "colour": "red"},'
        ' {"id": "A-3", "title": "Nested", "lead_organisation_id": "ORG-1", "kind": "anniversary",'
        ' "status": "closed", "planned_start": "2025-01-02", "participants": {"men": 3}},'
        ' {"id": "A-4", "title": "Link", "lead_organisation_id": "ORG-1", "kind": "anniversary",'
        ' "status": "closed", "planned_start": "2025-01-02", "countries": [{"country": "KH",'
        ' "percentage": 100, "x": 1}]},'
        ' {"id": "A-5", "title": ["a"], "lead_organisation_id": "ORG-1", "kind": "anniversary",'
        ' "status": "closed", "planned_start": "2025-01-02", "sdgs": "3"},'
        ' "not a record"]}'
    )
    (tmp_path / "d.json").write_text(doc, encoding="utf-8")
    result = read_json(tmp_path / "d.json", today=TODAY)
    assert result.dataset.activities.ids() == ["A-1"]
    found = {(p.row, p.field, p.code) for p in result.report}
    assert {
        (2, "colour", "PPD002"),
        (3, "participants.men", "PPD002"),
        (4, "countries.0.x", "PPD002"),
        (5, "title", "PPD002"),
        (5, "sdgs", "PPD002"),
        (6, None, "PPD002"),
    } <= found
    assert {p.sheet for p in result.report} == {"activities"}
    assert result.rejected_counts["activities"] == 5


# -- template --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_template_layout(lang: str, tmp_path: Path) -> None:
    path = excel_template(tmp_path / "t.xlsx", lang=lang)  # type: ignore[arg-type]
    wb = load_workbook(path)
    entities = [n for n, s in SCHEMA.items() if s.kind == "entity"]
    links = [n for n, s in SCHEMA.items() if s.kind != "entity"]
    assert wb.sheetnames == ["README", "_lists", *entities, *links]
    assert wb["_lists"].sheet_state == "hidden"
    readme = "\n".join(str(c.value) for row in wb["README"].iter_rows() for c in row if c.value)
    assert "dd/mm/yyyy" in readme
    assert "100" in readme
    assert ("Mẫu nhập liệu" in readme) == (lang == "vi")
    assert ("Đón đoàn nước ngoài" in readme) == (lang == "vi")  # code labels in the language
    ws = wb["activities"]
    header = [c.value for c in ws[1]]
    assert header == SCHEMA["activities"].column_names
    kind = ws.cell(1, header.index("kind") + 1)
    assert kind.font.bold
    assert kind.comment is not None
    assert ("Bắt buộc" if lang == "vi" else "Required") in kind.comment.text
    assert "What kind of activity it is" in kind.comment.text
    validations = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    letter = "D"
    assert validations[f"{letter}2:{letter}1048576"] == "list_ActivityKind"
    assert set(validations.values()) >= {"list_ActivityStatus", "list_Currency"}
    defined = wb.defined_names["list_ActivityKind"]
    lists = wb["_lists"]
    column = [c.value for c in lists[defined.attr_text.split("!")[1].split(":")[0][1]]]
    assert column[0] == "ActivityKind"
    assert column[1:14] == list(SCHEMA["activities"].column("kind").vocabulary or [])
    for name in SCHEMA:
        for cell in wb[name][1]:
            assert cell.comment is not None, (name, cell.value)
    assert wb["activities"].column_dimensions["G"].number_format == "@"  # planned_start


def test_template_filled_by_hand_reads_back(tmp_path: Path) -> None:
    path = excel_template(tmp_path / "t.xlsx", lang="vi")
    wb = load_workbook(path)
    wb["organisations"].append(
        ["ORG-1", "Liên hiệp các tổ chức hữu nghị", None, None, "central_standing_body", "central"]
    )
    acts = wb["activities"]
    acts.append(
        ["A-1", "Diễn đàn hữu nghị", "ORG-1", "conference_forum", "closed", "hybrid", "05/09/2025"]
    )
    acts.append(
        ["A-2", "Đón đoàn", "ORG-1", "delegation_inbound", "closed", None, date(2025, 3, 2)]
    )
    acts.append(["A-3", "Sai ngày", "ORG-1", "conference_forum", "closed", None, "31/02/2025"])
    acts.append(["A-4", "Sai mã", "ORG-1", "hội nghị", "closed", None, "01/02/2025"])
    acts.append(["A-5", "Thiếu đơn vị", "ORG-9", "conference_forum", "closed", None, "01/02/2025"])
    acts.append(["A-6", "Hội thảo", "ORG-1", "conference_forum", "closed", None, "1/2/2025"])
    countries = wb["activity_countries"]
    countries.append(["A-1", "KH", 60])
    countries.append(["A-1", "LA", "40"])
    countries.append(["A-2", "kh", "1,5"])  # 1.5 %: the split of A-2 does not sum to 100
    wb.save(path)
    result = read_excel(path, today=TODAY)
    assert result.dataset.activities.ids() == ["A-1", "A-6"]
    a1 = result.dataset.activities.get("A-1")
    assert a1.planned_start == date(2025, 9, 5)
    assert [c.percentage for c in a1.countries] == [60.0, 40.0]
    assert result.dataset.activities.get("A-6").planned_start == date(2025, 2, 1)
    assert result.accepted == {
        **dict.fromkeys(SCHEMA, 0),
        "organisations": 1,
        "activities": 2,
        "activity_countries": 2,
    }
    assert result.rejected_counts["activities"] == 4
    assert {(p.sheet, p.row, p.code) for p in result.report} == {
        ("activities", 3, "PPD401"),
        ("activities", 4, "PPD002"),
        ("activities", 5, "PPD104"),
        ("activities", 6, "PPD110"),
    }
    assert {p.source for p in result.report} == {"t.xlsx"}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_template_with_examples_reads_back(lang: str, tmp_path: Path) -> None:
    path = excel_template(tmp_path / "t.xlsx", lang=lang, dataset=sample_excerpt())  # type: ignore[arg-type]
    result = read_excel(path, today=TODAY)
    assert result.ok, result.report.summary()
    counts = result.dataset.counts()
    assert counts["activities"] >= 3
    assert all(counts.values())
    typed = load_workbook(path)["activities"].cell(2, 7).value
    assert isinstance(typed, str)
    assert typed.count("/") == 2  # dates typed as a person would: dd/mm/yyyy


def test_template_of_a_dataset(sample: Dataset, tmp_path: Path) -> None:
    path = excel_template(tmp_path / "t.xlsx", dataset=sample)
    assert read_excel(path, today=TODAY).dataset == sample


def test_decimal_comma_reads_a_whole_column_of_grouped_thousands(tmp_path: Path) -> None:
    """``20.000`` with ``decimal_comma`` is twenty thousand, also when every cell looks plain."""
    sample = load_sample()
    folder = tmp_path / "csv"
    write_csv(sample, folder)
    flows = pd.read_csv(folder / "resource_flows.csv", dtype=str, keep_default_na=False)
    flows["amount"] = "20.000"
    flows.to_csv(folder / "resource_flows.csv", index=False)
    result = read_csv(folder, today=TODAY, decimal_comma=True)
    amounts = result.dataset.to_frames()["resource_flows"]["amount"]
    assert len(amounts) == len(flows)
    assert set(amounts.map(Decimal)) == {Decimal(20000)}
    assert result.report.ok
