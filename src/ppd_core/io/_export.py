"""What every writer shares: personal data left out on request, and cells for each format."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import pandas as pd

from ppd_core.errors import FileFormatError
from ppd_core.io._text import neutralise
from ppd_core.tables import SCHEMA, Column, TableSpec, make_series, python_value
from ppd_core.vocab import RecipientKind

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = [
    "EXCEL_MAX_TEXT",
    "PERSONAL_DATA",
    "excel_column",
    "export_frames",
    "text_column",
    "text_value",
    "write_file",
    "write_tables",
]

T = TypeVar("T")

PERSONAL_DATA: Final = {
    "partners": "contact_name, contact_position, contact_email, contact_phone (every row)",
    "awards": "recipient_name, where recipient_kind is 'individual' or 'mixed'",
}
"""What ``personal_data=False`` leaves out, by table: the columns the schema marks personal
(a partner's contact person) and the names of individual award recipients (a collective's name
is the name of an organisation, not personal data)."""

EXCEL_MAX_TEXT: Final = 32767
"""The most characters an Excel cell holds."""

_EXCEL_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_FIRST_DAY: Final = date(1900, 3, 1)  # Excel's serial dates are unreliable before this
_EXCEL_DIGITS: Final = 15  # significant digits Excel keeps of a number


def export_frames(dataset: Dataset, personal_data: bool = True) -> dict[str, pd.DataFrame]:
    """Return the dataset's frames, with personal data blanked unless ``personal_data``.

    See :data:`PERSONAL_DATA` for what is left out.
    """
    frames = dataset.to_frames()
    if personal_data:
        return frames
    for name, spec in SCHEMA.items():
        personal = [c for c in spec.columns if c.personal]
        if not personal:
            continue
        frame = frames[name].copy()
        for col in personal:
            blank = make_series([None] * len(frame), col.dtype, col.vocabulary)
            frame[col.name] = blank.set_axis(frame.index)
        frames[name] = frame
    awards = frames["awards"].copy()
    named = (awards["recipient_kind"] != RecipientKind.COLLECTIVE.value).fillna(True)
    awards["recipient_name"] = awards["recipient_name"].mask(named.to_numpy(dtype=bool))
    frames["awards"] = awards
    return frames


def write_tables(
    dataset: Dataset,
    folder: str | Path,
    personal_data: bool,
    suffix: str,
    write: Callable[[pd.DataFrame, TableSpec, Path], None],
) -> list[Path]:
    """Write each table of ``dataset`` to ``folder/<table><suffix>`` by ``write``; the files.

    The folder is created if needed; personal data are left out unless ``personal_data``.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    frames = export_frames(dataset, personal_data)
    written: list[Path] = []
    for name, spec in SCHEMA.items():
        path = target / f"{name}{suffix}"
        write(frames[name], spec, path)
        written.append(path)
    return written


def write_file(
    dataset: Dataset,
    path: str | Path,
    personal_data: bool,
    build: Callable[[dict[str, pd.DataFrame], Path], T],
    save: Callable[[T, Path], None],
) -> Path:
    """Write ``dataset`` as one file at ``path``: ``build`` the content, then ``save`` it.

    Personal data are left out unless ``personal_data``. The whole content is built before the
    folder is created or the file touched, so a value ``build`` refuses leaves nothing behind.
    """
    target = Path(path)
    content = build(export_frames(dataset, personal_data), target)
    target.parent.mkdir(parents=True, exist_ok=True)
    save(content, target)
    return target


def _missing(value: Any) -> bool:
    return python_value(value) is None


def _float_text(x: float) -> str:
    """The shortest text that reads back as exactly ``x`` (``60`` rather than ``60.0``)."""
    if x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x)


def _decimal_text(d: Decimal) -> str:
    """A decimal as plain digits, without the storage scale's trailing zeros."""
    value = python_value(d)
    assert isinstance(value, Decimal)
    return format(value, "f")


def text_value(value: Any, dtype: str) -> str | None:
    """The text of one stored value of logical type ``dtype`` (``None`` when missing).

    Dates are ISO ``YYYY-MM-DD`` (unambiguous), numbers plain digits with a ``.`` decimal mark
    and no thousands separators, floats in their shortest exact form.
    """
    v = python_value(value)
    if v is None:
        return None
    if dtype == "date" and isinstance(v, date):
        return v.isoformat()
    if dtype == "float64" and isinstance(v, float):
        return _float_text(v)
    if dtype == "decimal" and isinstance(v, Decimal):
        return _decimal_text(v)
    if dtype == "boolean":
        return "true" if v else "false"
    return str(v)


def text_column(frame: pd.DataFrame, col: Column, *, spreadsheet: bool) -> list[str | None]:
    """The cells of one column as text; ``spreadsheet`` neutralises formula-like text."""
    values = [text_value(v, col.dtype) for v in frame[col.name].tolist()]
    if spreadsheet and col.dtype in ("str", "code"):
        return [None if v is None else neutralise(v) for v in values]
    return values


def _excel_number(value: Any) -> int | float | None:
    """The number as Excel can hold it exactly (15 significant digits), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**_EXCEL_DIGITS else None
    if isinstance(value, float):
        return value if math.isfinite(value) and float(f"{value:.15g}") == value else None
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return _excel_number(int(value))
        as_float = float(value)
        return as_float if Decimal(f"{as_float:.15g}") == value else None
    return None


def excel_text(text: str, where: Callable[[], str]) -> str:
    """Check that Excel can hold ``text``; ``where`` names the cell for the error.

    Raises:
        FileFormatError: the text has control characters or is too long for a cell.
    """
    if len(text) > EXCEL_MAX_TEXT:
        raise FileFormatError(
            where(), f"the text has {len(text)} characters; an Excel cell holds {EXCEL_MAX_TEXT}"
        )
    if m := _EXCEL_ILLEGAL.search(text):
        raise FileFormatError(
            where(),
            f"the text holds the control character U+{ord(m[0]):04X}, which Excel cannot "
            "store; remove it or export to CSV, JSON or Parquet",
        )
    return text


def excel_column(frame: pd.DataFrame, col: Column, where: Callable[[int], str]) -> list[Any]:
    """The cells of one column as Excel values.

    Text is neutralised (see :func:`ppd_core.io.neutralise`); dates are Excel dates (before
    1 March 1900, ISO text); numbers are Excel numbers when Excel holds them exactly, else
    text with every digit.
    """
    out: list[Any] = []
    for i, value in enumerate(frame[col.name].tolist()):
        v = python_value(value)
        if v is None:
            out.append(None)
        elif col.dtype in ("str", "code"):
            out.append(excel_text(neutralise(str(v)), partial(where, i)))
        elif col.dtype == "date" and isinstance(v, date):
            out.append(v if v >= _EXCEL_FIRST_DAY else v.isoformat())
        elif col.dtype in ("Int64", "float64", "decimal"):
            number = _excel_number(v)
            out.append(text_value(v, col.dtype) if number is None else number)
        else:
            out.append(text_value(v, col.dtype))
    return out


def plain_cells(rows: Iterable[Sequence[Any]], *, excel: bool) -> list[list[Any]]:
    """Raw cells (as read, e.g. rejected rows) made safe for a spreadsheet side file.

    Text is neutralised; for Excel, characters it cannot store become U+FFFD and text is cut
    to a cell's size.
    """
    out: list[list[Any]] = []
    for row in rows:
        cells: list[Any] = []
        for v in row:
            if _missing(v):
                cells.append(None)
            elif isinstance(v, str):
                t = neutralise(v)
                if excel:
                    t = _EXCEL_ILLEGAL.sub("\ufffd", t)[:EXCEL_MAX_TEXT]
                cells.append(t)
            elif isinstance(v, (bool, int, float, date, datetime)) and excel:
                cells.append(v)
            elif isinstance(v, (date, datetime)):
                cells.append(v.isoformat())
            else:
                cells.append(str(v))
        out.append(cells)
    return out
