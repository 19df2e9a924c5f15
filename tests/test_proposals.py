"""An organisation's own proposals: the template, its reader and ``--proposals`` on the CLI.

The data are built here, not taken from the sample: the provincial union TN spent
300,000,000 VND in 2025 (one activity) and its 2026 work plan weights culture and education
1.0 and economic cooperation 0.5. It proposes three activities for 2026:

====  ============  =========  ================  ===========  =====================
id    title         cost (VND) priority area     resources    chance of results
====  ============  =========  ================  ===========  =====================
A     Youth camp    200 m      culture (1.0)     1,000 USD    0.8
B     Trade forum   150 m      economic (0.5)    0 USD        0.4
C     Film week     100 m      none (0)          500 USD      0.6
====  ============  =========  ================  ===========  =====================

Scores with the default weights (priority .25, substantive .25, resources .2, country focus
.1, cost .1, partner risk .1; no country: focus 0; no partner: risk criterion 1), resources
scaled (x − 0)/(1000 − 0), cost (200 − x)/(200 − 100):

* A = .25·1 + .25·.8 + .2·1 + .1·0 + .1·0 + .1·1 = 0.750
* B = .25·.5 + .25·.4 + .2·0 + .1·0 + .1·.5 + .1·1 = 0.375
* C = .25·0 + .25·.6 + .2·.5 + .1·0 + .1·1 + .1·1 = 0.450

The budget is the 2025 spending, 300 m: A + C costs exactly 300 m and scores 1.2; A + B
(350 m) does not fit; B + C scores 0.825. The portfolio is A and C, cost 300,000,000 VND.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from ppd_core import Dataset
from ppd_core.cli import app
from ppd_core.errors import FileFormatError
from ppd_core.i18n import Lang, text
from ppd_core.io import proposals_template, read_proposals
from ppd_core.io.proposals import PROPOSAL_COLUMNS
from ppd_core.models import Activity, Indicator, Organisation, WorkPlan
from ppd_core.planning import CANDIDATE_COLUMNS
from ppd_core.reporting import Paragraph, Table, annual_review
from ppd_core.store import Store

runner = CliRunner()
WIDE = {"COLUMNS": "160"}
TODAY = date(2026, 1, 15)
HEADERS_EN = ["Id", "Title", "Kind of activity", "Priority area", "Cost"]
ROWS: list[list[Any]] = [
    ["A", "Youth camp", "youth_exchange", "culture_education", 200_000_000],
    ["B", "Trade forum", "conference_forum", "economic_cooperation", 150_000_000],
    ["C", "Film week", "cultural_exchange", None, 100_000_000],
]
EXTRA: dict[str, list[float]] = {
    "expected_resources": [1000, 0, 500],
    "substantive_probability": [0.8, 0.4, 0.6],
}


def _union() -> Dataset:
    org = Organisation(
        id="TN",
        name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh",
        short_name="TN-UFO",
        type="provincial_union",
        level="provincial",
        province="Tây Ninh",
    )
    spent = {"amount": "300000000", "currency": "VND"}
    act = Activity.model_validate(
        {
            "id": "T-1",
            "title": "Friendship week",
            "lead_organisation_id": "TN",
            "kind": "cultural_exchange",
            "status": "closed",
            "actual_start": date(2025, 5, 4),
            "actual_end": date(2025, 5, 8),
            "countries": [{"country": "KH"}],
            "cost": spent,
        },
        context={"today": TODAY},
    )
    values = [
        {"period_start": date(y, 1, 1), "period_end": date(y, 12, 31), "target": t, "actual": a}
        for y, t, a in ((2024, 3, 2), (2025, 4, 4))
    ]
    indicator = Indicator(
        id="TN-PARTNERS",
        name="Active partners",
        organisation_id="TN",
        level="outcome",
        measure="unit",
        unit="partners",
        baseline_value=2,
        values=values,
    )
    plan = WorkPlan(
        id="WP-TN-2026",
        organisation_id="TN",
        year=2026,
        title="Work plan 2026",
        priority_weights={"culture_education": 1.0, "economic_cooperation": 0.5},
    )
    return Dataset(organisations=[org], activities=[act], indicators=[indicator], work_plans=[plan])


def _filled(path: Path, lang: Lang, rows: list[list[Any]] | None = None) -> Path:
    """The template of ``lang``, filled in by hand as a user would (Excel numbers)."""
    proposals_template(path, lang=lang)
    wb = load_workbook(path)
    ws = wb["proposals"]
    where = {c.name: k for k, c in enumerate(PROPOSAL_COLUMNS, start=1)}
    names = ["id", "title", "kind", "priority_area", "cost"]
    for r, row in enumerate(rows if rows is not None else ROWS, start=2):
        for name, value in zip(names, row, strict=True):
            ws.cell(r, where[name], value)
        for name, values in EXTRA.items():
            if r - 2 < len(values):
                ws.cell(r, where[name], values[r - 2])
    wb.save(path)
    return path


# -- the template ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_template_headers_lists_and_readme(lang: Lang, tmp_path: Path) -> None:
    path = proposals_template(tmp_path / "p.xlsx", lang=lang)
    wb = load_workbook(path)
    assert wb.sheetnames == ["README", "_lists", "proposals"]
    assert wb["_lists"].sheet_state == "hidden"
    ws = wb["proposals"]
    headers = [c.value for c in ws[1]]
    assert headers == [text(c.label, lang) for c in PROPOSAL_COLUMNS]
    if lang == "vi":
        assert headers[:3] == ["Mã", "Tên hoạt động", "Loại hoạt động"]
        assert headers[6] == "Chi phí"
    assert {c.name for c in PROPOSAL_COLUMNS} <= set(CANDIDATE_COLUMNS) | {
        "plans_agreement",
        "plans_output",
        "plans_resources",
        "plans_follow_up",
    }
    bold = [c.value for c in ws[1] if c.font.b]
    assert bold == [text("Id", lang), text("Cost", lang)]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C2"] == "list_ActivityKind"
    assert lists["D2"] == "list_PriorityArea"
    assert lists["E2"] == "list_Country"
    assert lists["H2"] == "list_Currency"
    assert lists["L2"] == ('"yes,no"' if lang == "en" else '"có,không"')
    readme = [c.value for row in wb["README"].iter_rows() for c in row if c.value]
    assert "youth_exchange" in readme
    assert (
        text("Bold columns are required: each proposal needs an id of its own and a cost.", lang)
        in readme
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_filled_template_reads_back(lang: Lang, tmp_path: Path) -> None:
    read = read_proposals(_filled(tmp_path / "p.xlsx", lang), lang=lang)
    assert read.report.ok, read.report
    assert (read.rows, read.rejected) == (3, 0)
    frame = read.proposals
    assert frame["id"].tolist() == ["A", "B", "C"]
    assert frame["cost"].tolist() == [200e6, 150e6, 100e6]
    assert frame["kind"].tolist() == ["youth_exchange", "conference_forum", "cultural_exchange"]
    assert frame["substantive_probability"].tolist() == [0.8, 0.4, 0.6]


# -- adversarial files ----------------------------------------------------------------------------


def _csv(tmp_path: Path, content: str, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_vietnamese_headers_and_numbers(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Mã;Tên hoạt động;Loại hoạt động;Chi phí;Tháng bắt đầu;Tháng kết thúc;"
        "Có kế hoạch ký thỏa thuận\n"
        "VN-1;Trại hè hữu nghị;youth_exchange;120.000.000;6;7;có\n"
        "VN-2;Diễn đàn;conference_forum;1.500.000,5;3;3;không\n",
    )
    read = read_proposals(path, lang="vi", decimal_comma=True)
    assert read.report.ok, read.report
    records = read.proposals.to_dict("records")
    assert [(r["id"], r["cost"], r["start_month"], r["plans_agreement"]) for r in records] == [
        ("VN-1", 120_000_000.0, 6, True),
        ("VN-2", 1_500_000.5, 3, False),
    ]


def test_a_lone_dotted_thousand_is_fifteen_hundred_where_nothing_else_is_possible(
    tmp_path: Path,
) -> None:
    # No convention chosen: 2.500 VND, 1.500 USD and 1.200 participants can only be
    # thousands (VND has no decimals, USD two, people are counted whole); 1,5 staff-days
    # and 2.5 USD are unambiguous.
    path = _csv(
        tmp_path,
        "Id,Cost,Currency,Expected participants,Expected resources (USD),Staff-days\n"
        'A,2.500,,1.200,1.500,"1,5"\n'
        "B,1.500,USD,30,2.5,3\n",
    )
    read = read_proposals(path)
    assert read.report.ok, read.report
    got = read.proposals[
        ["id", "cost", "expected_participants", "expected_resources", "staff_days"]
    ].to_dict("records")
    assert got == [
        {"id": "A", "cost": 2500.0, "expected_participants": 1200.0,
         "expected_resources": 1500.0, "staff_days": 1.5},
        {"id": "B", "cost": 1500.0, "expected_participants": 30.0,
         "expected_resources": 2.5, "staff_days": 3.0},
    ]  # fmt: skip
    # the user's choice holds: a decimal point makes 1.200 participants one point two
    chosen = read_proposals(path, decimal_comma=False)
    assert chosen.proposals.loc[0, "expected_participants"] == 1.2


def test_a_code_name_header_in_any_case_is_read(tmp_path: Path) -> None:
    read = read_proposals(_csv(tmp_path, "ID, COST ,Start_Month\nX,10,2\n"))
    assert read.report.ok
    assert read.proposals.to_dict("records") == [{"id": "X", "cost": 10.0, "start_month": 2}]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_bad_rows_are_reported_never_dropped(lang: Lang, tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Id,Kind of activity,Cost,Start month,End month,Budget line\n"
        "P-1,youth_exchange,100,1,2,x\n"  # row 2: read (its Budget line cell is not)
        ",,,,,\n"  # row 3: empty, skipped
        "P-2,picnic,100,,,\n"  # row 4: unknown kind
        "P-3,conference_forum,a lot,,,\n"  # row 5: text in a cost cell
        ",conference_forum,5,,,\n"  # row 6: no id
        "P-1,conference_forum,5,,,\n"  # row 7: id of row 2 again
        "P-5,conference_forum,5,9,3,\n"  # row 8: ends before it starts
        "P-6,conference_forum,,13,,\n",  # row 9: no cost, month 13
    )
    read = read_proposals(path, lang=lang)
    assert read.proposals["id"].tolist() == ["P-1"]
    assert (read.rows, read.rejected) == (7, 6)
    found = {(p.code, p.row, p.field) for p in read.report}
    assert found == {
        ("PROP001", 1, "Budget line"),
        ("PROP003", 4, "kind"),
        ("PROP003", 5, "cost"),
        ("PROP002", 6, "id"),
        ("PROP004", 7, "id"),
        ("PROP005", 8, "end_month"),
        ("PROP002", 9, "cost"),
        ("PROP003", 9, "start_month"),
    }
    assert {p.source for p in read.report} == {"p.csv"}
    by_row = {(p.code, p.row): p for p in read.report}
    cost = by_row[("PROP003", 5)]
    assert cost.value == "a lot"
    if lang == "en":
        assert cost.message == (
            "Cost: 'a lot' is not a number of 0 or more; the proposal was not read. Type a "
            "number of 0 or more in the cell, then read the file again."
        )
        assert cost.describe("en").startswith("[PROP003] file p.csv, row 5, proposal P-3")
        assert "Rename it to one of: Id, Title," in by_row[("PROP001", 1)].message
        assert by_row[("PROP004", 7)].message.startswith("The id 'P-1' is already used in row 2")
    else:
        assert cost.message == (
            "Chi phí: 'a lot' không phải là một số không âm; đề xuất không được đọc. Hãy nhập "
            "một số không âm vào ô rồi đọc lại tệp."
        )
        assert cost.describe("vi").startswith("[PROP003] tệp p.csv, dòng 5, đề xuất P-3")
        unknown = by_row[("PROP003", 4)].message
        assert (
            "Loại hoạt động: 'picnic' không phải là một mã trong danh sách ActivityKind" in unknown
        )
        assert by_row[("PROP005", 8)].message.startswith("Tháng kết thúc 3 trước tháng bắt đầu 9")


@pytest.mark.parametrize(
    ("content", "name", "lang", "says"),
    [
        ("Name,Budget\nP-1,100\n", "p.csv", "en", "row 1 must name the columns"),
        ("Tên,Ngân sách\nP-1,100\n", "p.csv", "vi", "dòng 1 phải ghi tên các cột"),
        ("Id,Cost,Chi phí\nP-1,1,2\n", "p.csv", "en", "the column Cost appears twice"),
        ("", "p.csv", "en", "empty"),
        ("Id,Cost\nP-1,1\n", "p.txt.json", "en", "proposals are read from a .xlsx"),
    ],
)
def test_files_that_cannot_be_read_say_why(
    content: str, name: str, lang: Lang, says: str, tmp_path: Path
) -> None:
    with pytest.raises(FileFormatError, match=says):
        read_proposals(_csv(tmp_path, content, name), lang=lang)


def test_a_workbook_without_a_proposals_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "a"
    wb.create_sheet("b")
    wb.save(tmp_path / "two.xlsx")
    with pytest.raises(FileFormatError, match="no sheet named proposals"):
        read_proposals(tmp_path / "two.xlsx")
    (tmp_path / "fake.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(FileFormatError):
        read_proposals(tmp_path / "fake.xlsx")


# -- the portfolio, in the review and on the command line -----------------------------------------


PORTFOLIO = {
    "en": (
        "2 of 3 proposed activities chosen for a budget of ₫300,000,000 (the spending of "
        "2025); cost ₫300,000,000.",
        (
            ("Youth camp", "Youth exchange", "–", "200,000,000", "0.750"),
            ("Film week", "Cultural exchange or festival", "–", "100,000,000", "0.450"),
        ),
    ),
    "vi": (
        "Chọn 2/3 hoạt động đề xuất trong phạm vi ngân sách 300.000.000\xa0₫ (bằng mức chi "
        "năm 2025); tổng chi phí 300.000.000\xa0₫.",
        (
            ("Youth camp", "Giao lưu thanh niên", "–", "200.000.000", "0,750"),
            ("Film week", "Giao lưu văn hóa, lễ hội", "–", "100.000.000", "0,450"),
        ),
    ),
}
"""What the review's plan section says and shows for the union's three proposals, by language."""


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_review_chooses_the_portfolio_worked_out_by_hand(lang: Lang, tmp_path: Path) -> None:
    read = read_proposals(_filled(tmp_path / "p.xlsx", lang), lang=lang)
    review = annual_review(
        _union(), organisation="TN", year=2025, lang=lang, proposals=read.proposals
    )
    plan = next(s for s in review.sections if s.id == "plan")
    summary = next(b for b in plan.blocks if isinstance(b, Paragraph))
    portfolio = [b for b in plan.blocks if isinstance(b, Table)][-1]
    assert (summary.text, portfolio.rows) == PORTFOLIO[lang]


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = tmp_path / "tn.sqlite"
    with Store(f"sqlite:///{path}", upgrade=True) as store:
        store.save(_union())
    return str(path)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_ppd_plan_with_proposals_prints_the_portfolio(
    lang: Lang, database: str, tmp_path: Path
) -> None:
    path = _filled(tmp_path / "p.xlsx", lang)
    args = ["plan", "--organisation", "TN", "--year", "2026", "-d", database]
    result = runner.invoke(app, [*args, "--proposals", str(path), "--lang", lang], env=WIDE)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    if lang == "en":
        assert f"Proposals read from {path}: 3 of 3 rows." in result.output
        assert (
            "2 of 3 proposed activities chosen for a budget of ₫300,000,000 (the spending of "
            "2025); cost ₫300,000,000."
        ) in " ".join(lines)
        assert "Youth camp Youth exchange – 200,000,000 0.750" in lines
        assert "Film week Cultural exchange or festival – 100,000,000 0.450" in lines
        assert not any(line.startswith("Trade forum") for line in lines)
    else:
        assert "Chọn 2/3 hoạt động đề xuất" in result.output
        assert "Youth camp Giao lưu thanh niên – 200.000.000 0,750" in lines


def test_ppd_plan_lists_rejected_proposals_and_exits_3(database: str, tmp_path: Path) -> None:
    rows = [*ROWS, ["D", "Gala", "gala_dinner", None, "lots"]]
    path = _filled(tmp_path / "p.xlsx", "vi", rows)
    args = ["plan", "--organisation", "TN", "--year", "2026", "-d", database, "--lang", "vi"]
    result = runner.invoke(app, [*args, "--proposals", str(path)], env=WIDE)
    assert result.exit_code == 3, result.output
    assert "3 trên 4 dòng" in result.output
    where = "tệp p.xlsx, trang tính proposals, dòng 5, đề xuất D"
    assert f"[PROP003] {where}, trường kind" in result.output
    assert f"[PROP003] {where}, trường cost" in result.output
    assert "Chọn 2/3 hoạt động đề xuất" in result.output  # the good ones are planned


def test_ppd_report_with_proposals_writes_the_portfolio(database: str, tmp_path: Path) -> None:
    path = _filled(tmp_path / "p.xlsx", "en")
    args = ["report", "--organisation", "TN", "--year", "2025", "-d", database]
    result = runner.invoke(app, [*args, "--proposals", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "annual-review-TN-2025-en.md").read_text(encoding="utf-8")
    assert "2 of 3 proposed activities chosen" in page
    assert "Youth camp" in page
    assert "Film week" in page
    assert "Trade forum" not in page
    without = runner.invoke(app, [*args, "--out", str(tmp_path / "none")])
    assert without.exit_code == 0, without.output
    page = next((tmp_path / "none").glob("*.md")).read_text(encoding="utf-8")
    assert "No proposals were given" in page


def test_ppd_db_template_proposals(tmp_path: Path) -> None:
    path = tmp_path / "de-xuat.xlsx"
    result = runner.invoke(app, ["db", "template", str(path), "--proposals", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert [c.value for c in load_workbook(path)["proposals"][1]][:2] == ["Mã", "Tên hoạt động"]
    both = runner.invoke(app, ["db", "template", str(path), "--proposals", "--example"])
    assert both.exit_code == 2
    assert "the proposals template has no examples" in both.output
