"""A trainee's JupyterLab in a real browser (Debian Chromium driven by Playwright).

JupyterLab is started headless the way ``ppd course lab`` starts it, on a workspace holding
the released first assignment. The notebook opens, a worked example runs and its output is
seen, and the nbgrader **Validate** button runs the notebook and reports the unfinished
exercises. Screenshots go to the test's folder and to ``/tmp/ppd_course_screens/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import CHROMIUM, running_lab
from ppd_core.course import Course
from ppd_core.course.checking import copy_course, jupyter_dirs
from ppd_core.course.lab import lab_command, prepare_workspace
from test_docs_browser import ARGS, _free_port

COURSE = Path(__file__).resolve().parents[1] / "course"
FIRST = "01-orientation"
SCREENS = Path("/tmp/ppd_course_screens")
TOKEN = "ppd-course-test-token"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install chromium) to run "
    "the browser test (never `playwright install`)",
)


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("lab")
    course = Course(copy_course(COURSE, base / "course"))
    for other in course.assignments():
        if other != FIRST:
            shutil.rmtree(course.root / "source" / other)
    workspace = base / "work"
    private = jupyter_dirs(base / "jupyter")
    env = {**os.environ, **private}
    with pytest.MonkeyPatch.context() as mp:
        for var, value in private.items():
            mp.setenv(var, value)
        assert prepare_workspace(course, workspace) == [FIRST]
    port = _free_port()
    cmd = lab_command(workspace, port=port, token=TOKEN, browser=False)
    with running_lab(
        cmd, env, base / "lab.log", url=f"http://127.0.0.1:{port}", token=TOKEN, seconds=60
    ) as url:
        yield url


def _shot(page: Page, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))
    SCREENS.mkdir(exist_ok=True)
    shutil.copy(folder / f"{name}.png", SCREENS / f"{name}.png")


def test_trainee_runs_a_cell_and_validates(lab_url: str, tmp_path: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            try:
                _trainee_session(page, lab_url, tmp_path)
            except Exception:
                _shot(page, tmp_path, "lab-failure")
                raise
            assert errors == []
        finally:
            browser.close()


def _trainee_session(page: Page, lab_url: str, tmp_path: Path) -> None:
    if True:
        if True:
            page.goto(f"{lab_url}/lab/tree/{FIRST}/{FIRST}.ipynb?token={TOKEN}")
            notebook = page.locator(".jp-NotebookPanel").first
            expect(notebook).to_be_visible(timeout=60_000)
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1, timeout=60_000)
            cell = page.locator(".jp-CodeCell", has_text="activities_planned = 12").first
            output = cell.locator(".jp-OutputArea-output")
            # The first run can be lost while the kernel connection settles: retry it.
            for _attempt in range(5):
                cell.locator(".jp-InputArea-editor").click()
                page.keyboard.press("Shift+Enter")
                try:
                    output.wait_for(timeout=10_000)
                    break
                except PlaywrightTimeout:
                    continue
            expect(output).to_contain_text("This year the union plans 12 activities.")
            _shot(page, tmp_path, "lab-cell-run")

            page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
            dialog = page.locator(".jp-Dialog")
            expect(dialog).to_contain_text("The following cell failed", timeout=120_000)
            expect(dialog).to_contain_text("name 'n_partners' is not defined")
            _shot(page, tmp_path, "lab-validate")
