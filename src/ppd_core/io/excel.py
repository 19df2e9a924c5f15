"""Excel workbooks (``.xlsx``): one sheet per table, named after the table.

Written with a bold header row (row 1, frozen), dates as Excel dates shown ``dd/mm/yyyy``,
numbers as Excel numbers where Excel holds them exactly (else as text with every digit),
formula-like text neutralised (see :func:`ppd_core.io.neutralise`). Read without evaluating
anything: a formula cell gives the value Excel last computed and saved (a formula never
computed, e.g. in a file written by a program, reads as empty). Sheets named ``README`` or
starting with ``_`` are notes, not tables, and are not read.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
import zlib
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from ppd_core.errors import FileFormatError, Problem
from ppd_core.i18n import Lang, phrase, text
from ppd_core.io._export import excel_column, write_file
from ppd_core.io._ingest import RawTable, check_header, ingest
from ppd_core.io._result import ReadResult
from ppd_core.rules import RULES
from ppd_core.tables import SCHEMA

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ppd_core.dataset import Dataset
    from ppd_core.reference import ReferenceData

__all__ = [
    "EXTRA_COLUMNS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_SECONDS",
    "MAX_UNZIPPED",
    "RATIO_FROM",
    "read_excel",
    "write_excel",
]

MAX_UNZIPPED: Final = 1 << 30
"""The most bytes a workbook may unpack to (1 GiB): larger ones are refused (zip bombs)."""

MAX_RATIO: Final = 100
"""The most a part of a workbook larger than :data:`RATIO_FROM` may unpack to per byte it
takes packed. Workbooks of data pack about 10:1; a bomb packs its padding hundreds to one."""

RATIO_FROM: Final = 10 << 20
"""Parts smaller than this (10 MiB unpacked) may pack as tightly as they like."""

MAX_ROWS: Final = 1_048_576
"""The most rows a sheet may have (Excel's own limit): declared or read, more are refused."""

MAX_SECONDS: Final = 600.0
"""The longest a workbook may take to read; a slower one is refused (a sheet built to be slow)."""

EXTRA_COLUMNS: Final = 50
"""How many cells beyond the header's columns are read per row (to report them); cells further
right are not even built, so a cell in column XFD cannot make every row 16,384 cells wide."""

DATE_FORMAT: Final = "DD/MM/YYYY"
_NOT_TABLES: Final = ("readme", "đọc trước")


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _where(sheet: str, column: str, i: int) -> str:
    return f"{sheet}, row {i + 2}, column {column}"


def write_excel(dataset: Dataset, path: str | Path, *, personal_data: bool = True) -> Path:
    """Write every table of ``dataset`` as a sheet of an ``.xlsx`` workbook; return its path.

    Args:
        dataset: The records to write.
        path: The workbook to write (replaced if it exists).
        personal_data: ``False`` leaves personal data out (see
            :data:`ppd_core.io.PERSONAL_DATA`).

    Raises:
        FileFormatError: a text holds a character Excel cannot store, or is too long.
    """
    return write_file(dataset, path, personal_data, _workbook, _save)


def _workbook(frames: dict[str, pd.DataFrame], target: Path) -> Workbook:
    """The workbook of ``frames``, one sheet a table (every value checked first)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cells = {  # every value first: a refused text stops before any file is begun
        name: [
            excel_column(frames[name], c, partial(_where, f"{target.name}, sheet {name}", c.name))
            for c in spec.columns
        ]
        for name, spec in SCHEMA.items()
    }
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, spec in SCHEMA.items():
        ws = wb.create_sheet(name)
        for k, col in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(k)].width = max(12, len(col.name) + 2)
        ws.freeze_panes = "A2"
        header = []
        for col in spec.columns:
            cell = WriteOnlyCell(ws, value=col.name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        dated = [k for k, c in enumerate(spec.columns) if c.dtype == "date"]
        for values in zip(*cells[name], strict=True):
            row: list[Any] = list(values)
            for k in dated:
                if isinstance(row[k], date):
                    cell = WriteOnlyCell(ws, value=row[k])
                    cell.number_format = DATE_FORMAT
                    row[k] = cell
            ws.append(row)
    return wb


def _save(wb: Workbook, target: Path) -> None:
    wb.save(target)


def _check_zip(data: bytes, name: str, lang: Lang = "en") -> None:
    """Refuse what is not a readable ZIP archive of a sensible size, before openpyxl sees it.

    Sizes, packing ratios and the rows each sheet declares are read from the archive's
    directory and the first bytes of each sheet, never by unpacking the whole.
    """
    if not data:
        raise FileFormatError(name, "the file is empty (0 bytes); expected an .xlsx workbook")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(
            name, "this is an old Excel 97-2003 (.xls) file; save it as .xlsx and read that"
        )
    if not data.startswith(b"PK"):
        raise FileFormatError(name, "this is not an .xlsx workbook (not a ZIP archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            size = sum(info.file_size for info in infos)
            names = set(archive.namelist())
            bomb = _bomb(archive, infos, lang) if size <= MAX_UNZIPPED else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, zlib.error) as err:
        raise FileFormatError(
            name, f"the workbook is truncated or damaged (not a readable ZIP archive: {err})"
        ) from None
    if bomb is not None:
        raise FileFormatError(name, bomb)
    if size > MAX_UNZIPPED:
        raise FileFormatError(
            name, f"the workbook unpacks to {size:,} bytes, more than {MAX_UNZIPPED:,}; refused"
        )
    if "xl/workbook.xml" not in names:
        raise FileFormatError(name, "this ZIP archive is not an .xlsx workbook")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*[0-9]*:?[A-Z]*([0-9]+)"')


def _bomb(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], lang: Lang) -> str | None:
    """Why the archive is refused: a part packed like a bomb, a sheet declaring too many rows."""
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size >= RATIO_FROM and info.file_size / packed > MAX_RATIO:
            return text(
                "part {part} unpacks to {size} bytes from {packed} ({ratio}:1, more than "
                "{most}:1): a workbook of data packs about 10:1, so this one was built to "
                "exhaust memory; refused. Save the data again from the program that made it.",
                lang,
                part=info.filename,
                size=f"{info.file_size:,}",
                packed=f"{info.compress_size:,}",
                ratio=info.file_size // packed,
                most=MAX_RATIO,
            )
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with archive.open(info) as part:
                head = part.read(4096)
            found = _DIMENSION.search(head)
            if found and int(found[1]) > MAX_ROWS:
                return text(
                    "part {part} declares {rows} rows, more than the {most} a sheet can "
                    "have; refused.",
                    lang,
                    part=info.filename,
                    rows=f"{int(found[1]):,}",
                    most=f"{MAX_ROWS:,}",
                )
    return None


def _sheet_table(ws: Any, table: str, name: str, deadline: float, lang: Lang) -> RawTable | None:
    """Read one sheet; ``None`` when it is completely empty.

    Raises:
        FileFormatError: the sheet has more than :data:`MAX_ROWS` rows, or reading it goes on
            past ``deadline`` (a :func:`time.monotonic` time).
    """
    ws.reset_dimensions()  # do not trust the size the file claims: read every row there is
    header = next(ws.iter_rows(max_row=1, values_only=True), None)
    source = f"{name}, sheet {ws.title}"
    if header is not None:
        while header and _is_blank(header[-1]):
            header = header[:-1]
    rows = ws.iter_rows(min_row=2, max_col=len(header or ()) + EXTRA_COLUMNS, values_only=True)
    if header is None or all(_is_blank(v) for v in header):
        if any(not all(_is_blank(v) for v in r) for r in rows):
            raise FileFormatError(source, "row 1 must name the columns of the table")
        return None
    names = check_header(list(header), table, source)
    width = len(names)
    cells: list[list[Any]] = []
    numbers: list[int] = []
    problems: list[tuple[int, Problem]] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS or (number % 1000 == 0 and time.monotonic() > deadline):
            raise FileFormatError(source, _too_big(number, lang))
        record = list(values)
        if all(_is_blank(v) for v in record):
            continue
        extra = [v for v in record[width:] if not _is_blank(v)]
        if extra:
            detail = phrase(
                "the row has cells beyond the {width} named columns: {extra} belong to no column",
                width=width,
                extra=extra[:5],
            )
            shown = ", ".join(str(v) for v in extra)
            found = RULES["PPD002"].problem(None, None, None, shown, detail=detail)
            problems.append((len(numbers), found))
        cells.append(record[:width] + [None] * (width - len(record)))
        numbers.append(number)
    frame = pd.DataFrame(cells, columns=names, dtype=object)
    if not cells:
        frame = pd.DataFrame({n: pd.Series([], dtype=object) for n in names})
    rows_at = np.asarray(numbers, dtype=np.int64)
    return RawTable(table, frame, rows_at, name, table, True, problems)


def _too_big(number: int, lang: Lang) -> str:
    if number > MAX_ROWS:
        return text(
            "the sheet has more than {most} rows, the most a sheet can have; refused.",
            lang,
            most=f"{MAX_ROWS:,}",
        )
    return text(
        "reading the sheet took more than {seconds} seconds (at row {row}); a sheet of data "
        "reads far faster, so this one was refused. Save the data again, or split it into "
        "several workbooks.",
        lang,
        seconds=f"{MAX_SECONDS:g}",
        row=f"{number:,}",
    )


def read_excel(
    path: str | Path,
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    known: Dataset | None = None,
    decimal_comma: bool = False,
    lang: Lang = "en",
) -> ReadResult:
    """Read an ``.xlsx`` workbook, one sheet per table (e.g. a filled template).

    Args:
        path: The workbook.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        known: Records already recorded (a database's), checked with the file's:
            the file may refer to them (see :func:`ppd_core.io._ingest.ingest`).
        decimal_comma: Read an ambiguous ``1.500`` typed as text as 1500 (see
            :func:`ppd_core.io.parse_number`); Excel numbers are numbers already.
        lang: The language of the reasons a workbook is refused.

    Returns:
        The good records, the report of every problem (``row``: the header is row 1), and
        the rejected rows.

    Raises:
        FileFormatError: the file is empty, not an ``.xlsx`` workbook, truncated or damaged,
            has a sheet that is not a table, or is a bomb: it unpacks to more than
            :data:`MAX_UNZIPPED` bytes, a part packs tighter than :data:`MAX_RATIO`, a sheet
            declares or has more than :data:`MAX_ROWS` rows, or reading takes longer than
            :data:`MAX_SECONDS`.
    """
    from openpyxl import load_workbook

    source = Path(path)
    name = source.name
    try:
        data = source.read_bytes()
    except OSError as err:
        raise FileFormatError(name, f"cannot be read: {err.strerror or err}") from None
    _check_zip(data, name, lang)
    deadline = time.monotonic() + MAX_SECONDS
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on damaged files
        raise FileFormatError(
            name, f"the workbook is damaged and cannot be opened ({type(err).__name__}: {err})"
        ) from None
    tables: dict[str, RawTable] = {}
    try:
        for ws in wb.worksheets:
            title = str(ws.title)
            table = title.strip().lower()
            if table in SCHEMA:
                try:
                    raw = _sheet_table(ws, table, name, deadline, lang)
                except FileFormatError:
                    raise
                except Exception as err:  # a damaged sheet: zlib, XML or ZIP errors
                    raise FileFormatError(
                        f"{name}, sheet {title}",
                        f"the sheet is damaged and cannot be read ({type(err).__name__}: {err})",
                    ) from None
                if raw is not None:
                    tables[table] = raw
            elif table not in _NOT_TABLES and not title.startswith("_"):
                raise FileFormatError(
                    name,
                    f"sheet {title!r} is not a table (expected sheets named {list(SCHEMA)}); "
                    "rename it to start with '_' to keep it out of the import",
                )
    finally:
        wb.close()
    return ingest(
        tables, today=today, reference=reference, decimal_comma=decimal_comma, known=known
    )
