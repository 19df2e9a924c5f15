# %% [markdown]
# # Assignment 8 — Communicating results: charts, the annual review and a narrative for leaders
#
# **Estimated time:** 75 minutes  ·  **Marks:** 7 autograded + 4 for your written answer
#
# ## What you will be able to do
# 1. Draw the *standard charts* (*biểu đồ chuẩn*) of `ppd_core.plots` in English or in
#    Vietnamese (`lang="vi"`), and save a chart to a file for a report or a slide.
# 2. Choose the chart that carries a given message to leaders.
# 3. Produce the *annual review* (*báo cáo tổng kết năm*) of an organisation with
#    `ppd_core.reporting.annual_review`: read its sections, take a *headline figure*
#    (*số liệu chính*) and its change on the previous year, and list its *findings*
#    (*điểm nổi bật và hạn chế*).
# 4. Write the review to HTML and Markdown files that can be e-mailed or printed.
# 5. Turn the review into a short *narrative* (*báo cáo tóm tắt bằng lời*) for provincial leaders.
#
# Words in *italics* are explained, with their Vietnamese equivalents, in the course
# [glossary](glossary.md).
#
# As in the earlier assignments: run the grey example cells from the top, write your answers
# where it says `# YOUR CODE HERE`, and run the check cell after each exercise.

# %% [markdown]
# ## 1. One measure, one chart
#
# Every measure of `ppd_core.metrics` has a ready-made chart in `ppd_core.plots`. A chart
# takes the table the measure returns and gives back a figure, with every title, label and
# number in the language you ask for: `lang="en"` (the default) or `lang="vi"`.
# `plots.save(chart, "file.png")` writes it to a file (`.png` for slides and Word, `.svg` for
# printing); folders that do not exist yet are created.
#
# The example draws the *substantive* (*thực chất*) and *ceremonial* (*mang tính nghi lễ*)
# share of the whole system's activities, in Vietnamese. The sample also holds the activities
# planned for 2026; a chart of results should stop at the last finished year, so the example
# keeps the years 2021 to 2025 with `isin(range(2021, 2026))` (the last number is left out).

# %%
from IPython.display import Image

from ppd_core import metrics, plots
from ppd_core.datasets import load_sample

ds = load_sample()
an = metrics.analysis(ds)

shares = metrics.substantive_share(an, ["year"])
shares = shares[shares["year"].isin(range(2021, 2026))]  # finished years only
chart = plots.substantive_trend(shares, lang="vi")
print(chart.texts[0].get_text())  # the chart's title
plots.save(chart, "output/substantive-vi.png")
Image(filename="output/substantive-vi.png", width=720)

# %% [markdown]
# ### Which chart for which message?
#
# Leaders remember one message per chart. Start from the question they ask, then pick the
# chart that answers it:
#
# | the leaders' question | measure (`metrics.`) | chart (`plots.`) |
# |---|---|---|
# | Are we doing more, and reaching more people? | `volume(an, ["year"])` | `activity_trend` |
# | Do our activities produce results, or are they ceremonies? | `substantive_share(an, ["year"])` | `substantive_trend` |
# | How much did partners pledge, and how much really arrived? | `resources_mobilised(an, ["year"])` | `resources_by_stage` |
# | Are we keeping our partners and winning new ones? | `partner_dynamics(an)` | `partner_dynamics_chart` |
# | Do we depend on a few partners? | `concentration(an, ["year"])` | `concentration_chart` |
# | Did we reach the plan's targets? | `target_attainment(an)` | `attainment_chart` |
#
# A good chart for leaders has one message, a title that says what and when, and no more
# years than the message needs. Do not draw every chart: two or three well-chosen ones say
# more than nine.

# %% [markdown]
# ### Exercise 1 (2 marks)
# The Presidium asks: "Are we keeping our foreign partners, and do we win new ones?"
# Use the table above to choose the measure and its chart, and:
# 1. compute the measure for the whole system (`an`) and keep the years 2021 to 2025;
# 2. draw its chart **in Vietnamese** and store it in `partner_chart`;
# 3. save it as `output/partners-vi.png` and store what `plots.save` returns in `partners_file`.

# %% solution id=partner_chart
### BEGIN SOLUTION
dynamics = metrics.partner_dynamics(an)
dynamics = dynamics[dynamics["year"].isin(range(2021, 2026))]
partner_chart = plots.partner_dynamics_chart(dynamics, lang="vi")
partners_file = plots.save(partner_chart, "output/partners-vi.png")
### END SOLUTION
Image(filename="output/partners-vi.png", width=720)

# %% mistake id=partner_chart
dynamics = metrics.partner_dynamics(an)
dynamics = dynamics[dynamics["year"].isin(range(2021, 2026))]
partner_chart = plots.partner_dynamics_chart(dynamics)
partners_file = plots.save(partner_chart, "output/partners-vi.png")

# %% tests id=partner_chart_tests points=2
from pathlib import Path

assert Path("output/partners-vi.png").exists(), "save the chart as output/partners-vi.png"
assert partner_chart.texts, "partner_chart should be a chart from ppd_core.plots"
_title = partner_chart.texts[0].get_text()
assert "2021–2025" in _title, f"keep the years 2021 to 2025 only; the title says: {_title}"
assert "Partners" not in _title, "draw the chart in Vietnamese: add lang=\"vi\""
### BEGIN HIDDEN TESTS
#: answer partner_chart.texts[0].get_text()
#: answer Path(partners_file).resolve() == Path("output/partners-vi.png").resolve()
_d = metrics.partner_dynamics(an)
_expected = plots.partner_dynamics_chart(_d[_d["year"].isin(range(2021, 2026))], lang="vi")
assert _title == _expected.texts[0].get_text()
assert Path(partners_file).resolve() == Path("output/partners-vi.png").resolve()
del _d, _expected
### END HIDDEN TESTS

# %% [markdown]
# ## 2. The annual review
#
# Each year every organisation holds its *annual review conference* (*hội nghị tổng kết công
# tác năm*): the results of year N, and the orientations for year N + 1. `annual_review` prepares
# the document for it from the data, for one organisation **and all its members** (a provincial
# union with its friendship associations and clubs), in five sections:
#
# | id | section |
# |---|---|
# | `headline` | the headline numbers of the year against the year before |
# | `targets` | the results against the work plan's *targets* (*chỉ tiêu*) |
# | `measures` | the year's measures and the nine standard charts |
# | `findings` | highlights and shortfalls found in the data |
# | `plan` | (optional) proposed targets and activities for the next year |
#
# The example builds the review of the Hanoi Union of Friendship Organizations (`HN-UFO`,
# short name HAUFO) for 2025. It draws all nine charts, so it takes a few seconds: build it
# **once** and reuse `review`. `plan_next=False` leaves the next year's plan out (assignment 9
# builds a plan step by step). `lang="vi"` would give the same review in Vietnamese.

# %%
from ppd_core.reporting import annual_review

review = annual_review(an, organisation="HN-UFO", year=2025, plan_next=False)
print(review.title)
for section in review.sections:
    print(section.id, "|", section.title)

# %% [markdown]
# ## 3. Taking a headline figure
#
# Each section holds *blocks*: tables, bullet lists, paragraphs and charts. The headline
# section has one table. `pd.DataFrame(...)` turns it into a data frame, and `set_index`
# lets us pick a row by the name of the measure. The cells are text, formatted for reading
# (`"1,639"`, `"+5"`, and a fall with the minus sign `"−3"`); `int(...)` turns a whole number
# written as text into a number — remove the thousands separator first:
# `int("1,639".replace(",", ""))`, and write the minus sign as Python's hyphen:
# `int("−3".replace("−", "-"))`. In a Vietnamese review the separators swap: `"1.639"`.

# %%
import pandas as pd

table = review.section("headline").blocks[0]
headline = pd.DataFrame(table.rows, columns=table.header).set_index("Measure")
print(headline)

activities_2025 = int(headline.loc["Activities", "2025"])
activities_change = int(headline.loc["Activities", "Change"])
print("Activities in 2025:", activities_2025, "- change on 2024:", activities_change)

# %% [markdown]
# ### Exercise 2 (2 marks)
# From `headline`, take the number of **active partners** of 2025 and its change on 2024,
# as whole numbers (with `int(...)`, as in the example): store them in `active_2025` and
# `active_change`.

# %% solution id=headline_partners
### BEGIN SOLUTION
active_2025 = int(headline.loc["Active partners", "2025"])
active_change = int(headline.loc["Active partners", "Change"])
### END SOLUTION

# %% mistake id=headline_partners
active_2025 = int(headline.loc["Active partners", "2024"])
active_change = int(headline.loc["Active partners", "Change"])

# %% tests id=headline_partners_tests points=2
assert isinstance(active_2025, int), "use int(...) to turn the text of the table into a number"
assert isinstance(active_change, int), "use int(...) for the change too"
assert active_2025 - active_change == int(headline.loc["Active partners", "2024"]), (
    "the 2025 value minus the change should give the 2024 value: take the 2025 column"
)
### BEGIN HIDDEN TESTS
#: answer active_2025
#: answer active_change
_cells = next(r for r in table.rows if r[0] == "Active partners")
_row = dict(zip(table.header, _cells, strict=True))
assert active_2025 == int(_row["2025"])
assert active_change == int(_row["Change"])
del _row, _cells
### END HIDDEN TESTS

# %% [markdown]
# ## 4. The findings
#
# The `findings` section is made of bullet lists, each with a `title` and its `items` (the
# sentences). A `for` loop goes through the blocks one by one; the indented lines run once
# for every block.

# %%
findings = review.section("findings")
for block in findings.blocks:
    print(block.title)
    for item in block.items:
        print("  -", item)

# %% [markdown]
# ### Exercise 3 (2 marks)
# Collect **every finding sentence** of every block into one list, `all_findings`, in the
# order of the review. The loop is written for you; inside it, add the block's `items` to the
# list with `all_findings.extend(...)`.

# %% solution id=all_findings
all_findings = []
for block in findings.blocks:
    ### BEGIN SOLUTION
    all_findings.extend(block.items)
    ### END SOLUTION
print(len(all_findings), "findings")

# %% mistake id=all_findings
all_findings = []
for block in findings.blocks:
    all_findings.append(block.title)
print(len(all_findings), "findings")

# %% tests id=all_findings_tests points=2
assert len(all_findings) > 0, "add the items of each block to all_findings"
assert len(all_findings) > len(findings.blocks), (
    "a block can hold several items: use extend(block.items), not the block's title"
)
assert all(isinstance(f, str) for f in all_findings), "all_findings should hold sentences (text)"
### BEGIN HIDDEN TESTS
#: answer list(all_findings)
_expected = [i for b in review.section("findings").blocks for i in b.items]
assert list(all_findings) == _expected
del _expected
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Writing the review to files
#
# `review.markdown()` gives the review as Markdown text (the charts are listed by name);
# `review.html()` gives one web page with the charts inside, which opens in any browser and
# prints well, with no internet connection needed. The example shows the start of the
# Markdown text.

# %%
print(review.markdown()[:700])

# %% [markdown]
# ### Exercise 4 (1 mark)
# `review.write(folder)` writes both versions into a folder (and creates the folder) and
# returns the path of the HTML page. Write the review into the folder `output/review` and
# store what `write` returns in `review_page`.

# %% solution id=write_review
### BEGIN SOLUTION
review_page = review.write("output/review")
### END SOLUTION
print(review_page)

# %% tests id=write_review_tests points=1
from pathlib import Path

assert Path(review_page).exists(), "review_page should be the file that review.write wrote"
assert Path(review_page).suffix == ".html", "write returns the HTML page's path"
### BEGIN HIDDEN TESTS
#: answer Path(review_page).parent.resolve() == Path("output/review").resolve()
#: answer Path(review_page).with_suffix(".md").exists()
assert Path(review_page).parent.resolve() == Path("output/review").resolve()
assert Path(review_page).with_suffix(".md").exists()
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer (4 marks)
# The Standing Committee of the Hanoi Party Committee (*Ban Thường vụ Thành ủy*) gives the
# union five minutes at its
# meeting and asks for a short note. Using **only** the review above (headline numbers,
# targets and findings), write a narrative of about **150 words** for the provincial leaders:
# what went well in 2025 (with two or three figures and their change), what is weak or risky,
# and what the union asks for or will do in 2026. Write for leaders, not analysts: no code,
# no jargon, every number with its meaning.

# %% [markdown] manual id=leaders_narrative points=4
# *Model answer (graders look for: 2–3 correct figures with their change, at least one
# shortfall or risk taken from the findings, a concrete request or action, plain language,
# about 150 words).*
#
# In 2025 the Hanoi Union of Friendship Organizations and its member associations held 12
# activities (7 in 2024) with 1,639 participants (375 in 2024). The work became more
# practical: 92 % of activities produced a concrete result — an agreement, resources, a
# measurable output or a follow-up — against 57 % a year earlier. We worked with 11 foreign partners, 7 of them new,
# and exceeded both numeric targets (11 partners against 8; 86 trainees against 60).
#
# Three points need attention. Almost 60 % of the resources came from one partner, so this
# income is fragile. Three partners of 2024, from Japan, Korea and Thailand, did not work with
# us in 2025. The action programme for Directive 45 is drafted with only three member
# associations. In 2026 we will renew contact with those partners, seek resources from more
# donors, and ask the City to support the "Hanoi – City for Peace" festival.
