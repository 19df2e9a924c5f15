"""``ppd --help`` in the user's language: every text of the command tree and Typer's words."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from ppd_core._help import help_texts
from ppd_core.cli import app
from ppd_core.i18n import text

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_every_help_text_has_its_vietnamese() -> None:
    texts = help_texts(typer.main.get_command(app))
    assert len(texts) > 70
    missing = [t for t in texts if text(t, "vi") == t]
    assert missing == []


@pytest.mark.parametrize("args", [["--help"], ["db", "import", "--help"], ["plan", "--help"]])
def test_help_reads_in_vietnamese_with_ppd_lang(args: list[str]) -> None:
    shown = runner.invoke(app, args, env={**WIDE, "PPD_LANG": "vi"})
    assert shown.exit_code == 0, shown.output
    assert "Cách dùng: ppd" in shown.output
    assert "Tùy chọn" in shown.output
    assert "Hiện hướng dẫn này rồi thoát." in shown.output
    for english in ("Usage:", "Options", "Show this message and exit."):
        assert english not in shown.output


def test_the_import_help_in_vietnamese_and_english_after_it() -> None:
    vi = runner.invoke(app, ["db", "import", "--help"], env={**WIDE, "PPD_LANG": "vi"})
    assert "Nhập một tệp vào cơ sở dữ liệu" in vi.output
    assert "[bắt buộc]" in vi.output
    assert "[biến môi trường: PPD_LANG]" in vi.output
    en = runner.invoke(app, ["db", "import", "--help"], env={**WIDE, "PPD_LANG": "en"})
    assert "Import a file into the database" in en.output  # nothing stays translated
    assert "[required]" in en.output
    assert "Usage: ppd db import" in en.output
