# %% [markdown]
# # Assignment 6 — Results frameworks: indicators, targets, attainment and DAC evaluation
#
# **Estimated time:** 90 minutes  ·  **Marks:** 11 autograded + 3 for your written answer
#
# ## What you will be able to do
# 1. Say what makes an *indicator* (*chỉ số*) **SMART** (*chỉ số SMART*): specific,
#    measurable, achievable, relevant and time-bound.
# 2. Write an indicator as a `ppd_core` record: its *level* (output, outcome or impact), its
#    *measure*, its *direction* (is higher or lower better?), its unit, its *baseline*
#    (*giá trị cơ sở*) and, per period, a *target* (*chỉ tiêu*) and an *actual value*
#    (*giá trị thực tế*).
# 3. Compute *attainment* (*mức độ đạt được*): how far an indicator has come from its baseline
#    towards its target, and whether it is on track, at risk or off track.
# 4. Read evaluations on the six *DAC criteria* (*các tiêu chí DAC*), find the weakest
#    criterion, and run the consistency checks EVAL01–EVAL06 that compare scores with the
#    recorded *evidence* (*minh chứng*).
# 5. Compare organisations on a *scorecard* (*bảng điểm*) with weights you choose, and measure
#    the *disparity* (*mức chênh lệch*) between them.
#
# Words in *italics* are in the course [glossary](glossary.md) with their Vietnamese
# equivalents.
#
# Run the cells from the top: later cells use what earlier cells made.

# %% [markdown]
# ## 1. What makes an indicator SMART
#
# An *objective* such as "expand cooperation with foreign partners" says where we want to go
# but not how we will know we got there. An **indicator** is the measurement that tells us.
# A good indicator is **SMART**:
#
# | letter | meaning | question to ask |
# |---|---|---|
# | S | specific | Exactly what is counted? ("active foreign partners" — active means at least one joint activity in the year) |
# | M | measurable | Can it be counted from our records, with a number and a unit? |
# | A | achievable | Is the target realistic given the *baseline* and our resources? |
# | R | relevant | Does it measure the objective, not just activity for its own sake? |
# | T | time-bound | By when? Each target belongs to a period (e.g. the year 2026). |
#
# `ppd_core` stores an indicator as an `Indicator` record, modelled on the IATI results
# standard:
#
# * `level`: `"output"` (what we produce: trainees trained, media items), `"outcome"` (the
#   change it leads to: partners active, resources mobilised) or `"impact"` (the long-term
#   change);
# * `measure`: `"unit"` (a count or amount), `"percentage"`, or `"qualitative"` (words);
# * `direction`: `"higher_is_better"` (the default) or `"lower_is_better"` — for example the
#   share of ceremonial activities should go **down**;
# * `unit`, `baseline_value` and `baseline_date`: where we started, and when it was measured;
# * `values`: one entry per period with its `target` and, once known, its `actual`.
#
# The worked example builds the indicator of a friendship association.

# %%
from datetime import date

from ppd_core import Indicator

fi_partners = Indicator(
    id="IND-FI-PARTNERS",
    name="Finnish partners active in at least one joint activity",
    organisation_id="VN-FI",
    level="outcome",
    measure="unit",
    direction="higher_is_better",
    unit="partners",
    baseline_value=5,
    baseline_date=date(2024, 12, 31),
    values=[
        {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
         "target": 7, "actual": 6},
        {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31),
         "target": 9},
    ],
)
print(fi_partners.name)
print("Level:", fi_partners.level.label("en"), "/", fi_partners.level.label("vi"))
print("Direction:", fi_partners.direction.label("en"), "/", fi_partners.direction.label("vi"))
print("Baseline:", fi_partners.baseline_value, fi_partners.unit, "on", fi_partners.baseline_date)
for v in fi_partners.values:
    print(v.period_start.year, "target", v.target, "actual", v.actual)

# %% [markdown]
# The record checks itself. A period without a target is not measurable, so the library
# refuses it (rule `PPD601`) and says what to fix:

# %%
try:
    Indicator(
        id="IND-FI-EVENTS", name="Joint events", level="output", measure="unit",
        values=[{"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
                 "actual": 4}],
    )
except ValueError as error:
    print(error)

# %% [markdown]
# ### Exercise 1 (2 marks)
# The Ho Chi Minh City Union of Friendship Organizations (`HCM-UFO`) wants fewer ceremonial
# activities. Write its indicator as an `Indicator` record called `hcm_ceremonial`:
#
# * id `"IND-HCM-CEREMONIAL"`, name "Share of ceremonial activities of the HCMC union",
#   organisation `"HCM-UFO"`;
# * an **outcome**, measured as a **percentage**, unit `"%"`, and — think about it — is a
#   higher share better or worse?
# * baseline: 30 (%) measured on 31 December 2024;
# * one period, the year 2025 (1 January to 31 December), with target 25 and actual 27.
#
# Copy the worked example and change what differs.

# %% solution id=indicator_record
### BEGIN SOLUTION
hcm_ceremonial = Indicator(
    id="IND-HCM-CEREMONIAL",
    name="Share of ceremonial activities of the HCMC union",
    organisation_id="HCM-UFO",
    level="outcome",
    measure="percentage",
    direction="lower_is_better",
    unit="%",
    baseline_value=30,
    baseline_date=date(2024, 12, 31),
    values=[
        {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
         "target": 25, "actual": 27},
    ],
)
### END SOLUTION

# %% mistake id=indicator_record
hcm_ceremonial = Indicator(
    id="IND-HCM-CEREMONIAL",
    name="Share of ceremonial activities of the HCMC union",
    organisation_id="HCM-UFO",
    level="outcome",
    measure="percentage",
    unit="%",
    baseline_value=30,
    baseline_date=date(2024, 12, 31),
    values=[
        {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
         "target": 25, "actual": 27},
    ],
)

# %% tests id=indicator_record_tests points=2
assert isinstance(hcm_ceremonial, Indicator), "hcm_ceremonial should be an Indicator(...) record"
assert hcm_ceremonial.id == "IND-HCM-CEREMONIAL", "use the id IND-HCM-CEREMONIAL"
assert hcm_ceremonial.measure.value == "percentage", "a share is measured as a 'percentage'"
assert hcm_ceremonial.direction.value == "lower_is_better", (
    "the union wants FEWER ceremonial activities: set direction='lower_is_better'"
)
assert len(hcm_ceremonial.values) == 1, "give exactly one period (the year 2025) in values=[...]"
### BEGIN HIDDEN TESTS
#: answer hcm_ceremonial.organisation_id
#: answer hcm_ceremonial.level
#: answer hcm_ceremonial.unit
#: answer hcm_ceremonial.baseline_value
#: answer hcm_ceremonial.baseline_date
#: answer hcm_ceremonial.direction
#: answer [(v.period_start, v.period_end, v.target, v.actual) for v in hcm_ceremonial.values[:1]]
from ppd_core.metrics import attainment_progress as _progress

assert hcm_ceremonial.organisation_id == "HCM-UFO"
assert hcm_ceremonial.level.value == "outcome"
assert hcm_ceremonial.unit == "%"
assert hcm_ceremonial.baseline_value == 30
assert hcm_ceremonial.baseline_date == date(2024, 12, 31)
_v = hcm_ceremonial.values[0]
assert (_v.period_start, _v.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
assert (_v.target, _v.actual) == (25, 27)
assert abs(_progress(_v.actual, _v.target, hcm_ceremonial.baseline_value,
                     hcm_ceremonial.direction.value) - 0.6) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Attainment: how far from the baseline towards the target
#
# "Target 25 %, actual 27 %" — is that good? It depends on where we started and on which
# way is better. `ppd_core.metrics.attainment_progress` measures **progress** as the share
# of the way from the baseline to the target:
#
# progress = (actual − baseline) / (target − baseline)
#
# 1.0 means the target is met, 0.5 half-way, a negative number means we moved *away* from
# the target, and more than 1 means we beat it. The same formula works when lower is better:
# from a baseline of 30 % ceremonial activities to a target of 25 %, an actual of 27 % is
# 3 of the 5 points, progress 0.6. (Without a baseline the way starts at 0 when higher is
# better, so progress is actual / target. When lower is better without a baseline, or when
# the target does not improve on the baseline, there is no way to travel: progress is only
# 1, met, or 0, not met.)

# %%
from ppd_core import metrics

print(metrics.attainment_progress(actual=6, target=7, baseline=5))  # Finnish partners
print(metrics.attainment_progress(actual=27, target=25, baseline=30,
                                  direction="lower_is_better"))

# %% [markdown]
# A **status** turns progress into words with two *thresholds*: by default progress of
# 0.95 or more is *on track*, from 0.75 *at risk*, below that *off track*.
# `metrics.target_attainment` does this for every indicator and period of a dataset. The
# example keeps the indicators of the Hanoi union (`HN-UFO`) in 2024; `.dt.year` takes the
# year of a date column.

# %%
from ppd_core.datasets import load_sample

ds = load_sample()
an = metrics.analysis(ds)
attainment = metrics.target_attainment(an)
hn_2024 = attainment[
    (attainment["organisation_id"] == "HN-UFO")
    & (attainment["period_start"].dt.year == 2024)
]
hn_2024[["indicator_id", "direction", "baseline", "target", "actual", "progress", "status"]]

# %% [markdown]
# Both Hanoi indicators moved away from their targets in 2024 (negative progress). The
# thresholds are a choice of the organisation, not a law of nature. They are given as
# `metrics.Thresholds(on_track=..., at_risk=...)`:

# %%
print(metrics.Thresholds())
strict = metrics.Thresholds(on_track=1.0, at_risk=0.9)
print(strict.status(0.97), "/", metrics.Thresholds().status(0.97))

# %% [markdown]
# ### Exercise 2 (3 marks)
# For the mid-term review of the 2021–2025 strategy, VUFO's leadership looks back at
# **2023**. They count a target as *on track* only when it is fully met (progress 1.0 or
# more) and as *at risk* from 0.8.
#
# 1. Make the attainment table with these thresholds (pass `thresholds=` to
#    `metrics.target_attainment`) and keep only VUFO's indicators (`organisation_id` equal to
#    `"VUFO"`) for periods starting in 2023. Store it in `vufo_2023`.
# 2. Store the number of VUFO's indicators that were on track in 2023 in `n_on_track_2023`.

# %% solution id=attainment_2023
### BEGIN SOLUTION
leadership = metrics.Thresholds(on_track=1.0, at_risk=0.8)
table = metrics.target_attainment(an, thresholds=leadership)
vufo_2023 = table[
    (table["organisation_id"] == "VUFO") & (table["period_start"].dt.year == 2023)
]
n_on_track_2023 = int((vufo_2023["status"] == "on track").sum())
### END SOLUTION

# %% mistake id=attainment_2023
table = metrics.target_attainment(an)
vufo_2023 = table[
    (table["organisation_id"] == "VUFO") & (table["period_start"].dt.year == 2023)
]
n_on_track_2023 = int((vufo_2023["status"] == "on track").sum())

# %% tests id=attainment_2023_tests points=3
assert set(vufo_2023["organisation_id"]) == {"VUFO"}, "keep only the rows of VUFO"
assert set(vufo_2023["period_start"].dt.year) == {2023}, "keep only periods starting in 2023"
assert "status" in vufo_2023.columns, "vufo_2023 should be (part of) the attainment table"
assert 0 <= n_on_track_2023 <= len(vufo_2023), "count rows of vufo_2023 whose status is 'on track'"
### BEGIN HIDDEN TESTS
#: answer sorted(vufo_2023["indicator_id"])
#: answer dict(zip(vufo_2023["indicator_id"], vufo_2023["status"]))
#: answer n_on_track_2023
_t = metrics.target_attainment(load_sample(), thresholds=metrics.Thresholds(1.0, 0.8))
_t = _t[(_t["organisation_id"] == "VUFO") & (_t["period_start"].dt.year == 2023)]
assert sorted(vufo_2023["indicator_id"]) == sorted(_t["indicator_id"])
assert dict(zip(vufo_2023["indicator_id"], vufo_2023["status"])) == dict(
    zip(_t["indicator_id"], _t["status"])
)
assert n_on_track_2023 == int((_t["status"] == "on track").sum())
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Evaluation on the DAC criteria
#
# Indicators say *how much*; an **evaluation** (*đánh giá*) says *how well*. The OECD
# Development Assistance Committee (DAC) uses six criteria, each rated here on a stated
# scale from 1 (unsatisfactory) to 4 (highly satisfactory), with the evidence behind it:
#
# | criterion | Tiếng Việt | question |
# |---|---|---|
# | relevance | tính phù hợp | Did we do the right thing, for partners and for our priorities? |
# | coherence | tính nhất quán | Does it fit with what others in the PPD system do? |
# | effectiveness | tính hiệu quả | Did it reach its objectives? |
# | efficiency | hiệu suất | Were resources used well? |
# | impact | tác động | What difference did it make? |
# | sustainability | tính bền vững | Will the benefits last — is there follow-up? |
#
# `ppd_core.metrics.evaluation` reads the evaluations of a dataset back as tables.
# `summarise_evaluations` gives, per criterion, the number of scores, the mean, the share
# of low scores (1 or 2) and whether the criterion is *weak* (mean below 2.5);
# `weak_criteria` keeps the weak ones, weakest first. Both take `by=[...]` to split by
# `"organisation"`, `"kind"`, `"year"` or `"subject"`.

# %%
from ppd_core.metrics import evaluation as dac

dac.summarise_evaluations(ds).round(2)

# %%
by_org = dac.weak_criteria(ds, by=["organisation"])
by_org[["organisation", "criterion", "n", "mean", "share_low"]].round(2)

# %% [markdown]
# Across the system, *sustainability* is the weak spot: activities are rated well for
# relevance, but little follows them up. The second table shows the weak criteria per
# organisation: the Vietnam–Cuba association's one evaluated delegation is weak almost
# everywhere (but `n` is 1: one evaluation is not a pattern).
#
# ### Exercise 3 (2 marks)
# The Presidium wants to know which criteria were weak in the evaluations **carried out in
# 2024**. Use `dac.weak_criteria` split by `"year"`, keep the rows of 2024, and store the
# names of those criteria in `weak_2024` as a Python list, weakest first (the order
# `weak_criteria` gives). `list(frame["criterion"])` turns a column into a list.

# %% solution id=weak_2024
### BEGIN SOLUTION
weak_by_year = dac.weak_criteria(ds, by=["year"])
weak_2024 = list(weak_by_year[weak_by_year["year"] == 2024]["criterion"])
### END SOLUTION

# %% tests id=weak_2024_tests points=2
assert isinstance(weak_2024, list), "weak_2024 should be a list, e.g. list(frame['criterion'])"
assert len(weak_2024) > 0, "in 2024 at least one criterion was weak"
assert all(isinstance(c, str) for c in weak_2024), "put the criterion names in the list"
### BEGIN HIDDEN TESTS
_w = dac.weak_criteria(load_sample(), by=["year"])
assert weak_2024 == list(_w.loc[_w["year"] == 2024, "criterion"])
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Do the scores match the facts? Consistency checks
#
# A score is only as good as its evidence. `dac.consistency_checks` compares each score with
# what the records show and flags six kinds of doubt:

# %%
for check in dac.CHECKS.values():
    print(check.code, check.summary)

# %% [markdown]
# The worked example records a new evaluation of the Hanoi union's 2025 training course:
# only three criteria are scored and one score has no evidence. `ds.add(record)` returns a
# **new** dataset with the record added (the sample itself does not change). The findings
# about this evaluation are EVAL05 (not all six criteria) and EVAL06 (a score without
# evidence).

# %%
from ppd_core import Evaluation

hn_review = Evaluation(
    id="EV-HN-2025-01",
    subject="activity",
    subject_id="A-2025-HN-COURSE",
    evaluator="Hanoi Union of Friendship Organizations, inspection board",
    date=date(2025, 12, 10),
    scores=[
        {"criterion": "relevance", "score": 4, "evidence": "Requested by three districts."},
        {"criterion": "effectiveness", "score": 3, "evidence": "42 of 45 trainees certified."},
        {"criterion": "sustainability", "score": 2},
    ],
)
ds_hn = ds.add(hn_review)
checks_hn = dac.consistency_checks(ds_hn)
checks_hn[checks_hn["evaluation_id"] == "EV-HN-2025-01"][["code", "criterion", "message"]]

# %% [markdown]
# A second evaluator reviewed the 2024 outbound delegation of the Vietnam–Cuba Friendship
# Association (`A-2024-DEL-CU`) and rated every criterion "satisfactory" (3), with a line of
# evidence each. Here is the record:

# %%
cu_second_opinion = Evaluation(
    id="EV-CU-2025-02",
    subject="activity",
    subject_id="A-2024-DEL-CU",
    evaluator="VUFO Department of Planning",
    date=date(2025, 3, 14),
    scores=[
        {"criterion": criterion, "score": 3, "evidence": "Delegation report, March 2025."}
        for criterion in ["relevance", "coherence", "effectiveness", "efficiency",
                          "impact", "sustainability"]
    ],
)

# %% [markdown]
# ### Exercise 4 (2 marks)
# Add `cu_second_opinion` to the sample dataset `ds`, run the consistency checks on the new
# dataset, and store the **codes** of the findings about evaluation `"EV-CU-2025-02"` in
# `codes_cu`, as a sorted list (for example `["EVAL04", "EVAL06"]`; `sorted(...)` sorts a
# column into a list).

# %% solution id=consistency_codes
### BEGIN SOLUTION
ds_cu = ds.add(cu_second_opinion)
checks_cu = dac.consistency_checks(ds_cu)
codes_cu = sorted(checks_cu[checks_cu["evaluation_id"] == "EV-CU-2025-02"]["code"])
### END SOLUTION

# %% tests id=consistency_codes_tests points=2
assert isinstance(codes_cu, list), "codes_cu should be a list: use sorted(...)"
assert all(c in dac.CHECKS for c in codes_cu), "the codes look like 'EVAL01' ... 'EVAL06'"
assert "EVAL05" not in codes_cu, (
    "EVAL05 is about EV-10 or EV-HN-2025-01, not the new record: keep only EV-CU-2025-02"
)
assert len(codes_cu) > 0, "the checks do flag the new evaluation"
### BEGIN HIDDEN TESTS
_c = dac.consistency_checks(load_sample().add(cu_second_opinion))
assert codes_cu == sorted(_c.loc[_c["evaluation_id"] == "EV-CU-2025-02", "code"])
### END HIDDEN TESTS

# %% [markdown]
# The checks do not say the evaluator is wrong; they say what to verify. Effectiveness rated
# 3 for a delegation that recorded no output, agreement or resources (EVAL01), and
# sustainability rated 3 with no follow-up activity (EVAL03), need either the missing
# records or lower scores. The first evaluation (EV-06) scored the same delegation 1 on both.

# %% [markdown]
# ## 6. Comparing organisations: scorecards and disparity
#
# A *scorecard* (*bảng điểm*) puts organisations side by side on the same measures:
# activities, participants, the share of substantive activities, resources disbursed, new
# partners and the follow-up rate. Each measure is scaled from 0 (the lowest of the
# organisations compared) to 1 (the highest), and the `index` is their weighted mean; rank 1
# is the highest index. The weights say what the leadership values: `metrics.DEFAULT_WEIGHTS`
# counts results (substantive share, resources) twice as much as activity counts.
# `metrics.disparity` then measures how unequal the organisations are: the *Gini coefficient*
# (0 = all equal, towards 1 = one organisation does everything) and the coefficient of
# variation. The example compares the four provincial unions in 2024 with the default weights.

# %%
provinces = ["HN-UFO", "HCM-UFO", "DN-UFO-2025", "QNAM-UFO"]
card_2024 = metrics.scorecard(load_sample(), year=2024, organisations=provinces)
print(metrics.DEFAULT_WEIGHTS)
print(metrics.disparity(card_2024))
card_2024[["organisation", "activities", "share_substantive", "resources_disbursed", "index",
           "rank"]]

# %% [markdown]
# ### Exercise 5 (2 marks)
# The Standing Committee wants to compare the four provincial unions on **results only** in
# **2025**. Make the scorecard with the weights `results_weights` below (a measure left out
# gets no weight) and store it in `card_2025`; store the organisation ranked first in
# `top_union` (its id, as text) and the Gini coefficient of the index in `gini_2025`.

# %%
results_weights = {"share_substantive": 2, "resources_disbursed": 2, "follow_up_rate": 1}

# %% solution id=results_scorecard
### BEGIN SOLUTION
card_2025 = metrics.scorecard(load_sample(), year=2025, organisations=provinces,
                              weights=results_weights)
top_union = str(card_2025.loc[card_2025["rank"] == 1, "organisation"].iloc[0])
gini_2025 = metrics.disparity(card_2025)["gini"]
### END SOLUTION

# %% mistake id=results_scorecard
card_2025 = metrics.scorecard(load_sample(), year=2025, organisations=provinces)
top_union = str(card_2025.loc[card_2025["rank"] == 1, "organisation"].iloc[0])
gini_2025 = metrics.disparity(card_2025)["gini"]

# %% tests id=results_scorecard_tests points=2
assert sorted(card_2025["organisation"]) == sorted(provinces), "compare the four unions"
assert top_union in provinces, "top_union is the id of one of the four unions, e.g. 'HN-UFO'"
assert 0 <= gini_2025 <= 1, "the Gini coefficient is between 0 and 1"
### BEGIN HIDDEN TESTS
#: answer top_union
#: answer gini_2025
_card = metrics.scorecard(load_sample(), year=2025, organisations=provinces,
                          weights={"share_substantive": 2, "resources_disbursed": 2,
                                   "follow_up_rate": 1})
assert top_union == str(_card.loc[_card["rank"] == 1, "organisation"].iloc[0])
assert abs(gini_2025 - metrics.disparity(_card)["gini"]) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer (3 marks)
# A provincial union's draft plan has the objective "**strengthen friendship with
# partners**". Rewrite it as one **SMART indicator** for 2026: give its name (what exactly
# is counted), level, measure and unit, direction, baseline (with its date and where the
# number comes from) and target, and say how it will be verified. Then justify in two to
# four sentences why this indicator, and why this target level, is the right one (which
# SMART letters it satisfies, and what it leaves out). Write in the cell below.

# %% [markdown] manual id=smart_indicator points=3
# *Model answer (graders look for: a countable definition, all record fields, a baseline
# from records, a target argued from the baseline/trend, a note on what is not measured).*
#
# **Indicator** (for the whole system, kept by VUFO): "Foreign partners retained: partners
# active in 2025 (at least one joint activity) that are again active in 2026", an *outcome*,
# measure *unit*, unit "partners", higher is better. **Baseline:** 14 of the 20 partners
# active in 2024 were active again in 2025, a retention rate of 70 %
# (`metrics.partner_dynamics` on our activity records, 31 Dec 2025). **Target 2026:** 23 of
# the 30 partners active in 2025 retained, a retention rate of about 77 %. **Verification:**
# the activity records in the shared partner database; each joint activity must name the
# partner.
#
# "Friendship" itself cannot be counted, but a relationship that continues year after year
# is its most direct measurable sign, so the indicator is relevant and specific (active =
# a recorded joint activity). The target is achievable but asks for effort: seven points
# above 2025's rate, a smaller gain than those of 2023 and 2025 (15 and 20 points), and it is
# time-bound to 2026. It leaves out
# depth (what the activities achieved); I would pair it with the share of substantive
# activities with those partners, so the union is not rewarded for token contacts.
