# %% [markdown]
# # Assignment 1 — Orientation: notebooks, Python and tables of PPD data
#
# **Estimated time:** 60 minutes  ·  **Marks:** 6 autograded + 3 for your written answer
#
# ## What you will be able to do
# 1. Run the cells of a notebook and read what they print.
# 2. Load the course's sample data: the activities, partners and plans of a small PPD system
#    (the Union of Friendship Organizations, friendship associations and provincial unions).
# 3. Look at one table (*bảng*) of that data and count rows that meet a condition.
# 4. Use a ready-made *measure* (*chỉ số đo lường*) from `ppd_core` instead of counting by hand.
#
# ## How assignments work
# * Grey cells with code are **worked examples**. Click one and press **Shift + Enter** to run it.
#   Run them from the top: later cells use what earlier cells made.
# * A cell that says `# YOUR CODE HERE` is an **exercise**. Delete the line
#   `raise NotImplementedError()` and write your answer there.
# * The cell after each exercise **checks** your answer. If it runs without an error, the
#   visible checks pass. More checks run when your instructor grades, so make your answer
#   right, not just good enough for the visible checks.
# * Before you submit, use **Validate** in the notebook toolbar: it runs everything for you.
#
# Words in *italics* are in the course [glossary](glossary.md) with their Vietnamese
# equivalents; it opens in a new tab of JupyterLab.

# %% [markdown]
# ## 1. Running a cell
#
# Python works like a calculator that remembers. The cell below stores a number under a name
# (a *variable*) and prints a sentence with it. Run it.

# %%
activities_planned = 12
print("This year the union plans", activities_planned, "activities.")

# %% [markdown]
# ## 2. The sample data
#
# `ppd_core` comes with a sample of a PPD system's records for 2021–2026. `load_sample()` loads
# it as a *dataset*: a set of tables that belong together. `counts()` tells how many records
# each table holds.

# %%
from ppd_core.datasets import load_sample

ds = load_sample()
ds.counts()

# %% [markdown]
# One record can be read like a form. Here is the activity with the identifier
# `A-2025-CCER-REVIEW`: the conference that reviewed people's diplomacy work in 2024.

# %%
review = ds.activities.get("A-2025-CCER-REVIEW")
print(review.title)
print("Kind:", review.kind.label("en"), "/", review.kind.label("vi"))
print("Held on", review.actual_start, "with", review.participants.total, "participants")

# %% [markdown]
# ### Exercise 1 (2 marks)
# Store the **number of foreign partners** in the sample in a variable called `n_partners`.
# Use `ds.counts()` the way the example above does; the table is called `"partners"`.
# Square brackets pick one entry: `ds.counts()["activities"]` is the number of activities.

# %% solution id=count_partners
### BEGIN SOLUTION
n_partners = ds.counts()["partners"]
### END SOLUTION

# %% tests id=count_partners_tests points=2
assert isinstance(n_partners, int), "n_partners should be a whole number"
assert n_partners > 0, "the sample has partners: n_partners should be more than 0"
### BEGIN HIDDEN TESTS
assert n_partners == len(ds.partners)
### END HIDDEN TESTS

# %% [markdown]
# ## 3. A table of activities
#
# `to_frames()` turns the dataset into *tables* (pandas "data frames"), one per kind of
# record. Each row of the `activities` table is one activity; each column one field.
# `head()` shows the first rows.

# %%
frames = ds.to_frames()
activities = frames["activities"]
activities[["id", "lead_organisation_id", "kind", "actual_start", "participants_total"]].head()

# %% [markdown]
# To keep only some rows, write a condition in square brackets. The example keeps the
# activities led by the Ho Chi Minh City Union of Friendship Organizations (`HCM-UFO`) and
# counts them with `len`.

# %%
hcm = activities[activities["lead_organisation_id"] == "HCM-UFO"]
print(len(hcm), "activities were led by HCM-UFO")

# %% [markdown]
# ### Exercise 2 (2 marks)
# How many activities in the table are **training workshops** (the `kind` column holds the
# code `"training_workshop"`)? Store the number in `n_training`.

# %% solution id=count_training
### BEGIN SOLUTION
n_training = len(activities[activities["kind"] == "training_workshop"])
### END SOLUTION

# %% mistake id=count_training
n_training = len(activities[activities["kind"] == "Training workshop"])

# %% tests id=count_training_tests points=2
import numbers

assert isinstance(n_training, numbers.Integral), "n_training should be a whole number of rows"
assert 0 < n_training < len(activities), "count only the training workshops"
### BEGIN HIDDEN TESTS
assert n_training == int((ds.to_frames()["activities"]["kind"] == "training_workshop").sum())
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Measures instead of counting by hand
#
# Counting rows works, but the same question asked by two people can give two answers
# (do cancelled activities count? which date decides the year?). `ppd_core.metrics` holds
# the measures every organisation uses, with one definition each. `volume` counts activities
# and participants by any grouping; here by year.

# %%
from ppd_core import metrics

an = metrics.analysis(ds)  # prepares the tables once for all measures
by_year = metrics.volume(an, ["year"])
by_year[["year", "activities", "participants"]]

# %% [markdown]
# ### Exercise 3 (2 marks)
# Using `by_year`, find the **number of participants in 2025** and store it in
# `participants_2025`. Keep the row of 2025 with a condition, as in section 3, then take its
# `participants` value with `.iloc[0]`.

# %% solution id=participants_2025
### BEGIN SOLUTION
participants_2025 = by_year[by_year["year"] == 2025]["participants"].iloc[0]
### END SOLUTION

# %% mistake id=participants_2025
participants_2025 = by_year[by_year["year"] == 2024]["participants"].iloc[0]

# %% tests id=participants_2025_tests points=2
assert participants_2025 > 0, "2025 had participants"
### BEGIN HIDDEN TESTS
_v = metrics.volume(metrics.analysis(load_sample()), ["year"])
assert participants_2025 == _v.loc[_v["year"] == 2025, "participants"].iloc[0]
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer (3 marks)
# Your union's leader asks for "one number that shows how our people's diplomacy work went in
# 2025". Looking at the table `by_year`, which number would you give, and what would you add
# so that the number is not misread? Answer in three to five sentences in the cell below.

# %% [markdown] manual id=orientation_reflection points=3
# *Model answer (graders look for: a named figure, what it counts and leaves out, a comparison).*
# I would give the 44 activities of 2025, eight more than in 2024, and say at once that it
# counts events, not results. Participants (about 11,100) rose much more than activities
# because of a few large events, so I would not use participants alone. I would add the share
# of activities that were substantive (with an agreement, resources, a measurable output or
# a follow-up) so the
# leader sees whether the extra activities produced anything.
