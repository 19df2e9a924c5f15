"""The course in another language: one gettext catalogue per assignment, one authoring source.

Assignments are written once, in English (``authoring/NN-name.py``). Their prose — what
`ppd_core.course._prose` finds: headings, paragraphs, list items and table cells of Markdown
cells; comments, printed texts and check messages of code cells — is translated through one
catalogue per assignment and language, ``locale/<lang>/LC_MESSAGES/NN-name.po`` (standard
gettext, read and written with Babel). A Markdown text is one paragraph, heading, list item
or table cell, with its line breaks folded into spaces, so rewording one sentence or
re-wrapping a paragraph leaves every other translation in place.

* `update_catalogues` (``ppd course i18n``) extracts the texts and merges them into each
  catalogue: new texts arrive untranslated, changed texts keep their old translation marked
  *fuzzy* for review, removed texts go;
* `translate_cells` gives the cells of one assignment in the language: code, ids, grade ids,
  points and nbgrader markers unchanged, so grading is the same. A text without a reviewed
  translation, or a translation that changes a code span, a link target or an f-string
  field, is a `CourseError` naming the assignment and the text: never a silent English
  paragraph;
* `translated_course` writes a complete course folder in the language (``ppd course build
  --lang vi`` writes ``course/vi``): its own ``nbgrader_config.py`` (the course's, with
  the language set through `CourseLanguage`, so the grader's notes are in that language and
  its gradebook and exchange are its own), the authoring files and catalogues it is built
  from, and the translated ``source/`` notebooks. Every ``ppd course`` command works on it.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from traitlets import Unicode
from traitlets.config import Configurable

from ppd_core.course._prose import fixed_parts, rewrite, units
from ppd_core.course.authoring import CellSpec, read_authoring
from ppd_core.errors import CourseError
from ppd_core.i18n import LANGS, Lang

__all__ = [
    "CourseLanguage",
    "catalogue_path",
    "check_language",
    "extract",
    "translate_cells",
    "translated_course",
    "update_catalogues",
]

WIDTH: Final = 100
HEADER_COMMENT: Final = (
    "# The texts of the course assignment {name}, in {lang} (see ppd_core.course.translation).\n"
    "# Kept in step with authoring/{name}.py by `ppd course i18n --lang {lang}`: translate each\n"
    "# msgstr, keep `code spans`, link targets and {{fields}} exactly, and remove 'fuzzy' flags\n"
    "# once a changed text's translation is reviewed."
)
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


class CourseLanguage(Configurable):
    """The language of a course's words for trainees (``c.CourseLanguage.language``).

    Set in a translated course's ``nbgrader_config.py``; the grader's notes in test cells
    (`~ppd_core.course._answers.JudgedExecute`) and the feedback's notes
    (`~ppd_core.course.feedback.RedactHiddenTests`) read it.
    """

    language = Unicode("en", help="Language of the notes the grader writes (en or vi).").tag(
        config=True
    )

    @property
    def lang(self) -> Lang:
        """The language as a `~ppd_core.i18n.Lang` (English for anything unknown)."""
        return "vi" if self.language == "vi" else "en"


def check_language(lang: str) -> Lang:
    """``lang`` as a `~ppd_core.i18n.Lang`.

    Raises:
        CourseError: Naming the languages the course can be built in.
    """
    for known in LANGS:
        if lang == known:
            return known
    raise CourseError(f"unknown course language {lang!r}; use one of {', '.join(LANGS)}")


def catalogue_path(root: Path, lang: str, assignment: str) -> Path:
    """``locale/<lang>/LC_MESSAGES/<assignment>.po`` of the course at ``root``."""
    return root / "locale" / lang / "LC_MESSAGES" / f"{assignment}.po"


def _cells(path: Path) -> Iterable[tuple[CellSpec, str]]:
    for cell in read_authoring(path):
        if cell.kind != "mistake":  # never in a notebook: code only
            yield cell, f"{path.parent.name}/{path.name}, cell at line {cell.line}"


def extract(path: Path) -> Catalog:
    """The texts of one authoring file as a template catalogue, in reading order."""
    kinds: dict[str, list[str]] = {}
    for cell, where in _cells(path):
        for text, kind in units(cell.source, cell.markdown, where):
            seen = kinds.setdefault(text, [])
            if kind not in seen:
                seen.append(kind)
    catalog = Catalog(project=f"ppd_core course, {path.stem}", fuzzy=False, charset="utf-8")
    for text, found in kinds.items():
        catalog.add(text, locations=[(f"authoring/{path.name}", None)], auto_comments=found)  # type: ignore[list-item]  # a file without line numbers
    return catalog


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def update_catalogues(
    root: Path, lang: str, files: Iterable[Path], *, check: bool = False
) -> list[Path]:
    """Merge the texts of the authoring ``files`` into their catalogues of ``lang``.

    Returns the catalogues that changed (with ``check``: that would change; nothing written).
    """
    check_language(lang)
    changed = []
    for path in files:
        target = catalogue_path(root, lang, path.stem)
        template = extract(path)
        if target.exists():
            catalog = _read(target, lang)
            old = target.read_bytes()
        else:
            catalog = Catalog(locale=lang, project=template.project, fuzzy=False)
            old = b""
        catalog.update(template, no_fuzzy_matching=False)
        catalog.fuzzy = False
        catalog.header_comment = HEADER_COMMENT.format(name=path.stem, lang=lang)
        catalog.copyright_holder = "ppd_core developers"
        catalog.msgid_bugs_address = "the ppd_core issue tracker"
        catalog.last_translator = "ppd_core developers"
        catalog.language_team = f"ppd_core ({lang})"
        new = _render(catalog)
        if _DATES.sub(b"", new) != _DATES.sub(b"", old):
            changed.append(target)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(new)
    return changed


def _translator(catalog: Catalog, assignment: str, problems: list[str]) -> Any:
    def translate(text: str, kind: str) -> str:
        entry = catalog.get(text)
        shown = repr(text if len(text) <= 90 else text[:87] + "...")
        if entry is None or not entry.string:
            problems.append(f"no translation of the {kind} {shown}")
            return text
        if entry.fuzzy:
            problems.append(f"the translation of the {kind} {shown} is marked fuzzy (review it)")
            return text
        translated = str(entry.string)
        if fixed_parts(translated, kind) != fixed_parts(text, kind):
            problems.append(
                f"the translation of the {kind} {shown} changes its code, links or fields: "
                f"keep {', '.join(fixed_parts(text, kind)) or 'none'} exactly"
            )
        return translated

    return translate


def translate_cells(
    cells: list[CellSpec], root: Path, lang: str, assignment: str
) -> list[CellSpec]:
    """The cells of ``assignment`` with their prose in ``lang`` (see the module docs).

    Raises:
        CourseError: Naming the assignment, the catalogue and every text that has no
            reviewed translation or whose translation changes code.
    """
    path = catalogue_path(root, lang, assignment)
    if not path.is_file():
        raise CourseError(
            f"{assignment} has no {lang} catalogue ({path}): run 'ppd course i18n "
            f"{assignment} --lang {lang}', translate it, then build again"
        )
    catalog = _read(path, lang)
    problems: list[str] = []
    translate = _translator(catalog, assignment, problems)
    out = []
    for cell in cells:
        if cell.kind == "mistake":
            out.append(cell)
            continue
        where = f"{assignment}, cell at line {cell.line}"
        source = rewrite(cell.source, cell.markdown, translate, where)
        out.append(CellSpec(**{**cell.__dict__, "source": source}))
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise CourseError(
            f"{assignment} cannot be built in {lang}: {len(problems)} text(s) of "
            f"{path.name} are not ready:\n  {shown}{more}\n"
            f"Translate them in {path} (run 'ppd course i18n --lang {lang}' after changing "
            "the authoring file)."
        )
    return out


CONFIG_BLOCK: Final = """

# -- The {lang} edition, written by `ppd course build --lang {lang}` (do not edit by hand) --
c.CourseDirectory.course_id = c.CourseDirectory.course_id + "-{lang}"
c.CourseLanguage.language = "{lang}"
"""


def translated_course(
    course: Path, target: Path, lang: str, assignments: Iterable[str] | None = None
) -> Path:
    """Write the course at ``course`` in ``lang`` into ``target`` (see the module docs).

    Only the given assignments (all by default) are built; each must be fully translated.

    Raises:
        CourseError: For an assignment that is not (fully) translated.
    """
    from ppd_core.course.grading import Course

    lang = check_language(lang)
    english = Course(course)
    if english.language != "en":
        raise CourseError(f"{english.root} is already a translated course ({english.language})")
    names = list(assignments) if assignments is not None else english.assignments()
    target.mkdir(parents=True, exist_ok=True)
    config = (english.root / "nbgrader_config.py").read_text(encoding="utf-8")
    (target / "nbgrader_config.py").write_text(config + CONFIG_BLOCK.format(lang=lang), "utf-8")
    for name in names:
        english.notebooks(name)  # a clear error for an unknown assignment
        # Any text not ready is named against the course's own catalogue, before copying.
        translate_cells(
            read_authoring(english.root / "authoring" / f"{name}.py"), english.root, lang, name
        )
        for sub, file in (
            ("authoring", f"{name}.py"),
            (f"locale/{lang}/LC_MESSAGES", f"{name}.po"),
        ):
            source = english.root / sub / file
            if source.is_file():
                (target / sub).mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / sub / file)
    translated = Course(target)
    translated.write_sources(names)
    return translated.root
