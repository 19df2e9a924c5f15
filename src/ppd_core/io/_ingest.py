"""What every reader shares: cells → typed frames → every check → good records + rejected rows.

A reader turns its file into :class:`RawTable` objects (cells as read, the row of each in
the file); :func:`ingest` does the rest, the same way for every format:

1. cells are read as their column's type (:mod:`ppd_core.io._cells`): text normalised to
   NFC, blank cells missing, dates day first, numbers with thousands separators; a cell that
   cannot be read is a PPD002 problem;
2. :func:`ppd_core.validate_frames` and :func:`ppd_core.integrity.check_integrity` check every
   rule of the rule table (the readers add none of their own); a cell the reader could not
   read is not reported again by them, and its record's record rules are not run;
3. a record is rejected when its row, or any of its link-table rows, has a problem (its link
   rows go with it); a second row with an id already used is rejected on its own (the first
   is kept); then records that refer to a rejected record are rejected too (PPD110), until
   nothing changes; the good rows pass :meth:`ppd_core.Dataset.from_frames`.

Given the records already ``known`` (a shared database's), the file's records are checked
together with them: a new activity may name a partner or organisation the database holds. A
known record the file gives again is replaced by the file's; the others come with the result's
dataset (so that it is whole) and are never reported or counted as the file's.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ppd_core._fast import isin
from ppd_core.dataset import Dataset
from ppd_core.errors import FileFormatError, Problem, ValidationReport
from ppd_core.i18n import Phrase
from ppd_core.integrity import check_integrity
from ppd_core.io._cells import typed_frame
from ppd_core.io._result import ReadResult
from ppd_core.rules import RULES
from ppd_core.tables import SCHEMA, TableSpec
from ppd_core.validation import field_paths, validate_frames

if TYPE_CHECKING:
    from ppd_core.i18n import Lang
    from ppd_core.reference import ReferenceData

__all__ = ["RawTable", "cascaded", "check_header", "ingest", "reasons"]

_ORDER = {name: i for i, name in enumerate(SCHEMA)}
_MISSING = ", which is not in the dataset."
_CASCADE = (
    ", which is in the file but was rejected because of its own problems (see them in this "
    "report): fix those first."
)


@dataclass
class RawTable:
    """One table as a reader found it, before any check.

    Attributes:
        name: The table (see :data:`ppd_core.tables.SCHEMA`).
        frame: The cells as read (text, ``None`` or a native value), columns named as in
            the schema.
        rows: The row of each frame row in the file, as the user sees it.
        source: The file's name.
        sheet: The sheet (table) name reported in problems.
        spreadsheet: Whether cells may carry the apostrophe of formula neutralisation.
        problems: Problems found while reading, with the 0-based position of their row.
        unread: Positions of rows the reader could not read as a whole (cells not matching
            the header, an odd encoding): their reader's problem is the only one reported,
            since the checks would only judge shifted or garbled values.
    """

    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    source: str
    sheet: str
    spreadsheet: bool = False
    problems: list[tuple[int, Problem]] = field(default_factory=list)
    unread: set[int] = field(default_factory=set)


def check_header(header: Sequence[Any], table: str, source: str) -> list[str]:
    """Return a table's column names from a header row; refuse unknown or repeated names.

    Names are matched after trimming and lower-casing. Empty cells at the end are ignored.

    Raises:
        FileFormatError: a header cell is empty, unknown to the table, or repeated.
    """
    names = [
        unicodedata.normalize("NFC", str(h)).replace("\ufeff", "").strip().lower()
        if h is not None
        else ""
        for h in header
    ]
    while names and not names[-1]:
        names.pop()
    spec = SCHEMA[table]
    if not names:
        raise FileFormatError(source, f"the header row is empty; expected {spec.column_names}")
    if "" in names:
        raise FileFormatError(source, f"column {names.index('') + 1} of the header row has no name")
    unknown = [n for n in names if n not in spec.column_names]
    if unknown:
        raise FileFormatError(
            source,
            f"unknown column(s) {unknown} for table {table!r}; expected some of "
            f"{spec.column_names} (rename or remove them)",
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise FileFormatError(source, f"column(s) {repeated} appear more than once")
    return names


class _Rejections:
    """Which rows are kept; the problems of each row; which records are rejected."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]) -> None:
        self.keys = {t: frames[t][SCHEMA[t].key].tolist() for t in SCHEMA}
        self.keep = {t: np.ones(len(frames[t]), dtype=bool) for t in SCHEMA}
        self.first = {
            t: ~frames[t]["id"].duplicated().to_numpy(dtype=bool)
            for t, s in SCHEMA.items()
            if s.kind == "entity"
        }
        self.rejected_ids: dict[str, set[Any]] = {t: set() for t in self.first}
        self.problems: dict[str, dict[int, list[Problem]]] = {t: {} for t in SCHEMA}
        self._ids = {t: frames[t]["id"] for t in self.first}
        self._links = {t: frames[t][s.key] for t, s in SCHEMA.items() if s.parent}

    def add(self, table: str, pos: int, problem: Problem) -> None:
        """Record a problem of the row at ``pos``: the row, and maybe its record, is rejected."""
        spec = SCHEMA[table]
        key = self.keys[table][pos]
        if problem.record_id is None and not pd.isna(key):
            problem = dataclasses.replace(problem, record_id=str(key), entity=spec.entity)
        self.problems[table].setdefault(pos, []).append(problem)
        self.keep[table][pos] = False
        if pd.isna(key):
            return
        if spec.parent is not None:
            self.rejected_ids[spec.parent].add(key)
        elif self.first[table][pos]:
            self.rejected_ids[table].add(key)

    def propagate(self) -> None:
        """Reject every row of a rejected record, and link rows whose record is not kept."""
        for table, ids in self._ids.items():
            if self.rejected_ids[table]:
                self.keep[table] &= ~isin(ids, self.rejected_ids[table])
        for table, keys in self._links.items():
            parent = SCHEMA[table].parent or ""
            self.keep[table] &= isin(keys, self._ids[parent][self.keep[parent]])


def _failure_problems(
    spec: TableSpec, coerced: pd.DataFrame, failures: list[tuple[int, str, str, Phrase]]
) -> list[tuple[int, Problem]]:
    """PPD002 problems for cells that could not be read as their column's type."""
    out: list[tuple[int, Problem]] = []
    paths: dict[str, Any] = {}
    for pos, column, shown, detail in failures:
        if column not in paths:
            paths[column] = field_paths(spec, coerced, spec.column(column))
        where = paths[column]
        fld = where if isinstance(where, str) else str(where.iloc[pos])
        out.append((pos, RULES["PPD002"].problem(spec.entity, None, fld, shown, detail=detail)))
    return out


def ingest(
    tables: Mapping[str, RawTable],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    decimal_comma: bool = False,
    encodings: Mapping[str, str] | None = None,
    known: Dataset | None = None,
    known_ids: Mapping[str, pd.Series] | None = None,
    taken: Mapping[str, pd.Series] | None = None,
    rejected_elsewhere: Collection[str] = (),
) -> ReadResult:
    """Check the tables a reader found; keep the good records, report and keep the rest.

    Args:
        tables: Tables by name; absent tables are empty.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        decimal_comma: How to read an ambiguous ``1.500`` / ``1,500`` in text cells (see
            :func:`ppd_core.io.parse_number`).
        encodings: The encoding of each text file read, for the result.
        known: Records already recorded (see the module's documentation).
        known_ids: For a block of a file read in blocks: ids of the records of the other blocks,
            which references may name (see :func:`ppd_core.integrity.check_integrity`).
        taken: Ids used by the blocks read before (a record with one is a second record).
        rejected_elsewhere: Ids of records of other blocks that were rejected: a reference
            to one is reported as such (not as an id missing from the file).

    Returns:
        The result: good records, report, rejected rows and counts.
    """
    typed: dict[str, pd.DataFrame] = {}
    failed: dict[str, list[tuple[int, str, str, Phrase]]] = {}
    for name, raw in tables.items():
        typed[name], failed[name] = typed_frame(raw, SCHEMA[name], decimal_comma)
    from_file = {t: len(typed[t]) if t in typed else 0 for t in SCHEMA}
    if known is not None:
        typed = _with_known(typed, known)
    unreadable = {name: [(pos, col) for pos, col, _, _ in cells] for name, cells in failed.items()}
    coerced, report = validate_frames(
        typed, today=today, reference=reference, unreadable=unreadable
    )
    report += check_integrity(coerced, known=known_ids, taken=taken)
    if rejected_elsewhere:
        report = ValidationReport(
            cascaded(p) if str(p.value) in rejected_elsewhere else p for p in report
        )

    state = _Rejections(coerced)
    for name, failures in failed.items():
        unread = tables[name].unread
        for pos, problem in _failure_problems(SCHEMA[name], coerced[name], failures):
            if pos not in unread:
                state.add(name, pos, problem)
        for pos, problem in tables[name].problems:
            state.add(name, pos, problem)
    for p in report:
        table, pos = _at(p)
        if table not in tables or pos not in tables[table].unread:
            state.add(table, pos, p)
    state.propagate()

    if any(state.problems.values()):
        dataset = _settle(coerced, state, today, reference, known_ids)
    else:
        dataset = Dataset._wrap(coerced)  # it passed every check from_frames makes
    return _result(tables, state, dataset, encodings or {}, from_file)


def _with_known(typed: dict[str, pd.DataFrame], known: Dataset) -> dict[str, pd.DataFrame]:
    """The file's typed tables followed by the known records it does not give again.

    A known record comes with its link rows; one the file gives (by id) is left out, link
    rows and all, since the file's replaces it.
    """
    frames = known.to_frames()
    out = dict(typed)
    kept: dict[str, pd.Series] = {}
    for name, spec in SCHEMA.items():
        rows = frames[name]
        if spec.parent is None:
            mine: list[str] = (
                typed[name]["id"].dropna().astype("str").tolist() if name in typed else []
            )
            rows = rows[~rows["id"].astype("str").isin(mine)]
            kept[name] = rows["id"].astype("str")
        else:
            rows = rows[rows[spec.key].astype("str").isin(kept[spec.parent])]
        if rows.empty:
            continue
        rows = rows.reset_index(drop=True)
        out[name] = rows if name not in typed else pd.concat([typed[name], rows], ignore_index=True)
    return out


def _at(p: Problem) -> tuple[str, int]:
    """The table and 0-based position of a problem found by the checks on frames."""
    if p.sheet is None or p.row is None:  # pragma: no cover - the checks always locate them
        raise AssertionError(f"problem without a location: {p}")
    return p.sheet, p.row - 1


def _settle(
    coerced: dict[str, pd.DataFrame],
    state: _Rejections,
    today: date | None,
    reference: ReferenceData | None,
    known_ids: Mapping[str, pd.Series] | None,
) -> Dataset:
    """Reject records until the kept rows pass the checks of :meth:`Dataset.from_frames`."""
    while True:
        positions = {t: np.flatnonzero(state.keep[t]) for t in SCHEMA}
        kept = {t: coerced[t].iloc[positions[t]].reset_index(drop=True) for t in SCHEMA}
        checked, report = validate_frames(kept, today=today, reference=reference)
        report += check_integrity(checked, known=known_ids)
        if report.ok:
            return Dataset._wrap(checked)
        for p in report:
            table, pos = _at(p)
            state.add(table, int(positions[table][pos]), cascaded(p))
        state.propagate()


def cascaded(problem: Problem) -> Problem:
    """A PPD110 problem about a record that is in the file but was rejected, saying so."""
    if problem.code != "PPD110" or _MISSING not in problem.message:
        return problem
    note = problem.message.split(_MISSING)[0] + _CASCADE
    return dataclasses.replace(problem, message=note, context=None)  # shown as it is


def reasons(problems: Sequence[Problem], lang: Lang = "en") -> str:
    """The problems of one rejected row, in one cell: ``[code] field: message; …``."""
    return "; ".join(
        f"[{p.code}] {p.field or ''}: {p.message if lang == 'en' else p.message_in(lang)}"
        for p in problems
    )


def _result(
    tables: Mapping[str, RawTable],
    state: _Rejections,
    dataset: Dataset,
    encodings: Mapping[str, str],
    from_file: Mapping[str, int],
) -> ReadResult:
    """The result of the checks.

    Rows past ``from_file`` (known records checked with the file's) are not the file's: they
    are neither reported nor counted.
    """
    located: list[tuple[int, int, int, Problem]] = []
    rejected: dict[str, pd.DataFrame] = {}
    for name, raw in tables.items():
        spec = SCHEMA[name]
        for pos, problems in state.problems[name].items():
            if pos >= from_file[name]:
                continue
            for k, p in enumerate(problems):
                where = dataclasses.replace(
                    p, row=int(raw.rows[pos]), source=raw.source, sheet=raw.sheet
                )
                located.append((_ORDER[name], pos, k, where))
        bad = np.flatnonzero(~state.keep[name][: from_file[name]])
        if not len(bad):
            continue
        frame = raw.frame.iloc[bad].reset_index(drop=True)
        frame.insert(0, "row", raw.rows[bad].astype(np.int64))
        frame.insert(0, "source", raw.source)
        owner = SCHEMA[spec.parent] if spec.parent else spec
        why = []
        for pos in bad.tolist():
            own = state.problems[name].get(pos)
            key = state.keys[name][pos]
            why.append(
                reasons(own)
                if own
                else f"{owner.entity} '{key}' was rejected: see its problems in the report"
            )
        frame["problems"] = why
        rejected[name] = frame
    located.sort(key=lambda t: t[:3])
    return ReadResult(
        dataset=dataset,
        report=ValidationReport(t[3] for t in located),
        rejected=rejected,
        accepted={
            t: int(state.keep[t][: from_file[t]].sum()) if t in tables else 0 for t in SCHEMA
        },
        sources={name: raw.source for name, raw in tables.items()},
        encodings=dict(encodings),
    )


def table_files(
    source: str | Path | Iterable[str | Path], suffix: str
) -> Iterator[tuple[str, str, bytes]]:
    """The files to read, one per table: ``(table, file name, bytes)`` of each.

    ``source`` is a file, a folder (its ``suffix`` files are read) or a list of files; each
    file is named after its table.

    Raises:
        FileFormatError: the path does not exist, the folder holds no such file, a file is
            not named after a table or names one a second time, or cannot be read.
    """
    seen: set[str] = set()
    for path in _source_files(source, suffix):
        table = path.stem.strip().lower()
        if table not in SCHEMA:
            raise FileFormatError(
                path.name, f"the file name must be a table name, one of {list(SCHEMA)}"
            )
        if table in seen:
            raise FileFormatError(path.name, f"table {table!r} is given by two files")
        seen.add(table)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise FileFormatError(path.name, f"cannot be read: {err.strerror or err}") from None
        yield table, path.name, data


def _source_files(source: str | Path | Iterable[str | Path], suffix: str) -> list[Path]:
    """The files to read: ``source`` itself, the ``suffix`` files of a folder, or a list.

    Raises:
        FileFormatError: the path does not exist, or the folder holds no such file.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise FileFormatError(str(path), "there is no such file or folder")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == suffix)
            if not files:
                raise FileFormatError(str(path), f"the folder holds no {suffix} file")
            return files
        return [path]
    return [Path(p) for p in source]
