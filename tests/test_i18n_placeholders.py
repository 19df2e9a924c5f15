"""Vietnamese problem texts are Vietnamese through and through, placeholders included.

A rule's text is translated, and so must be what fills its placeholders: why a cell cannot be
read (PPD002's detail), the name of a vocabulary (PPD104), why a partner name was linked
(REG101), what an IATI import adjusted or left out, what is wrong with a mapping file, and the
comments of a mapping file written for a Vietnamese user. Each is rendered here from bad input
and checked for English words of the catalogue (words of its English texts that no Vietnamese
text uses); values, codes and field names are not words.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from ppd_core import Dataset, Organisation, Partner
from ppd_core.errors import MappingFileError, Problem
from ppd_core.i18n import default_lang, phrase, translations
from ppd_core.i18n._maintain import _read, po_path
from ppd_core.io import read_csv, read_mapping, read_register
from ppd_core.io.iati import read_iati
from ppd_core.io.mapping import TARGETS

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}")
_WORD = re.compile(r"(?<![\w.@/:<\[-])[A-Za-z]{2,}(?![\w.@/:>\[-])")


def _words(text: str) -> set[str]:
    """The plain words of a text: quoted values, codes, field paths and fields left out."""
    return {w.lower() for w in _WORD.findall(_QUOTED.sub(" ", text))}


@cache
def _english() -> frozenset[str]:
    """Words of the catalogue's English texts that no Vietnamese text of it uses."""
    english: set[str] = set()
    vietnamese: set[str] = set()
    for m in _read(po_path("vi"), "vi"):
        if isinstance(m.id, str) and isinstance(m.string, str) and m.string:
            english |= _words(m.id)
            vietnamese |= _words(m.string)
    return frozenset(english - vietnamese)


def _english_in(text: str) -> set[str]:
    return _words(text) & _english()


def _leaks(problem: Problem) -> set[str]:
    """English words in the problem's Vietnamese line (its field's own name is not a word)."""
    field = re.sub(r"[^A-Za-z]+", " ", problem.field or "").lower().split()
    return _english_in(problem.describe("vi")) - set(field)


def test_the_check_finds_english() -> None:
    assert _english_in("'2025-13-10' is not a real date: there is no month 13") >= {
        "real",
        "there",
        "month",
    }
    assert not _english_in("'2025-13-10' không phải là ngày có thật: không có tháng 13")


ACTIVITIES = (
    "id,title,lead_organisation_id,kind,status,planned_start,planned_end,participants_total,"
    "participants_women,cost_amount,cost_currency,modality\n"
    "A1,Hội thảo,ORG,training_workshop,closed,2025-13-10,2025-03-12,40,20,1000,USD,in_person\n"
    "A2,Đón đoàn,ORG,delegation_inbound,closed,2025-04-01,2025-04-02,abc,10,500,USD,in_person\n"
    "A3,Giao lưu,ORG,cultural_exchange,closedx,2025-03-10,2025-03-11,25,5,1.2.3,USD,in_person\n"
    "A4,Gặp mặt,ORG,conference_forum,closed,31/02/2025,2025-05-02,12,5,300,USD,by_pigeon\n"
    "A5,Tọa đàm,ORG,conference_forum,closed,2/9/25,2025-05-02,1,500,5,300,USD,in_person\n"
)


def test_unreadable_cells_and_unknown_codes_read_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(ACTIVITIES, encoding="utf-8")
    report = read_csv(path, lang="vi").report  # a ragged row is described as it is read
    codes = sorted(p.code for p in report)
    assert codes.count("PPD002") >= 4
    assert codes.count("PPD104") == 2
    for problem in report:
        assert not _leaks(problem), problem.describe("vi")
    by_row = {p.row: p.message_in("vi") for p in report if p.code == "PPD002"}
    assert by_row[2].startswith(
        "'2025-13-10' không phải là ngày có thật: không có tháng 13 (ngày được đọc theo thứ tự "
        "ngày trước"
    )
    assert by_row[3] == "'abc' không phải là số. Hãy nhập giá trị đúng kiểu."
    assert "tháng 2 năm 2025 chỉ có các ngày từ 1 đến 28" in by_row[5]
    statuses = [p for p in report if p.code == "PPD104" and p.field == "status"]
    assert "thuộc danh mục trạng thái hoạt động" in statuses[0].message_in("vi")
    # English is as it was: the vocabulary by its class name, the date's reason in full.
    assert "is not a code of ActivityStatus" in statuses[0].message_in("en")
    assert by_row[2] != report.to_frame("en")["message"].tolist()[0]


KNOWN = Dataset(
    organisations=[
        Organisation(
            id="HN", name_vi="Liên hiệp Hà Nội", type="provincial_union", level="provincial"
        )
    ],
    partners=[
        Partner(id="P-LA", name="Lao-Vietnam Friendship Association", country="LA",
                type="friendship_organisation"),
        Partner(id="P-KH", name="Cambodia-Vietnam Friendship Association", country="KH",
                type="friendship_organisation"),
    ],
)  # fmt: skip
REGISTER = (
    "STT,Mã hoạt động,Tên hoạt động,Loại hình,Trạng thái,Đối tác,Ngày bắt đầu,Kinh phí (VNĐ)\n"
    "1,HD-1,Gặp mặt,Hội thảo,closed,Lao Vietnam Friendship Assoc.,02/03/2025,1.500.000\n"
    "2,HD-2,Đón đoàn,Hội thảo,closed,Hội hữu nghị Campuchia - Việt Nam,05/03/2025,2.000.000\n"
)


def test_register_notes_and_mapping_file_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "so_theo_doi.csv"
    path.write_text(REGISTER, encoding="utf-8")
    result = read_register(path, dataset=KNOWN, defaults={"lead_organisation_id": "HN"})
    linked = [p for p in result.report if p.code == "REG101"]
    assert linked, result.report.summary()
    for problem in result.report:
        assert not _leaks(problem), problem.describe("vi")
    assert "cùng quốc gia" in linked[0].message_in("vi") or "trùng khớp" in linked[0].message_in(
        "vi"
    )
    assert "match" in linked[0].message_in("en")
    written = result.save_mapping(tmp_path / "mapping.toml", "vi")
    comments = [line for line in written.read_text("utf-8").splitlines() if line.startswith("#")]
    assert comments
    targets = set(TARGETS)  # the field names a column may feed, listed as they are
    for comment in comments:
        assert not _english_in(comment) - targets, comment
    assert "Giá trị của các trường mà sổ theo dõi không có cột tương ứng." in "\n".join(comments)
    assert read_mapping(written).columns == result.mapping.columns  # still a mapping file


@pytest.mark.parametrize(
    ("toml", "english"),
    [
        ("[columns\n", "is not a valid TOML file"),
        ('[columns]\n"Tên" = "nowhere"\n', "is not a field a column can feed"),
        ('[columns]\n"Tên" = { to = "title", colour = "red" }\n', "unknown key(s)"),
        ("[defaults]\nstatus = 3\n", "must be text"),
        ('columns = "title"\n', "must be a table"),
    ],
)
def test_mapping_file_errors_in_vietnamese(tmp_path: Path, toml: str, english: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(MappingFileError) as caught:
        read_mapping(path)
    assert english in caught.value.reason
    said = caught.value.reason_in("vi")
    assert said != caught.value.reason
    # (Python's own TOML parser explains where the file breaks, in English: quoted as it is.)
    assert not _english_in(said.split(" (Expected")[0]), said


IATI = """<iati-activities version="2.03"><iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-T-1</iati-identifier>
  <reporting-org ref="XM-T" type="21"><narrative>Test NGO</narrative></reporting-org>
  <reporting-org ref="XM-U" type="21"><narrative>Other NGO</narrative></reporting-org>
  <title><narrative>Water</narrative><narrative xml:lang="fr">Eau</narrative></title>
  <description type="2"><narrative>Goals</narrative></description>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2025-01-15"/>
  <recipient-country code="KH" percentage="60"/><recipient-country code="LA" percentage="0"/>
  <recipient-region code="789" percentage="40"/>
  <sector vocabulary="1" code="99810" percentage="abc"/><sector vocabulary="2" code="111"/>
  <policy-marker vocabulary="9" code="1" significance="1"/>
  <budget><period-start iso-date="2025-01-01"/><value>x1</value></budget>
  <location><name><narrative>Hanoi</narrative></name></location>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2025-02-01"/>
    <value value-date="2025-02-01">100</value></transaction>
</iati-activity></iati-activities>"""


def test_iati_import_notes_in_vietnamese() -> None:
    result = read_iati(IATI.encode(), lead_organisation_id="HN")
    codes = {p.code for p in result.report}
    assert {"IATI002", "IATI003", "IATI004", "IATI103", "IATI301", "PPD002"} <= codes, codes
    for problem in result.report:
        # "value" here is the IATI element <value> a budget must have, named as it is.
        assert not _leaks(problem) - {"value"}, problem.describe("vi")
    said = {p.code: p.message_in("vi") for p in result.report}
    assert said["IATI103"].startswith(
        "Chỉ dấu chính sách 1 (danh mục 9): không thuộc danh mục OECD DAC (1) và không được nhập"
    )


def test_phrases_nest_and_the_default_language_follows_ppd_lang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inner = phrase("'{value}' is not a number", value="x")
    outer = phrase("{detail}; the sector was read without one", detail=inner)
    assert str(outer) == "'x' is not a number; the sector was read without one"
    assert outer.in_language("vi") == "'x' không phải là số; ngành được đọc mà không có tỷ lệ"
    monkeypatch.delenv("PPD_LANG", raising=False)
    assert default_lang() == "en"
    monkeypatch.setenv("PPD_LANG", "vi")
    assert default_lang() == "vi"
    assert default_lang("en") == "en"
    assert translations("vi").gettext("ActivityKind") == "loại hình hoạt động"
