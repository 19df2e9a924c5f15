"""The built documentation site in a real browser (Chromium driven by Playwright).

The site is served by ``python -m http.server`` on 127.0.0.1. Each page must load without
console errors and without a single request to another host (the site works offline); the
search box must find a measure by name; the light/dark toggle must work. Screenshots go to
the test's temporary folder (``docs-screenshots/``) and to ``/tmp/ppd_docs_screens/`` to be
looked at.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from helpers import CHROMIUM, CHROMIUM_ARGS
from test_docs import build_site

SCREENS = Path("/tmp/ppd_docs_screens")
ARGS = CHROMIUM_ARGS
PAGES = {
    "home": "/",
    "tutorial": "/tutorials/first-analysis/",
    "reference-api-metrics": "/reference/api/metrics/",
    "reference-rules": "/reference/rules/",
    "how-to-charts": "/how-to/charts-vietnamese/",
    "glossary": "/glossary/",
    "tutorial-messy": "/tutorials/messy-to-review/",
    "course-syllabus": "/reference/course/",
    "how-to-grade": "/how-to/grade-and-feedback/",
    "vi-tutorial-messy": "/vi/tutorials/messy-to-review/",
    "vi-reference-rules": "/vi/reference/rules/",
    "vi-glossary": "/vi/glossary/",
    "vi-reference-measures": "/vi/reference/measures/",
}

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install chromium) to run "
    "the browser test (never `playwright install`)",
)


@dataclass
class Visit:
    """What a page did while it loaded."""

    errors: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(tmp_path_factory)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs-screenshots", numbered=False)
    SCREENS.mkdir(parents=True, exist_ok=True)
    return folder


def _screenshot(page: Page, shots: Path, name: str, *, full_page: bool = False) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    shutil.copy(path, SCREENS / path.name)


def _open(browser: Browser, url: str, visit: Visit, *, dark: bool = False) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="dark" if dark else "light"
    )
    page = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.errors.append(message.text)

    def on_request(request: Request) -> None:
        visit.hosts.add(urlsplit(request.url).hostname or request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on("request", on_request)
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_offline_without_errors(
    name: str, base_url: str, browser: Browser, shots: Path
) -> None:
    visit = Visit()
    page = _open(browser, base_url + PAGES[name], visit)
    assert page.locator("article h1").first.is_visible()
    _screenshot(page, shots, name)
    if name in ("tutorial", "how-to-charts"):
        _screenshot(page, shots, f"{name}-full", full_page=True)
    page.context.close()
    assert not visit.errors, f"console errors on {name}: {visit.errors}"
    assert visit.hosts == {"127.0.0.1"}, f"{name} requested other hosts: {visit.hosts}"


def test_images_of_the_charts_guide_load(base_url: str, browser: Browser) -> None:
    visit = Visit()
    page = _open(browser, base_url + PAGES["how-to-charts"], visit)
    images = page.locator("article img")
    assert images.count() == 2
    for i in range(images.count()):
        width = images.nth(i).evaluate("img => img.naturalWidth")
        assert width > 300, f"chart image {i} did not load"
    page.context.close()


def test_search_finds_a_measure(base_url: str, browser: Browser, shots: Path) -> None:
    visit = Visit()
    page = _open(browser, base_url + "/", visit)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("substantive_share", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() > 0
    assert "substantive_share" in page.locator(".md-search-result").inner_text()
    _screenshot(page, shots, "search-substantive_share")
    page.context.close()
    assert not visit.errors, visit.errors
    assert visit.hosts == {"127.0.0.1"}, visit.hosts


def test_dark_palette_and_toggle(base_url: str, browser: Browser, shots: Path) -> None:
    visit = Visit()
    page = _open(browser, base_url + PAGES["reference-rules"], visit, dark=True)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    _screenshot(page, shots, "reference-rules-dark")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    page.context.close()
    assert not visit.errors, visit.errors


def _search(page: Page, words: str) -> list[str]:
    """Type ``words`` in the search box; the addresses of the results, in order."""
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(words, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    links = page.locator(".md-search-result__link").all()
    return [urlsplit(link.get_attribute("href") or "").path for link in links]


def test_vietnamese_edition(base_url: str, browser: Browser, shots: Path) -> None:
    """Home and a tutorial in Vietnamese, the switch to English, search with and without accents."""
    visit = Visit()
    page = _open(browser, base_url + "/vi/", visit)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Lập kế hoạch dựa trên dữ liệu" in page.locator("article").inner_text()
    assert "Bài hướng dẫn" in page.locator(".md-tabs").inner_text()  # the menu is translated
    _screenshot(page, shots, "vi-home")
    page.goto(base_url + "/vi/tutorials/first-analysis/", wait_until="networkidle")
    assert page.locator("article h1").first.inner_text().startswith("Phân tích đầu tiên")
    _screenshot(page, shots, "vi-tutorial")
    page.locator(".md-header .md-select").first.hover()
    page.locator("a.md-select__link[hreflang='en']").first.click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == "/tutorials/first-analysis/"  # the same page, in English
    assert page.locator("article h1").first.inner_text().startswith("A first analysis")
    found: dict[str, list[str]] = {}
    for words in ("thực chất", "thuc chat"):
        page.goto(base_url + "/vi/", wait_until="networkidle")
        found[words] = _search(page, words)
        _screenshot(page, shots, "vi-search-" + words.replace(" ", "-"))
    page.context.close()
    for words, paths in found.items():  # typed with or without accents: the same pages
        for page_path in ("/vi/explanation/substantive-vs-ceremonial/", "/vi/"):
            assert page_path in paths, (words, paths)
    assert not visit.errors, visit.errors
    assert visit.hosts == {"127.0.0.1"}, visit.hosts
