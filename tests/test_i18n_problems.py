"""Problems read in the user's language: every rule's text, re-rendered from its context.

A problem made by its rule keeps the values of the rule's placeholders, so ``ppd db import
--lang vi`` prints the rules' Vietnamese texts; English stays as it was written.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ppd_core.cli import app
from ppd_core.errors import Problem, ValidationReport
from ppd_core.i18n import text
from ppd_core.rules import MAX_DECIMALS, RULES, SPLIT_TOLERANCE

runner = CliRunner()
WIDE = {"COLUMNS": "400"}

ORGANISATIONS = "id,name_vi,type,level\nORG,Liên hiệp tỉnh,provincial_union,provincial\n"
# Row 2 is good; rows 3-7 each break one rule (PPD103, PPD201, PPD701, PPD104, PPD110).
ACTIVITIES = (
    "id,title,lead_organisation_id,kind,status,planned_start,planned_end,participants_total,"
    "participants_women,cost_amount,cost_currency\n"
    "A1,Hội thảo hữu nghị,ORG,training_workshop,closed,2025-03-10,2025-03-12,40,20,1000,USD\n"
    "A2,Đón đoàn Lào,ORG,delegation_inbound,closed,2025-04-01,2025-04-02,30,10,500,XYZ\n"
    "A3,Giao lưu văn hóa,ORG,cultural_exchange,closed,2025-03-10,2025-03-01,25,5,200,USD\n"
    "A4,Tập huấn,ORG,training_workshop,closed,2025-05-01,2025-05-02,12,15,300,USD\n"
    "A5,Tiệc chiêu đãi,ORG,banquet,closed,2025-06-01,2025-06-01,10,2,100,USD\n"
    "A6,Gặp mặt,ORG-X,conference_forum,closed,2025-07-01,2025-07-01,10,2,100,USD\n"
)

VIETNAMESE = [
    "5 lỗi; các dòng bị từ chối và lý do có trong",
    "[PPD103] tệp activities.csv, trang tính activities, dòng 3, hoạt động A2, trường "
    "cost.currency: 'XYZ' không phải là mã tiền tệ ISO 4217 có trong dữ liệu tham chiếu. Hãy "
    "dùng mã gồm ba chữ cái (ví dụ USD, VND, EUR). (giá trị: 'XYZ')",
    "[PPD201] tệp activities.csv, trang tính activities, dòng 4, hoạt động A3, trường "
    "planned_end: planned_end (2025-03-01) sớm hơn planned_start (2025-03-10). Hãy đổi chỗ hoặc "
    "sửa lại các ngày. (giá trị: '2025-03-01')",
    "[PPD701] tệp activities.csv, trang tính activities, dòng 5, hoạt động A4, trường "
    "participants.women: participants.women (15) vượt quá tổng số lượt người tham gia (12). Hãy "
    "sửa số liệu chi tiết hoặc tổng số. (giá trị: '15')",
    "[PPD104] tệp activities.csv, trang tính activities, dòng 6, hoạt động A5, trường kind: "
    "'banquet' không phải là mã thuộc danh mục loại hình hoạt động. Hãy dùng một trong các "
    "mã: conference_forum,",
    "[PPD110] tệp activities.csv, trang tính activities, dòng 7, hoạt động A6, trường "
    "lead_organisation_id: lead_organisation_id tham chiếu tới tổ chức 'ORG-X', nhưng bản ghi "
    "này không có trong tập dữ liệu. Hãy bổ sung tổ chức đó hoặc sửa lại mã. (giá trị: 'ORG-X')",
]
ENGLISH = [
    "5 problems; the rejected rows and their reasons are in",
    "[PPD103] file activities.csv, sheet activities, row 3, activity A2, field cost.currency: "
    "'XYZ' is not a known ISO 4217 currency code. Use the three-letter code (e.g. USD, VND, "
    "EUR). (value: 'XYZ')",
    "[PPD201] file activities.csv, sheet activities, row 4, activity A3, field planned_end: "
    "planned_end (2025-03-01) is before planned_start (2025-03-10). Swap or correct the dates. "
    "(value: '2025-03-01')",
    "[PPD701] file activities.csv, sheet activities, row 5, activity A4, field "
    "participants.women: participants.women (15) exceeds the total number of participants (12). "
    "Correct the breakdown or the total. (value: '15')",
    "[PPD104] file activities.csv, sheet activities, row 6, activity A5, field kind: 'banquet' "
    "is not a code of ActivityKind. Use one of: conference_forum,",
    "[PPD110] file activities.csv, sheet activities, row 7, activity A6, field "
    "lead_organisation_id: lead_organisation_id refers to organisation 'ORG-X', which is not in "
    "the dataset. Add that organisation or correct the id. (value: 'ORG-X')",
]


def _import(tmp_path: Path, lang: str) -> tuple[str, Path]:
    """Import the hand-made files with ``--lang``; the output (spaces normalised), the side file."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (folder / "activities.csv").write_text(ACTIVITIES, encoding="utf-8")
    side = tmp_path / "rejected.xlsx"
    database = f"sqlite:///{tmp_path / 'ppd.sqlite'}"
    args = ["db", "import", str(folder), "-d", database, "--rejected", str(side), "--lang", lang]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 3, result.output  # some rows rejected
    return " ".join(result.output.split()), side


def _messages(side: Path) -> list[str]:
    sheet = load_workbook(side, read_only=True)["problems"]
    rows = list(sheet.iter_rows(values_only=True))
    at = rows[0].index("message")
    # A cell starting with a quote gets one more, so the spreadsheet shows the first one.
    return [str(r[at]).removeprefix("'") for r in rows[1:]]


def _banquet(lang: str) -> str:
    """The PPD104 text of row 6 (the kind 'banquet') in ``lang``."""
    allowed = (
        "conference_forum, delegation_outbound, delegation_inbound, cultural_exchange, "
        "humanitarian_aid, development_project, training_workshop, communication_media, "
        "research_policy, anniversary, branch_founding, youth_exchange, scholarship"
    )
    if lang == "vi":
        return (
            "'banquet' không phải là mã thuộc danh mục loại hình hoạt động. Hãy dùng một trong "
            f"các mã: {allowed}."
        )
    return f"'banquet' is not a code of ActivityKind. Use one of: {allowed}."


def test_import_in_vietnamese_prints_the_rules_in_vietnamese(tmp_path: Path) -> None:
    output, side = _import(tmp_path, "vi")
    for expected in VIETNAMESE:
        assert expected in output
    assert "is not a known" not in output
    assert "Swap or correct" not in output
    assert _messages(side) == [
        "'XYZ' không phải là mã tiền tệ ISO 4217 có trong dữ liệu tham chiếu. Hãy dùng mã gồm "
        "ba chữ cái (ví dụ USD, VND, EUR).",
        "planned_end (2025-03-01) sớm hơn planned_start (2025-03-10). Hãy đổi chỗ hoặc sửa lại "
        "các ngày.",
        "participants.women (15) vượt quá tổng số lượt người tham gia (12). Hãy sửa số liệu chi "
        "tiết hoặc tổng số.",
        _banquet("vi"),
        "lead_organisation_id tham chiếu tới tổ chức 'ORG-X', nhưng bản ghi này không có trong "
        "tập dữ liệu. Hãy bổ sung tổ chức đó hoặc sửa lại mã.",
    ]


def test_import_in_english_is_unchanged(tmp_path: Path) -> None:
    output, side = _import(tmp_path, "en")
    for expected in ENGLISH:
        assert expected in output
    assert "không" not in output
    assert _messages(side) == [
        "'XYZ' is not a known ISO 4217 currency code. Use the three-letter code (e.g. USD, VND, "
        "EUR).",
        "planned_end (2025-03-01) is before planned_start (2025-03-10). Swap or correct the dates.",
        "participants.women (15) exceeds the total number of participants (12). Correct the "
        "breakdown or the total.",
        _banquet("en"),
        "lead_organisation_id refers to organisation 'ORG-X', which is not in the dataset. Add "
        "that organisation or correct the id.",
    ]


def test_a_problem_made_by_its_rule_describes_itself_in_either_language() -> None:
    problem = RULES["PPD401"].problem("activity", "A-7", "countries", "90", total="90")
    assert problem.message == (
        "Percentages of countries sum to 90, not 100. Adjust the shares so they add up to 100 "
        "(±0.01)."
    )
    assert str(problem) == (
        "[PPD401] activity A-7, field countries: Percentages of countries sum to 90, not 100. "
        "Adjust the shares so they add up to 100 (±0.01). (value: '90')"
    )
    assert problem.describe("vi") == (
        "[PPD401] hoạt động A-7, trường countries: Tổng tỷ lệ phần trăm của countries bằng 90, "
        "không phải 100. Hãy điều chỉnh các tỷ lệ để tổng bằng 100 (±0,01). (giá trị: '90')"
    )
    flow = RULES["REG104"].problem("activity", "R-3", "resources_mobilised", "1.500 USD")
    assert flow.describe("vi").endswith(
        "Nguồn lực vận động được, 1.500 USD, chưa được ghi nhận: dòng này không có đối tác nào "
        "được liên kết. Hãy xác nhận các đối tác của dòng này trong tệp ánh xạ rồi nhập lại. "
        "(giá trị: '1.500 USD')"
    )


def test_a_problem_written_by_hand_keeps_its_message() -> None:
    problem = Problem("PPD301", "Cost is negative.", "work_plan", "W-1", "budget", "-5", row=4)
    assert problem.context is None
    assert problem.message_in("vi") == "Cost is negative."
    assert problem.describe("vi") == (
        "[PPD301] dòng 4, kế hoạch công tác W-1, trường budget: Cost is negative. (giá trị: '-5')"
    )
    assert problem.describe("en") == (
        "[PPD301] row 4, work_plan W-1, field budget: Cost is negative. (value: '-5')"
    )


def test_the_context_is_not_part_of_equality_nor_of_the_table() -> None:
    made = RULES["PPD301"].problem("activity", "A-1", "cost.amount", "-5")
    by_hand = Problem("PPD301", made.message, "activity", "A-1", "cost.amount", "-5")
    assert made == by_hand
    assert hash(made) == hash(by_hand)
    assert "context" not in repr(made)
    report = ValidationReport([made])
    assert "context" not in report.to_frame().columns
    assert report.to_frame("vi")["message"].tolist() == [
        "cost.amount là số âm (-5). Hãy nhập số 0 hoặc một giá trị dương."
    ]
    assert report.summary(lang="vi").splitlines()[0] == "1 lỗi (PPD301 ×1):"
    assert ValidationReport().summary(lang="vi") == "Không có lỗi nào."
    assert report.summary() == str(report)


def _placeholders(template: str) -> set[tuple[str, str | None]]:
    return {(name, conv) for _, name, _, conv in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_reads_in_vietnamese_with_the_same_placeholders(code: str) -> None:
    rule = RULES[code]
    for english in (rule.message, rule.fix):
        if not english:
            continue
        vietnamese = text(english, "vi")
        assert vietnamese != english or english in ("{detail}.", "{field}: {detail}."), english
        assert _placeholders(vietnamese) == _placeholders(english)


def test_the_texts_state_the_limits_the_checks_use() -> None:
    # The texts are literals (so they can be extracted); they must say what the checks do.
    assert f"more than {MAX_DECIMALS} decimal places" in RULES["PPD302"].message
    assert f"(±{SPLIT_TOLERANCE})" in RULES["PPD401"].fix


def test_a_command_refusing_bad_records_lists_them_in_vietnamese() -> None:
    from ppd_core._exits import ExitCode, explain
    from ppd_core.errors import DataValidationError

    found = RULES["PPD111"].problem("partner", "P-2", "id", "P-2", entity_kind="partner")
    explained = explain(DataValidationError(ValidationReport([found]), "partners"), "vi")
    assert explained is not None
    message, code = explained
    assert code == ExitCode.FAILED
    assert message.splitlines()[1] == (
        "  [PPD111] đối tác P-2, trường id: Mã 'P-2' được dùng cho nhiều hơn một đối tác. Hãy "
        "đặt cho mỗi bản ghi một mã riêng hoặc hợp nhất các bản ghi trùng lặp. (giá trị: 'P-2')"
    )
