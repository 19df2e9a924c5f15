"""Undoing a merge: the Dataset restored exactly as it was before the merge, from its record."""

from __future__ import annotations

from typing import Any

from ppd_core.cleaning._frames import delete_rows, finish, insert_rows, set_cells
from ppd_core.cleaning._records import CellChange, MergeRecord, RowSnapshot
from ppd_core.dataset import Dataset
from ppd_core.errors import MergeError
from ppd_core.tables import python_value

__all__ = ["undo_merge"]


def undo_merge(dataset: Dataset, record: MergeRecord, *, validate: bool = True) -> Dataset:
    """Undo a merge: return the Dataset exactly as it was before the merge.

    Args:
        dataset: The Dataset the merge returned (or one where the merged rows are unchanged).
        record: The :class:`MergeRecord` of the merge, as
            :func:`~ppd_core.cleaning.merge_partners` gave it (possibly rebuilt with
            :meth:`MergeRecord.from_dict`).
        validate: Re-check every rule on the result (see
            :func:`~ppd_core.cleaning.merge_partners`).

    Returns:
        The restored Dataset.

    Raises:
        MergeError: if the dataset no longer matches the record (the merged rows changed).
    """
    frames = dataset.to_frames()
    ids = set(frames["partners"]["id"].astype("str").tolist())
    if record.keep_id not in ids:
        raise MergeError(f"cannot undo: the kept partner {record.keep_id} is gone")
    back = [d for d in record.dropped_ids if d in ids]
    if back:
        raise MergeError(f"cannot undo: partner(s) {', '.join(back)} exist again")

    def check(table: str, row: int, column: str, expected: Any) -> None:
        frame = frames[table]
        actual = python_value(frame[column].iloc[row]) if row < len(frame) else "<no row>"
        if actual != expected:
            raise MergeError(
                f"cannot undo: {table} row {row} {column} is {actual!r}, the merge left "
                f"{expected!r}; the dataset changed since the merge"
            )

    for a in record.aliases_added:
        check("partner_aliases", a.row, "partner_id", record.keep_id)
        check("partner_aliases", a.row, "alias", a.alias)
    aliases = delete_rows(frames["partner_aliases"], [a.row for a in record.aliases_added])
    removed_by_table: dict[str, list[RowSnapshot]] = {}
    for r in record.rows_removed:
        removed_by_table.setdefault(r.table, []).append(r)
    frames["partner_aliases"] = aliases
    for table, snaps in removed_by_table.items():
        frames[table] = insert_rows(frames[table], table, [(s.row, s.values) for s in snaps])
    frames["partners"] = insert_rows(
        frames["partners"], "partners", [(s.row, s.values) for s in record.dropped]
    )
    changes: dict[str, list[CellChange]] = {}
    for c in (*record.repointed, *record.updated):
        check(c.table, c.row, c.column, c.new)
        changes.setdefault(c.table, []).append(c)
    for table, cells in changes.items():
        frames[table] = set_cells(frames[table], cells, new=False)
    return finish(frames, validate, "undo")
