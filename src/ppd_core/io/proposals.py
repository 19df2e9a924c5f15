r"""An organisation's proposals for next year: the Excel template to fill, and its reader.

The next-year portfolio is chosen from the activities the organisation itself proposes. They
are collected in a workbook written by :func:`proposals_template` (``ppd db template
--proposals``) and read back by :func:`read_proposals` (``ppd plan --proposals FILE``,
``ppd report --proposals FILE``), which returns the candidate frame of
:data:`ppd_core.planning.CANDIDATE_COLUMNS` that :func:`ppd_core.reporting.annual_review` and
the planning functions take.

The workbook has a ``README`` sheet (how to fill it, in the chosen language, with every code
and its meaning) and a ``proposals`` sheet: row 1 names the columns of :data:`PROPOSAL_COLUMNS`
in the chosen language (English or Vietnamese), bold when required (``id`` and ``cost``), each
with a comment saying what to type; kind, priority area, country, currency and the yes/no
columns have drop-down lists. Proposals start on row 2.

The reader takes that workbook or a CSV file with the same columns. A header may be the
English or the Vietnamese label, or the column's code name (``cost``), in any case. A row with
a problem is not read and is reported — file, row, column, what is wrong and how to fix it, in
the user's language, with a rule code (``PROP001``–``PROP005``, see :mod:`ppd_core.rules`);
completely empty rows are skipped; nothing else is left out.

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = Path(tmp) / "proposals.csv"
...     _ = path.write_text(
...         "Id,Title,Kind,Cost,Start month\n"
...         'P-1,Youth camp,youth_exchange,"120,000,000",7\n'
...         "P-2,Forum,conference_forum,a lot,3\n",
...         encoding="utf-8",
...     )
...     read = read_proposals(path)
>>> read.proposals[["id", "cost", "start_month"]].to_dict("records")
[{'id': 'P-1', 'cost': 120000000.0, 'start_month': 7}]
>>> problem = read.report[0]
>>> problem.code, problem.source, problem.row, problem.record_id, problem.field
('PROP003', 'proposals.csv', 3, 'P-2', 'cost')
>>> problem.message.split(";")[0]
"Cost: 'a lot' is not a number of 0 or more"
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import pandas as pd

from ppd_core.errors import FileFormatError, Problem, ValidationReport
from ppd_core.i18n import N_, Lang, text
from ppd_core.io._text import decode, parse_number, parse_quantity, restore
from ppd_core.io.template import add_code_lists, add_dropdown, code_lists, list_codes, start_readme
from ppd_core.rules import ID_PATTERN, RULES
from ppd_core.vocab import ActivityKind, PriorityArea, Vocabulary

if TYPE_CHECKING:
    from ppd_core.reference import ReferenceData

__all__ = [
    "PROPOSAL_COLUMNS",
    "ProposalColumn",
    "Proposals",
    "proposals_template",
    "read_proposals",
]

Kind = Literal[
    "id", "text", "code", "country", "currency", "amount", "probability", "flag", "month"
]
"""What a column holds, which says how a cell is read and checked."""


@dataclass(frozen=True, slots=True)
class ProposalColumn:
    """A column of the proposals template.

    Attributes:
        name: The code name, a column of :data:`ppd_core.planning.CANDIDATE_COLUMNS`.
        label: The header, in English (translated when written).
        kind: What it holds (see :data:`Kind`).
        required: Whether every proposal must fill it.
        vocabulary: The code list of a ``"code"`` column.
    """

    name: str
    label: str
    kind: Kind
    required: bool = False
    vocabulary: type[Vocabulary] | None = None


PROPOSAL_COLUMNS: Final[tuple[ProposalColumn, ...]] = (
    ProposalColumn("id", N_("Id"), "id", required=True),
    ProposalColumn("title", N_("Title"), "text"),
    ProposalColumn("kind", N_("Kind of activity"), "code", vocabulary=ActivityKind),
    ProposalColumn("priority_area", N_("Priority area"), "code", vocabulary=PriorityArea),
    ProposalColumn("country", N_("Partner country"), "country"),
    ProposalColumn("partner_id", N_("Partner id"), "text"),
    ProposalColumn("cost", N_("Cost"), "amount", required=True),
    ProposalColumn("currency", N_("Currency"), "currency"),
    ProposalColumn("expected_resources", N_("Expected resources (USD)"), "amount"),
    ProposalColumn("expected_participants", N_("Expected participants"), "amount"),
    ProposalColumn("substantive_probability", N_("Chance of results (0–1)"), "probability"),
    ProposalColumn("plans_agreement", N_("Plans an agreement"), "flag"),
    ProposalColumn("plans_output", N_("Plans outputs"), "flag"),
    ProposalColumn("plans_resources", N_("Plans resources"), "flag"),
    ProposalColumn("plans_follow_up", N_("Plans a follow-up"), "flag"),
    ProposalColumn("start_month", N_("Start month"), "month"),
    ProposalColumn("end_month", N_("End month"), "month"),
    ProposalColumn("staff_days", N_("Staff-days"), "amount"),
)
"""The columns of the proposals template, in order (``id`` and ``cost`` are required); what
each means is in :data:`ppd_core.planning.CANDIDATE_COLUMNS`."""

_EXPECTED: Final[dict[str, str]] = {
    "id": N_("an id: letters, digits and - _ . : / only, no spaces"),
    "code": N_("a code of the list {vocab} (see the README sheet of the template)"),
    "country": N_("an ISO two-letter country code (KH, LA, CN …)"),
    "currency": N_("an ISO three-letter currency code (VND, USD …)"),
    "amount": N_("a number of 0 or more"),
    "probability": N_("a chance between 0 and 1 (or 0 % to 100 %)"),
    "flag": N_("yes or no"),
    "month": N_("a month, a whole number from 1 to 12"),
    "text": N_("text"),
}
"""What to type in a column of each kind (English; translated when shown)."""

_YES: Final = frozenset({"yes", "y", "true", "1", "x", "có", "co", "đúng"})
_NO: Final = frozenset({"no", "n", "false", "0", "không", "khong", "sai"})
_SHEET: Final = "proposals"
_NOT_DATA: Final = frozenset({"readme", "_lists"})

_HOW: Final[tuple[str, ...]] = (
    N_("One proposed activity per row of the sheet proposals, from row 2 on."),
    N_(
        "Keep the column headers of row 1 (in English or Vietnamese): the program reads them. "
        "Hover over a header to read what to type."
    ),
    N_("Bold columns are required: each proposal needs an id of its own and a cost."),
    N_(
        "Cost is the organisation's own cost, in the currency of the Currency column (VND when "
        "empty); expected resources are what partners are expected to mobilise, in USD."
    ),
    N_(
        "The chance of results (0–1) is how likely the activity yields evidence: an agreement, "
        "outputs, resources or a follow-up. Left empty, it is the share of the four yes/no "
        "columns answered yes."
    ),
    N_("Months are 1 to 12 in the plan year; an activity with no months runs all year."),
    N_(
        "A row with a problem is not read; each is reported with its row, column and rule "
        "code (PROP…), so it can be fixed and read again."
    ),
)
"""How to fill the proposals workbook, one numbered line each on its README sheet."""


@dataclass(frozen=True, slots=True)
class Proposals:
    """What :func:`read_proposals` read.

    Attributes:
        proposals: The proposals read, one row each in file order, with the code names of the
            columns in the file (``id``, ``cost`` …) and typed values.
        report: A problem for each row not read and each column not read.
        rows: How many non-empty rows the file holds (read or not).
    """

    proposals: pd.DataFrame
    report: ValidationReport
    rows: int

    @property
    def rejected(self) -> int:
        """How many rows were not read."""
        return self.rows - len(self.proposals)


def _norm(header: Any) -> str:
    """A header as compared: NFC, lower case, inner spaces single, ``_`` as a space."""
    t = unicodedata.normalize("NFC", str(header)).replace("_", " ")
    return " ".join(t.lower().split())


def _headers() -> dict[str, ProposalColumn]:
    """Every header a column may have: its code name and its label in each language."""
    names: dict[str, ProposalColumn] = {}
    for col in PROPOSAL_COLUMNS:
        for shown in (col.name, col.label, text(col.label, "vi")):
            names[_norm(shown)] = col
    return names


def _header_note(col: ProposalColumn, lang: Lang) -> str:
    """The comment of a header cell: required or not, what to type, the code name."""
    required = text("Required.", lang) if col.required else text("Optional: may stay empty.", lang)
    return f"{col.name}\n{required}\n{_expected(col, lang)}"


def _expected(col: ProposalColumn, lang: Lang) -> str:
    """What to type in ``col``, in ``lang``."""
    vocab = col.vocabulary.__name__ if col.vocabulary is not None else ""
    return text(_EXPECTED[col.kind], lang, vocab=vocab)


def proposals_template(path: str | Path, *, lang: Lang = "en") -> Path:
    """Write a blank proposals workbook to fill by hand; :func:`read_proposals` reads it.

    Args:
        path: The ``.xlsx`` file to write (replaced if it exists).
        lang: The language of the headers, explanations and code labels: ``"en"`` or ``"vi"``.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    lists = code_lists(lang)
    wb = Workbook()
    title = N_("Proposed activities for next year's plan")
    readme = start_readme(wb, title, _HOW, (24, 70), lang)
    for vocab in (ActivityKind, PriorityArea):
        readme.append([])
        list_codes(readme, vocab.__name__, lists[vocab.__name__])
    add_code_lists(wb, lists)
    ws = wb.create_sheet(_SHEET)
    ws.freeze_panes = "A2"
    yes, no = text("yes", lang), text("no", lang)
    flags = f'"{yes},{no}"'
    for k, col in enumerate(PROPOSAL_COLUMNS, start=1):
        letter = get_column_letter(k)
        header = text(col.label, lang)
        cell = ws.cell(1, k, header)
        cell.font = Font(bold=col.required)
        if col.required:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
        cell.comment = Comment(_header_note(col, lang), "ppd_core", height=160, width=300)
        ws.column_dimensions[letter].width = max(12, len(header) + 3)
        if col.kind in ("id", "text", "code", "country", "currency"):
            ws.column_dimensions[letter].number_format = "@"
        listed = {"country": "Country", "currency": "Currency"}.get(col.kind)
        if col.vocabulary is not None:
            listed = col.vocabulary.__name__
        if listed is not None:
            add_dropdown(ws, letter, f"list_{listed}", header, lang)
        elif col.kind == "flag":
            add_dropdown(ws, letter, flags, header, lang)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _rows_of_workbook(data: bytes, name: str, lang: Lang) -> tuple[list[list[Any]], str | None]:
    """The rows of the proposals sheet (or of the one sheet of data) and the sheet's name."""
    from openpyxl import load_workbook

    from ppd_core.io.excel import _check_zip

    _check_zip(data, name, lang)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on damaged files
        reason = text("the workbook is damaged and cannot be opened ({error})", lang, error=err)
        raise FileFormatError(name, reason) from None
    try:
        sheets = [ws for ws in wb.worksheets if str(ws.title).strip().lower() not in _NOT_DATA]
        named = [ws for ws in sheets if str(ws.title).strip().lower() == _SHEET]
        if not named and len(sheets) != 1:
            reason = text("it has no sheet named proposals; name the sheet of proposals so.", lang)
            raise FileFormatError(name, reason)
        ws = (named or sheets)[0]
        ws.reset_dimensions()
        return [list(r) for r in ws.iter_rows(values_only=True)], str(ws.title)
    finally:
        wb.close()


def _rows_of_csv(data: bytes, name: str, lang: Lang) -> list[list[Any]]:
    from ppd_core.io.csvfmt import _delimiter

    content, _ = decode(data, name)
    try:
        return list(csv.reader(io.StringIO(content, newline=""), delimiter=_delimiter(content)))
    except csv.Error as err:
        reason = text("the CSV quoting is broken ({error})", lang, error=err)
        raise FileFormatError(name, reason) from None


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


def _number(
    v: Any, decimal_comma: bool | None, percent: bool = False, places: int | None = None
) -> float:
    """A cell as a number (Excel numbers as they are, text as people type it).

    Text of a quantity with at most ``places`` decimals is read by
    :func:`~ppd_core.io._text.parse_quantity` (``1.500`` participants are fifteen hundred).
    """
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, int | float):
        return float(v)
    raw = restore(str(v)).strip()
    if percent:
        value = float(parse_number(raw, decimal_comma=bool(decimal_comma), percent=True))
        return value / 100 if raw.endswith("%") else value
    return float(parse_quantity(raw, decimal_comma=decimal_comma, places=places))


def _places(col: ProposalColumn, currency: str, ref: ReferenceData) -> int | None:
    """How many decimals a column's amount may have (``None``: any).

    A cost its currency's, money expected (in USD) two, people none; staff-days any.
    """
    if col.name == "cost":
        return ref.minor_unit(currency) if currency in ref.currency_codes else None
    return {"expected_resources": 2, "expected_participants": 0}.get(col.name)


def _cell(
    col: ProposalColumn, v: Any, decimal_comma: bool | None, ref: ReferenceData, currency: str
) -> Any:
    """A non-blank cell read as its column's kind (``currency``: the row's, for its cost).

    Raises:
        ValueError: when it is not what the column asks for.
    """
    t = unicodedata.normalize("NFC", restore(str(v))).strip()
    if col.kind == "text":
        return t
    if col.kind == "id":
        if not ID_PATTERN.fullmatch(t):
            raise ValueError(t)
        return t
    if col.kind == "code":
        assert col.vocabulary is not None
        if t.lower() not in col.vocabulary.codes():
            raise ValueError(t)
        return t.lower()
    if col.kind == "country":
        if not ref.is_country(t.upper()):
            raise ValueError(t)
        return t.upper()
    if col.kind == "currency":
        if t.upper() not in ref.currency_codes:
            raise ValueError(t)
        return t.upper()
    if col.kind == "flag":
        if isinstance(v, bool):
            return v
        if t.lower() not in _YES | _NO:
            raise ValueError(t)
        return t.lower() in _YES
    number = _number(
        v, decimal_comma, percent=col.kind == "probability", places=_places(col, currency, ref)
    )
    if col.kind == "month":
        if number != round(number) or not 1 <= number <= 12:
            raise ValueError(t)
        return int(number)
    if col.kind == "probability" and not 0 <= number <= 1:
        raise ValueError(t)
    if number < 0 or not math.isfinite(number):
        raise ValueError(t)
    return number


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a row is: file, sheet, row, and the language its problems are reported in."""

    source: str
    sheet: str | None
    row: int
    lang: Lang

    def problem(
        self, code: str, record_id: str | None, field: str | None, value: Any, **context: Any
    ) -> Problem:
        """A problem of rule ``code`` in this row, its message in :attr:`lang`."""
        message = RULES[code].in_language(self.lang, value=value, **context)
        shown = None if value is None else str(value)
        filled = (("value", value), *context.items())
        return Problem(
            code,
            message,
            "proposal",
            record_id,
            field,
            shown,
            self.row,
            self.source,
            self.sheet,
            context=filled,
        )


def _row(
    cells: dict[ProposalColumn, Any],
    place: _Place,
    decimal_comma: bool | None,
    ref: ReferenceData,
) -> tuple[dict[str, Any], list[Problem]]:
    """One row's proposal (code name → value) and its problems (PROP002, PROP003, PROP005)."""
    given = cells.get(PROPOSAL_COLUMNS[0])
    record_id = None if _blank(given) else str(given).strip()
    record: dict[str, Any] = {}
    found: list[Problem] = []
    given_currency = next((v for c, v in cells.items() if c.kind == "currency"), None)
    currency = "VND" if _blank(given_currency) else str(given_currency).strip().upper()
    for col, v in cells.items():
        header = text(col.label, place.lang)
        if _blank(v):
            if col.required:
                found.append(place.problem("PROP002", record_id, col.name, None, column=header))
            continue
        try:
            record[col.name] = _cell(col, v, decimal_comma, ref, currency)
        except ValueError:
            expected = _expected(col, place.lang)
            found.append(
                place.problem("PROP003", record_id, col.name, v, column=header, expected=expected)
            )
    start, end = record.get("start_month"), record.get("end_month")
    if start is not None and end is not None and end < start:
        found.append(place.problem("PROP005", record_id, "end_month", end, start=start, end=end))
    return record, found


def read_proposals(
    path: str | Path,
    *,
    lang: Lang = "en",
    decimal_comma: bool | None = None,
    reference: ReferenceData | None = None,
) -> Proposals:
    """Read an organisation's proposals from a filled template (``.xlsx``) or a ``.csv`` file.

    Args:
        path: The file: a workbook written by :func:`proposals_template`, or a CSV file with
            the same headers (English, Vietnamese or code names).
        lang: The language of the problems reported.
        decimal_comma: How to read ``1.500`` and ``1,5`` typed as text (``True``: the
            Vietnamese way, 1500 and 1.5; see :func:`ppd_core.io.parse_number`). By default
            an ambiguous ``1.500`` of a cost (in VND, USD … ), of the resources expected or of
            the participants expected is fifteen hundred — nothing else is possible there —
            and any other is read the English way.
        reference: Reference data for country and currency codes (default: the one in force).

    Returns:
        The proposals read and a report of every row (and column) not read: PROP001 an unknown
        column, PROP002 an empty id or cost, PROP003 a cell that is not what its column asks
        for (text in a cost cell, an unknown kind …), PROP004 an id used twice (the first is
        read), PROP005 an end month before the start month.

    Raises:
        FileFormatError: the file is not ``.xlsx`` or ``.csv``, cannot be read, has no header
            row, or lacks the id or cost column.
    """
    from ppd_core.reference import default_reference

    ref = reference or default_reference()
    source = Path(path)
    name = source.name
    data = source.read_bytes()
    suffix = source.suffix.lower()
    sheet: str | None = None
    if suffix in (".xlsx", ".xlsm"):
        rows, sheet = _rows_of_workbook(data, name, lang)
    elif suffix in (".csv", ".txt"):
        rows = _rows_of_csv(data, name, lang)
    else:
        reason = text("proposals are read from a .xlsx workbook or a .csv file", lang)
        raise FileFormatError(name, reason)
    columns, problems = _columns(rows[0] if rows else [], name, sheet, lang)
    records: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    count = 0
    for number, values in enumerate(rows[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        count += 1
        cells = {col: values[k] if k < len(values) else None for k, col in columns.items()}
        place = _Place(name, sheet, number, lang)
        record, found = _row(cells, place, decimal_comma, ref)
        if "id" in record and record["id"] in first_row:
            found.append(
                place.problem(
                    "PROP004", record["id"], "id", record["id"], first=first_row[record["id"]]
                )
            )
        if found:
            problems += found
            continue
        first_row[record["id"]] = number
        records.append(record)
    names = [col.name for col in columns.values()]
    frame = pd.DataFrame(records, columns=names)
    for col in columns.values():
        if col.kind == "month":
            frame[col.name] = frame[col.name].astype("Int64")
        elif col.kind in ("amount", "probability"):
            frame[col.name] = frame[col.name].astype("float64")
        elif col.kind == "flag":
            frame[col.name] = frame[col.name].astype("boolean")
    return Proposals(frame, ValidationReport(problems), count)


def _columns(
    header: list[Any], name: str, sheet: str | None, lang: Lang
) -> tuple[dict[int, ProposalColumn], list[Problem]]:
    """The column of each header cell; a problem for each header that names none.

    Raises:
        FileFormatError: no header row, a column named twice, or the id or cost column missing.
    """
    known = _headers()
    expected = ", ".join(text(c.label, lang) for c in PROPOSAL_COLUMNS)
    columns: dict[int, ProposalColumn] = {}
    problems: list[Problem] = []
    for k, cell in enumerate(header):
        if _blank(cell):
            continue
        col = known.get(_norm(cell))
        if col is None:
            shown = str(cell).strip()
            message = RULES["PROP001"].in_language(lang, column=shown, expected=expected)
            problems.append(Problem("PROP001", message, None, None, shown, None, 1, name, sheet))
            continue
        if col in columns.values():
            reason = text(
                "the column {column} appears twice in row 1; keep one.",
                lang,
                column=text(col.label, lang),
            )
            raise FileFormatError(name, reason)
        columns[k] = col
    missing = [
        text(c.label, lang) for c in PROPOSAL_COLUMNS if c.required and c not in columns.values()
    ]
    if missing:
        reason = text(
            "row 1 must name the columns of the proposals template; {missing} is missing. "
            "Write the headers of the template (ppd db template --proposals): {expected}.",
            lang,
            missing=", ".join(missing),
            expected=expected,
        )
        raise FileFormatError(name, reason)
    return columns, problems
