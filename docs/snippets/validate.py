"""How-to: validate data and read the problem report.

Shown on docs/how-to/validate.md.
"""

# --8<-- [start:record]
from datetime import date

from pydantic import ValidationError

from ppd_core import Activity
from ppd_core.validation import problems_from_pydantic

try:
    Activity(
        id="A 2025 17",  # a space: breaks PPD101
        title="Friendship exchange with Lao students",
        lead_organisation_id="HN-UFO",
        kind="exchange",  # not a code of ActivityKind: PPD104
        status="closed",
        actual_start=date(2025, 9, 10),
        actual_end=date(2025, 9, 8),  # before the start: PPD201
        countries=[{"country": "LA", "percentage": 90}],  # sums to 90: PPD401
    )
except ValidationError as err:
    for problem in problems_from_pydantic(err, "activity", "A 2025 17"):
        print(problem)
# --8<-- [end:record]

# --8<-- [start:records]
from ppd_core import validate_records

rows = [
    {
        "id": "A-2025-101",
        "title": "Tree planting with Japanese volunteers",
        "lead_organisation_id": "HN-UFO",
        "kind": "cultural_exchange",
        "status": "closed",
        "actual_start": date(2025, 3, 8),
    },
    {
        "id": "A-2025-102",
        "title": "",  # required text left blank: PPD001
        "lead_organisation_id": "HN-UFO",
        "kind": "youth_exchange",
        "status": "closed",
        "actual_start": date(2025, 4, 2),
    },
    {
        "id": "A-2025-103",
        "title": "Photo exhibition on Viet Nam and Laos",
        "lead_organisation_id": "HN-UFO",
        "kind": "cultural_exchange",
        "status": "closed",
        "actual_start": date(
            2027, 1, 5
        ),  # an actual date after "today": PPD202
    },
]
good, report = validate_records(Activity, rows, today=date(2026, 11, 22))
print(len(good), "valid record;", report.counts())
print(report.summary())
# --8<-- [end:records]

# --8<-- [start:frames]
from ppd_core import validate_frames
from ppd_core.datasets import load_sample

frames = load_sample().to_frames()
activities = frames["activities"].copy()
activities["kind"] = activities["kind"].astype("str")
activities.loc[3, "kind"] = "banquet"  # not a code of ActivityKind
activities.loc[5, "participants_women"] = 5_000  # more women than participants
frames["activities"] = activities
countries = frames["activity_countries"].copy()
countries.loc[0, "percentage"] = (
    90.0  # the split of that activity no longer sums to 100
)
frames["activity_countries"] = countries

coerced, report = validate_frames(frames, today=date(2026, 11, 22))
print(report.counts())
print(report.summary())
# --8<-- [end:frames]

# --8<-- [start:table]
problems = report.to_frame()
print(
    problems[
        ["code", "sheet", "row", "record_id", "field", "value"]
    ].to_string(index=False)
)
print(report.for_record("A-2021-003").codes())
# --8<-- [end:table]

# --8<-- [start:raise]
from ppd_core import Dataset, DataValidationError

try:
    Dataset.from_frames(frames, today=date(2026, 11, 22))
except DataValidationError as err:
    print(
        f"{len(err.report)} problems; first:",
        err.report[0].code,
        err.report[0].where(),
    )
# --8<-- [end:raise]

# --8<-- [start:files]
from pathlib import Path

from ppd_core.io import read, write_csv

folder = Path("export")
write_csv(load_sample(), folder)  # one CSV file per table
awards = folder / "awards.csv"
with awards.open("a", encoding="utf-8") as f:
    f.write("AW-NEW,20x5,certificate_of_merit,collective,,HN-UFO,VUFO,1,\n")

result = read(folder, today=date(2026, 11, 22))
print(
    result.accepted["awards"],
    "awards accepted,",
    result.rejected_counts["awards"],
    "rejected",
)
for problem in result.report:
    print(problem)
side_file = result.write_rejected("rejected")
print(sorted(p.name for p in side_file.iterdir()))
# --8<-- [end:files]
