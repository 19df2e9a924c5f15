r"""CSV: one file per table, named after the table (``activities.csv`` …).

Written as UTF-8 with a byte-order mark (so that Excel shows Vietnamese correctly),
comma-separated, ``\r\n`` line ends, quoted where needed; dates ISO ``YYYY-MM-DD``; numbers
plain with a ``.`` decimal mark; formula-like text neutralised (see
:func:`ppd_core.io.neutralise`). Read with UTF-8 (with or without BOM), UTF-16 (with BOM) or
Windows-1258 detected; comma, semicolon or tab separators detected from the header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ppd_core.errors import FileFormatError, Problem
from ppd_core.io._export import export_frames, text_column
from ppd_core.io._ingest import RawTable, check_header, ingest, source_files
from ppd_core.io._result import ReadResult
from ppd_core.io._text import decode
from ppd_core.rules import RULES
from ppd_core.tables import SCHEMA

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.reference import ReferenceData

__all__ = ["read_csv", "write_csv"]

_DELIMITERS = (",", ";", "\t")


def write_csv(dataset: Dataset, folder: str | Path, *, personal_data: bool = True) -> list[Path]:
    """Write every table of ``dataset`` as a CSV file in ``folder``; return the files.

    Args:
        dataset: The records to write.
        folder: The folder (created if needed); existing files of the same names are replaced.
        personal_data: ``False`` leaves personal data out (see
            :data:`ppd_core.io.PERSONAL_DATA`).
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    frames = export_frames(dataset, personal_data)
    written: list[Path] = []
    for name, spec in SCHEMA.items():
        columns = [text_column(frames[name], c, spreadsheet=True) for c in spec.columns]
        path = target / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow(spec.column_names)
            writer.writerows(zip(*columns, strict=True))
        written.append(path)
    return written


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cell: str) -> bool:
    return not cell.strip()


def _parse_quick(text: str, table: str, source: str, sep: str) -> RawTable | None:
    """Split well-formed CSV with pandas' C parser; ``None`` sends odd files the strict way.

    Files with rows longer than the header, broken quoting or repeated column names go
    through the ``csv`` module, which reports each of those precisely.
    """
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except (csv.Error, StopIteration):
        return None
    if not header or len(set(header)) != len(header) or all(_blank(c) for c in header):
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text, newline=""),
            sep=sep,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        return None
    if list(frame.columns) != header:
        return None
    names = check_header(header, table, source)
    frame.columns = pd.Index(names)
    empty = np.ones(len(frame), dtype=bool)
    for name in names:  # a row is empty when every cell is blank
        empty &= (frame[name].fillna("").str.strip() == "").to_numpy(dtype=bool)
    keep = ~empty
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)[keep]
    kept = frame[keep].reset_index(drop=True)
    kept = kept.where(kept != "", None).astype(object)
    return RawTable(table, kept, rows, source, table, True, [])


def parse_csv(text: str, table: str, source: str, delimiter: str | None = None) -> RawTable:
    """Split CSV text into a raw table; the header row is row 1, the first record row 2.

    Completely empty rows are skipped (they hold nothing) but still counted.

    Raises:
        FileFormatError: the header is missing or names unknown columns, or the quoting is
            broken.
    """
    sep = delimiter or _delimiter(text)
    quick = _parse_quick(text, table, source, sep)
    if quick is not None:
        return quick
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        records = list(reader)
    except csv.Error as err:
        raise FileFormatError(
            source, f"broken CSV quoting near line {reader.line_num}: {err}"
        ) from None
    if not records or all(_blank(c) for c in records[0]):
        raise FileFormatError(source, f"the first row must name the columns of {table!r}")
    names = check_header(records[0], table, source)
    width = len(names)
    cells: list[list[str | None]] = []
    rows: list[int] = []
    problems: list[tuple[int, Problem]] = []
    for number, record in enumerate(records[1:], start=2):
        if all(_blank(c) for c in record):
            continue
        extra = [c for c in record[width:] if not _blank(c)]
        if extra:
            detail = (
                f"the row has {len(record)} cells but the header names {width} columns; the "
                f"extra cells {extra[:5]} belong to no column"
            )
            message = RULES["PPD002"].render(detail=detail)
            problems.append((len(rows), Problem("PPD002", message, value=", ".join(extra))))
        padded = record[:width] + [""] * (width - len(record))
        cells.append([c if c != "" else None for c in padded])
        rows.append(number)
    frame = pd.DataFrame(cells, columns=names, dtype=object)
    if not cells:
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    return RawTable(table, frame, np.asarray(rows, dtype=np.int64), source, table, True, problems)


def read_csv(
    source: str | Path | Iterable[str | Path],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    decimal_comma: bool = False,
    delimiter: str | None = None,
) -> ReadResult:
    """Read CSV files (a folder of them, one file, or a list of files), one per table.

    Each file is named after its table (``activities.csv``); tables without a file are empty.

    Args:
        source: A folder (every ``*.csv`` in it is read), a file, or files.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        decimal_comma: Read an ambiguous ``1.500`` as 1500 and ``1,500`` as 1.5 (Vietnamese
            style); see :func:`ppd_core.io.parse_number`.
        delimiter: The separator; by default detected from the header row.

    Returns:
        The good records, the report of every problem (``row``: the header is row 1), and
        the rejected rows.

    Raises:
        FileFormatError: a file is empty, binary, not CSV, or not named after a table.
    """
    tables: dict[str, RawTable] = {}
    encodings: dict[str, str] = {}
    for path in source_files(source, ".csv"):
        table = path.stem.strip().lower()
        if table not in SCHEMA:
            raise FileFormatError(
                path.name, f"the file name must be a table name, one of {list(SCHEMA)}"
            )
        if table in tables:
            raise FileFormatError(path.name, f"table {table!r} is given by two files")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise FileFormatError(path.name, f"cannot be read: {err.strerror or err}") from None
        text, encodings[path.name] = decode(data, path.name)
        tables[table] = parse_csv(text, table, path.name, delimiter)
    return ingest(
        tables,
        today=today,
        reference=reference,
        decimal_comma=decimal_comma,
        encodings=encodings,
    )
