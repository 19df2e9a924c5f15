"""The ``ppd`` command line."""

from __future__ import annotations

from typer.testing import CliRunner

import ppd_core
from ppd_core.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ppd_core {ppd_core.__version__}"


def test_demo_prints_the_summary() -> None:
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for heading in (
        "Activities by level of the lead organisation",
        "Activities by kind",
        "Activities by year",
        "Resources mobilised from partners (USD",
        "Validated",
    ):
        assert heading in result.output
    assert "Provincial/municipal" in result.output


def test_demo_in_vnd() -> None:
    result = runner.invoke(app, ["demo", "--currency", "vnd"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "(VND" in result.output
