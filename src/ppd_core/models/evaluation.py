"""Evaluations of activities and programmes against the six OECD-DAC criteria.

Rule PPD801: every score is on the stated 4-point :data:`SCALE` (1, 2, 3 or 4).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from ppd_core.models._base import Id, Record, Text
from ppd_core.rules.fields import ScoreRule
from ppd_core.vocab import DacCriterion, EvaluationSubject

__all__ = ["SCALE", "CriterionScore", "Evaluation", "Score"]

SCALE: dict[int, str] = {
    1: "Unsatisfactory: the criterion is not met; major shortcomings.",
    2: "Partly satisfactory: met in part; significant shortcomings.",
    3: "Satisfactory: met; minor shortcomings.",
    4: "Highly satisfactory: fully met; no shortcomings worth noting.",
}
"""The stated 4-point scale on which every criterion is scored."""


Score = Annotated[int, ScoreRule()]
"""A score on the 4-point :data:`SCALE` (PPD801)."""


class CriterionScore(Record):
    """One criterion's score with the evidence behind it."""

    entity: ClassVar[str] = "criterion_score"

    criterion: DacCriterion
    """Relevance, coherence, effectiveness, efficiency, impact or sustainability."""
    score: Score
    """1 (unsatisfactory) to 4 (highly satisfactory)."""
    evidence: str | None = None
    """What the score rests on."""


class Evaluation(Record):
    """An evaluation of an activity or a programme (work plan) on the DAC criteria.

    >>> from datetime import date
    >>> from ppd_core import Evaluation
    >>> ev = Evaluation(id="EV-1", subject="activity", subject_id="A-2025-001",
    ...     evaluator="VUFO Inspection Board", date=date(2025, 12, 15),
    ...     scores=[{"criterion": "relevance", "score": 4, "evidence": "Matches 2025 plan"}])
    >>> ev.scores[0].criterion.label("vi")
    'Tính phù hợp'
    """

    entity: ClassVar[str] = "evaluation"

    id: Id
    """Stable identifier."""
    subject: EvaluationSubject
    """Whether an activity or a programme (work plan) is evaluated."""
    subject_id: Id
    """The id of the activity or work plan evaluated."""
    evaluator: Text
    """Who evaluated (a person or a body)."""
    date: date
    """Day of the evaluation."""
    scores: list[CriterionScore] = Field(default_factory=list)
    """Scores per criterion."""
    summary: str | None = None
    """Overall findings."""
