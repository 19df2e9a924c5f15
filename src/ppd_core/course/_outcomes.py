"""The results of grading: what the check of a submission found, each outcome, the run's report.

The report of every run is merged into ``grading-report.json`` in the course folder, so the
grades export can name each trainee's problems beside the scores.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPORT_FILE = "grading-report.json"


@dataclass
class Preflight:
    """What the check of one submission found before grading."""

    student: str
    assignment: str
    ok: bool
    notes: list[str] = field(default_factory=list)
    failure: str | None = None
    review: list[str] = field(default_factory=list)


@dataclass
class GradeOutcome:
    """The result of grading one trainee's assignment."""

    student: str
    assignment: str
    status: str  # "graded", "failed", "missing"
    score: float | None = None
    max_score: float | None = None
    auto_score: float | None = None
    auto_max: float | None = None
    manual_pending: bool = False
    notes: list[str] = field(default_factory=list)
    failure: str | None = None
    seconds: float = 0.0
    review: list[str] = field(default_factory=list)
    """Why an instructor should read this submission before trusting its score (`_review`)."""


@dataclass
class GradingReport:
    """Every outcome of one grading run, in student then assignment order."""

    outcomes: list[GradeOutcome]
    seconds: float

    @property
    def flagged(self) -> list[GradeOutcome]:
        """The outcomes flagged for review (each with its reasons)."""
        return [o for o in self.outcomes if o.review]

    @property
    def failures(self) -> list[GradeOutcome]:
        """The outcomes that could not be graded (each with a reason)."""
        return [o for o in self.outcomes if o.status == "failed"]

    def outcome(self, student: str, assignment: str) -> GradeOutcome:
        """The outcome of one trainee's assignment."""
        for o in self.outcomes:
            if o.student == student and o.assignment == assignment:
                return o
        raise KeyError(f"no outcome for student {student!r}, assignment {assignment!r}")

    def to_json(self) -> str:
        """The report as JSON (written next to the gradebook after each run)."""
        return json.dumps(
            {"seconds": self.seconds, "outcomes": [asdict(o) for o in self.outcomes]}, indent=1
        )

    @classmethod
    def from_json(cls, text: str) -> GradingReport:
        """Read a report written by `to_json`."""
        data = json.loads(text)
        return cls([GradeOutcome(**o) for o in data["outcomes"]], float(data["seconds"]))


def grade_id(cell: dict[str, Any]) -> str | None:
    """The nbgrader ``grade_id`` of a notebook cell (as JSON), or None for a plain cell."""
    value = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return None if value is None else str(value)


def grade_ids(nb: dict[str, Any]) -> list[str]:
    """The ``grade_id`` of every graded, solution or task cell of a notebook (as JSON)."""
    ids = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("solution") or meta.get("task"):
            ids.append(str(grade_id(cell)))
    return ids


def outcome_of(gb: Any, check: Preflight, entry: dict[str, Any] | None) -> GradeOutcome:
    """The outcome of one submission: its check, its worker's entry and the gradebook's scores."""
    out = GradeOutcome(check.student, check.assignment, "failed", notes=list(check.notes))
    out.review = list(check.review)
    if not check.ok:
        out.status = "missing" if check.failure == "no submission" else "failed"
        out.failure = check.failure
        return out
    assert entry is not None
    out.seconds = float(entry.get("seconds", 0.0))
    out.review += [str(r) for r in entry.get("review", [])]
    if entry.get("note"):
        out.notes.append(str(entry["note"]))
    if not entry["success"]:
        out.failure = str(entry.get("failure"))
        return out
    sub = gb.find_submission(check.assignment, check.student)
    out.status = "graded"
    out.score = float(sub.score)
    out.max_score = float(sub.max_score)
    out.auto_score = float(sub.code_score)
    out.auto_max = float(sub.max_code_score)
    out.manual_pending = bool(sub.needs_manual_grade)
    return out


def read_report(root: Path) -> GradingReport:
    """The merged report of every grading run of the course at ``root`` (empty before any)."""
    path = root / REPORT_FILE
    if not path.exists():
        return GradingReport([], 0.0)
    return GradingReport.from_json(path.read_text(encoding="utf-8"))


def save_report(root: Path, report: GradingReport) -> None:
    """Merge a run's outcomes into the course's report (later runs replace earlier)."""
    path = root / REPORT_FILE
    merged: dict[tuple[str, str], GradeOutcome] = {}
    if path.exists():
        try:
            for o in GradingReport.from_json(path.read_text(encoding="utf-8")).outcomes:
                merged[o.student, o.assignment] = o
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable old report is replaced
    for o in report.outcomes:
        merged[o.student, o.assignment] = o
    whole = GradingReport(sorted(merged.values(), key=lambda o: (o.student, o.assignment)), 0)
    path.write_text(whole.to_json(), encoding="utf-8")
