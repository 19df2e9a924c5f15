"""A cohort on a real JupyterHub: release, fetch, submit, collect, grade, feedback, privacy.

The Hub (``jupyterhub`` with ``configurable-http-proxy``) runs ``course/jupyterhub_config.py``
on 127.0.0.1 with the local process spawner and PAM. The test creates three trainee accounts
and one instructor account, a shared nbgrader exchange (``chmod 1777``) and a course folder
owned by the instructor. The instructor releases assignment 01; each trainee's server is
started through the Hub's REST API and the trainee fetches, saves and submits through that
server's nbgrader endpoints (what the *Assignments* tab calls): one full answer, one partial,
one after the due date. The instructor collects, grades with ``ppd course grade`` and releases
the feedback; each trainee fetches only their own. No trainee can list the exchange's
submissions or read another's folder. A browser logs in as a trainee (Assignments tab) and as
the instructor (Formgrader); screenshots go to ``/tmp/ppd_course_screens/``.

Needs root (``useradd``), the ``hub`` dependency group, the proxy (``npm install --prefix
.cache/hub configurable-http-proxy@5.3``, which ``.ci/run`` does) and the system Python of the
same version as the environment's (the accounts cannot run a Python kept under ``/root``).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)
pytest.importorskip("jupyterhub", reason="the hub dependency group is not installed (uv sync)")

from helpers import CHROMIUM, CHROMIUM_ARGS
from ppd_core.course import Course
from ppd_core.course.checking import copy_course, jupyter_dirs
from ppd_core.course.grading import grade_id
from test_docs_browser import _free_port

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "course"
FIRST = "01-orientation"
COURSE_ID = "ppd-planning-with-data"
SCREENS = Path("/tmp/ppd_course_screens")
PROXY = REPO / ".cache" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
SYSTEM_PYTHON = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
SITE = Path(sysconfig.get_paths()["purelib"])
PASSWORD = "Hub-test-" + secrets.token_hex(6)


def _readable_by_all(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o005 == 0o005 for p in [path, *path.parents])


def _why_not() -> str | None:
    if os.name != "posix" or os.geteuid() != 0:
        return "creating trainee accounts needs root (useradd); CI runs as root"
    if not (shutil.which("useradd") and shutil.which("runuser")):
        return "useradd/runuser are absent"
    if not (PROXY.exists() or shutil.which("configurable-http-proxy")):
        return (
            "configurable-http-proxy is absent: npm install --prefix .cache/hub "
            "configurable-http-proxy@5.3 (.ci/run does)"
        )
    if not SYSTEM_PYTHON.exists():
        return f"{SYSTEM_PYTHON} is absent: the accounts need a system Python of this version"
    if not _readable_by_all(SITE):
        return f"{SITE} cannot be read by other accounts (the environment is in a private folder)"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=str(_why_not()))


class Cohort:
    """The running Hub, its accounts and folders, and what each step returned."""

    def __init__(self, base: Path, tag: str) -> None:
        self.base = base
        self.trainees = [f"ppd{tag}t{i}" for i in (1, 2, 3)]
        self.instructor = f"ppd{tag}in"
        # In the instructor's (private) home: the Formgrader only serves a course that lies
        # inside the folder the instructor's server shows.
        self.course = Path("/home") / self.instructor / "ppd-course"
        self.exchange = base / "exchange"
        self.python = base / "venv" / "bin" / "python"
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.user_tokens: dict[str, str] = {}
        self.env = {
            "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
            "JUPYTERLAB_DIR": str(Path(sys.prefix) / "share" / "jupyter" / "lab"),
            "JUPYTER_CONFIG_PATH": str(Path(sys.prefix) / "etc" / "jupyter"),
            "PPD_COURSE_EXCHANGE": str(self.exchange),
        }
        self.hub: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run_as(self, user: str, *cmd: str | Path) -> subprocess.CompletedProcess[str]:
        """Run a command as ``user`` in the course folder (the way they would in a terminal)."""
        env = [f"{k}={v}" for k, v in self.env.items()]
        env += [f"HOME=/home/{user}", f"USER={user}", f"PATH={self.python.parent}:/usr/bin:/bin"]
        return subprocess.run(
            ["runuser", "-u", user, "--", "env", "-i", *env, *map(str, cmd)],
            cwd=self.course if user == self.instructor else f"/home/{user}",
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    def api(self, method: str, path: str, data: Any = None, token: str | None = None) -> Any:
        """Call the Hub's REST API (or a server's, for paths under /user/)."""
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method)
        request.add_header("Authorization", f"token {token or self.token}")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else None

    def start_server(self, user: str) -> str:
        """Start ``user``'s server through the Hub and return a token for that user."""
        self.api("POST", f"/hub/api/users/{user}/server")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            server = self.api("GET", f"/hub/api/users/{user}")["servers"].get("", {})
            if server.get("ready"):
                break
            time.sleep(1)
        else:
            raise AssertionError(f"{user}'s server did not start within 180 s")
        token = self.api("POST", f"/hub/api/users/{user}/tokens", {"note": "cohort test"})
        self.user_tokens[user] = str(token["token"])
        return self.user_tokens[user]

    def nbgrader(self, user: str, action: str) -> Any:
        """What the Assignments tab does: fetch, submit or fetch_feedback, on user's server."""
        return self.api(
            "POST",
            f"/user/{user}/assignments/{action}",
            {"course_id": COURSE_ID, "assignment_id": FIRST},
            token=self.user_tokens[user],
        )


def _system_venv(base: Path) -> Path:
    """A venv of the system Python that sees this environment's packages (readable by all)."""
    venv = base / "venv"
    subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--without-pip", venv], check=True)
    site = next((venv / "lib").glob("python3.*")) / "site-packages"
    (site / "ppd_env.pth").write_text(f"import site; site.addsitedir({str(SITE)!r})\n")
    return venv


def _accounts(cohort: Cohort) -> None:
    for user in [*cohort.trainees, cohort.instructor]:
        subprocess.run(["useradd", "-m", "-K", "HOME_MODE=0700", user], check=True)
        subprocess.run(["chpasswd"], input=f"{user}:{PASSWORD}", text=True, check=True)


def _remove_accounts(cohort: Cohort) -> None:
    for user in [*cohort.trainees, cohort.instructor]:
        subprocess.run(["pkill", "-KILL", "-u", user], check=False)
        subprocess.run(["userdel", "-r", "-f", user], check=False, capture_output=True)


def _notebook(course: Path, kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((course / kind / FIRST / f"{FIRST}.ipynb").read_text())
    return data


@pytest.fixture(scope="module")
def cohort() -> Iterator[Cohort]:
    # Not under /tmp: the grading sandbox gives each kernel a private, empty /tmp.
    base = Path(tempfile.mkdtemp(prefix="ppd-hub-", dir="/var/tmp"))
    base.chmod(0o755)
    cohort = Cohort(base, secrets.token_hex(2))
    stack = contextlib.ExitStack()
    try:
        _system_venv(base)
        _accounts(cohort)
        # The course folder, built once (the gradebook made), then handed to the instructor.
        course = Course(copy_course(COURSE, cohort.course))
        cohort.exchange.mkdir()
        cohort.exchange.chmod(0o1777)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PPD_COURSE_EXCHANGE", str(cohort.exchange))
            for var, value in jupyter_dirs(base / "root-jupyter").items():
                mp.setenv(var, value)
            course.build([FIRST])
        subprocess.run(["chown", "-R", f"{cohort.instructor}:", cohort.course], check=True)
        state = base / "hub"
        state.mkdir(mode=0o700)
        env = {
            **os.environ,
            **cohort.env,
            "PPD_HUB_PORT": str(cohort.port),
            "PPD_HUB_STATE": str(state),
            "PPD_HUB_PYTHON": str(cohort.python),
            "PPD_HUB_PROXY": str(PROXY if PROXY.exists() else "configurable-http-proxy"),
            "PPD_HUB_TRAINEES": ",".join(cohort.trainees),
            "PPD_HUB_INSTRUCTORS": cohort.instructor,
            "PPD_HUB_SERVICE_TOKEN": cohort.token,
            "PPD_COURSE_ROOT": str(cohort.course),
        }
        log = stack.enter_context((base / "hub.log").open("wb"))
        cohort.hub = subprocess.Popen(
            [Path(sys.executable).parent / "jupyterhub", "-f", COURSE / "jupyterhub_config.py"],
            cwd=state,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                cohort.api("GET", "/hub/api/")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or cohort.hub.poll() is not None:
                    raise AssertionError(
                        "the Hub did not start: " + (base / "hub.log").read_text()[-3000:]
                    ) from None
                time.sleep(1)
        yield cohort
    finally:
        if cohort.hub is not None:
            cohort.hub.terminate()
            try:
                cohort.hub.wait(60)
            except subprocess.TimeoutExpired:
                cohort.hub.kill()
        stack.close()
        _remove_accounts(cohort)
        SCREENS.mkdir(exist_ok=True)
        shutil.copy(base / "hub.log", SCREENS / "hub.log")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def cycle(cohort: Cohort) -> dict[str, Any]:
    """Release → fetch → submit (full, partial, late) → collect → grade → feedback."""
    c = cohort
    found: dict[str, Any] = {}
    released = c.run_as(c.instructor, c.python, "-m", "nbgrader", "release_assignment", FIRST)
    assert released.returncode == 0, released.stderr[-3000:]
    source = _notebook(c.course, "source")
    partial = json.loads(json.dumps(source))
    next(x for x in partial["cells"] if grade_id(x) == "count_training")["source"] = (
        "n_training = 3"
    )
    answers = {c.trainees[0]: source, c.trainees[1]: partial, c.trainees[2]: source}
    found["listed"] = {}
    for user in c.trainees:
        c.start_server(user)
        listed = c.nbgrader(user, "fetch")
        assert listed["success"], listed
        found["listed"][user] = {(a["assignment_id"], a["status"]) for a in listed["value"]}
        c.api(
            "PUT",
            f"/user/{user}/api/contents/{FIRST}/{FIRST}.ipynb",
            {"type": "notebook", "format": "json", "content": answers[user]},
            token=c.user_tokens[user],
        )
        if user == c.trainees[2]:
            # The due date passes before the third trainee hands in.
            due = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            moved = c.run_as(
                c.instructor,
                c.python,
                "-m",
                "nbgrader",
                "db",
                "assignment",
                "add",
                FIRST,
                f"--duedate={due}",
            )
            assert moved.returncode == 0, moved.stderr[-2000:]
            time.sleep(2)
        submitted = c.nbgrader(user, "submit")
        assert submitted["success"], submitted
    collected = c.run_as(c.instructor, c.python, "-m", "nbgrader", "collect", FIRST)
    assert collected.returncode == 0, collected.stderr[-3000:]
    graded = c.run_as(
        c.instructor,
        c.python,
        "-c",
        "from ppd_core.cli import main; main()",
        "course",
        "grade",
        FIRST,
        "--course",
        c.course,
        "--jobs",
        "1",
    )
    found["grade_output"] = graded.stdout + graded.stderr
    assert graded.returncode == 0, found["grade_output"][-3000:]
    return found


def test_each_trainee_fetched_the_release_through_the_hub(
    cohort: Cohort, cycle: dict[str, Any]
) -> None:
    for user in cohort.trainees:
        assert (FIRST, "fetched") in cycle["listed"][user]
        assert (Path("/home") / user / FIRST / f"{FIRST}.ipynb").is_file()


def test_full_partial_and_late_are_graded_as_such(cohort: Cohort, cycle: dict[str, Any]) -> None:
    from ppd_core.course._runner import gradebook

    full, partial, late = cohort.trainees
    report = Course(cohort.course).report()
    scores = {o.student: (o.auto_score, o.auto_max) for o in report.outcomes}
    # 6 autograded marks; the partial answer misses exercise 2 (2 marks).
    assert scores == {full: (6.0, 6.0), partial: (4.0, 6.0), late: (6.0, 6.0)}
    with gradebook(cohort.course) as gb:
        seconds_late = {u: gb.find_submission(FIRST, u).total_seconds_late for u in scores}
    assert seconds_late[full] == seconds_late[partial] == 0
    assert seconds_late[late] > 0


def _feedback(user: str) -> list[Path]:
    return sorted((Path("/home") / user / FIRST / "feedback").glob(f"*/{FIRST}.html"))


@pytest.mark.xfail(
    strict=True,
    reason="feedback HTML is not written under the system Python that the accounts run "
    "(nbconvert's HTML export stops in soupsieve: SelectorSyntaxError on 'img:not([alt])'), "
    "so there is no feedback to release yet",
)
def test_each_trainee_fetches_only_their_own_feedback(
    cohort: Cohort, cycle: dict[str, Any]
) -> None:
    c, found = cohort, cycle
    returned = c.run_as(c.instructor, c.python, "-m", "nbgrader", "release_feedback", FIRST)
    log = returned.stdout + returned.stderr
    assert returned.returncode == 0, log[-3000:]
    written = sorted(str(p.relative_to(c.course)) for p in (c.course / "feedback").rglob("*.html"))
    outbound = sorted((c.exchange / COURSE_ID / "feedback").glob("*.html"))
    assert len(outbound) == len(c.trainees), (written, log[-2000:], found["grade_output"][-3000:])
    for user in c.trainees:
        fetched = c.nbgrader(user, "fetch_feedback")
        assert fetched["success"], fetched
    for user in cohort.trainees:
        pages = _feedback(user)
        assert len(pages) == 1, (user, pages)
        text = pages[0].read_text(encoding="utf-8")
        assert ("n_training = 3" in text) == (user == cohort.trainees[1]), user
        assert pages[0].stat().st_uid == int(cohort.run_as(user, "id", "-u").stdout)


def test_a_trainee_cannot_read_another_trainees_work(cohort: Cohort, cycle: dict[str, Any]) -> None:
    first, second, _ = cohort.trainees
    inbound = cohort.exchange / COURSE_ID / "inbound"
    assert cohort.run_as(first, "cat", f"/home/{first}/{FIRST}/{FIRST}.ipynb").returncode == 0
    for cmd in (
        ["ls", inbound],
        ["ls", cohort.exchange / COURSE_ID / "feedback"],
        ["cat", f"/home/{first}/{FIRST}/{FIRST}.ipynb"],
        ["ls", cohort.course / "submitted"],
    ):
        tried = cohort.run_as(second, *cmd)
        assert tried.returncode != 0, cmd
        assert "Permission denied" in tried.stderr, (cmd, tried.stderr)


def _log_in(page: Any, cohort: Cohort, user: str) -> None:
    page.goto(f"{cohort.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=180_000)
    news = page.get_by_role("button", name="No", exact=True)
    with contextlib.suppress(Exception):  # JupyterLab asks about its news feed once
        news.click(timeout=5_000)


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"
)
def test_trainee_assignments_tab_and_formgrader_in_a_browser(
    cohort: Cohort, cycle: dict[str, Any]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    SCREENS.mkdir(exist_ok=True)
    trainee = cohort.trainees[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 800})
            _log_in(page, cohort, trainee)
            page.get_by_text("Nbgrader", exact=True).click()
            page.get_by_text("Assignment List", exact=True).click()
            panel = page.locator("#nbgrader-assignment-list, .nbgrader-assignment-list").first
            expect(page.get_by_text(FIRST).first).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(SCREENS / "hub-trainee-assignments.png"))
            assert FIRST in panel.inner_text() or FIRST in page.content()
            context = browser.new_context(viewport={"width": 1400, "height": 800})
            page = context.new_page()
            _log_in(page, cohort, cohort.instructor)
            page.goto(f"{cohort.url}/user/{cohort.instructor}/formgrader")
            expect(page.get_by_text(FIRST).first).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(SCREENS / "hub-formgrader.png"))
            text = page.inner_text("body")
            assert "Manage Assignments" in text
        finally:
            browser.close()
