"""Generate the annual review of the sample data (target, issue 5: under 15 s).

python -m benchmarks review
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from benchmarks._common import finish, measure, run_isolated

DEFAULT_SIZES = [1]  # one review of the sample per language (the sample has a fixed size)


def child(lang: str) -> dict[str, Any]:
    """Build and render one review in an isolated process (imports included in the time)."""
    result: dict[str, Any] = {}

    def step() -> None:
        from ppd_core.datasets import candidates_from_sample, load_sample
        from ppd_core.reporting import annual_review

        data = load_sample()
        review = annual_review(  # as `ppd demo` builds it: the sample's proposals given
            data,
            organisation="VUFO",
            year=2025,
            lang="vi" if lang == "vi" else "en",
            proposals=candidates_from_sample(data, 2026, organisation_id="VUFO"),
            sample=True,
        )
        result["html_kb"] = len(review.html()) / 1024
        result["markdown_kb"] = len(review.markdown()) / 1024

    return {"lang": lang, **measure(step), **result}


def main(sizes: list[int]) -> dict[str, Any]:
    """Time the review in English and in Vietnamese."""
    del sizes
    runs = [run_isolated("bench_review", lang) for lang in ("en", "vi")]
    for r in runs:
        print(
            f"  annual review VUFO 2025 ({r['lang']}): {r['seconds']:.1f} s, "
            f"HTML {r['html_kb']:.0f} kB, peak {r['peak_mb']:.0f} MB"
        )
    targets = {"review_under_15s": max(r["seconds"] for r in runs) < 15}
    return finish("review", runs, targets)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=1, metavar="LANG")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0])))
        sys.exit(0)
    main(DEFAULT_SIZES)
