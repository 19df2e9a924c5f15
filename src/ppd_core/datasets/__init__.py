"""Sample and synthetic data for docs, tests, benchmarks and the course.

* :func:`load_sample` — a small, hand-curated, illustrative dataset built around facts from
  public reports on Viet Nam's PPD system (2021–2025).
* :func:`synthetic` — a deterministic generator from tens to a million activities.
* :func:`messy_frames` — the same data as a spreadsheet would hold it, mess included.
* :func:`worked_example` — four activities whose every measure is worked out by hand.
* :func:`candidates_from_sample` — next-year candidate activities drawn from the sample's work
  plan, for the course and the demo.
* :func:`sample_excerpt` — a few consistent records of the sample (the template's examples).
* :func:`run_demo` — the demo (``ppd demo``): the main job run on the sample.

The functions are imported on first use, so ``import ppd_core`` does not pay for pandas.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ppd_core.datasets.candidates import candidates_from_sample
    from ppd_core.datasets.demo import run_demo
    from ppd_core.datasets.generator import messy_frames, synthetic, synthetic_frames
    from ppd_core.datasets.sample import SAMPLE_NOTE, load_sample, sample_excerpt
    from ppd_core.datasets.worked import WORKED_TODAY, worked_example

__all__ = [
    "SAMPLE_NOTE",
    "WORKED_TODAY",
    "candidates_from_sample",
    "load_sample",
    "messy_frames",
    "run_demo",
    "sample_excerpt",
    "synthetic",
    "synthetic_frames",
    "worked_example",
]

_HOME = {
    "candidates_from_sample": "candidates",
    "SAMPLE_NOTE": "sample",
    "load_sample": "sample",
    "messy_frames": "generator",
    "run_demo": "demo",
    "sample_excerpt": "sample",
    "synthetic": "generator",
    "synthetic_frames": "generator",
    "worked_example": "worked",
    "WORKED_TODAY": "worked",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"ppd_core.datasets.{_HOME[name]}"), name)
    raise AttributeError(f"module 'ppd_core.datasets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
