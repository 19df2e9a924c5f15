"""Planning year N+1 from the data of year N: targets, priorities, budgets and scenarios.

The steps, each a function with its formulas in its docstring:

1. :func:`propose_targets` — next year's target per indicator from its actuals (linear
   trend, Holt's smoothing or a recent mean), with an uncertainty band, the planner's
   stretch and a plain-English explanation;
2. :func:`score_candidates` — candidate activities (a frame, see :data:`CANDIDATE_COLUMNS`)
   scored on stated criteria (:data:`CRITERIA`), each scaled to 0–1, and ranked;
   :func:`weight_sensitivity` tests how much the ranking owes to the weights;
3. :func:`allocate` — the portfolio of most value under the budget, monthly staff
   capacity, minimum shares per priority area and country group, partner caps, must-do and
   exclusive activities, solved exactly (HiGHS), with the binding constraints and what
   relaxing each would buy; :class:`InfeasiblePlanError` names conflicting constraints;
4. :func:`compare_scenarios` — named variations (:class:`Scenario`) side by side;
5. :func:`work_plan_from`, :func:`monthly_workload`, :func:`workplan_to_excel` — the
   resulting :class:`~ppd_core.WorkPlan`, its workload per month and a workbook.

:func:`ppd_core.io.read_proposals` reads an organisation's own proposals (the proposals
template of :func:`ppd_core.io.proposals_template`) as candidates;
:func:`ppd_core.datasets.candidates_from_sample` draws invented ones from the sample for the
course and the demo (``ppd_core.planning.candidates_from_sample`` is gone: the attribute error
names its new home).

>>> from ppd_core.datasets import candidates_from_sample, load_sample
>>> from ppd_core import planning
>>> data = load_sample()
>>> targets = planning.propose_targets(data, year=2026, stretch=0.05)
>>> targets.set_index("indicator_id").loc["IND-VUFO-PARTNERS", ["forecast", "target"]].tolist()
[28.5, 29.925]
>>> cands = candidates_from_sample(data, 2026)
>>> scored = planning.score_candidates(cands, planning.DEFAULT_WEIGHTS, data=data, year=2026)
>>> plan = planning.allocate(scored, budget=3e9, staff_capacity=60, year=2026,
...                          min_share_country_group={"asean": 0.3}, must_do=["PA-01"])
>>> plan.status, plan.total_cost <= 3e9, "PA-01" in plan.chosen
('optimal', True, True)
>>> work_plan = planning.work_plan_from(plan, scored, organisation_id="VUFO", year=2026,
...     objectives=["Renew the partner network"], targets=targets)
>>> len(work_plan.planned_activities) == len(plan.chosen), len(work_plan.targets)
(True, 8)
"""

from ppd_core.planning import candidates
from ppd_core.planning.allocation import (
    FAMILIES,
    RELAXATIONS,
    Allocation,
    InfeasiblePlanError,
    PlanningTimeoutError,
    allocate,
)
from ppd_core.planning.candidates import (
    CANDIDATE_COLUMNS,
    EVIDENCE_FLAGS,
    candidate_groups,
    monthly_load,
    prepare_candidates,
)
from ppd_core.planning.priorities import (
    CRITERIA,
    DEFAULT_GROUP_WEIGHTS,
    DEFAULT_WEIGHTS,
    CriteriaContext,
    Sensitivity,
    criteria_values,
    partner_shares,
    score_candidates,
    weight_sensitivity,
)
from ppd_core.planning.scenarios import (
    SCENARIO_MEASURES,
    Scenario,
    compare_scenarios,
    portfolio_measures,
)
from ppd_core.planning.targets import TARGET_COLUMNS, propose_targets
from ppd_core.planning.workplan import monthly_workload, work_plan_from, workplan_to_excel

__all__ = [
    "CANDIDATE_COLUMNS",
    "CRITERIA",
    "DEFAULT_GROUP_WEIGHTS",
    "DEFAULT_WEIGHTS",
    "EVIDENCE_FLAGS",
    "FAMILIES",
    "RELAXATIONS",
    "SCENARIO_MEASURES",
    "TARGET_COLUMNS",
    "Allocation",
    "CriteriaContext",
    "InfeasiblePlanError",
    "PlanningTimeoutError",
    "Scenario",
    "Sensitivity",
    "allocate",
    "candidate_groups",
    "compare_scenarios",
    "criteria_values",
    "monthly_load",
    "monthly_workload",
    "partner_shares",
    "portfolio_measures",
    "prepare_candidates",
    "propose_targets",
    "score_candidates",
    "weight_sensitivity",
    "work_plan_from",
    "workplan_to_excel",
]


# ``planning.candidates_from_sample`` moved to ppd_core.datasets: the error names its new home.
__getattr__ = candidates.__getattr__
