"""Reference: money in one currency, integer counts, one dimension by name.

Shown on docs/reference/measures.md.
"""

# --8<-- [start:total]
from ppd_core import metrics
from ppd_core.datasets import load_sample
from ppd_core.errors import MixedCurrencyError

ds = load_sample()
activities = ds.to_frames()["activities"]
try:
    metrics.total(activities, "cost")
except MixedCurrencyError as error:
    print(error)
usd = metrics.total(activities, "cost", currency="USD")
print(f"{usd:,.0f} USD")
# --8<-- [end:total]

# --8<-- [start:by-year]
by_year = metrics.volume(ds, by="year")
print(by_year[["year", "activities", "participants"]].to_string(index=False))
print(by_year["activities"].dtype)
# --8<-- [end:by-year]
