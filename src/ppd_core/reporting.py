"""The annual review of an organisation: year N reviewed, year N+1 proposed, in one page.

:func:`annual_review` gathers, for an organisation and every organisation below it
(:meth:`~ppd_core.metrics.Analysis.members_of`), the headline numbers against the previous
year, the results against the plan's targets, the measures and the nine standard charts, the
highlights and shortfalls found in the data and, optionally, a proposed plan for the next
year. The :class:`Review` renders as one self-contained HTML file (inline CSS, charts as
base64 PNG, no external address, no JavaScript) or as Markdown, in English or Vietnamese.

>>> from ppd_core.datasets import worked_example
>>> review = annual_review(worked_example(), organisation="HN", year=2024, plan_next=False)
>>> 'id="headline"' in review.html()
True
>>> review.markdown().startswith("# ")
True
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ppd_core.metrics._base import Analysis

__all__ = [
    "SECTIONS",
    "Bullets",
    "Chart",
    "Paragraph",
    "Review",
    "Section",
    "Table",
    "annual_review",
]

Lang = Literal["en", "vi"]

SECTIONS = ("headline", "targets", "measures", "findings", "plan")
"""The ids of the review's sections, in page order."""

HHI_WARNING = 0.25
"""Herfindahl–Hirschman index of resources above which concentration is flagged."""

_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Annual review {year} — {org}", "Báo cáo tổng kết năm {year} — {org}"),
    "subtitle": (
        "{org} and its member organisations ({n}); year under review {year}, compared with {prev}.",
        "{org} và các tổ chức thành viên ({n}); năm tổng kết {year}, so với năm {prev}.",
    ),
    "sample": (
        "The data are the illustrative sample shipped with ppd_core, not official figures.",
        "Dữ liệu là bộ dữ liệu mẫu minh họa kèm theo ppd_core, không phải số liệu chính thức.",
    ),
    "headline": ("Headline numbers", "Các số liệu chính"),
    "targets": ("Results against the plan's targets", "Kết quả so với chỉ tiêu kế hoạch"),
    "measures": ("Measures and charts", "Các chỉ số đo lường và biểu đồ"),
    "findings": ("Highlights and shortfalls", "Điểm nổi bật và hạn chế"),
    "plan": ("Proposed plan for {year}", "Kế hoạch đề xuất năm {year}"),
    "measure": ("Measure", "Chỉ số"),
    "change": ("Change", "Thay đổi"),
    "activities": ("Activities", "Số hoạt động"),
    "participants": ("Participants", "Số người tham gia"),
    "substantive": ("Substantive share", "Tỷ lệ hoạt động thực chất"),
    "ceremonial": ("Ceremonial share", "Tỷ lệ hoạt động nghi lễ"),
    "disbursed": ("Resources disbursed (USD)", "Nguồn lực đã giải ngân (USD)"),
    "active": ("Active partners", "Đối tác đang hoạt động"),
    "new": ("New partners", "Đối tác mới"),
    "lapsed": ("Lapsed partners", "Đối tác ngừng hoạt động"),
    "hhi": ("Concentration of resources (HHI)", "Mức độ tập trung nguồn lực (HHI)"),
    "indicator": ("Indicator", "Chỉ tiêu"),
    "baseline": ("Baseline", "Cơ sở"),
    "target": ("Target", "Chỉ tiêu đặt ra"),
    "actual": ("Actual", "Thực hiện"),
    "progress": ("Progress", "Tiến độ"),
    "status": ("Status", "Tình trạng"),
    "no_targets": (
        "No indicator of these organisations has a period in {year}.",
        "Không có chỉ tiêu nào của các tổ chức này cho năm {year}.",
    ),
    "charts_md": (
        "The charts are embedded in the HTML version of this review:",
        "Các biểu đồ được nhúng trong bản HTML của báo cáo này:",
    ),
    "gap": (
        "{name}: {actual} against a target of {target} ({status}).",
        "{name}: đạt {actual} so với chỉ tiêu {target} ({status}).",
    ),
    "no_gap": (
        "Every numeric target of {year} was met.",
        "Mọi chỉ tiêu định lượng năm {year} đều đạt.",
    ),
    "gaps_head": ("Largest target gaps", "Các chỉ tiêu chênh lệch lớn nhất"),
    "lapsed_head": (
        "Partners active in {prev} but not in {year}",
        "Đối tác có hoạt động năm {prev} nhưng không có năm {year}",
    ),
    "no_lapsed": ("No partner lapsed.", "Không có đối tác nào ngừng hoạt động."),
    "weak_head": (
        "Weakest OECD-DAC criteria in {year}",
        "Các tiêu chí OECD-DAC yếu nhất năm {year}",
    ),
    "weak": (
        "{criterion}: mean score {mean} of 4 ({n} scores).",
        "{criterion}: điểm trung bình {mean}/4 ({n} lượt chấm).",
    ),
    "no_weak": (
        "No criterion scored below {threshold} on average.",
        "Không có tiêu chí nào có điểm trung bình dưới {threshold}.",
    ),
    "no_eval": (
        "No evaluation was recorded in {year}.",
        "Không có đánh giá nào được ghi nhận năm {year}.",
    ),
    "ceremonial_text": (
        "Ceremonial activities were {share} of the {n} activities of {year}.",
        "Hoạt động nghi lễ chiếm {share} trong số {n} hoạt động năm {year}.",
    ),
    "hhi_warn": (
        "Warning: resources are concentrated (HHI {hhi} > 0.25; the largest partner gave {top}).",
        "Cảnh báo: nguồn lực tập trung cao (HHI {hhi} > 0,25; đối tác lớn nhất đóng góp {top}).",
    ),
    "hhi_ok": (
        "Resources are not concentrated (HHI {hhi} ≤ 0.25).",
        "Nguồn lực không tập trung quá mức (HHI {hhi} ≤ 0,25).",
    ),
    "hhi_none": (
        "No resources were recorded in {year}.",
        "Không ghi nhận nguồn lực nào năm {year}.",
    ),
    "other_head": ("Other observations", "Nhận xét khác"),
    "targets_head": ("Proposed targets", "Chỉ tiêu đề xuất"),
    "last_actual": ("Last actual", "Thực hiện gần nhất"),
    "forecast": ("Forecast", "Dự báo"),
    "band": ("80% band", "Khoảng tin cậy 80%"),
    "proposed": ("Proposed target", "Chỉ tiêu đề xuất"),
    "no_proposals": (
        "No numeric indicator to forecast.",
        "Không có chỉ tiêu định lượng để dự báo.",
    ),
    "portfolio_head": ("Proposed portfolio", "Danh mục hoạt động đề xuất"),
    "portfolio_text": (
        "{n} of {m} candidate activities chosen for a budget of {budget} VND (the spending of "
        "{year}); cost {cost} VND, solver status: {status}.",
        "Chọn {n} trên {m} hoạt động ứng viên với ngân sách {budget} đồng (bằng mức chi năm "
        "{year}); tổng chi phí {cost} đồng, trạng thái giải: {status}.",
    ),
    "no_portfolio": (
        "No portfolio proposed: {reason}",
        "Chưa đề xuất danh mục hoạt động: {reason}",
    ),
    "no_budget": (
        "no spending was recorded in {year}.",
        "không ghi nhận khoản chi nào năm {year}.",
    ),
    "no_candidates": ("no candidate activities.", "không có hoạt động ứng viên."),
    "no_plan_weights": (
        "no single work plan of {year} gives the priority weights to score candidates against "
        "(add the plan, or score your own candidates with planning.score_candidates(plan=...)).",
        "không xác định được một kế hoạch công tác năm {year} để lấy trọng số ưu tiên "
        "(hãy bổ sung kế hoạch, hoặc tự chấm điểm với planning.score_candidates(plan=...)).",
    ),
    "title_col": ("Activity", "Hoạt động"),
    "kind": ("Kind", "Loại hình"),
    "country": ("Country", "Quốc gia"),
    "cost": ("Cost (VND)", "Chi phí (đồng)"),
    "score": ("Score", "Điểm"),
    "plan_off": (
        "Planning for the next year was not requested.",
        "Không yêu cầu lập kế hoạch năm sau.",
    ),
    "generated": ("Generated by ppd_core.", "Được tạo bởi ppd_core."),
}

_STATUS: dict[str, str] = {
    "on track": "đúng tiến độ",
    "at risk": "có nguy cơ",
    "off track": "chậm tiến độ",
    "no data": "không có số liệu",
    "qualitative": "định tính",
    "proposed": "đề xuất",
    "skipped": "bỏ qua",
    "optimal": "tối ưu",
    "time limit": "hết thời gian",
}

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;background:#f4f6f8;color:#1d2733;
line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:24px 32px;background:#fff}
h1{font-size:1.7em;margin:0 0 .2em;color:#0b3d66}
h2{font-size:1.3em;border-bottom:2px solid #0b3d66;padding-bottom:4px;margin-top:1.6em;
color:#0b3d66}
h3{font-size:1.05em;margin:1.1em 0 .4em}
.note{background:#fff7e0;border-left:4px solid #e0a800;padding:8px 12px}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em;font-size:.92em}
th,td{border:1px solid #d3d9e0;padding:5px 8px;text-align:left;vertical-align:top;max-width:24em}
th{background:#e8eef4}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1em 0;break-inside:avoid}
figure img{max-width:100%;height:auto;border:1px solid #e3e7eb}
figcaption{font-size:.9em;color:#506070}
footer{margin-top:2em;font-size:.85em;color:#607080}
"""


# -- content blocks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text.

    Attributes:
        text: The text (escaped when rendered).
        note: Render as a highlighted note.
    """

    text: str
    note: bool = False


@dataclass(frozen=True)
class Bullets:
    """A titled bullet list.

    Attributes:
        title: Sub-heading.
        items: The items.
    """

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of text cells.

    Attributes:
        header: Column names.
        rows: Rows of cells.
        numeric: Which columns are right-aligned numbers.
        title: Optional sub-heading.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart as a PNG image.

    Attributes:
        name: The chart's name in :data:`ppd_core.plots.CHARTS`.
        caption: Caption (the chart's title).
        png: The PNG bytes.
    """

    name: str
    caption: str
    png: bytes


Block = Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class Section:
    """One section of the review.

    Attributes:
        id: Stable id (one of :data:`SECTIONS`).
        title: Heading.
        blocks: The content.
    """

    id: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Review:
    """An annual review, ready to render.

    Attributes:
        organisation: Organisation id.
        year: The year under review.
        lang: Language of every label.
        title: The page title.
        intro: Introductory paragraphs.
        sections: The sections, in :data:`SECTIONS` order.
    """

    organisation: str
    year: int
    lang: Lang
    title: str
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        """Return the section with id ``section_id``.

        Raises:
            KeyError: When there is no such section.
        """
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def html(self) -> str:
        """Render one self-contained HTML page (inline CSS, charts as base64 PNG)."""
        e = html.escape
        out = [
            "<!DOCTYPE html>",
            f'<html lang="{self.lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(self.title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body><main>",
            f"<h1>{e(self.title)}</h1>",
        ]
        out.extend(_html_block(p) for p in self.intro)
        for s in self.sections:
            out.append(f'<section id="{e(s.id)}">')
            out.append(f"<h2>{e(s.title)}</h2>")
            out.extend(_html_block(b) for b in s.blocks)
            out.append("</section>")
        out.append(f"<footer>{e(_t('generated', self.lang))}</footer>")
        out.append("</main></body></html>")
        return "\n".join(out) + "\n"

    def markdown(self, charts_folder: str | None = None) -> str:
        """Render the review as Markdown.

        Args:
            charts_folder: A folder, relative to the Markdown file, holding each chart as
                ``<name>.png`` (what :meth:`write` does): the charts are then shown as
                images. Without it they are listed by title, pointing at the HTML version.
        """
        out = [f"# {_md(self.title)}", ""]
        for p in self.intro:
            out.extend([f"> {_md(p.text)}" if p.note else _md(p.text), ""])
        for s in self.sections:
            out.extend([f'<a id="{s.id}"></a>', "", f"## {_md(s.title)}", ""])
            charts = [b for b in s.blocks if isinstance(b, Chart)]
            for b in s.blocks:
                if isinstance(b, Chart) and charts_folder is not None:
                    out.extend([f"![{_md(b.caption)}]({charts_folder}/{b.name}.png)", ""])
                elif not isinstance(b, Chart):
                    out.extend([*_md_block(b), ""])
            if charts and charts_folder is None:
                out.extend([_md(_t("charts_md", self.lang)), ""])
                out.extend(f"- {_md(c.caption)}" for c in charts)
                out.append("")
        return "\n".join(out).rstrip() + "\n"

    def write(self, folder: str | Path) -> Path:
        """Write ``annual-review-<org>-<year>-<lang>.html`` and ``.md`` into ``folder``.

        The HTML file is self-contained; the Markdown file shows the charts from PNG files
        in the folder ``annual-review-<org>-<year>-<lang>-charts/`` beside it.

        Returns:
            The path of the HTML file.
        """
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        stem = f"annual-review-{self.organisation}-{self.year}-{self.lang}"
        page = target / f"{stem}.html"
        page.write_text(self.html(), encoding="utf-8")
        charts = target / f"{stem}-charts"
        charts.mkdir(exist_ok=True)
        for s in self.sections:
            for b in s.blocks:
                if isinstance(b, Chart):
                    (charts / f"{b.name}.png").write_bytes(b.png)
        (target / f"{stem}.md").write_text(self.markdown(charts.name), encoding="utf-8")
        return page


def _html_block(block: Block) -> str:
    e = html.escape
    if isinstance(block, Paragraph):
        cls = ' class="note"' if block.note else ""
        return f"<p{cls}>{e(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{e(i)}</li>" for i in block.items)
        return f"<h3>{e(block.title)}</h3><ul>{items}</ul>"
    if isinstance(block, Table):
        numeric = block.numeric or (False,) * len(block.header)
        head = "".join(f"<th>{e(h)}</th>" for h in block.header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="n">{e(c)}</td>' if n else f"<td>{e(c)}</td>"
                for c, n in zip(row, numeric, strict=True)
            )
            + "</tr>"
            for row in block.rows
        )
        title = f"<h3>{e(block.title)}</h3>" if block.title else ""
        return f"{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    data = base64.b64encode(block.png).decode("ascii")
    return (
        f'<figure id="chart-{e(block.name)}"><img alt="{e(block.caption)}" '
        f'src="data:image/png;base64,{data}"><figcaption>{e(block.caption)}</figcaption></figure>'
    )


def _md(text: str) -> str:
    """Escape the characters Markdown would read as markup."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"> {_md(block.text)}" if block.note else _md(block.text)]
    if isinstance(block, Bullets):
        return [f"### {_md(block.title)}", "", *(f"- {_md(i)}" for i in block.items)]
    if isinstance(block, Table):
        out = [f"### {_md(block.title)}", ""] if block.title else []
        numeric = block.numeric or (False,) * len(block.header)
        out.append("| " + " | ".join(_md(h) for h in block.header) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        out.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows)
        return out
    return [f"- {_md(block.caption)}"]


# -- formatting ---------------------------------------------------------------------------------


def _t(key: str, lang: Lang, **values: object) -> str:
    text = _TEXT[key][1 if lang == "vi" else 0]
    return text.format(**values) if values else text


def _num(value: Any, lang: Lang, decimals: int = 0) -> str:
    """A number with thousands separators ('.' and ',' swapped in Vietnamese); '–' if missing."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(x):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _pct(value: Any, lang: Lang, decimals: int = 0) -> str:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(x) else _num(100 * x, lang, decimals) + " %"


def _status(status: str, lang: Lang) -> str:
    return _STATUS.get(status, status) if lang == "vi" else status


def _label(vocab: Any, code: Any, lang: Lang) -> str:
    try:
        return str(vocab(str(code)).label(lang))
    except ValueError:
        return str(code)


# -- data ---------------------------------------------------------------------------------------


def _subset(an: Analysis, members: set[str]) -> Analysis:
    """The Analysis of the activities, indicators and plans of ``members``."""
    frames = dict(an.frames)
    acts = frames["activities"]
    frames["activities"] = acts[acts["lead_organisation_id"].isin(members)].reset_index(drop=True)
    ids = set(frames["activities"]["id"])
    for name, frame in an.frames.items():
        if name != "activities" and "activity_id" in frame.columns and name != "planned_activities":
            frames[name] = frame[frame["activity_id"].isin(ids)].reset_index(drop=True)
    ind = frames["indicators"]
    frames["indicators"] = ind[ind["organisation_id"].isin(members)].reset_index(drop=True)
    keep = set(frames["indicators"]["id"])
    iv = frames["indicator_values"]
    frames["indicator_values"] = iv[iv["indicator_id"].isin(keep)].reset_index(drop=True)
    return Analysis(frames, an.reference)


def _by_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    years = pd.to_numeric(frame["year"].astype("str"), errors="coerce")
    return frame[(years == year).to_numpy(dtype=bool)]


def _value(frame: pd.DataFrame, year: int, column: str) -> float:
    rows = _by_year(frame, year)
    return float(rows[column].sum()) if len(rows) else math.nan


def _spending_vnd(an: Analysis, year: int) -> float:
    """Σ cost of the activities starting in ``year``, in VND at that year's rates."""
    from ppd_core.metrics import convert

    acts = an.frames["activities"]
    rows = (an.activities["year"] == year).fillna(False).to_numpy(dtype=bool)
    part = acts[rows]
    part = part[part["cost_amount"].notna().to_numpy(dtype=bool)]
    if part.empty:
        return 0.0
    dates = an.activities["start"][rows][part.index.intersection(acts.index[rows])]
    values = convert(
        part["cost_amount"].astype("float64"),
        part["cost_currency"].astype("str"),
        pd.to_datetime(dates),
        "VND",
        an.reference,
    )
    return float(values.sum())


def _is_sample(an: Analysis) -> bool:
    from ppd_core.datasets import load_sample

    ids = an.frames["activities"]["id"]
    sample = load_sample().activities
    return len(ids) == len(sample) and set(ids) == {a.id for a in sample}


# -- sections -----------------------------------------------------------------------------------


def _headline(full: Analysis, sub: Analysis, year: int, lang: Lang) -> Section:
    from ppd_core import metrics

    vol = metrics.volume(sub, ["year"])
    subst = metrics.substantive_share(sub, ["year"])
    res = metrics.resources_mobilised(sub, ["year"])
    disbursed = res[res["stage"].astype("str") == "disbursed"]
    dyn = metrics.partner_dynamics(sub)
    rows: list[tuple[str, str, str, str]] = []
    prev = year - 1

    def add(key: str, frame: pd.DataFrame, column: str, kind: str = "n") -> None:
        now, before = _value(frame, year, column), _value(frame, prev, column)
        if kind == "%":
            text_now, text_before = _pct(now, lang, 1), _pct(before, lang, 1)
            diff = (now - before) * 100
            change = "–" if math.isnan(diff) else f"{_num(diff, lang, 1)} pp"
        else:
            text_now, text_before = _num(now, lang), _num(before, lang)
            change = (
                "–"
                if math.isnan(now - before)
                else f"{'+' if now >= before else ''}" + _num(now - before, lang)
            )
        rows.append((_t(key, lang), text_before, text_now, change))

    add("activities", vol, "activities")
    add("participants", vol, "participants")
    subst = subst.assign(share=subst["share_substantive"])
    add("substantive", subst, "share", "%")
    add("disbursed", disbursed, "amount")
    add("active", dyn, "active")
    add("new", dyn, "new")
    add("lapsed", dyn, "lapsed")
    header = (_t("measure", lang), str(prev), str(year), _t("change", lang))
    return Section(
        "headline",
        _t("headline", lang),
        (Table(header, tuple(rows), (False, True, True, True)),),
    )


def _attainment(sub: Analysis, members: set[str], year: int) -> pd.DataFrame:
    from ppd_core import metrics

    att = metrics.target_attainment(sub)
    starts = pd.to_datetime(att["period_start"]).dt.year
    keep = (starts == year).to_numpy(dtype=bool) & att["organisation_id"].isin(members).to_numpy()
    return att[keep].reset_index(drop=True)


def _targets(att: pd.DataFrame, year: int, lang: Lang) -> Section:
    if att.empty:
        blocks: tuple[Block, ...] = (Paragraph(_t("no_targets", lang, year=year)),)
        return Section("targets", _t("targets", lang), blocks)
    rows = []
    for r in att.itertuples(index=False):
        qualitative = r.status == "qualitative"
        actual = str(r.actual_text) if qualitative and isinstance(r.actual_text, str) else None
        target = str(r.target_text) if qualitative and isinstance(r.target_text, str) else None
        rows.append(
            (
                str(r.name),
                _num(r.baseline, lang, 1),
                target or _num(r.target, lang, 1),
                actual or _num(r.actual, lang, 1),
                _pct(r.progress, lang),
                _status(str(r.status), lang),
            )
        )
    header = tuple(
        _t(k, lang) for k in ("indicator", "baseline", "target", "actual", "progress", "status")
    )
    table = Table(header, tuple(rows), (False, True, True, True, True, False))
    return Section("targets", _t("targets", lang), (table,))


def _measures(sub: Analysis, year: int, lang: Lang) -> Section:
    from ppd_core import metrics, plots

    subst = _by_year(metrics.substantive_share(sub, ["year"]), year)
    conc = _by_year(metrics.concentration(sub, ["year"]), year)
    follow = _by_year(metrics.follow_up_rate(sub, ["year"]), year)
    rows: list[tuple[str, str]] = [
        (_t("substantive", lang), _pct(subst["share_substantive"].sum(), lang, 1)),
        (_t("ceremonial", lang), _pct(subst["share_ceremonial"].sum(), lang, 1)),
        (_t("hhi", lang), _num(conc["hhi"].sum(), lang, 3) if len(conc) else "–"),
    ]
    rate = next((c for c in follow.columns if "rate" in c), None)
    if rate is not None and len(follow):
        label = "Follow-up rate" if lang == "en" else "Tỷ lệ hoạt động tiếp nối"
        rows.append((label, _pct(follow[rate].sum(), lang, 1)))
    blocks: list[Block] = [
        Table((_t("measure", lang), str(year)), tuple(rows), (False, True)),
    ]
    charts = plots.standard_charts(sub, year=year, lang=lang)
    for name, fig in charts.items():
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80, facecolor="white")
        title = fig.get_suptitle() or next(
            (t.get_text() for t in fig.texts if t.get_text()), name.replace("_", " ")
        )
        blocks.append(Chart(name, " ".join(title.split()), buffer.getvalue()))
    return Section("measures", _t("measures", lang), tuple(blocks))


def _findings(
    full: Analysis, sub: Analysis, members: set[str], att: pd.DataFrame, year: int, lang: Lang
) -> Section:
    from ppd_core import metrics
    from ppd_core.metrics.evaluation import WEAK, evaluation_scores
    from ppd_core.vocab import DacCriterion

    blocks: list[Block] = []
    # largest target gaps
    numeric = att[att["status"].isin(["on track", "at risk", "off track"])]
    gaps: list[tuple[float, str]] = []
    for r in numeric.itertuples(index=False):
        target, actual = _float(r.target), _float(r.actual)
        if math.isnan(target) or math.isnan(actual) or target == 0:
            continue
        short = (target - actual) / abs(target)
        if str(r.direction) == "lower_is_better":
            short = -short
        if short > 0:
            text = _t(
                "gap",
                lang,
                name=r.name,
                actual=_num(actual, lang, 1),
                target=_num(target, lang, 1),
                status=_status(str(r.status), lang),
            )
            gaps.append((short, text))
    gaps.sort(key=lambda g: -g[0])
    if gaps:
        items = tuple(g[1] for g in gaps[:5])
    elif numeric.empty:
        items = (_t("no_targets", lang, year=year),)
    else:
        items = (_t("no_gap", lang, year=year),)
    blocks.append(Bullets(_t("gaps_head", lang), items))
    # lapsed partners
    lapsed = metrics.lapsed_partners(sub, year)  # most engaged last year first
    names = tuple(
        f"{name} ({p})" if isinstance(name, str) else p
        for p, name in zip(lapsed["partner"], lapsed["name"], strict=True)
    )
    blocks.append(
        Bullets(
            _t("lapsed_head", lang, prev=year - 1, year=year), names or (_t("no_lapsed", lang),)
        )
    )
    # weakest DAC criteria
    scores = evaluation_scores(full)
    scores = scores[scores["organisation"].isin(members).to_numpy() & (scores["year"] == year)]
    if scores.empty:
        weak: tuple[str, ...] = (_t("no_eval", lang, year=year),)
    else:
        means = scores.groupby("criterion")["score"].agg(["mean", "count"]).sort_values("mean")
        low = means[means["mean"] < WEAK]
        weak = tuple(
            _t(
                "weak",
                lang,
                criterion=_label(DacCriterion, c, lang),
                mean=_num(m, lang, 2),
                n=int(n),
            )
            for c, m, n in zip(low.index, low["mean"], low["count"], strict=True)
        ) or (_t("no_weak", lang, threshold=_num(WEAK, lang, 1)),)
    blocks.append(Bullets(_t("weak_head", lang, year=year), weak))
    # ceremonial share and concentration
    other: list[str] = []
    subst = _by_year(metrics.substantive_share(sub, ["year"]), year)
    if len(subst):
        other.append(
            _t(
                "ceremonial_text",
                lang,
                share=_pct(subst["share_ceremonial"].iloc[0], lang, 1),
                n=int(subst["activities"].iloc[0]),
                year=year,
            )
        )
    conc = _by_year(metrics.concentration(sub, ["year"]), year)
    value = float(conc["hhi"].sum()) if len(conc) else math.nan
    if not math.isnan(value):
        if value > HHI_WARNING:
            top = _pct(conc["top_share"].sum(), lang)
            other.append(_t("hhi_warn", lang, hhi=_num(value, lang, 2), top=top))
        else:
            other.append(_t("hhi_ok", lang, hhi=_num(value, lang, 2)))
    else:
        other.append(_t("hhi_none", lang, year=year))
    blocks.append(Bullets(_t("other_head", lang), tuple(other)))
    return Section("findings", _t("findings", lang), tuple(blocks))


def _plan(
    full: Analysis, sub: Analysis, organisation: str, year: int, lang: Lang, plan_next: bool
) -> Section:
    from ppd_core import datasets, planning
    from ppd_core.vocab import ActivityKind

    title = _t("plan", lang, year=year + 1)
    if not plan_next:
        return Section("plan", title, (Paragraph(_t("plan_off", lang)),))
    blocks: list[Block] = []
    ids = list(sub.frames["indicators"]["id"])
    proposed = planning.propose_targets(full, year=year + 1, indicators=ids) if ids else None
    if proposed is not None:
        proposed = proposed[proposed["status"].astype("str") == "proposed"]
    if proposed is None or proposed.empty:
        blocks.append(Paragraph(_t("no_proposals", lang)))
    else:
        rows = tuple(
            (
                str(r.name),
                _num(r.last_actual, lang, 1),
                _num(r.forecast, lang, 1),
                f"{_num(r.lower, lang, 1)} – {_num(r.upper, lang, 1)}",
                _num(r.target, lang, 1),
            )
            for r in proposed.itertuples(index=False)
        )
        header = tuple(
            _t(k, lang) for k in ("indicator", "last_actual", "forecast", "band", "proposed")
        )
        blocks.append(
            Table(header, rows, (False, True, True, True, True), _t("targets_head", lang))
        )
    budget = _spending_vnd(sub, year)
    head = _t("portfolio_head", lang)
    if budget <= 0:
        reason = _t("no_budget", lang, year=year)
        blocks.append(Paragraph(f"{head} — " + _t("no_portfolio", lang, reason=reason)))
        return Section("plan", title, tuple(blocks))
    candidates = datasets.candidates_from_sample(full, year + 1, organisation_id=organisation)
    if candidates.empty:
        reason = _t("no_candidates", lang)
        blocks.append(Paragraph(f"{head} — " + _t("no_portfolio", lang, reason=reason)))
        return Section("plan", title, tuple(blocks))
    try:
        scored = planning.score_candidates(
            candidates, planning.DEFAULT_WEIGHTS, data=full, year=year + 1
        )
    except ValueError:  # no single work plan of next year to align the priorities with
        reason = _t("no_plan_weights", lang, year=year + 1)
        blocks.append(Paragraph(f"{head} — " + _t("no_portfolio", lang, reason=reason)))
        return Section("plan", title, tuple(blocks))
    chosen_plan = planning.allocate(scored, budget=budget, year=year + 1, explain=False)
    chosen = chosen_plan.selected(scored)
    blocks.append(
        Paragraph(
            _t(
                "portfolio_text",
                lang,
                n=len(chosen),
                m=len(scored),
                budget=_num(budget, lang),
                year=year,
                cost=_num(chosen_plan.total_cost, lang),
                status=_status(chosen_plan.status, lang),
            )
        )
    )
    from ppd_core.plots import _category_label

    rows2 = tuple(
        (
            str(r.title),
            _label(ActivityKind, r.kind, lang),
            _category_label("country", r.country, lang) if isinstance(r.country, str) else "–",
            _num(r.cost_vnd, lang),
            _num(r.score, lang, 3),
        )
        for r in chosen.sort_values("score", ascending=False).itertuples(index=False)
    )
    header2 = tuple(_t(k, lang) for k in ("title_col", "kind", "country", "cost", "score"))
    blocks.append(Table(header2, rows2, (False, False, False, True, True), head))
    return Section("plan", title, tuple(blocks))


def annual_review(
    data: Any,
    *,
    organisation: str,
    year: int,
    lang: Lang = "en",
    plan_next: bool = True,
    sample: bool | None = None,
) -> Review:
    """Build the annual review of ``organisation`` (with its members) for ``year``.

    Args:
        data: A Dataset, its frames or an Analysis.
        organisation: The organisation's id; its members are rolled up into it.
        year: The year under review.
        lang: Language of every label (``"en"`` or ``"vi"``).
        plan_next: Also propose targets and a portfolio for ``year + 1`` (the portfolio's
            budget is the organisation's spending in ``year``, in VND).
        sample: Whether the data is the illustrative sample (a note says so); ``None``
            detects it.

    Returns:
        The review, ready to render with :meth:`Review.html` or :meth:`Review.markdown`.

    Raises:
        KeyError: When ``organisation`` is not in the data.
    """
    from ppd_core import metrics

    full = metrics.analysis(data)
    orgs = full.frames["organisations"].drop_duplicates("id").set_index("id")
    if organisation not in orgs.index:
        raise KeyError(f"no organisation {organisation!r}")
    short = orgs["short_name"].get(organisation)
    name = str(short) if isinstance(short, str) and short else organisation
    members = full.members_of(organisation)
    sub = _subset(full, members)
    att = _attainment(sub, members, year)
    intro: list[Paragraph] = [
        Paragraph(_t("subtitle", lang, org=name, n=len(members) - 1, year=year, prev=year - 1))
    ]
    if sample if sample is not None else _is_sample(full):
        intro.append(Paragraph(_t("sample", lang), note=True))
    sections = (
        _headline(full, sub, year, lang),
        _targets(att, year, lang),
        _measures(sub, year, lang),
        _findings(full, sub, members, att, year, lang),
        _plan(full, sub, organisation, year, lang, plan_next),
    )
    return Review(
        organisation=organisation,
        year=year,
        lang=lang,
        title=_t("title", lang, year=year, org=name),
        intro=tuple(intro),
        sections=sections,
    )
