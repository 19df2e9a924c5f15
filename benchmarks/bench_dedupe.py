"""Partner de-duplication (``ppd_core.cleaning.propose_merges``) on synthetic partners.

Target (issue: partner de-duplication): 50,000 partners de-duplicated in under 30 s on two
cores, without comparing all pairs: the comparisons made are reported against n²/2. The
partners come from ``synthetic_frames(partners=n)``; 5 % of them get a respelled duplicate
(abbreviations, Vietnamese with and without diacritics, upper case and word order, a typo in
an institutional word) whose true pair is known, so recall and precision are reported too.
Each size runs in its own process; the data are built before timing starts.

    python -m benchmarks.bench_dedupe [--sizes 5000 20000 50000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from typing import Any

from benchmarks._common import finish, measure, run_isolated

DEFAULT_SIZES = [5_000, 20_000, 50_000]
DUPLICATE_SHARE = 0.05
TARGET_SECONDS = 30.0

_VI_STEMS = {
    "Friendship Association": "Hội Hữu nghị",
    "Solidarity Committee": "Ủy ban Đoàn kết",
    "Foundation": "Quỹ",
    "Institute": "Viện",
    "University": "Đại học",
    "Development Fund": "Quỹ Phát triển",
    "Volunteers": "Tình nguyện viên",
    "Cultural Centre": "Trung tâm Văn hóa",
    "Chamber of Commerce": "Phòng Thương mại",
    "Youth Network": "Mạng lưới Thanh niên",
    "Medical Aid": "Hỗ trợ Y tế",
    "Peace Council": "Hội đồng Hòa bình",
}
_ABBREVIATE = [
    ("Friendship Association", "Friendship Assoc."),
    ("Foundation", "Fdn"),
    ("University", "Univ."),
    ("Institute", "Inst."),
    ("Centre", "Ctr."),
]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _respell(kind: int, name: str, country: str, typo_at: int) -> str:
    """Another spelling of a synthetic name ``<country> <stem> <number>``."""
    from ppd_core.reference import default_reference

    ref = default_reference()
    english = ref.country_name(country)
    stem = next(s for s in _VI_STEMS if name.startswith(f"{english} {s} "))
    number = name[len(english) + len(stem) + 2 :]
    if kind == 0:
        short = name
        for long, abbr in _ABBREVIATE:
            short = short.replace(long, abbr)
        return short if short != name else name.upper()
    if kind == 1:
        return f"{_VI_STEMS[stem]} {ref.country_name(country, 'vi')} {number}"
    if kind == 2:
        return _strip_accents(f"{_VI_STEMS[stem]} {number} {ref.country_name(country, 'vi')}")
    if kind == 3:
        return f"{stem} of {english} - {number}".upper()
    word = stem.split()[0]
    i = 1 + typo_at % (len(word) - 3)
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return name.replace(word, typo, 1)


def build(n: int, seed: int = 1) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    """Synthetic frames with ``n`` partners plus respelled duplicates, and the true pairs."""
    import numpy as np
    import pandas as pd

    from ppd_core.datasets import synthetic_frames
    from ppd_core.tables import SCHEMA, frame_from_rows

    frames = synthetic_frames(seed=seed, activities=max(1000, n // 5), partners=n)
    partners = frames["partners"]
    rng = np.random.default_rng(seed)
    picked = rng.choice(n, size=int(n * DUPLICATE_SHARE), replace=False).tolist()
    names, countries = partners["name"].tolist(), partners["country"].tolist()
    ids = partners["id"].tolist()
    dup_ids = [f"DUP-{k:06d}" for k in range(len(picked))]
    rows = {
        "id": dup_ids,
        "name": [
            _respell(k % 5, str(names[i]), str(countries[i]), k) for k, i in enumerate(picked)
        ],
        "country": [countries[i] for i in picked],
        "type": ["foreign_ngo"] * len(picked),
    }
    spec = SCHEMA["partners"]
    dups = frame_from_rows(spec, {c: rows.get(c, [None] * len(picked)) for c in spec.column_names})
    frames["partners"] = pd.concat([partners, dups], ignore_index=True)
    truth = {
        (min(d, str(ids[i])), max(d, str(ids[i]))) for d, i in zip(dup_ids, picked, strict=True)
    }
    return frames, truth


def child(n: int) -> dict[str, Any]:
    """De-duplicate ``n`` synthetic partners (inside an isolated process)."""
    from ppd_core.cleaning import propose_merges

    frames, truth = build(n)
    total = len(frames["partners"])
    result: dict[str, Any] = {}

    def step() -> None:
        result["merges"] = propose_merges(frames)

    figures = measure(step)
    merges = result.pop("merges")
    found = set(zip(merges["partner_id"].tolist(), merges["other_id"].tolist(), strict=True))
    hits = len(found & truth)
    all_pairs = total * (total - 1) // 2
    return {
        "partners": total,
        "duplicates": len(truth),
        **figures,
        "comparisons": merges.attrs["comparisons"],
        "all_pairs": all_pairs,
        "comparison_share": merges.attrs["comparisons"] / all_pairs,
        "pairs_proposed": len(found),
        "clusters": int(merges["cluster"].max()) if len(merges) else 0,
        "recall": hits / len(truth),
        "precision": hits / max(len(found), 1),
        "cores": os.cpu_count(),
    }


def main(sizes: list[int]) -> dict[str, Any]:
    """De-duplicate every size and print the figures and the target verdicts."""
    runs = []
    for n in sizes:
        run = run_isolated("bench_dedupe", str(n))
        runs.append(run)
        print(
            f"{run['partners']:>7,} partners | {run['seconds']:6.2f} s peak "
            f"{run['peak_mb']:6.0f} MB | comparisons {run['comparisons']:>11,} of "
            f"{run['all_pairs']:>13,} pairs ({run['comparison_share']:.3%}) | "
            f"recall {run['recall']:.3f} precision {run['precision']:.3f}"
        )
    big = max(runs, key=lambda r: r["partners"])
    targets = {
        f"under_{TARGET_SECONDS:.0f}s": big["seconds"] < TARGET_SECONDS,
        "under_a_tenth_of_all_pairs": big["comparisons"] < big["all_pairs"] / 10,
        "recall_at_least_0.9": big["recall"] >= 0.9,
        "precision_at_least_0.9": big["precision"] >= 0.9,
    }
    return finish("dedupe", runs, targets, f"at {big['partners']:,} partners, {big['cores']} cores")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=int, metavar="PARTNERS")
    parser.add_argument("--sizes", nargs="+", type=int, default=DEFAULT_SIZES)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        sys.exit(0)
    main(args.sizes)
