"""The grades export: one row per trainee with every problem named, and a details sheet.

Scores come from the gradebook (so manual marks given in the formgrader count); a failed
or missing assignment has no score and its reason in ``problems``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ppd_core.course._outcomes import GradeOutcome, GradingReport
from ppd_core.course.authoring import CourseError

_TRAINEE = ["student_id", "last_name", "first_name", "email"]
_TOTALS = ["total", "max_total", "percent", "problems"]


def grades_table(gb: Any, names: Sequence[str], report: GradingReport) -> Any:
    """One row per trainee of the gradebook ``gb``: a score per assignment, totals, problems.

    Args:
        gb: The course's open nbgrader ``Gradebook``.
        names: The assignments, in course order.
        report: The merged report of every grading run.
    """
    import pandas as pd

    outcomes = {(o.student, o.assignment): o for o in report.outcomes}
    maxima = {a.name: float(a.max_score) for a in gb.assignments}
    possible = sum(maxima.get(a, 0.0) for a in names)
    rows = []
    for student in gb.students:
        row: dict[str, Any] = {
            "student_id": student.id,
            "last_name": student.last_name or "",
            "first_name": student.first_name or "",
            "email": student.email or "",
        }
        problems, total = [], 0.0
        for a in names:
            o = outcomes.get((student.id, a))
            score = _score(gb, a, student.id, o)
            problems += _problems(a, o)
            row[a] = score
            total += score or 0.0
        row["total"] = total
        row["max_total"] = possible
        row["percent"] = round(100 * total / possible, 1) if possible else None
        row["problems"] = "; ".join(problems)
        rows.append(row)
    return pd.DataFrame(rows, columns=[*_TRAINEE, *names, *_TOTALS])


def _score(gb: Any, assignment: str, student: str, o: GradeOutcome | None) -> float | None:
    """The gradebook's score of a graded assignment (manual marks count), else None."""
    if o is None or o.status != "graded":
        return None
    try:
        return float(gb.find_submission(assignment, student).score)
    except Exception:
        return o.score


def _problems(assignment: str, o: GradeOutcome | None) -> list[str]:
    """What keeps an assignment's score from being final, each prefixed by the assignment."""
    if o is None:
        return [f"{assignment}: not graded yet"]
    problems = [] if o.status == "graded" else [f"{assignment}: {o.failure}"]
    problems += [f"{assignment}: {note}" for note in o.notes]
    problems += [f"{assignment}: flagged for review: {reason}" for reason in o.review]
    if o.manual_pending:
        problems.append(f"{assignment}: written answer not graded yet")
    return problems


def details_table(report: GradingReport) -> Any:
    """One row per trainee and assignment, with status, scores, notes and failure."""
    import pandas as pd

    rows = [
        {
            "student_id": o.student,
            "assignment": o.assignment,
            "status": o.status,
            "score": o.score,
            "max_score": o.max_score,
            "auto_score": o.auto_score,
            "auto_max": o.auto_max,
            "written_answer_pending": o.manual_pending,
            "failure": o.failure or "",
            "notes": "; ".join(o.notes),
            "flagged_for_review": "; ".join(o.review),
            "seconds": round(o.seconds, 2),
        }
        for o in report.outcomes
    ]
    return pd.DataFrame(rows)


def write_grades(target: Path, grades: Any, details: Any) -> Path:
    """Write ``grades`` to a ``.csv`` file, or both tables to an ``.xlsx`` workbook."""
    if target.suffix.lower() == ".csv":
        grades.to_csv(target, index=False, encoding="utf-8")
    elif target.suffix.lower() == ".xlsx":
        import pandas as pd

        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            grades.to_excel(writer, sheet_name="grades", index=False)
            details.to_excel(writer, sheet_name="details", index=False)
    else:
        raise CourseError(f"{target}: export to a .csv or an .xlsx file")
    return target
