"""How-to: build next year's work plan.

Shown on docs/how-to/work-plan.md.
"""

# --8<-- [start:targets]
from ppd_core import datasets, planning
from ppd_core.datasets import load_sample

ds = load_sample()
targets = planning.propose_targets(ds, year=2026, stretch=0.05)
vufo = targets[targets["indicator_id"].str.startswith("IND-VUFO")]
print(
    vufo[["indicator_id", "forecast", "lower", "upper", "target"]]
    .round(1)
    .to_string(index=False)
)
print(vufo.set_index("indicator_id").loc["IND-VUFO-PARTNERS", "explanation"])
# --8<-- [end:targets]

# --8<-- [start:score]
candidates = datasets.candidates_from_sample(ds, 2026)
weights = {
    "priority": 0.3,
    "substantive": 0.3,
    "resources": 0.2,
    "cost": 0.1,
    "partner_risk": 0.1,
}
scored = planning.score_candidates(candidates, weights, data=ds, year=2026)
print(len(scored), "candidates")
print(
    scored[["rank", "id", "priority_area", "score"]]
    .head(5)
    .round(3)
    .to_string(index=False)
)
# --8<-- [end:score]

# --8<-- [start:sensitivity]
sens = planning.weight_sensitivity(
    candidates, weights, data=ds, year=2026, top_k=5
)
print(
    sens.ranks[["id", "base_rank", "min_rank", "max_rank", "top_k_share"]]
    .head(7)
    .round(2)
    .to_string(index=False)
)
print("lowest Kendall tau:", round(sens.runs["kendall_tau"].min(), 2))
# --8<-- [end:sensitivity]

# --8<-- [start:allocate]
from typing import Any

settings: dict[str, Any] = {
    "budget": 3e9,
    "staff_capacity": 60,  # staff-days in every month
    "min_share_priority": {"human_resources": 0.25},
    "partner_cap": 0.15,  # at most 15 % of the chosen budget each
    "year": 2026,
}
plan = planning.allocate(scored, **settings)
print(plan.status, len(plan.chosen), "activities chosen")
print(f"value {plan.total_value:.2f}, cost {plan.total_cost:,.0f} VND")
# --8<-- [end:allocate]

# --8<-- [start:binding]
report = plan.constraints
print(
    plan.binding()[["family", "name", "limit", "used", "slack"]]
    .round(3)
    .to_string(index=False)
)
gains = report.drop_duplicates("family")
print(
    gains[["family", "relaxation", "value_gain"]]
    .round(3)
    .to_string(index=False)
)
# --8<-- [end:binding]

# --8<-- [start:infeasible]
try:
    planning.allocate(
        scored, budget=1e9, must_do=["PA-04", "PA-05", "PA-06"], year=2026
    )
except planning.InfeasiblePlanError as error:
    print(error)
    print(error.constraints)
# --8<-- [end:infeasible]

# --8<-- [start:scenarios]
scenarios = [
    planning.Scenario.budget_change(-0.2),
    planning.Scenario.focus("asean", 0.5),
    planning.Scenario.no_new_partners(),
]
table = planning.compare_scenarios(scored, scenarios, **settings)
table["cost_bn"] = table["total_cost"] / 1e9
print(
    table[["scenario", "status", "activities", "total_value", "cost_bn"]]
    .round(2)
    .to_string(index=False)
)
# --8<-- [end:scenarios]

# --8<-- [start:assemble]
work_plan = planning.work_plan_from(
    plan,
    scored,
    organisation_id="VUFO",
    year=2026,
    objectives=["Renew the partner network", "Train young staff"],
    targets=vufo,
)
print(work_plan.id, len(work_plan.planned_activities), "activities")
print(len(work_plan.targets), "targets")
workload = planning.monthly_workload(plan, scored)
print(
    workload[["month", "staff_days", "activities", "utilisation"]]
    .round(2)
    .to_string(index=False)
)
# --8<-- [end:assemble]

# --8<-- [start:export]
import tempfile
from pathlib import Path

from ppd_core import plots

folder = Path(tempfile.mkdtemp())
figure = plots.work_plan_timeline(work_plan, workload)
plots.save(figure, folder / "work-plan-2026.png")
book = planning.workplan_to_excel(
    work_plan, workload, folder / "work-plan-2026.xlsx"
)
for path in sorted(folder.iterdir()):
    print(path.name)
# --8<-- [end:export]
