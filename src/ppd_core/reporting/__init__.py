"""The annual review of an organisation: year N reviewed, year N+1 proposed, in one page.

:func:`annual_review` gathers, for an organisation and every organisation below it, the headline
numbers against the previous year and the highlights and shortfalls found in the data (together
the one-page summary of the printed review, A4), the results against the plan's targets, the
measures and the nine standard charts and, optionally, the proposed targets of the next year and
a portfolio chosen from the organisation's own proposals. The :class:`Review` renders as one
self-contained HTML file (inline CSS, charts as base64 PNG, no external address, no JavaScript)
or as Markdown, in English or Vietnamese.

The package, by concept: :mod:`~ppd_core.reporting.document` (the document model),
:mod:`~ppd_core.reporting.html` and :mod:`~ppd_core.reporting.markdown` (the renderers) and
:mod:`~ppd_core.reporting.review` (analysis → document).

>>> from ppd_core.datasets import worked_example
>>> review = annual_review(worked_example(), organisation="HN", year=2024, plan_next=False)
>>> 'id="headline"' in review.html()
True
>>> review.markdown().startswith("# ")
True
"""

from ppd_core.reporting.document import (
    SECTIONS,
    Bullets,
    Chart,
    Paragraph,
    Review,
    Section,
    Table,
)
from ppd_core.reporting.review import annual_review

__all__ = [
    "SECTIONS",
    "Bullets",
    "Chart",
    "Paragraph",
    "Review",
    "Section",
    "Table",
    "annual_review",
]
