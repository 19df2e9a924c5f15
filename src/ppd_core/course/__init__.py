"""The graded course: notebooks written as text, built for nbgrader, graded cohort by cohort.

* `ppd_core.course.authoring` — assignments written as percent-format text, built into
  nbgrader source notebooks with the cell metadata nbgrader needs.
* `ppd_core.course.grading` — `Course`: build the release, grade a cohort in parallel with
  every failure named, feedback, grades to CSV and Excel.
* `ppd_core.course.feedback` — feedback that never shows the hidden tests.
* `ppd_core.course.lab` — open JupyterLab on the released course for a trainee.

Needs the ``course`` extra (``pip install "ppd-core[course]"``): nbgrader, JupyterLab,
ipykernel. Without it, importing this package raises
:class:`~ppd_core.errors.MissingDependencyError` naming the install command.
"""

from importlib.util import find_spec

from ppd_core.errors import CourseError
from ppd_core.errors import MissingDependencyError as _MissingDependencyError

_EXTRA = ("nbgrader", "nbformat", "nbclient", "jupyterlab", "ipykernel")
_MISSING = [name for name in _EXTRA if find_spec(name) is None]
if _MISSING:
    raise _MissingDependencyError(
        f"The course needs {', '.join(_MISSING)}, which {'is' if len(_MISSING) == 1 else 'are'} "
        'not installed. Install the course extra: pip install "ppd-core[course]" (or run '
        "python3 tasks.py course, which sets everything up)."
    )

from ppd_core.course.grading import Course, GradeOutcome, GradingReport, Preflight  # noqa: E402

__all__ = ["Course", "CourseError", "GradeOutcome", "GradingReport", "Preflight"]
