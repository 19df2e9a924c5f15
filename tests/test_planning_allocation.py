"""Budget allocation: known optima, brute force, binding constraints, infeasibility."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ppd_core import PpdError
from ppd_core.planning import Allocation, InfeasiblePlanError, allocate

M = 1_000_000.0  # one million VND
AREAS = ["culture_education", "green_growth", "environment"]
GROUPS = ["", "asean", "asean;neighbour", "strategic_partner"]


# -- an independent brute force ----------------------------------------------------------------


def _months(frame: pd.DataFrame) -> np.ndarray:
    load = np.zeros((len(frame), 12))
    starts = frame["start_month"].astype(int).tolist()
    ends = frame["end_month"].astype(int).tolist()
    days = frame["staff_days"].astype(float).tolist()
    for k, (start, end, need) in enumerate(zip(starts, ends, days, strict=True)):
        months = range(start, end + 1)
        for m in months:
            load[k, m - 1] = need / len(months)
    return load


def feasible(
    frame: pd.DataFrame,
    pick: Sequence[int],
    *,
    budget: float = math.inf,
    staff_capacity: float | Mapping[int, float] | None = None,
    min_share_priority: Mapping[str, float] | None = None,
    min_share_country_group: Mapping[str, float] | None = None,
    partner_cap: float | Mapping[str, float] | None = None,
    must_do: Iterable[str] = (),
    exclusive: Iterable[Iterable[str]] = (),
) -> bool:
    """Whether the rows ``pick`` satisfy every constraint, checked directly."""
    chosen = frame.iloc[list(pick)]
    ids = set(chosen["id"])
    cost = chosen["cost"].to_numpy(dtype=float)
    total = float(cost.sum())
    tol = 1e-7
    if total > budget + tol * M:
        return False
    if staff_capacity is not None:
        caps = (
            dict.fromkeys(range(1, 13), float(staff_capacity))
            if isinstance(staff_capacity, int | float)
            else dict(staff_capacity)
        )
        load = _months(chosen).sum(axis=0)
        if any(load[m - 1] > cap + tol for m, cap in caps.items()):
            return False
    for area, share in (min_share_priority or {}).items():
        if float(cost[(chosen["priority_area"] == area).to_numpy()].sum()) < share * total - tol:
            return False
    for group, share in (min_share_country_group or {}).items():
        inside = [group in str(g).split(";") for g in chosen["country_groups"]]
        if float(cost[np.array(inside, dtype=bool)].sum()) < share * total - tol:
            return False
    if partner_cap is not None:
        partners = sorted(set(frame["partner_id"].dropna()))
        caps_p = (
            dict.fromkeys(partners, float(partner_cap))
            if isinstance(partner_cap, int | float)
            else dict(partner_cap)
        )
        for p, cap in caps_p.items():
            spent = float(cost[(chosen["partner_id"] == p).to_numpy()].sum())
            limit = cap * total if cap <= 1 else cap
            if spent > limit + tol:
                return False
    if not set(must_do) <= ids:
        return False
    return all(len(ids & set(s)) <= 1 for s in exclusive)


def brute_force(frame: pd.DataFrame, **kwargs: Any) -> tuple[float, tuple[str, ...]] | None:
    """The best value over all subsets, and a best subset (None when none is feasible)."""
    values = frame["score"].to_numpy(dtype=float)
    best: tuple[float, tuple[str, ...]] | None = None
    for r in range(len(frame) + 1):
        for pick in itertools.combinations(range(len(frame)), r):
            if feasible(frame, pick, **kwargs):
                v = float(values[list(pick)].sum())
                if best is None or v > best[0] + 1e-12:
                    best = (v, tuple(frame["id"].iloc[list(pick)]))
    return best


# -- random small instances ------------------------------------------------------------------


@st.composite
def instances(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    n = draw(st.integers(1, 7))
    ids = [f"A-{k}" for k in range(n)]
    starts = draw(st.lists(st.integers(1, 12), min_size=n, max_size=n))
    frame = pd.DataFrame(
        {
            "id": ids,
            "cost": [c * M for c in draw(st.lists(st.integers(1, 60), min_size=n, max_size=n))],
            "score": [v / 10 for v in draw(st.lists(st.integers(-5, 50), min_size=n, max_size=n))],
            "priority_area": draw(st.lists(st.sampled_from([*AREAS, None]), min_size=n,
                                           max_size=n)),
            "partner_id": draw(st.lists(st.sampled_from(["P1", "P2", None]), min_size=n,
                                        max_size=n)),
            "country_groups": draw(st.lists(st.sampled_from(GROUPS), min_size=n, max_size=n)),
            "start_month": starts,
            "end_month": [min(12, s + draw(st.integers(0, 3))) for s in starts],
            "staff_days": draw(st.lists(st.integers(0, 20), min_size=n, max_size=n)),
        }
    )  # fmt: skip
    kwargs: dict[str, Any] = {"budget": draw(st.integers(0, int(frame["cost"].sum() / M))) * M}
    if draw(st.booleans()):
        kwargs["staff_capacity"] = draw(
            st.one_of(
                st.integers(0, 30).map(float),
                st.dictionaries(st.integers(1, 12), st.integers(0, 25).map(float), max_size=3),
            )
        )
    if draw(st.booleans()):
        area = draw(st.sampled_from(AREAS))
        kwargs["min_share_priority"] = {area: draw(st.integers(1, 6)) / 10}
    if draw(st.booleans()):
        kwargs["min_share_country_group"] = {"asean": draw(st.integers(1, 7)) / 10}
    if draw(st.booleans()):
        kwargs["partner_cap"] = draw(
            st.one_of(
                st.sampled_from([0.3, 0.5, 0.8]),
                st.fixed_dictionaries({"P1": st.integers(5, 80).map(lambda a: a * M)}),
            )
        )
    kwargs["must_do"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    if n >= 2:
        kwargs["exclusive"] = draw(
            st.lists(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True),
                     max_size=2)
        )  # fmt: skip
    return frame, kwargs


_ITEM_KWARG = {
    "budget": "budget",
    "staff": "staff_capacity",
    "priority_share": "min_share_priority",
    "group_share": "min_share_country_group",
    "partner_cap": "partner_cap",
    "must_do": "must_do",
    "exclusive": "exclusive",
}


def restricted(
    frame: pd.DataFrame, kwargs: Mapping[str, Any], items: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """The brute-force arguments keeping only the constraints ``items`` (as allocate names them)."""
    keep = set(items)
    out: dict[str, Any] = {"budget": kwargs["budget"] if ("budget", "") in keep else math.inf}
    staff = kwargs.get("staff_capacity")
    if staff is not None:
        caps = dict.fromkeys(range(1, 13), staff) if isinstance(staff, float) else dict(staff)
        out["staff_capacity"] = {m: c for m, c in caps.items() if ("staff", str(m)) in keep}
    for family, name in (("priority_share", "min_share_priority"),
                         ("group_share", "min_share_country_group")):  # fmt: skip
        shares = kwargs.get(name) or {}
        out[name] = {k: v for k, v in shares.items() if (family, k) in keep}
    cap = kwargs.get("partner_cap")
    if cap is not None:
        partners = sorted(set(frame["partner_id"].dropna()))
        caps_p = dict.fromkeys(partners, cap) if isinstance(cap, float) else dict(cap)
        out["partner_cap"] = {p: c for p, c in caps_p.items() if ("partner_cap", p) in keep}
    out["must_do"] = [i for i in kwargs.get("must_do", ()) if ("must_do", i) in keep]
    sets = [list(dict.fromkeys(s)) for s in kwargs.get("exclusive", ()) if len(set(s)) >= 2]
    out["exclusive"] = [s for k, s in enumerate(sets, start=1) if ("exclusive", str(k)) in keep]
    return out


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances())
def test_milp_optimum_equals_brute_force(case: tuple[pd.DataFrame, dict[str, Any]]) -> None:
    frame, kwargs = case
    best = brute_force(frame, **kwargs)
    event("infeasible" if best is None else "feasible")
    if best is None:
        with pytest.raises(InfeasiblePlanError) as caught:
            allocate(frame, **kwargs)
        named = list(caught.value.constraints)
        assert named, "an infeasible plan names at least one constraint"
        assert brute_force(frame, **restricted(frame, kwargs, named)) is None
        for item in named:  # dropping any one of them makes a plan possible
            others = [it for it in named if it != item]
            assert brute_force(frame, **restricted(frame, kwargs, others)) is not None
        return
    plan = allocate(frame, **kwargs)
    assert plan.status == "optimal"
    assert plan.total_value == pytest.approx(best[0], abs=1e-6)
    rows = [int(k) for k in np.flatnonzero(frame["id"].isin(plan.chosen).to_numpy())]
    assert feasible(frame, rows, **kwargs)
    assert plan.total_cost == pytest.approx(float(frame["cost"].iloc[rows].sum()))
    gains = plan.constraints["value_gain"].dropna()
    assert (gains >= 0).all()
    assert set(plan.constraints["relaxed_status"]) <= {"optimal"}


# -- known optima by hand ----------------------------------------------------------------------


def simple() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "cost": [600 * M, 500 * M, 400 * M, 100 * M],
            "score": [0.9, 0.6, 0.5, 0.05],
            "priority_area": pd.Series(
                ["culture_education", "green_growth", "green_growth", None], dtype=object
            ),
            "partner_id": ["P1", "P1", "P2", None],
            "start_month": [3, 3, 4, 1],
            "end_month": [3, 4, 4, 12],
            "staff_days": [10.0, 20.0, 10.0, 12.0],
        }
    )


def test_budget_only_optimum_by_hand() -> None:
    plan = allocate(simple(), budget=1000 * M)
    assert isinstance(plan, Allocation)
    assert plan.chosen == ("A", "C")  # 1.4; A+B over budget; B+C+D = 1.15
    assert plan.total_value == pytest.approx(1.4)
    assert plan.total_cost == 1000 * M
    budget = plan.constraints.set_index("family").loc["budget"]
    assert budget["binding"]
    assert budget["slack"] == 0
    # +10 % budget (1.1 bn): A+B = 1.5, a gain of 0.1
    assert budget["value_gain"] == pytest.approx(0.1)
    assert plan.gap == 0
    assert plan.seconds <= plan.seconds_total


def test_budget_with_room_for_nothing_more_is_binding() -> None:
    plan = allocate(simple(), budget=1050 * M)  # A + C, 50 million left; D costs 100 million
    row = plan.constraints.iloc[0]
    assert row["slack"] == pytest.approx(50 * M)
    assert bool(row["binding"])
    roomy = allocate(simple().iloc[:3], budget=5000 * M)
    assert not bool(roomy.constraints.iloc[0]["binding"])
    assert roomy.constraints.iloc[0]["value_gain"] == 0


def test_staff_capacity_spread_over_months() -> None:
    # March: A 10 + B 10 = 20; April: B 10 + C 10 = 20; D: 1 staff-day every month
    plan = allocate(simple(), budget=10_000 * M, staff_capacity={3: 15, 4: 25})
    assert plan.chosen == ("A", "C", "D")  # B would need 20 in March with A
    staff = plan.constraints[plan.constraints["family"] == "staff"].set_index("name")
    assert staff.loc["3", "used"] == pytest.approx(11.0)
    assert staff.loc["4", "used"] == pytest.approx(11.0)
    assert bool(staff.loc["3", "binding"])  # 4 left, B needs 10 in March
    assert not bool(staff.loc["4", "binding"])  # B's 10 in April would fit
    assert staff["value_gain"].iloc[0] == 0  # +10 %: 16.5 in March, still no room for B


def test_minimum_area_share_binds_exactly() -> None:
    plan = allocate(simple(), budget=1000 * M, min_share_priority={"culture_education": 0.6})
    assert plan.chosen == ("A", "C")  # 600 of 1000 = 60 %
    row = plan.constraints.set_index("family").loc["priority_share"]
    assert row["used"] == pytest.approx(0.6)
    assert bool(row["binding"])
    strict = allocate(simple(), budget=1000 * M, min_share_priority={"culture_education": 0.62})
    assert strict.chosen == ("A", "D")  # 600 of 700 ≈ 86 %
    gain = strict.constraints.set_index("family").loc["priority_share", "value_gain"]
    assert gain == pytest.approx(1.4 - 0.95)  # at 57 % A + C is allowed again


def test_partner_caps_as_share_and_amount() -> None:
    share = allocate(simple(), budget=2000 * M, partner_cap={"P1": 0.5})
    assert "B" not in share.chosen or "A" not in share.chosen
    amount = allocate(simple(), budget=2000 * M, partner_cap={"P1": 550 * M})
    assert amount.chosen == ("B", "C", "D")  # A alone (600) is over the cap
    cap = amount.constraints.set_index("family").loc["partner_cap"]
    assert cap["sense"] == "≤ VND"
    assert bool(cap["binding"])  # 50 million left; A costs 600


def test_country_group_shares_from_the_reference_data() -> None:
    frame = simple().assign(country=pd.Series(["JP", "JP", "LA", None], dtype=object))
    plan = allocate(frame, budget=1000 * M, year=2026, min_share_country_group={"asean": 0.9})
    assert plan.chosen == ("C",)  # only Laos counts; anything else dilutes ASEAN below 90 %
    with pytest.raises(ValueError, match="year="):
        allocate(frame, budget=1000 * M, min_share_country_group={"asean": 0.5})


def test_must_do_and_exclusive() -> None:
    plan = allocate(simple(), budget=1000 * M, must_do=["B"], exclusive=[["A", "C"]])
    assert plan.chosen == ("B", "C", "D")
    report = plan.constraints.set_index("family")
    assert not bool(report.loc["must_do", "binding"])  # B+C+D is also best without the rule
    forced = allocate(simple(), budget=1000 * M, must_do=["D"])
    row = forced.constraints.set_index("family").loc["must_do"]
    assert bool(row["binding"])  # without the rule D would be left out
    assert row["value_gain"] == pytest.approx(1.4 - 1.15)


def test_value_column_and_costs_in_another_currency() -> None:
    frame = simple().assign(currency=["VND", "VND", "USD", "VND"], cost=[600e6, 500e6, 10e3, 1e8])
    plan = allocate(frame, value="score", budget=800 * M, year=2025)
    assert "C" in plan.chosen  # 10,000 USD at 2025's rate is about 250 million VND
    with pytest.raises(ValueError, match="year="):
        allocate(frame, budget=800 * M)
    with pytest.raises(ValueError, match="score_candidates"):
        allocate(simple().drop(columns="score"), budget=800 * M)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"must_do": ["Z"]}, "unknown candidate ids"),
        ({"exclusive": [["A", "Q"]]}, "unknown candidate ids"),
        ({"min_share_priority": {"culture_education": 0.7, "green_growth": 0.5}}, "add up"),
        ({"min_share_country_group": {"asean": 1.5}}, "0–1"),
        ({"partner_cap": 0.0}, "positive"),
        ({"staff_capacity": {13: 5.0}}, "month"),
        ({"budget": -1.0}, "budget"),
    ],
)
def test_malformed_arguments(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"budget": 1000 * M, **kwargs}
    with pytest.raises(ValueError, match=message):
        allocate(simple(), **args)


# -- infeasibility -----------------------------------------------------------------------------


def test_must_do_over_budget_names_the_conflict() -> None:
    frame = simple().assign(id=["A-7", "A-9", "C", "D"])
    with pytest.raises(InfeasiblePlanError) as caught:
        allocate(frame, budget=1000 * M, must_do=["A-7", "A-9", "D"])
    err = caught.value
    assert set(err.constraints) == {("budget", ""), ("must_do", "A-7"), ("must_do", "A-9")}
    assert "must-do A-7 and A-9 cost 1.1 bn VND together but the budget is 1 bn VND" in str(err)
    assert err.minimal
    assert isinstance(err, PpdError)
    assert isinstance(err, ValueError)


def test_staff_and_exclusive_conflicts_are_explained() -> None:
    with pytest.raises(InfeasiblePlanError, match=r"need 20 staff-days in month 3 together"):
        allocate(simple(), budget=5000 * M, staff_capacity={3: 15}, must_do=["A", "B"])
    with pytest.raises(InfeasiblePlanError, match="mutually exclusive") as caught:
        allocate(simple(), budget=5000 * M, must_do=["A", "C"], exclusive=[["B", "C", "A"]])
    assert ("exclusive", "1") in caught.value.constraints


def test_share_conflicts_list_every_constraint_involved() -> None:
    with pytest.raises(InfeasiblePlanError) as caught:
        allocate(
            simple(),
            budget=5000 * M,
            must_do=["A"],
            min_share_priority={"green_growth": 0.5},
            partner_cap={"P1": 0.6},
        )
    named = set(caught.value.constraints)
    # A (P1, culture) needs green growth ≥ 600, so B (P1) and C: then P1 holds at least
    # 1100 of 1600 > 60 %. Without the share A + C + D keeps P1 at 55 %; without the cap
    # A + B + C is fine; the budget plays no part.
    assert named == {("must_do", "A"), ("priority_share", "green_growth"), ("partner_cap", "P1")}
    text = str(caught.value)
    assert "cannot all hold together" in text
    assert "a minimum of 50 % of the chosen budget in priority area green_growth" in text


def test_summary_and_selected() -> None:
    plan = allocate(simple(), budget=1000 * M, staff_capacity=40.0)
    assert plan.selected(simple())["id"].tolist() == ["A", "C"]
    text = plan.summary()
    assert text.startswith("2 activities chosen, value 1.4, cost 1 bn VND (optimal")
    assert "binding: budget" in text
