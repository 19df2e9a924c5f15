"""A register's one sheet as its keeper laid it out: title rows, then the header, then rows.

Registers kept by hand often open with a title (``SỔ THEO DÕI HOẠT ĐỘNG ĐỐI NGOẠI NĂM 2025``),
the unit's name or a blank line before the row that names the columns. :func:`read_sheet`
finds that header row among the first rows of a CSV file or of a workbook's first sheet: the
first row naming the mapping's columns (when a mapping is given), otherwise the first row in
which at least two cells name something a mapping recognises (``Mã hoạt động``, ``Loại
hình`` …). The rows above it are kept, with their row numbers, to be reported, never dropped
silently; the rows below are the register's records.

A workbook's cells merged across rows below the header (one partner for two activities) give
their value to every row they cover, and each such merge is kept to be reported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from ppd_core.errors import FileFormatError
from ppd_core.io._text import decode_lines
from ppd_core.io.mapping import ColumnMapping, propose_mapping

__all__ = ["Sheet", "read_sheet"]

SEARCHED: Final = 20
"""How many non-empty rows are searched for the header."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """A register's sheet: its header, its records and what stood above the header.

    Attributes:
        header: The column names, trimmed (trailing empty cells left out).
        rows: The records below the header, each as long as the header.
        numbers: The row number of each record in the file, as the user sees it.
        name: The sheet's name (the file's name for a CSV file).
        header_row: The row number of the header.
        above: Each non-empty row above the header: its number and its cells joined.
        merged: Each merge below the header that covers several rows: its cells (``E10:E11``),
            first and last row, and the value given to each.
    """

    header: list[str]
    rows: list[list[Any]]
    numbers: list[int]
    name: str
    header_row: int
    above: list[tuple[int, str]]
    merged: list[tuple[str, int, int, str]]


def read_sheet(path: Path, mapping: ColumnMapping | None = None) -> Sheet:
    """Read a register's CSV file or first sheet and find its header row.

    Raises:
        FileFormatError: the file is absent, of another kind, damaged or empty, or its header
            row has a column without a name.
    """
    if not path.exists():
        raise FileFormatError(str(path), "there is no such file")
    suffix = path.suffix.lower()
    merges: list[tuple[int, int, int, int, str]] = []
    if suffix in (".xlsx", ".xlsm"):
        records, name, merges = _workbook_records(path)
    elif suffix == ".csv":
        records, name = _csv_records(path)
    else:
        raise FileFormatError(path.name, "a register is read from a .csv or .xlsx file")
    if not records:
        raise FileFormatError(path.name, "the file is empty")
    at = _header_at(records, mapping)
    header_row, header = records[at]
    merged = _spread(records, merges, header_row)
    header = list(header)
    while header and not _filled(header[-1]):
        header.pop()
    if not header:
        raise FileFormatError(path.name, f"row {header_row} must name the columns")
    names = [str(h).strip() if h is not None else "" for h in header]
    if "" in names:
        raise FileFormatError(
            path.name,
            f"column {names.index('') + 1} of the header (row {header_row}) has no name: "
            "name it, or delete the column",
        )
    width = len(names)
    rows = [r[:width] + [None] * (width - len(r)) for _, r in records[at + 1 :]]
    above = [(n, " | ".join(str(c).strip() for c in r if _filled(c))) for n, r in records[:at]]
    numbers = [n for n, _ in records[at + 1 :]]
    return Sheet(names, rows, numbers, name, header_row, above, merged)


def _spread(
    records: list[tuple[int, list[Any]]],
    merges: list[tuple[int, int, int, int, str]],
    header_row: int,
) -> list[tuple[str, int, int, str]]:
    """Give a merge's value to every cell it covers below the header; return those merges."""
    by_row = dict(records)
    spread = []
    for first, last, left, right, where in merges:
        if first <= header_row or last == first or first not in by_row:
            continue
        value = by_row[first][left - 1] if left - 1 < len(by_row[first]) else None
        if not _filled(value):
            continue
        for n in range(first, last + 1):
            cells = by_row.get(n)
            if cells is None:
                continue
            cells.extend([None] * (right - len(cells)))
            for c in range(left - 1, right):
                cells[c] = value
        spread.append((where, first, last, str(value).strip()))
    return spread


def _filled(cell: Any) -> bool:
    return cell is not None and bool(str(cell).strip())


def _header_at(records: list[tuple[int, list[Any]]], mapping: ColumnMapping | None) -> int:
    """The index of the header among the (non-empty) records; the first when none is found."""
    for i, (_, cells) in enumerate(records[:SEARCHED]):
        names = [str(c).strip() for c in cells if _filled(c)]
        if mapping is not None:
            if mapping.columns and not mapping.missing(names):
                return i
        else:
            proposed = propose_mapping(names).columns
            if sum(c.target != "extra" for c in proposed) >= 2:
                return i
    return 0


def _csv_records(path: Path) -> tuple[list[tuple[int, list[Any]]], str]:
    from ppd_core.io.csvfmt import _delimiter

    content, _, _ = decode_lines(path.read_bytes(), path.name)
    try:
        found = list(csv.reader(io.StringIO(content, newline=""), delimiter=_delimiter(content)))
    except csv.Error as err:
        raise FileFormatError(path.name, f"broken CSV quoting: {err}") from None
    records = [
        (n, [c if c.strip() else None for c in r])
        for n, r in enumerate(found, start=1)
        if any(c.strip() for c in r)
    ]
    return records, path.name


def _workbook_records(
    path: Path,
) -> tuple[list[tuple[int, list[Any]]], str, list[tuple[int, int, int, int, str]]]:
    from openpyxl import load_workbook

    from ppd_core.io.excel import MAX_ROWS, _check_zip

    data = path.read_bytes()
    _check_zip(data, path.name)
    try:
        # not read-only: only a full workbook knows its merged cells (a register is small)
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many kinds on damaged files
        raise FileFormatError(path.name, f"the workbook cannot be opened ({err})") from None
    try:
        ws = wb.worksheets[0]
        found = list(ws.iter_rows(values_only=True, max_row=MAX_ROWS))
        title = str(ws.title)
        merges = [
            (m.min_row, m.max_row, m.min_col, m.max_col, m.coord) for m in ws.merged_cells.ranges
        ]
    finally:
        wb.close()
    if not found:
        raise FileFormatError(path.name, "the first sheet is empty")
    records = [(n, list(r)) for n, r in enumerate(found, start=1) if any(map(_filled, r))]
    return records, title, merges
