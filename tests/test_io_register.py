"""A provincial union's own register — one sheet, Vietnamese headers — imported without code.

The register is built here, 160 rows, a row per activity, with the defects such registers
have. Row ``i`` (1…160; file row ``i + 1``) carries at most one defect:

* ``i % 20 == 3``  (8 rows): an impossible date, 31/02/2025            → PPD002
* ``i % 20 == 7``  (8 rows): a kind no vocabulary knows, "Họp mặt"      → PPD104
* ``i % 20 == 11`` (8 rows): a country that does not exist, "Atlantis"  → PPD102
* ``i % 20 == 15`` (8 rows): no title                                  → PPD001
* ``i`` in 19, 59, 99, 139: the id of the row above again               → PPD111
* ``i`` in 39, 79, 119, 159: a negative cost, -1.500.000                → PPD301

so 40 rows are rejected and 120 kept. Partners and countries cycle with ``i % 5``; the rejected
rows fall 8 in each class (``i % 20`` of 3, 7, 11, 15 is ``i % 5`` of 3, 2, 1, 0; the last
eight are all ``i % 5 == 4``), so each class keeps 24 rows:

====  =====================================================  ================  ========
i%5   partners                                               countries         mobilised
====  =====================================================  ================  ========
0     the Lao association, in Vietnamese (matched)           Lào               2,000 USD
1     the Cambodian one, unaccented; the Japanese, "Assoc."  Campuchia; Nhật   3,000 USD
2     "Hội hữu nghị Pháp" (uncertain: to confirm)            DE                —
3     "Quỹ Hòa Bình Đông Dương" (unknown)                    Pháp, Đức         500 USD
4     —                                                      Thái Lan          —
====  =====================================================  ================  ========

Kept: partner links 24 + 2·24 = 72; flows the same 72; country shares 24·(1+2+1+2+1) = 168.
Notes: REG101 once per matched name per row (32 + 2·32 = 96), REG102 32, REG103 32, REG104
32 (class 3's amounts: its only partner is not linked), REG002 (STT) and REG001 (the internal
note column) once each.
"""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ppd_core import Dataset, Organisation, Partner
from ppd_core.cli import app
from ppd_core.io import read_mapping, read_register, write_json

runner = CliRunner()

HEADER = [
    "STT", "Mã hoạt động", "Tên hoạt động", "Loại hình", "Trạng thái", "Đối tác", "Quốc gia",
    "Ngày bắt đầu", "Kinh phí (VNĐ)", "Vận động được (USD)", "Số người tham gia", "Ghi chú",
    "Ghi chú nội bộ",
]  # fmt: skip
KINDS = ["Hội thảo", "Đón đoàn vào", "Đoàn ra", "Giao lưu thanh niên", "conference_forum",
         "Cultural exchange or festival"]  # fmt: skip
PARTNERS = [
    "Hội Hữu nghị Lào - Việt Nam",
    "Hoi huu nghi Campuchia - Viet Nam; Japan–Vietnam Friendship Assoc.",
    "Hội hữu nghị Pháp",
    "Quỹ Hòa Bình Đông Dương",
    "",
]
COUNTRIES = ["Lào", "Campuchia; Nhật Bản", "DE", "Pháp, Đức", "Thái Lan"]
MOBILISED = ["2,000", "3,000", "", "500", ""]
REJECTED = {i for i in range(1, 161) if i % 20 in (3, 7, 11, 15)} | {
    19, 59, 99, 139, 39, 79, 119, 159,
}  # fmt: skip


def _row(i: int) -> list[str]:
    day, month = i % 28 + 1, i % 12 + 1
    row = [
        str(i),
        f"HD-{i - 1:03d}" if i in (19, 59, 99, 139) else f"HD-{i:03d}",
        "" if i % 20 == 15 else f"Hoạt động hữu nghị số {i}",
        "Họp mặt" if i % 20 == 7 else KINDS[i % 6],
        "Đã kết thúc" if i % 2 else "closed",
        PARTNERS[i % 5],
        "Atlantis" if i % 20 == 11 else COUNTRIES[i % 5],
        "31/02/2025" if i % 20 == 3 else f"{day:02d}/{month:02d}/2025",
        "-1.500.000" if i in (39, 79, 119, 159) else f"{i}.500.000",
        MOBILISED[i % 5],
        str(10 + i),
        f"ghi chú {i}" if i % 4 == 0 else "",
        "nội bộ" if i % 10 == 0 else "",
    ]
    return row


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "so_theo_doi_2025.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(_row(i) for i in range(1, 161))
    return path


KNOWN = Dataset(
    organisations=[
        Organisation(
            id="HN-UFO",
            name_vi="Liên hiệp các tổ chức hữu nghị thành phố Hà Nội",
            type="provincial_union",
            level="provincial",
        )
    ],
    partners=[
        Partner(id="P-LA", name="Lao-Vietnam Friendship Association", country="LA",
                type="friendship_organisation"),
        Partner(id="P-KH", name="Cambodia-Vietnam Friendship Association", country="KH",
                type="friendship_organisation"),
        Partner(id="P-FR", name="Association d'amitié France-Vietnam", country="FR",
                type="friendship_organisation"),
        Partner(id="P-JP", name="Japan-Vietnam Friendship Association", country="JP",
                type="friendship_organisation"),
        Partner(id="P-DE", name="Friedrich Ebert Foundation", country="DE", type="foundation"),
    ],
)  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> str:
    db = str(tmp_path / "ppd.sqlite")
    known = write_json(KNOWN, tmp_path / "known.json")
    result = runner.invoke(app, ["db", "import", str(known), "-d", db])
    assert result.exit_code == 0, result.output
    return db


def test_register_imports_through_the_cli_with_a_proposed_mapping(
    register: Path, database: str, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.toml"
    args = ["db", "import", str(register), "--as", "activities", "--organisation", "HN-UFO"]
    proposed = runner.invoke(app, [*args, "-d", database, "--propose-mapping", str(mapping)])
    assert proposed.exit_code == 0, proposed.output
    assert "Nothing was saved" in proposed.output
    saved = read_mapping(mapping)
    assert {c.header: c.target for c in saved.columns} == {
        "STT": "ignore", "Mã hoạt động": "id", "Tên hoạt động": "title", "Loại hình": "kind",
        "Trạng thái": "status", "Đối tác": "partners", "Quốc gia": "countries",
        "Ngày bắt đầu": "actual_start", "Kinh phí (VNĐ)": "cost_amount",
        "Vận động được (USD)": "mobilised", "Số người tham gia": "participants_total",
        "Ghi chú": "notes", "Ghi chú nội bộ": "extra",
    }  # fmt: skip
    assert saved.partners == {
        "Hội Hữu nghị Lào - Việt Nam": "P-LA",
        "Hoi huu nghi Campuchia - Viet Nam": "P-KH",
        "Japan–Vietnam Friendship Assoc.": "P-JP",
    }
    text = mapping.read_text(encoding="utf-8")
    assert '# "Hội hữu nghị Pháp" = "P-FR"   # uncertain (score 81): confirm' in text
    assert '# "Quỹ Hòa Bình Đông Dương" = "new:foreign_ngo"' in text

    rejected = tmp_path / "rejected.xlsx"
    done = runner.invoke(
        app, [*args, "-d", database, "--mapping", str(mapping), "--rejected", str(rejected)]
    )
    assert done.exit_code == 3, done.output  # some rows rejected, written with their reasons
    assert rejected.exists()
    stats = runner.invoke(app, ["db", "stats", "-d", database])
    assert "120" in stats.output  # 120 activities saved


def test_every_good_row_kept_every_bad_row_reported(register: Path) -> None:
    result = read_register(register, dataset=KNOWN, defaults={"lead_organisation_id": "HN-UFO"})
    assert result.accepted["activities"] == 120
    assert result.rejected_counts["activities"] == 40
    assert result.accepted["activity_partners"] == 72
    assert result.accepted["resource_flows"] == 72
    assert result.accepted["activity_countries"] == 168
    assert result.accepted["partners"] == 0  # nothing created without confirmation
    codes = Counter(p.code for p in result.report)
    assert codes == {
        "PPD002": 8, "PPD104": 8, "PPD102": 8, "PPD001": 8, "PPD111": 4, "PPD301": 4,
        "REG001": 1, "REG002": 1, "REG101": 96, "REG102": 32, "REG103": 32, "REG104": 32,
    }  # fmt: skip
    bad_rows = {p.row for p in result.report if p.code.startswith("PPD")}
    assert bad_rows == {i + 1 for i in REJECTED}  # the row as the user sees it (header: 1)
    kept = {a.id for a in result.dataset.activities}
    assert kept == {f"HD-{i:03d}" for i in range(1, 161) if i not in REJECTED}
    by_id = {x.id: x for x in result.dataset.activities}
    a = by_id["HD-021"]  # class 1: two partners, two countries
    assert [p.partner_id for p in a.partners] == ["P-KH", "P-JP"]
    assert [(c.country, c.percentage) for c in a.countries] == [("KH", 50.0), ("JP", 50.0)]
    assert [f.amount.amount for f in a.resource_flows] == [Decimal("1500"), Decimal("1500")]
    assert a.cost is not None
    assert (a.cost.amount, a.cost.currency) == (Decimal(21500000), "VND")
    assert (a.kind.value, a.status.value, a.participants.total) == ("youth_exchange", "closed", 31)
    assert a.actual_start is not None
    assert a.actual_start.isoformat() == "2025-10-22"
    b = by_id["HD-020"]  # the note column and the internal one, both kept
    assert b.notes == "ghi chú 20\nGhi chú nội bộ: nội bộ"
    assert [m.name for m in result.to_confirm()] == ["Hội hữu nghị Pháp", "Quỹ Hòa Bình Đông Dương"]


def test_saved_mapping_reimports_identically(register: Path, tmp_path: Path) -> None:
    first = read_register(register, dataset=KNOWN, defaults={"lead_organisation_id": "HN-UFO"})
    path = first.save_mapping(tmp_path / "m.toml")
    again = read_register(register, read_mapping(path), dataset=KNOWN)
    assert again.dataset == first.dataset
    assert again.accepted == first.accepted
    assert [(p.code, p.row) for p in again.report if p.code.startswith("PPD")] == [
        (p.code, p.row) for p in first.report if p.code.startswith("PPD")
    ]


def test_confirmed_partners_are_linked_or_created(register: Path, tmp_path: Path) -> None:
    first = read_register(register, dataset=KNOWN, defaults={"lead_organisation_id": "HN-UFO"})
    path = first.save_mapping(tmp_path / "m.toml")
    edited = path.read_text(encoding="utf-8").replace(
        '# "Hội hữu nghị Pháp"', '"Hội hữu nghị Pháp"'
    )
    edited = edited.replace(
        '# "Quỹ Hòa Bình Đông Dương" = "new:foreign_ngo"',
        '"Quỹ Hòa Bình Đông Dương" = "new:foundation"',
    )
    path.write_text(edited, encoding="utf-8")
    result = read_register(register, read_mapping(path), dataset=KNOWN)
    assert result.accepted["partners"] == 1
    made = {p.id: p for p in result.dataset.partners}["P-QUY-HOA-BINH-DONG-DUONG"]
    assert (made.name, made.type.value) == ("Quỹ Hòa Bình Đông Dương", "foundation")
    assert result.accepted["activity_partners"] == 72 + 24 + 24
    assert not any(p.code in ("REG102", "REG103", "REG104") for p in result.report)
