"""Problems found on frames: gathered as arrays per rule, rendered once in table and row order.

A check marks the rows that break a rule (a boolean mask) and says where (record ids, field
paths, values); :class:`ProblemCollector` keeps those as arrays and renders the problems only
at the end, so a million clean rows cost nothing but the masks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ppd_core._fast import is_missing
from ppd_core.errors import Problem, ValidationReport
from ppd_core.i18n import Phrase
from ppd_core.rules import RULES
from ppd_core.tables import SCHEMA, Column, TableSpec

__all__ = ["Hit", "ProblemCollector", "field_paths", "text_of"]


def text_of(v: Any) -> str | None:
    """A cell as the text a problem shows (dates as YYYY-MM-DD; missing → ``None``)."""
    if isinstance(v, np.datetime64):
        v = None if np.isnat(v) else pd.Timestamp(v)
    if is_missing(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, np.generic):
        v = v.item()
    return str(v)


def _objects(values: Any) -> np.ndarray:
    """A column (Series or array) as an object array."""
    if hasattr(values, "to_numpy"):
        return np.asarray(values.to_numpy(dtype=object), dtype=object)
    return np.asarray(values, dtype=object)


@dataclass
class _Hits:
    """Problems of one rule found in one table, as aligned arrays (rendered lazily)."""

    code: str
    table: str
    rows: np.ndarray
    record_ids: np.ndarray
    fields: np.ndarray
    values: np.ndarray
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem before it is placed in a report: rule, table, row, field, value, context."""

    code: str
    table: str
    row: int
    record_id: str | None
    field: str
    value: str | None
    context: dict[str, str | Phrase | None]
    """The values of the other placeholders: text, or a :class:`~ppd_core.i18n.Phrase` that
    is shown in the reader's language."""

    def message(self) -> str:
        """The rule's text for this place (in English)."""
        return RULES[self.code].render(**dict(self.filled()))

    def filled(self) -> tuple[tuple[str, str | Phrase | None], ...]:
        """The values of the rule's placeholders (a :class:`Problem`'s ``context``)."""
        return (("field", self.field), ("value", self.value), *self.context.items())


class ProblemCollector:
    """Gathers rule hits as arrays and renders them as problems in table and row order."""

    def __init__(self) -> None:
        self.hits: list[_Hits] = []

    def add(
        self,
        code: str,
        spec: TableSpec,
        mask: np.ndarray | pd.Series,
        record_ids: Any,
        fields: str | Any | Callable[[], str | Any],
        values: Any = None,
        rows: np.ndarray | pd.Index | None = None,
        **context: Any,
    ) -> None:
        """Record the rows where ``mask`` holds as problems of rule ``code``.

        ``record_ids``, ``fields``, ``values``, ``rows`` and Series in ``context`` are aligned
        with ``mask``; ``rows`` (1-based rows in the table of ``spec``) defaults to the position.
        """
        m = np.asarray(mask, dtype=bool)
        if not np.count_nonzero(m):  # (faster than .any() on the short arrays of a record)
            return
        if callable(fields):
            fields = fields()
        idx = np.flatnonzero(m)
        n = len(idx)
        f = np.full(n, fields, dtype=object) if isinstance(fields, str) else _objects(fields)[idx]
        v = np.full(n, None, dtype=object) if values is None else _objects(values)[idx]
        ctx = {
            k: (_objects(c)[idx] if isinstance(c, (pd.Series, np.ndarray)) else c)
            for k, c in context.items()
        }
        at = idx + 1 if rows is None else np.asarray(rows)[idx]
        self.hits.append(_Hits(code, spec.name, at, _objects(record_ids)[idx], f, v, ctx))

    def __iter__(self) -> Iterator[Hit]:
        """Every hit, in the order the checks found them."""
        for h in self.hits:
            for i in range(len(h.rows)):
                ctx = {
                    k: c
                    if isinstance(c, Phrase)
                    else text_of(c[i] if isinstance(c, np.ndarray) else c)
                    for k, c in h.context.items()
                }
                rid = h.record_ids[i]
                yield Hit(
                    h.code,
                    h.table,
                    int(h.rows[i]),
                    None if is_missing(rid) else str(rid),
                    str(h.fields[i]),
                    text_of(h.values[i]),
                    ctx,
                )

    def report(self) -> ValidationReport:
        """The problems, ordered by table (schema order) and row."""
        problems = [
            Problem(
                code=h.code,
                message=h.message(),
                entity=SCHEMA[h.table].entity,
                record_id=h.record_id,
                field=h.field,
                value=h.value,
                row=h.row,
                sheet=h.table,
                context=h.filled(),
            )
            for h in self
        ]
        problems.sort(key=lambda p: (_TABLE_ORDER[p.sheet or ""], p.row or 0))
        return ValidationReport(problems)


_TABLE_ORDER = {name: i for i, name in enumerate(SCHEMA)}


def field_paths(spec: TableSpec, df: pd.DataFrame, col: Column) -> pd.Series | str:
    """The dotted field path of each row's value, as the record path names it.

    Entity tables give the field path (``participants.women``); link tables give the item's
    position within its parent (``countries.1.percentage``) or the dict key (``outputs.x``);
    a link table's parent-id column gives its own name (``activity_id``).
    """
    dotted = ".".join(col.path) if col.path else ""
    if spec.kind == "entity":
        return dotted
    if col.name == spec.key:  # the link row's parent id (blank, or naming no record)
        return col.name
    base = spec.field or ""
    if spec.kind == "dict":
        return base + "." + df[spec.columns[1].name].astype("str").fillna("")
    pos = df.groupby(spec.key, sort=False, dropna=False).cumcount().astype("str")
    if spec.kind == "scalars":
        return base + "." + pos
    return base + "." + pos + ("." + dotted if dotted else "")
