"""nbgrader settings of every server on the course's JupyterHub (see ../jupyterhub_config.py).

Trainees: the shared exchange and the course's id, so the *Assignments* tab lists the
course's releases and submits to it. Instructors (``PPD_COURSE_ROOT`` set by the Hub): the
course's own ``nbgrader_config.py`` too, so the *Formgrader* works on the course folder.
"""

import os
from pathlib import Path

from ppd_core.course._runner import course_config

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = course_config(
    Path(__file__).resolve().parents[1]
).CourseDirectory.course_id
c.Exchange.root = os.environ.get("PPD_COURSE_EXCHANGE", "/srv/nbgrader/exchange")
if os.environ.get("PPD_COURSE_ROOT"):
    load_subconfig(os.path.join(os.environ["PPD_COURSE_ROOT"], "nbgrader_config.py"))  # type: ignore[name-defined]  # noqa: F821
