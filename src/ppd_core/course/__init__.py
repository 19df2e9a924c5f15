"""The graded course: notebooks written as text, built for nbgrader, graded cohort by cohort.

* `ppd_core.course.authoring` — assignments written as percent-format text, built into
  nbgrader source notebooks with the cell metadata nbgrader needs.
* `ppd_core.course.grading` — `Course`: build the release, grade a cohort in parallel with
  every failure named, feedback, grades to CSV and Excel.
* `ppd_core.course.feedback` — feedback that never shows the hidden tests.
* `ppd_core.course.lab` — open JupyterLab on the released course for a trainee.

Needs the ``course`` extra (``pip install "ppd-core[course]"``): nbgrader, JupyterLab,
ipykernel.
"""

from ppd_core.course.authoring import CourseError
from ppd_core.course.grading import Course, GradeOutcome, GradingReport, Preflight

__all__ = ["Course", "CourseError", "GradeOutcome", "GradingReport", "Preflight"]
