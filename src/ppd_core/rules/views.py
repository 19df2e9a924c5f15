"""Two views of tables for the record rules: whole frames, or records and their own rows.

A record rule is written once against :class:`View` — a handful of column operations
(values, equality, membership, the parent row of a link row, codes, pairs) that return numpy
arrays aligned with a table's rows. :class:`FrameView` answers them on a Dataset's frames with
Arrow kernels (the columnar path, a million rows at a time); :class:`RecordView` answers them
on validated records laid out as column lists (the record path: the one record a model builds,
or a batch of them, with no DataFrame built). The same predicate therefore runs on both, with
the same results.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ppd_core._fast import codes_of, isin, pair_in, to_arrow
from ppd_core.rules.fields import as_floats
from ppd_core.tables import (
    SCHEMA,
    Column,
    column_values,
    days_of,
    empty_frames,
    link_items,
    link_values,
)

__all__ = ["FrameView", "RecordView", "View", "positions"]


class View(ABC):
    """Column operations on some tables of a Dataset; arrays are aligned with a table's rows."""

    @abstractmethod
    def n(self, table: str) -> int:
        """Number of rows of ``table``."""

    @abstractmethod
    def num(self, table: str, col: str) -> np.ndarray:
        """A number column as float64 (missing NaN) or a date column as datetime64[s] (NaT)."""

    @abstractmethod
    def column(self, table: str, col: str) -> Any:
        """A column as it is (for the values a problem shows)."""

    @abstractmethod
    def missing(self, table: str, col: str) -> np.ndarray:
        """Whether each value is missing."""

    @abstractmethod
    def same(self, table: str, a: str, b: str) -> np.ndarray:
        """Whether columns ``a`` and ``b`` hold the same (present) value."""

    @abstractmethod
    def among(self, table: str, col: str, values: Collection[str]) -> np.ndarray:
        """Whether each (present) value is one of ``values``."""

    @abstractmethod
    def codes(self, table: str, col: str) -> tuple[np.ndarray, int]:
        """Integer codes of a column's values (-1 when missing) and how many distinct values."""

    @abstractmethod
    def owner(self, table: str) -> np.ndarray:
        """For a link table: the row of each row's record in the parent table (-1: none)."""

    @abstractmethod
    def pairs_in(self, table: str, cols: tuple[str, str], other: str) -> np.ndarray:
        """Whether each row's pair of ``cols`` is also a row's pair in table ``other``."""

    @abstractmethod
    def keep(self, table: str) -> np.ndarray:
        """Rows whose record had no value problem (record rules apply only to those)."""


def positions(owner: np.ndarray) -> np.ndarray:
    """The 0-based position of each link row among the rows of its record, in table order."""
    order = np.argsort(owner, kind="stable")
    ranked = owner[order]
    starts = np.r_[True, ranked[1:] != ranked[:-1]] if len(ranked) else np.zeros(0, dtype=bool)
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(ranked)), 0))
    out = np.empty(len(owner), dtype=np.int64)
    out[order] = np.arange(len(ranked)) - run_start
    return out


class FrameView(View):
    """The view of whole frames (the columnar path)."""

    def __init__(self, frames: Mapping[str, pd.DataFrame], skip: Mapping[str, set[Any]]):
        self._frames = frames
        self._skip = skip

    def _s(self, table: str, col: str) -> pd.Series:
        frame = self._frames.get(table)
        return (_empty()[table] if frame is None else frame)[col]

    def n(self, table: str) -> int:  # noqa: D102
        frame = self._frames.get(table)
        return 0 if frame is None else len(frame)

    def num(self, table: str, col: str) -> np.ndarray:  # noqa: D102
        s = self._s(table, col)
        if s.dtype.kind == "M":
            return s.to_numpy(dtype="datetime64[s]")
        return as_floats(s)

    def column(self, table: str, col: str) -> Any:  # noqa: D102
        return self._s(table, col)

    def missing(self, table: str, col: str) -> np.ndarray:  # noqa: D102
        return np.asarray(self._s(table, col).isna(), dtype=bool)

    def same(self, table: str, a: str, b: str) -> np.ndarray:  # noqa: D102
        left, right = to_arrow(self._s(table, a)), to_arrow(self._s(table, b))
        hit = pc.fill_null(pc.equal(left, right.cast(left.type)), False)
        return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)

    def among(self, table: str, col: str, values: Collection[str]) -> np.ndarray:  # noqa: D102
        return isin(self._s(table, col), list(values))

    def codes(self, table: str, col: str) -> tuple[np.ndarray, int]:  # noqa: D102
        codes, distinct = codes_of(self._s(table, col))
        return codes.astype(np.int64), len(distinct)

    def owner(self, table: str) -> np.ndarray:  # noqa: D102
        spec = SCHEMA[table]
        ids = to_arrow(self._s(spec.parent or table, "id"))
        keys = to_arrow(self._s(table, spec.key))
        at = pc.index_in(keys.cast(ids.type), value_set=ids.combine_chunks())
        return np.asarray(at.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)

    def pairs_in(self, table: str, cols: tuple[str, str], other: str) -> np.ndarray:  # noqa: D102
        left = pd.DataFrame({c: self._s(table, c) for c in cols}, copy=False)
        right = pd.DataFrame({c: self._s(other, c) for c in cols}, copy=False)
        return pair_in(left, right)

    def keep(self, table: str) -> np.ndarray:  # noqa: D102
        spec = SCHEMA[table]
        bad = self._skip.get(spec.parent or table)
        if not bad:
            return np.ones(self.n(table), dtype=bool)
        return ~isin(self._s(table, spec.key), bad)


class RecordView(View):
    """The view of validated records of one entity and their own rows (the record path).

    The records' table and its link tables, laid out as column lists. A column is read from
    the records when a rule first asks for it, and kept: the rules read a few columns of many.
    The records' ids must differ (each link row belongs to the record of its key).
    """

    def __init__(self, table: str, records: list[Any]) -> None:
        self._table = table
        self._records = records
        self._links: dict[str, tuple[np.ndarray, list[Any]]] = {}
        self._values: dict[tuple[str, str], list[Any]] = {}
        # Arrays already handed out (the rules never change them in place):
        self._nums: dict[tuple[str, str], np.ndarray] = {}
        self._objects: dict[tuple[str, str], np.ndarray] = {}
        self._keep: dict[str, np.ndarray] = {}
        self._sizes: dict[str, int] = {}

    def _link(self, table: str) -> tuple[np.ndarray, list[Any]]:
        link = self._links.get(table)
        if link is None:
            spec = SCHEMA[table]
            if spec.parent == self._table:
                link = link_items(spec, self._records)
            else:
                link = (np.zeros(0, dtype=np.int64), [])
            self._links[table] = link
        return link

    def _v(self, table: str, col: str) -> list[Any]:
        values = self._values.get((table, col))
        if values is None:
            column = _column(table, col)
            if table == self._table:
                values = column_values(self._records, column)
            else:
                ids = self._v(self._table, SCHEMA[self._table].key)
                values = link_values(SCHEMA[table], column, *self._link(table), ids)
            self._values[table, col] = values
        return values

    def n(self, table: str) -> int:  # noqa: D102
        size = self._sizes.get(table)
        if size is None:
            size = len(self._records) if table == self._table else len(self._link(table)[0])
            self._sizes[table] = size
        return size

    def num(self, table: str, col: str) -> np.ndarray:  # noqa: D102
        array = self._nums.get((table, col))
        if array is None:
            values = self._v(table, col)
            if _column(table, col).dtype == "date":
                array = days_of(values)
            else:
                array = np.array(values, dtype="float64")  # None → NaN
            self._nums[table, col] = array
        return array

    def column(self, table: str, col: str) -> Any:  # noqa: D102
        array = self._objects.get((table, col))
        if array is None:
            array = np.array([*self._v(table, col), None], dtype=object)[:-1]
            self._objects[table, col] = array
        return array

    def missing(self, table: str, col: str) -> np.ndarray:  # noqa: D102
        return np.array([v is None for v in self._v(table, col)], dtype=bool)

    def same(self, table: str, a: str, b: str) -> np.ndarray:  # noqa: D102
        pairs = zip(self._v(table, a), self._v(table, b), strict=True)
        return np.array([x is not None and x == y for x, y in pairs], dtype=bool)

    def among(self, table: str, col: str, values: Collection[str]) -> np.ndarray:  # noqa: D102
        return np.array([v in values for v in self._v(table, col)], dtype=bool)

    def codes(self, table: str, col: str) -> tuple[np.ndarray, int]:  # noqa: D102
        seen: dict[Any, int] = {}
        codes = [-1 if v is None else seen.setdefault(v, len(seen)) for v in self._v(table, col)]
        return np.array(codes, dtype=np.int64), len(seen)

    def owner(self, table: str) -> np.ndarray:  # noqa: D102
        return self._link(table)[0]

    def pairs_in(self, table: str, cols: tuple[str, str], other: str) -> np.ndarray:  # noqa: D102
        known = set(zip(*(self._v(other, c) for c in cols), strict=True))
        mine = zip(*(self._v(table, c) for c in cols), strict=True)
        return np.array([pair in known for pair in mine], dtype=bool)

    def keep(self, table: str) -> np.ndarray:  # noqa: D102
        array = self._keep.get(table)
        if array is None:
            array = self._keep[table] = np.ones(self.n(table), dtype=bool)
        return array


@cache
def _column(table: str, col: str) -> Column:
    return SCHEMA[table].column(col)


@cache
def _empty() -> dict[str, pd.DataFrame]:
    return empty_frames()


@cache
def day(value: date) -> np.datetime64:
    """A day as the datetime64[s] the views compare dates with."""
    return np.datetime64(value, "s")
