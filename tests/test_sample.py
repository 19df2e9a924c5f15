"""Tests of the illustrative sample dataset (ppd_core.datasets.sample) and its candidates."""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ppd_core import datasets, planning
from ppd_core.dataset import Dataset
from ppd_core.datasets._files import text
from ppd_core.datasets.sample import (
    _COMPUTED_ACTUALS,
    SAMPLE_NOTE,
    SAMPLE_TODAY,
    _build,
    load_sample,
)
from ppd_core.models import Activity
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    Direction,
    FlowForm,
    FlowStage,
    IndicatorMeasure,
    Modality,
    OrganisationLevel,
    OrganisationType,
    OutputKind,
    PartnerRole,
    PartnerStatus,
    PartnerType,
)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_sample()


@pytest.fixture(scope="module")
def activities(ds: Dataset) -> list[Activity]:
    return list(ds.activities)


# -- size, cache, determinism, speed ----------------------------------------------------------


def test_counts_are_in_the_stated_ranges(ds: Dataset) -> None:
    counts = ds.counts()
    assert 18 <= counts["organisations"] <= 25
    assert 35 <= counts["partners"] <= 50
    assert 150 <= counts["activities"] <= 200
    assert 7 <= counts["indicators"] <= 10
    assert counts["work_plans"] == 3
    assert 8 <= counts["evaluations"] <= 12
    assert counts["awards"] >= 7


def test_load_sample_is_cached() -> None:
    assert load_sample() is load_sample()


def test_building_is_deterministic(ds: Dataset) -> None:
    first, second = _build(), _build()
    assert first is not second
    assert first == second
    assert first == ds


def test_builds_well_under_a_second() -> None:
    """CPU time, best of three: what the build costs, not what other processes take."""
    _build()  # warm up imports and reference data
    spent = []
    for _ in range(3):
        start = time.process_time()
        _build()
        spent.append(time.process_time() - start)
    assert min(spent) < 1.0


def test_round_trips_through_frames(ds: Dataset) -> None:
    assert Dataset.from_frames(ds.to_frames()) == ds


def test_integrity_is_clean(ds: Dataset) -> None:
    assert not list(ds.check_integrity())


def test_note_says_what_is_real_and_what_is_invented() -> None:
    assert "news reports" in SAMPLE_NOTE
    assert "invented" in SAMPLE_NOTE
    assert "teaching" in SAMPLE_NOTE


def test_first_activity_is_a_conference(ds: Dataset) -> None:
    # The Dataset docstring's example relies on this.
    assert ds.activities[0].kind is ActivityKind.CONFERENCE_FORUM


# -- coverage of the vocabularies -------------------------------------------------------------


def test_every_organisation_type_and_level_appears(ds: Dataset) -> None:
    orgs = list(ds.organisations)
    assert {o.type for o in orgs} == set(OrganisationType)
    assert {o.level for o in orgs} == set(OrganisationLevel)


def test_every_partner_type_and_status_appears(ds: Dataset) -> None:
    partners = list(ds.partners)
    assert {p.type for p in partners} == set(PartnerType)
    assert {p.status for p in partners} == set(PartnerStatus)


def test_every_activity_kind_role_and_modality_appears(activities: list[Activity]) -> None:
    assert {a.kind for a in activities} == set(ActivityKind)
    assert {p.role for a in activities for p in a.partners} == set(PartnerRole)
    assert {a.modality for a in activities} == set(Modality)


def test_flows_cover_stages_forms_and_currencies(activities: list[Activity]) -> None:
    flows = [f for a in activities for f in a.resource_flows]
    assert {f.stage for f in flows} == set(FlowStage)
    assert {f.form for f in flows} == set(FlowForm)
    assert {"USD", "EUR", "JPY", "KRW", "AUD", "VND"} <= {f.amount.currency for f in flows}


# -- facts from the seed reports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("activity_id", "day", "lead"),
    [
        ("A-2025-CCER-REVIEW", date(2025, 1, 6), "CCER"),
        ("A-2025-HN-DIR45", date(2025, 10, 9), "HN-UFO"),
        ("A-2025-MOFA-REVIEW", date(2025, 12, 30), "MOFA"),
        ("A-2026-VUFO-P14", date(2026, 1, 9), "VUFO"),
    ],
)
def test_seed_conferences_have_their_reported_dates(
    ds: Dataset, activity_id: str, day: date, lead: str
) -> None:
    a = ds.activities.get(activity_id)
    assert a.actual_start == a.actual_end == day
    assert a.lead_organisation_id == lead
    assert a.kind is ActivityKind.CONFERENCE_FORUM
    assert a.status is ActivityStatus.CLOSED
    assert a.notes is not None
    assert a.notes.startswith("Reported")


def test_seed_conference_details(ds: Dataset) -> None:
    ccer = ds.activities.get("A-2025-CCER-REVIEW")
    assert ccer.participants.total is not None
    assert ccer.participants.total >= 300
    assert ds.activities.get("A-2025-MOFA-REVIEW").modality is Modality.HYBRID
    assert "45-CT/TU" in ds.activities.get("A-2025-HN-DIR45").title


@pytest.mark.parametrize(
    ("year", "giver", "award_type", "recipients", "count"),
    [
        (2024, "Commission for External Relations", "emulation_flag", "mixed", 5),
        (2024, "Commission for External Relations", "certificate_of_merit", "mixed", 36),
        (2024, "Commission for External Relations", "commemorative_medal", "individual", 31),
        (2025, "Ministry of Foreign Affairs", "certificate_of_merit", "mixed", 39),
        (2025, "Union of Friendship Organizations", "emulation_flag", "collective", 7),
        (2025, "Union of Friendship Organizations", "certificate_of_merit", "collective", 13),
        (2025, "Union of Friendship Organizations", "certificate_of_merit", "individual", 54),
    ],
)
def test_seed_award_counts(
    ds: Dataset, year: int, giver: str, award_type: str, recipients: str, count: int
) -> None:
    hits = [
        a
        for a in ds.awards
        if a.year == year
        and giver in a.giver
        and a.type.value == award_type
        and a.recipient_kind.value == recipients
        and a.citation is not None
        and a.citation.startswith("Reported")
    ]
    assert [a.count for a in hits] == [count]


# -- dates ------------------------------------------------------------------------------------


def test_no_actual_date_after_today(activities: list[Activity]) -> None:
    assert date(2026, 11, 22) == SAMPLE_TODAY
    for a in activities:
        for day in (a.actual_start, a.actual_end):
            assert day is None or day <= SAMPLE_TODAY, a.id
        for f in a.resource_flows:
            assert f.date <= SAMPLE_TODAY, a.id


def test_years_and_pipeline(activities: list[Activity]) -> None:
    years = Counter(a.year for a in activities)
    assert set(years) == {2021, 2022, 2023, 2024, 2025, 2026}
    assert all(years[y] >= 25 for y in range(2021, 2026))
    pipeline = [a for a in activities if a.status is ActivityStatus.PIPELINE]
    assert len(pipeline) >= 3
    for a in pipeline:
        assert a.actual_start is None
        assert a.actual_end is None
        assert a.planned_start is not None
        assert a.planned_start.year == 2026
        assert a.planned_start > SAMPLE_TODAY


def test_more_online_work_during_the_pandemic(activities: list[Activity]) -> None:
    def online_share(year: int) -> float:
        acts = [a for a in activities if a.year == year]
        return sum(a.modality is not Modality.IN_PERSON for a in acts) / len(acts)

    assert online_share(2021) > online_share(2023)


def test_follow_ups_point_to_earlier_activities(ds: Dataset, activities: list[Activity]) -> None:
    by_id = {a.id: a for a in activities}
    links = [a for a in activities if a.follow_up_of]
    assert len(links) >= 10
    for a in links:
        earlier = by_id[a.follow_up_of or ""]
        assert earlier.start is not None
        assert a.start is not None
        assert earlier.start < a.start, a.id


# -- organisations and partners ---------------------------------------------------------------


def test_province_merger_with_successor(ds: Dataset) -> None:
    orgs = {o.id: o for o in ds.organisations}
    merged = [o for o in orgs.values() if o.successor_id]
    assert merged
    for o in merged:
        assert o.valid_to == date(2025, 6, 30)
        successor = orgs[o.successor_id or ""]
        assert successor.valid_from == date(2025, 7, 1)
        assert successor.type is OrganisationType.PROVINCIAL_UNION


def test_activities_led_by_organisations_that_existed(
    ds: Dataset, activities: list[Activity]
) -> None:
    orgs = {o.id: o for o in ds.organisations}
    for a in activities:
        lead = orgs[a.lead_organisation_id]
        assert a.start is not None
        if lead.valid_to is not None:
            assert a.start <= lead.valid_to, a.id
        if lead.valid_from is not None:
            assert a.start >= lead.valid_from, a.id


def test_hierarchy(ds: Dataset) -> None:
    orgs = {o.id: o for o in ds.organisations}
    assert orgs["VUFO"].parent_id is None
    assert orgs["VUFO"].type is OrganisationType.CENTRAL_STANDING_BODY
    associations = [
        o for o in orgs.values() if o.type is OrganisationType.CENTRAL_FRIENDSHIP_ASSOCIATION
    ]
    assert len(associations) >= 7
    assert all(o.parent_id == "VUFO" for o in associations)
    assert all(o.faces_country or o.faces_region for o in associations)
    grassroots = [o for o in orgs.values() if o.level is OrganisationLevel.GRASSROOTS]
    assert grassroots
    assert all(o.parent_id == "HN-UFO" for o in grassroots)
    assert "Liên hiệp các tổ chức hữu nghị" in orgs["HN-UFO"].name_vi


def test_partners_have_aliases_and_contacts(ds: Dataset) -> None:
    partners = {p.id: p for p in ds.partners}
    cambodia = partners["P-KH-001"]
    assert "Hội Hữu nghị Campuchia - Việt Nam" in cambodia.aliases
    assert "Hoi Huu nghi Campuchia - Viet Nam" in cambodia.aliases
    assert sum(p.contact is not None for p in partners.values()) >= 3
    assert all(
        p.contact.email.endswith("@example.org")
        for p in partners.values()
        if p.contact and p.contact.email
    )
    years = {p.first_engaged.year for p in partners.values() if p.first_engaged}
    assert min(years) == 2010
    assert max(years) >= 2025
    assert len({p.country for p in partners.values()}) >= 20


def test_partners_engaged_before_their_activities(ds: Dataset, activities: list[Activity]) -> None:
    engaged = {p.id: p.first_engaged for p in ds.partners}
    for a in activities:
        for link in a.partners:
            first = engaged[link.partner_id]
            assert first is not None
            assert a.start is not None
            assert first <= a.start, (a.id, link.partner_id)


def test_lead_organisations_are_uneven(activities: list[Activity]) -> None:
    leads = Counter(a.lead_organisation_id for a in activities)
    assert leads.most_common(1)[0][0] == "VUFO"
    assert leads.most_common(1)[0][1] >= 10 * min(leads.values())


def test_some_activities_look_ceremonial(activities: list[Activity]) -> None:
    bare = [
        a
        for a in activities
        if a.status is ActivityStatus.CLOSED and not a.outputs and not a.resource_flows
    ]
    assert len(bare) >= 20
    assert sum(bool(a.outputs) for a in activities) >= 60


def test_some_pledges_are_never_disbursed(activities: list[Activity]) -> None:
    pledged_only = [
        a
        for a in activities
        if any(f.stage is FlowStage.PLEDGED for f in a.resource_flows)
        and not any(f.stage is FlowStage.DISBURSED for f in a.resource_flows)
    ]
    assert len(pledged_only) >= 5


# -- indicators, plans, evaluations -----------------------------------------------------------


def test_indicator_kinds(ds: Dataset) -> None:
    indicators = list(ds.indicators)
    assert any(i.direction is Direction.LOWER_IS_BETTER for i in indicators)
    qualitative = [i for i in indicators if i.measure is IndicatorMeasure.QUALITATIVE]
    assert qualitative
    assert any(v.target_text and v.actual_text for i in qualitative for v in i.values)
    assert any(v.dimension == "sex" for i in indicators for v in i.values)
    assert {i.organisation_id for i in indicators} == {"VUFO", "HN-UFO"}


def test_indicators_have_yearly_values(ds: Dataset) -> None:
    for ind in ds.indicators:
        if ind.measure is IndicatorMeasure.QUALITATIVE:
            continue
        totals = {v.period_start.year: v for v in ind.values if v.dimension is None}
        assert set(totals) == {2021, 2022, 2023, 2024, 2025, 2026}, ind.id
        assert all(totals[y].actual is not None for y in range(2021, 2026)), ind.id
        assert totals[2026].actual is None
        assert ind.baseline_value is not None


def test_disaggregation_adds_up(ds: Dataset) -> None:
    ind = ds.indicators.get("IND-HN-TRAINEES")
    for year in range(2021, 2026):
        rows = [v for v in ind.values if v.period_start.year == year]
        total = next(v.actual for v in rows if v.dimension is None)
        parts = [v.actual or 0 for v in rows if v.dimension == "sex"]
        assert total == sum(parts)


def test_trainee_actuals_can_be_recomputed(ds: Dataset, activities: list[Activity]) -> None:
    ind = ds.indicators.get("IND-VUFO-TRAINEES")
    for v in ind.values:
        if v.actual is None:
            continue
        year = v.period_start.year
        recomputed = sum(
            a.outputs.get(OutputKind.TRAINEES_TRAINED, 0)
            for a in activities
            if a.actual_start is not None and a.actual_start.year == year
        )
        assert v.actual == recomputed


def test_work_plans(ds: Dataset) -> None:
    plans = {p.id: p for p in ds.work_plans}
    assert set(plans) == {"WP-VUFO-2025", "WP-VUFO-2026", "WP-HN-2026"}
    indicators = {i.id: i for i in ds.indicators}
    for plan in plans.values():
        assert plan.objectives
        assert plan.planned_activities
        assert all(pa.budget and pa.budget.currency == "VND" for pa in plan.planned_activities)
        assert math.isclose(sum(plan.priority_weights.values()), 1.0)
        assert any(t.planned_activity_id for t in plan.targets)
        for t in plan.targets:
            if t.value is None:
                assert t.text
                continue
            planned = [
                v.target
                for v in indicators[t.indicator_id].values
                if v.period_start.year == plan.year and v.dimension is None
            ]
            assert planned == [t.value], (plan.id, t.indicator_id)


def test_evaluations(ds: Dataset) -> None:
    evaluations = list(ds.evaluations)
    assert any(e.subject.value == "programme" for e in evaluations)
    assert sum(e.subject.value == "activity" for e in evaluations) >= 8
    scores = [s for e in evaluations for s in e.scores]
    assert {s.score for s in scores} == {1, 2, 3, 4}
    assert all(s.evidence for s in scores)
    assert all(e.date <= SAMPLE_TODAY for e in evaluations)


def test_2025_turns_away_from_ceremonial_activities(ds: Dataset) -> None:
    # The 2025 review reports fewer ceremonial and more substantive activities.
    def actual(indicator_id: str, year: int) -> float:
        ind = ds.indicators.get(indicator_id)
        value = next(v.actual for v in ind.values if v.period_start.year == year)
        assert value is not None
        return value

    assert actual("IND-VUFO-CEREMONIAL", 2025) < actual("IND-VUFO-CEREMONIAL", 2024)
    assert actual("IND-VUFO-SUBSTANTIVE", 2025) > actual("IND-VUFO-SUBSTANTIVE", 2024)


def test_activities_are_evaluated_after_they_end(ds: Dataset) -> None:
    for e in ds.evaluations:
        if e.subject.value != "activity":
            continue
        a = ds.activities.get(e.subject_id)
        assert a.actual_end is not None
        assert a.actual_end < e.date, e.id


def test_every_flow_converts_with_the_shipped_rates(activities: list[Activity]) -> None:
    flows = [f for a in activities for f in a.resource_flows]
    assert all(f.date.year <= 2025 for f in flows)
    for f in flows:
        assert f.amount.to("USD", f.date).currency == "USD"


# -- the data files ---------------------------------------------------------------------------

_DATA = Path(datasets.__file__).parent / "data" / "sample"


def test_every_data_file_is_described_in_sources() -> None:
    sources = (_DATA / "SOURCES.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in _DATA.iterdir() if p.suffix in (".csv", ".json"))
    assert files == [
        "activities.json",
        "awards.csv",
        "candidate_profiles.csv",
        "evaluations.json",
        "indicators.json",
        "organisations.csv",
        "partners.json",
        "work_plans.json",
    ]
    for name in files:
        assert f"`{name}`" in sources, name


def test_computed_actuals_are_not_stored_but_measured(ds: Dataset) -> None:
    stored = {i["id"]: i for i in json.loads(text("indicators.json"))}
    for indicator_id in _COMPUTED_ACTUALS:
        assert all("actual" not in v for v in stored[indicator_id]["values"]), indicator_id
        values = ds.indicators.get(indicator_id).values
        assert all(v.actual is not None for v in values if v.period_start.year < 2026)
    partners = ds.indicators.get("IND-VUFO-PARTNERS").values
    assert [v.actual for v in partners][:5] == [20.0, 19.0, 22.0, 20.0, 30.0]


# -- the candidates drawn from the sample -----------------------------------------------------


def test_the_old_path_of_the_candidates_names_their_new_home() -> None:
    """planning no longer reaches the sample: the old name says where it went and what a real
    plan uses instead."""
    for module in (planning, planning.candidates):
        with pytest.raises(AttributeError) as caught:
            getattr(module, "candidates_from_sample")  # noqa: B009 - the name is gone
        message = str(caught.value)
        assert "ppd_core.datasets.candidates_from_sample" in message
        assert "ppd_core.io.read_proposals" in message
        assert "ppd db template --proposals" in message
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = planning.no_such_name
