"""JSON: one human-readable document holding every record, nested as the models are.

The document is an object::

    {"format": "ppd_core/1", "personal_data": true,
     "organisations": [{...}, ...], "partners": [...], "activities": [...], ...}

Each entity table is an array of records exactly as ``record.model_dump(mode="json")`` gives
them: link tables are nested lists (``"countries": [{"country": "KH", "percentage": 60.0}]``)
or objects (``"outputs": {"agreements_signed": 1}``), amounts are strings (``"1500.25"``,
exact), dates ISO. Numbers are read as exact decimals. Link rows come back grouped under
their record, in record order (the order :class:`ppd_core.Dataset` and the generators use).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from ppd_core.errors import FileFormatError, Problem
from ppd_core.io._cells import shown
from ppd_core.io._export import write_file
from ppd_core.io._ingest import RawTable, ingest
from ppd_core.io._result import ReadResult
from ppd_core.io._text import decode
from ppd_core.models._base import Record
from ppd_core.rules import RULES
from ppd_core.tables import ENTITIES, SCHEMA, Column, TableSpec, row_to_record

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.reference import ReferenceData

__all__ = ["FORMAT", "read_json", "write_json"]

FORMAT: Final = "ppd_core/1"
"""The value of the document's ``"format"`` member."""

_META: Final = ("format", "personal_data")
_NO_CLOCK: Final = {"today": date.max}  # stored records were checked when they entered


def write_json(dataset: Dataset, path: str | Path, *, personal_data: bool = True) -> Path:
    """Write ``dataset`` as one JSON document (UTF-8, indented) at ``path``; return its path.

    The arguments are those of :func:`~ppd_core.io.write_excel`: ``path`` is the file to write
    (replaced if it exists), and ``personal_data=False`` leaves personal data out (see
    :data:`ppd_core.io.PERSONAL_DATA`).
    """
    build = partial(_document, personal_data=personal_data)
    return write_file(dataset, path, personal_data, build, _save)


def _document(
    frames: dict[str, pd.DataFrame], target: Path, *, personal_data: bool
) -> dict[str, Any]:
    """The JSON document of ``frames`` (to be written at ``target``): the format, the records."""
    doc: dict[str, Any] = {"format": FORMAT, "personal_data": personal_data}
    for table in ENTITIES:
        doc[table] = [r.model_dump(mode="json") for r in _records(frames, table)]
    return doc


def _save(doc: dict[str, Any], target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def _records(frames: Mapping[str, pd.DataFrame], table: str) -> Iterator[Record]:
    """The records of ``table``, built from its row and link rows (grouped once, in order)."""
    spec = SCHEMA[table]
    grouped: dict[str, dict[Any, list[Mapping[Any, Any]]]] = {}
    for child in spec.children:
        key = SCHEMA[child].key
        groups: dict[Any, list[Mapping[Any, Any]]] = {}
        for row in frames[child].to_dict("records"):
            groups.setdefault(row[key], []).append(row)
        grouped[child] = groups
    for row in frames[table].to_dict("records"):
        links = {child: groups.get(row["id"], []) for child, groups in grouped.items()}
        yield row_to_record(table, row, links, context=_NO_CLOCK)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _problem(detail: str, fld: str | None, value: Any) -> Problem:
    return RULES["PPD002"].problem(
        None, None, fld, None if value is None else shown(value), detail=detail
    )


class _Flattener:
    """Lays nested records out as the rows of their tables, noting what does not fit."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMA}
        self.at: dict[str, list[int]] = {name: [] for name in SCHEMA}
        self.problems: dict[str, list[tuple[int, Problem]]] = {name: [] for name in SCHEMA}

    def _note(self, table: str, detail: str, fld: str | None, value: Any) -> None:
        pos = len(self.rows[table]) - 1
        self.problems[table].append((pos, _problem(detail, fld, value)))

    def _values(self, table: str, columns: list[Column], obj: Any, where: str) -> dict[str, Any]:
        """The values of ``columns`` found in ``obj``; unknown or misplaced members noted."""
        out: dict[str, Any] = {}
        known: dict[tuple[str, ...], set[str]] = {}
        for col in columns:
            for depth in range(len(col.path)):
                known.setdefault(col.path[:depth], set()).add(col.path[depth])
        self._unknown(table, obj, (), known, where)
        for col in columns:
            value: Any = obj
            for part in col.path:
                value = value.get(part) if isinstance(value, dict) else None
            out[col.name] = value
        return out

    def _unknown(
        self,
        table: str,
        obj: Any,
        path: tuple[str, ...],
        known: dict[tuple[str, ...], set[str]],
        where: str,
    ) -> None:
        if not isinstance(obj, dict):
            if obj is not None:
                self._note(table, "a JSON object is expected here", where + ".".join(path), obj)
            return
        names = known.get(path, set())
        for member, value in obj.items():
            sub = (*path, member)
            if member not in names:
                fld = where + ".".join(sub)
                self._note(
                    table, f"there is no field '{fld}' here; remove or rename it", fld, value
                )
            elif sub in known:  # a nested object (participants, cost, contact …)
                self._unknown(table, value, sub, known, where)

    def record(self, table: str, number: int, rec: Any) -> None:
        """Lay out record ``number`` (1-based) of ``table`` and its nested link items."""
        spec = SCHEMA[table]
        self.rows[table].append({})
        self.at[table].append(number)
        links = {SCHEMA[c].field or "": SCHEMA[c] for c in spec.children}
        if not isinstance(rec, dict):
            self._note(table, "each record must be a JSON object", None, rec)
            return
        scalars = {k: v for k, v in rec.items() if k not in links}
        self.rows[table][-1] = self._values(table, spec.columns, scalars, "")
        parent = rec.get("id")
        for name, link in links.items():
            self._link(table, link, parent, number, rec.get(name))

    def _link(self, table: str, link: TableSpec, parent: Any, number: int, items: Any) -> None:
        fld = link.field or ""
        if items is None:
            return
        expected = dict if link.kind == "dict" else list
        if not isinstance(items, expected):
            kind = "an object" if expected is dict else "a list"
            self._note(table, f"{fld} must be {kind}", fld, items)
            return
        pairs = list(items.items()) if isinstance(items, dict) else list(enumerate(items))
        for key, item in pairs:
            self.at[link.name].append(number)
            if link.kind == "dict":
                row = {link.columns[1].name: key, link.columns[2].name: item}
            elif link.kind == "scalars":
                row = {link.columns[1].name: item}
            else:
                self.rows[link.name].append({})
                row = self._values(link.name, link.columns[1:], item, f"{fld}.{key}.")
                self.rows[link.name].pop()
            self.rows[link.name].append({link.key: parent, **row})

    def tables(self, sheets: Mapping[str, str]) -> dict[str, RawTable]:
        """The raw tables found, with the array each row came from as its sheet."""
        out: dict[str, RawTable] = {}
        for name, spec in SCHEMA.items():
            columns = spec.column_names
            frame = pd.DataFrame(self.rows[name], columns=columns, dtype=object)
            rows = np.asarray(self.at[name], dtype=np.int64)
            sheet = sheets[spec.parent or name]
            out[name] = RawTable(name, frame, rows, self.source, sheet, False, self.problems[name])
        return out


def _load(data: bytes, name: str) -> tuple[dict[str, Any], str]:
    text, encoding = decode(data, name, "a JSON document")
    try:
        doc = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise FileFormatError(
            name, f"not valid JSON (line {err.lineno}, column {err.colno}: {err.msg})"
        ) from None
    except (ValueError, RecursionError) as err:
        raise FileFormatError(name, f"not valid JSON ({type(err).__name__}: {err})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FileFormatError(
            name, f'not a ppd_core JSON document: expected an object with "format": "{FORMAT}"'
        )
    unknown = [k for k in doc if k not in ENTITIES and k not in _META]
    if unknown:
        raise FileFormatError(
            name, f"unknown member(s) {unknown}; expected some of {list(ENTITIES)}"
        )
    for table in ENTITIES:
        if not isinstance(doc.get(table, []), list):
            raise FileFormatError(name, f'"{table}" must be an array of records')
    return doc, encoding


def read_json(
    path: str | Path,
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    known: Dataset | None = None,
) -> ReadResult:
    """Read a JSON document written by :func:`write_json` (or by hand in that layout).

    Args:
        path: The document.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        known: Records already recorded (a database's), checked with the file's:
            the file may refer to them (see :func:`ppd_core.io._ingest.ingest`).

    Returns:
        The good records, the report of every problem (``sheet`` is the array, ``row`` the
        record's 1-based position in it; a problem of a nested item points at its record),
        and the rejected rows.

    Raises:
        FileFormatError: the file is empty, not JSON, or not in this layout.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as err:
        raise FileFormatError(source.name, f"cannot be read: {err.strerror or err}") from None
    doc, encoding = _load(data, source.name)
    flat = _Flattener(source.name)
    for table in ENTITIES:
        for number, rec in enumerate(doc.get(table, []), start=1):
            flat.record(table, number, rec)
    tables = flat.tables({t: t for t in ENTITIES})
    return ingest(
        tables, today=today, reference=reference, encodings={source.name: encoding}, known=known
    )
