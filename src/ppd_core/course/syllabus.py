"""The course syllabus, written from the assignments themselves.

Each assignment's first cell states its title, estimated time and learning objectives; the
marks are summed from its graded cells. `syllabus_markdown` turns that into the syllabus
printed in ``course/README.md`` (between the ``syllabus`` markers, refreshed by
``ppd course sources``) and on the documentation site, so neither can drift from the
notebooks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ppd_core.course.authoring import CourseError, read_authoring

__all__ = ["AssignmentInfo", "assignment_info", "syllabus_markdown"]

BEGIN = "<!-- syllabus:start (written by `ppd course sources`; do not edit by hand) -->"
END = "<!-- syllabus:end -->"


@dataclass(frozen=True)
class AssignmentInfo:
    """What the syllabus says about one assignment."""

    name: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    autograded: float
    written: float
    exercises: int


def assignment_info(path: Path) -> AssignmentInfo:
    """Read an authoring file's first cell and sum its marks.

    Raises:
        CourseError: When the first cell lacks the title, time or objectives.
    """
    cells = read_authoring(path)
    first = cells[0].source if cells else ""
    title = re.search(r"^# (.+)$", first, re.M)
    minutes = re.search(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes", first)
    block = re.search(r"## What you will be able to do\n(.*?)(?:\n## |\Z)", first, re.S)
    if not (title and minutes and block):
        raise CourseError(
            f"{path}: the first cell needs a '# title', '**Estimated time:** N minutes' and "
            "a '## What you will be able to do' list"
        )
    objectives: list[str] = []
    for line in block.group(1).splitlines():
        item = re.match(r"^\d+\.\s+(.*)", line)
        if item:
            objectives.append(item.group(1).strip())
        elif line.strip() and objectives:
            objectives[-1] += " " + line.strip()
    # Links to files handed out with the notebook (the glossary) mean nothing elsewhere.
    objectives = [re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", o) for o in objectives]
    auto = sum(c.points or 0 for c in cells if c.kind == "tests")
    written = sum(c.points or 0 for c in cells if c.kind in ("manual", "task"))
    return AssignmentInfo(
        name=path.stem,
        title=title.group(1).strip(),
        minutes=int(minutes.group(1)),
        objectives=tuple(objectives),
        autograded=auto,
        written=written,
        exercises=sum(1 for c in cells if c.kind == "solution"),
    )


def _n(value: float) -> str:
    return f"{value:g}"


def syllabus_markdown(authoring_files: list[Path], heading: str = "##") -> str:
    """The syllabus: a summary table, then each assignment's objectives."""
    infos = [assignment_info(p) for p in authoring_files]
    total_minutes = sum(i.minutes for i in infos)
    lines = [
        f"{len(infos)} assignments, about {total_minutes / 60:.0f} hours of work, "
        f"{_n(sum(i.autograded for i in infos))} autograded marks and "
        f"{_n(sum(i.written for i in infos))} marks for written answers graded by an "
        "instructor.",
        "",
        "| Assignment | Time | Exercises | Autograded | Written |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{i.name}` — {i.title.split('—', 1)[-1].strip()} | {i.minutes} min | "
        f"{i.exercises} | {_n(i.autograded)} | {_n(i.written)} |"
        for i in infos
    ]
    for i in infos:
        lines += ["", f"{heading} {i.title}", ""]
        lines += [f"Folder `{i.name}` · about {i.minutes} minutes. You will be able to:", ""]
        lines += [f"{n}. {text}" for n, text in enumerate(i.objectives, start=1)]
    return "\n".join(lines) + "\n"


def with_syllabus(readme: str, syllabus: str) -> str:
    """``readme`` with the text between the syllabus markers replaced."""
    if BEGIN not in readme or END not in readme:
        raise CourseError(f"the course README needs the markers {BEGIN!r} and {END!r}")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{syllabus}\n{END}{tail}"
