"""Tests of the annual review (HTML, Markdown and a real browser)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS
from ppd_core.datasets import candidates_from_sample, load_sample
from ppd_core.i18n import Lang
from ppd_core.reporting import SECTIONS, Chart, Review, Table, annual_review


class _Page(HTMLParser):
    """Collects section ids with their text, images, headings and link targets."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.current: str | None = None
        self.images: list[str] = []
        self.urls: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and values.get("id"):
            self.current = values["id"]
            self.sections[str(self.current)] = []
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "h2":
            self._in_h2 = True
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(str(values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.current = None
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self.current is not None and data.strip():
            self.sections[self.current].append(data.strip())
        if self._in_h2:
            self.h2.append(data.strip())


@pytest.fixture(scope="module")
def reviews() -> dict[tuple[str, str], Review]:
    data = load_sample()
    return {
        (org, lang): annual_review(
            data,
            organisation=org,
            year=2025,
            lang=lang,
            proposals=candidates_from_sample(data, 2026, organisation_id=org),
            sample=True,
        )
        for org in ("VUFO", "HN-UFO")
        for lang in ("en", "vi")
    }


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


@pytest.mark.parametrize("org", ["VUFO", "HN-UFO"])
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_html_sections_images_and_no_urls(
    reviews: dict[tuple[str, str], Review], org: str, lang: str
) -> None:
    text = reviews[org, lang].html()
    page = _parse(text)
    assert list(page.sections) == list(SECTIONS)
    for sid, content in page.sections.items():
        assert len(content) >= 2, sid  # heading and at least some content
    assert len(page.h2) == len(SECTIONS)
    embedded = [s for s in page.images if s.startswith("data:image/png;base64,")]
    assert len(embedded) >= 5
    assert not [u for u in page.urls if u.lower().startswith(("http://", "https://"))]
    assert "<script" not in text.lower()
    assert "illustrative" in text or "minh họa" in text


def test_vietnamese_headings(reviews: dict[tuple[str, str], Review]) -> None:
    page = _parse(reviews["VUFO", "vi"].html())
    assert "Các số liệu chính" in page.h2
    assert "Kết quả so với chỉ tiêu kế hoạch" in page.h2
    assert "Điểm nổi bật và hạn chế" in page.h2
    assert "Kế hoạch đề xuất năm 2026" in page.h2
    english = _parse(reviews["VUFO", "en"].html())
    assert "Headline numbers" in english.h2


def test_markdown_has_the_same_sections(reviews: dict[tuple[str, str], Review]) -> None:
    for review in reviews.values():
        md = review.markdown()
        for section in review.sections:
            assert f'<a id="{section.id}"></a>' in md
            assert f"## {section.title}" in md


def test_findings_name_lapsed_partners_and_plan(reviews: dict[tuple[str, str], Review]) -> None:
    review = reviews["VUFO", "en"]
    findings = review.html()
    assert "Partners active in 2024 but not in 2025" in findings
    assert "Proposed portfolio" in findings


def test_plan_next_false_and_unknown_organisation() -> None:
    data = load_sample()
    review = annual_review(data, organisation="HN-UFO", year=2025, plan_next=False)
    assert "not requested" in review.html()
    with pytest.raises(KeyError):
        annual_review(data, organisation="NOPE", year=2025)


def test_write_files(reviews: dict[tuple[str, str], Review], tmp_path: Path) -> None:
    page = reviews["HN-UFO", "vi"].write(tmp_path)
    assert page.name == "annual-review-HN-UFO-2025-vi.html"
    md = page.with_suffix(".md").read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert "<!DOCTYPE html>" in page.read_text(encoding="utf-8")
    # The Markdown shows every chart from a PNG written beside it.
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", md)
    charts = [b for s in reviews["HN-UFO", "vi"].sections for b in s.blocks if isinstance(b, Chart)]
    assert len(images) == len(charts) >= 5
    for image in images:
        assert (tmp_path / image).read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian Chromium (/usr/bin/chromium) is absent")
def test_browser_renders_offline(reviews: dict[tuple[str, str], Review], tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is absent")
    page_path = reviews["VUFO", "vi"].write(tmp_path)
    errors: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            for sid in SECTIONS:
                assert page.locator(f"section#{sid} h2").count() == 1
            shot = tmp_path / "review.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    shutil.copy(shot, "/tmp/ppd_review.png")


def test_review_without_next_years_plan_or_targets() -> None:
    from ppd_core import Dataset

    frames = load_sample().to_frames()
    dropped = set(frames["work_plans"].loc[frames["work_plans"]["year"] == 2026, "id"])
    assert dropped
    frames["work_plans"] = frames["work_plans"][~frames["work_plans"]["id"].isin(dropped)]
    for table in ("work_plan_objectives", "planned_activities", "work_plan_targets"):
        frames[table] = frames[table][~frames[table]["work_plan_id"].isin(dropped)]
    weights = frames["work_plan_priority_weights"]
    frames["work_plan_priority_weights"] = weights[~weights["work_plan_id"].isin(dropped)]
    data = Dataset.from_frames(frames)
    proposals = candidates_from_sample(data, 2026, organisation_id="VUFO")
    review = annual_review(data, organisation="VUFO", year=2025, proposals=proposals)
    text = " ".join(review.html().split())
    assert "no single work plan of 2026 gives the priority weights" in text
    # An organisation without targets is not told that every target was met.
    hcm = " ".join(annual_review(data, organisation="HCM-UFO", year=2025).html().split())
    assert "Every numeric target" not in hcm


def test_without_proposals_the_review_says_so_and_invents_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ppd_core.datasets

    data = load_sample()

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the review must not read the sample or invent proposals")

    monkeypatch.setattr(ppd_core.datasets, "candidates_from_sample", forbidden)
    monkeypatch.setattr(ppd_core.datasets, "load_sample", forbidden)
    said_in: tuple[tuple[Lang, str], ...] = (
        ("en", "No proposals were given"),
        ("vi", "Chưa có đề xuất hoạt động nào"),
    )
    for lang, said in said_in:
        review = annual_review(data, organisation="VUFO", year=2025, lang=lang)
        plan = review.section("plan")
        text = " ".join(b.text for b in plan.blocks if hasattr(b, "text"))
        assert said in text
        assert not [b for b in plan.blocks if getattr(b, "title", "") == "Proposed portfolio"]
        assert "illustrative" not in review.html()  # no note unless the caller says sample=True


def test_proposals_as_records_and_vietnamese_numbers() -> None:
    data = load_sample()
    frame = candidates_from_sample(data, 2026, organisation_id="HN-UFO")
    records = [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
    review = annual_review(data, organisation="HN-UFO", year=2025, lang="vi", proposals=records)
    page = review.html()
    assert "Danh mục hoạt động đề xuất" in page
    assert "₫" in page  # the budget as money, in the Vietnamese pattern
    headline = review.section("headline").blocks[0]
    assert isinstance(headline, Table)
    cells = [c for row in headline.rows for c in row[1:]]
    assert all("," not in c for c in cells if c[-1:].isdigit() and "%" not in c)  # 1.234, not 1,234
