"""The demo: the main job run on the sample, from storing it to writing its annual review.

``ppd demo`` is a thin wrapper around :func:`run_demo`: the sample dataset is validated,
written into a database and read back, summarised, and the annual review 2025 of VUFO (with
its members) is written with the proposed 2026 plan. The proposals the review chooses a
portfolio from are the sample's own (:func:`~ppd_core.datasets.candidates_from_sample`),
passed explicitly: a real organisation gives its own (:func:`ppd_core.io.read_proposals`).
The demo lives here, with the sample, because it is the one job that reads the sample on
purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ppd_core.errors import StoreError
from ppd_core.i18n import Lang, text

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.dataset import Dataset
    from ppd_core.store import Store

__all__ = ["DEMO_ORGANISATION", "DEMO_STEPS", "DEMO_YEAR", "DemoRun", "run_demo"]

DEMO_ORGANISATION = "VUFO"
"""The organisation whose annual review the demo writes."""
DEMO_YEAR = 2025
"""The year the demo reviews (the plan is for the year after)."""
DEMO_STEPS = 5
"""The steps :func:`run_demo` reports through its ``step`` callback."""


@dataclass(frozen=True, slots=True)
class DemoRun:
    """What the demo did.

    Attributes:
        dataset: The sample as read back from the database.
        saved: How many records were written.
        tables: The summary tables (:func:`ppd_core.summary.summarise`).
        review: The annual review's HTML file.
        note: What the sample is (illustrative, not official figures), as a catalogue
            message: `ppd_core.i18n.text` gives it in the reader's language.
    """

    dataset: Dataset
    saved: int
    tables: dict[str, pd.DataFrame]
    review: Path
    note: str


def run_demo(
    store: Store,
    out: Path,
    *,
    currency: str = "USD",
    lang: Lang = "en",
    step: Callable[[str, int], None] | None = None,
) -> DemoRun:
    """Run the main job on the sample: store it, summarise it, write its annual review.

    Args:
        store: The database to write the sample into (and read it back from).
        out: The folder the review is written into.
        currency: The currency of the resource totals.
        lang: The language of the review and of the step descriptions.
        step: Called as ``step(description, done)`` before each of the :data:`DEMO_STEPS`
            steps (``done`` steps finished so far), e.g. to move a progress bar.

    Raises:
        StoreError: When the database does not give back what was written.
    """
    from ppd_core.dataset import Dataset
    from ppd_core.datasets.candidates import candidates_from_sample
    from ppd_core.datasets.sample import SAMPLE_NOTE, load_sample
    from ppd_core.reporting import annual_review
    from ppd_core.summary import summarise

    report = step or (lambda _description, _done: None)
    report(text("Loading the sample dataset…", lang), 0)
    sample = load_sample()
    report(text("Validating every table…", lang), 1)
    Dataset.from_frames(sample.to_frames(), today=date.today())
    report(text("Writing {path}…", lang, path=store.url), 2)
    saved = store.save(sample)
    ds = store.load()
    if ds != sample:  # pragma: no cover - the store round trip is tested
        raise StoreError(text("The database did not give back what was written.", lang))
    report(text("Summarising…", lang), 3)
    tables = summarise(ds, currency.upper())
    report(text("Writing the annual review and next plan…", lang), 4)
    review = annual_review(
        ds,
        organisation=DEMO_ORGANISATION,
        year=DEMO_YEAR,
        lang=lang,
        proposals=candidates_from_sample(ds, DEMO_YEAR + 1, organisation_id=DEMO_ORGANISATION),
        sample=True,
    )
    written = review.write(out)
    return DemoRun(ds, saved.changed, tables, written, SAMPLE_NOTE)
