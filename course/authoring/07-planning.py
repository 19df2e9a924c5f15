# %% [markdown]
# # Assignment 7 — Planning with data: targets, priorities, budgets and scenarios
#
# **Estimated time:** 90 minutes  ·  **Marks:** 11 autograded + 3 for your written answer
#
# ## What you will be able to do
# 1. Propose next year's *targets* (*chỉ tiêu*) from each indicator's history: a *trend*
#    with a *prediction band* (*xu hướng; khoảng dự báo*), Holt's smoothing or a recent mean,
#    honestly when the series is short, plus the stretch your leadership asks for.
# 2. *Prioritise* (*xếp thứ tự ưu tiên*) candidate activities on several criteria with your
#    own *weights* (*trọng số*), and check how much the ranking owes to those weights.
# 3. *Allocate the budget* (*phân bổ ngân sách*) exactly under *constraints* (*ràng buộc*):
#    budget, staff-days per month, minimum shares per priority area, partner caps and
#    must-do activities; read which constraints bind and what an infeasibility message says.
# 4. Compare *scenarios* (*kịch bản*) side by side and turn the chosen portfolio into a
#    *work plan* (*kế hoạch công tác*).
#
# Words in *italics* are in the course [glossary](glossary.md) with their Vietnamese
# equivalents.
#
# Run the cells from the top: later cells use what earlier cells made.

# %% [markdown]
# ## 1. Targets from history
#
# Every annual review conference ends with targets for the next year. Instead of "last
# year plus ten per cent", `ppd_core.planning.propose_targets` looks at each indicator's
# **actual values of past years** and proposes a number, with an explanation:
#
# * `method="linear"` (default): the straight line that fits the past years best, carried on
#   one year; the **band** (`lower`–`upper`) is where next year's value will fall 8 times out
#   of 10 if the past pattern goes on;
# * `method="holt"`: Holt's smoothing, which gives recent years more weight than old ones;
# * `method="mean"`: the mean of the last three years (for indicators with no clear trend);
# * `stretch=0.05`: the leadership's ambition, 5 % better than the forecast (higher when
#   higher is better, lower when lower is better).
#
# The worked example proposes VUFO's 2026 targets with a 5 % stretch.

# %%
from ppd_core import planning
from ppd_core.datasets import candidates_from_sample, load_sample

ds = load_sample()
targets = planning.propose_targets(ds, year=2026, stretch=0.05)
vufo_targets = targets[targets["indicator_id"].str.startswith("IND-VUFO")]
vufo_targets[["indicator_id", "direction", "last_actual", "forecast", "lower", "upper",
              "target"]].round(1)

# %%
print(vufo_targets.set_index("indicator_id").loc["IND-VUFO-PARTNERS", "explanation"])

# %% [markdown]
# Read the band before the target. Active partners: the trend says 28.5, but anything from
# about 20 to 37 would not surprise us. Resources mobilised: the band runs from 0 to
# 870,000 USD — five years of history cannot predict this indicator, so its target is a
# political choice, not a forecast.
#
# The library is honest about short series. With two years there is a line but no band; the
# explanation says so:

# %%
import pandas as pd

new_indicator = pd.DataFrame(
    {"indicator_id": "IND-NEW-CLUBS", "year": [2024, 2025], "actual": [4.0, 7.0]}
)
print(planning.propose_targets(new_indicator, year=2026).iloc[0]["explanation"])

# %% [markdown]
# ### Exercise 1 (2 marks)
# The Hanoi union's indicators have jumped up and down, and its leadership trusts recent
# years more. Propose its 2026 targets with **Holt's method** and a **10 % stretch**, for
# the indicators `"IND-HN-PARTNERS"` and `"IND-HN-TRAINEES"` only (pass them as a list to
# `indicators=`). Store the table in `hn_targets`, and the target for active partners as a
# number in `hn_partners_2026` (`.set_index("indicator_id").loc[...]` as in the example).

# %% solution id=hn_targets
### BEGIN SOLUTION
hn_targets = planning.propose_targets(
    ds, year=2026, method="holt", stretch=0.1,
    indicators=["IND-HN-PARTNERS", "IND-HN-TRAINEES"],
)
hn_partners_2026 = float(hn_targets.set_index("indicator_id").loc["IND-HN-PARTNERS", "target"])
### END SOLUTION

# %% mistake id=hn_targets
hn_targets = planning.propose_targets(
    ds, year=2026, stretch=0.1, indicators=["IND-HN-PARTNERS", "IND-HN-TRAINEES"]
)
hn_partners_2026 = float(hn_targets.set_index("indicator_id").loc["IND-HN-PARTNERS", "target"])

# %% tests id=hn_targets_tests points=2
assert sorted(hn_targets["indicator_id"]) == ["IND-HN-PARTNERS", "IND-HN-TRAINEES"], (
    "keep only the two Hanoi indicators: indicators=['IND-HN-PARTNERS', 'IND-HN-TRAINEES']"
)
assert (hn_targets["method"] == "holt").all(), "use Holt's method: method='holt'"
assert (hn_targets["stretch"] == 0.1).all(), "a 10 % stretch is stretch=0.1"
_hn = hn_targets.set_index("indicator_id").loc["IND-HN-PARTNERS"]
assert hn_partners_2026 > _hn["forecast"], "with a stretch the target is above the forecast"
### BEGIN HIDDEN TESTS
#: answer hn_partners_2026
_h = planning.propose_targets(load_sample(), year=2026, method="holt", stretch=0.1,
                              indicators=["IND-HN-PARTNERS"])
assert abs(hn_partners_2026 - float(_h["target"].iloc[0])) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Prioritising candidate activities
#
# Next, what to do. VUFO has a list of **candidate activities** for 2026: the ones in its
# draft work plan (`PA-…`) and proposals from departments (`C-2026-…`). Each has a cost, a
# main priority area, a partner, months, staff-days, the resources the partner may mobilise
# and the chance that it produces evidence of results (an agreement, an output, resources or
# a follow-up). `candidates_from_sample` builds such a list; we keep it short (15).

# %%
candidates = candidates_from_sample(ds, 2026, extra=6)
candidates[["id", "title", "priority_area", "country", "cost", "staff_days",
            "start_month", "end_month"]]

# %% [markdown]
# `score_candidates` turns each **criterion** into a number from 0 (worst) to 1 (best):
#
# * `priority`: how much weight the work plan gives the candidate's priority area;
# * `substantive`: the chance of evidence of results;
# * `resources`: expected resources, scaled from the smallest (0) to the largest (1);
# * `cost`: cheaper is better (the cheapest gets 1);
# * `partner_risk`: 1 minus the partner's share of all resources of the last three years,
#   so that we do not depend more and more on one partner.
#
# The **score** is the weighted mean of the criteria, with the leadership's weights; rank 1
# is the best. The weights below put the plan's priorities and substantive results first.

# %%
weights = {"priority": 0.3, "substantive": 0.3, "resources": 0.2, "cost": 0.1,
           "partner_risk": 0.1}
scored = planning.score_candidates(candidates, weights, data=ds, year=2026)
scored[["rank", "id", "priority_area", "crit_priority", "crit_substantive",
        "crit_resources", "crit_cost", "crit_partner_risk", "score"]].round(2)

# %% [markdown]
# Weights are a judgement, so test them. `weight_sensitivity` moves every weight up and down
# by 20 % and draws 100 random weightings close to ours, and reports each candidate's best
# and worst rank and how often it stays in the top 5 (`top_k_share`). A candidate with
# `top_k_share` 1.0 is in the top 5 whatever reasonable weights we use; one near 0.5 owes
# its place to the exact weights.

# %%
sens = planning.weight_sensitivity(candidates, weights, data=ds, year=2026, top_k=5,
                                   draws=100)
sens.ranks[["id", "base_rank", "min_rank", "max_rank", "top_k_share"]].head(8).round(2)

# %% [markdown]
# ### Exercise 2 (2 marks)
# After the 2025 review, the Presidium says "our weakest result is resource mobilisation".
# Score the same `candidates` with weights that make **resources** count most:
# resources 0.4, priority 0.2, substantive 0.2, cost 0.1, partner_risk 0.1. Store the weights
# in `weights_res`, the scored table in `scored_res`, and the ids of the **top three**
# candidates, best first, as a list in `top3_res` (`list(frame["id"].head(3))`).

# %% solution id=score_resources
### BEGIN SOLUTION
weights_res = {"priority": 0.2, "substantive": 0.2, "resources": 0.4, "cost": 0.1,
               "partner_risk": 0.1}
scored_res = planning.score_candidates(candidates, weights_res, data=ds, year=2026)
top3_res = list(scored_res["id"].head(3))
### END SOLUTION

# %% tests id=score_resources_tests points=2
assert max(weights_res, key=weights_res.get) == "resources", "resources should weigh most"
assert "score" in scored_res.columns, "scored_res should come from planning.score_candidates"
assert len(scored_res) == len(candidates), "score every candidate"
assert isinstance(top3_res, list) and len(top3_res) == 3, "top3_res should be a list of 3 ids"
### BEGIN HIDDEN TESTS
#: answer top3_res
_w = {"priority": 0.2, "substantive": 0.2, "resources": 0.4, "cost": 0.1, "partner_risk": 0.1}
_s = planning.score_candidates(candidates_from_sample(load_sample(), 2026, extra=6),
                               _w, data=load_sample(), year=2026)
assert top3_res == list(_s["id"].head(3))
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Allocating the budget under constraints
#
# Taking candidates from the top of the ranking until the money runs out is not the best
# plan: a big expensive activity can crowd out three cheaper good ones, and staff are short
# in some months. `planning.allocate` chooses the set of activities with the **largest total
# score** that respects every constraint at once, and proves that no better set exists:
#
# * `budget`: total cost in VND;
# * `staff_capacity`: staff-days available in every month (an activity's staff-days are
#   spread over its months);
# * `min_share_priority`: a minimum share of the chosen budget per priority area;
# * `partner_cap`: no partner may take more than this share of the chosen budget;
# * `must_do`: activities that must be in the plan (e.g. the Presidium conference).
#
# The worked example: 1.2 billion VND, 50 staff-days a month, at least 15 % of the budget on
# human-resource training, no partner above 25 %.

# %%
settings = {
    "budget": 1.2e9,
    "staff_capacity": 50,
    "min_share_priority": {"human_resources": 0.15},
    "partner_cap": 0.25,
    "year": 2026,
}
plan = planning.allocate(scored, **settings)
print(plan.summary())
print("Chosen:", plan.chosen)

# %% [markdown]
# A constraint **binds** when it is exhausted: nothing left out would still fit. Here the
# budget binds (70 million VND are left, but every activity left out costs more) and so do
# staff in March and December. `plan.binding()` lists them. The last column of
# `plan.constraints` says what relaxing each family by a stated amount would **buy** in total
# score: that, not the slack, tells the leadership where an extra đồng or an extra
# staff-day matters most.

# %%
print(plan.binding()[["family", "name", "limit", "used", "slack"]].round(1))
plan.constraints.drop_duplicates("family")[["family", "relaxation", "value_gain"]].round(3)

# %% [markdown]
# When the constraints cannot all be met, `allocate` does not return a half-plan: it raises
# an `InfeasiblePlanError` whose message names a small set of conflicting constraints —
# dropping any one of them makes a plan possible. `try: … except …:` catches the error so we
# can read it; `error.constraints` holds the conflict as (family, name) pairs.

# %%
try:
    planning.allocate(scored, budget=1e9, must_do=["PA-04", "PA-05", "PA-06"], year=2026)
except planning.InfeasiblePlanError as error:
    print(error)
    print(error.constraints)

# %% [markdown]
# ### Exercise 3 (3 marks)
# The Standing Committee sets different rules. Allocate the **base** scores `scored` with:
# a budget of 1.8 billion VND, 45 staff-days a month, at least 25 % of the chosen budget on
# `"economic_cooperation"`, the Presidium conference `"PA-01"` as a must-do, and `year=2026`
# (no partner cap). Store the allocation in `plan_x`, and the **families** of the binding
# constraints as a sorted list without repeats in `binding_x` (for example
# `sorted(set(plan_x.binding()["family"]))`).

# %% solution id=allocate_rules
### BEGIN SOLUTION
plan_x = planning.allocate(
    scored,
    budget=1.8e9,
    staff_capacity=45,
    min_share_priority={"economic_cooperation": 0.25},
    must_do=["PA-01"],
    year=2026,
)
binding_x = sorted(set(plan_x.binding()["family"]))
### END SOLUTION

# %% mistake id=allocate_rules
plan_x = planning.allocate(
    scored,
    budget=1.8e9,
    staff_capacity=45,
    min_share_priority={"economic_cooperation": 0.25},
    year=2026,
)
binding_x = sorted(set(plan_x.binding()["family"]))

# %% tests id=allocate_rules_tests points=3
assert isinstance(plan_x, planning.Allocation), "plan_x should come from planning.allocate"
assert plan_x.total_cost <= 1.8e9, "the budget is 1.8 billion VND: budget=1.8e9"
assert "PA-01" in plan_x.chosen, "the Presidium conference is a must-do: must_do=['PA-01']"
assert isinstance(binding_x, list), "binding_x should be a list: sorted(set(...))"
### BEGIN HIDDEN TESTS
#: answer sorted(plan_x.chosen)
#: answer binding_x
_base_w = {"priority": 0.3, "substantive": 0.3, "resources": 0.2, "cost": 0.1, "partner_risk": 0.1}
_base = planning.score_candidates(candidates_from_sample(load_sample(), 2026, extra=6),
                                  _base_w, data=load_sample(), year=2026)
_rules_x = {"budget": 1.8e9, "staff_capacity": 45, "must_do": ["PA-01"], "year": 2026}
_p = planning.allocate(_base, min_share_priority={"economic_cooperation": 0.25}, **_rules_x)
assert sorted(plan_x.chosen) == sorted(_p.chosen)
assert binding_x == sorted(set(_p.binding()["family"]))
### END HIDDEN TESTS

# %% [markdown]
# The conflict of the worked example, member by member: each pair is (family, name). Here the
# three must-do activities cannot all be funded within 1 billion VND.

# %%
try:
    planning.allocate(scored, budget=1e9, must_do=["PA-04", "PA-05", "PA-06"], year=2026)
except planning.InfeasiblePlanError as example_error:
    for family, name in example_error.constraints:
        print(f"{family:>10}: {name}")

# %% [markdown]
# ### Exercise 4 (2 marks)
# The chairman wants four activities guaranteed: `"PA-02"`, `"PA-03"`, `"C-2026-004"` and
# `"C-2026-005"`, with the same budget (1.8 billion VND) and 45 staff-days a month. Try it
# with `planning.allocate(scored, …, must_do=[…], year=2026)`, catch the
# `InfeasiblePlanError` as in the worked example, and:
#
# 1. store `error.constraints` in `conflict_z`;
# 2. store in `free_z` the id of the one must-do activity that the message does **not**
#    name as part of the conflict (read the message).
#
# Give the four ids in this order: the message names *one* conflict, and with another
# order it may name another.

# %% solution id=infeasible_rules
### BEGIN SOLUTION
try:
    planning.allocate(scored, budget=1.8e9, staff_capacity=45,
                      must_do=["PA-02", "PA-03", "C-2026-004", "C-2026-005"], year=2026)
except planning.InfeasiblePlanError as error:
    print(error)
    conflict_z = error.constraints
free_z = "PA-02"
### END SOLUTION

# %% tests id=infeasible_rules_tests points=2
assert isinstance(conflict_z, tuple) and len(conflict_z) > 0, (
    "conflict_z should be error.constraints, a tuple of (family, name) pairs"
)
assert any(family == "must_do" for family, name in conflict_z), (
    "the conflict involves must-do activities: did you pass the four must_do ids?"
)
assert free_z in ["PA-02", "PA-03", "C-2026-004", "C-2026-005"], "free_z is one of the four ids"
### BEGIN HIDDEN TESTS
#: answer tuple(conflict_z)
#: answer [free_z]
_base_w = {"priority": 0.3, "substantive": 0.3, "resources": 0.2, "cost": 0.1, "partner_risk": 0.1}
_base = planning.score_candidates(candidates_from_sample(load_sample(), 2026, extra=6),
                                  _base_w, data=load_sample(), year=2026)
_four_z = ["PA-02", "PA-03", "C-2026-004", "C-2026-005"]
try:
    planning.allocate(_base, budget=1.8e9, staff_capacity=45, must_do=_four_z, year=2026)
    _conflict = ()
except planning.InfeasiblePlanError as _e:
    _conflict = _e.constraints
assert tuple(conflict_z) == tuple(_conflict)
_named_z = {_name for _family, _name in _conflict if _family == "must_do"}
assert [free_z] == [_i for _i in _four_z if _i not in _named_z]
### END HIDDEN TESTS

# %% [markdown]
# The message says what to negotiate: March is over-full. Moving one activity to another
# month is often better than dropping it. Note that the message names **one** conflict,
# and there can be more: dropping `C-2026-005` would not be enough, because PA-02, PA-03
# and C-2026-004 together also need more than 45 staff-days in March. Dropping
# or moving `PA-03` or `C-2026-004` (they are in both conflicts) would. Re-run after each
# change.
#
# ## 4. Scenarios side by side
#
# Leaders ask "what if": what if the budget is cut, what if we focus on our neighbours? A
# `Scenario` changes the allocation's rules; `compare_scenarios` solves the base and every
# scenario on the same candidates and reports the same measures for each: activities, total
# score, cost, expected resources and participants, concentration on partners (`partner_hhi`,
# 1 = a single partner), and the share of the chosen budget per priority area
# (`share_area_…`) and per country group (`share_group_…`). The worked example compares
# budget changes.

# %%
budget_table = planning.compare_scenarios(
    scored,
    [planning.Scenario.budget_change(-0.2), planning.Scenario.budget_change(0.25)],
    **settings,
)
budget_table[["scenario", "status", "activities", "total_value", "total_cost",
              "expected_resources", "partner_hhi"]].round(3)

# %% [markdown]
# ### Exercise 5 (2 marks)
# Two policy options are on the table for 2026, with the base `settings`:
#
# * **A** — `planning.Scenario.focus("neighbour", 0.4)`: at least 40 % of the chosen budget
#   on activities with neighbouring countries (Laos, Cambodia, China);
# * **B** — `planning.Scenario.no_new_partners()`: only partners we already know.
#
# Compare them with `planning.compare_scenarios(scored, [A, B], **settings)` and store the
# table in `table_y`. Then store the **name** (the `scenario` column) of the option, A or B,
# with the higher `total_value` in `best_value_y`, and of the one with the higher
# `expected_resources` in `best_resources_y`. (Leave the `base` row out of the choice.)

# %% solution id=scenarios_ab
### BEGIN SOLUTION
table_y = planning.compare_scenarios(
    scored,
    [planning.Scenario.focus("neighbour", 0.4), planning.Scenario.no_new_partners()],
    **settings,
)
options = table_y[table_y["scenario"] != "base"]
best_value_y = options.sort_values("total_value", ascending=False)["scenario"].iloc[0]
best_resources_y = options.sort_values("expected_resources", ascending=False)["scenario"].iloc[0]
### END SOLUTION

# %% tests id=scenarios_ab_tests points=2
assert len(table_y) == 3, "table_y should have 3 rows: the base and scenarios A and B"
assert set(table_y["status"]) == {"optimal"}, "every scenario should be solved"
assert best_value_y != "base" and best_resources_y != "base", "leave the base row out"
assert best_value_y in set(table_y["scenario"]), "use a name from the scenario column"
### BEGIN HIDDEN TESTS
#: answer best_value_y
#: answer best_resources_y
_base_w = {"priority": 0.3, "substantive": 0.3, "resources": 0.2, "cost": 0.1, "partner_risk": 0.1}
_base = planning.score_candidates(candidates_from_sample(load_sample(), 2026, extra=6),
                                  _base_w, data=load_sample(), year=2026)
_ab = [planning.Scenario.focus("neighbour", 0.4), planning.Scenario.no_new_partners()]
_rules_y = {"budget": 1.2e9, "staff_capacity": 50, "min_share_priority": {"human_resources": 0.15},
            "partner_cap": 0.25, "year": 2026}
_t = planning.compare_scenarios(_base, _ab, **_rules_y).iloc[1:]
assert best_value_y == _t.loc[_t["total_value"].idxmax(), "scenario"]
assert best_resources_y == _t.loc[_t["expected_resources"].idxmax(), "scenario"]
### END HIDDEN TESTS

# %% [markdown]
# Here are options A and B side by side, worked out again in `options_ab` so that this table
# is here even before your Exercise 5 is finished (your `table_y` should be the same). Look at
# the whole table before you answer the written question below: not only the total score,
# but resources, participants, partner concentration and the country-group shares.

# %%
options_ab = planning.compare_scenarios(
    scored,
    [planning.Scenario.focus("neighbour", 0.4), planning.Scenario.no_new_partners()],
    **settings,
)
options_ab[["scenario", "activities", "total_value", "total_cost", "expected_resources",
         "expected_participants", "partner_hhi", "share_group_neighbour",
         "share_area_human_resources"]].round(3)

# %% [markdown]
# ## 5. From the chosen portfolio to the work plan
#
# Once a portfolio is agreed, `work_plan_from` turns it into the year's `WorkPlan` record:
# the chosen activities with their months and budgets, the proposed targets, and the
# priority weights it actually funds. `monthly_workload` shows the staff load month by month
# (utilisation 1.0 = every available staff-day used).

# %%
work_plan = planning.work_plan_from(
    plan,
    scored,
    organisation_id="VUFO",
    year=2026,
    objectives=["Renew and expand the partner network", "Train young staff"],
    targets=vufo_targets,
)
print(work_plan.id, "—", len(work_plan.planned_activities), "activities,",
      len(work_plan.targets), "targets")
workload = planning.monthly_workload(plan, scored)
workload[["month", "staff_days", "activities", "utilisation"]].round(2)

# %% [markdown]
# ### Written answer (3 marks)
# You must recommend **one** of the two options of Exercise 5 — A (focus on neighbours) or
# B (no new partners) — to VUFO's leadership. In four to six sentences: say which one, with
# the two or three figures from the table of options A and B that decide it, what the leadership gives up by
# choosing it, and one risk or limitation of the numbers themselves (think about where the
# scores and expected resources come from). Write in the cell below.

# %% [markdown] manual id=scenario_choice points=3
# *Model answer (graders look for: a clear choice, figures from the table, the trade-off
# stated, a caveat about the data; either option can earn full marks if well argued).*
#
# I recommend option A, at least 40 % of the budget with neighbouring countries. It costs
# some total score (4.45 against 4.71 for B, and 5.35 for the base), but it expects about
# 61,800 USD of resources against 41,500 USD for B, spreads the budget over more partners
# (partner HHI 0.20 against 0.26) and puts 41 % of the budget with the neighbours that
# our foreign policy puts first, instead of 12 %. B would also contradict the review's demand to
# renew and expand the partner network. What we give up: human-resource training falls
# from 27 % of the budget to its 15 % minimum, and digital transformation from 33 % to 15 %. The
# weakness of the numbers: expected resources and the chance of substantive results are
# estimates from a profile per kind of activity, not commitments, so before approving A we
# should ask the Laos and Cambodia associations to confirm what their partners can bring.
