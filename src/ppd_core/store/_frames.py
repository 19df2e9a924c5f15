"""Table frames as the store moves them: id chunks, per-record subsets, empty tables, rows.

Frames are those of :meth:`ppd_core.Dataset.to_frames`: one per table of
:data:`ppd_core.tables.SCHEMA`, an entity table with the link tables that hang off it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ppd_core._fast import isin
from ppd_core.tables import ENTITIES, SCHEMA, python_value

if TYPE_CHECKING:
    from ppd_core.models._base import Record

Frames = dict[str, pd.DataFrame]
"""Table name → frame."""

CHUNK = 5_000
"""Ids per ``IN (…)`` list."""

WHOLE = 20_000
"""Above this many ids, scan the table instead of querying by id lists."""


def chunks(items: Sequence[str]) -> Iterator[list[str]]:
    """``items`` in lists of at most :data:`CHUNK`."""
    for start in range(0, len(items), CHUNK):
        yield list(items[start : start + CHUNK])


MIX = np.uint64(0x9E3779B97F4A7C15)
"""An odd 64-bit constant that spreads a row's position over a fingerprint's bits."""


def row_hashes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """A 64-bit hash of each row's ``columns``, as text (missing values alike)."""
    text = pd.DataFrame({c: frame[c].astype("str").fillna("\x00") for c in columns})
    hashed: np.ndarray = pd.util.hash_pandas_object(text, index=False).to_numpy(np.uint64)
    return hashed


def list_prints(link: pd.DataFrame, key: str, columns: list[str]) -> pd.Series:
    """One 64-bit fingerprint per record of a link table: its rows' ``columns``, in order.

    The index holds the record ids (``key``); records without rows are absent. Equal lists
    give equal fingerprints; a row changed, added, dropped or moved changes it.
    """
    if link.empty:
        return pd.Series([], dtype="uint64")
    position = link.groupby(key, sort=False).cumcount().to_numpy(np.uint64)
    with np.errstate(over="ignore"):
        mixed = row_hashes(link, columns) ^ ((position + np.uint64(1)) * MIX)
    keys = link[key].astype("str").to_numpy()
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return pd.Series(np.bitwise_xor.reduceat(mixed[order], starts), index=ordered[starts])


def table_name(entity: str) -> str:
    """The entity table of an entity (``"partner"``) or table name (``"partners"``)."""
    if entity in ENTITIES:
        return entity
    for table, model in ENTITIES.items():
        if model.entity == entity:
            return table
    raise KeyError(f"unknown entity {entity!r}; use one of {list(ENTITIES)}")


def model_table(model: type[Record]) -> str:
    """The entity table of a model class."""
    for table, cls in ENTITIES.items():
        if cls is model:
            return table
    raise KeyError(f"{model.__name__} is not an entity of the store")


def concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The non-empty ``parts`` one after another (an empty frame of ``columns`` if none)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def empty(table: str) -> Frames:
    """Empty frames of ``table`` and its link tables."""
    names = [table, *SCHEMA[table].children]
    return {
        n: pd.DataFrame({c: pd.Series([], dtype=object) for c in SCHEMA[n].column_names})
        for n in names
    }


def subset(frames: Frames, table: str, ids: set[str]) -> Frames:
    """The rows of ``ids`` in ``table`` and in its link tables."""
    wanted = list(ids)
    out = {table: frames[table][isin(frames[table]["id"].astype("str"), wanted)]}
    for child in SCHEMA[table].children:
        link = frames[child]
        out[child] = link[isin(link[SCHEMA[child].key].astype("str"), wanted)]
    return out


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of plain Python values (missing → None)."""
    cols = list(frame.columns)
    data = [frame[c].tolist() for c in cols]
    return [
        {c: python_value(v) for c, v in zip(cols, row, strict=True)}
        for row in zip(*data, strict=True)
    ]
