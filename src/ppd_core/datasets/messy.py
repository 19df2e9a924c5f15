"""Synthetic data as a spreadsheet would hold it: text cells, with realistic mess injected.

>>> from ppd_core.datasets import messy_frames, synthetic_frames
>>> frames = synthetic_frames(seed=1, activities=50)
>>> messy = messy_frames(frames, seed=1, rate=0.2)
>>> set(messy) == set(frames), len(messy["activities"]) >= len(frames["activities"])
(True, True)
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from ppd_core.tables import SCHEMA

__all__ = ["messy_frames"]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


_VARIANTS = {
    "Friendship Association": "Friendship Assoc.",
    "Association": "Assoc.",
    "Foundation": "Fdn",
    "University": "Univ.",
    "Hội hữu nghị": "HHN",
    "Liên hiệp các tổ chức hữu nghị": "LHCTCHN",
}


def messy_frames(
    frames: dict[str, pd.DataFrame], seed: int = 0, rate: float = 0.05
) -> dict[str, pd.DataFrame]:
    """Turn clean tables into the text tables a spreadsheet would hold, with mess injected.

    Every cell becomes text as people type it: dates as ``DD/MM/YYYY``, amounts with thousands
    separators. Then, each with probability ``rate`` per row: names lose their diacritics or
    take a spelling variant, a date has day and month swapped (where both are ≤ 12, so the
    swap is plausible), a required value is blanked, and a row is duplicated. The clean
    ``frames`` are not changed.

    Args:
        frames: Tables as :func:`synthetic_frames` or :meth:`ppd_core.Dataset.to_frames` give.
        seed: Random seed of the mess.
        rate: Share of rows touched by each kind of mess.

    Returns:
        Text tables (dtype ``str``) with the same table and column names.
    """
    rng = np.random.default_rng(seed)
    out: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        spec = SCHEMA[name]
        text: dict[str, pd.Series] = {}
        n = len(frame)
        for col in spec.columns:
            s = frame[col.name]
            if col.dtype == "date":
                t = s.dt.strftime("%d/%m/%Y")
                swap = (rng.random(n) < rate) & (s.dt.day <= 12).fillna(False).to_numpy()
                swapped = s.dt.strftime("%m/%d/%Y")
                t = t.where(~swap, swapped)
            elif col.dtype == "decimal":
                t = s.map(lambda v: None if v is None or pd.isna(v) else f"{v:,.0f}")
            else:
                t = s.astype("str")
            if col.name in ("name", "name_vi", "title", "alias"):
                strip = rng.random(n) < rate
                t = t.where(~strip, t.map(_strip_accents, na_action="ignore"))
                variant = rng.random(n) < rate
                v = t
                for long, short in _VARIANTS.items():
                    v = v.str.replace(long, short, regex=False)
                t = t.where(~variant, v)
            if col.required and col.name != spec.key:
                blank = rng.random(n) < rate / 5
                t = t.where(~blank, None)
            text[col.name] = t.astype("str")
        messy = pd.DataFrame(text)
        dup = np.flatnonzero(rng.random(n) < rate / 2)
        if len(dup):
            messy = pd.concat([messy, messy.iloc[dup]], ignore_index=False)
            messy = messy.sort_index(kind="stable").reset_index(drop=True)
        out[name] = messy
    return out
