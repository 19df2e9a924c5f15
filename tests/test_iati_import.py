"""Regression tests of the IATI import: nothing is dropped without a problem in the report.

Each defect of issue 18 has a file built for it here: transaction-level countries and
sectors, two reporting organisations, a budget without its period end, a budget value that is
not a number. Then IATI's schema tests and real files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import IATI, needs_shared
from ppd_core.io.iati import IatiFileError, IatiImport, read_iati
from ppd_core.vocab import ActivityKind, PriorityArea

TODAY = date(2026, 11, 22)
HEAD = """<iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-T-1</iati-identifier>
  <reporting-org ref="XM-T" type="21"><narrative>Test NGO</narrative></reporting-org>
  <title><narrative>Clean water</narrative></title>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2025-01-15"/>"""


def read(body: str, head: str = HEAD) -> IatiImport:
    xml = f'<iati-activities version="2.03">{head}{body}</iati-activity></iati-activities>'
    return read_iati(xml.encode(), lead_organisation_id="VUFO", today=TODAY)


def located(result: IatiImport, code: str) -> dict[str | None, str]:
    """The problems of one code: field → message."""
    return {p.field: p.message for p in result.report if p.code == code}


def tx(value: str, inner: str, currency: str = "") -> str:
    cur = f' currency="{currency}"' if currency else ""
    return (
        '<transaction><transaction-type code="1"/><transaction-date iso-date="2025-02-01"/>'
        f'<value value-date="2025-02-01"{cur}>{value}</value>'
        f'<provider-org ref="XM-F"><narrative>Funder</narrative></provider-org>{inner}'
        "</transaction>"
    )


# -- defect 1: countries and sectors on transactions only ------------------------------------------


def test_transaction_countries_and_sectors_are_carried_to_the_activity() -> None:
    body = tx("300", '<sector vocabulary="1" code="12220"/><recipient-country code="KH"/>') + tx(
        "100",
        '<sector vocabulary="1" code="12220" percentage="50"/>'
        '<sector vocabulary="1" code="11110" percentage="50"/>'
        '<recipient-country code="LA"/>',
    )
    result = read(body)
    [a] = result.activities
    # Weighted by value (both in EUR): KH 300 of 400 = 75 %, LA 100 of 400 = 25 %.
    assert [(c.country, c.percentage) for c in a.countries] == [("KH", 75.0), ("LA", 25.0)]
    # 12220: 300 + 50 = 350 of 400 = 87.5 %; 11110: 50 of 400 = 12.5 %.
    assert [(p.area, p.percentage) for p in a.priority_areas] == [
        (PriorityArea.COMMUNITY_HEALTH, 87.5),
        (PriorityArea.CULTURE_EDUCATION, 12.5),
    ]
    carried = located(result, "IATI302")
    assert carried["transaction/recipient-country"] == (
        "transaction/recipient-country: declared on 2 of 2 transactions, weighted by their "
        "values: KH 75 %, LA 25 %."
    )
    assert "12220 87.5 %, 11110 12.5 %" in carried["transaction/sector"]


def test_transactions_in_several_currencies_count_once_each() -> None:
    body = (
        tx("9000", '<recipient-country code="KH"/>', "JPY")
        + tx("100", '<recipient-country code="LA"/>')
        + tx("100", '<recipient-country code="LA"/><recipient-region code="789"/>')
    )
    result = read(body)
    # KH 1 of 3 transactions, LA 2 of 3.
    assert [(c.country, c.percentage) for c in result.activities[0].countries] == [
        ("KH", 33.3333),
        ("LA", 66.6667),
    ]
    message = located(result, "IATI302")["transaction/recipient-country"]
    assert "each counted once (their values are in several currencies" in message
    assert "1 transaction-level recipient regions were not kept" in message


def test_transaction_geography_beside_the_activitys_is_reported() -> None:
    body = '<recipient-country code="TH"/>' + tx("100", '<recipient-country code="LA"/>')
    result = read(body)
    assert [c.country for c in result.activities[0].countries] == ["TH"]
    assert "the activity's were kept" in located(result, "IATI302")["transaction/recipient-country"]


# -- defects 2–4: the schema's should-fail cases, on files built for them --------------------------


def test_two_reporting_organisations_are_reported() -> None:
    second = '<reporting-org ref="XM-U" type="21"><narrative>Other</narrative></reporting-org>'
    result = read('<recipient-country code="KH"/>', HEAD.replace("<title>", second + "<title>"))
    assert result.imported == 1
    assert located(result, "IATI002") == {
        "reporting-org": "reporting-org appears 2 times; the first was used."
    }


BUDGET = (
    '<budget type="1"><period-start iso-date="2025-01-01"/>{end}'
    '<value value-date="2025-01-01">{value}</value></budget>'
)


def test_budget_without_period_end_is_reported() -> None:
    result = read(BUDGET.format(end="", value="1000"))
    assert located(result, "IATI004") == {
        "budget[1]/period-end": "budget[1]/period-end is missing: IATI requires it (a budget "
        "has period-start, period-end, value). Ask the publisher to correct the file."
    }
    assert "1 element(s)" in located(result, "IATI003")["budget"]


def test_planned_disbursement_without_period_end_is_not_an_error() -> None:
    body = (
        '<planned-disbursement><period-start iso-date="2025-01-01"/>'
        '<value value-date="2025-01-01">10</value></planned-disbursement>'
    )
    result = read(body)
    assert located(result, "IATI004") == {}
    assert set(located(result, "IATI003")) == {"planned-disbursement"}


def test_budget_value_that_is_not_a_number_is_reported() -> None:
    end = '<period-end iso-date="2025-12-31"/>'
    result = read(BUDGET.format(end=end, value="ten thousand"))
    [problem] = [p for p in result.report if p.code == "PPD002"]
    assert (problem.field, problem.value) == ("budget[1]/value", "ten thousand")
    assert problem.message.startswith("'ten thousand' is not a number")
    assert result.imported == 1  # budgets are not kept: the activity is


# -- everything else not kept is named -------------------------------------------------------------


def test_what_is_not_kept_is_named_once_per_kind() -> None:
    head = HEAD.replace('xml:lang="en">', 'xml:lang="en" humanitarian="1" hierarchy="2">')
    head = head.replace(
        "<narrative>Clean water</narrative>",
        '<narrative>Clean water</narrative><narrative xml:lang="fr">Eau propre</narrative>',
    )
    body = (
        '<description type="2"><narrative>Objectives</narrative></description>'
        '<participating-org ref="XM-F" role="1" activity-id="XM-F-9"><narrative>F</narrative>'
        "</participating-org>"
        '<recipient-country code="KH"/><location><name><narrative>Site</narrative></name>'
        '</location><location/><tag vocabulary="1" code="ag"/>'
        + tx("5", '<aid-type code="C01"/><receiver-org ref="XM-R"><narrative>R</narrative>'
             "</receiver-org>")
        + '<document-link url="https://example.org/a.pdf" format="application/pdf"/>'
    )  # fmt: skip
    result = read(body, head)
    [a] = result.activities
    assert a.kind is ActivityKind.HUMANITARIAN_AID
    unkept = located(result, "IATI003")
    assert set(unkept) == {
        "@hierarchy",
        "title/narrative",
        "description[1]",
        "participating-org/@activity-id",
        "location",
        "tag",
        "transaction/aid-type",
        "transaction/receiver-org",
        "document-link",
    }
    assert unkept["location"].startswith("location was not imported (2 element(s))")
    assert "2 narratives (en, fr); one was kept" in unkept["title/narrative"]
    assert (
        "XM-R: flows are recorded as received by the lead organisation"
        in unkept["transaction/receiver-org"]
    )


# -- IATI's schema tests and real files ------------------------------------------------------------

SHOULD_FAIL = {
    "activity-20-two-reporting-orgs.xml": ("IATI002", "reporting-org"),
    "activity-22-missing-title-narrative.xml": ("PPD001", "title"),
    "activity-26-two-activity-status.xml": ("IATI002", "activity-status"),
    "activity-budget-01-missing-period-end.xml": ("IATI004", "budget[1]/period-end"),
    "activity-budget-12-non-decimal-value.xml": ("PPD002", "budget[1]/value"),
}


def _cases(kind: str) -> list[Path]:
    found = sorted((IATI / "schema-tests" / kind).glob("activity-*.xml"))
    return found or [IATI / "schema-tests" / kind / "absent.xml"]


@needs_shared()
@pytest.mark.parametrize("path", _cases("should-fail"), ids=lambda p: p.name)
def test_every_should_fail_case_is_reported_naming_the_element(path: Path) -> None:
    result = read_iati(path, lead_organisation_id="VUFO", today=TODAY)
    code, field = SHOULD_FAIL[path.name]
    assert any(p.code == code and p.field == field for p in result.report)


# Placeholders the schema tests carry where a code goes ("xx", "X"): the problems they cause
# are true (not IATI codes), the only ones the files may have.
PLACEHOLDERS = {"xx", "x", ""}
STRUCTURE = {"IATI002", "IATI004", "PPD002"}


@needs_shared()
@pytest.mark.parametrize("path", _cases("should-pass"), ids=lambda p: p.name)
def test_should_pass_cases_import_without_a_false_error(path: Path) -> None:
    result = read_iati(path, lead_organisation_id="VUFO", today=TODAY)
    assert result.activities_in_file == 1
    for p in result.report:
        assert p.code not in STRUCTURE, p  # schema-valid: no structural complaint
        if p.code in ("PPD001", "PPD102", "PPD104"):
            assert str(p.value or "").lower() in PLACEHOLDERS, p


@needs_shared()
def test_organisation_files_are_refused_as_such() -> None:
    for path in sorted((IATI / "schema-tests" / "should-pass").glob("organisation-*.xml")):
        with pytest.raises(IatiFileError, match="root element is <iati-organisations>"):
            read_iati(path, lead_organisation_id="VUFO", today=TODAY)


@needs_shared()
def test_real_file_with_transaction_countries_only() -> None:
    # 3FI's activity names its 13 recipient countries on its 13 transactions, not on itself.
    result = read_iati(
        IATI / "realworld" / "3fi-activity.xml", lead_organisation_id="VUFO", today=TODAY
    )
    [a] = result.activities
    assert len(a.countries) == 12  # Denmark twice
    assert sum(c.percentage for c in a.countries) == pytest.approx(100, abs=0.01)
    assert max(a.countries, key=lambda c: c.percentage).country == "DK"
    message = located(result, "IATI302")["transaction/recipient-country"]
    assert message.startswith(
        "transaction/recipient-country: declared on 13 of 13 transactions, weighted by their "
        "values: "
    )
