"""Open JupyterLab on the released course, for a trainee.

`prepare_workspace` copies each released assignment into the trainee's workspace (building
the release first when it is missing) and never overwrites an assignment already there, so
a trainee's work survives a second launch (``ppd course start`` does the same from the
trainee package, see `_pack`).  `lab_command` is the command that starts
JupyterLab on it, with the nbgrader extensions (the **Validate** button) and without the
news and update pop-ups.  ``ppd course lab`` (or ``python3 tasks.py course``) does both.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from ppd_core.course.grading import Course
from ppd_core.i18n import Lang
from ppd_core.i18n.catalogue import ENV

__all__ = ["CODE_FONTS", "lab_command", "lab_environment", "prepare_workspace", "write_settings"]

CODE_FONTS = "'Noto Sans Mono', 'Noto Mono', Consolas, 'Courier New', monospace"
"""The font of code cells and outputs: monospace fonts that have every Vietnamese letter as
one glyph (``ổ``, ``ệ`` …) first. JupyterLab's own choice (Menlo, Consolas, DejaVu Sans Mono)
ends on Linux with DejaVu Sans Mono, which has no precomposed Vietnamese letters, so a comment
or a text in Vietnamese shows its diacritics detached (Debian: ``fonts-noto-mono``)."""

# JupyterLab settings for trainees: start the notebook's kernel without asking, and no
# news or update pop-ups (the course also runs offline).
_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


_THEMES = Path("@jupyterlab", "apputils-extension", "themes.jupyterlab-settings")


def prepare_workspace(course: Course, workspace: Path) -> list[str]:
    """Copy released assignments missing from ``workspace``; return the ones copied."""
    workspace.mkdir(parents=True, exist_ok=True)
    course.ensure_built()
    copied = []
    for assignment in course.assignments():
        target = workspace / assignment
        if target.exists():
            continue
        shutil.copytree(course.root / "release" / assignment, target)
        copied.append(assignment)
    write_settings(workspace)
    return copied


def write_settings(workspace: Path) -> None:
    """Write the trainees' JupyterLab settings (see `lab_command`) into ``workspace``.

    The code font (:data:`CODE_FONTS`) is a user setting (JupyterLab applies a theme's CSS
    overrides from the user's settings only), written once: a trainee's own choice stays.
    """
    settings = workspace / ".ppd-lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(_OVERRIDES, indent=1), encoding="utf-8")
    themes = workspace / ".ppd-lab" / "user-settings" / _THEMES
    if not themes.exists():
        themes.parent.mkdir(parents=True, exist_ok=True)
        font = {"overrides": {"code-font-family": CODE_FONTS}}
        themes.write_text(json.dumps(font, indent=1), encoding="utf-8")


def lab_environment(lang: Lang) -> dict[str, str]:
    """The environment JupyterLab runs in: this one, with the library's language ``lang``.

    The notebooks' kernels inherit it, so what ``ppd_core`` prints there (problem reports,
    summaries, tables) is in the course's language (``PPD_LANG``, see
    :func:`ppd_core.i18n.default_lang`); the numbers, and so the grades, are the same.
    """
    return {**os.environ, ENV: lang}


def lab_command(
    workspace: Path, *, port: int | None = None, token: str | None = None, browser: bool = True
) -> list[str]:
    """The command that starts JupyterLab on ``workspace`` with this Python's kernel."""
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace}",
        f"--LabApp.app_settings_dir={workspace / '.ppd-lab' / 'settings'}",
        f"--LabApp.user_settings_dir={workspace / '.ppd-lab' / 'user-settings'}",
        "--LabApp.news_url=",
    ]
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers often run as root
        cmd.append("--allow-root")
    return cmd
