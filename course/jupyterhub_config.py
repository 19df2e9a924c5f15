"""JupyterHub for a cohort of the ppd_core course: local accounts, nbgrader's shared exchange.

Start it as root from any folder: ``jupyterhub -f course/jupyterhub_config.py``. Each trainee
and instructor is a local account (PAM: their own system password); each gets a JupyterLab
server started as that account (the local process spawner) with nbgrader's *Assignments*
tab, and the instructors also the *Formgrader* on the course folder. This is the exact file
``tests/test_course_hub.py`` runs; docs/how-to/run-the-course.md explains each setting and
the changes for The Littlest JupyterHub and Zero to JupyterHub.

Environment variables set what changes from one deployment to the next:

``PPD_HUB_TRAINEES``, ``PPD_HUB_INSTRUCTORS``
    Account names, separated by commas (instructors are the Hub's admins).
``PPD_COURSE_EXCHANGE``
    The shared exchange folder (world-writable, ``chmod 1777``); default
    ``/srv/nbgrader/exchange``.
``PPD_COURSE_ROOT``
    The course folder the instructors grade in, inside the instructor's home (the
    Formgrader only serves a course inside the folder the server shows); default
    ``~INSTRUCTOR/ppd-course``.
``PPD_HUB_IP``, ``PPD_HUB_PORT``
    Where the Hub listens; default ``127.0.0.1:8000`` (put a TLS proxy such as nginx in
    front, or set ``c.JupyterHub.ssl_key``/``ssl_cert``, before opening it to a network).
``PPD_HUB_STATE``
    The Hub's own folder (database, cookie secret); default ``/srv/jupyterhub``.
``PPD_HUB_PYTHON``
    The Python the servers run on (one where ppd_core, nbgrader and jupyterhub are
    installed); default: the Python running the Hub.
``PPD_HUB_PROXY``
    The ``configurable-http-proxy`` program; default: the one on ``PATH``.
``PPD_HUB_SERVICE_TOKEN``
    Optional: a token for an administration service (scripts that start servers and manage
    accounts through the Hub's REST API, as the test does).
"""

import os
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent


def _names(variable: str) -> set[str]:
    return {n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()}


trainees = _names("PPD_HUB_TRAINEES")
instructors = _names("PPD_HUB_INSTRUCTORS")
exchange = os.environ.get("PPD_COURSE_EXCHANGE", "/srv/nbgrader/exchange")
course_root = os.environ.get("PPD_COURSE_ROOT", "")
state = Path(os.environ.get("PPD_HUB_STATE", "/srv/jupyterhub"))

c.JupyterHub.ip = os.environ.get("PPD_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("PPD_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
# Stopping the Hub stops every trainee's server (and the proxy it started).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
if os.environ.get("PPD_HUB_PROXY"):
    c.ConfigurableHTTPProxy.command = [os.environ["PPD_HUB_PROXY"]]

# Who may log in: the listed local accounts, with their system password.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = trainees | instructors
c.Authenticator.admin_users = instructors

# One JupyterLab server per person, run as that person's account in their home folder.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.environ.get("PPD_HUB_PYTHON", sys.executable), "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Where Jupyter finds its files when the environment is not the system's own (kept as set).
c.Spawner.env_keep.extend(["JUPYTER_PATH", "JUPYTERLAB_DIR", "PPD_COURSE_CELL_TIMEOUT"])
# Every server reads course/hub/nbgrader_config.py: the exchange, the course id, and for
# instructors the course folder (so the Formgrader grades it).
config_path = [
    str(HERE / "hub"),
    *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(":")),
]


def _course_root(spawner: object) -> str:
    """The course folder for an instructor's server (``~/ppd-course``); none for a trainee's."""
    user = getattr(getattr(spawner, "user", None), "name", "")
    if user not in instructors:
        return ""
    return course_root or os.path.expanduser(f"~{user}/ppd-course")


c.Spawner.environment = {
    "PPD_COURSE_EXCHANGE": exchange,
    "PPD_COURSE_ROOT": _course_root,
    "JUPYTER_CONFIG_PATH": ":".join(config_path),
}

# An administration service (optional): start servers and manage accounts through the API.
if os.environ.get("PPD_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [
        {"name": "ppd-course-admin", "api_token": os.environ["PPD_HUB_SERVICE_TOKEN"]}
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "ppd-course-admin",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
            "services": ["ppd-course-admin"],
        }
    ]
