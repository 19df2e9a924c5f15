"""Keeping the catalogues in step with the code: extract, update, compile and check.

The same steps as ``pybabel extract -k text -k plural:1,2 -k N_ -k phrase --no-default-keywords``,
``pybabel update`` and ``pybabel compile``, through Babel's API so that the command
(``python -m ppd_core.i18n``) and the test share them: the template ``locale/ppd_core.pot``
lists every text of ``src/ppd_core`` (file names, no line numbers, so edits elsewhere in a file
do not churn it); each ``locale/<lang>/LC_MESSAGES/ppd_core.po`` holds the translations; the
``.mo`` beside it is what the library reads.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Final

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ppd_core.i18n.catalogue import DOMAIN, LANGS

HERE: Final = Path(__file__).resolve().parent
SOURCE: Final = HERE.parent
"""The package whose texts are extracted (``src/ppd_core``)."""
LOCALE: Final = HERE / "locale"
TEMPLATE: Final = LOCALE / f"{DOMAIN}.pot"
KEYWORDS: Final = {"text": None, "plural": (1, 2), "N_": None, "phrase": None}
"""The functions whose first (``plural``: first two) literal arguments are texts to translate."""
WIDTH: Final = 100
HEADER: Final[dict[str, Any]] = {
    "project": "ppd_core",
    "domain": DOMAIN,
    "charset": "utf-8",
    "copyright_holder": "ppd_core developers",
    "msgid_bugs_address": "the ppd_core issue tracker",
    "header_comment": (
        "# Words for people of ppd_core (English source texts; see ppd_core.i18n).\n"
        "# Maintained with `python -m ppd_core.i18n`; do not edit the template by hand."
    ),
}


def extract() -> Catalog:
    """Every text marked in the package's source, as a template catalogue."""
    catalog = Catalog(fuzzy=False, **HEADER)
    method_map = [("**/migrations/**", "ignore"), ("**.py", "python")]
    found = extract_from_dir(SOURCE, method_map=method_map, keywords=KEYWORDS)
    for filename, _lineno, message, comments, context in found:
        path = f"src/ppd_core/{Path(filename).as_posix()}"
        catalog.add(message, None, [(path, None)], auto_comments=comments, context=context)  # type: ignore[list-item]  # a file without line numbers
    for message in _command_help():
        catalog.add(message, None, [("src/ppd_core/cli.py (--help)", None)])  # type: ignore[list-item]
    return catalog


def _command_help() -> list[str]:
    """The help texts of the ``ppd`` command (docstrings and ``help=``: not marked texts)."""
    import typer

    from ppd_core._help import help_texts
    from ppd_core.cli import app

    return help_texts(typer.main.get_command(app))


def po_path(lang: str) -> Path:
    """The translations of ``lang`` (``locale/<lang>/LC_MESSAGES/ppd_core.po``)."""
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _compiled(po: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, po, use_fuzzy=False)
    return buffer.getvalue()


def write_template() -> Path:
    """Extract the texts and rewrite ``locale/ppd_core.pot`` (untouched when nothing changed)."""
    catalog = extract()
    if TEMPLATE.exists():
        old = _read(TEMPLATE)
        same = [(m.id, m.locations) for m in old] == [(m.id, m.locations) for m in catalog]
        if same:
            return TEMPLATE
    _write(TEMPLATE, catalog)
    return TEMPLATE


def update() -> list[Path]:
    """Merge the template into every translated catalogue (new texts arrive untranslated)."""
    template = _read(TEMPLATE)
    written = []
    for lang in LANGS[1:]:
        path = po_path(lang)
        catalog = _read(path, lang) if path.exists() else Catalog(locale=lang, **HEADER)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.obsolete.clear()
        _write(path, catalog)
        written.append(path)
    return written


def compile_all() -> list[Path]:
    """Compile every ``.po`` into the ``.mo`` the library reads."""
    written = []
    for lang in LANGS[1:]:
        target = po_path(lang).with_suffix(".mo")
        target.write_bytes(_compiled(_read(po_path(lang), lang)))
        written.append(target)
    return written


def problems() -> list[str]:
    """What is out of date or missing, one line each (empty when all is in step)."""
    out: list[str] = []
    used = {m.id for m in extract() if m.id}
    listed = {m.id for m in _read(TEMPLATE) if m.id}
    out += [f"{TEMPLATE.name} lacks {_show(m)}" for m in sorted(used - listed, key=str)]
    out += [f"{TEMPLATE.name} still lists {_show(m)}" for m in sorted(listed - used, key=str)]
    for lang in LANGS[1:]:
        po = _read(po_path(lang), lang)
        for m in sorted(used, key=str):
            entry = po.get(m[0] if isinstance(m, tuple) else m)
            strings = entry.string if entry is not None else None
            if isinstance(strings, str):
                strings = (strings,)
            if entry is None or entry.fuzzy or not strings or not all(strings):
                out.append(f"{lang}: no translation of {_show(m)}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _compiled(po):
            out.append(f"{lang}: {mo.name} is out of date with {po_path(lang).name}")
    return out


def _show(msgid: object) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else str(msgid)
    return repr(text if len(text) <= 60 else text[:57] + "...")
