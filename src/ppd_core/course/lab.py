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

__all__ = ["lab_command", "prepare_workspace", "write_settings"]

# JupyterLab settings for trainees: start the notebook's kernel without asking, and no
# news or update pop-ups (the course also runs offline).
_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


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
    """Write the trainees' JupyterLab settings (see `lab_command`) into ``workspace``."""
    settings = workspace / ".ppd-lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(_OVERRIDES, indent=1), encoding="utf-8")


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
