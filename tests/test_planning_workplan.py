"""Candidates from the sample, work plan assembly, monthly workload and the Excel workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from ppd_core import Money, WorkPlan
from ppd_core.datasets import candidates_from_sample, load_sample
from ppd_core.planning import (
    CANDIDATE_COLUMNS,
    DEFAULT_WEIGHTS,
    allocate,
    candidate_groups,
    monthly_load,
    monthly_workload,
    prepare_candidates,
    propose_targets,
    score_candidates,
    work_plan_from,
    workplan_to_excel,
)


def test_candidates_from_sample_are_deterministic_and_complete() -> None:
    data = load_sample()
    a = candidates_from_sample(data, 2026, extra=20, seed=3)
    b = candidates_from_sample(data, 2026, extra=20, seed=3)
    pd.testing.assert_frame_equal(a, b)
    c = candidates_from_sample(data, 2026, extra=20, seed=4)
    assert not a.equals(c)
    assert len(a) == 9 + 20  # the VUFO 2026 plan's nine activities, then the proposals
    assert a["id"].iloc[:9].tolist() == [f"PA-0{k}" for k in range(1, 10)]
    assert (a["source"].iloc[:9] == "work plan").all()
    assert a["id"].is_unique
    documented = {c for c in CANDIDATE_COLUMNS if "/" not in c} - {"country_groups"}
    assert documented <= set(a.columns)
    plan_row = a.set_index("id").loc["PA-06"]  # delegation to Japan, 500 million VND
    assert (plan_row["cost"], plan_row["country"], plan_row["start_month"]) == (5e8, "JP", 7)
    assert plan_row["partner_id"] == "P-JP-001"
    assert not plan_row["new_partner"]
    assert a.set_index("id").loc["PA-09", "new_partner"]  # the Mexican foundation is new
    prepared = prepare_candidates(a, year=2026)
    assert (prepared["start_month"] <= prepared["end_month"]).all()
    pd.testing.assert_frame_equal(prepare_candidates(prepared, year=2026), prepared)
    hanoi = candidates_from_sample(data, 2026, organisation_id="HN-UFO", extra=0)
    assert len(hanoi) == 5


def test_prepare_candidates_reports_every_problem() -> None:
    bad = pd.DataFrame(
        {
            "id": ["A", "A", "B"],
            "cost": [1.0, -2.0, None],
            "kind": ["banquet", None, None],
            "country": ["XX", None, None],
            "start_month": [5, 3, 13],
            "end_month": [4, 3, 13],
        }
    )
    with pytest.raises(ValueError, match="Candidates have problems") as caught:
        prepare_candidates(bad)
    text = str(caught.value)
    for part in ("duplicate ids: A", "unknown kind codes: banquet", "unknown country codes: XX",
                 "cost missing or negative", "months must be whole numbers"):  # fmt: skip
        assert part in text
    with pytest.raises(ValueError, match="column"):
        prepare_candidates(pd.DataFrame({"id": ["A"]}))


def test_months_default_and_load_spreads_staff_days() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "cost": [1.0, 1.0, 1.0],
            "start_month": [None, 4, None],
            "end_month": [None, 6, 9],
            "staff_days": [24.0, 30.0, 5.0],
        }
    )
    prepared = prepare_candidates(frame)
    assert prepared[["start_month", "end_month"]].to_numpy().tolist() == [[1, 12], [4, 6], [9, 9]]
    load = monthly_load(prepared)
    assert load[0].tolist() == [2.0] * 12
    assert load[1].tolist() == [0, 0, 0, 10, 10, 10, 0, 0, 0, 0, 0, 0]
    assert load.sum() == pytest.approx(59.0)


def test_candidate_groups_on_the_start_day() -> None:
    raw = {
        "id": ["TL-1", "TL-2"],
        "cost": [1.0, 1.0],
        "country": ["TL"] * 2,
        "start_month": [3, 11],
    }
    frame = prepare_candidates(pd.DataFrame(raw))
    groups = candidate_groups(frame, 2025)  # Timor-Leste joined ASEAN on 26 October 2025
    assert groups["asean"].tolist() == [False, True]
    given = candidate_groups(frame.assign(country_groups=["asean;neighbour", ""]), None)
    assert given["asean"].tolist() == [True, False]
    assert given["neighbour"].tolist() == [True, False]
    assert not given.iloc[1].any()


def plan_case() -> tuple[pd.DataFrame, object, pd.DataFrame]:
    data = load_sample()
    scored = score_candidates(candidates_from_sample(data, 2026), DEFAULT_WEIGHTS, data=data,
                              year=2026)  # fmt: skip
    allocation = allocate(scored, budget=3e9, staff_capacity=60.0, year=2026, must_do=["PA-01"])
    targets = propose_targets(data, year=2026, stretch=0.05)
    return scored, allocation, targets


def test_work_plan_from_an_allocation() -> None:
    scored, allocation, targets = plan_case()
    plan = work_plan_from(
        allocation,  # type: ignore[arg-type]
        scored,
        organisation_id="VUFO",
        year=2026,
        objectives=["Renew the partner network", "Mobilise resources"],
        targets=targets,
    )
    assert isinstance(plan, WorkPlan)
    assert plan.id == "WP-VUFO-2026"
    assert plan.title == "Work plan 2026"
    chosen = allocation.chosen  # type: ignore[attr-defined]
    assert sorted(a.id for a in plan.planned_activities) == sorted(chosen)
    starts = [a.start or dt.date.min for a in plan.planned_activities]
    assert starts == sorted(starts)  # in the order they start
    first = next(a for a in plan.planned_activities if a.id == "PA-01")
    assert first.budget == Money(amount=Decimal(150_000_000), currency="VND")
    assert (first.start, first.end) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    total = sum(a.budget.amount for a in plan.planned_activities if a.budget)
    assert float(total) == pytest.approx(allocation.total_cost)  # type: ignore[attr-defined]
    assert sum(plan.priority_weights.values()) == pytest.approx(1.0, abs=1e-3)
    numeric = targets[targets["status"] == "proposed"]
    assert {t.indicator_id for t in plan.targets} == set(numeric["indicator_id"])
    by_id = {t.indicator_id: t.value for t in plan.targets}
    expected = numeric.set_index("indicator_id")["target"].round(4)
    assert by_id == expected.to_dict()
    assert WorkPlan.model_validate(plan.model_dump()) == plan


def test_monthly_workload_adds_up() -> None:
    scored, allocation, _ = plan_case()
    work = monthly_workload(allocation, scored)  # type: ignore[arg-type]
    assert work["month"].tolist() == list(range(1, 13))
    chosen = allocation.selected(scored)  # type: ignore[attr-defined]
    assert work["staff_days"].sum() == pytest.approx(chosen["staff_days"].sum())
    assert work["starting"].sum() == len(chosen)
    assert work["budget_starting"].sum() == pytest.approx(chosen["cost"].sum())
    assert (work["capacity"] == 60.0).all()
    assert (work["utilisation"] <= 1 + 1e-9).all()
    other = monthly_workload(allocation, scored, capacity={1: 10.0})  # type: ignore[arg-type]
    assert other["capacity"].iloc[0] == 10.0
    assert np.isnan(other["utilisation"].iloc[1])


def test_workplan_to_excel(tmp_path: Path) -> None:
    scored, allocation, targets = plan_case()
    plan = work_plan_from(
        allocation,  # type: ignore[arg-type]
        scored,
        organisation_id="VUFO",
        year=2026,
        objectives=["Renew the partner network"],
        targets=targets,
    )
    work = monthly_workload(allocation, scored)  # type: ignore[arg-type]
    path = workplan_to_excel(plan, work, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Plan", "Activities", "Targets", "Priorities", "Workload"]
    acts = book["Activities"]
    header = [c.value for c in acts[1]]
    assert header[:3] == ["Id", "Title", "Kind"]
    assert acts.max_row == len(plan.planned_activities) + 1
    assert isinstance(acts["F2"].value, dt.datetime)
    assert acts["F2"].number_format == "yyyy-mm-dd"
    assert acts["C2"].value == plan.planned_activities[0].kind.en
    assert book["Plan"]["B2"].value == "WP-VUFO-2026"
    assert book["Workload"]["A2"].value == "January"
    assert book["Targets"].max_row == len(plan.targets) + 1
    no_work = workplan_to_excel(plan, None, tmp_path / "bare.xlsx")
    assert "Workload" not in load_workbook(no_work).sheetnames


def test_work_plan_needs_kinds() -> None:
    frame = pd.DataFrame({"id": ["A"], "cost": [1e6], "score": [1.0]})
    with pytest.raises(ValueError, match="need a kind"):
        work_plan_from(allocate(frame, budget=1e7), frame, organisation_id="VUFO", year=2026,
                       objectives=[])  # fmt: skip
