"""Row edits by position: the primitives a merge and its undo change a Dataset's frames with.

Rows are addressed by their 0-based position, as a :class:`~ppd_core.cleaning.MergeRecord`
stores them: cells are set to their new (or old) values, rows deleted, and removed rows put
back exactly where they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.cleaning._records import CellChange
from ppd_core.dataset import Dataset
from ppd_core.errors import MergeError
from ppd_core.tables import SCHEMA, frame_from_rows, python_value

__all__ = ["delete_rows", "finish", "insert_rows", "row_values", "set_cells"]


def row_values(frame: pd.DataFrame, row: int) -> dict[str, Any]:
    """The values of one row by column, as Python values (missing is ``None``)."""
    return {c: python_value(frame[c].iloc[row]) for c in frame.columns}


def _cell(value: Any, dtype: Any) -> Any:
    """A Python value as a cell of a column of ``dtype``."""
    if value is None:
        return pd.NaT if pd.api.types.is_datetime64_any_dtype(dtype) else None
    if isinstance(value, date) and pd.api.types.is_datetime64_any_dtype(dtype):
        return pd.Timestamp(value)
    return value


def set_cells(frame: pd.DataFrame, changes: Iterable[CellChange], new: bool) -> pd.DataFrame:
    """Set the changed cells to their new values (``new``) or back to their old ones."""
    by_column: dict[str, list[CellChange]] = {}
    for c in changes:
        by_column.setdefault(c.column, []).append(c)
    if not by_column:
        return frame
    out = frame.copy(deep=False)
    for column, cells in by_column.items():
        dtype = out[column].dtype
        series = out[column].copy()
        series.iloc[np.array([c.row for c in cells], dtype=np.int64)] = [
            _cell(c.new if new else c.old, dtype) for c in cells
        ]
        out[column] = series.astype(dtype)
    return out


def delete_rows(frame: pd.DataFrame, rows: Sequence[int]) -> pd.DataFrame:
    """The frame without the rows at these positions."""
    if not rows:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    keep[np.asarray(rows, dtype=np.int64)] = False
    return frame.iloc[np.flatnonzero(keep)].reset_index(drop=True)


def insert_rows(
    frame: pd.DataFrame, table: str, rows: Sequence[tuple[int, Mapping[str, Any]]]
) -> pd.DataFrame:
    """Insert rows so that each ends at its given 0-based position of the result."""
    if not rows:
        return frame
    spec = SCHEMA[table]
    ordered = sorted(rows, key=lambda r: r[0])
    new = frame_from_rows(spec, {c: [r[1].get(c) for r in ordered] for c in spec.column_names})
    new = new[list(frame.columns)]
    total = len(frame) + len(ordered)
    source = np.empty(total, dtype=np.int64)
    taken = np.zeros(total, dtype=bool)
    positions = np.array([r[0] for r in ordered], dtype=np.int64)
    if positions.max() >= total:
        raise MergeError(f"cannot restore row {int(positions.max())} of {table}: table too short")
    taken[positions] = True
    source[positions] = len(frame) + np.arange(len(ordered))
    source[~taken] = np.arange(len(frame))
    combined = pd.concat([frame, new.astype(frame.dtypes.to_dict())], ignore_index=True)
    return combined.iloc[source].reset_index(drop=True).astype(frame.dtypes.to_dict())


def finish(frames: dict[str, pd.DataFrame], validate: bool, what: str) -> Dataset:
    """The edited frames as a Dataset: every rule re-checked, or only referential integrity."""
    if validate:
        # The values were valid when they entered; do not re-judge dates against today's clock.
        return Dataset.from_frames(frames, today=date.max)
    ds = Dataset._wrap(frames)
    ds.check_integrity().raise_if_errors(what)
    return ds
