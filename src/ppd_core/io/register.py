r"""The register a union already keeps: one sheet, a row per activity, imported by mapping.

:func:`read_register` reads a CSV file or the first sheet of a workbook whose first row names
the columns, in the keeper's words, and turns it into activities through a
:class:`~ppd_core.io.mapping.ColumnMapping` (proposed from the headers when none is given):

* each row is one activity; its cells are read as the library's own readers read them (day
  first dates, dotted thousands, text in NFC); kinds, statuses and modalities may be codes or
  English or Vietnamese labels, countries codes or names in either language;
* a cell of the ``countries`` column may name several countries (``Lào; Campuchia``): each
  gets an equal share; a cell of the ``partners`` column several partners (separated by
  ``;`` or line breaks), each linked with the column's role;
* partner names are resolved to known partners (``dataset``'s) through the de-duplication
  matcher (:mod:`ppd_core.io._partner_names`): confident matches are linked and reported
  (REG101), uncertain ones (REG102) and unknown ones (REG103) are listed for the user to
  confirm in the mapping's ``[partners]`` table and are not linked until then;
* a ``mobilised`` amount becomes a disbursed resource flow from each linked partner of the
  row, in equal parts, dated on the activity's start (REG104 when the row has no linked
  partner); a money cell without a currency takes the header's (``Kinh phí (VNĐ)``);
* a row-number column is left out (REG002); any other column without a target is kept in
  the activity's notes as ``Header: value`` (REG001): nothing is dropped silently.

Then every rule of the rule table is checked by the readers' common path
(:func:`ppd_core.io._ingest.ingest`): every good row kept, every bad row reported with its
rule, its row in the file and its activity id.

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> from ppd_core import Dataset, Organisation
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "so_theo_doi.csv"
...     _ = path.write_text(
...         "STT,Mã hoạt động,Tên hoạt động,Loại hình,Quốc gia,Ngày bắt đầu,Kinh phí (VNĐ)\n"
...         "1,HD-01,Giao lưu hữu nghị,Giao lưu thanh niên,Lào; Campuchia,05/03/2025,1.500.000\n"
...         "2,HD-02,Hội thảo,Hội thảo,Pháp,31/02/2025,\n", encoding="utf-8")
...     union = Dataset(organisations=[Organisation(id="HN-UFO", name_vi="Liên hiệp Hà Nội",
...                     type="provincial_union", level="provincial")])
...     result = read_register(path, defaults={"lead_organisation_id": "HN-UFO"},
...                            dataset=union, today=date(2026, 1, 1))
>>> result.accepted["activities"], result.rejected_counts["activities"]
(1, 1)
>>> [(r.country, r.percentage) for r in result.dataset.activities[0].countries]
[('LA', 50.0), ('KH', 50.0)]
>>> print(result.dataset.activities[0].cost)
1,500,000 VND
>>> [(p.code, p.row, p.field) for p in result.report]
[('REG002', 1, None), ('PPD002', 3, 'actual_start')]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ppd_core.cleaning._normalise import fold
from ppd_core.errors import MappingFileError, Problem, ValidationReport
from ppd_core.i18n import Lang, phrase, text
from ppd_core.io._ingest import RawTable, ingest, reasons
from ppd_core.io._partner_names import PartnerMatch, resolve_partners
from ppd_core.io._register_cells import (
    NUMERIC_TARGETS,
    column_conventions,
    country_code,
    money_cell,
    register_number,
    split_cell,
    vocabulary_code,
)
from ppd_core.io._register_sheet import read_sheet
from ppd_core.io._result import ReadResult
from ppd_core.io.mapping import ColumnMapping, propose_mapping, write_mapping
from ppd_core.rules import RULES
from ppd_core.tables import SCHEMA
from ppd_core.vocab import ActivityKind, ActivityStatus, Modality, Vocabulary

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.reference import ReferenceData

__all__ = ["RegisterResult", "read_register", "register_header"]

_CODED: dict[str, type[Vocabulary]] = {
    "kind": ActivityKind,
    "status": ActivityStatus,
    "modality": Modality,
}
_CONTEXT = ("organisations", "partners", "partner_aliases")
_LINKS = ("activity_partners", "activity_countries", "resource_flows")
_KNOWN = "existing records"


@dataclass(frozen=True, eq=False)
class RegisterResult(ReadResult):
    """A :class:`~ppd_core.io.ReadResult` of a register, with how it was read.

    :attr:`dataset` holds the good activities together with the organisations and partners
    they refer to (those of the ``dataset`` given, and partners created on confirmation);
    :attr:`accepted` counts only what the register brought (for ``partners``: those created).

    Attributes:
        mapping: The mapping used, with the partners matched with confidence added to its
            ``[partners]`` table (save it with :meth:`save_mapping` to reuse it).
        partners: Each partner name of the register → what it was resolved to.
        register_rows: The register's rejected rows as they are in the file (its row
            number, its cells under the register's own headers), with their problems: what
            :meth:`write_rejected` writes first, to fix and import again with the mapping.
    """

    mapping: ColumnMapping = field(default_factory=lambda: ColumnMapping(()))
    partners: dict[str, PartnerMatch] = field(default_factory=dict)
    register_rows: pd.DataFrame | None = None

    def _rejected_sheets(self, lang: Lang) -> dict[str, pd.DataFrame]:
        sheets = super()._rejected_sheets(lang)
        if self.register_rows is None or self.register_rows.empty:
            return sheets
        by_row: dict[int, list[Problem]] = {}
        for p in self.report:
            if p.row is not None and p.source != _KNOWN and not RULES[p.code].notice:
                by_row.setdefault(p.row, []).append(p)
        rows = self.register_rows.assign(
            problems=[reasons(by_row.get(int(n), []), lang) for n in self.register_rows["row"]]
        )
        return {"register": rows, **sheets}

    def to_confirm(self) -> list[PartnerMatch]:
        """Partner names not linked: uncertain ones first, then unknown ones."""
        left = [m for m in self.partners.values() if not m.linked]
        return sorted(left, key=lambda m: (m.outcome != "uncertain", m.name))

    def save_mapping(self, path: str | Path, lang: Lang = "en") -> Path:
        """Save :attr:`mapping` as TOML, with the names to confirm as commented-out lines.

        Args:
            path: The file to write.
            lang: The language of the file's comments.
        """
        comments = {}
        for m in self.to_confirm():
            if m.outcome == "uncertain":
                said = text("uncertain (score {score}): confirm", lang, score=f"{m.score:g}")
                comments[m.name] = f'"{m.partner_id}"   # {said}'
            else:
                said = text("unknown: give an id or a partner type", lang)
                comments[m.name] = f'"new:foreign_ngo"   # {said}'
        return write_mapping(self.mapping, path, comments=comments, lang=lang)


def register_header(path: str | Path) -> list[str]:
    """The header row of a register (CSV file or first sheet of a workbook)."""
    return read_sheet(Path(path)).header


@dataclass
class _Rows:
    """The tables the register becomes, row by row (cells as read; row number per row)."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {t: [] for t in ("activities", *_LINKS)}
    )
    at: dict[str, list[int]] = field(
        default_factory=lambda: {t: [] for t in ("activities", *_LINKS)}
    )
    notes: list[Problem] = field(default_factory=list)
    refused: list[tuple[int, Problem]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def add(self, table: str, row: int, cells: dict[str, Any]) -> None:
        self.tables[table].append(cells)
        self.at[table].append(row)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    t = str(v).strip() if not isinstance(v, float) or not v.is_integer() else str(int(v))
    return t or None


def _note(
    code: str, row: int | None, record: str | None, fld: str | None, value: Any, **context: Any
) -> Problem:
    p = RULES[code].problem("activity", record, fld, value, **context)
    return dataclasses.replace(p, row=row)


def read_register(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    dataset: Dataset | None = None,
    defaults: Mapping[str, str] | None = None,
    today: date | None = None,
    reference: ReferenceData | None = None,
    decimal_comma: bool | None = None,
) -> RegisterResult:
    """Read a one-sheet register as activities through a column mapping.

    Args:
        path: A ``.csv`` file or an ``.xlsx`` workbook (its first sheet). The header is the
            first row naming the mapping's columns (or, without a mapping, two known ones);
            rows above it (a title) are reported (REG003) and not imported.
        mapping: The mapping (see :func:`~ppd_core.io.mapping.read_mapping`); by default one
            is proposed from the headers (:func:`~ppd_core.io.mapping.propose_mapping`).
        dataset: The records the register refers to: its organisations (the lead
            organisation) and partners (names are resolved against them), and the
            activities already recorded (a row whose id is another organisation's activity
            is rejected, REG105).
        defaults: Values for fields without a column, added to the mapping's (e.g.
            ``{"lead_organisation_id": "HN-UFO"}``).
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for country and currency codes.
        decimal_comma: ``True`` reads an ambiguous ``1.500`` as 1500 and ``1,5`` as 1.5,
            ``False`` the other way round (see :func:`ppd_core.io.parse_number`). By default
            each number column follows what its own numbers show (``1.500.000``, ``2,5``),
            else what the register's other numbers show, else the Vietnamese convention when
            the headers are Vietnamese or a column is in VND; every ambiguous number read
            so is reported (REG005, REG006).

    Returns:
        The good records, every problem and note, the rejected rows, the mapping used and how
        each partner name was resolved.

    Raises:
        FileFormatError: the file cannot be read, or has no header row.
        MappingFileError: the mapping names a column the file does not have.
    """
    source = Path(path)
    found = read_sheet(source, mapping)
    header, cells, numbers, sheet = found.header, found.rows, found.numbers, found.name
    if mapping is None:
        mapping = propose_mapping(header, defaults=defaults)
    elif defaults:
        mapping = dataclasses.replace(mapping, defaults={**mapping.defaults, **defaults})
    lacking = mapping.missing(header)
    if lacking:
        said = phrase(
            "the mapping names column(s) {columns} that the file does not have", columns=lacking
        )
        raise MappingFileError(source.name, said)
    context, owners = _context(dataset)
    rows = _Rows()
    header_row = found.header_row
    for row, value in found.above:
        rows.notes.append(_note("REG003", row, None, None, value, line=row, header_row=header_row))
    columns = [mapping.column(h) for h in header]
    for i, h in enumerate(header):
        c = columns[i]
        if c is None or c.target == "extra":
            rows.notes.append(_note("REG001", header_row, None, None, h, header=h))
        elif c.target == "ignore":
            rows.notes.append(_note("REG002", header_row, None, None, h, header=h))
    guessed, shown = column_conventions(header, cells, numbers, mapping)
    conventions = {h: (comma, False) for h, comma in guessed.items()}
    if decimal_comma is not None:  # the user's choice holds for every number
        conventions, shown = dict.fromkeys(guessed, (decimal_comma, True)), []
    rows.notes += [
        _note(code, row, None, h, value, header=h, read=read) for code, row, h, value, read in shown
    ]
    for where, first, last, value in found.merged:
        rows.notes.append(
            _note("REG007", first, None, None, value, cells=where, first=first, last=last)
        )
    names: list[str] = []
    for record, row in zip(cells, numbers, strict=True):
        total = _total_row(record, header, mapping)
        if total is not None:
            rows.notes.append(_note("REG004", row, None, None, total, line=row))
            continue
        names += _row(record, row, header, mapping, rows, conventions, owners)
    matches = resolve_partners(
        names, context["partners"], context["partner_aliases"], mapping.partners
    )
    created = _link_partners(rows, matches, mapping)
    tables = _raw_tables(rows, source.name, sheet)
    tables["activities"].problems.extend(rows.refused)
    if created:
        new = pd.DataFrame(
            {
                "id": [m.partner_id for m in created],
                "name": [m.name for m in created],
                "type": [m.new_type for m in created],
            },
            dtype=object,
        )
        context["partners"] = pd.concat(
            [context["partners"].astype(object), new], ignore_index=True
        )
    for name in _CONTEXT:
        frame = context[name].reset_index(drop=True)
        at = np.arange(1, len(frame) + 1, dtype=np.int64)
        tables[name] = RawTable(name, frame, at, _KNOWN, name)
    read = ingest(tables, today=today, reference=reference, decimal_comma=bool(decimal_comma))
    csv_file = source.suffix.lower() == ".csv"
    notes = [dataclasses.replace(p, source=source.name, sheet=sheet) for p in rows.notes]
    everything = sorted([*read.report, *notes], key=lambda p: (p.source == _KNOWN, p.row or 0))
    if csv_file:  # a CSV file has no sheets
        everything = [
            dataclasses.replace(p, sheet=None) if p.source == source.name else p for p in everything
        ]
    known = {t: len(context[t]) - (len(created) if t == "partners" else 0) for t in _CONTEXT}
    confirmed = {m.name: str(m.partner_id) for m in matches.values() if m.outcome == "matched"}
    return RegisterResult(
        dataset=read.dataset,
        report=ValidationReport(everything),
        rejected=read.rejected,
        accepted={t: n - known.get(t, 0) for t, n in read.accepted.items()},
        sources={t: s for t, s in read.sources.items() if t not in _CONTEXT},
        encodings=read.encodings,
        mapping=dataclasses.replace(mapping, partners={**mapping.partners, **confirmed}),
        partners=matches,
        register_rows=_register_rows(read.rejected, header, cells, numbers),
    )


def _register_rows(
    rejected: Mapping[str, pd.DataFrame],
    header: list[str],
    cells: list[list[Any]],
    numbers: list[int],
) -> pd.DataFrame:
    """The rejected activities' rows as the register has them (its problems come later)."""
    bad = rejected.get("activities")
    wanted = set() if bad is None else {int(r) for r in bad["row"]}
    rows = [[n, *record] for n, record in zip(numbers, cells, strict=True) if n in wanted]
    return pd.DataFrame(rows, columns=["row", *header], dtype=object)


_TOTALS = frozenset({"tong", "tong cong", "cong", "tong so", "total", "grand total", "sum"})
"""How a register's total row is labelled (folded: ``Tổng cộng``, ``TỔNG SỐ``, ``Total``)."""


def _total_row(record: list[Any], header: list[str], mapping: ColumnMapping) -> str | None:
    """The label of a total row (no id, a cell reading "Tổng cộng" or "Total"), else None."""
    ids = [
        v
        for h, v in zip(header, record, strict=True)
        if (c := mapping.column(h)) and c.target == "id"
    ]
    if any(_text(v) for v in ids):
        return None
    for value in record:
        t = _text(value)
        if t and " ".join(fold(t.rstrip(":"))) in _TOTALS:
            return t
    return None


def _context(
    dataset: Dataset | None,
) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[str, str]]]:
    """The known records a register refers to; each known activity's lead and title by id."""
    if dataset is None:
        empty = {t: pd.DataFrame({c: [] for c in SCHEMA[t].column_names}) for t in _CONTEXT}
        return empty, {}
    frames = dataset.to_frames()
    known = frames["activities"]
    owners = dict(
        zip(
            known["id"],
            zip(known["lead_organisation_id"], known["title"], strict=True),
            strict=True,
        )
    )
    return {t: frames[t] for t in _CONTEXT}, owners


def _row(
    record: list[Any],
    row: int,
    header: list[str],
    mapping: ColumnMapping,
    rows: _Rows,
    conventions: Mapping[str, tuple[bool, bool]],
    owners: Mapping[str, tuple[str, str]],
) -> list[str]:
    """Add one register row's activity and countries; return its partner names."""
    activity: dict[str, Any] = {}
    extra: list[str] = []
    partners: list[str] = []
    for h, value in zip(header, record, strict=True):
        c = mapping.column(h)
        target = "extra" if c is None else c.target
        if target == "ignore":
            continue
        t = _text(value)
        if target == "extra":
            if t is not None:
                extra.append(f"{h}: {t}")
        elif target == "partners":
            partners += split_cell(t, partners=True) if t else []
            activity["_role"] = c.role if c and c.role else "co_organising"
        elif target == "countries":
            activity["_countries"] = [country_code(x) for x in split_cell(t)] if t else []
        elif target in ("cost_amount", "mobilised"):
            if t is not None and not isinstance(value, (int, float, Decimal)):
                amount, currency = money_cell(t)
            else:
                amount, currency = value, None
            key = "cost" if target == "cost_amount" else "_mobilised"
            if key == "_mobilised":
                activity["_mobilised_typed"] = t  # as typed, for what is reported
            if isinstance(amount, str):
                money = currency or (c.currency if c else None)
                comma, given = conventions[h]
                amount = register_number(amount, target, money, comma, given=given)
            activity[f"{key}_amount" if key == "cost" else key] = amount
            currency = currency or (c.currency if c else None)
            activity[f"{key}_currency"] = currency if amount is not None else None
        elif target in _CODED:
            activity[target] = vocabulary_code(_CODED[target], t) if t else None
        elif target in NUMERIC_TARGETS and isinstance(value, str) and t is not None:
            comma, given = conventions[h]
            activity[target] = register_number(t, target, None, comma, given=given)
        else:
            activity[target] = value if not isinstance(value, str) else t
    for k, v in mapping.defaults.items():
        if activity.get(k) is None:
            activity[k] = vocabulary_code(_CODED[k], v) if k in _CODED else v
    if extra:
        activity["notes"] = "\n".join(x for x in (_text(activity.get("notes")), *extra) if x)
    activity["_row"] = row
    ident = _text(activity.get("id"))
    shares = activity.pop("_countries", [])
    lead = _text(activity.get("lead_organisation_id"))
    owner = owners.get(ident or "")
    if owner is not None and lead is not None and owner[0] != lead:
        refusal = _note(
            "REG105", row, ident, "id", ident, owner=owner[0], title=owner[1], lead=lead
        )
        rows.refused.append((len(rows.tables["activities"]), refusal))
    if ident in rows.ids or (owner is not None and lead is not None and owner[0] != lead):
        # a repeated id (PPD111) or another organisation's: the row is rejected with its cells
        shares, activity["_mobilised"], partners = [], None, []
    rows.ids.add(ident or "")
    for country in shares:
        share = round(100 / len(shares), 4)
        rows.add(
            "activity_countries",
            row,
            {"activity_id": ident, "country": country, "percentage": share},
        )
    activity["_partners"] = partners
    rows.add("activities", row, activity)
    return partners


def _link_partners(
    rows: _Rows, matches: Mapping[str, PartnerMatch], mapping: ColumnMapping
) -> list[PartnerMatch]:
    """Partner links and resource flows of each activity; return the partners to create."""
    for activity in rows.tables["activities"]:
        ident, row = _text(activity.get("id")), activity["_row"]
        linked: list[str] = []
        for name in activity.pop("_partners"):
            m = matches[name]
            if m.outcome == "matched":
                rows.notes.append(
                    _note(
                        "REG101",
                        row,
                        ident,
                        "partners",
                        name,
                        partner=m.partner_id,
                        reason=m.reason,
                    )
                )
            elif m.outcome == "uncertain":
                rows.notes.append(
                    _note(
                        "REG102",
                        row,
                        ident,
                        "partners",
                        name,
                        partner=m.partner_id,
                        score=f"{m.score:g}",
                    )
                )
            elif m.outcome == "unknown":
                rows.notes.append(_note("REG103", row, ident, "partners", name))
            if m.linked and m.partner_id not in linked:
                linked.append(str(m.partner_id))
        role = activity.pop("_role", "co_organising")
        for pid in linked:
            rows.add(
                "activity_partners", row, {"activity_id": ident, "partner_id": pid, "role": role}
            )
        _flows(rows, activity, ident, row, linked)
        activity.pop("_row")
    created = {m.partner_id: m for m in matches.values() if m.new_type is not None}
    return list(created.values())


def _flows(
    rows: _Rows,
    activity: dict[str, Any],
    ident: str | None,
    row: int,
    linked: list[str],
) -> None:
    """The mobilised amount of a row as resource flows, one per linked partner."""
    amount = activity.pop("_mobilised", None)
    currency = activity.pop("_mobilised_currency", None)
    typed = activity.pop("_mobilised_typed", None)
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        return
    if not linked:
        rows.notes.append(_note("REG104", row, ident, "resource_flows", typed or str(amount)))
        return
    if isinstance(amount, str):  # not a number (see _number): the checks report it
        parts: list[Any] = [amount] * len(linked)
    else:
        total = amount if isinstance(amount, Decimal) else Decimal(str(amount))
        each = (total / len(linked)).quantize(Decimal("0.01"))
        parts = [each] * (len(linked) - 1) + [total - each * (len(linked) - 1)]
    start = activity.get("actual_start") or activity.get("planned_start")
    for pid, part in zip(linked, parts, strict=True):
        rows.add(
            "resource_flows",
            row,
            {
                "activity_id": ident,
                "partner_id": pid,
                "stage": "disbursed",
                "form": "cash",
                "amount": part,
                "currency": currency,
                "date": start,
            },
        )


def _raw_tables(rows: _Rows, source: str, sheet: str) -> dict[str, RawTable]:
    out = {}
    for name, records in rows.tables.items():
        columns = SCHEMA[name].column_names
        frame = pd.DataFrame(
            [[r.get(c) for c in columns] for r in records], columns=columns, dtype=object
        )
        at = np.asarray(rows.at[name], dtype=np.int64)
        out[name] = RawTable(name, frame, at, source, sheet, True)
    return out
