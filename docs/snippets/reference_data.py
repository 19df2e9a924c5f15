"""How-to: set up reference data for a new year.

Shown on docs/how-to/reference-data.md.
"""

# --8<-- [start:copy]
import shutil
from importlib import resources
from pathlib import Path

folder = Path("reference-2027")
folder.mkdir(exist_ok=True)
shipped = resources.files("ppd_core.reference") / "data"
for name in ("exchange_rates.csv", "country_groups.csv"):
    with resources.as_file(shipped / name) as source:
        shutil.copy(source, folder / name)
print(sorted(p.name for p in folder.iterdir()))
# --8<-- [end:copy]

# --8<-- [start:rates]
# year,currency,usd_per_unit,vnd_per_unit,source (placeholder figures)
new_rates = [
    "2027,USD,1,26400,Example only: replace with the 2027 average",
    "2027,VND,0.0000378788,1,Example only: replace with the 2027 average",
    "2027,EUR,1.1300,29832,Example only: replace with the 2027 average",
    "2027,JPY,0.006700,176.88,Example only: replace with the 2027 average",
]
with (folder / "exchange_rates.csv").open("a", encoding="utf-8") as f:
    f.write("\n".join(new_rates) + "\n")
# --8<-- [end:rates]

# --8<-- [start:groups]
# group,country,valid_from,valid_to,source (an invented upgrade)
with (folder / "country_groups.csv").open("a", encoding="utf-8") as f:
    f.write(
        "strategic_partner,PL,2027-03-15,,Example only: the joint statement\n"
    )
# --8<-- [end:groups]

# --8<-- [start:load]
from datetime import date
from decimal import Decimal

from ppd_core import Money
from ppd_core.reference import load_reference, using_reference

mine = load_reference(
    folder
)  # files absent from the folder come from the shipped set
print(sorted(g.value for g in mine.groups_of("PL", date(2027, 6, 1))))
print(sorted(g.value for g in mine.groups_of("PL", date(2026, 6, 1))))
print(mine.rate("EUR", "VND", 2027))

with using_reference(
    mine
):  # validation and conversion inside the block use your data
    grant = Money(amount=Decimal("15000"), currency="EUR")
    print(grant.to("VND", date(2027, 4, 1)))
# --8<-- [end:load]

# --8<-- [start:measures]
from ppd_core import metrics
from ppd_core.datasets import load_sample

an = metrics.Analysis(load_sample().to_frames(), reference=mine)
groups = metrics.volume(an, ["country_group"])
print(groups[["country_group", "activities"]].round(1).to_string(index=False))
# --8<-- [end:measures]

# --8<-- [start:missing]
from ppd_core.errors import MissingRateError

try:
    mine.rate("KHR", "USD", 2027)
except MissingRateError as err:
    print(err)
# --8<-- [end:missing]
