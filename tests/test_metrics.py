"""Measures on the worked example (:func:`ppd_core.datasets.worked_example`), by hand.

Every expected number below is worked out from the four activities described there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ppd_core import Dataset
from ppd_core import metrics as m
from ppd_core.datasets import worked_example
from ppd_core.errors import MissingRateError
from ppd_core.reference import default_reference

REF = default_reference()
VND_2024 = float(REF.rate("VND", "USD", 2024))  # USD per VND, 2024 average


build = worked_example


@pytest.fixture(scope="module")
def an() -> m.Analysis:
    return m.analysis(build())


def _col(frame: pd.DataFrame, key: str, value: str) -> dict[object, float]:
    return dict(zip(frame[key], frame[value], strict=True))


# -- volume -------------------------------------------------------------------------------------


def test_volume_by_country_is_pro_rated(an: m.Analysis) -> None:
    v = m.volume(an, ["country"])
    assert _col(v, "country", "activities") == {"(none)": 1, "JP": 1, "KH": 1.6, "LA": 0.4}
    assert _col(v, "country", "participants") == {"(none)": 0, "JP": 50, "KH": 90, "LA": 40}


def test_volume_totals_and_person_days(an: m.Analysis) -> None:
    total = m.volume(an).iloc[0]
    assert total["activities"] == 4
    assert total["participants"] == 180
    assert total["participants_women"] == 40
    assert total["person_days"] == 100 * 10 + 50 * 1 + 30 * 2


@pytest.mark.parametrize(
    "dim",
    [
        "country",
        "province",
        "priority_area",
        "level",
        "parent",
        "rollup",
        "year",
        "quarter",
        "kind",
    ],
)
def test_invariant_split_totals_add_up(an: m.Analysis, dim: str) -> None:
    total = m.volume(an)
    split = m.volume(an, [dim])
    for col in ("activities", "participants", "person_days"):
        assert split[col].sum() == pytest.approx(total[col].iloc[0])


def test_overlapping_and_hierarchy_dimensions(an: m.Analysis) -> None:
    groups = _col(m.volume(an, ["country_group"]), "country_group", "activities")
    assert groups == {"(none)": 1, "asean": 2, "comprehensive_strategic_partner": 1, "neighbour": 2}
    assert _col(m.volume(an, ["parent"]), "parent", "activities") == {"HN": 1, "ROOT": 3}
    # roll-up: CLUB's activity counts with its union HN; ROOT (the top) stands for itself
    assert _col(m.volume(an, ["rollup"]), "rollup", "activities") == {"HN": 3, "ROOT": 1}
    assert an.members_of("HN") == {"HN", "CLUB"}
    assert an.members_of("ROOT") == {"ROOT", "HN", "CLUB"}
    two = m.volume(an, ["country", "priority_area"])
    a2 = two[(two["country"] == "JP")]
    assert _col(a2, "priority_area", "activities") == {
        "culture_education": 0.5,
        "external_communication": 0.5,
    }
    with pytest.raises(ValueError, match="Unknown dimension 'colour'"):
        m.volume(an, ["colour"])


# -- substantive and follow-up -------------------------------------------------------------------


def test_classification_by_evidence(an: m.Analysis) -> None:
    c = m.classify_activities(an).set_index("activity_id")
    assert c.loc["A1", "substantive"]
    assert c.loc["A1", "reason"] == (
        "substantive: resources committed or later; measurable output recorded; "
        "followed up within 12 months"
    )
    assert not c.loc["A2", "substantive"]
    assert str(c.loc["A2", "reason"]).startswith("ceremonial")
    strict = m.classify_activities(
        an, m.SubstantiveRule(resources=False, output=False, follow_up_months=6)
    )
    assert not strict.set_index("activity_id").loc["A1", "substantive"]  # follow-up came later


def test_substantive_share_by_year(an: m.Analysis) -> None:
    s = m.substantive_share(an, ["year"])
    assert _col(s, "year", "share_substantive") == {2024: 0.5, 2025: 0.0}


def test_follow_up_rate(an: m.Analysis) -> None:
    assert m.follow_up_rate(an).iloc[0]["follow_up_rate"] == 0.25
    by_year = m.follow_up_rate(an, ["year"])
    assert _col(by_year, "year", "follow_up_rate") == {2024: 0.5, 2025: 0.0}


# -- resources ----------------------------------------------------------------------------------


def test_resources_by_stage(an: m.Analysis) -> None:
    r = m.resources_mobilised(an)
    cash = r[r["form"] == "cash"].set_index("stage")["amount"]
    assert cash.to_dict() == {"committed": 1000, "disbursed": 800, "pledged": 1000}
    assert r[r["form"] == "in_kind"]["amount"].sum() == 0


def test_resources_pro_rated_by_country_add_up(an: m.Analysis) -> None:
    r = m.resources_mobilised(an, ["country"])
    disbursed = r[r["stage"] == "disbursed"].groupby("country")["amount"].sum()
    assert disbursed["KH"] == pytest.approx(480)
    assert disbursed["LA"] == pytest.approx(320)
    assert disbursed.sum() == pytest.approx(800)


def test_resource_rates(an: m.Analysis) -> None:
    r = m.resource_rates(an).iloc[0]
    assert r["conversion_rate"] == 1.0
    assert r["fulfilment_rate"] == 0.8
    assert r["median_days_to_disbursement"] == 60  # 2024-02-01 → 2024-04-01
    assert r["own_cost"] == pytest.approx(1_000_000 * VND_2024)
    assert r["leverage"] == pytest.approx(800 / (1_000_000 * VND_2024))


def test_conversion_in_vnd_and_missing_rate() -> None:
    vnd = m.resources_mobilised(build(), currency="VND")
    pledged = vnd[(vnd["stage"] == "pledged") & (vnd["form"] == "cash")]["amount"].iloc[0]
    assert pledged == pytest.approx(1000 * float(REF.rate("USD", "VND", 2024)))
    with pytest.raises(MissingRateError, match="XOF 2024"):
        m.resources_mobilised(build(flow_currency="XOF"))


# -- partner network ----------------------------------------------------------------------------


def test_partner_dynamics(an: m.Analysis) -> None:
    d = m.partner_dynamics(an)
    counts = d[["year", "active", "new", "retained", "lapsed"]].values.tolist()
    assert counts == [[2024, 3, 3, 0, 0], [2025, 1, 0, 1, 2]]
    rates = d["retention_rate"].tolist()
    assert np.isnan(rates[0])
    assert rates[1] == pytest.approx(1 / 3)


def test_concentration(an: m.Analysis) -> None:
    assert m.concentration(an)["hhi"].iloc[0] == 1.0  # one partner holds everything
    by_country = m.concentration(an, over="country").iloc[0]
    assert by_country["hhi"] == pytest.approx(0.6**2 + 0.4**2)
    assert by_country["equivalent_parties"] == pytest.approx(1 / 0.52)
    assert m.hhi([0, 0]) != m.hhi([0, 0])  # NaN for nothing mobilised


def test_shared_partners_and_graph(an: m.Analysis) -> None:
    shared = m.shared_partners(an)
    assert shared[["partner", "organisations", "organisation_ids"]].values.tolist() == [
        ["PK", 2, "CLUB, HN"]
    ]
    graph = m.partner_graph(an)
    assert graph.number_of_nodes() == 5  # HN, CLUB; PK, PL, PJ (ROOT has no partner)
    critical = m.critical_partners(an).set_index("partner")
    assert critical.loc["PK", "orgs_disconnected"] == 1  # without PK, CLUB is cut off
    assert critical.loc["PL", "orgs_disconnected"] == 0


def test_partner_mix(an: m.Analysis) -> None:
    mix = m.partner_mix(an, of="partner_type")
    y2024 = mix[mix["year"] == 2024].set_index("category")["share"]
    assert y2024.to_dict() == pytest.approx(
        {"business": 1 / 3, "foreign_ngo": 1 / 3, "foundation": 1 / 3}
    )


# -- coverage and targets -----------------------------------------------------------------------


def test_priority_coverage_against_plan(an: m.Analysis) -> None:
    cov = m.priority_coverage(an, plan={"culture_education": 1, "community_health": 1})
    cov = cov.set_index("priority_area")
    assert cov.loc["community_health", "share_activities"] == 0.25
    assert cov.loc["culture_education", "share_activities"] == 0.375
    assert cov.loc["(none)", "share_activities"] == 0.25
    assert cov.loc["culture_education", "gap"] == pytest.approx(0.375 - 0.5)
    assert cov.loc["external_communication", "gap"] == pytest.approx(0.125)
    assert cov.loc["community_health", "share_resources"] == 1.0
    assert cov["share_activities"].sum() == pytest.approx(1)


@pytest.mark.parametrize(
    ("indicator", "progress", "status"),
    [
        ("I1", 0.5, "off track"),  # (15 − 10) / (20 − 10)
        ("I2", 0.8, "at risk"),  # lower is better: (6 − 10) / (5 − 10)
        ("I3", 1.0, "on track"),  # zero target, higher is better, no baseline
    ],
)
def test_target_attainment(an: m.Analysis, indicator: str, progress: float, status: str) -> None:
    t = m.target_attainment(an)
    row = t[(t["indicator_id"] == indicator) & (t["period_start"] == pd.Timestamp("2024-01-01"))]
    assert row["progress"].iloc[0] == pytest.approx(progress)
    assert row["status"].iloc[0] == status


def test_target_attainment_no_data_and_qualitative(an: m.Analysis) -> None:
    t = m.target_attainment(an)
    assert t[t["indicator_id"] == "I3"]["status"].tolist() == ["on track", "no data"]
    assert t[t["indicator_id"] == "I4"]["status"].tolist() == ["qualitative"]
    strict = m.target_attainment(an, thresholds=m.Thresholds(on_track=1.0, at_risk=0.5))
    assert strict[strict["indicator_id"] == "I1"]["status"].iloc[0] == "at risk"


@pytest.mark.parametrize(
    ("actual", "target", "baseline", "direction", "expected"),
    [
        (30, 40, 20, "higher_is_better", 0.5),
        (45, 40, 20, "higher_is_better", 1.25),  # exceeded
        (15, 40, 20, "higher_is_better", -0.25),  # moved away from the target
        (8, 5, 10, "lower_is_better", 0.4),
        (12, 5, 10, "lower_is_better", -0.4),
        (3, 6, None, "higher_is_better", 0.5),  # no baseline: the way starts at 0
        # no way from baseline to target: met (1) or not (0)
        (76, 86, 90, "higher_is_better", 0.0),  # a decline accepted, and missed
        (88, 86, 90, "higher_is_better", 1.0),
        (18.2, 12.2, 12, "lower_is_better", 0.0),
        (5, 5, 5, "lower_is_better", 1.0),  # hold the line, held
        (6, 5, 5, "lower_is_better", 0.0),  # hold the line, slipped
        (0, 0, None, "lower_is_better", 1.0),
        (4, 0, None, "lower_is_better", 0.0),
        (2, 4, None, "lower_is_better", 1.0),
    ],
)
def test_attainment_progress_formula(
    actual: float, target: float, baseline: float | None, direction: str, expected: float
) -> None:
    assert m.attainment_progress(actual, target, baseline, direction) == pytest.approx(expected)


# -- scorecards and disparity -------------------------------------------------------------------


def test_gini_and_cv_by_hand() -> None:
    assert m.gini([1, 2, 3, 4]) == pytest.approx(20 / (2 * 16 * 2.5))
    assert m.gini([5, 5, 5]) == 0
    assert m.coefficient_of_variation([2, 4, 6]) == pytest.approx(np.sqrt(8 / 3) / 4)
    assert np.isnan(m.gini([]))


def test_scorecard_with_custom_weights(an: m.Analysis) -> None:
    card = m.scorecard(an, weights={"activities": 1.0}).set_index("organisation")
    assert card.loc["HN", "index"] == 1.0  # 2 activities: the most
    assert card.loc["CLUB", "index"] == 0.0
    assert card.loc["HN", "rank"] == 1
    full = m.scorecard(an)
    assert set(full["organisation"]) == {"HN", "CLUB", "ROOT"}
    assert full["index"].between(0, 1).all()
    d = m.disparity(full)
    assert d["organisations"] == 3
    assert 0 <= d["gini"] <= 1
    with pytest.raises(ValueError, match="unknown scorecard measures"):
        m.scorecard(an, weights={"charisma": 1})


# -- edge cases ---------------------------------------------------------------------------------


def test_empty_dataset_gives_empty_tables() -> None:
    empty = m.analysis(Dataset.empty())
    assert m.volume(empty, ["year"]).empty
    assert m.substantive_share(empty, ["year"]).empty
    assert m.partner_dynamics(empty).empty
    assert m.volume(empty).iloc[0]["activities"] == 0
    assert m.resources_mobilised(empty)["amount"].sum() == 0


def test_sample_runs_every_measure() -> None:
    from ppd_core.datasets import load_sample

    an = m.analysis(load_sample())
    for dims in ([], ["year"], ["organisation", "year"], ["country_group"], ["priority_area"]):
        assert not m.volume(an, dims).empty
        assert not m.substantive_share(an, dims).empty
        assert not m.resources_mobilised(an, dims).empty
        assert not m.resource_rates(an, dims).empty
    assert not m.partner_dynamics(an, ["organisation"]).empty
    assert not m.concentration(an, ["year"]).empty
    assert not m.partner_mix(an, of="country_group").empty
    assert not m.critical_partners(an).empty
    assert not m.priority_coverage(an, plan="WP-VUFO-2026").empty
    assert not m.sdg_coverage(an).empty
    assert not m.target_attainment(an, include_disaggregated=True).empty
    assert not m.scorecard(an, year=2025).empty


def test_years_are_integers_that_compare_and_sort() -> None:
    from ppd_core.datasets import load_sample

    by_year = m.volume(m.analysis(load_sample()), ["year"])
    assert by_year.loc[by_year["year"] == 2025, "activities"].iloc[0] > 0
    early = by_year[by_year["year"] <= 2023]
    assert early["year"].tolist() == [2021, 2022, 2023]
    assert by_year.sort_values("year", ascending=False)["year"].iloc[0] == 2026


def test_lapsed_partners_are_the_ones_partner_dynamics_counts() -> None:
    from ppd_core.datasets import load_sample

    an = m.analysis(load_sample())
    dyn = m.partner_dynamics(an).set_index("year")
    for year in range(2022, 2027):
        lapsed = m.lapsed_partners(an, year)
        assert len(lapsed) == dyn.loc[year, "lapsed"]
        assert lapsed["name"].notna().all()
    by_union = m.partner_dynamics(an, ["rollup"])
    cases = zip(
        by_union["rollup"].astype(str),
        by_union["year"].astype(int),
        by_union["lapsed"],
        strict=True,
    )
    for union, year, count in cases:
        assert len(m.lapsed_partners(an, year, organisation=union)) == count
    with pytest.raises(ValueError, match="groups by organisation, rollup, level, parent"):
        m.partner_dynamics(an, ["country"])
