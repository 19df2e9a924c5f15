"""The work plan's Gantt-style timeline with its monthly workload."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from matplotlib.text import Text

from ppd_core import datasets, planning, plots
from ppd_core.datasets import load_sample


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_timeline_of_a_planned_year(tmp_path: Path, lang: str) -> None:
    ds = load_sample()
    candidates = datasets.candidates_from_sample(ds, 2026, organisation_id="VUFO")
    scored = planning.score_candidates(
        candidates, dict.fromkeys(planning.CRITERIA, 1.0), data=ds, year=2026
    )
    chosen = planning.allocate(
        scored, budget=float(scored["cost"].sum()) / 2, year=2026, explain=False
    )
    plan = planning.work_plan_from(
        chosen, scored, organisation_id="VUFO", year=2026, objectives=["Grow the partner network"]
    )
    workload = planning.monthly_workload(chosen, scored)
    fig = plots.work_plan_timeline(plan, workload, lang="vi" if lang == "vi" else "en")
    texts = " ".join(t.get_text() for t in fig.findobj(match=Text) if isinstance(t, Text))
    assert ("Kế hoạch công tác" in texts) == (lang == "vi")
    png = plots.save(fig, tmp_path / "timeline.png")
    pixels = imread(png)
    assert png.stat().st_size > 20_000
    assert float(np.std(pixels)) > 0.05  # a real picture, not a blank page
    assert len(plan.planned_activities) == len(chosen.selected(scored))
