"""One Vietnamese term per concept: the catalogue uses the glossary's word, never a synonym.

For each concept below, every catalogue entry whose English names the concept must use the
glossary's Vietnamese term (``ppd_core/glossary.csv``), and no translation may use one of the
words the glossary did not choose (``sheet`` left in English, "khoảng tin cậy" for a
prediction band, "gộp" for a merge …).
"""

from __future__ import annotations

import re
import string

import pytest

from ppd_core import glossary
from ppd_core.i18n import _maintain as maintain

CONCEPTS: dict[str, tuple[str, str]] = {
    # glossary entry (English): (English words in a msgid, which of the entry's terms)
    "partner": (r"\bpartners?\b", "đối tác"),
    "indicator": (r"\bindicators?\b", "chỉ số"),
    "target": (r"\btargets?\b", "chỉ tiêu"),
    "substantive, effective": (r"\bsubstantive\b", "thực chất"),
    "ceremonial, formalistic": (r"\bceremonial\b", "mang tính nghi lễ"),
    "lapsed partner": (r"\blapsed\b", "không còn hoạt động"),
    "baseline": (r"\bbaseline\b", "giá trị cơ sở"),
    "work plan": (r"\bwork plans?\b", "kế hoạch công tác"),
    "sheet (of a workbook)": (r"\bsheets?\b", "trang tính"),
    "participants (a count)": (r"\bparticipants\b", "lượt người tham gia"),
    "follow-up activity": (r"\bfollow(s|ed)?[- ]up\b", "tiếp nối"),
    "trend; prediction band": (r"\bband\b", "khoảng dự báo"),
    "priority area": (r"\bpriority[- ]areas?\b", "lĩnh vực ưu tiên"),
    "province (or centrally run city)": (r"\bprovinces?\b", "tỉnh/thành phố"),
    "record": (r"(?<!sample )\brecords?\b", "bản ghi"),  # not the verb
    "evaluation; evaluation criterion": (r"\bevaluations?\b", "đánh giá"),
    "merge; undo a merge": (r"\bmerges?\b", "hợp nhất"),
}
"""The concepts held to one term."""

NOT_CHOSEN = {
    r"\bsheet\b": "trang tính",
    r"khoảng tin cậy": "khoảng dự báo",
    r"\btỉ lệ\b": "tỷ lệ",
    r"\bgộp\b": "hợp nhất",
    r"tỉnh/thành(?! phố)": "tỉnh/thành phố",
    r"\bxoá\b": "xóa",
    r"\btrạng thái giải\b": "(say what the search found)",
}
"""Words the glossary did not choose → the chosen one."""


def _entries() -> list[tuple[str, str]]:
    """(English, Vietnamese) for every text of the catalogue, without their ``{fields}``."""
    catalog = maintain._read(maintain.po_path("vi"), "vi")
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        for en, vi in zip(ids, strs, strict=False):
            out.append((_plain(str(en)), _plain(str(vi))))
    return out


def _plain(text: str) -> str:
    """``text`` without its ``{fields}``."""
    return "".join(lit for lit, *_ in string.Formatter().parse(text))


def _term(entry: str, chosen: str) -> str:
    (term,) = [t for t in glossary.terms() if t.english == entry]
    assert chosen in term.vietnamese, (entry, term.vietnamese)
    return chosen


def astray(entries: list[tuple[str, str]], entry: str) -> list[tuple[str, str]]:
    """The entries whose English names the concept ``entry`` but whose Vietnamese lacks its term."""
    pattern, chosen = CONCEPTS[entry]
    term = _term(entry, chosen)
    return [
        (en, vi) for en, vi in entries if re.search(pattern, en, re.I) and term not in vi.lower()
    ]


def not_chosen(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(Vietnamese, the chosen word) for each translation using a word not chosen."""
    return [(vi, b) for _, vi in entries for w, b in NOT_CHOSEN.items() if re.search(w, vi, re.I)]


@pytest.mark.parametrize("entry", sorted(CONCEPTS))
def test_the_catalogue_uses_the_glossary_term(entry: str) -> None:
    assert astray(_entries(), entry) == [], f"use “{CONCEPTS[entry][1]}” for {entry!r}"


def test_no_translation_uses_a_word_not_chosen() -> None:
    assert not_chosen(_entries()) == []


def test_the_check_sees_a_synonym() -> None:
    """A translation saying "Cộng sự" for partners is caught, "Đối tác mới" passes; a
    translation keeping "sheet" or saying "khoảng tin cậy" is caught."""
    entries = [("Partners", "Cộng sự"), ("New partners", "Đối tác mới")]
    assert astray(entries, "partner") == [("Partners", "Cộng sự")]
    entries = [("Sheets", "Các sheet"), ("80% band", "Khoảng tin cậy 80%")]
    assert not_chosen(entries) == [
        ("Các sheet", "trang tính"),
        ("Khoảng tin cậy 80%", "khoảng dự báo"),
    ]
