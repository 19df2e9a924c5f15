# %% [markdown]
# # Assignment 5 — Substantive or ceremonial? Evidence, resources mobilised and leverage
#
# **Estimated time:** 75 minutes  ·  **Marks:** 10 autograded + 4 for your written answer
#
# ## What you will be able to do
# 1. Explain how `ppd_core` classifies each activity as *substantive* (*thực chất, hiệu quả*)
#    or *ceremonial* (*mang tính nghi lễ, hình thức*) by *evidence* (*minh chứng*), and read
#    the reason given for each activity.
# 2. Change the rule of evidence your organisation accepts, and see how the share of
#    substantive activities changes.
# 3. Measure the *follow-up rate* (*tỷ lệ hoạt động có hoạt động tiếp nối*): how often an
#    activity leads to a later one with the same partner.
# 4. Measure *resources mobilised* (*nguồn lực vận động được*) by stage — *pledged*
#    (*cam kết sơ bộ*), *committed* (*cam kết chính thức*), *disbursed* (*đã giải ngân*) —
#    and by form (cash or in kind), converted to one currency at each flow's date.
# 5. Compute conversion and fulfilment rates and *leverage* (*hệ số đòn bẩy*), and judge
#    when a leverage figure can be trusted.
# 6. Advise a provincial union how to turn a ceremonial activity into a substantive one.
#
# Words in *italics* are explained, with their Vietnamese equivalents, in the course
# [glossary](glossary.md).
#
# As before: run the grey example cells from the top, write your answers where it says
# `# YOUR CODE HERE`, and run the check cell after each exercise.

# %% [markdown]
# ## 1. Deciding by evidence, not by opinion
#
# The PPD system wants to "reduce ceremonial and formalistic activities". To measure that,
# each activity needs the same test. By default `ppd_core` calls an activity **substantive**
# when at least one kind of evidence is recorded for it:
#
# | evidence | column | recorded as |
# |---|---|---|
# | an agreement was signed | `agreement` | output `agreements_signed` > 0 |
# | resources were mobilised | `resources` | a resource flow at stage *committed* or later |
# | another measurable output | `output` | trainees trained, media items, beneficiaries … |
# | a follow-up | `follow_up` | a later activity names it in `follow_up_of`, within 12 months |
#
# With **no** evidence the activity is **ceremonial**. `metrics.classify_activities` gives one
# row per activity with the four flags, the result and the **reason** in words.

# %%
import pandas as pd

from ppd_core import metrics
from ppd_core.datasets import load_sample

pd.set_option("display.max_colwidth", 100)

ds = load_sample()
an = metrics.analysis(ds)  # prepares the tables once for all measures
evidence = metrics.classify_activities(an)
evidence[evidence["activity_id"].isin(["A-2021-002", "A-2021-003", "A-2021-004"])]

# %% [markdown]
# The most frequent reasons across all 190 activities:

# %%
evidence["reason"].value_counts().head(5)

# %% [markdown]
# The flags are `True` or `False`, so you can count rows with a condition, as in
# Assignment 1. Here: how many activities signed an agreement?

# %%
n_agreement = len(evidence[evidence["agreement"] == True])  # noqa: E712
print(n_agreement, "activities signed at least one agreement")

# %% [markdown]
# ### Exercise 1 (2 marks)
# Store in `n_ceremonial` the number of activities classified as **ceremonial** (the column
# `substantive` is `False`).

# %% solution id=n_ceremonial
### BEGIN SOLUTION
n_ceremonial = len(evidence[evidence["substantive"] == False])  # noqa: E712
### END SOLUTION

# %% mistake id=n_ceremonial
n_ceremonial = len(evidence[evidence["substantive"] == True])  # noqa: E712

# %% tests id=n_ceremonial_tests points=2
import numbers

assert isinstance(n_ceremonial, numbers.Integral), "n_ceremonial should be a whole number of rows"
assert 0 < n_ceremonial < len(evidence), "count only the ceremonial activities"
assert n_ceremonial < len(evidence) / 2, (
    "most activities of the sample are substantive: count the rows where `substantive` is False"
)
### BEGIN HIDDEN TESTS
_e = metrics.classify_activities(metrics.analysis(load_sample()))
assert n_ceremonial == int((~_e["substantive"]).sum())
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Shares by group, and a stricter rule
#
# `metrics.substantive_share` gives the share of substantive activities for any grouping.
# By kind of activity, the least substantive kinds come first:

# %%
by_kind = metrics.substantive_share(an, ["kind"]).sort_values("share_substantive")
by_kind[["kind", "activities", "share_substantive"]].head(5).round(2)

# %% [markdown]
# The rule is **configurable**: an organisation may decide that some evidence is too weak.
# A `SubstantiveRule` says which evidence counts. The example below is a strict rule: other
# outputs do not count (`output=False`), resources count only once **disbursed**, and a
# follow-up must come within 6 months. Pass the rule as `rule=...` to any of these measures.

# %%
from ppd_core.metrics import SubstantiveRule
from ppd_core.vocab import FlowStage

strict = SubstantiveRule(output=False, resources_stage=FlowStage.DISBURSED, follow_up_months=6)
default_by_year = metrics.substantive_share(an, ["year"])
strict_by_year = metrics.substantive_share(an, ["year"], rule=strict)
print("default rule:", default_by_year["share_substantive"].round(2).tolist())
print("strict rule: ", strict_by_year["share_substantive"].round(2).tolist())

# %% [markdown]
# The same activities, two rules, very different pictures: always say which rule a share
# uses.
#
# ### Exercise 2 (2 marks)
# Your union's leadership decides that media items, trainees and other outputs **alone** are
# not enough: only an agreement, resources (committed or later, as by default) or a follow-up
# count. Build that rule (only `output=False`; keep the other defaults) and store in
# `share_2025_no_output` the share of substantive activities in **2025** under it.

# %% solution id=share_no_output
### BEGIN SOLUTION
no_output = SubstantiveRule(output=False)
shares_no_output = metrics.substantive_share(an, ["year"], rule=no_output)
share_2025_no_output = shares_no_output[shares_no_output["year"] == 2025][
    "share_substantive"
].iloc[0]
### END SOLUTION

# %% mistake id=share_no_output
no_output = SubstantiveRule(output=False)
shares_no_output = metrics.substantive_share(an, ["year"])
share_2025_no_output = shares_no_output[shares_no_output["year"] == 2025][
    "share_substantive"
].iloc[0]

# %% tests id=share_no_output_tests points=2
assert 0 <= share_2025_no_output <= 1, "a share is between 0 and 1"
_default_2025 = default_by_year.loc[default_by_year["year"] == 2025, "share_substantive"].iloc[0]
assert share_2025_no_output < _default_2025, (
    "switching off one kind of evidence lowers the share: did you pass rule=... to the measure?"
)
### BEGIN HIDDEN TESTS
_s = metrics.substantive_share(
    metrics.analysis(load_sample()), ["year"], rule=SubstantiveRule(output=False)
)
_x = _s.loc[_s["year"] == 2025, "share_substantive"].iloc[0]
assert abs(float(share_2025_no_output) - float(_x)) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Do activities lead somewhere? The follow-up rate
#
# "Mechanisms to follow up on and build upon results": an activity is **followed up** when a
# later activity names it in its `follow_up_of` field, starts after it ended, and involves
# at least one of the same partners. `metrics.follow_up_rate` gives the share of activities
# followed up, by any grouping.

# %%
metrics.follow_up_rate(an, ["year"]).round(2)

# %% [markdown]
# Two cautions when you read this table:
#
# * recent years look worse because their follow-ups have not happened yet (2025's
#   activities can still be followed up in 2026);
# * this measure asks for a shared partner and has no time limit, while the `follow_up`
#   evidence of section 1 has no partner condition but a 12-month limit. The two counts
#   differ (12 activities followed up here, 22 with follow-up evidence): they answer
#   different questions.
#
# ### Exercise 3 (2 marks)
# Store in `provincial_follow_up` the follow-up rate of the activities led by
# **provincial** organisations (group by `"level"`; all years together).

# %% solution id=provincial_follow_up
### BEGIN SOLUTION
by_level = metrics.follow_up_rate(an, ["level"])
provincial_follow_up = by_level[by_level["level"] == "provincial"]["follow_up_rate"].iloc[0]
### END SOLUTION

# %% tests id=provincial_follow_up_tests points=2
assert 0 <= provincial_follow_up <= 1, "a rate is a share between 0 and 1"
### BEGIN HIDDEN TESTS
_f = metrics.follow_up_rate(metrics.analysis(load_sample()), ["level"])
_x = _f.loc[_f["level"] == "provincial", "follow_up_rate"].iloc[0]
assert abs(float(provincial_follow_up) - float(_x)) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Resources mobilised: stages, forms, one currency
#
# A resource flow from a partner goes through stages: **pledged** (a promise), **committed**
# (a signed, formal commitment), **disbursed** (money or goods actually received). It is
# **cash** or **in kind** (goods such as school kits or blankets). Partners pay in their own
# currencies (USD, KRW, JPY, GBP …), so to add flows up each is converted at the **annual
# average rate** of the year of its own date, from the library's reference exchange rates:

# %%
reference = an.reference
print("1 GBP in 2021 =", reference.rate("GBP", "USD", 2021), "USD")
print("1 USD in 2023 =", reference.rate("USD", "VND", 2023), "VND")

# %% [markdown]
# `metrics.resources_mobilised` does the conversion for every flow and returns one row per
# group, stage and form, with the `amount` in the currency you ask for (USD by default).
# `pivot_table` lays it out as a year × stage table, adding cash and in kind together.

# %%
flows_usd = metrics.resources_mobilised(an, ["year"], currency="USD")
flows_usd.pivot_table(index="year", columns="stage", values="amount", aggfunc="sum").round(-3)

# %% [markdown]
# With `["year"]` each flow counts in the year of **its own date**: a pledge of November 2020
# for a 2021 project is in 2020. The example below picks the amount disbursed in 2022 in kind.

# %%
rows = flows_usd[
    (flows_usd["year"] == 2022)
    & (flows_usd["stage"] == "disbursed")
    & (flows_usd["form"] == "in_kind")
]
in_kind_2022 = rows["amount"].sum()
print(f"Disbursed in kind in 2022: USD {in_kind_2022:,.0f}")

# %% [markdown]
# ### Exercise 4 (2 marks)
# The provincial finance office asks for figures in Vietnamese đồng. Store in
# `disbursed_2024_vnd` the total amount **disbursed** in **2024**, cash and in kind
# together, converted to **VND** (`currency="VND"`).

# %% solution id=disbursed_vnd
### BEGIN SOLUTION
flows_vnd = metrics.resources_mobilised(an, ["year"], currency="VND")
disbursed_2024_vnd = flows_vnd[(flows_vnd["year"] == 2024) & (flows_vnd["stage"] == "disbursed")][
    "amount"
].sum()
### END SOLUTION

# %% mistake id=disbursed_vnd
flows_vnd = metrics.resources_mobilised(an, ["year"], currency="VND")
cash = flows_vnd[
    (flows_vnd["year"] == 2024) & (flows_vnd["stage"] == "disbursed") & (flows_vnd["form"] == "cash")
]
disbursed_2024_vnd = cash["amount"].sum()

# %% tests id=disbursed_vnd_tests points=2
assert disbursed_2024_vnd > 1e9, (
    "amounts in VND run into billions of đồng: did you ask for currency='VND'?"
)
### BEGIN HIDDEN TESTS
_r = metrics.resources_mobilised(metrics.analysis(load_sample()), ["year"], currency="VND")
_x = _r[(_r["year"] == 2024) & (_r["stage"] == "disbursed")]["amount"].sum()
assert abs(float(disbursed_2024_vnd) - float(_x)) < 1
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Rates and leverage
#
# `metrics.resource_rates` turns the stages into rates:
#
# | column | formula | question it answers |
# |---|---|---|
# | `conversion_rate` | committed ÷ pledged | do promises become formal commitments? |
# | `fulfilment_rate` | disbursed ÷ pledged | do promises arrive? |
# | `median_days_to_disbursement` | from the first pledge to the first disbursement | how long do we wait? |
# | `own_cost` | the activities' own cost, converted | what did we spend? |
# | `leverage` | disbursed ÷ own cost | how many đồng came in per đồng we spent |

# %%
rates = metrics.resource_rates(an)
rates.T.round(2)

# %% [markdown]
# Things to know before you quote these numbers:
#
# * grouped by year, `resource_rates` puts each flow in the year its **activity started**
#   (`dated_by="activity"`), while `resources_mobilised` uses the **flow's date** — so the
#   same year can show different totals in the two tables;
# * goods given in kind are often disbursed without a pledge first, so a fulfilment rate can
#   be above 1;
# * a leverage figure is only as good as its cost: an organisation that spent very little
#   gets a huge leverage from one gift.
#
# By year:

# %%
rates_by_year = metrics.resource_rates(an, ["year"])
rates_by_year[["year", "pledged", "disbursed", "fulfilment_rate", "own_cost", "leverage"]].round(2)

# %% [markdown]
# ### Exercise 5 (2 marks)
# Compute the rates by `"organisation"`. Among the organisations whose **own cost** was at
# least USD 50,000 (so that the ratio means something), which one has the **highest
# leverage**? Store its id (for example `"VUFO"`) in `best_leverage_org`. Keep the rows with
# a condition, sort by `leverage` from high to low, and take the first row's
# `organisation`.

# %% solution id=best_leverage
rates_by_org = metrics.resource_rates(an, ["organisation"])
### BEGIN SOLUTION
big_enough = rates_by_org[rates_by_org["own_cost"] >= 50_000]
best_leverage_org = big_enough.sort_values("leverage", ascending=False).iloc[0]["organisation"]
### END SOLUTION

# %% mistake id=best_leverage
rates_by_org = metrics.resource_rates(an, ["organisation"])
best_leverage_org = rates_by_org.sort_values("leverage", ascending=False).iloc[0]["organisation"]

# %% tests id=best_leverage_tests points=2
assert isinstance(best_leverage_org, str), "give the organisation's id as text, e.g. 'VUFO'"
_cost = rates_by_org.set_index("organisation")["own_cost"]
assert best_leverage_org in _cost.index, "give an id from the `organisation` column"
assert _cost[best_leverage_org] >= 50_000, (
    f"{best_leverage_org} spent less than USD 50,000: keep only the organisations whose "
    "own_cost is at least 50,000 before sorting"
)
### BEGIN HIDDEN TESTS
#: answer best_leverage_org
_o = metrics.resource_rates(metrics.analysis(load_sample()), ["organisation"])
_o = _o[_o["own_cost"] >= 50_000].sort_values("leverage", ascending=False)
assert best_leverage_org == str(_o.iloc[0]["organisation"])
### END HIDDEN TESTS

# %% [markdown]
# ## 6. A ceremonial activity, seen closely
#
# In October 2025 the Da Nang Union of Friendship Organizations (`DN-UFO-2025`, the union as
# re-established after the 2025 merger) held a photo exhibition on Viet Nam–Korea
# friendship with the Korea-Vietnam Hope Bridge (`P-KR-001`). The record:

# %%
exhibition = ds.activities.get("A-2025-027")
print(exhibition.title)
print("Lead:", exhibition.lead_organisation_id, "· co-organiser:", exhibition.co_organiser_ids)
print("Partner:", [link.partner_id for link in exhibition.partners])
people = exhibition.participants
print("Participants:", people.total, "of whom foreign:", people.foreign)
print("Own cost:", exhibition.cost.amount, exhibition.cost.currency)
print("Outputs recorded:", exhibition.outputs, "· resource flows:", exhibition.resource_flows)
activities = ds.to_frames()["activities"]
followers = activities[activities["follow_up_of"] == "A-2025-027"]["id"].tolist()
print("Later activities that follow it up:", followers)
evidence[evidence["activity_id"] == "A-2025-027"]

# %% [markdown]
# The same partner's other work with Da Nang and with the system:

# %%
links = ds.to_frames()["activity_partners"]
with_hope_bridge = links[links["partner_id"] == "P-KR-001"]["activity_id"]
activities[activities["id"].isin(with_hope_bridge)][
    ["id", "title", "lead_organisation_id", "kind", "actual_start"]
]

# %% [markdown]
# ### Written answer (4 marks)
# The Da Nang union asks you: "Our photo exhibition drew almost 1,200 people, yet the data
# calls it ceremonial. What should we do, concretely, so that this kind of activity counts as
# substantive next time?" Give three or four concrete steps, each tied to one kind of evidence
# the classification looks for, and say what must be **recorded** for each. Add one warning
# about what would *not* be a real improvement. Write five to eight sentences.

# %% [markdown] manual id=ceremonial_to_substantive points=4
# *Model answer (graders look for: steps tied to the four kinds of evidence, what to record for
# each, a realistic link to the partner, and a warning against box-ticking).*
# The exhibition is ceremonial because nothing after it was recorded: no output, no agreement,
# no resources, no follow-up; the 1,178 visitors are participation, not a result. First, plan a
# follow-up with Hope Bridge within 12 months, for example a youth exchange or a joint
# humanitarian project building on its 2025 medical supplies for Da Nang, and record it with
# `follow_up_of = A-2025-027` so the link is counted. Second, use the exhibition to sign
# something concrete, such as a memorandum of cooperation with Hope Bridge or a Korean
# locality, and record `agreements_signed`. Third, ask the partner for a formal commitment
# (not only a pledge) to fund the next activity and record the flow with its stage, amount,
# currency and date; only committed or disbursed resources count. Fourth, record measurable
# outputs that really exist (press articles as media items, a travelling exhibition for
# schools with the number of pupils reached). The warning: recording a few media items makes
# the activity "substantive" under the default rule, but a stricter rule (output=False)
# would still call it ceremonial; the aim is a lasting result with the partner, not a
# changed label.
