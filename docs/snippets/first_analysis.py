"""Tutorial: a first analysis of the sample data.

Shown on docs/tutorials/first-analysis.md.
"""

# --8<-- [start:load]
from ppd_core.datasets import load_sample

ds = load_sample()
for table, count in ds.counts().items():
    print(f"{table:14} {count:4}")
# --8<-- [end:load]

# --8<-- [start:record]
review = ds.activities.get("A-2025-CCER-REVIEW")
print(review.title)
print(review.kind.label("en"), "/", review.kind.label("vi"))
print(review.actual_start, review.participants.total, "participants")
# --8<-- [end:record]

# --8<-- [start:tables]
frames = ds.to_frames()
activities = frames["activities"]
print(len(activities), "rows,", len(activities.columns), "columns")
print(activities["kind"].value_counts().head(5).to_string())
# --8<-- [end:tables]

# --8<-- [start:volume]
from ppd_core import metrics

an = metrics.analysis(ds)  # prepare the tables once for all measures
by_year = metrics.volume(an, ["year"])
print(by_year[["year", "activities", "participants"]].to_string(index=False))
# --8<-- [end:volume]

# --8<-- [start:substantive]
shares = metrics.substantive_share(an, ["year"])
print(shares.round(2).to_string(index=False))
# --8<-- [end:substantive]

# --8<-- [start:resources]
flows = metrics.resources_mobilised(an, ["year"], currency="USD")
disbursed = (
    flows[flows["stage"] == "disbursed"]
    .groupby("year", observed=True)["amount"]
    .sum()
)
print(disbursed.round(-3).to_string())
# --8<-- [end:resources]

# --8<-- [start:partners]
dynamics = metrics.partner_dynamics(an)
print(dynamics.round(2).to_string(index=False))
# --8<-- [end:partners]

# --8<-- [start:chart]
from ppd_core import plots

figure = plots.substantive_trend(shares, lang="en")
path = plots.save(figure, "substantive_trend.png")
print("Saved", path)
# --8<-- [end:chart]
