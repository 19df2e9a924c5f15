"""nbgrader configuration of the ppd_core course "Planning with data in people-to-people diplomacy".

Read by every nbgrader command run from this directory and by ``ppd course ...``.  Paths are
relative to this file, so a copy of the course (a cohort's own, or a test's throwaway copy)
grades into its own gradebook.  Environment variables override the settings a deployment
changes: ``PPD_COURSE_EXCHANGE`` (the shared exchange on a JupyterHub) and
``PPD_COURSE_CELL_TIMEOUT`` (seconds one cell may run while grading).
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from ppd_core.course.feedback import RedactHiddenTests

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by nbgrader

HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "ppd-planning-with-data"
c.CourseDirectory.root = str(HERE)
# Files that never go into a release or a submission.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.sqlite", "output"]
c.Exchange.root = os.environ.get("PPD_COURSE_EXCHANGE", str(HERE / "exchange"))

# Every notebook runs on the standard Python kernel of the environment ppd_core is installed in.
c.Execute.kernel_name = "python3"
c.Execute.timeout = int(os.environ.get("PPD_COURSE_CELL_TIMEOUT", "180"))
c.Execute.interrupt_on_timeout = True

# A trainee who deletes a test cell gets it back (never a silent zero for that exercise).
c.OverwriteCells.add_missing_cells = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback shows the trainee their marks and the visible tests, never the hidden ones:
# hidden test lines are removed and tracebacks of cells that hold hidden tests are cut to
# their last line (a traceback quotes the code around the failing line).
c.GenerateFeedback.preprocessors = [GetGrades, RedactHiddenTests, CSSHTMLHeaderPreprocessor]
