# %% [markdown]
# # Assignment 9 — Capstone: a provincial union's 2026 work plan and its 2030 outlook
#
# **Estimated time:** 120 minutes  ·  **Marks:** 10 autograded + 8 for your written answers
#
# ## What you will be able to do
# This assignment puts the course together for **one provincial union**, from its own data:
# 1. Choose the union and measure its record for 2021–2025, with the union and its member
#    associations and clubs counted together (*roll-up*, *tổng hợp lên cấp trên*).
# 2. Propose its 2026 *targets* (*chỉ tiêu*) from the *trend* of its indicators, with a
#    stated *stretch* (*mức phấn đấu*).
# 3. Score candidate activities, then *allocate* the budget (*phân bổ ngân sách*) under a
#    *constraint* (*ràng buộc*) that reflects a political commitment.
# 4. Assemble the 2026 *work plan* (*kế hoạch công tác*) with `planning.work_plan_from`.
# 5. Project an *outlook* (*triển vọng*) to 2030: a target trajectory from the trend, with its
#    *prediction band* (*khoảng dự báo*), and judge how far it can be trusted.
# 6. Defend the plan and the outlook in writing, as you would to the union's Standing Committee.
#
# Words in *italics* are explained, with their Vietnamese equivalents, in the course
# [glossary](glossary.md).
#
# As in the earlier assignments: run the grey example cells from the top, write your answers
# where it says `# YOUR CODE HERE`, and run the check cell after each exercise. The written
# answers count for almost half the marks: the code gives you the numbers, the judgement is yours.

# %% [markdown]
# ## 1. Which union has enough data?
#
# A plan "from its own data" needs several years of activities **and** indicators with
# actual values. The `rollup` dimension counts each activity with the member of the system it
# belongs to: a friendship club of Hanoi counts with the Hanoi union. The example compares the
# provincial unions of the sample and lists the organisations that have indicators.

# %%
import pandas as pd

from ppd_core import metrics, planning
from ppd_core.datasets import candidates_from_sample, load_sample

ds = load_sample()
an = metrics.analysis(ds)

unions = ["HN-UFO", "HCM-UFO", "DN-UFO", "DN-UFO-2025", "QNAM-UFO"]
by_union = metrics.volume(an, ["rollup"])
print(by_union[by_union["rollup"].isin(unions)][["rollup", "activities", "participants"]])

indicators = ds.to_frames()["indicators"]
print(indicators[["id", "organisation_id", "name"]])

# %% [markdown]
# The Hanoi Union of Friendship Organizations (`HN-UFO`) has the most activities of the
# provincial unions (with its three member associations and clubs) and the only provincial
# indicators with five years of actual values, so the capstone plans for Hanoi.
# Ho Chi Minh City (`HCM-UFO`) has activities but no indicators: its targets would have to be
# set without a history. (In your office, the same data would come from the shared database:
# `Store(...).load(organisations=[...])` loads one union's activities. That dataset also
# brings the earlier activities of *other* organisations that the union's activities follow
# up, so count with `rollup` as here, not by counting every row it holds.)

# %% [markdown]
# ## 2. The record, 2021–2025
#
# Grouping a measure by `["rollup", "year"]` gives one row per union and year; two conditions
# joined with `&` keep one union and the finished years. The example shows how often the
# activities of Ho Chi Minh City produced results (the substantive share).

# %%
shares = metrics.substantive_share(an, ["rollup", "year"])
hcm_shares = shares[(shares["rollup"] == "HCM-UFO") & shares["year"].isin(range(2021, 2026))]
hcm_shares

# %% [markdown]
# ### Exercise 1 (2 marks)
# Store in `hn_record` the **volume** (`metrics.volume`: activities and participants) of the
# Hanoi union, rolled up, for each year **2021 to 2025**: one row per year, nothing for 2026.

# %% solution id=hn_record
### BEGIN SOLUTION
volumes = metrics.volume(an, ["rollup", "year"])
hn_record = volumes[(volumes["rollup"] == "HN-UFO") & volumes["year"].isin(range(2021, 2026))]
### END SOLUTION
hn_record[["year", "activities", "participants", "participants_foreign"]]

# %% mistake id=hn_record
volumes = metrics.volume(an, ["rollup", "year"])
hn_record = volumes[volumes["rollup"] == "HN-UFO"]

# %% tests id=hn_record_tests points=2
assert set(hn_record["rollup"]) == {"HN-UFO"}, "keep only the rows of rollup HN-UFO"
assert len(hn_record) == 5, (
    f"one row per year 2021–2025 is 5 rows, not {len(hn_record)}: keep the finished years"
)
assert "participants" in hn_record.columns, "use metrics.volume"
### BEGIN HIDDEN TESTS
#: answer sorted(int(y) for y in hn_record["year"])
#: answer list(hn_record.sort_values("year")["activities"])
#: answer list(hn_record.sort_values("year")["participants"])
_an = metrics.analysis(load_sample())
_v = metrics.volume(_an, ["rollup", "year"])
_v = _v[(_v["rollup"] == "HN-UFO") & _v["year"].isin(range(2021, 2026))]
assert sorted(int(y) for y in hn_record["year"]) == list(range(2021, 2026))
assert list(hn_record.sort_values("year")["activities"]) == list(
    _v.sort_values("year")["activities"]
)
assert list(hn_record.sort_values("year")["participants"]) == list(
    _v.sort_values("year")["participants"]
)
del _v
### END HIDDEN TESTS

# %% [markdown]
# The union's indicators, year by year, against the targets of its past plans
# (`target_attainment`, assignment 6): *progress* is the distance covered from the
# *baseline* (*giá trị cơ sở*) to the target, so 1 means "target reached exactly".

# %%
attainment = metrics.target_attainment(an)
hn_indicators = ["IND-HN-PARTNERS", "IND-HN-TRAINEES", "IND-HN-DIR45"]
hn_attainment = attainment[attainment["indicator_id"].isin(hn_indicators)]
hn_attainment[["indicator_id", "period_start", "baseline", "target", "actual", "progress", "status"]]

# %% [markdown]
# ## 3. Targets for 2026 from history
#
# `planning.propose_targets` fits a straight line (*trend*) through each indicator's actuals
# of the years before the plan year, extends it one year, and gives an 80 % *prediction band*:
# the range in which next year's value is likely to fall if the past pattern continues.
# The *stretch* moves the target beyond the forecast in the better direction (0.05 = 5 %
# more ambitious). Qualitative indicators (Directive 45) are skipped: their targets are set
# in words. The example proposes the central body's (VUFO) targets with a 5 % stretch.

# %%
vufo_targets = planning.propose_targets(
    an, year=2026, stretch=0.05, indicators=["IND-VUFO-PARTNERS", "IND-VUFO-TRAINEES"]
)
print(vufo_targets[["indicator_id", "last_actual", "forecast", "lower", "upper", "target"]].round(1))
print(vufo_targets["explanation"].iloc[0])

# %% [markdown]
# ### Exercise 2 (2 marks)
# Propose the Hanoi union's 2026 targets for its three indicators (`hn_indicators`, defined
# above) with a **10 % stretch**, and store the table in `hn_targets`.

# %% solution id=hn_targets
### BEGIN SOLUTION
hn_targets = planning.propose_targets(an, year=2026, stretch=0.1, indicators=hn_indicators)
### END SOLUTION
hn_targets[["indicator_id", "status", "last_actual", "forecast", "lower", "upper", "target"]]

# %% tests id=hn_targets_tests points=2
assert set(hn_targets["indicator_id"]) == set(hn_indicators), "propose targets for hn_indicators"
assert set(hn_targets["year"]) == {2026}, "the targets are for 2026"
_partners = hn_targets.set_index("indicator_id").loc["IND-HN-PARTNERS"]
assert abs(_partners["target"] - 1.1 * _partners["forecast"]) < 1e-6, (
    "with a 10 % stretch the target is the forecast plus 10 %: stretch=0.1"
)
### BEGIN HIDDEN TESTS
#: answer list(hn_targets.sort_values("indicator_id")["status"])
#: answer list(hn_targets.sort_values("indicator_id")["target"])
_an = metrics.analysis(load_sample())
_t = planning.propose_targets(_an, year=2026, stretch=0.1, indicators=hn_indicators)
_t = _t.sort_values("indicator_id")
assert list(hn_targets.sort_values("indicator_id")["status"]) == list(_t["status"])
pd.testing.assert_series_equal(
    hn_targets.sort_values("indicator_id")["target"].reset_index(drop=True),
    _t["target"].reset_index(drop=True),
)
del _t, _partners
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Choosing the activities and allocating the budget
#
# `candidates_from_sample` gives the activities Hanoi could do in 2026: the five of its
# draft plan (`PA-…`) and proposals from its partners (`C-2026-…`), each with a cost, a
# priority area and an estimated chance of producing results. `score_candidates` scores them on
# the standard criteria and weights (assignment 7) and ranks them.

# %%
hn_candidates = candidates_from_sample(ds, 2026, organisation_id="HN-UFO")
hn_scored = planning.score_candidates(hn_candidates, planning.DEFAULT_WEIGHTS, data=an, year=2026)
print(planning.DEFAULT_WEIGHTS)
hn_scored[["rank", "id", "title", "priority_area", "cost", "score"]].head(12)

# %% [markdown]
# `allocate` then picks the set of activities with the highest total score that fits the
# budget (in VND). The example tries a budget of 1.2 billion VND with no other condition.

# %%
first_plan = planning.allocate(hn_scored, budget=1.2e9, year=2026)
print(first_plan.status, "-", len(first_plan.chosen), "activities")
print(f"cost {first_plan.total_cost:,.0f} VND")
print(sorted(first_plan.chosen))
print("festival chosen?", "PA-01" in first_plan.chosen)

# %% [markdown]
# The optimiser left out `PA-01`, the *'Hanoi – City for Peace'* friendship festival: it is
# expensive (500 million VND) and scores low. But the union's 2026 commitment under Directive
# No. 45-CT/TU (the qualitative indicator `IND-HN-DIR45`) names that festival. A commitment
# is a *constraint*, not a score: `allocate` accepts `must_do=[...]`, a list of activity ids
# that every plan must contain.

# %%
print(hn_attainment[hn_attainment["indicator_id"] == "IND-HN-DIR45"]["target_text"].tolist())

# %% [markdown]
# ### Exercise 3 (2 marks)
# Allocate a budget of **1.5 billion VND** (`1.5e9`, about what the union spent in 2025) to
# `hn_scored` for the year 2026, with the festival `PA-01` as a must-do activity. Store the
# result in `hn_plan`.

# %% solution id=hn_plan
### BEGIN SOLUTION
hn_plan = planning.allocate(hn_scored, budget=1.5e9, must_do=["PA-01"], year=2026)
### END SOLUTION
print(hn_plan.status, "-", len(hn_plan.chosen), "activities")
print(f"cost {hn_plan.total_cost:,.0f} VND")
hn_plan.binding()[["family", "name", "limit", "used", "slack"]]

# %% mistake id=hn_plan
hn_plan = planning.allocate(hn_scored, budget=1.5e9, year=2026)
print(hn_plan.status, "-", len(hn_plan.chosen), "activities")
print(f"cost {hn_plan.total_cost:,.0f} VND")

# %% tests id=hn_plan_tests points=2
assert hn_plan.status == "optimal", "allocate should find an optimal plan"
assert hn_plan.total_cost <= 1.5e9, "the plan must fit a budget of 1.5e9 VND"
assert "PA-01" in hn_plan.chosen, "the festival is a commitment: must_do=[\"PA-01\"]"
### BEGIN HIDDEN TESTS
#: answer sorted(hn_plan.chosen)
#: answer hn_plan.total_cost
_an = metrics.analysis(load_sample())
_hn = candidates_from_sample(load_sample(), 2026, organisation_id="HN-UFO")
_hn_scored = planning.score_candidates(_hn, planning.DEFAULT_WEIGHTS, data=_an, year=2026)
_p = planning.allocate(_hn_scored, budget=1.5e9, must_do=["PA-01"], year=2026)
assert set(hn_plan.chosen) == set(_p.chosen)
assert abs(hn_plan.total_cost - _p.total_cost) < 1
del _p
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The work plan
#
# `work_plan_from` turns an allocation into a *work plan*: the chosen activities with their
# months and budgets, the objectives in order of priority, the targets, and the share of the
# budget per priority area. The example assembles a plan from `first_plan`, without targets.

# %%
draft = planning.work_plan_from(
    first_plan,
    hn_scored,
    organisation_id="HN-UFO",
    year=2026,
    objectives=["Renew the partner network"],
)
print(draft.id, "-", draft.title, "-", len(draft.planned_activities), "activities")
for activity in draft.planned_activities[:4]:
    print(activity.start, activity.end, activity.budget, "|", activity.title)
print({area.value: weight for area, weight in draft.priority_weights.items()})

# %% [markdown]
# ### Exercise 4 (2 marks)
# Assemble the union's 2026 work plan from `hn_plan` (chosen from `hn_scored`) with **at
# least two objectives** of your own, in order of priority, and the targets `hn_targets`.
# Store it in `hn_work_plan`.

# %% solution id=hn_work_plan
### BEGIN SOLUTION
hn_work_plan = planning.work_plan_from(
    hn_plan,
    hn_scored,
    organisation_id="HN-UFO",
    year=2026,
    objectives=[
        "Carry out Directive 45: the 'Hanoi - City for Peace' festival and new friendship clubs",
        "Win back lapsed partners and widen the partner network",
        "Mobilise more resources from foreign partners for the capital",
    ],
    targets=hn_targets,
)
### END SOLUTION
print(hn_work_plan.id, "-", len(hn_work_plan.planned_activities), "activities,",
      len(hn_work_plan.targets), "targets")

# %% tests id=hn_work_plan_tests points=2
assert hn_work_plan.organisation_id == "HN-UFO", "it is the Hanoi union's plan: organisation_id=\"HN-UFO\""
assert hn_work_plan.id == "WP-HN-UFO-2026", "the plan is for 2026"
assert len(hn_work_plan.objectives) >= 2, "write at least two objectives"
assert len(hn_work_plan.targets) == 2, (
    "pass targets=hn_targets: the two numeric indicators become targets"
)
### BEGIN HIDDEN TESTS
#: answer sorted(p.id for p in hn_work_plan.planned_activities)
#: answer {t.indicator_id: float(t.value) for t in hn_work_plan.targets}
assert {p.id for p in hn_work_plan.planned_activities} == set(hn_plan.chosen)
_want = hn_targets.set_index("indicator_id")["target"]
for _target in hn_work_plan.targets:
    assert abs(float(_target.value) - float(_want[_target.indicator_id])) < 0.01
del _want, _target
### END HIDDEN TESTS

# %% [markdown]
# *To take the plan to a meeting:* `planning.workplan_to_excel(hn_work_plan,
# planning.monthly_workload(hn_plan, hn_scored), "output/work-plan-HN-2026.xlsx")` writes it
# to a workbook, one sheet per part. Try it in the free cell below if you like.

# %% scratch


# %% [markdown]
# ## 6. An outlook to 2030
#
# The strategy for 2026–2030 needs a view of where the union could be in 2030. Asking
# `propose_targets` for each year from 2026 to 2030 (no stretch) extends the same trend
# line year after year; `pd.concat` stacks the five one-row tables into one. Watch the band:
# the further from the data, the wider it grows. The example does it for trainees.

# %%
trainees_outlook = pd.concat(
    [
        planning.propose_targets(an, year=y, indicators=["IND-HN-TRAINEES"])
        for y in range(2026, 2031)
    ]
)
trainees_outlook[["year", "forecast", "lower", "upper"]].round(1)

# %% [markdown]
# ### Exercise 5 (2 marks)
# Build the same outlook, 2026 to 2030, for the union's **active foreign partners**
# (`IND-HN-PARTNERS`) and store it in `partners_outlook`.

# %% solution id=partners_outlook
### BEGIN SOLUTION
partners_outlook = pd.concat(
    [
        planning.propose_targets(an, year=y, indicators=["IND-HN-PARTNERS"])
        for y in range(2026, 2031)
    ]
)
### END SOLUTION
partners_outlook[["year", "forecast", "lower", "upper"]].round(1)

# %% tests id=partners_outlook_tests points=2
assert set(partners_outlook["indicator_id"]) == {"IND-HN-PARTNERS"}, "use IND-HN-PARTNERS"
assert sorted(partners_outlook["year"]) == [2026, 2027, 2028, 2029, 2030], (
    "one row per year, 2026 to 2030: range(2026, 2031)"
)
_by_year = partners_outlook.sort_values("year")
_width = (_by_year["upper"] - _by_year["lower"]).tolist()
assert _width[-1] > _width[0], "the band of 2030 should be wider than the band of 2026"
### BEGIN HIDDEN TESTS
#: answer float(partners_outlook.sort_values("year").iloc[-1]["forecast"])
#: answer float(partners_outlook.sort_values("year").iloc[-1]["upper"])
#: answer float(partners_outlook.sort_values("year").iloc[-1]["target"])
_an = metrics.analysis(load_sample())
_o = planning.propose_targets(_an, year=2030, indicators=["IND-HN-PARTNERS"]).iloc[0]
_last = partners_outlook.sort_values("year").iloc[-1]
assert abs(_last["forecast"] - _o["forecast"]) < 1e-9
assert abs(_last["upper"] - _o["upper"]) < 1e-9
assert abs(_last["target"] - _o["forecast"]) < 1e-9
del _o, _last, _width
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer 1 (4 marks)
# The union's Standing Committee will approve the plan `hn_work_plan`. In about **150 words**,
# give its *rationale*: why this budget, why these activities (name two or three and what
# they serve), why the festival is in it although it scores low and what that costs (see
# `hn_plan.binding()` and `hn_plan.constraints`), and how the 2026 targets relate to the
# record of 2021–2025.

# %% [markdown] manual id=plan_rationale points=4
# *Model answer (graders look for: the budget tied to 2025 spending, two or three named
# activities linked to objectives or weaknesses, the cost of the must-do stated with numbers,
# targets tied to the trend and its band).*
#
# The budget, 1.5 billion VND, keeps the union at its 2025 spending (1.54 billion). It funds
# 12 activities, most chosen because they are likely to produce results. Humanitarian aid with a
# new partner in South Africa, project proposals to foreign partners for the capital and the
# NGO project with Stiftung Grüne Brücke answer our weakest point, resources (8,352 USD
# disbursed in 2025, nothing in 2024). The media campaign with the Japan-Vietnam Grassroots
# Exchange Network wins back a partner that lapsed in 2025. The festival ranks only 23rd but is
# our commitment under Directive 45, so it is a must-do: it takes a third of the budget and
# lowers the plan's total score by 1.8, so it must be designed to bring agreements and
# sponsors, not only a ceremony. The targets extend the 2021–2025 trend by 10 %: 12 active
# partners (11 in 2025) and 71 trainees. The trainees band (0–146) is too wide to rely on;
# 71 is a prudent minimum.

# %% [markdown]
# ### Written answer 2 (4 marks)
# The union will report `partners_outlook` to the city as its 2030 outlook for foreign
# partners. In about **150 words**, explain what the outlook says, and the **risks** to it:
# why the band is so wide, what in the data or in the union's situation could make 2030
# come out far below (or above) the line, and what the union should do each year so that the
# outlook stays useful.

# %% [markdown] manual id=outlook_risks points=4
# *Model answer (graders look for: the 2030 figure with its band read correctly, at least
# two concrete risks drawn from the data or the context, a monitoring or revision practice).*
#
# If the 2021–2025 trend continues, the union would have about 16 active foreign partners in
# 2030, but the 80 % band runs from about 5 to 27. The line rests on five points that jump
# around (3, 8, 8, 5, 11): one bad year such as 2024 moves it a lot, and the band widens with
# every year away from the data. The risks are concrete. Most 2025 partners were new and three
# partners of 2024 lapsed, so growth depends on winning partners again every year. Resources
# depend on one partner (59 % in 2025). The restructuring of the apparatus and new priorities
# of the city can change the union's budget and staff. The trainees outlook is flat, a warning
# that trends do not simply continue. The union should treat 16 as a direction, not a promise:
# compare each year's actual with the band and redraw the outlook at every annual review.
