"""Every validation rule: a valid and an invalid case, on the record path and the columnar path.

Each row of ``CASES`` names a rule, the entity, and a mutation of a valid record that breaks
exactly that rule. The test asserts the record path (pydantic models) and the columnar path
(:func:`ppd_core.validate_frames`) both report the code, and that the unmutated record is
valid on both. A last test makes sure no rule in the catalogue is left without a case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from helpers import TODAY, activity_dict, frames_from_raw
from ppd_core import (
    Activity,
    Award,
    Dataset,
    Evaluation,
    Indicator,
    Organisation,
    Partner,
    validate_frames,
    validate_records,
)
from ppd_core.errors import DataValidationError
from ppd_core.rules import RULES
from ppd_core.tables import ENTITIES, records_to_frames

ORG = {"id": "VUFO", "name_vi": "Liên hiệp", "type": "central_standing_body", "level": "central"}
PARTNER = {"id": "P-1", "name": "Cambodia Friendship", "country": "KH", "type": "foreign_ngo"}
INDICATOR = {
    "id": "I-1",
    "name": "Active partners",
    "level": "outcome",
    "measure": "unit",
    "values": [{"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31), "target": 5}],
}
EVALUATION = {
    "id": "E-1",
    "subject": "activity",
    "subject_id": "A-1",
    "evaluator": "Board",
    "date": date(2025, 12, 1),
    "scores": [{"criterion": "relevance", "score": 3}],
}
AWARD = {
    "id": "W-1",
    "year": 2024,
    "type": "emulation_flag",
    "recipient_kind": "collective",
    "giver": "Central Commission for External Relations",
    "count": 5,
}

BASE: dict[str, dict[str, Any]] = {
    "activities": activity_dict(),
    "organisations": ORG,
    "partners": PARTNER,
    "indicators": INDICATOR,
    "evaluations": EVALUATION,
    "awards": AWARD,
}

# (rule, table, changes that break exactly that rule)
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("PPD001", "activities", {"title": "   "}),
    ("PPD204", "activities", {"actual_start": None, "actual_end": None}),
    ("PPD503", "activities", {"cost": {"currency": "USD"}}),
    ("PPD503", "partners", {"contact": {"email": "a@example.org"}}),
    ("PPD002", "activities", {"actual_end": "not a date"}),
    ("PPD002", "awards", {"year": 1800}),
    ("PPD101", "activities", {"id": "A 1"}),
    ("PPD101", "partners", {"id": "P\t1"}),
    ("PPD102", "partners", {"country": "XX"}),
    ("PPD102", "activities", {"countries": [{"country": "ZZ", "percentage": 100.0}]}),
    ("PPD103", "activities", {"cost": {"amount": "5", "currency": "ABC"}}),
    ("PPD104", "activities", {"kind": "banquet"}),
    ("PPD104", "organisations", {"level": "galactic"}),
    ("PPD201", "activities", {"actual_end": date(2025, 2, 1)}),
    ("PPD201", "organisations", {"valid_from": date(2025, 7, 1), "valid_to": date(2025, 6, 30)}),
    (
        "PPD201",
        "indicators",
        {
            "values": [
                {"period_start": date(2025, 12, 31), "period_end": date(2025, 1, 1), "target": 1}
            ]
        },
    ),
    ("PPD202", "activities", {"actual_start": date(2027, 1, 1), "actual_end": date(2027, 1, 2)}),
    ("PPD203", "activities", {"follow_up_of": "A-1"}),
    ("PPD301", "activities", {"cost": {"amount": "-5", "currency": "USD"}}),
    ("PPD301", "activities", {"participants": {"total": -1}}),
    ("PPD302", "activities", {"cost": {"amount": "1.123456", "currency": "USD"}}),
    (
        "PPD401",
        "activities",
        {
            "countries": [
                {"country": "KH", "percentage": 60.0},
                {"country": "LA", "percentage": 30.0},
            ]
        },
    ),
    ("PPD402", "activities", {"priority_areas": [{"area": "environment", "percentage": 0.0}]}),
    (
        "PPD403",
        "activities",
        {
            "countries": [
                {"country": "KH", "percentage": 50.0},
                {"country": "KH", "percentage": 50.0},
            ]
        },
    ),
    (
        "PPD501",
        "activities",
        {
            "kind": "conference_forum",
            "partners": [{"partner_id": "P-1", "role": "implementing"}],
            "resource_flows": [],
        },
    ),
    ("PPD502", "activities", {"partners": [], "outputs": {}}),
    (
        "PPD601",
        "indicators",
        {"values": [{"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}]},
    ),
    ("PPD601", "indicators", {"measure": "qualitative"}),
    ("PPD701", "activities", {"participants": {"total": 10, "women": 11}}),
    ("PPD701", "activities", {"participants": {"total": 10, "foreign": 6, "domestic": 6}}),
    ("PPD801", "evaluations", {"scores": [{"criterion": "impact", "score": 5}]}),
]

DATASET_RULES = {"PPD110", "PPD111", "PPD112"}


def _columnar(table: str, row: dict[str, Any]) -> set[str]:
    """Codes reported by the columnar path for one record laid out as frames."""
    model = ENTITIES[table]
    try:
        record = model.model_validate(row, context={"today": date.max})
        frames = records_to_frames(table, [record])
    except Exception:
        frames = frames_from_raw(table, row)
    _, report = validate_frames(frames, today=TODAY)
    return report.codes()


@pytest.mark.parametrize("table", sorted(BASE))
def test_base_records_are_valid_on_both_paths(table: str) -> None:
    _, report = validate_records(ENTITIES[table], [BASE[table]], today=TODAY)
    assert report.ok, report
    assert _columnar(table, BASE[table]) == set()


@pytest.mark.parametrize(("code", "table", "changes"), CASES)
def test_rule_breaks_on_both_paths(code: str, table: str, changes: dict[str, Any]) -> None:
    row = {**BASE[table], **changes}
    row = {k: v for k, v in row.items() if v is not None}
    _, report = validate_records(ENTITIES[table], [row], today=TODAY)
    assert code in report.codes(), report
    assert all(p.row == 1 and p.record_id == row["id"] for p in report)
    assert code in _columnar(table, row)


def test_every_rule_has_a_case() -> None:
    covered = {code for code, _, _ in CASES} | DATASET_RULES
    assert covered == {code for code, rule in RULES.items() if rule.scope != "import"}


def _dataset(**changes: Any) -> dict[str, Any]:
    return {
        "organisations": [Organisation(**ORG)],
        "partners": [Partner(**PARTNER)],
        "activities": [Activity.model_validate(activity_dict(), context={"today": TODAY})],
        **changes,
    }


def test_dataset_rules_valid() -> None:
    ds = Dataset(
        **_dataset(),
        indicators=[Indicator(**INDICATOR)],
        evaluations=[Evaluation(**EVALUATION)],
        awards=[Award(**AWARD)],
    )
    assert ds.check_integrity().ok


def test_ppd110_unknown_references_all_reported() -> None:
    act = Activity.model_validate(
        activity_dict(lead_organisation_id="NOBODY", follow_up_of="A-0"),
        context={"today": TODAY},
    )
    with pytest.raises(DataValidationError) as err:
        Dataset(**_dataset(activities=[act]))
    problems = err.value.report
    assert [(p.code, p.field, p.value) for p in problems] == [
        ("PPD110", "lead_organisation_id", "NOBODY"),
        ("PPD110", "follow_up_of", "A-0"),
    ]
    assert "refers to organisation 'NOBODY'" in problems[0].message


def test_ppd111_duplicate_ids() -> None:
    with pytest.raises(DataValidationError) as err:
        Dataset(**_dataset(partners=[Partner(**PARTNER), Partner(**PARTNER)]))
    assert err.value.report.codes() == {"PPD111"}
    assert err.value.report[0].row == 2


def test_ppd112_hierarchy_cycle() -> None:
    a = Organisation(**{**ORG, "id": "X", "parent_id": "Y"})
    b = Organisation(**{**ORG, "id": "Y", "parent_id": "X"})
    with pytest.raises(DataValidationError) as err:
        Dataset(**_dataset(organisations=[Organisation(**ORG), a, b]))
    assert [(p.code, p.record_id) for p in err.value.report] == [
        ("PPD112", "X"),
        ("PPD112", "Y"),
    ]


def test_many_records_collect_every_problem() -> None:
    rows = [activity_dict(id=f"A-{i}") for i in range(5)]
    rows[1]["kind"] = "banquet"
    rows[3]["countries"] = [{"country": "KH", "percentage": 10.0}]
    rows[3]["title"] = ""
    good, report = validate_records(Activity, rows, today=TODAY)
    assert [g.id for g in good] == ["A-0", "A-2", "A-4"]
    assert [(p.row, p.code) for p in report] == [(2, "PPD104"), (4, "PPD001")]


def test_record_rules_place_problems_at_their_row_across_batches_and_repeated_ids() -> None:
    # 1,200 activities: more than two batches of the record rules (512 each). Row 3 repeats
    # row 1's id but sums its countries to 90 (60 + 30); row 700 (second batch) has 15 women
    # of 10 participants; row 1,200 (third batch) pledges from a partner it does not list.
    rows = [activity_dict(id=f"A-{i}") for i in range(1, 1201)]
    rows[2] = activity_dict(
        id="A-1",
        countries=[{"country": "KH", "percentage": 60.0}, {"country": "LA", "percentage": 30.0}],
    )
    rows[699]["participants"] = {"total": 10, "women": 15}
    rows[1199]["partners"] = [{"partner_id": "P-2", "role": "funding"}]
    good, report = validate_records(Activity, rows, today=TODAY)
    assert [(p.row, p.record_id, p.code, p.field, p.value) for p in report] == [
        (3, "A-1", "PPD401", "countries", "90.0"),
        (700, "A-700", "PPD701", "participants.women", "15"),
        (1200, "A-1200", "PPD502", "resource_flows.0.partner_id", "P-1"),
    ]
    assert len(good) == 1197
    assert [g.id for g in good[:2]] == ["A-1", "A-2"]  # the second A-1 is not kept
    assert [c.percentage for c in good[0].countries] == [60.0, 40.0]
