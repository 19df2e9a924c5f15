"""Parquet: one file per table, named after the table (``activities.parquet`` …).

The frames are written as they are held (codes as dictionary-encoded strings, amounts as
exact ``decimal128(38, 4)``, dates as ``timestamp[s]``), so Parquet is the fastest and most
compact format, for analysis tools rather than people. ``row`` in problems is the 1-based
position in the file (there is no header).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from ppd_core.errors import FileFormatError
from ppd_core.io._export import write_tables
from ppd_core.io._ingest import RawTable, check_header, ingest, table_files
from ppd_core.io._result import ReadResult
from ppd_core.tables import TableSpec, pandas_dtype

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.reference import ReferenceData

__all__ = ["read_parquet", "write_parquet"]

_MAGIC: Final = b"PAR1"


def write_parquet(
    dataset: Dataset, folder: str | Path, *, personal_data: bool = True
) -> list[Path]:
    """Write every table of ``dataset`` as a Parquet file in ``folder``; return the files.

    Args:
        dataset: The records to write.
        folder: The folder (created if needed); existing files of the same names are replaced.
        personal_data: ``False`` leaves personal data out (see
            :data:`ppd_core.io.PERSONAL_DATA`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def write(frame: pd.DataFrame, spec: TableSpec, path: Path) -> None:
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)

    return write_tables(dataset, folder, personal_data, ".parquet", write)


def _table(data: bytes, name: str, table: str) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not data:
        raise FileFormatError(name, "the file is empty (0 bytes); expected a Parquet file")
    if not data.startswith(_MAGIC):
        raise FileFormatError(name, "this is not a Parquet file (it does not start with PAR1)")
    if not data.endswith(_MAGIC):
        raise FileFormatError(name, "the Parquet file is truncated (it does not end with PAR1)")
    decimal = pandas_dtype("decimal")
    try:
        arrow = pq.read_table(io.BytesIO(data))
        frame = arrow.to_pandas(types_mapper={decimal.pyarrow_dtype: decimal}.get)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise FileFormatError(
            name, f"the Parquet file is damaged ({type(err).__name__}: {err})"
        ) from None
    names = check_header(list(frame.columns), table, name)
    frame.columns = pd.Index(names)
    rows = np.arange(1, len(frame) + 1, dtype=np.int64)
    return RawTable(table, frame.reset_index(drop=True), rows, name, table, False)


def read_parquet(
    source: str | Path | Iterable[str | Path],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    known: Dataset | None = None,
) -> ReadResult:
    """Read Parquet files (a folder of them, one file, or a list of files), one per table.

    Args:
        source: A folder (every ``*.parquet`` in it is read), a file, or files, each named
            after its table.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        known: Records already recorded (a database's), checked with the file's:
            the file may refer to them (see :func:`ppd_core.io._ingest.ingest`).

    Returns:
        The good records, the report of every problem, and the rejected rows.

    Raises:
        FileFormatError: a file is empty, not Parquet, truncated, or not named after a table.
    """
    tables: dict[str, RawTable] = {}
    for table, name, data in table_files(source, ".parquet"):
        tables[table] = _table(data, name, table)
    return ingest(tables, today=today, reference=reference, known=known)
