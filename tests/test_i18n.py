"""The catalogue of words and the formatting of numbers for people (ppd_core.i18n)."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from ppd_core.i18n import LANGS, N_, plural, text, translations
from ppd_core.i18n import _maintain as maintain
from ppd_core.i18n.format import MINUS, MISSING, count, day, money, number, percent, points, signed


def test_catalogues_are_in_step_with_the_code() -> None:
    """The .pot lists exactly the texts of the code, every text has a Vietnamese translation
    and each .mo is the compiled .po (fix with ``python -m ppd_core.i18n all``)."""
    assert maintain.problems() == []


def test_extraction_finds_nested_and_marked_texts() -> None:
    ids = {m.id for m in maintain.extract()}
    assert "No data for this chart" in ids  # inside ax.text(...)
    assert "Organisations of the PPD system" in ids  # marked with N_
    assert ("{n} problem", "{n} problems") in ids  # plural


def test_translations_are_precomposed_and_keep_their_fields() -> None:
    import string

    for lang in LANGS[1:]:
        catalog = maintain._read(maintain.po_path(lang), lang)
        for message in catalog:
            if not message.id:
                continue
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string
            targets = [str(t) for t in strings] if isinstance(strings, tuple) else [str(strings)]
            fields = {f for _, f, _, _ in string.Formatter().parse(str(sources[0])) if f}
            for target in targets:
                assert unicodedata.is_normalized("NFC", target), message.id
                found = {f for _, f, _, _ in string.Formatter().parse(target) if f}
                assert found == fields, message.id


def test_text_and_plural() -> None:
    assert text("Partners", "en") == "Partners"
    assert text("Partners", "vi") == "Đối tác"
    assert text("Not in the catalogue {x}", "vi", x=1) == "Not in the catalogue 1"
    assert text("{braces} stay without fields", "vi") == "{braces} stay without fields"
    assert plural("{n} problem", "{n} problems", 1, "en", n=1) == "1 problem"
    assert plural("{n} problem", "{n} problems", 2, "en", n=2) == "2 problems"
    assert plural("{n} problem", "{n} problems", 2, "vi", n=2) == "2 lỗi"
    assert N_("Anything") == "Anything"
    with pytest.raises(ValueError, match="unknown language"):
        translations("fr")  # type: ignore[arg-type,unused-ignore]  # no such catalogue


def test_numbers_per_language() -> None:
    assert number(3250, "en") == "3,250"
    assert number(3250, "vi") == "3.250"
    assert number(1234567.891, "vi", 1) == "1.234.567,9"
    assert number(-0.001, "en", 2) == "0.00"
    assert number(-1500, "vi") == f"{MINUS}1.500"
    assert number(None, "en") == number(float("nan"), "vi") == number("x", "en") == MISSING
    assert count(29.6, "en") == "30"
    assert percent(0.714, "en", 1) == "71.4%"
    assert percent(0.714, "vi", 1) == "71,4%"
    assert percent(-0.05, "en") == f"{MINUS}5%"
    assert signed(3, "en") == "+3"
    assert signed(-3.25, "vi", 1) == f"{MINUS}3,2"
    assert signed(0.04, "en", 1) == "0.0"
    assert points(0.038, "vi") == "+3,8"
    assert day(date(2026, 12, 7), "vi") == "7/12/2026"
    assert day(None, "vi") == MISSING
    assert money(1234.5, "USD", "en") == "$1,234.50"
    assert money(float("inf"), "USD", "en") == MISSING


def test_the_check_sees_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing translation, a stale template and a stale .mo are each reported."""
    locale = tmp_path / "locale"
    shutil.copytree(maintain.LOCALE, locale)
    monkeypatch.setattr(maintain, "LOCALE", locale)
    monkeypatch.setattr(maintain, "TEMPLATE", locale / maintain.TEMPLATE.name)
    po = maintain.po_path("vi")
    catalog = maintain._read(po, "vi")
    catalog["Partners"].string = ""  # untranslated
    catalog.delete("Awards")  # lost from the .po
    maintain._write(po, catalog)
    template = maintain._read(maintain.TEMPLATE)
    template.delete("Awards")  # the code uses it, the template forgot it
    maintain._write(maintain.TEMPLATE, template)
    found = "\n".join(maintain.problems())
    assert "ppd_core.pot lacks 'Awards'" in found
    assert "vi: no translation of 'Partners'" in found
    assert "vi: no translation of 'Awards'" in found
    assert "vi: ppd_core.mo is out of date with ppd_core.po" in found
