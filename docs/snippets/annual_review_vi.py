"""How-to: produce the annual review in Vietnamese.

Shown on docs/how-to/annual-review-vietnamese.md.
"""

# --8<-- [start:review]
import tempfile
from pathlib import Path

from ppd_core.datasets import candidates_from_sample, load_sample
from ppd_core.reporting import annual_review

data = load_sample()
proposals = candidates_from_sample(data, 2026, organisation_id="HN-UFO")
review = annual_review(
    data,
    organisation="HN-UFO",
    year=2025,
    lang="vi",
    proposals=proposals,  # the union's proposed activities for 2026
    sample=True,  # a note says the figures are illustrative
)
print(review.title)
for section in review.sections:
    print(section.id, "|", section.title)
# --8<-- [end:review]

# --8<-- [start:write]
folder = Path(tempfile.mkdtemp())
page = review.write(folder)
print(page.name)
print(sorted(path.name for path in folder.iterdir()))
# --8<-- [end:write]
