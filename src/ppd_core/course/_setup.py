"""Getting a course ready to grade: notebooks from the text sources, a kernel, the roster.

Each function here does one step a `~ppd_core.course.Course` method offers: build the
source notebooks (`write_sources`), make sure the grading kernel can import ``ppd_core``
(`check_kernel`), add the trainees of a CSV roster to the gradebook (`read_roster`,
`add_students`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ppd_core.course.authoring import CourseError, build_notebook, notebook_json, read_authoring
from ppd_core.course.translation import translate_cells
from ppd_core.glossary import course_page
from ppd_core.i18n import Lang


def write_sources(
    root: Path, files: list[Path], wanted: set[str] | None, *, check: bool, lang: Lang = "en"
) -> list[Path]:
    """Build ``source/<a>/<a>.ipynb`` (and its glossary) from each authoring file.

    Args:
        root: The course directory.
        files: The authoring files, in course order.
        wanted: The assignments to build (None: all, and the syllabus in ``README.md``).
        check: Write nothing; only list what is out of date.
        lang: The course's language: other than English, the prose of each cell is
            translated through the course's catalogues (`ppd_core.course.translation`).

    Returns:
        The files that changed (or, with ``check``, would change).
    """
    changed = []
    for path in files:
        name = path.stem
        if wanted is not None and name not in wanted:
            continue
        target = root / "source" / name / f"{name}.ipynb"
        cells = read_authoring(path)
        if lang != "en":
            cells = translate_cells(cells, root, lang, name)
        texts = {
            target: notebook_json(build_notebook(cells)),
            target.parent / "glossary.md": course_page(),
        }
        for file, text in texts.items():
            old = file.read_text(encoding="utf-8") if file.exists() else None
            if old != text:
                changed.append(file)
                if not check:
                    file.parent.mkdir(parents=True, exist_ok=True)
                    file.write_text(text, encoding="utf-8")
    readme = root / "README.md"
    if wanted is None and readme.exists():
        from ppd_core.course.syllabus import syllabus_markdown, with_syllabus

        old = readme.read_text(encoding="utf-8")
        new = with_syllabus(old, syllabus_markdown(files, "###"))
        if new != old:
            changed.append(readme)
            if not check:
                readme.write_text(new, encoding="utf-8")
    return changed


def check_kernel(name: str) -> str:
    """The Python executable the kernel ``name`` runs, once it is known to import ppd_core.

    Raises:
        CourseError: Naming the kernel's Python and how to fix it.
    """
    import subprocess

    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise CourseError(
            f"there is no Jupyter kernel named {name!r}: install ipykernel in the "
            "environment that has ppd_core (pip install 'ppd-core[course]')"
        ) from None
    exe = spec.argv[0]
    if exe in {
        "python",
        f"python{sys.version_info[0]}",
        "python{}.{}".format(*sys.version_info),
    }:
        exe = sys.executable  # what jupyter_client runs for the native kernel
    try:
        done = subprocess.run(
            [exe, "-c", "import ppd_core, ipykernel"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except OSError as exc:
        raise CourseError(f"the kernel {name!r} runs {exe}, which cannot start: {exc}") from None
    if done.returncode != 0:
        raise CourseError(
            f"the kernel {name!r} ({spec.resource_dir}) runs {exe}, which cannot import "
            "ppd_core and ipykernel; remove that kernel spec or install "
            "'ppd-core[course]' into that Python"
        )
    return str(exe)


def read_roster(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV roster (an ``id`` column plus optional names and email).

    Raises:
        CourseError: When the roster has no ``id`` column.
    """
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f.strip() for f in reader.fieldnames or []]
        if "id" not in fields:
            raise CourseError(
                f"{path}: the roster needs an 'id' column (found {fields}); "
                "other columns: first_name, last_name, email"
            )
        return list(reader)


def add_students(gb: Any, path: Path, rows: Iterable[dict[str, str]]) -> list[str]:
    """Add or update the trainees of a roster's rows in the open gradebook ``gb``.

    Raises:
        CourseError: Naming the file, row and column of a bad trainee id.
    """
    done = []
    for number, row in enumerate(rows, start=2):
        sid = (row.get("id") or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9_.@-]+", sid):
            raise CourseError(
                f"{path}, row {number}, column id: {sid!r} is not a usable trainee id "
                "(letters, digits, '.', '_', '-', '@'; no spaces)"
            )
        extra = {
            k: (row.get(k) or "").strip() or None for k in ("first_name", "last_name", "email")
        }
        gb.update_or_create_student(sid, **extra)
        done.append(f"trainee {sid} added or updated")
    return done
