"""Tests of the IATI export against IATI's own checks: the Standard Ruleset and the XSD.

Identifiers, one identifier per body, geography and sectors declared for every activity,
results with baselines, targets and actuals; the sample and synthetic datasets pass with no
error-level failure.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pytest
from lxml import etree

from helpers import IATI, needs_shared
from ppd_core import Activity, Indicator, Organisation, Partner, WorkPlan
from ppd_core.dataset import Dataset
from ppd_core.datasets import load_sample, synthetic
from ppd_core.io.iati import check_ruleset, read_iati, safe_parser, validate_iati_schema, write_iati
from ppd_core.io.iati._codelists import SECTOR_OF_KIND
from ppd_core.vocab import ActivityKind

GENERATED = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
STANDARD = IATI / "rulesets" / "standard.json"
ACTIVITIES_XSD = IATI / "schemas" / "iati-activities-schema.xsd"

LAO_UNION = Organisation(
    id="LUFO",
    name_vi="Liên hiệp hữu nghị Lào",
    name_en="Lao Union of Friendship Organisations",
    type="central_standing_body",
    level="central",
)
PARTNER = Partner(id="XM-DAC-99-1", name="Mekong Friends", type="foreign_ngo")


def export(data: Dataset | list[Activity], **options: str) -> bytes:
    options.setdefault("reporting_org_ref", "LA-LUFO")
    options.setdefault("reporting_org_name", "Lao Union")
    return write_iati(data, None, generated=GENERATED, **options)


def tree(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, safe_parser())


def activity(ident: str = "P-1", **changes: object) -> Activity:
    data: dict[str, object] = {
        "id": ident,
        "title": "Friendship week",
        "lead_organisation_id": "LUFO",
        "kind": "cultural_exchange",
        "status": "closed",
        "actual_start": date(2025, 3, 1),
        "actual_end": date(2025, 3, 5),
        "provinces": [{"province": "Vientiane"}],
    }
    return Activity.model_validate(data | changes)


# -- identifiers and bodies ------------------------------------------------------------------------


def test_identifiers_begin_with_the_reporting_organisations() -> None:
    acts = [activity("P-1"), activity("LA-LUFO-P-2")]
    ids = [a.findtext("iati-identifier") for a in tree(export(acts))]
    assert ids == ["LA-LUFO-P-1", "LA-LUFO-P-2"]  # an id already so begun is kept
    ids = [a.findtext("iati-identifier") for a in tree(export(acts, identifier_prefix="XM-X"))]
    assert ids == ["XM-X-P-1", "XM-X-LA-LUFO-P-2"]
    ids = [a.findtext("iati-identifier") for a in tree(export(acts, identifier_prefix=""))]
    assert ids == ["P-1", "LA-LUFO-P-2"]


def test_the_reporting_organisation_has_one_identifier() -> None:
    flow = {
        "partner_id": PARTNER.id,
        "stage": "disbursed",
        "amount": {"amount": "500", "currency": "USD"},
        "date": date(2025, 3, 2),
    }
    a = activity(partners=[{"partner_id": PARTNER.id, "role": "funding"}], resource_flows=[flow])
    ds = Dataset(organisations=[LAO_UNION], partners=[PARTNER], activities=[a])
    act = tree(export(ds))[0]
    refs = [e.get("ref") for e in act.iter("reporting-org", "participating-org", "receiver-org")]
    # LUFO is found from LA-LUFO ("-LUFO" ends the identifier): it never appears as "LUFO".
    assert refs == ["LA-LUFO", "LA-LUFO", PARTNER.id, "LA-LUFO"]
    # An identifier naming no organisation: the only one without a parent reports.
    act = tree(export(ds, reporting_org_ref="XM-OTHER"))[0]
    assert next(e.get("ref") for e in act.iter("participating-org")) == "XM-OTHER"
    # Said otherwise: LUFO is not the reporting body and keeps its ppd_core id.
    act = tree(export(ds, reporting_org_ref="XM-OTHER", reporting_org_id="XM"))[0]
    assert next(e.get("ref") for e in act.iter("participating-org")) == "LUFO"


# -- geography and sectors -------------------------------------------------------------------------


def test_activities_held_at_home_declare_the_home_country() -> None:
    acts = [activity("P-1"), activity("P-2", countries=[{"country": "TH"}])]
    for home, first in (("VN", "VN"), ("LA", "LA")):
        root = tree(export(acts, home_country=home))
        countries = [
            [(c.get("code"), c.get("percentage")) for c in a.iter("recipient-country")]
            for a in root
        ]
        assert countries == [[(first, "100")], [("TH", "100")]]


def test_every_kind_has_a_sector_and_areas_come_first() -> None:
    assert set(SECTOR_OF_KIND) == set(ActivityKind)
    acts = [
        activity("P-1", kind="scholarship"),
        activity(
            "P-2",
            priority_areas=[
                {"area": "community_health", "percentage": 60},
                {"area": "environment", "percentage": 40},
            ],
        ),
    ]
    root = tree(export(acts))
    sectors = [[(s.get("code"), s.get("percentage")) for s in a.iter("sector")] for a in root]
    assert sectors[0] == [("11420", "100")]  # scholarship: higher education
    assert sectors[1] == [("12220", "60"), ("41010", "40")]


@needs_shared()
def test_kind_sectors_are_active_dac_codes() -> None:
    with (IATI / "codelists" / "csv" / "Sector.csv").open(encoding="utf-8") as fh:
        active = {row["code"] for row in csv.DictReader(fh) if row["status"] == "active"}
    assert set(SECTOR_OF_KIND.values()) <= active


# -- results ---------------------------------------------------------------------------------------

TRAINEES = Indicator.model_validate(
    {
        "id": "IND-TRAINEES",
        "name": "People trained",
        "level": "output",
        "measure": "unit",
        "organisation_id": "LUFO",
        "baseline_value": 12,
        "baseline_date": date(2024, 12, 31),
        "values": [
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "target": 40,
                "actual": 37.5,
            },
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "target": 20,
                "dimension": "sex",
                "category": "female",
            },
            {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31), "target": 50},
        ],
    }
)
TRUST = Indicator.model_validate(
    {
        "id": "IND-TRUST",
        "name": "Trust between partners",
        "level": "outcome",
        "measure": "qualitative",
        "direction": "lower_is_better",
        "organisation_id": "LUFO",
        "baseline_text": "Cautious",
        "values": [
            {
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "target_text": "Open",
                "actual_text": "Warmer",
            }
        ],
    }
)
PLAN = WorkPlan.model_validate(
    {
        "id": "WP-2025",
        "organisation_id": "LUFO",
        "year": 2025,
        "title": "Plan 2025",
        "planned_activities": [
            {"id": "PA-1", "title": "Week", "kind": "cultural_exchange", "activity_id": "P-1"}
        ],
        "targets": [
            {"indicator_id": "IND-TRAINEES", "value": 40, "planned_activity_id": "PA-1"},
            {"indicator_id": "IND-TRUST", "text": "Open", "planned_activity_id": "PA-1"},
            {"indicator_id": "IND-TRUST", "text": "Open"},
        ],
    }
)


def _results_dataset() -> Dataset:
    return Dataset(
        organisations=[LAO_UNION],
        activities=[activity("P-1"), activity("P-2")],
        indicators=[TRAINEES, TRUST],
        work_plans=[PLAN],
    )


def test_results_carry_baselines_targets_and_actuals() -> None:
    root = tree(export(_results_dataset()))
    assert root[1].find("result") is None  # P-2 serves no target
    results = root[0].findall("result")
    assert [r.get("type") for r in results] == ["1", "2"]
    numeric, qualitative = (r.find("indicator") for r in results)
    assert (numeric.get("measure"), numeric.get("ascending")) == ("1", "1")
    assert numeric.find("baseline").attrib == {
        "year": "2024",
        "iso-date": "2024-12-31",
        "value": "12",
    }
    first, second = numeric.findall("period")
    targets = [(t.get("value"), t.find("dimension") is not None) for t in first.findall("target")]
    assert targets == [("40", False), ("20", True)]  # the total first
    assert first.find("target/dimension").attrib == {"name": "sex", "value": "female"}
    assert [a.get("value") for a in first.findall("actual")] == ["37.5"]
    assert [t.get("value") for t in second.findall("target")] == ["50"]
    assert second.find("actual") is None  # not measured yet: no empty actual (IATI 8.10.1)
    assert (qualitative.get("measure"), qualitative.get("ascending")) == ("5", "0")
    base = qualitative.find("baseline")
    assert (base.get("value"), base.get("year"), base.findtext("comment/narrative")) == (
        None,
        "2025",
        "Cautious",
    )
    period = qualitative.find("period")
    assert period.findtext("target/comment/narrative") == "Open"
    assert period.findtext("actual/comment/narrative") == "Warmer"
    assert period.find("target").get("value") is None  # IATI 8.9.3


@needs_shared()
def test_results_pass_the_ruleset_and_the_schema() -> None:
    xml = export(_results_dataset())
    assert validate_iati_schema(xml, ACTIVITIES_XSD) == []
    report = check_ruleset(xml, STANDARD, now=GENERATED)
    assert report.failures() == []
    for rule in ("8.8.1", "8.9.1", "8.10.1", "8.6.1"):
        assert report.status_of(rule) == {"passed"}, rule
    for rule in ("8.8.3", "8.9.3", "8.10.3"):  # qualitative: no @value, so "if" never holds
        assert report.status_of(rule) == {"not_applicable"}, rule


def test_results_come_back_when_read() -> None:
    xml = export(_results_dataset())
    back = read_iati(
        xml,
        lead_organisation_id="LUFO",
        organisation_refs={"LA-LUFO": "LUFO"},
        today=date(2026, 11, 22),
    )
    assert [i.id for i in back.indicators] == ["P-1/R1/I1", "P-1/R2/I1"]
    trainees, trust = back.indicators
    assert (trainees.baseline_value, trainees.baseline_date) == (12, date(2024, 12, 31))
    assert (trainees.values[0].target, trainees.values[0].actual) == (40, 37.5)
    assert (trust.baseline_text, trust.values[0].actual_text) == ("Cautious", "Warmer")
    # The disaggregated target (women: 20) is reported, not dropped silently.
    assert {p.code for p in back.report if p.record_id == "P-1/R1/I1"} == {"IATI602"}


# -- IATI's own checks on whole datasets -----------------------------------------------------------


@needs_shared()
def test_sample_export_passes_the_standard_ruleset_and_the_schema() -> None:
    xml = write_iati(
        load_sample(),
        None,
        reporting_org_ref="VN-VUFO",
        reporting_org_name="VUFO",
        generated=GENERATED,
    )
    assert validate_iati_schema(xml, ACTIVITIES_XSD) == []
    report = check_ruleset(xml, STANDARD, now=GENERATED)
    assert report.failures("error") == []
    assert report.failures("warning") == []  # 0 warnings: 1.1.21 holds for every activity
    # Only 1.14.8 (needs org-id.guide's agency codes) is not checked, once per activity.
    assert report.failed_rules() == {}
    assert {o.rule_id for o in report.not_checked()} == {"1.14.8"}
    assert len(report.not_checked()) == 190


@needs_shared()
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_synthetic_exports_pass_the_standard_ruleset_and_the_schema(seed: int) -> None:
    ds = synthetic(seed=seed, activities=150)
    xml = write_iati(
        ds, None, reporting_org_ref="VN-VUFO", reporting_org_name="VUFO", generated=GENERATED
    )
    assert validate_iati_schema(xml, ACTIVITIES_XSD) == []
    report = check_ruleset(xml, STANDARD, now=GENERATED)
    assert report.failures("error") == [], report.failures("error")[0].describe()
