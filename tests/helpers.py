"""Test helpers: a fixed "today", paths to ../shared, small valid records."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ppd_core.tables import SCHEMA

TODAY = date(2026, 11, 22)
SHARED = Path(__file__).resolve().parents[2] / "shared"
IATI = SHARED / "data" / "iati"
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, which CI installs (tests that need it skip when it is absent)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
"""How tests launch it through playwright: headless, offline, no first-run chores."""


def needs_shared() -> pytest.MarkDecorator:
    """Skip when ../shared (IATI codelists and files) is not beside the checkout."""
    return pytest.mark.skipif(
        not IATI.is_dir(),
        reason=f"{IATI} is absent: the IATI reference files live in ../shared beside the "
        "checkout (CI provides them; a user's clone does not)",
    )


def activity_dict(**changes: Any) -> dict[str, Any]:
    """A valid activity as a plain dict, with ``changes`` applied (None removes a key)."""
    base: dict[str, Any] = {
        "id": "A-1",
        "title": "Friendship exchange",
        "lead_organisation_id": "VUFO",
        "kind": "development_project",
        "status": "closed",
        "actual_start": date(2025, 3, 1),
        "actual_end": date(2025, 3, 20),
        "countries": [{"country": "KH", "percentage": 60.0}, {"country": "LA", "percentage": 40.0}],
        "priority_areas": [{"area": "community_health", "percentage": 100.0}],
        "partners": [{"partner_id": "P-1", "role": "funding"}],
        "resource_flows": [
            {
                "partner_id": "P-1",
                "stage": "pledged",
                "amount": {"amount": "1500.25", "currency": "USD"},
                "date": date(2025, 2, 1),
            }
        ],
        "participants": {"total": 50, "foreign": 10, "domestic": 40, "women": 20, "youth": 5},
        "cost": {"amount": "25000000", "currency": "VND"},
        "outputs": {"agreements_signed": 1},
        "sdgs": ["3"],
    }
    for key, value in changes.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def frames_from_raw(table: str, row: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """Lay out a record that does not validate, as a spreadsheet would hold it."""
    spec = SCHEMA[table]
    flat: dict[str, Any] = {}
    for col in spec.columns:
        value: Any = row
        for part in col.path:
            value = value.get(part) if isinstance(value, dict) else None
        flat[col.name] = [value]
    frames = {table: pd.DataFrame(flat, dtype=object)}
    for child in spec.children:
        link = SCHEMA[child]
        items: Any = row.get(link.field or "") or ({} if link.kind == "dict" else [])
        rows: list[dict[str, Any]] = []
        if link.kind == "dict":
            rows = [{link.columns[1].name: k, link.columns[2].name: v} for k, v in items.items()]
        elif link.kind == "scalars":
            rows = [{link.columns[1].name: v} for v in items]
        else:
            for item in items:
                r = {}
                for col in link.columns[1:]:
                    value = item
                    for part in col.path:
                        value = value.get(part) if isinstance(value, dict) else None
                    r[col.name] = value
                rows.append(r)
        frame = pd.DataFrame(rows, columns=link.column_names[1:], dtype=object)
        frame.insert(0, link.key, row.get("id"))
        frames[child] = frame
    return frames


@pytest.fixture(scope="module", autouse=True)
def jupyter_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep Jupyter's config, data, runtime and IPython folders out of $HOME (course tests).

    Import it into a test module (``from helpers import jupyter_home``) to use it there.
    """
    from ppd_core.course.checking import jupyter_dirs

    home = tmp_path_factory.mktemp("jupyter-home")
    with pytest.MonkeyPatch.context() as mp:
        for var, value in jupyter_dirs(home).items():
            mp.setenv(var, value)
        mp.delenv("PPD_COURSE_CELL_TIMEOUT", raising=False)
        yield home


LAB_ENVIRONMENTS: list[dict[str, str]] = []
"""The environments JupyterLab was started with, for :func:`record_lab`'s callers."""


def record_lab(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Make ``ppd course start``/``lab`` record the JupyterLab command instead of running it."""
    launched: list[list[str]] = []

    def lab(cmd: list[str], env: Mapping[str, str] | None = None) -> int:
        launched.append(cmd)
        LAB_ENVIRONMENTS.append(dict(env or {}))
        return 0

    monkeypatch.setattr("ppd_core.course.cli.subprocess.call", lab)
    return launched


@contextlib.contextmanager
def running_lab(
    cmd: list[str], env: Mapping[str, str], log: Path, *, url: str, token: str, seconds: float
) -> Iterator[str]:
    """Run JupyterLab (``cmd``) until the block ends; yield its URL once it answers.

    Fails the test with JupyterLab's log if it does not answer within ``seconds``; stops it
    (killed if it does not stop within 20 s) when the block ends.
    """
    with log.open("w") as out:
        server = subprocess.Popen(cmd, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + seconds
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        out.flush()
                        pytest.fail("JupyterLab did not start:\n" + log.read_text())
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
