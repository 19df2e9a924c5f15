"""How-to: use the shared database.

Shown on docs/how-to/shared-database.md.

The test suite runs this file on SQLite; set PPD_DATABASE_URL to a
PostgreSQL URL to run it against a server.
"""

# --8<-- [start:open]
import os

from ppd_core.store import Store

# A SQLite file here, or the system's PostgreSQL server when the variable
# is set, e.g. PPD_DATABASE_URL=postgresql://ppd:secret@db.example.vn/ppd
target = os.environ.get("PPD_DATABASE_URL", "ppd.sqlite")
store = Store(target, user="lan.nguyen")
print(store)
# --8<-- [end:open]

# --8<-- [start:save]
from ppd_core.datasets import load_sample

sample = load_sample()
first = store.save(sample)
print(first.inserted["activities"], "activities inserted")
again = store.save(sample)  # the same records again: nothing changes
print(again.changed, "records changed")
print(store.counts())
# --8<-- [end:save]

# --8<-- [start:load]
hanoi_2025 = store.load(organisations=["HN-UFO"], years=[2025])
print(
    hanoi_2025.counts()["activities"], "activities of the Hanoi union in 2025"
)
asean = store.load(country_group="asean", years=[2025])
print(asean.counts()["activities"], "activities with an ASEAN country in 2025")
# --8<-- [end:load]

# --8<-- [start:edit]
from ppd_core import Partner
from ppd_core.store import ConflictError

mine = store.get(
    Partner, "P-KH-001"
)  # the record and the version it was read at
theirs = store.get(Partner, "P-KH-001")  # a colleague reads the same record
print(mine.record.name, "— version", mine.version)

edited = mine.record.model_copy(
    update={"aliases": [*mine.record.aliases, "CVFA"]}
)
print("saved as version", store.update(edited, version=mine.version))

stale = theirs.record.model_copy(update={"status": "dormant"})
try:
    store.update(stale, version=theirs.version)
except ConflictError as err:
    print(
        "refused with",
        type(err).__name__,
        "- reload it, apply the change again, save",
    )
# --8<-- [end:edit]

# --8<-- [start:bulk]
from ppd_core import Dataset

before = store.load()  # a whole Dataset: it knows each record's version
read_at = before.versions or {}
print("read at version", read_at["partners"]["P-KH-001"])

# Meanwhile a colleague renames the partner (version 2 → 3).
now = store.get(Partner, "P-KH-001")
store.update(
    now.record.model_copy(update={"name": "Renamed meanwhile"}),
    version=now.version,
    user="colleague",
)

# Your save of what you read would undo the rename: refused, nothing saved.
try:
    store.save(before)
except ConflictError as refused:
    for c in refused.conflicts:
        print([(c.record_id, c.loaded, c.stored, c.changed_by)])

# Or save everything else and keep their version of the conflicting records.
frames = before.to_frames()
laos = frames["partners"]["id"] == "P-LA-001"
frames["partners"].loc[laos, "name"] = "Edited"
edited_ds = Dataset.from_frames(frames).with_versions(before.versions)
summary = store.save(edited_ds, on_conflict="skip")
print(summary)
# --8<-- [end:bulk]

# --8<-- [start:rights]
from ppd_core.store import PermissionDeniedError

hanoi = Store(target, role="editor", organisation="HN-UFO")
acts = hanoi.load().to_frames()["activities"]
theirs = acts[acts["lead_organisation_id"] == "HCM-UFO"]["id"].iloc[0]
frames = hanoi.load().to_frames()
frames["activities"].loc[frames["activities"]["id"] == theirs, "title"] = "x"
try:
    hanoi.save(Dataset.from_frames(frames))
except PermissionDeniedError as err:
    print(type(err).__name__ + ":", str(err).split(";")[0])
hanoi.close()
# --8<-- [end:rights]

# --8<-- [start:audit]
trail = store.audit("partners", "P-KH-001")
print(
    trail[["action", "entity", "record_id", "field", "user_name"]].to_string(
        index=False
    )
)
print(trail["new"].iloc[-1])
store.close()
# --8<-- [end:audit]
