"""Tests of ppd_core.io.iati.check_ruleset: each rule type of IATI's Standard Ruleset, passing
and failing, on small hand-built documents; then IATI's own ruleset on real material."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from helpers import IATI, needs_shared
from ppd_core.errors import IatiRuleCaseError, PpdError
from ppd_core.io.iati import RulesetReport, check_ruleset
from ppd_core.io.iati.ruleset import RULESET_ENV

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
STANDARD = IATI / "rulesets" / "standard.json"
ACTIVITY = "/iati-activities/iati-activity"


def run(body: str, rule: str, case: dict[str, Any], context: str = ACTIVITY) -> RulesetReport:
    """Check one case (rule id 9.9.9) on one activity whose children are ``body``."""
    xml = (
        "<iati-activities version='2.03'><iati-activity>"
        f"<iati-identifier>XM-T-1</iati-identifier>{body}</iati-activity></iati-activities>"
    ).encode()
    info = {"id": "9.9.9", "severity": "error", "message": "Test rule."}
    ruleset = {context: {rule: {"cases": [case | {"ruleInfo": info}]}}}
    return check_ruleset(xml, ruleset, now=NOW)


def status(body: str, rule: str, case: dict[str, Any], context: str = ACTIVITY) -> str:
    """The one status the case reaches (several elements must agree)."""
    found = run(body, rule, case, context).status_of("9.9.9")
    assert len(found) == 1, found
    return found.pop()


SECTORS_60_40 = "<sector code='1' percentage='60'/><sector code='2' percentage='40'/>"
SECTORS_60_30 = "<sector code='1' percentage='60'/><sector code='2' percentage='30'/>"
REF = "<reporting-org ref='XM-T'/>"
PERIOD_2024 = "<s iso-date='2024-01-01'/><e iso-date='2024-12-31'/>"

RULE_CASES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    # rule type, case, {expected status: activity body}
    (
        "atleast_one",
        {"paths": ["sector", "transaction/sector"]},
        {"passed": "<sector code='1'/>", "failed": "<transaction/>"},
    ),
    ("atleast_one", {"paths": ["x"], "condition": "sector"}, {"not_applicable": ""}),
    (
        "no_more_than_one",
        {"paths": ["sector"]},
        {"passed": "<sector code='1'/>", "failed": SECTORS_60_40},
    ),
    ("dependent", {"paths": ["a", "b"]}, {"passed": "<a/><b/>", "failed": "<a/>"}),
    ("only_one_of", {"paths": ["a"], "excluded": ["b"]}, {"passed": "<a/>", "failed": "<a/><b/>"}),
    (
        "one_or_all",
        {"one": "@xml:lang", "all": "lang"},
        {"passed": "<t><narrative xml:lang='fr'/></t>", "failed": "<t><narrative/></t>"},
    ),
    (
        "one_or_all",
        {"one": "sector", "all": "sector"},
        {
            "passed": "<transaction><sector/></transaction>",
            "failed": "<transaction><sector/></transaction><transaction/>",
        },
    ),
    (
        "one_or_all",
        {"one": "@default-currency", "all": "currency"},
        {
            "passed": "<budget><value currency='EUR'>1</value></budget>",
            "failed": "<transaction><value>1</value></transaction>",
        },
    ),
    ("one_or_all", {"one": "x", "all": "colour"}, {"not_checked": ""}),
    (
        "unique",
        {"paths": ["reporting-org/@ref", "iati-identifier"]},
        {"passed": REF, "failed": "<reporting-org ref='XM-T-1'/>"},
    ),
    (
        "strict_sum",
        {"paths": ["sector/@percentage"], "sum": 100},
        {"passed": SECTORS_60_40, "failed": SECTORS_60_30},
    ),
    (
        "strict_sum",
        {"paths": ["sector/@percentage"], "sum": 100},
        {"failed": "<sector percentage='ten'/>"},
    ),
    ("strict_sum", {"paths": ["sector/@percentage"], "sum": 100}, {"failed": ""}),
    (
        "sum",
        {"paths": ["sector/@percentage"], "sum": 100},
        {"not_applicable": "", "failed": SECTORS_60_30},
    ),
    (
        "range",
        {"paths": ["sector/@percentage"], "min": 0.0, "max": 100.0},
        {"passed": SECTORS_60_40, "failed": "<sector percentage='100.5'/>"},
    ),
    (
        "regex_matches",
        {"paths": ["iati-identifier"], "regex": "^[^\\/\\&\\|\\?]+$"},
        {"passed": ""},
    ),
    (
        "regex_matches",
        {"paths": ["x/@ref"], "regex": "^[^\\/\\&\\|\\?]+$"},
        {"failed": "<x ref='A/B'/>"},
    ),
    (
        "regex_no_matches",
        {"paths": ["x/@ref"], "regex": "/"},
        {"passed": "<x ref='A-B'/>", "failed": "<x ref='A/B'/>"},
    ),
    ("no_spaces", {"paths": ["x/@ref"]}, {"passed": "<x ref='XM-T'/>"}),
    ("no_spaces", {"paths": ["x"]}, {"failed": "<x>XM-T\n</x>"}),
    ("no_percent", {"paths": ["x/@v"]}, {"passed": "<x v='12'/>", "failed": "<x v='12%'/>"}),
    (
        "startswith",
        {
            "prefix": ["reporting-org/@ref", "o[@type='B1']/@ref"],
            "separator": "-",
            "paths": ["iati-identifier"],
        },
        {"passed": REF},
    ),
    (
        "startswith",
        {
            "prefix": ["reporting-org/@ref", "o[@type='B1']/@ref"],
            "separator": "-",
            "paths": ["iati-identifier"],
        },
        {"passed": "<reporting-org ref='XM-NEW'/><o type='B1' ref='XM-T'/>"},
    ),
    (
        "startswith",
        {"prefix": ["reporting-org/@ref"], "separator": "-", "paths": ["iati-identifier"]},
        {"failed": "<reporting-org ref='XM-T-'/>"},
    ),
    (
        "startswith",
        {"prefix": ["reporting-org/@ref"], "separator": "-", "paths": ["iati-identifier"]},
        {"failed": ""},
    ),
    (
        "startswith",
        {"prefix": ["ORG-ID-PREFIX"], "paths": ["reporting-org/@ref"]},
        {"not_checked": REF},
    ),
    (
        "if_then",
        {"if": "recipient-country", "then": "not(transaction/recipient-country)"},
        {
            "passed": "<recipient-country/><transaction/>",
            "failed": "<recipient-country/><transaction><recipient-country/></transaction>",
        },
    ),
    ("if_then", {"if": "recipient-country", "then": "false()"}, {"not_applicable": ""}),
    (
        "if_then",
        {"if": "count(x) > 0", "then": "number(x/@value) = x/@value"},
        {"passed": "<x value='1.5'/>", "failed": "<x value='n/a'/>"},
    ),
    ("if_then", {"if": "count(x) >", "then": "true()"}, {"not_checked": ""}),
    ("evaluates_to_true", {"eval": "count(x) = 1"}, {"passed": "<x/>", "failed": ""}),
    (
        "date_order",
        {"less": "d[@type='1']/@iso-date", "more": "d[@type='3']/@iso-date"},
        {
            "passed": "<d type='1' iso-date='2024-01-01'/><d type='3' iso-date='2024-01-01'/>",
            "failed": "<d type='1' iso-date='2024-01-02'/><d type='3' iso-date='2024-01-01'/>",
            "not_applicable": "<d type='1' iso-date='2024-01-02'/>",
        },
    ),
    (
        "date_order",
        {"less": "t/@iso-date", "more": "NOW"},
        {
            "passed": "<t iso-date='2026-06-15'/><t iso-date='2020-01-01'/>",
            # The second date is in the future: the reference implementation would read the
            # first only.
            "failed": "<t iso-date='2020-01-01'/><t iso-date='2026-06-16'/>",
            "not_checked": "<t iso-date='01/02/2020'/>",
        },
    ),
    ("date_now", {"date": "@last-updated-datetime"}, {"not_applicable": ""}),
    (
        "time_limit",
        {"start": "s/@iso-date", "end": "e/@iso-date"},
        {
            "passed": "<s iso-date='2024-02-29'/><e iso-date='2025-02-28'/>",
            "failed": "<s iso-date='2024-01-01'/><e iso-date='2025-01-02'/>",
        },
    ),
    (
        "between_dates",
        {"date": "v/@d", "start": "s/@iso-date", "end": "e/@iso-date"},
        {
            "passed": PERIOD_2024 + "<v d='2024-01-01'/><v d='2024-12-31'/>",
            "failed": PERIOD_2024 + "<v d='2024-06-01'/><v d='2025-01-01'/>",
        },
    ),
    ("colour_of", {"paths": ["x"]}, {"not_checked": ""}),
]
"""Each rule case with the activity bodies giving each status."""

CASES = [
    (rule, case, body, expected)
    for rule, case, bodies in RULE_CASES
    for expected, body in bodies.items()
]


@pytest.mark.parametrize(("rule", "case", "body", "expected"), CASES)
def test_each_rule_type(rule: str, case: dict[str, Any], body: str, expected: str) -> None:
    assert status(body, rule, case) == expected


def test_every_rule_type_of_the_standard_is_tested_passing_and_failing() -> None:
    used = {"if_then", "no_spaces", "date_order", "atleast_one", "loop", "regex_matches",
            "time_limit", "one_or_all", "range", "startswith", "no_more_than_one", "date_now",
            "strict_sum", "unique", "between_dates"}  # fmt: skip
    tested = {(rule, expected) for rule, _, _, expected in CASES}
    for rule in used - {"loop", "date_now"}:  # both have tests of their own below
        assert {(rule, "passed"), (rule, "failed")} <= tested, rule


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-06-15T11:59:59", "passed"),  # no zone: taken as UTC
        ("2026-06-15T12:00:01", "failed"),
        ("2026-06-15T18:00:00+07:00", "passed"),  # 11:00 UTC
        ("2026-06-15T12:00:00-01:00", "failed"),  # 13:00 UTC
        ("yesterday", "not_checked"),
    ],
)
def test_date_now(stamp: str, expected: str) -> None:
    xml = (
        f"<iati-activities><iati-activity last-updated-datetime='{stamp}'>"
        "<iati-identifier>XM-T-1</iati-identifier></iati-activity></iati-activities>"
    ).encode()
    case = {"date": "@last-updated-datetime", "ruleInfo": {"id": "11.1.1", "severity": "error"}}
    rules = {ACTIVITY: {"date_now": {"cases": [case]}}}
    assert check_ruleset(xml, rules, now=NOW).status_of("11.1.1") == {expected}


LOOP = {
    "foreach": "sector[@vocabulary != '1']/@vocabulary",
    "do": {
        "strict_sum": {
            "cases": [
                {
                    "condition": "count(sector[@vocabulary = '$1']) > 1",
                    "paths": ["sector[@vocabulary = '$1']/@percentage"],
                    "sum": 100,
                    "ruleInfo": {"id": "2.1.2", "severity": "error", "message": "Sum to 100."},
                }
            ]
        }
    },
    "subs": ["paths"],
}


def test_loop_tests_each_vocabulary_and_substitutes_everywhere() -> None:
    body = (
        "<sector vocabulary='1' code='1' percentage='30'/>"  # not looped over (vocabulary 1)
        "<sector vocabulary='2' code='a' percentage='50'/>"
        "<sector vocabulary='2' code='b' percentage='50'/>"
        "<sector vocabulary='99' code='c' percentage='70'/>"
        "<sector vocabulary='99' code='d' percentage='20'/>"
        "<sector vocabulary='98' code='e' percentage='10'/>"  # alone: condition false
    )
    report = run(body, "loop", LOOP)
    outcomes = [o for o in report.outcomes if o.rule_id == "2.1.2"]
    # One outcome per distinct vocabulary, in document order: 2 passes (50 + 50), 99 fails
    # (70 + 20 = 90), 98 does not apply. Were '$1' left in the condition (only "paths" is in
    # "subs"), the condition would never hold and vocabulary 99 would pass unseen.
    assert [o.status for o in outcomes] == ["passed", "failed", "not_applicable"]
    assert outcomes[1].message == "Sum to 100."


def test_id_condition_failures_are_not_checked() -> None:
    case = {"idCondition": "NOT_EXISTING_ORG_ID", "regex": "^[^/]+$", "paths": ["x/@ref"]}
    assert status("<x ref='A-B'/>", "regex_matches", case) == "passed"
    outcome = run("<x ref='A/B'/>", "regex_matches", case).not_checked()[0]
    assert "registry" in outcome.describe("en")


def test_outcomes_name_the_record_line_and_reason_in_both_languages() -> None:
    body = "<transaction>\n<sector percentage='x'/></transaction>"
    case = {"paths": ["transaction/sector/@percentage"], "sum": 100}
    failed = run(body, "strict_sum", case).failures("error")[0]
    assert (failed.activity, failed.line, failed.rule_id) == ("XM-T-1", 1, "9.9.9")
    assert failed.describe("en") == (
        "XM-T-1, line 1: IATI rule 9.9.9 (error) failed: Test rule. ('x' is not a number)"
    )
    assert failed.describe("vi").startswith("XM-T-1, dòng 1: Quy tắc IATI 9.9.9 (error)")
    assert "không phải là số" in failed.describe("vi")


def test_context_elements_below_the_activity_are_tested_each() -> None:
    body = (
        "<budget><period-start iso-date='2024-01-01'/><period-end iso-date='2024-12-31'/></budget>"
        "<budget><period-start iso-date='2025-01-01'/><period-end iso-date='2026-03-31'/></budget>"
    )
    case = {"start": "period-start/@iso-date", "end": "period-end/@iso-date"}
    report = run(body, "time_limit", case, ACTIVITY + "/budget")
    assert [o.status for o in report.outcomes] == ["passed", "failed"]
    assert {o.activity for o in report.outcomes} == {"XM-T-1"}


def test_a_missing_ruleset_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RULESET_ENV, raising=False)
    with pytest.raises(FileNotFoundError, match="PPD_IATI_RULESET"):
        check_ruleset(b"<iati-activities/>")


def test_the_case_error_is_in_the_tree() -> None:
    err = IatiRuleCaseError("failed", "'{value}' is not a number", value="x")
    assert isinstance(err, PpdError)
    assert str(err) == "'x' is not a number"


# -- IATI's own ruleset ----------------------------------------------------------------------------


@needs_shared()
def test_standard_ruleset_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RULESET_ENV, str(STANDARD))
    xml = (IATI / "realworld" / "canada-activity.xml").read_bytes()
    report = check_ruleset(xml, now=NOW)
    assert report.failures() == []
    # 1.14.8 needs org-id.guide's agency codes: not checked, never counted as passed.
    assert {o.rule_id for o in report.not_checked()} == {"1.14.8"}


@needs_shared()
def test_standard_ruleset_finds_what_the_issue_found() -> None:
    # An activity with provinces only and no priority area, as ppd_core exported it before.
    xml = b"""<iati-activities version="2.03"><iati-activity default-currency="USD"
      xml:lang="en" last-updated-datetime="2026-01-01T00:00:00">
      <iati-identifier>A-2021-001</iati-identifier>
      <reporting-org ref="VN-VUFO" type="22"><narrative>VUFO</narrative></reporting-org>
      <title><narrative>T</narrative></title>
      <activity-date type="2" iso-date="2021-01-01"/>
      <transaction><transaction-type code="1"/><transaction-date iso-date="2021-02-01"/>
        <value value-date="2021-02-01">10</value></transaction>
    </iati-activity></iati-activities>"""
    report = check_ruleset(xml, STANDARD, now=NOW)
    # No sector anywhere: 6.2.2, and 6.7.2 (the transaction has none either).
    assert report.failed_rules("error") == {"3.7.1": 1, "3.7.2": 1, "6.2.2": 1, "6.7.2": 1}
    assert report.failed_rules("warning") == {"1.1.21": 1}
