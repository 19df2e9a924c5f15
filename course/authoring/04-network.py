# %% [markdown]
# # Assignment 4 — The partner network: growth, retention, concentration, country groups
#
# **Estimated time:** 75 minutes  ·  **Marks:** 10 autograded + 4 for your written answer
#
# ## What you will be able to do
# 1. Measure how a network of foreign partners grows and shrinks each year: *new*, *active*,
#    *retained* and *lapsed* partners and the *partner retention rate*
#    (*tỷ lệ duy trì đối tác*), for the whole system and for one organisation.
# 2. List the partners who *lapsed* (*đối tác không còn hoạt động*) in a year, by name.
# 3. Measure *concentration* (*mức độ tập trung*) of resources over partners and over countries
#    with the Herfindahl–Hirschman index (HHI), and say what a high value means.
# 4. Describe the *partner mix* (*cơ cấu đối tác*) by partner type and by *country group*
#    (*nhóm quốc gia*): neighbours, ASEAN, strategic partners — groups whose membership
#    changes over time.
# 5. Read the partner network as a *network graph* (*sơ đồ mạng lưới*): which partners are
#    shared by several organisations, and whose loss would cut organisations off from each other.
# 6. Advise which lapsed partners to contact again, with evidence.
#
# Words in *italics* are explained, with their Vietnamese equivalents, in the course
# [glossary](glossary.md).
#
# As in the earlier assignments: run the grey example cells from the top, write your answers
# where it says `# YOUR CODE HERE`, and run the check cell after each exercise.

# %% [markdown]
# ## 1. Who took part, year by year
#
# A partner is *active* in a year when it took part in at least one activity that started in
# that year. Comparing one year with the year before gives five numbers:
#
# | column | meaning |
# |---|---|
# | `active` | partners active this year |
# | `new` | active this year and never before (*đối tác mới*) |
# | `retained` | active this year **and** last year (*đối tác được duy trì*) |
# | `lapsed` | active last year but **not** this year |
# | `retention_rate` | retained ÷ partners active last year |
#
# `metrics.partner_dynamics` computes them with one definition for everybody.

# %%
from ppd_core import metrics
from ppd_core.datasets import load_sample

ds = load_sample()
an = metrics.analysis(ds)  # prepares the tables once for all measures
dynamics = metrics.partner_dynamics(an)
dynamics.round(2)

# %% [markdown]
# Read 2025: 30 partners were active, 14 of the 20 partners of 2024 came back (retention
# 0.70) and 6 did not. Be careful with **2026**: the sample includes activities that are
# planned but not yet held, so 2026 is an incomplete year and its 20 "lapsed" partners are
# mostly partners whose 2026 activities are not recorded yet. Compare complete years.
#
# The same measure can be split by `organisation` (the lead organisation), `level` (central,
# provincial, grassroots) or `parent`. Here it is by level. To keep the rows that meet
# **two** conditions, write each condition in brackets and join them with `&` ("and").

# %%
by_level = metrics.partner_dynamics(an, ["level"])
provincial_2025 = by_level[(by_level["level"] == "provincial") & (by_level["year"] == 2025)]
provincial_2025

# %% [markdown]
# ### Exercise 1 (2 marks)
# Compute the partner dynamics **by organisation** and store in `hn_retention_2025` the
# retention rate of the Hanoi Union of Friendship Organizations (`"HN-UFO"`) in 2025:
# one number. Keep the row with two conditions as above, then take the `retention_rate`
# value with `["retention_rate"].iloc[0]`.

# %% solution id=hn_retention
by_org = metrics.partner_dynamics(an, ["organisation"])
### BEGIN SOLUTION
hn_row = by_org[(by_org["organisation"] == "HN-UFO") & (by_org["year"] == 2025)]
hn_retention_2025 = hn_row["retention_rate"].iloc[0]
### END SOLUTION

# %% mistake id=hn_retention
by_org = metrics.partner_dynamics(an, ["organisation"])
hn_retention_2025 = dynamics[dynamics["year"] == 2025]["retention_rate"].iloc[0]

# %% tests id=hn_retention_tests points=2
assert 0 <= hn_retention_2025 <= 1, "a retention rate is a share between 0 and 1"
assert round(float(hn_retention_2025), 2) != 0.70, (
    "0.70 is the rate of the whole system; keep only the rows of HN-UFO"
)
### BEGIN HIDDEN TESTS
_d = metrics.partner_dynamics(metrics.analysis(load_sample()), ["organisation"])
_r = _d[(_d["organisation"] == "HN-UFO") & (_d["year"] == 2025)]["retention_rate"].iloc[0]
assert abs(float(hn_retention_2025) - float(_r)) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Which partners lapsed?
#
# `partner_dynamics` counts lapsed partners; to act on them you need their names.
# `metrics.lapsed_partners(an, year)` lists the partners active in the year before but not in
# `year`, with their name, country, how many activities they joined the year before and the
# date of the last one — the most engaged first. Give `organisation="HN-UFO"` to see one
# union's partners (its member associations and clubs included). The example lists 2023.

# %%
lapsed_2023_table = metrics.lapsed_partners(an, 2023)
print(len(lapsed_2023_table), "partners lapsed in 2023")
lapsed_2023_table

# %% [markdown]
# The count agrees with the `lapsed` column of `dynamics` for 2023 (7).
#
# ### Exercise 2 (2 marks)
# Make `lapsed_2025`: the **sorted list of the ids** of the partners that lapsed in 2025
# (active in 2024 but not in 2025). Take the `partner` column of the table and pass it to
# `sorted(...)`.

# %% solution id=lapsed_2025
### BEGIN SOLUTION
lapsed_2025 = sorted(metrics.lapsed_partners(an, 2025)["partner"])
### END SOLUTION

# %% mistake id=lapsed_2025
lapsed_2025 = sorted(metrics.lapsed_partners(an, 2024)["partner"])

# %% tests id=lapsed_2025_tests points=2
assert isinstance(lapsed_2025, list), "use sorted(...) to turn the column into a list"
_n = int(dynamics.loc[dynamics["year"] == 2025, "lapsed"].iloc[0])
assert len(lapsed_2025) == _n, (
    f"partner_dynamics counts {_n} lapsed partners in 2025: ask lapsed_partners for 2025"
)
### BEGIN HIDDEN TESTS
#: answer list(lapsed_2025)
_lp = metrics.lapsed_partners(metrics.analysis(load_sample()), 2025)
assert list(lapsed_2025) == sorted(_lp["partner"])
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Concentration: do we depend on a few partners?
#
# The *Herfindahl–Hirschman index* (HHI) adds up the squares of each party's share. It is
# 1.0 when one party gives everything, and 1 ÷ n when n parties give equal shares. The
# higher it is, the more the work depends on a few partners: losing the top one would hurt.
# `equivalent_parties` (= 1 ÷ HHI) turns it into words: "as concentrated as if we had only
# this many equal partners".

# %%
print("two equal partners:", metrics.hhi([50, 50]))
print("one partner gives 90 %:", round(metrics.hhi([90, 10]), 2))
print("four equal partners:", metrics.hhi([25, 25, 25, 25]))

# %% [markdown]
# `metrics.concentration` measures the HHI of the resources **disbursed** by partners (in
# USD), here by year. `parties` is the number of partners that gave something, `top_share`
# the share of the biggest one. To find the year with the highest HHI, sort the table by
# `hhi` from high to low and take the first row's `year`.

# %%
partner_conc = metrics.concentration(an, ["year"])
print(partner_conc.round(2).to_string(index=False))
top_row = partner_conc.sort_values("hhi", ascending=False).iloc[0]
print("Most concentrated on few partners:", int(top_row["year"]))

# %% [markdown]
# In 2024 half of all disbursed money came from one partner (`top_share` 0.51): the HHI of
# 0.36 is like having fewer than three equal partners.
#
# ### Exercise 3 (2 marks)
# The same question **by country**: concentration can also be measured over the partners'
# countries, with `over="country"`. Store in `most_concentrated_year` the year in which
# disbursed resources were most concentrated on few **countries**.

# %% solution id=country_concentration
### BEGIN SOLUTION
country_conc = metrics.concentration(an, ["year"], over="country")
most_concentrated_year = int(country_conc.sort_values("hhi", ascending=False).iloc[0]["year"])
### END SOLUTION

# %% mistake id=country_concentration
country_conc = metrics.concentration(an, ["year"])
most_concentrated_year = int(country_conc.sort_values("hhi", ascending=False).iloc[0]["year"])

# %% tests id=country_concentration_tests points=2
assert most_concentrated_year in range(2020, 2027), "give a year, e.g. 2023"
### BEGIN HIDDEN TESTS
#: answer int(most_concentrated_year)
_c = metrics.concentration(metrics.analysis(load_sample()), ["year"], over="country")
assert int(most_concentrated_year) == int(_c.sort_values("hhi", ascending=False).iloc[0]["year"])
### END HIDDEN TESTS

# %% [markdown]
# ## 4. The partner mix: types and country groups
#
# `metrics.partner_mix` counts the active partners of each year by a category and gives the
# `share` of the year's active partners. By partner type (the default):

# %%
mix_type = metrics.partner_mix(an)
mix_type[mix_type["year"] == 2025].round(2)

# %% [markdown]
# Planners also ask "how many of our partners come from neighbouring countries, from ASEAN,
# from our strategic partners?". These *country groups* change over time: Japan became a
# comprehensive strategic partner on 27 November 2023. `ppd_core` keeps the groups as **dated
# reference data** (with the date and the source of each change), so a partner is counted in
# the group its country belonged to on the day of the activity.

# %%
from datetime import date

reference = an.reference
for day in (date(2023, 6, 1), date(2024, 6, 1)):
    groups = reference.groups_of("JP", day)
    print(day, "Japan:", [g.label("en") for g in groups])

# %% [markdown]
# With `of="country_group"` the mix is by country group. Groups overlap (a Lao partner is
# both a neighbour and in ASEAN), so the shares of a year can add up to more than 1. The
# example shows the share of partners from neighbouring countries each year.

# %%
mix_group = metrics.partner_mix(an, of="country_group")
mix_group[mix_group["category"] == "neighbour"].round(2)

# %% [markdown]
# ### Exercise 4 (2 marks)
# Store in `csp_share_2025` the **share** of the partners active in 2025 whose country was a
# comprehensive strategic partner (category `"comprehensive_strategic_partner"`), using
# `mix_group`.

# %% solution id=csp_share
### BEGIN SOLUTION
csp_rows = mix_group[
    (mix_group["category"] == "comprehensive_strategic_partner") & (mix_group["year"] == 2025)
]
csp_share_2025 = csp_rows["share"].iloc[0]
### END SOLUTION

# %% tests id=csp_share_tests points=2
assert 0 < csp_share_2025 <= 1, "a share is between 0 and 1: take the `share` column"
### BEGIN HIDDEN TESTS
_m = metrics.partner_mix(metrics.analysis(load_sample()), of="country_group")
_s = _m[(_m["category"] == "comprehensive_strategic_partner") & (_m["year"] == 2025)]
assert abs(float(csp_share_2025) - float(_s["share"].iloc[0])) < 1e-9
### END HIDDEN TESTS

# %% [markdown]
# ## 5. The network as a graph
#
# A shared partner database shows which partners work with **several** organisations of the
# system. `metrics.shared_partners` lists them, most shared first.

# %%
shared = metrics.shared_partners(an)
shared.head(8)

# %% [markdown]
# Think of a map where each organisation and each partner is a dot, and a line joins an
# organisation to a partner when they worked on an activity together. That map is a
# *graph*; `metrics.partner_graph` builds it. Two organisations are *connected* when you can
# walk from one to the other along lines, through the partners they share.

# %%
graph = metrics.partner_graph(an)
print(graph.number_of_nodes(), "dots (organisations and partners)")
print(graph.number_of_edges(), "lines")

# %% [markdown]
# `metrics.critical_partners` ranks partners by what the network would lose without them:
#
# * `degree` — how many organisations work with the partner;
# * `orgs_disconnected` — how many organisations would be **cut off** from the others they
#   reach today if this partner left (they were linked only through it);
# * `betweenness` (*mức độ trung gian*) — how often the partner lies on the shortest path
#   between two dots: a "bridge" of the network.

# %%
critical = metrics.critical_partners(an, top=None)
critical.head(8).round(3)

# %% [markdown]
# ### Exercise 5 (2 marks)
# Make `cutting_partners`: a list of the ids of all partners whose loss would cut off **at
# least one** organisation (`orgs_disconnected` of 1 or more). Use `critical`, keep those
# rows, take the `"partner"` column and turn it into a list with `.tolist()`.

# %% solution id=cutting_partners
### BEGIN SOLUTION
cutting_partners = critical[critical["orgs_disconnected"] >= 1]["partner"].tolist()
### END SOLUTION

# %% tests id=cutting_partners_tests points=2
assert isinstance(cutting_partners, list), "use .tolist() to make a list"
assert "P-KR-001" in cutting_partners, (
    "Korea-Vietnam Hope Bridge (P-KR-001) cuts off two organisations: it belongs in the list"
)
### BEGIN HIDDEN TESTS
#: answer sorted(cutting_partners)
_k = metrics.critical_partners(metrics.analysis(load_sample()), top=None)
assert sorted(cutting_partners) == sorted(_k[_k["orgs_disconnected"] >= 1]["partner"].tolist())
### END HIDDEN TESTS

# %% [markdown]
# ## 6. Which lapsed partners should we contact again?
#
# The cell below puts together what we know about the partners that lapsed in 2025: who
# they are, the years they were active, how many organisations of the system worked with
# them, the resources they disbursed (USD, all years), whether their loss would cut an
# organisation off (`bridge`), and their country's groups at the end of 2025. It works out
# the lapsed partners and the bridges itself, as exercises 2 and 5 do, so that it runs even
# before you finish them: its list should be your `lapsed_2025`.

# %%
lapsed_ids = metrics.lapsed_partners(an, 2025)["partner"].tolist()
bridges = critical.loc[critical["orgs_disconnected"] >= 1, "partner"].tolist()
partners = ds.to_frames()["partners"].set_index("id")
flows = metrics.resources_mobilised(an, ["partner"])
disbursed = flows[flows["stage"] == "disbursed"].groupby("partner", observed=True)["amount"].sum()
profile = partners.loc[lapsed_ids, ["name", "country", "type"]]
per_partner = metrics.volume(an, ["partner", "year"])
profile["years_active"] = [
    sorted(int(y) for y in per_partner[per_partner["partner"] == p]["year"]) for p in lapsed_ids
]
organisations = shared.set_index("partner")["organisations"]
profile["organisations"] = organisations.reindex(lapsed_ids).fillna(1).astype(int)
profile["disbursed_usd"] = disbursed.reindex(lapsed_ids).fillna(0).round()
profile["bridge"] = [p in bridges for p in lapsed_ids]
profile["country_groups"] = [
    ", ".join(sorted(g.value for g in reference.groups_of(c, date(2025, 12, 31))))
    for c in profile["country"]
]
profile

# %% [markdown]
# ### Written answer (4 marks)
# Your union can afford to invest real effort in re-engaging **two or three** of the partners
# that lapsed in 2025. Which would you choose, and why? Base your choice on the evidence in
# the table above (history, sharing across the system, resources, bridge role, country
# group) and say what you would **not** do for the others. Write four to six sentences in
# the cell below.

# %% [markdown] manual id=reengage_partners points=4
# *Model answer (graders look for: two or three named partners, each with evidence from the
# table; a reason tied to priorities or to the network; a light-touch plan for the others).*
# First, Kansai Medical Volunteers for Asia (P-JP-002): it worked with us every year from 2021
# to 2024, with six organisations of the system, disbursed about USD 123,000, and it is a bridge
# whose loss cuts an organisation off; Japan has been a comprehensive strategic partner since
# November 2023, so its absence in 2025 is a loss to repair quickly, through the organisation
# that knew it best. Second, the Association of Vietnamese in Udon Thani (P-TH-002): active in
# 2023 and 2024, with two organisations and some resources; Thailand is in ASEAN and became a
# comprehensive strategic partner in May 2025, a good moment to renew the tie. Third, the
# Nusantara Centre (P-ID-001), a research partner from Indonesia (ASEAN, comprehensive strategic
# partner since March 2025) that worked with two organisations. The Singapore business and the
# individual friend worked with one organisation only and brought no resources, and the
# Mozambican association is a traditional friend without resources: I would keep them informed
# (newsletter, invitations to anniversaries) but not plan dedicated activities for them. Before
# acting I would check the 2026 plans: a partner may simply have skipped one year.
