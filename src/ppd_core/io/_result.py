"""The outcome of reading a file: the good records, every problem, and the rejected rows."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ppd_core.errors import ValidationReport
from ppd_core.io._export import plain_cells
from ppd_core.tables import SCHEMA

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.dataset import Dataset
    from ppd_core.i18n import Lang

__all__ = ["ReadResult"]


@dataclass(frozen=True, eq=False)
class ReadResult:
    """What a reader returns: the good records, a report of every problem, the rejected rows.

    Nothing is dropped silently: every row of the file is either in :attr:`dataset` or in
    :attr:`rejected`, and every rejected record has at least one problem in :attr:`report`
    (rows of a record travel together: a record is rejected with all its link-table rows).

    Attributes:
        dataset: The good records only (it passed every check of
            :meth:`ppd_core.Dataset.from_frames`).
        report: Every problem found, each with its rule code, ``source`` (the file name),
            ``sheet`` (the table, for JSON the top-level array), ``row`` and the offending
            value. ``row`` is the row as the user sees it in the file: in CSV and Excel the
            header is row 1, so the first record is row 2; in JSON it is the record's position
            in its array (1-based, link items point at their record); in Parquet the 1-based
            position in the file.
        rejected: The rejected rows per table (only tables that have some), with their
            original cells, the ``source`` and ``row`` they came from and a ``problems``
            column giving the reasons.
        accepted: Rows accepted per table (every table of the schema).
        sources: The file each table was read from.
        encodings: The text encoding used for each text file read (``utf-8``,
            ``utf-8-sig`` — UTF-8 with a byte-order mark —, ``utf-16`` or ``cp1258``).
    """

    dataset: Dataset
    report: ValidationReport
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)
    accepted: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every row was accepted and there is no problem."""
        return self.report.ok and not self.rejected

    @property
    def rejected_counts(self) -> dict[str, int]:
        """Rows rejected per table (every table of the schema)."""
        return {name: len(self.rejected[name]) if name in self.rejected else 0 for name in SCHEMA}

    def summary(self, lang: Lang | None = None) -> str:
        """Return a short text: rows accepted and rejected per table, then the problems.

        Tables are named as in the files (``activities``), in every language.

        Args:
            lang: The language (default: :func:`~ppd_core.i18n.default_lang`).
        """
        from ppd_core.i18n import count, default_lang, text

        lang = default_lang(lang)
        lines = []
        for name in SCHEMA:
            good, bad = self.accepted.get(name, 0), self.rejected_counts[name]
            if good or bad:
                line = text(
                    "{table}: {accepted} accepted, {rejected} rejected",
                    lang,
                    table=name,
                    accepted=count(good, lang),
                    rejected=count(bad, lang),
                )
                lines.append(line)
        return "\n".join([*lines, self.report.summary(lang=lang)])

    def write_rejected(self, path: str | Path, lang: Lang = "en") -> Path:
        """Write the rejected rows with their reasons to a side file; return its path.

        A path ending in ``.xlsx`` gets a workbook with one sheet per table that has rejected
        rows plus a ``problems`` sheet (the whole report); any other path is a folder that gets
        one CSV file per such table plus ``problems.csv``. Cells are made safe to open in a
        spreadsheet (see :func:`ppd_core.io.neutralise`). The ``message`` column of the
        problems is in ``lang``.
        """
        target = Path(path)
        sheets = self._rejected_sheets(lang)
        if target.suffix.lower() == ".xlsx":
            _write_xlsx(target, sheets)
        else:
            target.mkdir(parents=True, exist_ok=True)
            for name, frame in sheets.items():
                rows = plain_cells(frame.itertuples(index=False, name=None), excel=False)
                with (target / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
                    writer = csv.writer(f, lineterminator="\r\n")
                    writer.writerow([str(c) for c in frame.columns])
                    writer.writerows(rows)
        return target

    def _rejected_sheets(self, lang: Lang) -> dict[str, pd.DataFrame]:
        """The sheets of :meth:`write_rejected`: the rejected rows per table, the problems."""
        return {**self.rejected, "problems": self.report.to_frame(lang)}


def _write_xlsx(target: Path, sheets: dict[str, Any]) -> None:
    from openpyxl import Workbook

    target.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, frame in sheets.items():
        ws = wb.create_sheet(name[:31])
        ws.append([str(c) for c in frame.columns])
        for row in plain_cells(frame.itertuples(index=False, name=None), excel=True):
            ws.append(row)
    wb.save(target)
