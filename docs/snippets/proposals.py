"""How-to: plan next year from the organisation's own proposals.

Shown on docs/how-to/work-plan.md.
"""

# --8<-- [start:template]
from openpyxl import load_workbook

from ppd_core.io import proposals_template

path = proposals_template("de-xuat-2026.xlsx", lang="vi")
headers = [cell.value for cell in load_workbook(path)["proposals"][1]]
print(headers[:7])
# --8<-- [end:template]

# --8<-- [start:read]
from pathlib import Path

from ppd_core.io import read_proposals

rows = [
    "Id,Title,Kind of activity,Priority area,Partner country,Cost,"
    "Chance of results (0–1)",
    "P-01,Youth leaders' camp,youth_exchange,culture_education,LA,"
    "450000000,0.7",
    "P-02,Mekong trade forum,conference_forum,economic_cooperation,KH,"
    "600000000,0.5",
    "P-03,Film week,cultural_exchange,culture_education,JP,"
    "about 300 million,0.4",
    "P-04,Volunteer doctors,humanitarian_aid,health,US,250000000,0.8",
]
Path("proposals-2026.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
read = read_proposals("proposals-2026.csv")
print(read.proposals[["id", "kind", "cost"]].to_string(index=False))
print(f"{len(read.proposals)} of {read.rows} rows read")
for problem in read.report:
    print(problem.describe())
# --8<-- [end:read]

# --8<-- [start:review]
from ppd_core.datasets import load_sample
from ppd_core.reporting import Paragraph, Table, annual_review

# The portfolio is chosen only from the proposals read above,
# the organisation's own: nothing is invented. Without proposals=
# the review says none were given and shows the targets only.
review = annual_review(
    load_sample(), organisation="VUFO", year=2025, proposals=read.proposals
)
plan = next(section for section in review.sections if section.id == "plan")
for block in plan.blocks[1:]:
    if isinstance(block, Paragraph):
        print(block.text)
    elif isinstance(block, Table):
        for row in block.rows:
            print(" | ".join(row))
# --8<-- [end:review]
