"""A blank Excel workbook to fill by hand, in English or Vietnamese, that reads back as is.

Layout of :func:`excel_template`:

* ``README`` — how to fill the workbook, what each sheet holds and every code list with its
  labels, in the chosen language;
* one sheet per table, entity tables first (``organisations`` … ``awards``), then link tables
  (``activity_countries`` …), each named after its table;
* row 1 of a table sheet holds the machine column names (the reader matches them, so they
  stay the same in both languages); required columns are bold on a coloured fill; each header
  cell carries a comment saying, in the chosen language, whether the column is required,
  what to type and the field's documentation (in English). Records start on row 2, as in
  exports, so problem reports point at the row the user typed;
* every coded column — vocabularies, countries and currencies — has a drop-down list (data
  validation) of its codes, drawn from the hidden ``_lists`` sheet through defined names
  (Excel limits a list typed inline to 255 characters);
* date, code and text columns are formatted as text, so that Excel neither converts a typed
  ``05/12/2025`` by the computer's regional settings (month first in some) nor drops leading
  zeros of ids; dates are typed ``dd/mm/yyyy``.

``README`` and sheets whose name starts with ``_`` are not read back as tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ppd_core.i18n import N_, Lang, text
from ppd_core.io._export import excel_column, text_value
from ppd_core.rules import MAX_DECIMALS
from ppd_core.tables import SCHEMA, Column, TableSpec
from ppd_core.vocab import vocabularies

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = ["CAPTIONS", "excel_template"]

_CAPTIONS: Final[dict[str, str]] = {
    "organisations": N_("Organisations of the PPD system"),
    "partners": N_("Foreign partners"),
    "partner_aliases": N_("Other names of a partner"),
    "activities": N_("Activities"),
    "activity_co_organisers": N_("Co-organisers of an activity"),
    "activity_partners": N_("Partners of an activity"),
    "activity_countries": N_("Countries of an activity (%)"),
    "activity_provinces": N_("Provinces of an activity (%)"),
    "activity_priority_areas": N_("Priority areas of an activity (%)"),
    "activity_sdgs": N_("SDGs of an activity"),
    "resource_flows": N_("Resources mobilised from partners"),
    "activity_outputs": N_("Outputs of an activity"),
    "indicators": N_("Indicators"),
    "indicator_values": N_("Targets and actuals of an indicator"),
    "work_plans": N_("Annual work plans"),
    "work_plan_objectives": N_("Objectives of a work plan"),
    "planned_activities": N_("Planned activities"),
    "work_plan_targets": N_("Targets of a work plan"),
    "work_plan_priority_weights": N_("Priority weights of a work plan"),
    "evaluations": N_("Evaluations"),
    "evaluation_scores": N_("Scores of an evaluation"),
    "awards": N_("Awards"),
}

CAPTIONS: Final[dict[str, tuple[str, str]]] = {
    name: (caption, text(caption, "vi")) for name, caption in _CAPTIONS.items()
}
"""The caption of each table, in English and Vietnamese (from the catalogue)."""

_HINTS: Final[dict[str, str]] = {
    "Int64": N_("A whole number."),
    "float64": N_("A number."),
    "decimal": N_("An amount: at most {decimals} decimals."),
    "str": N_("Text."),
    "country": N_("An ISO two-letter country code (KH, LA, CN …): drop-down list."),
    "currency": N_("An ISO three-letter currency code (VND, USD …): drop-down list."),
    "percentage": N_("A percentage, above 0 and at most 100; the rows of a record sum to 100."),
    "count": N_("A whole number, 0 or more."),
    "score": N_("1, 2, 3 or 4."),
}
"""What to type in a column, by its type or check (English; translated when written)."""

_HOW: Final[tuple[str, ...]] = (
    N_("Each sheet is a table: type one record per row, from row 2 on."),
    N_(
        "Keep the sheet names and the column names of row 1: the program reads them. Hover "
        "over a column name to read what to type."
    ),
    N_("Bold columns are required; the others may stay empty."),
    N_(
        "Ids (column id and columns ending in _id): letters, digits and - _ . : / only, no "
        "spaces; each id once per sheet."
    ),
    N_(
        "Link sheets (activity_countries, resource_flows …) refer in their first column to "
        "the id of their record (e.g. an activity)."
    ),
    N_("Dates: type day/month/year, dd/mm/yyyy (25/12/2025), or YYYY-MM-DD. Never month first."),
    N_("Codes: choose from the drop-down lists; the codes and their meanings are below."),
    N_(
        "Numbers: digits, with or without thousands separators (1,500,000 or 1.500.000); "
        "amounts have at most {decimals} decimals; counts are whole numbers, 0 or more."
    ),
    N_(
        "Percentages: the countries, the provinces and the priority areas of an activity "
        "each add up to 100."
    ),
    N_(
        "Rows with a problem are not imported; each is reported with its sheet, row, column "
        "and rule code (PPD…), so it can be fixed and imported again. Nothing else is lost."
    ),
)
"""How to fill the workbook, one numbered line each on the README sheet."""

_LISTS: Final = "_lists"
_ROWS: Final = 1048576  # Excel's last row


def _ordered() -> list[TableSpec]:
    """Entity tables first, then link tables, each group in schema order."""
    specs = list(SCHEMA.values())
    return [s for s in specs if s.kind == "entity"] + [s for s in specs if s.kind != "entity"]


def _list_name(col: Column) -> str | None:
    """The code list a column draws from, if any."""
    if col.vocabulary is not None:
        return col.vocabulary.__name__
    if "country" in col.checks:
        return "Country"
    if "currency" in col.checks:
        return "Currency"
    return None


def _explain(spec: TableSpec, col: Column, lang: Lang) -> str:
    """The comment of a header cell: required or not, what to type, the field's doc."""
    required = text("Required.", lang) if col.required else text("Optional: may stay empty.", lang)
    lines = [f"{spec.name}.{col.name}", required]
    if spec.parent is not None and col is spec.columns[0]:
        parent = SCHEMA[spec.parent]
        lines.append(
            text(
                "The id of the {entity} (sheet {sheet}) this row belongs to.",
                lang,
                entity=parent.entity,
                sheet=parent.name,
            )
        )
    elif "id" in col.checks:
        lines.append(
            text(
                "An id: letters, digits and - _ . : / only, no spaces; unique in this sheet.", lang
            )
            if col.name == "id" and spec.kind == "entity"
            else text("The id of a record in another sheet.", lang)
        )
    elif col.vocabulary is not None:
        lines.append(
            text(
                "A code: choose from the drop-down list ({vocab}; see README).",
                lang,
                vocab=col.vocabulary.__name__,
            )
        )
    elif "country" in col.checks or "currency" in col.checks:
        which = "country" if "country" in col.checks else "currency"
        lines.append(text(_HINTS[which], lang))
    elif "percentage" in col.checks or "score" in col.checks or "count" in col.checks:
        check = next(c for c in ("percentage", "score", "count") if c in col.checks)
        lines.append(text(_HINTS[check], lang))
    elif col.dtype == "date":
        lines.append(text("A date, typed dd/mm/yyyy (e.g. 25/12/2025).", lang))
    else:
        hint = _HINTS.get(col.dtype, _HINTS["str"])
        lines.append(text(hint, lang, decimals=MAX_DECIMALS))
    low, high = col.bounds
    if low is not None and high is not None:  # years (1945–2100): written without separators
        lines.append(text("Between {low} and {high}.", lang, low=f"{low:g}", high=f"{high:g}"))
    if col.doc:
        lines.append(text("Field (in English): {doc}", lang, doc=" ".join(col.doc.split())))
    return "\n".join(lines)


def code_lists(lang: Lang) -> dict[str, list[tuple[str, str]]]:
    """Every code list a column uses: name → (code, label) pairs."""
    from ppd_core.reference import default_reference

    ref = default_reference()
    used = {_list_name(c) for s in SCHEMA.values() for c in s.columns} - {None}
    lists: dict[str, list[tuple[str, str]]] = {}
    for name, vocab in vocabularies().items():
        if name in used:
            lists[name] = [(m.value, m.label(lang)) for m in vocab]
    lists["Country"] = [(c, ref.country_name(c, lang)) for c in sorted(ref.country_codes)]
    lists["Currency"] = [(c, c) for c in sorted(ref.currency_codes)]
    return lists


def add_code_lists(wb: Any, lists: dict[str, list[tuple[str, str]]]) -> None:
    """Write the codes of ``lists`` into the hidden ``_lists`` sheet, one column per list.

    Each column is named ``list_<name>``, for the drop-down lists of :func:`add_dropdown`.
    """
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    hidden = wb.create_sheet(_LISTS)
    hidden.sheet_state = "hidden"
    for k, (name, pairs) in enumerate(lists.items(), start=1):
        letter = get_column_letter(k)
        hidden.cell(1, k, name)
        for r, (code, _) in enumerate(pairs, start=2):
            hidden.cell(r, k, code)
        ref = f"{quote_sheetname(_LISTS)}!${letter}$2:${letter}${len(pairs) + 1}"
        wb.defined_names.add(DefinedName(f"list_{name}", attr_text=ref))


def add_dropdown(ws: Any, letter: str, formula: str, title: str, lang: Lang) -> None:
    """Add a drop-down list to column ``letter``, from row 2 down.

    ``formula`` is a defined name (``list_Country``) or codes typed inline (``'"yes,no"'``);
    Excel refuses anything else typed, with a message.
    """
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error = text("Choose a code from the list.", lang)
    dv.errorTitle = title
    dv.showErrorMessage = True
    dv.add(f"{letter}2:{letter}{_ROWS}")
    ws.add_data_validation(dv)


def start_readme(
    wb: Any, title: str, steps: tuple[str, ...], widths: tuple[int, ...], lang: Lang, **values: Any
) -> Any:
    """Start a new workbook's first sheet, README, and return it.

    Its columns get ``widths`` (A, B, …); then come ``title`` in large bold, a blank row and
    the numbered ``steps`` (wrapped), in ``lang``; ``values`` fill the steps' placeholders.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.active
    ws.title = "README"
    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    ws.append([text(title, lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for k, line in enumerate(steps, start=1):
        ws.append([f"{k}.", text(line, lang, **values)])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    return ws


def list_codes(ws: Any, name: str, pairs: list[tuple[str, str]]) -> None:
    """Append a vocabulary's codes and their labels, under its name in bold."""
    from openpyxl.styles import Font

    ws.append([name])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for code, label in pairs:
        ws.append([code, label])


def _readme(wb: Any, lang: Lang, lists: dict[str, list[tuple[str, str]]]) -> None:
    from openpyxl.styles import Font

    title = N_("ppd_core data entry template")
    ws = start_readme(wb, title, _HOW, (30, 60, 30), lang, decimals=MAX_DECIMALS)
    ws.append([])
    ws.append([text("Sheets", lang)])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    ws.append([text("sheet", lang), text("what it holds", lang), text("refers to", lang)])
    for spec in _ordered():
        ws.append([spec.name, text(_CAPTIONS[spec.name], lang), spec.parent or ""])
    ws.append([])
    ws.append([text("Codes and their meanings", lang)])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    for name, pairs in lists.items():
        if name not in ("Country", "Currency"):
            list_codes(ws, name, pairs)


def excel_template(
    path: str | Path,
    *,
    lang: Lang = "en",
    dataset: Dataset | None = None,
) -> Path:
    """Write a blank workbook to fill by hand; :func:`ppd_core.io.read_excel` reads it back.

    Args:
        path: The ``.xlsx`` file to write (replaced if it exists).
        lang: The language of the explanations, captions and code labels: ``"en"`` or
            ``"vi"`` (column and sheet names stay the same).
        dataset: Records to fill in (dates typed as text ``dd/mm/yyyy``, as a person would),
            e.g. :func:`ppd_core.datasets.sample_excerpt` for a few examples; none by default.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    target = Path(path)
    lists = code_lists(lang)
    wb = Workbook()
    _readme(wb, lang, lists)

    add_code_lists(wb, lists)

    frames = dataset.to_frames() if dataset is not None else None
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for spec in _ordered():
        ws = wb.create_sheet(spec.name)
        ws.freeze_panes = "A2"
        for k, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(k)
            cell = ws.cell(1, k, col.name)
            cell.font = Font(bold=col.required)
            if col.required:
                cell.fill = required_fill
            cell.comment = Comment(_explain(spec, col, lang), "ppd_core", height=220, width=320)
            dims = ws.column_dimensions[letter]
            dims.width = max(14, len(col.name) + 3)
            if col.dtype in ("str", "code", "date"):
                dims.number_format = "@"
            listed = _list_name(col)
            if listed is not None:
                add_dropdown(ws, letter, f"list_{listed}", col.name, lang)
        if frames is not None:
            _fill(ws, spec, frames[spec.name])
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _fill(ws: Any, spec: TableSpec, frame: Any) -> None:
    """Write records as a person would type them: dates as ``dd/mm/yyyy`` text."""
    columns: list[list[Any]] = []
    for col in spec.columns:
        if col.dtype == "date":
            iso = [text_value(v, "date") for v in frame[col.name].tolist()]
            columns.append([None if v is None else "/".join(reversed(v.split("-"))) for v in iso])
        else:
            columns.append(excel_column(frame, col, lambda i: f"{spec.name} row {i + 2}"))
    for row in zip(*columns, strict=True):
        ws.append(list(row))
