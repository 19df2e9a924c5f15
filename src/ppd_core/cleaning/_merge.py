"""Merging partners: one partner kept, the others folded into it, every reference re-pointed.

:func:`merge_partners` returns a new Dataset and a :class:`~ppd_core.cleaning.MergeRecord` of
exactly what changed; the original Dataset is never modified.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.cleaning._frames import delete_rows, finish, insert_rows, row_values, set_cells
from ppd_core.cleaning._records import AliasAdded, CellChange, MergeRecord, RowSnapshot
from ppd_core.cleaning._undo import undo_merge
from ppd_core.dataset import Dataset
from ppd_core.errors import MergeError
from ppd_core.tables import python_value

__all__ = ["MergeResult", "merge_partners"]

_ROLE_STRENGTH = {"funding": 0, "implementing": 1, "co_organising": 2, "participating": 3}
"""Role order used when a merge leaves an activity listing one partner twice (strongest first)."""


@dataclass(frozen=True)
class MergeResult:
    """The outcome of :func:`merge_partners`.

    Attributes:
        dataset: The new Dataset (the original is unchanged).
        record: What changed (see :class:`MergeRecord`).
    """

    dataset: Dataset
    record: MergeRecord

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-language notes on what the merge did."""
        return self.record.notes

    def undo(self) -> Dataset:
        """Return the Dataset as it was before the merge (see :func:`undo_merge`)."""
        return undo_merge(self.dataset, self.record)


def _alias_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _country(value: Any) -> str | None:
    value = python_value(value)
    return value if isinstance(value, str) and value else None


def merge_partners(
    dataset: Dataset,
    keep: str,
    drop: Sequence[str] | str,
    *,
    force: bool = False,
    validate: bool = True,
) -> MergeResult:
    """Merge duplicate partners into one, re-pointing every reference.

    The dropped partners are removed; their names and aliases become aliases of the kept
    partner (no duplicates, ignoring case and spacing; never the kept name itself); every
    ``activity_partners`` and ``resource_flows`` row that named them names the kept partner;
    when an activity then lists the kept partner twice, the row with the strongest role is
    kept (funding > implementing > co_organising > participating; the first on ties) and the
    others are removed; ``first_engaged`` becomes the earliest of the merged records.

    Args:
        dataset: The Dataset (unchanged).
        keep: Id of the partner to keep.
        drop: Id or ids of the partners merged into it.
        force: Allow merging partners of different countries (or with and without one).
        validate: Re-check every rule on the result (:meth:`Dataset.from_frames`); when
            false only referential integrity is checked (faster on large datasets).

    Returns:
        The new Dataset and the :class:`MergeRecord` that undoes it.

    Raises:
        MergeError: if an id is unknown or repeated, ``keep`` is among ``drop``, or the
            countries differ and ``force`` is false.
    """
    drops = [drop] if isinstance(drop, str) else [str(d) for d in drop]
    frames = dataset.to_frames()
    partners = frames["partners"]
    position = _check_merge(partners, keep, drops, force)
    keep_country = _country(partners["country"].iloc[position[keep]])
    differing = [
        d for d in drops if _country(partners["country"].iloc[position[d]]) != keep_country
    ]
    notes: list[str] = []
    if differing:
        notes.append(f"forced merge across countries; {keep} keeps {keep_country or 'no country'}")

    # partners: the earliest first engagement, then the dropped rows go
    kpos, drop_pos = position[keep], sorted(position[d] for d in drops)
    dropped = tuple(
        RowSnapshot("partners", p, row_values(partners, p), f"merged into {keep}") for p in drop_pos
    )
    updated: list[CellChange] = []
    engaged = [python_value(partners["first_engaged"].iloc[p]) for p in [kpos, *drop_pos]]
    known = [d for d in engaged if d is not None]
    earliest = min(known) if known else None
    if earliest != engaged[0]:
        updated.append(CellChange("partners", kpos, "first_engaged", engaged[0], earliest))
        notes.append(f"first_engaged of {keep} set to {earliest} (was {engaged[0]})")
    frames["partners"] = delete_rows(set_cells(partners, updated, new=True), drop_pos)

    frames["partner_aliases"], alias_removed, added = _merge_aliases(
        frames["partner_aliases"], partners, frames["partners"], keep, drops
    )
    if added:
        notes.append(f"{keep} gained {len(added)} alias(es): " + "; ".join(a.alias for a in added))
    frames["activity_partners"], repointed, link_removed, link_notes = _merge_links(
        frames["activity_partners"], keep, drops
    )
    notes += link_notes
    flows = frames["resource_flows"]
    flow_owner = flows["partner_id"].astype("str").to_numpy(dtype=object)
    flow_changes = [
        CellChange("resource_flows", i, "partner_id", str(flow_owner[i]), keep)
        for i in np.flatnonzero(np.isin(flow_owner, np.array(drops, dtype=object))).tolist()
    ]
    frames["resource_flows"] = set_cells(flows, flow_changes, new=True)
    notes.append(
        f"merged {', '.join(drops)} into {keep}: {len(repointed)} activity link(s) and "
        f"{len(flow_changes)} resource flow(s) re-pointed"
    )
    record = MergeRecord(
        keep_id=keep,
        dropped_ids=tuple(drops),
        dropped=dropped,
        repointed=tuple(repointed + flow_changes),
        updated=tuple(updated),
        aliases_added=added,
        rows_removed=tuple(alias_removed + link_removed),
        forced=bool(differing),
        notes=tuple(notes),
    )
    return MergeResult(finish(frames, validate, "merge"), record)


def _check_merge(
    partners: pd.DataFrame, keep: str, drops: list[str], force: bool
) -> dict[str, int]:
    """Refuse impossible merges; return the row position of every partner id."""
    if not drops:
        raise MergeError("nothing to merge: give at least one partner id to drop")
    if len(set(drops)) != len(drops):
        raise MergeError(f"partner ids to drop are repeated: {drops}")
    if keep in drops:
        raise MergeError(f"{keep} cannot be both kept and dropped")
    position = {pid: i for i, pid in enumerate(partners["id"].astype("str").tolist())}
    missing = [p for p in [keep, *drops] if p not in position]
    if missing:
        raise MergeError(f"no partner with id {', '.join(missing)}")
    keep_country = _country(partners["country"].iloc[position[keep]])
    others = {d: _country(partners["country"].iloc[position[d]]) for d in drops}
    differing = {d: c for d, c in others.items() if c != keep_country}
    if differing and not force:
        listed = ", ".join(f"{d} ({c or 'no country'})" for d, c in differing.items())
        raise MergeError(
            f"refusing to merge partners of different countries: {keep} "
            f"({keep_country or 'no country'}) and {listed}; pass force=True if they really "
            "are one partner"
        )
    return position


def _merge_aliases(
    aliases: pd.DataFrame,
    partners: pd.DataFrame,
    partners_after: pd.DataFrame,
    keep: str,
    drops: list[str],
) -> tuple[pd.DataFrame, list[RowSnapshot], tuple[AliasAdded, ...]]:
    """Move the dropped partners' names and aliases to the kept partner."""
    owner = aliases["partner_id"].astype("str").tolist()
    text = aliases["alias"].astype("str").tolist()
    drop_set = set(drops)
    gone = [i for i, o in enumerate(owner) if o in drop_set]
    removed = [
        RowSnapshot(
            "partner_aliases",
            i,
            row_values(aliases, i),
            f"alias of {owner[i]}, merged into {keep}",
        )
        for i in gone
    ]
    names = dict(zip(partners["id"].astype("str"), partners["name"].astype("str"), strict=True))
    seen = {_alias_key(names[keep])} | {
        _alias_key(t) for t, o in zip(text, owner, strict=True) if o == keep
    }
    to_add: list[str] = []
    for d in drops:
        for candidate in [names[d], *(t for t, o in zip(text, owner, strict=True) if o == d)]:
            key = _alias_key(candidate)
            if key not in seen:
                seen.add(key)
                to_add.append(candidate)
    remaining = delete_rows(aliases, gone)
    rest = remaining["partner_id"].astype("str").tolist()
    rank = {pid: i for i, pid in enumerate(partners_after["id"].astype("str").tolist())}
    own_rows = [i for i, o in enumerate(rest) if o == keep]
    if own_rows:  # right after the kept partner's own aliases
        at = own_rows[-1] + 1
    else:  # where the kept partner's aliases belong in partner order
        later = [i for i, o in enumerate(rest) if rank.get(o, len(rank)) > rank[keep]]
        at = later[0] if later else len(rest)
    added = tuple(AliasAdded(at + k, alias) for k, alias in enumerate(to_add))
    rows = [(a.row, {"partner_id": keep, "alias": a.alias}) for a in added]
    return insert_rows(remaining, "partner_aliases", rows), removed, added


def _merge_links(
    links: pd.DataFrame, keep: str, drops: list[str]
) -> tuple[pd.DataFrame, list[CellChange], list[RowSnapshot], list[str]]:
    """Re-point activity links; an activity listing the kept partner twice keeps one row."""
    owner = links["partner_id"].astype("str").to_numpy(dtype=object)
    hit = np.isin(owner, np.array(drops, dtype=object))
    mine = np.flatnonzero(np.where(hit, keep, owner) == keep).tolist()
    roles = links["role"].astype("str").tolist()
    activity = links["activity_id"].astype("str").tolist()
    by_activity: dict[str, list[int]] = {}
    for i in mine:
        by_activity.setdefault(activity[i], []).append(i)
    removed: list[RowSnapshot] = []
    notes: list[str] = []
    for act, rows in by_activity.items():
        if len(rows) < 2:
            continue
        winner = min(rows, key=lambda r: (_ROLE_STRENGTH.get(roles[r], len(_ROLE_STRENGTH)), r))
        losers = [r for r in rows if r != winner]
        removed += [
            RowSnapshot(
                "activity_partners",
                r,
                row_values(links, r),
                f"activity {act} listed {keep} twice after the merge: kept the "
                f"'{roles[winner]}' row, removed the '{roles[r]}' row (was {owner[r]})",
            )
            for r in losers
        ]
        notes.append(
            f"activity {act} listed {keep} twice after the merge; kept role {roles[winner]}, "
            f"removed {', '.join(roles[r] for r in losers)}"
        )
    gone = {r.row for r in removed}
    repointed = [
        CellChange("activity_partners", i, "partner_id", str(owner[i]), keep)
        for i in np.flatnonzero(hit).tolist()
        if i not in gone
    ]
    out = delete_rows(set_cells(links, repointed, new=True), sorted(gone))
    return out, repointed, removed, notes
