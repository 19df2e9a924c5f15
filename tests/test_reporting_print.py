"""The annual review printed on A4 by Chromium: nothing cut off, a one-page summary first.

The review is printed to PDF by Debian's Chromium (headless, through playwright) and its pages
rendered to images by ``pdftoppm``; the test then looks at them: the margins of every page are
blank (nothing spills out of the printable area), the targets table's header and its status
labels are on the targets page, the portfolio chosen from the proposals is printed with all
its columns, and in the print layout no table cell's content is wider than
its column and every column ends inside the page. Page 1 and the targets page are kept as PNGs
(in ``$PPD_PRINT_DIR``, default ``/tmp/ppd_review_print``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS
from ppd_core.datasets import candidates_from_sample, load_sample
from ppd_core.i18n import Lang, text
from ppd_core.plots.style import status_label
from ppd_core.reporting import annual_review

MM = 96 / 25.4
"""CSS pixels per millimetre."""
A4_WIDTH, A4_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 14, 12, 16
"""The ``@page`` margins of ``review.css``, in millimetres."""
DPI = 60

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian Chromium (/usr/bin/chromium) is absent: apt-get install -y chromium",
    ),
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
        reason="poppler-utils (pdftoppm, pdftotext) is absent: apt-get install -y poppler-utils",
    ),
]

_MEASURE_CELLS = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const out = [];
  document.querySelectorAll('table').forEach((table, t) => {
    table.querySelectorAll('th, td').forEach((cell) => {
      const box = cell.getBoundingClientRect();
      out.push({table: t, text: cell.textContent, scroll: cell.scrollWidth,
                client: cell.clientWidth, right: box.right, main: main.right});
    });
  });
  return out;
}"""


def _print(lang: Lang, folder: Path) -> tuple[Path, list[dict[str, Any]]]:
    """Print VUFO's 2025 review, with the portfolio of the sample's proposals (the widest
    table), to PDF; return it and the print layout's table cells."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is absent")
    data = load_sample()
    proposals = candidates_from_sample(data, 2026, organisation_id="VUFO")
    page_path = annual_review(
        data, organisation="VUFO", year=2025, lang=lang, sample=True, proposals=proposals
    ).write(folder)
    pdf = folder / f"review-{lang}.pdf"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            width = round((A4_WIDTH - 2 * MARGIN_SIDE) * MM)
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            page.emulate_media(media="print")
            cells: list[dict[str, Any]] = page.evaluate(_MEASURE_CELLS)
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    return pdf, cells


def _pages(pdf: Path) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    found = sorted(pdf.parent.glob(pdf.stem + "-*.png"), key=lambda f: int(f.stem.split("-")[-1]))
    return found


def _page_text(pdf: Path, number: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return " ".join(done.stdout.split())


def _darkest(image: Any) -> int:
    """The darkest grey level (0 black … 255 white) of a greyscale image."""
    low, _high = image.getextrema()
    return int(low)


def _ink_in_margins(image: Path) -> list[str]:
    """The margins of a page image that are not blank (the page number's box excepted)."""
    from PIL import Image

    with Image.open(image) as im:
        grey = im.convert("L")
        w, h = grey.size
        px = DPI / 25.4
        side, top = int((MARGIN_SIDE - 1) * px), int((MARGIN_TOP - 1) * px)
        body_bottom = h - int((MARGIN_BOTTOM - 1) * px)
        strips = {
            "left": (0, 0, side, body_bottom),
            "right": (w - side, 0, w, body_bottom),
            "top": (0, 0, w, top),
        }
        return [
            name
            for name, box in strips.items()
            if _darkest(grey.crop(box)) < 200  # anything darker than a faint tint
        ]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_printed_review_fits_a4(lang: Lang, tmp_path: Path) -> None:
    pdf, cells = _print(lang, tmp_path)
    # In the print layout, no cell's content is wider than its column, and every column of
    # every table ends inside the printable width.
    assert cells
    assert len({c["table"] for c in cells}) >= 5  # headline, targets, measures, plan, portfolio
    too_wide = [c["text"][:40] for c in cells if c["scroll"] > c["client"] + 1]
    assert too_wide == []
    outside = [c["text"][:40] for c in cells if c["right"] > c["main"] + 1]
    assert outside == []

    pages = _pages(pdf)
    assert len(pages) >= 4
    for image in pages:
        assert _ink_in_margins(image) == [], image.name
    # Page 1 is the summary: headline numbers and highlights, nothing of the details.
    first = _page_text(pdf, 1)
    assert text("Headline numbers", lang) in first
    assert text("Highlights and shortfalls", lang) in first
    assert text("Results against the plan's targets", lang) not in first
    # The targets page holds the whole table: every column header and every status.
    title = text("Results against the plan's targets", lang)
    number = next(n for n in range(1, len(pages) + 1) if title in _page_text(pdf, n))
    # pdftotext reads a wrapped label line by line across the row, so look for its words
    words = set(_page_text(pdf, number).split())
    labels = [text(h, lang) for h in ("Indicator", "Baseline", "Target", "Actual", "Progress")]
    labels += [text("Status", lang)]
    labels += [status_label(s, lang) for s in ("on track", "off track", "at risk", "qualitative")]
    for label in labels:
        assert set(label.split()) <= words, label
    # The portfolio chosen from the proposals is printed with all its columns.
    heading = text("Proposed portfolio", lang)
    last = " ".join(_page_text(pdf, n) for n in range(number + 1, len(pages) + 1))
    assert heading in last
    for label in ("Activity", "Kind", "Country", "Cost (VND)", "Score"):
        assert set(text(label, lang).split()) <= set(last.split()), label

    keep = Path(os.environ.get("PPD_PRINT_DIR", "/tmp/ppd_review_print"))
    keep.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[0], keep / f"review-{lang}-page-1.png")
    shutil.copy(pages[number - 1], keep / f"review-{lang}-targets.png")
