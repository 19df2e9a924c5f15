"""How-to: compute the measures by any grouping.

Shown on docs/how-to/measures-by-group.md.
"""

# --8<-- [start:prepare]
from ppd_core import metrics
from ppd_core.datasets import load_sample

ds = load_sample()
an = metrics.analysis(ds)  # prepare once; every measure below reuses the work
print(len(metrics.DIMENSIONS), "dimensions:", ", ".join(metrics.DIMENSIONS))
# --8<-- [end:prepare]

# --8<-- [start:one]
by_level = metrics.volume(an, ["level"])
print(
    by_level[
        ["level", "activities", "participants", "participants_women"]
    ].to_string(index=False)
)
# --8<-- [end:one]

# --8<-- [start:two]
shares = metrics.substantive_share(an, ["level", "year"])
table = shares.pivot(index="year", columns="level", values="share_substantive")
print(table.round(2).to_string())
# --8<-- [end:two]

# --8<-- [start:rollup]
members = metrics.substantive_share(an, ["rollup"])
members = members.sort_values("activities", ascending=False).head(5)
print(
    members[["rollup", "activities", "share_substantive"]]
    .round(2)
    .to_string(index=False)
)
# --8<-- [end:rollup]

# --8<-- [start:split]
flows = metrics.resources_mobilised(an, ["country"], currency="USD")
disbursed = (
    flows[flows["stage"] == "disbursed"]
    .groupby("country", observed=True)["amount"]
    .sum()
)
print(disbursed.sort_values(ascending=False).head(5).round(0).to_string())
total = metrics.resources_mobilised(an, currency="USD")
print(
    round(disbursed.sum())
    == round(total[total["stage"] == "disbursed"]["amount"].sum())
)
# --8<-- [end:split]

# --8<-- [start:overlap]
by_type = metrics.volume(an, ["partner_type"])
print(by_type[["partner_type", "activities"]].to_string(index=False))
print(
    by_type["activities"].sum(),
    "> 190: an activity counts once for each type of partner",
)
# --8<-- [end:overlap]

# --8<-- [start:filter]
frames = ds.to_frames()
activities = frames["activities"]
kept = activities[
    activities["status"].astype("str") != "cancelled"
].reset_index(drop=True)
without_cancelled = metrics.analysis({**frames, "activities": kept})
print(
    len(without_cancelled.activities),
    "of",
    len(an.activities),
    "activities kept",
)
# --8<-- [end:filter]

# --8<-- [start:coverage]
coverage = metrics.priority_coverage(an, plan="WP-VUFO-2025", years=[2025])
gaps = coverage.sort_values("gap")[
    ["priority_area", "share_activities", "planned_share", "gap"]
]
print(gaps.head(3).round(2).to_string(index=False))
# --8<-- [end:coverage]

# --8<-- [start:scorecard]
card = metrics.scorecard(an, year=2025)
print(
    card[["organisation", "activities", "share_substantive", "index", "rank"]]
    .head(5)
    .round(2)
    .to_string(index=False)
)
spread = metrics.disparity(card)
print(
    f"Gini {spread['gini']:.2f}, coefficient of variation {spread['cv']:.2f}"
)
# --8<-- [end:scorecard]
