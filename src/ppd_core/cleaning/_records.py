"""Merge records: exactly what a merge changed, as values that round-trip through JSON.

A :class:`MergeRecord` is made of the cells a merge changed (:class:`CellChange`), the rows
it removed (:class:`RowSnapshot`) and the aliases it added (:class:`AliasAdded`); it is enough
to audit the merge and to undo it (:func:`~ppd_core.cleaning.undo_merge`), also after being
stored as JSON (:meth:`MergeRecord.to_dict`, :meth:`MergeRecord.from_dict`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ppd_core.tables import SCHEMA

__all__ = ["AliasAdded", "CellChange", "MergeRecord", "RowSnapshot"]


def _to_json(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_json(table: str, column: str, value: Any) -> Any:
    if value is None:
        return None
    dtype = SCHEMA[table].column(column).dtype
    if dtype == "date":
        return date.fromisoformat(value)
    if dtype == "decimal":
        return Decimal(value)
    if dtype == "Int64":
        return int(value)
    if dtype == "float64":
        return float(value)
    return value


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell a merge changed.

    Attributes:
        table: Table name.
        row: 0-based row position in the table *before* the merge.
        column: Column name.
        old: Value before the merge.
        new: Value after the merge.
    """

    table: str
    row: int
    column: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "old": _to_json(self.old),
            "new": _to_json(self.new),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CellChange:
        """Rebuild from :meth:`to_dict`'s output."""
        table, column = str(data["table"]), str(data["column"])
        return cls(
            table,
            int(data["row"]),
            column,
            _from_json(table, column, data["old"]),
            _from_json(table, column, data["new"]),
        )


@dataclass(frozen=True, slots=True)
class RowSnapshot:
    """A row a merge removed, as it was.

    Attributes:
        table: Table name.
        row: 0-based row position in the table *before* the merge.
        values: The row's values by column (Python values; missing is ``None``).
        note: Why it was removed.
    """

    table: str
    row: int
    values: Mapping[str, Any]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "table": self.table,
            "row": self.row,
            "values": {k: _to_json(v) for k, v in self.values.items()},
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RowSnapshot:
        """Rebuild from :meth:`to_dict`'s output."""
        table = str(data["table"])
        values = {str(k): _from_json(table, str(k), v) for k, v in data["values"].items()}
        return cls(table, int(data["row"]), values, str(data.get("note", "")))


@dataclass(frozen=True, slots=True)
class AliasAdded:
    """An alias a merge gave the kept partner.

    Attributes:
        row: 0-based row position in ``partner_aliases`` *after* the merge.
        alias: The alias.
    """

    row: int
    alias: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"row": self.row, "alias": self.alias}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AliasAdded:
        """Rebuild from :meth:`to_dict`'s output."""
        return cls(int(data["row"]), str(data["alias"]))


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """Exactly what a merge changed: enough to audit it and to undo it.

    Attributes:
        keep_id: The partner kept.
        dropped_ids: The partners merged into it, in the order given.
        dropped: The dropped partners' rows of ``partners``, as they were.
        repointed: References moved to the kept partner (``activity_partners`` and
            ``resource_flows``, column ``partner_id``).
        updated: Other changed cells of the kept partner (``first_engaged``).
        aliases_added: Aliases the kept partner gained.
        rows_removed: Other rows removed: the dropped partners' aliases and activity links
            that would have listed the kept partner twice.
        forced: Whether a merge across countries was forced.
        notes: Plain-language notes on what the merge did.
    """

    keep_id: str
    dropped_ids: tuple[str, ...]
    dropped: tuple[RowSnapshot, ...]
    repointed: tuple[CellChange, ...]
    updated: tuple[CellChange, ...]
    aliases_added: tuple[AliasAdded, ...]
    rows_removed: tuple[RowSnapshot, ...]
    forced: bool = False
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (dates as ISO strings, amounts as strings).

        >>> import json
        >>> rec = MergeRecord("P-1", ("P-2",), (), (), (), (AliasAdded(0, "Quỹ X"),), ())
        >>> MergeRecord.from_dict(json.loads(json.dumps(rec.to_dict()))) == rec
        True
        """
        return {
            "version": 1,
            "keep_id": self.keep_id,
            "dropped_ids": list(self.dropped_ids),
            "dropped": [r.to_dict() for r in self.dropped],
            "repointed": [c.to_dict() for c in self.repointed],
            "updated": [c.to_dict() for c in self.updated],
            "aliases_added": [a.to_dict() for a in self.aliases_added],
            "rows_removed": [r.to_dict() for r in self.rows_removed],
            "forced": self.forced,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MergeRecord:
        """Rebuild a record from :meth:`to_dict`'s output."""
        return cls(
            keep_id=str(data["keep_id"]),
            dropped_ids=tuple(str(x) for x in data["dropped_ids"]),
            dropped=tuple(RowSnapshot.from_dict(r) for r in data["dropped"]),
            repointed=tuple(CellChange.from_dict(c) for c in data["repointed"]),
            updated=tuple(CellChange.from_dict(c) for c in data["updated"]),
            aliases_added=tuple(AliasAdded.from_dict(a) for a in data["aliases_added"]),
            rows_removed=tuple(RowSnapshot.from_dict(r) for r in data["rows_removed"]),
            forced=bool(data.get("forced", False)),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )
