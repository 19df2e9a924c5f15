"""The illustrative sample dataset of Viet Nam's PPD system, read from its data files.

**Illustrative data.** The national bodies of the system (VUFO, central friendship
associations, provincial unions, the Fatherland Front, the Youth Union, the Ministry of Foreign
Affairs, the Party's Commission for External Relations) are real, and so are the facts about
the review conferences and awards taken from public news reports (dates, delegate numbers,
award counts, the directive Hanoi implemented). The grassroots units under the Hanoi union, the
Africa-facing association and the exact validity dates of the merged unions are illustrative.
Everything else — the foreign partners, the activities, the amounts, the indicator values, the
evaluations and the people named — is *invented for teaching*, even where a partner bears the
name of a real place or body; see :data:`SAMPLE_NOTE`. Records whose facts come from a report
say so in their ``notes`` or ``citation`` (they start with ``"Reported"``).

The records are data files in ``ppd_core/datasets/data/sample/`` (CSV for the flat tables,
JSON for the nested ones, each record as its model writes it); ``SOURCES.md`` there says where
each fact comes from. What is in it:

* 22 organisations: VUFO at the top, nine central friendship associations, five provincial
  unions (with the 2025 merger of Quang Nam into Da Nang: two unions end on 2025-06-30 and name
  the merged union, valid from 2025-07-01, as successor), three member associations and clubs
  under the Hanoi union, and four other actors (the Fatherland Front, the Youth Union, the
  Ministry of Foreign Affairs and the Party's Commission for External Relations);
* 47 foreign partners of every type, in 25 countries (and two international bodies), with
  aliases in Vietnamese and English, a few invented contact persons, some dormant or ended and
  one prospective;
* 190 activities: 176 over 2021–2025 and 14 in 2026 (six of them still planned), of every
  kind, with country, province and priority-area splits, participants, own costs, resources
  pledged, committed and disbursed by partners, outputs and follow-up links;
* nine indicators of VUFO and the Hanoi union with yearly targets and actuals;
* three work plans, eleven evaluations on the OECD-DAC criteria, and the award counts reported
  by the 2024 and 2025 review conferences.

The actuals of the indicators that :mod:`ppd_core.metrics` measures (active partners, resources
disbursed, the substantive and ceremonial shares) are computed from the activities when the
sample is loaded (``_COMPUTED_ACTUALS``), so a review never shows two values for one measure;
the others (sums of outputs, a qualitative assessment) are stored in ``indicators.json``.
:func:`load_sample` reads the files once and returns the same immutable
:class:`~ppd_core.Dataset` afterwards.

>>> from ppd_core.datasets.sample import load_sample
>>> ds = load_sample()
>>> ds.organisations.get("VUFO").short_name
'VUFO'
>>> ds.activities.get("A-2025-CCER-REVIEW").participants.total
300
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any

from ppd_core import models
from ppd_core.dataset import Dataset
from ppd_core.datasets._files import csv_rows, json_rows
from ppd_core.i18n import N_

__all__ = ["SAMPLE_NOTE", "SAMPLE_TODAY", "load_sample", "sample_excerpt"]

SAMPLE_NOTE = N_(
    "Illustrative data for teaching. The national bodies of Viet Nam's people-to-people "
    "diplomacy system and the facts about review conferences and awards (dates, delegate "
    "numbers, award counts, Hanoi's Directive No. 45-CT/TU) come from public news reports "
    "(VNA, Nhan Dan and VUFO's media, 2022-2026). The foreign partners, activities, amounts, "
    "indicator values, evaluations and people named are invented for teaching; where a partner "
    "bears the name of a real place or body, what the sample records about it is still "
    "invented."
)
"""What is real and what is invented in the sample (show it wherever the sample is shown;
``ppd_core.i18n.text(SAMPLE_NOTE, lang)`` gives it in the reader's language)."""

SAMPLE_TODAY = date(2026, 11, 22)
"""The sample's "today": no actual date is later; later activities carry planned dates only."""

_YEARS = range(2021, 2026)
"""The years with actuals (2026 has targets only)."""

# -- indicator actuals computed with ppd_core.metrics -----------------------------------------


@dataclass
class _Activities:
    """The two sets of activities the computed actuals are measured on."""

    started: Any
    """The :class:`~ppd_core.metrics.Analysis` of the activities actually started."""
    recorded: Any
    """The Analysis of every recorded activity (as the annual review counts them)."""

    @cached_property
    def vufo_shares(self) -> Any:
        """The substantive shares by year of VUFO and its member organisations.

        :func:`~ppd_core.metrics.substantive_share` (default rule) over their recorded
        activities.
        """
        from ppd_core.metrics import substantive_share

        an = self.recorded
        activities = an.frames["activities"]
        mine = activities["lead_organisation_id"].isin(an.members_of("VUFO")).to_numpy()
        return substantive_share({**an.frames, "activities": activities[mine]}, ["year"])


def _yearly(table: Any, column: str) -> dict[int, float]:
    """A metrics table's ``column`` by its ``year`` column."""
    years = table["year"].astype(int).tolist()
    return dict(zip(years, table[column].astype(float).tolist(), strict=True))


def _active_partners(acts: _Activities) -> dict[int, float]:
    """Distinct partners taking part in an activity started in each year."""
    from ppd_core.metrics import partner_dynamics

    return _yearly(partner_dynamics(acts.started), "active")


def _hanoi_partners(acts: _Activities) -> dict[int, float]:
    """Distinct partners of the Hanoi union and its member associations, per year."""
    from ppd_core.metrics import partner_dynamics

    table = partner_dynamics(acts.started, ["rollup"])
    return _yearly(table[table["rollup"] == "HN-UFO"], "active")


def _usd_disbursed(acts: _Activities) -> dict[int, float]:
    """Resources disbursed by partners in each year, in USD, rounded to thousands."""
    from ppd_core.metrics import resources_mobilised

    table = resources_mobilised(acts.started, ["year"])
    disbursed = table[table["stage"] == "disbursed"].groupby("year", as_index=False)["amount"]
    return {y: float(round(v, -3)) for y, v in _yearly(disbursed.sum(), "amount").items()}


def _vufo_share(column: str) -> Callable[[_Activities], dict[int, float]]:
    """The yearly ``column`` of :attr:`_Activities.vufo_shares`, in percent to one decimal.

    It is the very figure the annual review of VUFO shows among its measures.
    """

    def compute(acts: _Activities) -> dict[int, float]:
        return {y: round(100 * v, 1) for y, v in _yearly(acts.vufo_shares, column).items()}

    return compute


_COMPUTED_ACTUALS: dict[str, Callable[[_Activities], dict[int, float]]] = {
    "IND-VUFO-PARTNERS": _active_partners,
    "IND-VUFO-RESOURCES": _usd_disbursed,
    "IND-VUFO-SUBSTANTIVE": _vufo_share("share_substantive"),
    "IND-VUFO-CEREMONIAL": _vufo_share("share_ceremonial"),
    "IND-HN-PARTNERS": _hanoi_partners,
}
"""Indicators whose yearly actuals (2021–2025, totals) are measured by :mod:`ppd_core.metrics`:
partners and resources on the activities actually started, the substantive and ceremonial
shares on every recorded activity of VUFO's roll-up (ceremonial = 100 − substantive)."""


def _fill_actuals(indicators: list[dict[str, Any]], base: Dataset) -> None:
    """Set the actuals of ``_COMPUTED_ACTUALS`` in the indicator records (in place)."""
    from ppd_core.metrics import analysis

    frames = base.to_frames()
    every = frames["activities"]
    started = {**frames, "activities": every[every["actual_start"].notna()]}
    acts = _Activities(started=analysis(started), recorded=analysis(frames))
    for record in indicators:
        compute = _COMPUTED_ACTUALS.get(record["id"])
        if compute is None:
            continue
        actuals = compute(acts)
        for value in record["values"]:
            year = date.fromisoformat(value["period_start"]).year
            if value.get("dimension") is None and year in _YEARS:
                value["actual"] = actuals.get(year, 0.0)


# -- assembling -------------------------------------------------------------------------------


def _build() -> Dataset:
    """Read the sample from its data files (uncached; :func:`load_sample` caches it)."""
    base = Dataset(
        organisations=[
            models.Organisation.model_validate(r) for r in csv_rows("organisations.csv")
        ],
        partners=[models.Partner.model_validate(r) for r in json_rows("partners.json")],
        activities=[models.Activity.model_validate(r) for r in json_rows("activities.json")],
        check=False,
    )
    indicators = json_rows("indicators.json")
    _fill_actuals(indicators, base)
    return base.add(
        *(models.Indicator.model_validate(r) for r in indicators),
        *(models.WorkPlan.model_validate(r) for r in json_rows("work_plans.json")),
        *(models.Evaluation.model_validate(r) for r in json_rows("evaluations.json")),
        *(models.Award.model_validate(r) for r in csv_rows("awards.csv")),
    )


@cache
def _cached() -> Dataset:
    """The sample, read once per process."""
    return _build()


def load_sample() -> Dataset:
    """Return the illustrative sample dataset (read once, then shared; it is immutable).

    The organisations and the review-conference and award facts come from public news
    reports; partners, activities, amounts, indicator values, evaluations and people are
    invented for teaching (see :data:`SAMPLE_NOTE` and the data files' ``SOURCES.md``). No
    actual date is after :data:`SAMPLE_TODAY`.

    Returns:
        The sample :class:`~ppd_core.Dataset`; every call returns the same object.

    >>> ds = load_sample()
    >>> ds is load_sample()
    True
    >>> ds.counts()["organisations"]
    22
    """
    return _cached()


def sample_excerpt(activities: int = 3) -> Dataset:
    """A few consistent records of the sample, everything they refer to included.

    The first ``activities`` activities and the first record of every other kind, with the
    records they refer to, so the excerpt validates on its own.

    The Excel template's example sheet is filled with it (``ppd db template --example``).

    >>> excerpt = sample_excerpt()
    >>> excerpt.counts()["activities"] >= 3, all(excerpt.counts().values())
    (True, True)
    """
    from ppd_core.integrity import REFERENCES
    from ppd_core.tables import SCHEMA

    frames = load_sample().to_frames()
    need: dict[str, set[Any]] = {
        t: set(frames[t]["id"].head(activities if t == "activities" else 1))
        for t, s in SCHEMA.items()
        if s.kind == "entity"
    }
    while True:
        before = sum(len(v) for v in need.values())
        for table, column, target in REFERENCES:
            spec = SCHEMA[table]
            owner = spec.parent or table
            rows = frames[table][frames[table][spec.key].isin(need[owner])]
            need[target] |= set(rows[column].dropna())
        ev = frames["evaluations"][frames["evaluations"]["id"].isin(need["evaluations"])]
        for subject, target in (("activity", "activities"), ("programme", "work_plans")):
            need[target] |= set(ev.loc[ev["subject"] == subject, "subject_id"].dropna())
        if sum(len(v) for v in need.values()) == before:
            break
    picked = {}
    for name, spec in SCHEMA.items():
        frame = frames[name]
        picked[name] = frame[frame[spec.key].isin(need[spec.parent or name])]
    return Dataset.from_frames(picked, today=date.max)
