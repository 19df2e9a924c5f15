"""DAC-criteria evaluation: summaries, weak criteria, consistency checks (hand-checked)."""

from __future__ import annotations

import importlib
import sys
from datetime import date

import pytest

import ppd_core
from ppd_core import Dataset, Evaluation, metrics
from ppd_core.datasets import worked_example as build
from ppd_core.metrics.evaluation import (
    CHECKS,
    consistency_checks,
    evaluation_scores,
    summarise_evaluations,
    weak_criteria,
)

ALL6 = ["relevance", "coherence", "effectiveness", "efficiency", "impact", "sustainability"]


def _ds() -> Dataset:
    ds = build()
    ev1 = Evaluation(
        id="E1",
        subject="activity",
        subject_id="A2",
        evaluator="Board",
        date=date(2024, 12, 1),
        scores=[
            {"criterion": c, "score": s, "evidence": "seen"}
            for c, s in zip(ALL6, [4, 3, 3, 3, 3, 2], strict=True)
        ],
    )
    ev2 = Evaluation(
        id="E2",
        subject="activity",
        subject_id="A1",
        evaluator="Board",
        date=date(2024, 12, 2),
        scores=[
            {"criterion": "relevance", "score": 2},
            {"criterion": "sustainability", "score": 1, "evidence": "none"},
        ],
    )
    return ds.add(ev1, ev2)


def test_scores_table_knows_the_subject() -> None:
    scores = evaluation_scores(_ds())
    assert len(scores) == 8
    assert set(scores["organisation"]) == {"HN"}
    assert scores[scores["evaluation_id"] == "E1"]["kind"].iloc[0] == "conference_forum"


def test_summary_by_hand() -> None:
    s = summarise_evaluations(_ds()).set_index("criterion")
    assert s.loc["relevance", "mean"] == 3.0  # (4 + 2) / 2
    assert s.loc["relevance", "share_low"] == 0.5
    assert s.loc["sustainability", "mean"] == 1.5  # (2 + 1) / 2
    assert bool(s.loc["sustainability", "weak"])
    assert list(s.index) == ALL6  # in DAC order
    assert list(weak_criteria(_ds())["criterion"]) == ["sustainability"]


def test_consistency_checks() -> None:
    found = consistency_checks(_ds())
    codes = {
        (r.code, r.evaluation_id, r.criterion if isinstance(r.criterion, str) else None)
        for r in found.itertuples()
    }
    # A2 (a forum) has no output, agreement or resources: effectiveness 3 is unsupported.
    assert ("EVAL01", "E1", "effectiveness") in codes
    # A2 records neither a cost nor resources: efficiency cannot be judged.
    assert ("EVAL04", "E1", "efficiency") in codes
    # E2 scores two criteria of six, one without evidence.
    assert ("EVAL05", "E2", None) in codes
    assert ("EVAL06", "E2", "relevance") in codes
    assert all(code in CHECKS for code, _, _ in codes)
    assert found["message"].str.len().min() > 20


def test_old_path_warns_and_gives_the_same_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ppd_core.evaluation", raising=False)
    monkeypatch.delitem(vars(ppd_core), "evaluation", raising=False)
    with pytest.warns(DeprecationWarning, match=r"ppd_core\.metrics\.evaluation"):
        old = importlib.import_module("ppd_core.evaluation")
    assert old.__all__ == metrics.evaluation.__all__
    for name in old.__all__:
        assert getattr(old, name) is getattr(metrics.evaluation, name)
    monkeypatch.delitem(vars(ppd_core), "evaluation")  # now the package's __getattr__ answers
    with pytest.warns(DeprecationWarning, match=r"ppd_core\.metrics\.evaluation"):
        assert ppd_core.evaluation is metrics.evaluation
