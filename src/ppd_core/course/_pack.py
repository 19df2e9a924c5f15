"""The trainee package: the release only, checked to hold no solution and no hidden test.

A trainee who works from a copy of the repository has every solution and hidden test of the
course on disk (``course/source``, ``course/authoring``). Instead, the instructor runs
``ppd course pack`` (`pack`): a zip of ``release/`` (notebooks, glossary, data files), a
``README.md`` for trainees and, when given, the ``ppd_core`` wheel (the library contains no
course source), and ``start.py``, the trainee's one command. Before the zip is kept, every
text it holds is searched for every solution line and hidden-test line of the instructor's
notebooks; one found is a :class:`~ppd_core.errors.CourseError` and no zip is written. The
trainee unzips it and runs ``python3 ppd-course/start.py``: it installs the library (from
the wheel when there is one) into ``ppd-env/`` once, then runs ``ppd course start`` on the
unzipped folder (`unpack` into ``ppd-course-work/``, then JupyterLab).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from ppd_core.course.authoring import HIDDEN_BEGIN, SOLUTION_BEGIN
from ppd_core.course.checking import hidden_lines, solution_lines
from ppd_core.course.grading import Course
from ppd_core.errors import CourseError
from ppd_core.i18n import N_, text

__all__ = ["leaks", "pack", "unpack"]

TOP = "ppd-course"

_README = N_("""# Planning with data in people-to-people diplomacy: your course notebooks

This package holds the assignments as released to trainees: notebooks, the glossary and
their data. It holds no solutions and no hidden tests.

Unzip it, then run, with Python 3.11 or newer:

    python3 ppd-course/start.py

The first time, this installs the library with the course tools into `ppd-env/` beside the
package (from the wheel in `ppd-course/wheels/` when there is one); every time, it copies
the assignments you do not have yet into your own folder `ppd-course-work/` (your work
there is never overwritten) and opens JupyterLab on it.
""")

# The trainee's one command, run by any python3 (3.11+) before the library is installed.
_START = """\"\"\"Install the course tools once, then open the course (python3 start.py).\"\"\"
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = Path(os.environ.get("PPD_COURSE_ENV", HERE.parent / "ppd-env"))
BIN = ENV / ("Scripts" if os.name == "nt" else "bin")
if not (BIN / "ppd").exists() and not (BIN / "ppd.exe").exists():
    venv.create(ENV, with_pip=True)
    wheels = sorted((HERE / "wheels").glob("ppd_core-*.whl"))
    wanted = f"{wheels[-1]}[course]" if wheels else "ppd-core[course]"
    subprocess.check_call([str(BIN / "python"), "-m", "pip", "install", "--quiet", wanted])
COMMAND = [str(BIN / "ppd"), "course", "start", str(HERE), "--lang", "__LANG__"]
sys.exit(subprocess.call([*COMMAND, *sys.argv[1:]]))
"""


def _lines(member: str, body: str) -> set[str]:
    """The stripped lines a trainee would read in a file (a notebook's cells and outputs)."""
    if member.endswith(".ipynb"):
        try:
            nb = json.loads(body)
        except ValueError:
            return {line.strip() for line in body.splitlines()}
        parts = []
        for cell in nb.get("cells", []):
            parts.append("".join(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts.append("".join(output.get("text", "")))
                parts.append(json.dumps(output.get("data", {})))
        body = "\n".join(parts)
    return {line.strip() for line in body.splitlines()}


def leaks(course: Course, texts: dict[str, str]) -> list[str]:
    """Solution or hidden-test lines of ``course``'s source found in ``texts`` (per assignment).

    ``texts`` maps ``ppd-course/<assignment>/<file>`` to the file's text; each assignment's
    files are searched for the lines of that assignment's instructor notebooks.
    """
    found: list[str] = []
    for assignment in course.assignments():
        secret: dict[str, str] = {}
        for name in course.notebooks(assignment):
            path = course.root / "source" / assignment / f"{name}.ipynb"
            nb = json.loads(path.read_text("utf-8"))
            secret |= dict.fromkeys(solution_lines(nb), "solution")
            secret |= dict.fromkeys(hidden_lines(nb), "hidden test")
        prefix = f"{TOP}/{assignment}/"
        for member, body in texts.items():
            if not member.startswith(prefix):
                continue
            lines = _lines(member, body)
            found += [
                f"{member}: {what} {line!r}" for line, what in secret.items() if line in lines
            ]
            found += [f"{member}: holds {m!r}" for m in (SOLUTION_BEGIN, HIDDEN_BEGIN) if m in body]
    return sorted(found)


def pack(course: Course, out: Path, *, wheel: Path | None = None) -> Path:
    """Write the trainee package ``out`` (a zip) for ``course``; see the module docs.

    Raises:
        CourseError: When a solution or hidden-test line would reach the package (nothing
            is written), or ``wheel`` is not a wheel file.
    """
    missing = [a for a in course.assignments() if not (course.root / "release" / a).is_dir()]
    if missing:
        course.build(missing, answers=False)
    if wheel is not None and not (wheel.is_file() and wheel.suffix == ".whl"):
        raise CourseError(f"{wheel} is not a wheel file (build one with: uv build --wheel)")
    buffer = io.BytesIO()
    texts: dict[str, str] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{TOP}/README.md", text(_README, course.language))
        zf.writestr(f"{TOP}/start.py", _START.replace("__LANG__", course.language))
        for assignment in course.assignments():
            folder = course.root / "release" / assignment
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                member = f"{TOP}/{path.relative_to(course.root / 'release').as_posix()}"
                data = path.read_bytes()
                zf.writestr(member, data)
                texts[member] = data.decode("utf-8", errors="replace")
        if wheel is not None:
            zf.write(wheel, f"{TOP}/wheels/{wheel.name}")
    found = leaks(course, texts)
    if found:
        raise CourseError(
            text(
                "The trainee package was not written: it would hold course secrets:\n{found}",
                "en",
                found="\n".join(found),
            )
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out


def _members(package: Path) -> dict[str, bytes]:
    """The package's assignment files by member name, from the zip or its unzipped folder.

    Raises:
        CourseError: When ``package`` is neither a trainee package nor its unzipped folder.
    """
    files: dict[str, bytes] = {}
    try:
        if package.is_dir():
            for path in sorted(p for p in package.rglob("*") if p.is_file()):
                files[f"{TOP}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
        else:
            with zipfile.ZipFile(package) as zf:
                files = {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
    except (OSError, zipfile.BadZipFile) as exc:
        error: object = exc
    else:
        files = {n: b for n, b in files.items() if n.count("/") >= 2 and n.startswith(f"{TOP}/")}
        files = {n: b for n, b in files.items() if n.split("/")[1] != "wheels"}
        if any(n.endswith(".ipynb") for n in files):
            return files
        error = "it holds no assignment notebook"
    raise CourseError(
        text(
            "{path} is not a course package (a .zip from 'ppd course pack'): {error}",
            "en",
            path=package,
            error=error,
        )
    )


def unpack(package: Path, workspace: Path) -> list[str]:
    """Copy the package's assignments missing from ``workspace``; return the ones copied.

    ``package`` is the zip written by `pack` or the folder it unzips to.

    Raises:
        CourseError: When ``package`` is not a trainee package or a member would land
            outside ``workspace``.
    """
    files = _members(package)
    copied: list[str] = []
    workspace.mkdir(parents=True, exist_ok=True)
    for assignment in sorted({n.split("/")[1] for n in files}):
        if (workspace / assignment).exists():
            continue
        for member, data in files.items():
            if member.split("/")[1] != assignment:
                continue
            dest = (workspace / member.split("/", 1)[1]).resolve()
            if not dest.is_relative_to(workspace.resolve()):
                raise CourseError(f"{package}: {member} would be written outside {workspace}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        copied.append(assignment)
    return copied
