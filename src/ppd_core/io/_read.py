"""Reading a file or folder in whichever format it is, chosen by its extension."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ppd_core.errors import FileFormatError
from ppd_core.io.csvfmt import read_csv
from ppd_core.io.excel import read_excel
from ppd_core.io.jsonfmt import read_json
from ppd_core.io.parquet import read_parquet

if TYPE_CHECKING:
    from datetime import date

    from ppd_core.dataset import Dataset
    from ppd_core.io._result import ReadResult
    from ppd_core.reference import ReferenceData

__all__ = ["read"]


def read(
    path: str | Path,
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    known: Dataset | None = None,
    decimal_comma: bool = False,
) -> ReadResult:
    """Read a file or folder in whichever format it is, by its extension.

    ``.xlsx`` (and ``.xlsm``) → :func:`read_excel`; ``.json`` → :func:`read_json`; ``.csv`` →
    :func:`read_csv`; ``.parquet`` → :func:`read_parquet`; a folder → :func:`read_parquet`
    when it holds ``.parquet`` files, else :func:`read_csv`. ``today``, ``reference`` and
    ``decimal_comma`` (CSV and Excel text cells) and ``known`` (records already recorded, which
    the file may refer to: see :func:`ppd_core.io._ingest.ingest`) are passed on.

    Raises:
        FileFormatError: the format is not known, the folder holds both CSV and Parquet
            files, or the file cannot be read.
    """
    source = Path(path)
    if not source.exists():
        raise FileFormatError(str(source), "there is no such file or folder")
    if source.is_dir():
        kinds = {p.suffix.lower() for p in source.iterdir()} & {".csv", ".parquet"}
        if len(kinds) > 1:
            raise FileFormatError(
                source.name, "the folder holds both .csv and .parquet files: read one kind"
            )
        if kinds == {".parquet"}:
            return read_parquet(source, today=today, reference=reference, known=known)
        return read_csv(
            source, today=today, reference=reference, decimal_comma=decimal_comma, known=known
        )
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_excel(
            source, today=today, reference=reference, decimal_comma=decimal_comma, known=known
        )
    if suffix == ".json":
        return read_json(source, today=today, reference=reference, known=known)
    if suffix == ".csv":
        return read_csv(
            source, today=today, reference=reference, decimal_comma=decimal_comma, known=known
        )
    if suffix == ".parquet":
        return read_parquet(source, today=today, reference=reference, known=known)
    if suffix == ".xls":
        raise FileFormatError(source.name, "old Excel 97-2003 files are not read; save as .xlsx")
    raise FileFormatError(
        source.name, "unknown format: expected .csv, .xlsx, .json, .parquet or a folder"
    )
