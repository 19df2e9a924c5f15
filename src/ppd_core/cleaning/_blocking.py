"""Blocking: which names of which partners are compared at all.

Every name and alias of a partner is a *variant* (:func:`variants`). Partners are compared
only within their country (partners without a country form one block of their own). A block
larger than ``max_block`` variants is split further: two variants are compared only when they
share a token that is rare in the block (at most ``key_cap`` variants contain it), the first or
last four letters of a distinctive word, or their whole token set — so 50,000 partners never
mean 1.25 billion comparisons (:func:`blocked_pairs`). One-word acronyms are paired with the
names whose initials spell them (:func:`acronym_pairs`).

>>> import pandas as pd
>>> v = variants(pd.DataFrame({"id": ["A", "B"], "name": ["Quỹ X", "X Fdn"], "country": "KH"}))
>>> v.text, [p.tokens for p in v.analysis]
(['Quỹ X', 'X Fdn'], [('foundation', 'x'), ('x', 'foundation')])
>>> a, b = blocked_pairs(v, block_labels(v, True), max_block=1000, key_cap=100)
>>> a.tolist(), b.tolist()
([0], [1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from ppd_core.cleaning._normalise import NameParts, analyse

__all__ = [
    "Variants",
    "acronym_pairs",
    "block_labels",
    "blocked_pairs",
    "text_column",
    "variants",
]


def text_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as text; all missing when the frame has no such column."""
    if column not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame[column].astype("str")


@dataclass(slots=True)
class Variants:
    """Every name and alias of every partner, analysed."""

    ids: list[str]
    """Partner ids, by partner number."""
    names: list[str]
    """The partners' names, by partner number."""
    countries: list[str | None]
    """The partners' countries, by partner number."""
    pid: npt.NDArray[np.int64]
    """The partner number of each variant."""
    text: list[str]
    """Each variant as written."""
    is_alias: npt.NDArray[np.bool_]
    """Whether each variant is an alias (else a name)."""
    analysis: list[NameParts]
    """Each variant taken apart."""


def variants(partners: pd.DataFrame, aliases: pd.DataFrame | None = None) -> Variants:
    """Every distinct name and alias of every partner (rows repeating an id add names)."""
    ids = text_column(partners, "id")
    names = text_column(partners, "name")
    country = text_column(partners, "country").str.strip().str.upper()
    ok = ids.notna().to_numpy()
    codes, uniques = pd.factorize(ids[ok])
    id_list = [str(u) for u in uniques]
    first = pd.DataFrame({"pid": codes, "name": names[ok].to_numpy(), "c": country[ok].to_numpy()})
    primary = first.groupby("pid", sort=True)["name"].first()
    where = first.groupby("pid", sort=True)["c"].first()
    name_list = [str(v) if isinstance(v, str) else "" for v in primary.reindex(range(len(uniques)))]
    country_list = [
        v if isinstance(v, str) and v else None for v in where.reindex(range(len(uniques)))
    ]
    parts = [pd.DataFrame({"pid": codes, "text": names[ok].to_numpy(), "alias": False})]
    if aliases is not None and len(aliases):
        owner = pd.Index(uniques).get_indexer(text_column(aliases, "partner_id"))
        alias_text = text_column(aliases, "alias").to_numpy()
        known = owner >= 0
        parts.append(pd.DataFrame({"pid": owner[known], "text": alias_text[known], "alias": True}))
    table = pd.concat(parts, ignore_index=True)
    table = table[table["text"].notna()]
    table = table.assign(text=table["text"].astype("str").str.strip())
    table = table[table["text"] != ""].drop_duplicates(["pid", "text"], keep="first")
    texts = table["text"].tolist()
    seen: dict[str, NameParts] = {}
    analysis = []
    for t in texts:
        got = seen.get(t)
        if got is None:
            got = seen[t] = analyse(t)
        analysis.append(got)
    return Variants(
        ids=id_list,
        names=name_list,
        countries=country_list,
        pid=table["pid"].to_numpy(dtype=np.int64),
        text=texts,
        is_alias=table["alias"].to_numpy(dtype=bool),
        analysis=analysis,
    )


def block_labels(v: Variants, block_on_country: bool) -> list[str]:
    """The block of each variant: its partner's country (``""`` for none), or one block."""
    if not block_on_country:
        return ["*"] * len(v.text)
    return [v.countries[p] or "" for p in v.pid.tolist()]


def _pairs_in_groups(
    group: npt.NDArray[np.int64], member: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair of members sharing a group (each unordered pair once per group)."""
    if len(group) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    order = np.argsort(group, kind="stable")
    g, m = group[order], member[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    rank = np.arange(len(g)) - np.repeat(starts, sizes)
    after = np.repeat(sizes, sizes) - rank - 1
    left = np.repeat(np.arange(len(g)), after)
    offsets = np.cumsum(after) - after
    right = left + (np.arange(int(after.sum())) - np.repeat(offsets, after) + 1)
    return m[left].astype(np.int64), m[right].astype(np.int64)


def _group_entries(
    v: Variants, blocks: list[str], max_block: int, key_cap: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(group code, variant) entries: whole small blocks, keyed sub-blocks of large ones."""
    sizes: dict[str, int] = {}
    for b in blocks:
        sizes[b] = sizes.get(b, 0) + 1
    keys: list[str] = []
    members: list[int] = []
    for i, (b, a) in enumerate(zip(blocks, v.analysis, strict=True)):
        if sizes[b] <= max_block:
            keys.append(f"{b}\x1f")
            members.append(i)
            continue
        own = {f"{b}\x1ft:{t}" for t in a.tokens}
        for t in a.core:
            if len(t) >= 6:
                own.add(f"{b}\x1fp:{t[:4]}")
                own.add(f"{b}\x1fs:{t[-4:]}")
        own.add(f"{b}\x1fall:{' '.join(sorted(set(a.tokens)))}")
        keys.extend(own)
        members.extend([i] * len(own))
    codes, uniques = pd.factorize(pd.Series(keys, dtype="str"))
    counts = np.bincount(codes, minlength=len(uniques))
    whole = np.array([str(u).endswith("\x1f") for u in uniques], dtype=bool)
    signature = np.array(["\x1fall:" in str(u) for u in uniques], dtype=bool)
    usable = (counts >= 2) & (whole | (counts <= key_cap) | (signature & (counts <= max_block)))
    keep = usable[codes]
    return codes[keep].astype(np.int64), np.asarray(members, dtype=np.int64)[keep]


def blocked_pairs(
    v: Variants, blocks: list[str], max_block: int, key_cap: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The variant pairs to compare: of different partners, each pair once (lower first)."""
    left, right = _pairs_in_groups(*_group_entries(v, blocks, max_block, key_cap))
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    n_var = max(len(v.text), 1)
    unique = np.sort(lo * n_var + hi)  # a pair found through several keys is scored once
    unique = unique[np.r_[True, unique[1:] != unique[:-1]]] if len(unique) else unique
    a, b = unique // n_var, unique % n_var
    distinct = v.pid[a] != v.pid[b]
    return a[distinct], b[distinct]


def acronym_pairs(v: Variants, blocks: list[str]) -> list[tuple[int, int]]:
    """Pairs of (acronym variant, variant whose initials spell it) within a block."""
    short: dict[tuple[str, str], list[int]] = {}
    for i, a in enumerate(v.analysis):
        if a.acronym:
            short.setdefault((blocks[i], a.acronym), []).append(i)
    if not short:
        return []
    return [
        (i, j)
        for j, a in enumerate(v.analysis)
        for init in a.initials
        for i in short.get((blocks[j], init), ())
        if v.pid[i] != v.pid[j]
    ]
