#!/usr/bin/env python3
"""One entry point for every project task; needs nothing but ``python3`` (3.11 or newer).

Usage::

    python3 tasks.py demo      # set up the environment, then run ``ppd demo``
    python3 tasks.py test      # set up the environment, then lint, type-check and run the tests
    python3 tasks.py bench     # set up the environment, then run the benchmarks
    python3 tasks.py docs      # set up the environment, then preview the docs (mkdocs serve)
    python3 tasks.py course    # set up the environment, then preview the course in JupyterLab
    python3 tasks.py grading   # instructors: install bubblewrap (the grading sandbox), then
                               # run ``ppd course ARGS`` (e.g. ``grading grade``)
    python3 tasks.py ppd ARGS  # run any ``ppd`` command inside the environment
    python3 tasks.py i18n      # re-extract, update and compile the translation catalogues

The first run creates ``.tools/`` (a private virtual environment holding the pinned ``uv``)
and ``.venv/`` (the project environment, installed exactly from ``uv.lock``). Later runs reuse
both and only re-sync when the lock file changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

UV_VERSION = "0.13.8"
ROOT = Path(__file__).resolve().parent
TOOLS = ROOT / ".tools"


def _run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    if code != 0:
        sys.exit(code)


def _uv() -> Path:
    """Return the pinned uv, installing it into ``.tools/`` on first use."""
    bindir = TOOLS / ("Scripts" if os.name == "nt" else "bin")
    uv = bindir / ("uv.exe" if os.name == "nt" else "uv")
    if uv.exists():
        return uv
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be started by an older python3
        sys.exit(f"ppd_core needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(TOOLS)
    except Exception as exc:  # ensurepip missing on some Linux distributions
        sys.exit(
            f"Could not create a virtual environment in {TOOLS} ({exc}).\n"
            "On Debian/Ubuntu install the venv module first: sudo apt-get install python3-venv"
        )
    _run(bindir / "python", "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}")
    return uv


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("UV_PYTHON_DOWNLOADS", "never")  # use the python3 we were started with
    env.setdefault("UV_PYTHON", sys.executable)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


_SYNCED: list[Path] = []


def sync() -> Path:
    """Create or update ``.venv`` exactly from ``uv.lock`` (once per run); return uv.

    When the lock file changed since the last sync (or on the first one), the environment's
    modules are compiled to bytecode too, so the user's first command is not slowed down by
    Python compiling every module it imports; other runs skip that (it costs seconds).
    """
    if not _SYNCED:
        uv = _uv()
        lock = hashlib.sha256((ROOT / "uv.lock").read_bytes()).hexdigest().encode()
        marker = ROOT / ".venv" / ".ppd-compiled-lock"
        compiled = marker.exists() and marker.read_bytes() == lock
        extra = [] if compiled else ["--compile-bytecode"]
        _run(uv, "sync", "--locked", "--extra", "course", "--quiet", *extra, env=_env())
        if not compiled:
            marker.write_bytes(lock)
        _SYNCED.append(uv)
    return _SYNCED[0]


def in_env(*cmd: str) -> None:
    """Run a command inside the project environment (after syncing it)."""
    uv = sync()
    _run(uv, "run", "--locked", "--no-sync", *cmd, env=_env())


def demo(args: list[str]) -> None:
    """Run the main job: ``ppd demo`` on the embedded default database."""
    in_env("ppd", "demo", *args)


def test(args: list[str]) -> None:
    """Lint, type-check and run the whole test suite."""
    checked = ("src", "tests", "benchmarks", "docs", "tasks.py", "conftest.py")
    in_env("ruff", "check", *checked)
    in_env("ruff", "format", "--check", *checked)
    in_env("mypy")
    in_env("pytest", *args)


def bench(args: list[str]) -> None:
    """Run every benchmark in ``benchmarks/`` and print their figures."""
    in_env("python", "-m", "benchmarks", *args)


def docs(args: list[str]) -> None:
    """Preview the documentation site (``docs build`` builds it strictly into ``site/``)."""
    if args[:1] == ["build"]:
        in_env("mkdocs", "build", "--strict", *args[1:])
    else:
        in_env("mkdocs", "serve", *args)


def course(args: list[str]) -> None:
    """Instructors: preview the released course in JupyterLab (folder ``ppd-course-work/``).

    Trainees get the package written by ``grading pack`` instead (no solutions on disk).
    """
    in_env("ppd", "course", "lab", "--course", str(ROOT / "course"), *args)


def i18n(args: list[str]) -> None:
    """Keep the catalogues in step with the code: ``extract``, ``update``, ``compile``, ``check``.

    Without arguments, all four (see ``python -m ppd_core.i18n``); then translate the new,
    empty entries of ``src/ppd_core/i18n/locale/vi/LC_MESSAGES/ppd_core.po`` and run it again.
    """
    in_env("python", "-m", "ppd_core.i18n", *args)


def grading(args: list[str]) -> None:
    """Instructors: install the grading sandbox (bubblewrap) if missing, run ``ppd course``.

    On Debian/Ubuntu run as root it is installed with apt-get; elsewhere the command to run
    is printed and grading refuses untrusted submissions until it is there.
    """
    import shutil

    if sys.platform.startswith("linux") and shutil.which("bwrap") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            if subprocess.call(["apt-get", "install", "-y", "-qq", "bubblewrap"], env=apt):
                _run("apt-get", "update", "-qq")
                _run("apt-get", "install", "-y", "-qq", "bubblewrap", env=apt)
        else:
            print("The grading sandbox needs bubblewrap: sudo apt-get install -y bubblewrap")
    in_env("ppd", "course", *args)


def ppd(args: list[str]) -> None:
    """Run any ``ppd`` sub-command inside the project environment."""
    in_env("ppd", *args)


TASKS = {
    "demo": demo,
    "test": test,
    "bench": bench,
    "docs": docs,
    "course": course,
    "grading": grading,
    "i18n": i18n,
    "ppd": ppd,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(__doc__)
    TASKS[sys.argv[1]](sys.argv[2:])
