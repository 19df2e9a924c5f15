"""The Vietnamese edition speaks Vietnamese: no English word but proper names and codes.

``ppd demo --lang vi`` and ``ppd report --lang vi`` are run once; their terminal output and the
annual review they write (``annual_review(..., lang="vi")`` rendered to HTML and Markdown) are
read word by word. A word is English when it is one of the words of the English catalogue
(every ``msgid`` of the library), the English vocabulary labels and the English glossary, and
is not also a Vietnamese syllable written without marks (``do``, ``theo``, ``tin`` …). Proper
names (the partners, people and organisations of the data, which stay as written) and the
codes in :data:`CODES` are allowed; nothing else is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from ppd_core import glossary, vocab
from ppd_core.cli import app
from ppd_core.i18n import NBSP
from ppd_core.i18n import _maintain as maintain

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # no wrapped paths or names

CODES = frozenset(
    {
        "dac",  # OECD-DAC criteria
        "hhi",  # Herfindahl–Hirschman index
        "oecd",
        "usd",
        "vnd",
        "ppd",  # ppd_core, the library's name
        "vufo",  # the Union's acronym, in the demo's last line
        "ct",  # Directive No. 45-CT/TU
        "tu",
    }
)
"""Codes a Vietnamese reader sees as they are (compared in lower case)."""

_WORD = re.compile(r"[^\W\d_]+")
_CODE = re.compile(r"<[^>]+>|\S+\.(?:png|html|md|sqlite)\b|[\w.]*(?:_|\w=|\w\()\S*")
"""Markup, file names and code written in a sentence (``<a id="plan">``, ``…-vi.html``,
``ppd_core``, ``annual_review(..., proposals=...)``)."""
_VI_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(oai|oay|uay|uya|uyu|ai|ao|au|ay|eo|ia|iu|oa|oe|oi|ua|ue|ui|uy|a|e|i|o|u|y)"
    r"(ch|ng|nh|[cmnpt])?"
)


def _words(texts: Iterable[str]) -> set[str]:
    return {w.lower() for t in texts for w in _WORD.findall(t) if w.isascii()}


def english_words() -> frozenset[str]:
    """The English word list: the catalogue's msgids, vocabulary and glossary in English,
    less the words that are also Vietnamese syllables without marks."""
    english: list[str] = []
    for message in maintain.extract():
        english += message.id if isinstance(message.id, tuple) else [str(message.id)]
    english += [label for label, _, _, _ in glossary.vocabulary_terms()]
    english += [t.english for t in glossary.terms()]
    catalog = maintain._read(maintain.po_path("vi"), "vi")
    vietnamese = [
        str(t)
        for m in catalog
        if m.id
        for t in (m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    vietnamese += [m.vi for cls in vocab.vocabularies().values() for m in cls]
    syllables = {w for w in _words(vietnamese) if _VI_SYLLABLE.fullmatch(w)}
    return frozenset(_words(english) - syllables)


ENGLISH = english_words()


def english_in(text: str, names: Iterable[str]) -> list[str]:
    """The English words of ``text``, once the proper ``names`` and :data:`CODES` are set aside."""
    text = _CODE.sub(" ", text.replace("\\_", "_"))  # Markdown escapes "_"
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = [w for w in _WORD.findall(text) if w.isascii() and w.lower() in ENGLISH]
    return sorted({w for w in found if w.lower() not in CODES})


class _Text(HTMLParser):
    """What a reader of an HTML page sees: its text and the alt text of its images."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("alt", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def seen_in_html(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The terminal output of ``ppd demo`` and ``ppd report`` in Vietnamese, and the reviews."""
    out = tmp_path_factory.mktemp("vi")
    demo = runner.invoke(app, ["demo", "--lang", "vi", "--out", str(out)], env=WIDE)
    assert demo.exit_code == 0, demo.output
    report_dir = out / "report"
    report = runner.invoke(
        app,
        [
            *("report", "--organisation", "HN-UFO", "--year", "2025", "--lang", "vi"),
            *("-d", str(out / "ppd.sqlite"), "--out", str(report_dir)),
        ],
        env=WIDE,
    )
    assert report.exit_code == 0, report.output
    texts = {
        "demo": demo.output.replace(str(out), " "),
        "report": report.output.replace(str(report_dir), " "),
    }
    for name, folder in (("demo review", out), ("report review", report_dir)):
        (html,) = folder.glob("annual-review-*-vi.html")
        (md,) = folder.glob("annual-review-*-vi.md")
        texts[f"{name} (HTML)"] = seen_in_html(html.read_text(encoding="utf-8"))
        texts[f"{name} (Markdown)"] = md.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def names() -> set[str]:
    """Proper names of the data: partners (and their other names), people, organisations."""
    from ppd_core.datasets import load_sample

    frames = load_sample().to_frames()
    found = set(frames["partners"]["name"].dropna()) | set(
        frames["partner_aliases"]["alias"].dropna()
    )
    orgs = frames["organisations"]
    found |= set(orgs["short_name"].dropna()) | set(orgs["name_en"].dropna())
    found |= set(frames["partners"]["id"]) | set(orgs["id"])  # codes such as P-JP-002
    return {str(n) for n in found}


def test_the_word_list_knows_english_and_spares_vietnamese() -> None:
    assert {"partners", "indicator", "target", "review", "sheet", "not", "translated"} <= ENGLISH
    assert not {"theo", "do", "tin", "cho", "hay", "sau"} & ENGLISH  # Vietnamese without marks


@pytest.mark.parametrize(
    "what",
    [
        "demo",
        "report",
        "demo review (HTML)",
        "demo review (Markdown)",
        "report review (HTML)",
        "report review (Markdown)",
    ],
)
def test_no_english_word_in_vietnamese_output(
    outputs: dict[str, str], names: set[str], what: str
) -> None:
    assert english_in(outputs[what], names) == []


def test_the_check_catches_a_planted_english_word(outputs: dict[str, str], names: set[str]) -> None:
    page = outputs["demo review (Markdown)"]
    planted = page.replace("Kế hoạch đề xuất năm 2026", "Proposed plan for 2026", 1)
    assert planted != page
    assert english_in(planted, names) == ["Proposed", "for", "plan"]
    fallback = page + "\n| Trainees trained (chưa dịch sang tiếng Việt) |"
    assert english_in(fallback, names) == ["Trainees", "trained"]


def test_vietnamese_numbers_and_names(outputs: dict[str, str]) -> None:
    page = outputs["demo review (Markdown)"]
    assert "| Lượt người tham gia | 3.250 | 10.843 | +7.593 |" in page  # thousands with "."
    assert "| Tỷ trọng hoạt động thực chất | 67,6% | 71,4% | +3,8 điểm phần trăm |" in page
    assert "# Báo cáo tổng kết năm 2025 — Liên hiệp các tổ chức hữu nghị Việt Nam" in page
    unit = f"{NBSP}đối tác"  # a number and its unit are never split
    row = f"| Số đối tác nước ngoài có hoạt động | 17{unit} | 24{unit} | 30{unit} |"
    assert row in page
    assert "Khoảng dự báo 80%" in page
    assert "Korea, Republic of" not in page
    assert "Hàn Quốc" in page
    assert "Đã ghi báo cáo tổng kết năm vào" in outputs["report"]
    assert "Dữ liệu minh họa phục vụ giảng dạy." in outputs["demo"]
