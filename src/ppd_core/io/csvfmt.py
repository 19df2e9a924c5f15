r"""CSV: one file per table, named after the table (``activities.csv`` …).

Written as UTF-8 with a byte-order mark (so that Excel shows Vietnamese correctly),
comma-separated, ``\r\n`` line ends, quoted where needed; dates ISO ``YYYY-MM-DD``; numbers
plain with a ``.`` decimal mark; formula-like text neutralised (see
:func:`ppd_core.io.neutralise`). Read with UTF-8 (with or without BOM), UTF-16 (with BOM) or
Windows-1258 detected line by line (a line in another encoding than the rest, or mojibake, is
reported, not imported); comma, semicolon or tab separators detected from the header; a row
with more or fewer cells than the header is reported as such, and a trailing separator on
every row is ignored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ppd_core.errors import FileFormatError, Problem
from ppd_core.i18n import Lang, text
from ppd_core.io._export import text_column, write_tables
from ppd_core.io._ingest import RawTable, check_header, ingest, table_files
from ppd_core.io._result import ReadResult
from ppd_core.io._text import decode_lines
from ppd_core.tables import TableSpec

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
    return write_tables(dataset, folder, personal_data, ".csv", _write_table)


def _write_table(frame: pd.DataFrame, spec: TableSpec, path: Path) -> None:
    """One table as a CSV file: UTF-8 with a byte-order mark (Excel needs it), CRLF lines."""
    columns = [text_column(frame, c, spreadsheet=True) for c in spec.columns]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(spec.column_names)
        writer.writerows(zip(*columns, strict=True))


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cell: str) -> bool:
    return not cell.strip()


_QUOTED = re.compile(r'"(?:[^"]|"")*"')

csv.field_size_limit(2**31 - 1)  # a long text is a long text: the checks judge it, not the parser


def _widths_agree(text: str, sep: str) -> bool:
    """Whether every line has as many cells as the header (quoted text may hold anything)."""
    bare = _QUOTED.sub("", text) if '"' in text else text
    lines = bare.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    width = lines[0].count(sep) if lines else 0
    return all(line.count(sep) == width or not line.strip() for line in lines)


def _parse_quick(text: str, table: str, source: str, sep: str) -> RawTable | None:
    """Split well-formed CSV with pandas' C parser; ``None`` sends odd files the strict way.

    Files with rows of another width than the header, broken quoting or repeated column
    names go through the ``csv`` module, which reports each of those precisely.
    """
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except (csv.Error, StopIteration):
        return None
    if not header or len(set(header)) != len(header) or any(_blank(c) for c in header):
        return None
    if not _widths_agree(text, sep):
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text, newline=""),
            sep=sep,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            index_col=False,
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


def parse_csv(
    text: str,
    table: str,
    source: str,
    delimiter: str | None = None,
    *,
    odd_lines: Mapping[int, str] | None = None,
    lang: Lang = "en",
    line_offset: int = 0,
) -> RawTable:
    """Split CSV text into a raw table; the header row is row 1, the first record row 2.

    Completely empty rows are skipped (they hold nothing) but still counted. Blank cells
    after the last column (the trailing separator many exporters write) are ignored. A row
    with more cells than the header names columns, or fewer, is one problem saying so, and
    so is a row on one of ``odd_lines`` (see :func:`ppd_core.io._text.decode_lines`); their
    cells are kept with the rejected rows, unjudged. ``line_offset`` is added to the line
    numbers the problems name (for a block of a bigger file).

    Raises:
        FileFormatError: the header is missing or names unknown columns, or the quoting is
            broken.
    """
    sep = delimiter or _delimiter(text)
    odd = dict(odd_lines or {})
    quick = None if odd else _parse_quick(text, table, source, sep)
    if quick is not None:
        return quick
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader, [])
        while header and _blank(header[-1]):
            header = header[:-1]
        if not header:
            raise FileFormatError(source, f"the first row must name the columns of {table!r}")
        names = check_header(header, table, source)
        width = len(names)
        cells: list[list[str | None]] = []
        rows: list[int] = []
        problems: list[tuple[int, Problem]] = []
        unread: set[int] = set()
        last_line = reader.line_num
        for number, record in enumerate(reader, start=2):
            lines = range(last_line + 1, reader.line_num + 1)
            last_line = reader.line_num
            if all(_blank(c) for c in record):
                continue
            used = len(record)
            while used > width and _blank(record[used - 1]):
                used -= 1
            why = _unreadable(used, width, record, lines, odd, lang, line_offset)
            if why is not None:
                unread.add(len(rows))
                problems.append((len(rows), why))
            padded = record[:width] + [""] * (width - len(record))
            cells.append([c if c != "" else None for c in padded])
            rows.append(number)
    except csv.Error as err:
        raise FileFormatError(
            source, f"broken CSV quoting near line {reader.line_num}: {err}"
        ) from None
    frame = pd.DataFrame(cells, columns=names, dtype=object)
    if not cells:
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    rows_at = np.asarray(rows, dtype=np.int64)
    return RawTable(table, frame, rows_at, source, table, True, problems, unread)


_SHOWN = 60


def _unreadable(
    used: int,
    width: int,
    record: list[str],
    lines: range,
    odd: Mapping[int, str],
    lang: Lang,
    line_offset: int = 0,
) -> Problem | None:
    """The problem of a row that cannot be read as a whole, if it is one."""
    start = lines.start + line_offset
    if used != width:
        message = text(
            "The row has {cells} cells but the header names {columns} columns, so its values "
            "cannot be matched to the columns; it was not imported. Check the row's separators "
            "and quotes (a value holding the separator must be in double quotes) and import it "
            "again.",
            lang,
            cells=used,
            columns=width,
        )
        return Problem("PPD002", message, value=_joined(record)[:_SHOWN])
    found = [odd[n] for n in lines if n in odd]
    if not found:
        return None
    if "mojibake" in found:
        message = text(
            "Line {line} is garbled text (UTF-8 that was once read as Windows-1258 and saved "
            'again, e.g. "Há»™i" for "Hội"); it was not imported. Correct the text and '
            "import the row again.",
            lang,
            line=start,
        )
    else:
        message = text(
            "Line {line} is in another text encoding ({encoding}) than the rest of the file; it "
            "was read in its own encoding but not imported, to be checked. Save the whole file "
            "as UTF-8 and import the row again.",
            lang,
            line=start,
            encoding=_ENCODING_NAMES.get(found[0], found[0]),
        )
    return Problem("PPD002", message, value=_joined(record)[:_SHOWN])


_ENCODING_NAMES = {"utf-8": "UTF-8", "cp1258": "Windows-1258"}


def _joined(record: list[str]) -> str:
    """A row's cells as one text, for a problem's value."""
    return " | ".join(record)


def read_csv(
    source: str | Path | Iterable[str | Path],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    known: Dataset | None = None,
    decimal_comma: bool = False,
    delimiter: str | None = None,
    lang: Lang = "en",
) -> ReadResult:
    """Read CSV files (a folder of them, one file, or a list of files), one per table.

    Each file is named after its table (``activities.csv``); tables without a file are empty.

    Args:
        source: A folder (every ``*.csv`` in it is read), a file, or files.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        known: Records already recorded (a database's), checked with the file's:
            the file may refer to them (see :func:`ppd_core.io._ingest.ingest`).
        decimal_comma: Read an ambiguous ``1.500`` as 1500 and ``1,500`` as 1.5 (Vietnamese
            style); see :func:`ppd_core.io.parse_number`.
        delimiter: The separator; by default detected from the header row.
        lang: The language of the problems about whole rows (cell counts, encodings).

    Returns:
        The good records, the report of every problem (``row``: the header is row 1), and
        the rejected rows.

    Raises:
        FileFormatError: a file is empty, binary, not CSV, or not named after a table.
    """
    tables: dict[str, RawTable] = {}
    encodings: dict[str, str] = {}
    for table, name, data in table_files(source, ".csv"):
        content, encodings[name], odd = decode_lines(data, name)
        tables[table] = parse_csv(content, table, name, delimiter, odd_lines=odd, lang=lang)
    return ingest(
        tables,
        today=today,
        reference=reference,
        decimal_comma=decimal_comma,
        encodings=encodings,
        known=known,
    )
