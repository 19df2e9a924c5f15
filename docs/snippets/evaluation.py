"""Explanation: evaluation on the DAC criteria.

Shown on docs/explanation/dac-evaluation.md.
"""

# --8<-- [start:record]
from datetime import date

from ppd_core import Evaluation
from ppd_core.models import SCALE

record = Evaluation(
    id="EV-HN-2025-01",
    subject="activity",
    subject_id="A-2025-HN-COURSE",
    evaluator="Hanoi Union of Friendship Organizations, inspection board",
    date=date(2025, 12, 10),
    scores=[
        {
            "criterion": "relevance",
            "score": 4,
            "evidence": "Requested by three districts.",
        },
        {
            "criterion": "effectiveness",
            "score": 3,
            "evidence": "42 of 45 trainees certified.",
        },
        {"criterion": "sustainability", "score": 2},
    ],
)
for score in record.scores:
    print(
        score.criterion.label("en"),
        "/",
        score.criterion.label("vi"),
        "→",
        SCALE[score.score],
    )
# --8<-- [end:record]

# --8<-- [start:summary]
from ppd_core.datasets import load_sample
from ppd_core.metrics import evaluation as dac

ds = load_sample()
print(dac.summarise_evaluations(ds).round(2).to_string(index=False))
print(
    dac.weak_criteria(ds)[["criterion", "mean", "share_low"]].to_string(
        index=False
    )
)
# --8<-- [end:summary]

# --8<-- [start:checks]
findings = dac.consistency_checks(ds)
print(
    findings[["code", "evaluation_id", "subject_id", "criterion"]].to_string(
        index=False
    )
)
print(findings["message"].iloc[0])
# --8<-- [end:checks]
