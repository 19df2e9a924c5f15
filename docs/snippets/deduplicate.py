"""How-to: de-duplicate partners.

Shown on docs/how-to/deduplicate-partners.md.
"""

# --8<-- [start:normalise]
from ppd_core.cleaning import normalise_name

for name in [
    "Hội Hữu nghị Campuchia – Việt Nam",
    "Hoi Huu nghi Campuchia - Viet Nam",
    "Cambodia-VN Friendship Assoc.",
]:
    print(f"{name!r:40} → {normalise_name(name)!r}")
# --8<-- [end:normalise]

# --8<-- [start:pairs]
import pandas as pd

from ppd_core.cleaning import candidate_pairs

names = pd.DataFrame(
    {
        "id": ["P-1", "P-2", "P-3", "P-4"],
        "name": [
            "Japan-Vietnam Friendship Association",
            "Hội Hữu nghị Nhật Bản – Việt Nam",  # the same body, in Vietnamese
            "Hội Hữu nghị Việt Nam – Nhật Bản",  # its Vietnamese counterpart
            "Japan Vietnam Friendship Assoc. Osaka",  # a local chapter
        ],
        "country": ["JP", "JP", "JP", "JP"],
    }
)
pairs = candidate_pairs(names)
print(pairs[["partner_id", "other_id", "score"]].to_string(index=False))
print(pairs["reason"].iloc[0])
# --8<-- [end:pairs]

# --8<-- [start:propose]
from datetime import date

from ppd_core import Activity, Partner
from ppd_core.cleaning import propose_merges
from ppd_core.datasets import load_sample

# Two provincial unions typed the same Cambodian partner into their own lists.
ds = load_sample().add(
    Partner(
        id="HCM-P-017",
        name="Hoi Huu nghi Campuchia - Viet Nam",
        country="KH",
        type="friendship_organisation",
    ),
    Partner(
        id="DN-P-004",
        name="Cambodia-VN Friendship Assoc.",
        country="KH",
        type="friendship_organisation",
        first_engaged=date(2009, 5, 1),
    ),
)
ds = ds.add(
    Activity(
        id="A-2025-DN-KH",
        title="Exchange with Cambodian friendship delegation",
        lead_organisation_id="DN-UFO-2025",
        kind="delegation_inbound",
        status="closed",
        actual_start=date(2025, 8, 12),
        countries=[{"country": "KH"}],
        partners=[{"partner_id": "DN-P-004", "role": "participating"}],
    ),
)
proposals = propose_merges(ds)
columns = ["cluster", "keep_id", "drop_id", "score", "keep_reason"]
print(proposals[columns].to_string(index=False))
# --8<-- [end:propose]

# --8<-- [start:merge]
from ppd_core.cleaning import merge_partners

cluster = proposals[proposals["cluster"] == 1]
keep = cluster["cluster_keep_id"].iloc[
    0
]  # the record to keep for the whole cluster
drop = sorted((set(cluster["keep_id"]) | set(cluster["drop_id"])) - {keep})
print("keep", keep, "and merge", drop, "into it")
result = merge_partners(ds, keep, drop)
for note in result.notes:
    print("-", note)
merged = result.dataset.partners.get(keep)
print(len(merged.aliases), "aliases; first engaged", merged.first_engaged)
print(result.dataset.activities.get("A-2025-DN-KH").partners[0].partner_id)
# --8<-- [end:merge]

# --8<-- [start:undo]
import json
from pathlib import Path

from ppd_core.cleaning import MergeRecord, undo_merge

record_file = Path(
    "merge-P-KH-001.json"
)  # keep the record of the merge with the data
record_file.write_text(
    json.dumps(result.record.to_dict(), ensure_ascii=False), "utf-8"
)

record = MergeRecord.from_dict(json.loads(record_file.read_text("utf-8")))
restored = undo_merge(result.dataset, record)
print(restored == ds)
# --8<-- [end:undo]
