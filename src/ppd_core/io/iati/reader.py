"""Reading an IATI activity file: each ``iati-activity`` becomes an activity or a rejection.

:func:`read_iati` streams the file through :mod:`~ppd_core.io.iati.safe`, converts each
element with the parts of the reader (activity fields, partners, transactions, results) and
returns an :class:`IatiImport`: ``io``'s :class:`~ppd_core.io.ReadResult` with the IATI
counts. The mapping is documented in :mod:`ppd_core.io.iati`.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from pydantic import ValidationError

from ppd_core.dataset import Dataset
from ppd_core.errors import Problem, ValidationReport
from ppd_core.io._result import ReadResult
from ppd_core.io.iati import _activity, _finance, _partners, _results, _unread
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import XML_LANG, clean, narrative
from ppd_core.io.iati.safe import Element, iter_activities, open_source
from ppd_core.models import Activity, Indicator, Organisation, Partner
from ppd_core.tables import SCHEMA
from ppd_core.vocab import ActivityKind

__all__ = ["IatiImport", "read_iati"]

_READ_TABLES = ("partners", "activities", "indicators")
"""The records an IATI file gives (with their link tables)."""


@dataclass(frozen=True, eq=False, kw_only=True)
class IatiImport(ReadResult):
    """The result of reading an IATI activity file: a :class:`~ppd_core.io.ReadResult`.

    As for every reader, :attr:`report` holds every problem, :attr:`rejected` the rejected
    rows (here the table ``activities``: one row per rejected ``iati-activity`` with its
    ``source``, ``row``, ``id`` and ``problems``), and :attr:`accepted`,
    :attr:`~ppd_core.io.ReadResult.rejected_counts` and
    :meth:`~ppd_core.io.ReadResult.summary` count them.

    Attributes:
        dataset: The imported partners, activities and indicators. They refer to the
            organisations of the PPD system (the lead, co-organisers), which an IATI file does
            not hold, so these references are not checked here: :meth:`to_dataset` adds the
            organisations and checks them.
        activities: The imported activities, in file order.
        partners: The partners they refer to (participating and provider organisations).
        indicators: Indicators of their results (``<activity-id>/R<n>/I<m>``).
        report: Every problem: rejections (IATI001 with the ``PPD…`` reasons), adjustments,
            assumptions and left-out elements; ``source`` is the file name and ``row`` the
            1-based position of the ``iati-activity`` element.
        activities_in_file: Number of ``iati-activity`` elements in the file
            (``activities_in_file == imported + rejected_counts["activities"]``).
        imported: Number of activities imported.
        source: The file name.
        skipped_transactions: Transactions left out because of their type, by type code.
    """

    activities: list[Activity]
    partners: list[Partner]
    indicators: list[Indicator]
    activities_in_file: int
    imported: int
    source: str = "<bytes>"
    skipped_transactions: dict[str, int] = field(default_factory=dict)

    def to_dataset(self, organisations: Iterable[Organisation]) -> Dataset:
        """Return a Dataset of the imported partners, activities and indicators.

        Args:
            organisations: The organisations of the PPD system the records refer to: at least
                the lead organisation, and any co-organiser named through
                ``organisation_ids``.

        Raises:
            DataValidationError: when a referenced organisation is missing (PPD110).
        """
        return self.dataset.add(*organisations)


class _Importer(Session):
    """Turns ``iati-activity`` elements into records, collecting every problem."""

    def add(self, row: int, el: Element) -> None:
        """Convert one ``iati-activity`` element (``row`` is its 1-based position)."""
        ident = self.own_id(el, clean(el.findtext("iati-identifier")) or None)
        r = Row(row=row, record_id=ident, lang=(el.get(XML_LANG) or "").strip().lower())
        humanitarian = clean(el.get("humanitarian")).lower() in ("1", "true")
        data: dict[str, Any] = {
            "lead_organisation_id": self.lead,
            "kind": ActivityKind.HUMANITARIAN_AID if humanitarian else self.kind,
            "title": narrative(el.find("title"), r.lang),
            "notes": _activity.description(el, r),
        }
        if ident is not None:
            data["id"] = ident
            if ident in self.imported_ids:
                r.fatal.append(self.problem(r, "PPD111", "id", ident, entity_kind="activity"))
        _activity.status(self, el, r, data)
        _activity.dates(self, el, r, data)
        data["countries"] = _activity.countries(self, el, r)
        data["priority_areas"], data["sdgs"] = _activity.classifications(self, el, r)
        _partners.organisations(self, el, r)
        data["resource_flows"] = _finance.transactions(self, el, r)
        data["co_organiser_ids"] = r.co_organisers
        data["partners"] = [{"partner_id": pid, "role": role} for pid, role in r.links]
        _unread.report(self, el, r)
        self._finish(el, r, data)

    def own_id(self, el: Element, ident: str | None) -> str | None:
        """The id without the ``<ref>-`` prefix when the reporting-org is of the PPD system."""
        reporting = el.find("reporting-org")
        ref = clean(reporting.get("ref") if reporting is not None else None)
        if ident and ref in self.refs and ident.startswith(f"{ref}-"):
            return ident[len(ref) + 1 :]
        return ident

    def _finish(self, el: Element, r: Row, data: dict[str, Any]) -> None:
        """Validate the activity; keep it with its partners and indicators, or reject it."""
        problems: list[Problem] = []
        activity: Activity | None = None
        try:
            activity = Activity.model_validate(data, context={"today": self.today})
        except ValidationError as err:
            flagged = {p.field for p in r.fatal}
            problems = [
                p for p in self.pydantic(r, err, "activity", r.record_id) if p.field not in flagged
            ]
        problems = r.fatal + problems
        if activity is None or problems:
            self.rejections.append((r, problems))
            codes = ", ".join(sorted({p.code for p in problems}))
            self.problems += problems
            self.problems.append(self.problem(r, "IATI001", None, reasons=codes))
            self.problems += r.notes
            return
        self.activities.append(activity)
        self.imported_ids.add(activity.id)
        for pid, draft in r.partners.items():
            known = self.partners.get(pid)
            if known is None:
                self.partners[pid] = draft
            else:
                for name in (draft.name, *draft.aliases):
                    known.add_name(name)
        self.problems += r.notes
        _results.results(self, el, r, activity.id)

    def _rejected_rows(self) -> dict[str, pd.DataFrame]:
        """The rejected ``iati-activity`` elements as rows of the ``activities`` table."""
        if not self.rejections:
            return {}
        rows = [
            {
                "source": self.source,
                "row": r.row,
                "id": r.record_id,
                "problems": "; ".join(f"[{p.code}] {p.field or ''}: {p.message}" for p in found),
            }
            for r, found in self.rejections
        ]
        return {"activities": pd.DataFrame(rows)}

    def result(self, count: int) -> IatiImport:
        """Return the import of ``count`` activities."""
        partners = [
            Partner(id=d.id, name=d.name, type=d.type, aliases=d.aliases)
            for d in self.partners.values()
        ]
        dataset = Dataset(
            partners=partners, activities=self.activities, indicators=self.indicators, check=False
        )
        frames = dataset.to_frames()
        return IatiImport(
            dataset=dataset,
            report=ValidationReport(self.problems),
            rejected=self._rejected_rows(),
            accepted={name: len(frames[name]) if name in frames else 0 for name in SCHEMA},
            sources={
                name: self.source
                for name, spec in SCHEMA.items()
                if (spec.parent or name) in _READ_TABLES
            },
            activities=self.activities,
            partners=partners,
            indicators=self.indicators,
            activities_in_file=count,
            imported=len(self.activities),
            source=self.source,
            skipped_transactions=dict(self.skipped),
        )


def read_iati(
    source: str | os.PathLike[str] | bytes,
    *,
    lead_organisation_id: str,
    today: date | None = None,
    kind: ActivityKind | str = ActivityKind.DEVELOPMENT_PROJECT,
    organisation_ids: Collection[str] = (),
    organisation_refs: Mapping[str, str] | None = None,
    name: str | None = None,
) -> IatiImport:
    """Read an IATI 2.0x activity file into PPD records, reporting every problem.

    The file is streamed (each ``iati-activity`` is freed once converted), so memory stays
    bounded however large the file. See :mod:`ppd_core.io.iati` for the mapping.

    Args:
        source: A path to the file, or its content as bytes (a ``str`` is always a path).
        lead_organisation_id: The PPD organisation importing the file; it leads every imported
            activity and owns the indicators (give it to :meth:`IatiImport.to_dataset`).
        today: The day "now" for the rule on actual dates (PPD202); default: today.
        kind: The PPD activity kind given to every activity (IATI has none), except those
            flagged ``@humanitarian``, which are humanitarian aid.
        organisation_ids: Ids of organisations of the PPD system: a participating-org whose
            ``@ref`` is one of them becomes a co-organiser instead of a partner (the lead is
            always recognised).
        organisation_refs: IATI identifiers of organisations of the PPD system, each with its
            ppd_core id (e.g. ``{"VN-VUFO": "VUFO"}``, as :func:`write_iati` wrote them): an
            organisation with such a ``@ref`` is read as that organisation, and when the
            ``reporting-org`` is one of them, activity ids lose the ``<ref>-`` prefix the
            export gave them.
        name: The name used for the file in problems and errors (default: the file's name, or
            ``"<bytes>"``).

    Returns:
        The activities, partners and indicators, the report, the rejected rows and the counts.

    Raises:
        IatiFileError: when the file is empty, binary, not well-formed (e.g. truncated) or not
            an IATI activity file; nothing is imported then.
        UnsafeXmlError: when the document has a DOCTYPE (entity declarations, external DTD).
        OSError: when the file cannot be opened.
    """
    stream, label = open_source(source, name)
    importer = _Importer(
        label,
        lead_organisation_id,
        ActivityKind(kind),
        today or date.today(),
        organisation_ids,
        organisation_refs,
    )
    count = 0
    with stream:
        for count, element in iter_activities(stream, label):
            importer.add(count, element)
    return importer.result(count)
