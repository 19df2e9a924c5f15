"""Proposed merges: duplicate pairs grouped into clusters, with the record to keep for each.

The record to keep is the one with more activities, else the one engaged first, else the
lower id; pairs that share a partner form one cluster (three spellings of one partner).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ppd_core.cleaning._blocking import text_column
from ppd_core.cleaning._scoring import candidate_pairs
from ppd_core.dataset import Dataset
from ppd_core.i18n import Lang, default_lang, text

__all__ = ["propose_merges"]


def _as_dates(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    return pd.to_datetime(s.astype("str"), format="%d/%m/%Y", errors="coerce")


def _activity_counts(links: pd.DataFrame | None) -> dict[str, int]:
    """Partner id → number of distinct activities it is linked to."""
    if links is None or not len(links):
        return {}
    counted = links.astype({"partner_id": "str", "activity_id": "str"})
    return {
        str(k): int(n) for k, n in counted.groupby("partner_id")["activity_id"].nunique().items()
    }


def _first_engaged(partners: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """Partner id → its first engagement (``NaT`` when unknown; the first row of an id)."""
    ids = text_column(partners, "id")
    engaged_col = (
        _as_dates(partners["first_engaged"])
        if "first_engaged" in partners.columns
        else pd.Series(pd.NaT, index=partners.index)
    )
    engaged: dict[str, pd.Timestamp] = {}
    for pid, when in zip(ids.tolist(), engaged_col.tolist(), strict=True):
        if isinstance(pid, str) and pid not in engaged:
            engaged[pid] = when
    return engaged


def _clusters(pairs: list[tuple[str, str]]) -> tuple[list[int], dict[int, list[str]]]:
    """The cluster of each pair (numbered in order of first pair) and each cluster's members."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p, o in pairs:
        rp, ro = find(p), find(o)
        if rp != ro:
            parent[max(rp, ro)] = min(rp, ro)
    cluster_of: dict[str, int] = {}
    members: dict[int, list[str]] = {}
    for p, o in pairs:
        root = find(p)
        if root not in cluster_of:
            cluster_of[root] = len(cluster_of) + 1
        members.setdefault(cluster_of[root], [])
        for x in (p, o):
            if x not in members[cluster_of[root]]:
                members[cluster_of[root]].append(x)
    return [cluster_of[find(p)] for p, _ in pairs], members


def propose_merges(
    dataset_or_frames: Dataset | Mapping[str, pd.DataFrame],
    *,
    threshold: float = 85,
    block_on_country: bool = True,
    max_block: int = 1000,
    key_cap: int = 100,
    lang: Lang | None = None,
) -> pd.DataFrame:
    """Propose merges: duplicate pairs, which record to keep, and clusters of duplicates.

    For each pair of :func:`~ppd_core.cleaning.candidate_pairs`, the record to keep is the one
    with more activities, else the one engaged first (``first_engaged``), else the lower id.
    Pairs are grouped into clusters (connected components: three spellings of one partner are
    one cluster); ``cluster_keep_id`` is the record to keep for the whole cluster, chosen by
    the same rule, and the one to pass to :func:`~ppd_core.cleaning.merge_partners`.

    Args:
        dataset_or_frames: A Dataset or its frames (``partners``, ``partner_aliases`` and,
            for activity counts, ``activity_partners``).
        threshold: Lowest score of a proposed pair.
        block_on_country: Compare partners only within their country.
        max_block: See :func:`~ppd_core.cleaning.candidate_pairs`.
        key_cap: See :func:`~ppd_core.cleaning.candidate_pairs`.
        lang: The language of ``reason`` and ``keep_reason`` (default:
            :func:`~ppd_core.i18n.default_lang`).

    Returns:
        The pairs with ``cluster`` (1 = the cluster holding the best pair), ``cluster_size``,
        ``keep_id``, ``drop_id``, ``keep_reason``, ``partner_activities``,
        ``other_activities`` and ``cluster_keep_id``; ordered by cluster, then score.
    """
    lang = default_lang(lang)
    frames = (
        dataset_or_frames.to_frames()
        if isinstance(dataset_or_frames, Dataset)
        else dataset_or_frames
    )
    pairs = candidate_pairs(
        frames["partners"],
        frames.get("partner_aliases"),
        threshold=threshold,
        block_on_country=block_on_country,
        max_block=max_block,
        key_cap=key_cap,
        lang=lang,
    )
    activities = _activity_counts(frames.get("activity_partners"))
    engaged = _first_engaged(frames["partners"])

    def order(pid: str) -> tuple[int, pd.Timestamp, str]:
        when = engaged.get(pid, pd.NaT)
        return (-activities.get(pid, 0), pd.Timestamp.max if pd.isna(when) else when, pid)

    def why(keep: str, other: str) -> str:
        nk, no = activities.get(keep, 0), activities.get(other, 0)
        if nk != no:
            return text("more activities ({keep} vs {other})", lang, keep=nk, other=no)
        ek, eo = engaged.get(keep, pd.NaT), engaged.get(other, pd.NaT)
        if not pd.isna(ek) and (pd.isna(eo) or ek != eo):
            other_day = text("unknown", lang) if pd.isna(eo) else f"{eo.date()}"
            return text(
                "engaged earlier ({keep} vs {other})", lang, keep=f"{ek.date()}", other=other_day
            )
        return text("same activities and first engagement; lower id", lang)

    ids = list(zip(pairs["partner_id"].tolist(), pairs["other_id"].tolist(), strict=True))
    clusters, members = _clusters(ids)
    keepers = {c: min(ms, key=order) for c, ms in members.items()}
    kept = [(p, o) if order(p) <= order(o) else (o, p) for p, o in ids]

    out = pairs.copy()
    out.insert(0, "cluster", pd.Series(clusters, index=out.index, dtype="Int64"))
    sizes = [len(members[c]) for c in clusters]
    out.insert(1, "cluster_size", pd.Series(sizes, index=out.index, dtype="Int64"))
    out["keep_id"] = pd.Series([k for k, _ in kept], index=out.index, dtype="str")
    out["drop_id"] = pd.Series([d for _, d in kept], index=out.index, dtype="str")
    out["keep_reason"] = pd.Series([why(k, d) for k, d in kept], index=out.index, dtype="str")
    out["partner_activities"] = pd.array(
        [activities.get(p, 0) for p in out["partner_id"].tolist()], dtype="Int64"
    )
    out["other_activities"] = pd.array(
        [activities.get(p, 0) for p in out["other_id"].tolist()], dtype="Int64"
    )
    out["cluster_keep_id"] = pd.Series([keepers[c] for c in clusters], index=out.index, dtype="str")
    out = out.sort_values(
        ["cluster", "score", "partner_id", "other_id"],
        ascending=[True, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    out.attrs = dict(pairs.attrs)
    return out
