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

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ppd_core.io._export import excel_column, text_value
from ppd_core.rules import MAX_DECIMALS
from ppd_core.tables import SCHEMA, Column, TableSpec
from ppd_core.vocab import Lang, vocabularies

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = ["CAPTIONS", "excel_template"]

CAPTIONS: Final[dict[str, tuple[str, str]]] = {
    "organisations": ("Organisations of the PPD system", "Tổ chức trong hệ thống"),
    "partners": ("Foreign partners", "Đối tác nước ngoài"),
    "partner_aliases": ("Other names of a partner", "Tên gọi khác của đối tác"),
    "activities": ("Activities", "Hoạt động"),
    "activity_co_organisers": ("Co-organisers of an activity", "Đơn vị đồng tổ chức"),
    "activity_partners": ("Partners of an activity", "Đối tác tham gia hoạt động"),
    "activity_countries": ("Countries of an activity (%)", "Quốc gia của hoạt động (%)"),
    "activity_provinces": ("Provinces of an activity (%)", "Tỉnh/thành của hoạt động (%)"),
    "activity_priority_areas": (
        "Priority areas of an activity (%)",
        "Lĩnh vực ưu tiên của hoạt động (%)",
    ),
    "activity_sdgs": ("SDGs of an activity", "Mục tiêu phát triển bền vững (SDG) của hoạt động"),
    "resource_flows": ("Resources mobilised from partners", "Nguồn lực vận động từ đối tác"),
    "activity_outputs": ("Outputs of an activity", "Kết quả đầu ra của hoạt động"),
    "indicators": ("Indicators", "Chỉ số"),
    "indicator_values": ("Targets and actuals of an indicator", "Chỉ tiêu và kết quả của chỉ số"),
    "work_plans": ("Annual work plans", "Kế hoạch công tác năm"),
    "work_plan_objectives": ("Objectives of a work plan", "Mục tiêu của kế hoạch"),
    "planned_activities": ("Planned activities", "Hoạt động dự kiến"),
    "work_plan_targets": ("Targets of a work plan", "Chỉ tiêu của kế hoạch"),
    "work_plan_priority_weights": (
        "Priority weights of a work plan",
        "Trọng số lĩnh vực ưu tiên của kế hoạch",
    ),
    "evaluations": ("Evaluations", "Đánh giá"),
    "evaluation_scores": ("Scores of an evaluation", "Điểm đánh giá theo tiêu chí"),
    "awards": ("Awards", "Khen thưởng"),
}
"""The caption of each table, in English and Vietnamese."""

_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "ppd_core data entry template",
        "required": "Required.",
        "optional": "Optional: may stay empty.",
        "id": "An id: letters, digits and - _ . : / only, no spaces; unique in this sheet.",
        "ref": "The id of a record in another sheet.",
        "parent": "The id of the {entity} (sheet {sheet}) this row belongs to.",
        "code": "A code: choose from the drop-down list ({vocab}; see README).",
        "date": "A date, typed dd/mm/yyyy (e.g. 25/12/2025).",
        "Int64": "A whole number.",
        "float64": "A number.",
        "decimal": f"An amount: at most {MAX_DECIMALS} decimals.",
        "str": "Text.",
        "country": "An ISO two-letter country code (KH, LA, CN …): drop-down list.",
        "currency": "An ISO three-letter currency code (VND, USD …): drop-down list.",
        "percentage": "A percentage, above 0 and at most 100; the rows of a record sum to 100.",
        "count": "A whole number, 0 or more.",
        "score": "1, 2, 3 or 4.",
        "bounds": "Between {low} and {high}.",
        "doc": "Field: {doc}",
        "error": "Choose a code from the list.",
        "sheets": "Sheets",
        "codes": "Codes and their meanings",
        "sheet": "sheet",
        "caption": "what it holds",
        "refers": "refers to",
        "label": "meaning",
    },
    "vi": {
        "title": "Mẫu nhập liệu ppd_core",
        "required": "Bắt buộc.",
        "optional": "Không bắt buộc: có thể để trống.",
        "id": "Mã định danh: chữ, số và - _ . : / ; không có dấu cách; không trùng trong sheet.",
        "ref": "Mã (id) của một bản ghi ở sheet khác.",
        "parent": "Mã (id) của {entity} (sheet {sheet}) mà dòng này thuộc về.",
        "code": "Mã: chọn trong danh sách thả xuống ({vocab}; xem README).",
        "date": "Ngày, gõ dạng dd/mm/yyyy (ví dụ 25/12/2025).",
        "Int64": "Số nguyên.",
        "float64": "Số.",
        "decimal": f"Số tiền: tối đa {MAX_DECIMALS} chữ số thập phân.",
        "str": "Văn bản.",
        "country": "Mã quốc gia ISO 2 chữ cái (KH, LA, CN …): chọn trong danh sách.",
        "currency": "Mã tiền tệ ISO 3 chữ cái (VND, USD …): chọn trong danh sách.",
        "percentage": "Tỷ lệ %: lớn hơn 0, tối đa 100; các dòng của một bản ghi cộng lại bằng 100.",
        "count": "Số nguyên, từ 0 trở lên.",
        "score": "1, 2, 3 hoặc 4.",
        "bounds": "Từ {low} đến {high}.",
        "doc": "Trường (tiếng Anh): {doc}",
        "error": "Hãy chọn một mã trong danh sách.",
        "sheets": "Các sheet",
        "codes": "Các mã và ý nghĩa",
        "sheet": "sheet",
        "caption": "nội dung",
        "refers": "thuộc về",
        "label": "ý nghĩa",
    },
}

_HOW: Final[dict[str, list[str]]] = {
    "en": [
        "Each sheet is a table: type one record per row, from row 2 on.",
        "Keep the sheet names and the column names of row 1: the program reads them. Hover "
        "over a column name to read what to type.",
        "Bold columns are required; the others may stay empty.",
        "Ids (column id and columns ending in _id): letters, digits and - _ . : / only, no "
        "spaces; each id once per sheet.",
        "Link sheets (activity_countries, resource_flows …) refer in their first column to "
        "the id of their record (e.g. an activity).",
        "Dates: type day/month/year, dd/mm/yyyy (25/12/2025), or YYYY-MM-DD. Never month first.",
        "Codes: choose from the drop-down lists; the codes and their meanings are below.",
        "Numbers: digits, with or without thousands separators (1,500,000 or 1.500.000); "
        f"amounts have at most {MAX_DECIMALS} decimals; counts are whole numbers, 0 or more.",
        "Percentages: the countries, the provinces and the priority areas of an activity "
        "each add up to 100.",
        "Rows with a problem are not imported; each is reported with its sheet, row, column "
        "and rule code (PPD…), so it can be fixed and imported again. Nothing else is lost.",
    ],
    "vi": [
        "Mỗi sheet là một bảng: mỗi dòng một bản ghi, bắt đầu từ dòng 2.",
        "Giữ nguyên tên sheet và tên cột ở dòng 1: chương trình đọc theo các tên này. Di "
        "chuột lên tên cột để xem hướng dẫn.",
        "Cột in đậm là bắt buộc; các cột khác có thể để trống.",
        "Mã định danh (cột id và các cột kết thúc bằng _id): chỉ chữ, số và - _ . : / , không "
        "có dấu cách; mỗi mã chỉ một lần trong một sheet.",
        "Các sheet liên kết (activity_countries, resource_flows …) ghi ở cột đầu tiên mã "
        "(id) của bản ghi mà dòng thuộc về (ví dụ một hoạt động).",
        "Ngày: gõ ngày/tháng/năm, dd/mm/yyyy (25/12/2025), hoặc YYYY-MM-DD. Không gõ tháng trước.",
        "Mã: chọn trong danh sách thả xuống; các mã và ý nghĩa có ở bên dưới.",
        "Số: gõ chữ số, có hoặc không có dấu phân cách hàng nghìn (1.500.000 hoặc "
        f"1,500,000); số tiền tối đa {MAX_DECIMALS} chữ số thập phân; số lượng là số nguyên "
        "không âm.",
        "Tỷ lệ %: các quốc gia, các tỉnh/thành và các lĩnh vực ưu tiên của một hoạt động, mỗi "
        "nhóm cộng lại bằng 100.",
        "Dòng có lỗi sẽ không được nhập; mỗi lỗi được báo kèm sheet, dòng, cột và mã quy tắc "
        "(PPD…) để sửa rồi nhập lại. Không dữ liệu nào khác bị mất.",
    ],
}

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
    t = _TEXT[lang]
    lines = [f"{spec.name}.{col.name}", t["required"] if col.required else t["optional"]]
    if spec.parent is not None and col is spec.columns[0]:
        parent = SCHEMA[spec.parent]
        lines.append(t["parent"].format(entity=parent.entity, sheet=parent.name))
    elif "id" in col.checks:
        lines.append(t["id"] if col.name == "id" and spec.kind == "entity" else t["ref"])
    elif col.vocabulary is not None:
        lines.append(t["code"].format(vocab=col.vocabulary.__name__))
    elif "country" in col.checks or "currency" in col.checks:
        lines.append(t["country" if "country" in col.checks else "currency"])
    elif "percentage" in col.checks or "score" in col.checks or "count" in col.checks:
        lines.append(t[next(c for c in ("percentage", "score", "count") if c in col.checks)])
    else:
        lines.append(t[col.dtype] if col.dtype in t else t["str"])
    low, high = col.bounds
    if low is not None and high is not None:
        lines.append(t["bounds"].format(low=f"{low:g}", high=f"{high:g}"))
    if col.doc:
        lines.append(t["doc"].format(doc=" ".join(col.doc.split())))
    return "\n".join(lines)


def _code_lists(lang: Lang) -> dict[str, list[tuple[str, str]]]:
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


def _readme(ws: Any, lang: Lang, lists: dict[str, list[tuple[str, str]]]) -> None:
    from openpyxl.styles import Alignment, Font

    t = _TEXT[lang]
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 30
    ws.append([t["title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for k, line in enumerate(_HOW[lang], start=1):
        ws.append([f"{k}.", line])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([t["sheets"]])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    ws.append([t["sheet"], t["caption"], t["refers"]])
    for spec in _ordered():
        ws.append([spec.name, CAPTIONS[spec.name][lang == "vi"], spec.parent or ""])
    ws.append([])
    ws.append([t["codes"]])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
    for name, pairs in lists.items():
        if name in ("Country", "Currency"):
            continue
        ws.append([name])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for code, label in pairs:
            ws.append([code, label])


def excel_template(
    path: str | Path,
    *,
    lang: Lang = "en",
    example: bool = False,
    dataset: Dataset | None = None,
) -> Path:
    """Write a blank workbook to fill by hand; :func:`ppd_core.io.read_excel` reads it back.

    Args:
        path: The ``.xlsx`` file to write (replaced if it exists).
        lang: The language of the explanations, captions and code labels: ``"en"`` or
            ``"vi"`` (column and sheet names stay the same).
        example: Fill in a few consistent example records from the sample dataset (dates
            typed as text ``dd/mm/yyyy``, as a person would).
        dataset: The records to fill in instead of the example ones.

    Returns:
        The path written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    target = Path(path)
    lists = _code_lists(lang)
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    _readme(readme, lang, lists)

    hidden = wb.create_sheet(_LISTS)
    hidden.sheet_state = "hidden"
    for k, (name, pairs) in enumerate(lists.items(), start=1):
        letter = get_column_letter(k)
        hidden.cell(1, k, name)
        for r, (code, _) in enumerate(pairs, start=2):
            hidden.cell(r, k, code)
        ref = f"{quote_sheetname(_LISTS)}!${letter}$2:${letter}${len(pairs) + 1}"
        wb.defined_names.add(DefinedName(f"list_{name}", attr_text=ref))

    filled = dataset if dataset is not None or not example else _example()
    frames = filled.to_frames() if filled is not None else None
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
                dv = DataValidation(
                    type="list", formula1=f"list_{listed}", allow_blank=True, showDropDown=False
                )
                dv.error = _TEXT[lang]["error"]
                dv.errorTitle = col.name
                dv.showErrorMessage = True
                dv.add(f"{letter}2:{letter}{_ROWS}")
                ws.add_data_validation(dv)
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


def _example() -> Dataset:
    """A few consistent records of the sample dataset, with everything they refer to."""
    from ppd_core.dataset import Dataset
    from ppd_core.datasets import load_sample
    from ppd_core.integrity import REFERENCES

    frames = load_sample().to_frames()
    need: dict[str, set[Any]] = {
        t: set(frames[t]["id"].head(3 if t == "activities" else 1))
        for t, s in SCHEMA.items()
        if s.kind == "entity"
    }
    while True:
        before = sum(len(v) for v in need.values())
        for table, column, target in REFERENCES:
            spec = SCHEMA[table]
            owner = spec.parent or table
            rows = frames[table][frames[table][spec.key].isin(need[owner])]
            need[target] |= set(rows[column].dropna())
        ev = frames["evaluations"][frames["evaluations"]["id"].isin(need["evaluations"])]
        for subject, target in (("activity", "activities"), ("programme", "work_plans")):
            need[target] |= set(ev.loc[ev["subject"] == subject, "subject_id"].dropna())
        if sum(len(v) for v in need.values()) == before:
            break
    picked = {}
    for name, spec in SCHEMA.items():
        frame = frames[name]
        picked[name] = frame[frame[spec.key].isin(need[spec.parent or name])]
    return Dataset.from_frames(picked, today=date.max)
