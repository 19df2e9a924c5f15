"""Prioritisation: hand-computed scores, tie-breaking, weight sensitivity, the sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ppd_core import metrics
from ppd_core.datasets import candidates_from_sample, load_sample
from ppd_core.planning import (
    DEFAULT_WEIGHTS,
    criteria_values,
    partner_shares,
    score_candidates,
    weight_sensitivity,
)

PLAN = {"culture_education": 0.4, "green_growth": 0.2}
WEIGHTS = {
    "priority": 2,
    "country_focus": 1,
    "resources": 1,
    "substantive": 2,
    "cost": 1,
    "partner_risk": 1,
}


def four() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "priority_area": ["culture_education", "green_growth", None, "culture_education"],
            "country": ["KH", "JP", None, "FR"],
            "cost": [100.0, 300.0, 200.0, 400.0],
            "expected_resources": [0.0, 20_000.0, 10_000.0, 40_000.0],
            "substantive_probability": [0.5, 0.9, 0.7, 0.2],
            "partner_share": [0.0, 0.4, 0.0, 0.1],
        }
    )


def test_hand_computed_scores() -> None:
    scored = score_candidates(four(), WEIGHTS, year=2026, plan=PLAN).set_index("id")
    # priority: w(area) / max w; country focus (2026): KH neighbour 1.0, JP and FR
    # comprehensive strategic partners 0.8; resources and cost min-max; risk 1 - share.
    expected = {
        "A": (2 * 1.0 + 1.0 + 0.0 + 2 * 0.5 + 1.0 + 1.0) / 8,
        "B": (2 * 0.5 + 0.8 + 0.5 + 2 * 0.9 + 1 / 3 + 0.6) / 8,
        "C": (0.0 + 0.0 + 0.25 + 2 * 0.7 + 2 / 3 + 1.0) / 8,
        "D": (2 * 1.0 + 0.8 + 1.0 + 2 * 0.2 + 0.0 + 0.9) / 8,
    }
    for cid, score in expected.items():
        assert scored.loc[cid, "score"] == pytest.approx(score)
    assert scored["rank"].to_dict() == {"A": 1, "D": 2, "B": 3, "C": 4}
    assert scored.loc["B", "crit_priority"] == pytest.approx(0.5)
    assert scored.loc["C", "crit_country_focus"] == 0.0
    assert scored.loc["B", "crit_cost"] == pytest.approx(1 / 3)
    assert scored.loc["D", "crit_partner_risk"] == pytest.approx(0.9)


def test_only_weighted_criteria_are_computed() -> None:
    scored = score_candidates(four(), {"cost": 1.0})
    assert [c for c in scored.columns if c.startswith("crit_")] == ["crit_cost"]
    assert scored["id"].tolist() == ["A", "C", "B", "D"]


def test_ties_are_broken_by_id_whatever_the_input_order() -> None:
    same = pd.DataFrame({"id": ["c-2", "a-9", "b-1"], "cost": [5.0, 5.0, 5.0]})
    for order in ([0, 1, 2], [2, 0, 1], [1, 2, 0]):
        scored = score_candidates(same.iloc[order], {"cost": 1, "substantive": 1})
        assert scored["id"].tolist() == ["a-9", "b-1", "c-2"]
        assert scored["rank"].tolist() == [1, 2, 3]


def test_evidence_flags_stand_in_for_the_probability() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B"],
            "cost": [1.0, 1.0],
            "plans_agreement": [True, False],
            "plans_output": [True, None],
            "plans_resources": [False, False],
        }
    )
    values = criteria_values(frame, ["substantive"])
    assert values["crit_substantive"].tolist() == [0.5, 0.0]


def test_dominating_candidate_ranks_first_under_every_perturbation() -> None:
    rng = np.random.default_rng(5)
    n = 12
    frame = pd.DataFrame(
        {
            "id": [f"C{k:02d}" for k in range(n)],
            "priority_area": rng.choice(["culture_education", "green_growth", "environment"], n),
            "country": rng.choice(["KH", "JP", "SE", "DE"], n),
            "cost": rng.uniform(200, 900, n),
            "expected_resources": rng.uniform(0, 9_000, n),
            "substantive_probability": rng.uniform(0.1, 0.8, n),
            "partner_share": rng.uniform(0.05, 0.5, n),
        }
    )
    best = {
        "id": "ZZ-BEST",  # sorts last: winning cannot come from tie-breaking
        "priority_area": "culture_education",
        "country": "LA",
        "cost": 100.0,
        "expected_resources": 10_000.0,
        "substantive_probability": 0.95,
        "partner_share": 0.0,
    }
    frame = pd.concat([frame, pd.DataFrame([best])], ignore_index=True)
    sens = weight_sensitivity(frame, WEIGHTS, year=2026, plan=PLAN, draws=150, seed=1, top_k=3)
    top = sens.ranks.set_index("id").loc["ZZ-BEST"]
    assert (top["base_rank"], top["min_rank"], top["max_rank"]) == (1, 1, 1)
    assert top["top_k_share"] == 1.0
    assert len(sens.runs) == 2 * len(WEIGHTS) + 150
    assert set(sens.runs["kind"]) == {"one-at-a-time", "random"}
    assert sens.runs["kendall_tau"].between(-1, 1).all()
    assert sens.ranks["min_rank"].le(sens.ranks["base_rank"]).all()
    assert sens.ranks["max_rank"].ge(sens.ranks["base_rank"]).all()
    weights = sens.runs[[c for c in sens.runs.columns if c.startswith("w_")]]
    assert np.allclose(weights.sum(axis=1), 1.0)


def test_sensitivity_of_a_single_criterion_keeps_the_ranking() -> None:
    sens = weight_sensitivity(four(), {"cost": 1.0}, draws=5)
    assert (sens.runs["kendall_tau"] == 1.0).all()
    assert (sens.ranks["min_rank"] == sens.ranks["max_rank"]).all()


def test_sensitivity_is_reproducible_with_a_seed() -> None:
    a = weight_sensitivity(four(), WEIGHTS, year=2026, plan=PLAN, draws=30, seed=9)
    b = weight_sensitivity(four(), WEIGHTS, year=2026, plan=PLAN, draws=30, seed=9)
    pd.testing.assert_frame_equal(a.runs, b.runs)
    pd.testing.assert_frame_equal(a.ranks, b.ranks)


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"charm": 1.0}, "unknown criteria"), ({"cost": -1.0}, "not negative"), ({}, "positive")],
)
def test_bad_weights_are_refused(weights: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        score_candidates(four(), weights)


def test_missing_inputs_are_explained() -> None:
    with pytest.raises(ValueError, match="priority weights"):
        score_candidates(four(), {"priority": 1.0})
    with pytest.raises(ValueError, match="year="):
        score_candidates(four(), {"country_focus": 1.0})
    with pytest.raises(ValueError, match="partner_share"):
        score_candidates(four().drop(columns="partner_share"), {"partner_risk": 1.0})


def test_partner_shares_from_the_sample() -> None:
    data = load_sample()
    shares = partner_shares(data, 2026, lookback=1)
    assert shares.sum() == pytest.approx(1.0)
    table = metrics.concentration(data, ["year"])
    hhi = table.set_index(table["year"].astype(str))["hhi"].astype(float)["2025"]
    assert float((shares**2).sum()) == pytest.approx(hhi)


def test_sample_candidates_scored_against_the_year_plan() -> None:
    data = load_sample()
    cands = candidates_from_sample(data, 2026)
    scored = score_candidates(cands, DEFAULT_WEIGHTS, data=data, year=2026)
    assert scored["rank"].tolist() == list(range(1, len(cands) + 1))
    assert scored["score"].between(0, 1).all()
    by_id = scored.set_index("id")
    # the plan's weights: economic cooperation and human resources 0.2 (the largest)
    assert by_id.loc["PA-06", "crit_priority"] == 1.0
    assert by_id.loc["PA-07", "crit_priority"] == pytest.approx(0.75)
    shares = partner_shares(data, 2026)
    assert by_id.loc["PA-06", "partner_share"] == pytest.approx(shares["P-JP-001"])
    with pytest.raises(ValueError, match="which work plan"):
        score_candidates(cands.drop(columns="organisation_id"), {"priority": 1}, data=data,
                         year=2026)  # fmt: skip
    named = score_candidates(cands, {"priority": 1}, data=data, plan="WP-HN-2026")
    assert named.set_index("id").loc["PA-05", "crit_priority"] == 1.0  # culture, HN's top
