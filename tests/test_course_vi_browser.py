"""A Vietnamese trainee's first notebook, run and rendered to HTML, seen in Chromium.

The first assignment is built in Vietnamese and released; the released notebook runs as a
trainee who has not started the exercises would run it (the exercises stop with their
``NotImplementedError``), nbconvert renders it to HTML and Debian's Chromium shows it. The
page shows the Vietnamese text, the Vietnamese output of a worked example, and no English
paragraph. The screenshot goes to the test's folder and ``/tmp/ppd_course_screens/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip(
    "nbgrader", reason="the course extra is not installed (pip install 'ppd-core[course]')"
)

from playwright.sync_api import sync_playwright

from helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    jupyter_home,  # noqa: F401 - an autouse fixture: Jupyter's files in tmp
    running_lab,
)
from ppd_core.course import Course
from ppd_core.course.translation import translated_course

COURSE = Path(__file__).resolve().parents[1] / "course"
FIRST = "01-orientation"
SCREENS = Path("/tmp/ppd_course_screens")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install chromium) to run "
    "the browser test (never `playwright install`)",
)


def _rendered(tmp_path: Path) -> Path:
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    root = translated_course(COURSE, tmp_path / "course", "vi", [FIRST])
    Course(root).build([FIRST], answers=False)
    release = root / "release" / FIRST
    work = tmp_path / "work"
    shutil.copytree(release, work)
    nb: Any = nbformat.read(work / f"{FIRST}.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()
    exporter: Any = HTMLExporter()  # type: ignore[no-untyped-call]
    body, _ = exporter.from_notebook_node(nb)
    page = tmp_path / f"{FIRST}-vi.html"
    page.write_text(body, encoding="utf-8")
    return page


def test_vietnamese_notebook_renders_in_chromium(tmp_path: Path) -> None:
    page_file = _rendered(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.goto(page_file.as_uri())
            shown = page.locator("body").inner_text()
            page.screenshot(path=str(tmp_path / "course-vi-orientation.png"))
        finally:
            browser.close()
    SCREENS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "course-vi-orientation.png", SCREENS / "course-vi-orientation.png")
    assert "Bài 1 — Làm quen: sổ tay (notebook), Python và các bảng dữ liệu" in shown
    assert "Năm nay Liên hiệp dự kiến tổ chức 12 hoạt động." in shown  # a worked example's output
    assert "Ô có dòng # YOUR CODE HERE (nghĩa là “viết mã của bạn ở đây”) là một bài tập." in shown
    assert "This year the union plans" not in shown
    assert "How assignments work" not in shown


def test_vietnamese_code_shows_whole_letters_in_jupyterlab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trainee's JupyterLab writes code in a font with every Vietnamese letter.

    Its default (Menlo, Consolas, DejaVu Sans Mono) ends here on DejaVu Sans Mono, which has
    no ``ổ``: the hook of "tổ chức" in a code cell stood apart from its letter.
    """
    from ppd_core.course.checking import jupyter_dirs
    from ppd_core.course.lab import CODE_FONTS, lab_command, lab_environment, prepare_workspace
    from test_docs_browser import _free_port

    root = translated_course(COURSE, tmp_path / "course", "vi", [FIRST])
    private = jupyter_dirs(tmp_path / "jupyter")
    for var, value in private.items():
        monkeypatch.setenv(var, value)
    workspace = tmp_path / "work"
    assert prepare_workspace(Course(root), workspace) == [FIRST]
    port, token = _free_port(), "ppd-vi-font"
    cmd = lab_command(workspace, port=port, token=token, browser=False)
    env = {**lab_environment("vi"), **private}
    assert env["PPD_LANG"] == "vi"
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "lab.log"
    with (  # a loaded machine starts JupyterLab slowly
        running_lab(cmd, env, log, url=url, token=token, seconds=120),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{url}/lab/tree/{FIRST}/{FIRST}.ipynb?token={token}")
            cell = page.locator(".jp-CodeCell", has_text="activities_planned = 12").first
            cell.scroll_into_view_if_needed(timeout=60_000)
            code = cell.locator(".cm-content").first
            # The settings arrive after the page: wait for the font (or time out).
            page.wait_for_function(
                "() => getComputedStyle(document.querySelector('.jp-CodeCell "
                ".cm-content')).fontFamily.includes('Noto Sans Mono')",
                timeout=30_000,
            )
            font = code.evaluate("e => getComputedStyle(e).fontFamily")
            cell.screenshot(path=str(tmp_path / "lab-vi-code-font.png"))
        finally:
            browser.close()
    SCREENS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "lab-vi-code-font.png", SCREENS / "lab-vi-code-font.png")
    assert font.replace('"', "'").startswith("'Noto Sans Mono'"), font
    assert CODE_FONTS.startswith("'Noto Sans Mono'")
