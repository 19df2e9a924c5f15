"""Standard charts of the measures, in English or Vietnamese, ready for an annual review.

One chart per measure of :mod:`ppd_core.metrics`: each function takes the frame that measure
returns (the network chart takes its graph) and returns a :class:`matplotlib.figure.Figure`
drawn on the non-interactive Agg canvas. Nothing here touches ``pyplot`` or the global
``rcParams``, so charts can be drawn from several threads and on servers without a display.

Every text on a chart — titles, axis labels, legends and category labels — follows ``lang``:
codes are translated through their :mod:`ppd_core.vocab` vocabulary, countries through the
reference data, numbers use the language's separators (``1,234.5`` in English, ``1.234,5`` in
Vietnamese). Colours come from the Okabe–Ito palette, which stays distinguishable with the
common forms of colour blindness; statuses also carry a symbol, so the charts survive grey-scale
printing.

>>> import tempfile
>>> from pathlib import Path
>>> from ppd_core import metrics, plots
>>> from ppd_core.datasets import load_sample
>>> shares = metrics.substantive_share(load_sample(), ["year"])
>>> fig = plots.substantive_trend(shares, lang="vi")
>>> fig.texts[0].get_text()
'Hoạt động thực chất và hoạt động mang tính nghi lễ, 2021–2026'
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = plots.save(fig, Path(tmp) / "substantive.png")
...     path.stat().st_size > 20_000
True
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ppd_core.errors import UnknownCountryError
from ppd_core.metrics._base import NONE
from ppd_core.reference import default_reference
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    CountryGroup,
    FlowForm,
    FlowStage,
    Lang,
    Modality,
    OrganisationLevel,
    PartnerType,
    PriorityArea,
    Sdg,
    Vocabulary,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ppd_core.dataset import Dataset
    from ppd_core.metrics import Analysis, Thresholds
    from ppd_core.models import WorkPlan

__all__ = [
    "CHARTS",
    "PALETTE",
    "activity_trend",
    "attainment_chart",
    "concentration_chart",
    "coverage_chart",
    "partner_dynamics_chart",
    "partner_network_chart",
    "resources_by_stage",
    "save",
    "scorecard_chart",
    "standard_charts",
    "substantive_trend",
    "work_plan_timeline",
]

# -- look ---------------------------------------------------------------------------------------

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#8C8C8C"
INK = "#222222"
MUTED = "#555555"
LIGHT = "#D9D9D9"

PALETTE: tuple[str, ...] = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)
"""The Okabe–Ito colour-blind-safe palette, in the order lines and groups use it."""

CHARTS: tuple[str, ...] = (
    "activity_trend",
    "substantive_trend",
    "resources_by_stage",
    "partner_dynamics",
    "partner_network",
    "coverage",
    "scorecard",
    "attainment",
    "concentration",
)
"""The names of the charts :func:`standard_charts` returns, in report order."""

_TITLE_SIZE = 15.0
_SUBTITLE_SIZE = 11.0
_PANEL_SIZE = 12.0
_TICK_SIZE = 11.0
_LABEL_SIZE = 10.0
_LEGEND_SIZE = 10.5

_STAGE_COLOURS = {
    FlowStage.PLEDGED.value: SKY,
    FlowStage.COMMITTED.value: BLUE,
    FlowStage.DISBURSED.value: GREEN,
}
_STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    # status: (face colour, text colour, symbol)
    "on track": (GREEN, "white", "✓"),
    "at risk": (ORANGE, INK, "!"),
    "off track": (VERMILLION, "white", "✗"),
    "no data": (LIGHT, INK, "–"),
    "qualitative": ("white", INK, ""),
}

# -- words --------------------------------------------------------------------------------------

_TEXT: dict[str, tuple[str, str]] = {
    "gantt_title": (
        "Work plan {year}: timeline and monthly workload",
        "Kế hoạch công tác năm {year}: tiến độ và khối lượng công việc theo tháng",
    ),
    "gantt_sub": (
        "{n} planned activities; bars run from start to end, coloured by priority area",
        "{n} hoạt động dự kiến; thanh thể hiện thời gian thực hiện, màu theo lĩnh vực ưu tiên",
    ),
    "staff_days": ("Staff-days", "Ngày công"),
    # chart 1
    "trend_title": (
        "Activities and participants per {period}, {span}",
        "Số hoạt động và lượt người tham gia theo {period}, {span}",
    ),
    "activities": ("Activities", "Hoạt động"),
    "participants": ("Participants", "Lượt người tham gia"),
    "trend_sub": (
        "Activities led by the organisations, by the {period} they start (actual start, else "
        "planned); participants counted per activity",
        "Hoạt động do các tổ chức chủ trì, tính theo {period} bắt đầu (ngày bắt đầu thực tế, "
        "nếu chưa có thì theo kế hoạch); lượt người tham gia tính theo từng hoạt động",
    ),
    "split_by": ("By {dimension}", "Theo {dimension}"),
    "top_groups": (
        "the {shown} largest of {total} groups shown",
        "hiển thị {shown}/{total} nhóm lớn nhất",
    ),
    # chart 2
    "subst_title": (
        "Substantive and ceremonial activities, {span}",
        "Hoạt động thực chất và hoạt động mang tính nghi lễ, {span}",
    ),
    "subst_sub": (
        "Substantive: an agreement signed, resources committed, a measurable output or a "
        "follow-up activity recorded; ceremonial: none of these. Above each bar: number of "
        "activities",
        "Thực chất: có thỏa thuận được ký kết, nguồn lực được cam kết, sản phẩm đầu ra đo được "
        "hoặc hoạt động tiếp nối; nghi lễ: không có các yếu tố trên. Trên mỗi cột: số hoạt động",
    ),
    "substantive": ("Substantive", "Thực chất"),
    "ceremonial": ("Ceremonial", "Nghi lễ"),
    "share_of_activities": ("Share of activities", "Tỷ trọng hoạt động"),
    # chart 3
    "res_title": (
        "Resources mobilised from partners by stage, {span}",
        "Nguồn lực vận động từ đối tác theo giai đoạn, {span}",
    ),
    "res_sub": (
        "Pledged → committed → disbursed, by the {period} of each flow, in {currency} at annual "
        "average rates; cash solid, in kind hatched",
        "Cam kết sơ bộ → cam kết chính thức → đã giải ngân, theo {period} của từng khoản, quy "
        "đổi ra {currency} theo tỷ giá bình quân năm; tiền mặt tô đặc, hiện vật gạch chéo",
    ),
    "amount": ("Amount ({currency})", "Giá trị ({currency})"),
    # chart 4
    "dyn_title": (
        "Partners: new, retained and lapsed per year, {span}",
        "Đối tác mới, duy trì và ngừng hợp tác theo năm, {span}",
    ),
    "dyn_sub": (
        "A partner is active in a year when it takes part in an activity starting that year; "
        "retention rate = partners retained ÷ partners active the year before",
        "Đối tác được tính là có hoạt động trong năm nếu tham gia ít nhất một hoạt động bắt "
        "đầu trong năm đó; tỷ lệ duy trì = số đối tác duy trì ÷ số đối tác có hoạt động năm trước",
    ),
    "new": ("New", "Mới"),
    "retained": ("Retained", "Duy trì"),
    "lapsed": ("Lapsed", "Ngừng hợp tác"),
    "retention_rate": ("Retention rate", "Tỷ lệ duy trì"),
    "partners_axis": ("Partners", "Số đối tác"),
    # chart 5
    "net_title": ("Partner network, {span}", "Mạng lưới đối tác, {span}"),
    "net_sub": (
        "{orgs} organisations (squares) and {partners} partners (circles) linked by joint "
        "activities; size = number of links",
        "{orgs} tổ chức (hình vuông) và {partners} đối tác (hình tròn) liên kết qua các hoạt "
        "động chung; kích thước = số liên kết",
    ),
    "net_critical": (
        "red and labelled: critical partners, whose loss would cut organisations off from "
        "each other (or the most central)",
        "màu đỏ, có ghi tên: đối tác then chốt, nếu mất đi sẽ làm các tổ chức bị tách khỏi "
        "nhau (hoặc đối tác trung tâm nhất)",
    ),
    "net_cut": (
        "showing the {partners} partners and {orgs} organisations with most links, of {all_p} "
        "partners and {all_o} organisations",
        "chỉ hiển thị {partners} đối tác và {orgs} tổ chức có nhiều liên kết nhất, trong tổng "
        "số {all_p} đối tác và {all_o} tổ chức",
    ),
    "organisation": ("Organisation", "Tổ chức"),
    "partner": ("Partner", "Đối tác"),
    "critical": ("Critical partner", "Đối tác then chốt"),
    # chart 6
    "cov_title": (
        "Priority areas: share of activities against the plan, {span}",
        "Lĩnh vực ưu tiên: tỷ trọng hoạt động so với kế hoạch, {span}",
    ),
    "cov_title_noplan": (
        "Priority areas: share of activities, {span}",
        "Lĩnh vực ưu tiên: tỷ trọng hoạt động, {span}",
    ),
    "cov_sub": (
        "Share of activities, pro-rated by their priority-area percentages; black mark: planned "
        "share ({plan})",
        "Tỷ trọng hoạt động, phân bổ theo tỷ lệ phần trăm lĩnh vực ưu tiên của từng hoạt động; "
        "vạch đen: tỷ trọng theo kế hoạch ({plan})",
    ),
    "cov_sub_noplan": (
        "Share of activities, pro-rated by their priority-area percentages; no plan to compare",
        "Tỷ trọng hoạt động, phân bổ theo tỷ lệ phần trăm lĩnh vực ưu tiên của từng hoạt động; "
        "không có kế hoạch để so sánh",
    ),
    "work_plan": ("work plan", "kế hoạch công tác"),
    "below_plan": ("Below plan", "Thấp hơn kế hoạch"),
    "at_plan": ("At or above plan", "Đạt hoặc vượt kế hoạch"),
    "actual_share": ("Share of activities", "Tỷ trọng hoạt động"),
    "planned_share": ("Planned share", "Tỷ trọng theo kế hoạch"),
    "plan_short": ("plan", "kế hoạch"),
    # chart 7
    "score_title": (
        "Proactiveness index of organisations, {span}",
        "Chỉ số chủ động của các tổ chức, {span}",
    ),
    "score_sub": (
        "Composite of activities, participants, substantive share, resources disbursed, new "
        "partners and follow-up, each scaled 0–1 across the organisations and weighted",
        "Chỉ số tổng hợp từ số hoạt động, lượt người tham gia, tỷ trọng hoạt động thực chất, "
        "nguồn lực đã giải ngân, đối tác mới và hoạt động tiếp nối, mỗi tiêu chí quy về thang "
        "0–1 giữa các tổ chức và có trọng số",
    ),
    "score_disparity": (
        "Disparity across {n} organisations: Gini {gini}, coefficient of variation {cv}",
        "Mức chênh lệch giữa {n} tổ chức: hệ số Gini {gini}, hệ số biến thiên {cv}",
    ),
    "score_top": ("the top {shown} shown", "hiển thị {shown} tổ chức đứng đầu"),
    "index_axis": ("Index (0–1)", "Chỉ số (0–1)"),
    # chart 8
    "att_title": (
        "Target attainment by indicator, {span}",
        "Mức độ đạt chỉ tiêu theo chỉ số, {span}",
    ),
    "att_sub": (
        "Progress from baseline towards target (100% = target met): ✓ on track ≥ {on}, ! at "
        "risk ≥ {risk}, ✗ off track below",
        "Tiến độ từ giá trị cơ sở đến chỉ tiêu (100% = đạt chỉ tiêu): ✓ đúng tiến độ ≥ {on}, "
        "! có nguy cơ ≥ {risk}, ✗ chậm tiến độ nếu thấp hơn",
    ),
    "on track": ("On track", "Đúng tiến độ"),
    "at risk": ("At risk", "Có nguy cơ"),
    "off track": ("Off track", "Chậm tiến độ"),
    "no data": ("No data", "Chưa có số liệu"),
    "qualitative": ("Qualitative", "Định tính"),
    # chart 9
    "conc_title": (
        "Concentration of resources across {over}, {span}",
        "Mức độ tập trung nguồn lực theo {over}, {span}",
    ),
    "conc_sub": (
        "Herfindahl–Hirschman index (HHI) of {stage} resources; in brackets: the equivalent "
        "number of equal {over} (1/HHI)",
        "Chỉ số Herfindahl–Hirschman (HHI) của nguồn lực {stage}; trong ngoặc: số {over} "
        "tương đương có quy mô bằng nhau (1/HHI)",
    ),
    "partners": ("partners", "đối tác"),
    "countries": ("countries", "quốc gia"),
    "band_low": ("Unconcentrated\n(below 0.15)", "Không tập trung\n(dưới 0,15)"),
    "band_moderate": ("Moderate\nconcentration\n(0.15–0.25)", "Tập trung vừa\n(0,15–0,25)"),
    "band_high": ("High\nconcentration\n(above 0.25)", "Tập trung cao\n(trên 0,25)"),
    # shared
    "year": ("year", "năm"),
    "quarter": ("quarter", "quý"),
    "month": ("month", "tháng"),
    "no_data_chart": ("No data for this chart", "Không có dữ liệu cho biểu đồ này"),
    "all_years": ("all years", "tất cả các năm"),
    "none": ("(none)", "(không có)"),
}
"""UI strings: key → (English, Vietnamese)."""

_DIMENSION_NAMES: dict[str, tuple[str, str]] = {
    "organisation": ("organisation", "tổ chức"),
    "level": ("organisation level", "cấp tổ chức"),
    "parent": ("parent organisation", "tổ chức cấp trên"),
    "org_province": ("province of the organisation", "tỉnh/thành phố của tổ chức"),
    "kind": ("kind of activity", "loại hoạt động"),
    "modality": ("modality", "hình thức tổ chức"),
    "status": ("status", "trạng thái"),
    "province": ("province", "tỉnh/thành phố"),
    "country": ("partner country", "quốc gia đối tác"),
    "priority_area": ("priority area", "lĩnh vực ưu tiên"),
    "country_group": ("country group", "nhóm quốc gia"),
    "partner": ("partner", "đối tác"),
    "partner_type": ("partner type", "loại đối tác"),
    "sdg": ("Sustainable Development Goal", "Mục tiêu phát triển bền vững"),
}

_VOCABULARY_OF: dict[str, type[Vocabulary]] = {
    "level": OrganisationLevel,
    "kind": ActivityKind,
    "modality": Modality,
    "status": ActivityStatus,
    "priority_area": PriorityArea,
    "partner_type": PartnerType,
    "country_group": CountryGroup,
    "stage": FlowStage,
    "form": FlowForm,
}


def _t(key: str, lang: Lang, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``values`` filled in."""
    en, vi = _TEXT[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text


def _dimension_name(dimension: str, lang: Lang) -> str:
    en, vi = _DIMENSION_NAMES.get(dimension, (dimension, dimension))
    return vi if lang == "vi" else en


def _category_label(dimension: str, code: object, lang: Lang) -> str:
    """A code of ``dimension`` as a label in ``lang`` (vocabulary, country name or as is)."""
    text = str(code)
    if text == NONE or text in ("nan", "<NA>", "None"):
        return _t("none", lang)
    vocabulary = _VOCABULARY_OF.get(dimension)
    if vocabulary is not None:
        try:
            return vocabulary(text).label(lang)
        except ValueError:
            return text
    if dimension == "sdg":
        try:
            goal = Sdg(text)
        except ValueError:
            return text
        prefix = "Mục tiêu" if lang == "vi" else "SDG"
        return f"{prefix} {goal.value}: {goal.label(lang)}"
    if dimension == "country":
        try:
            return default_reference().country_name(text, lang)
        except UnknownCountryError:
            return text
    return text


# -- numbers ------------------------------------------------------------------------------------


def _number(value: float, lang: Lang, decimals: int = 0) -> str:
    """``value`` with thousands separators: ``1,234.5`` (en) or ``1.234,5`` (vi)."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−")


def _percent(value: float, lang: Lang, decimals: int = 0) -> str:
    """A share (0.45) as a percentage (``45%``)."""
    if not math.isfinite(value):
        return "–"
    return f"{_number(100 * value, lang, decimals)}%"


def _formatter(function: Callable[[float], str]) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _position: function(float(value)))


# -- figure scaffolding -------------------------------------------------------------------------


def _figure(width: float = 10.0, height: float = 6.0) -> Figure:
    """A figure on its own Agg canvas (no pyplot), with constrained layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _fit_lines(text: str, size: float, weight: str, inches: float) -> list[str]:
    """Greedy word wrap of ``text`` to ``inches``, measured on the font's glyphs."""
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties(size=size, weight=weight)))  # one per thread
    font.set_size(size, 72)  # 72 dpi: widths in points
    limit = inches * 72.0 * 0.97  # a little room for rounding

    def width(line: str) -> float:
        font.set_text(line, 0.0, flags=LoadFlags.NO_HINTING)
        return float(font.get_width_height()[0]) / 64.0

    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}") <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _titles(fig: Figure, title: str, subtitle: str = "") -> None:
    """Write the title and the subtitle, wrapped to the figure, in a band above the axes."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    width, height = fig.get_size_inches()
    margin = 0.14
    usable = width - 2 * margin
    title_lines = _fit_lines(title, _TITLE_SIZE, "bold", usable)
    top = 0.14
    fig.text(
        margin / width,
        1 - top / height,
        "\n".join(title_lines),
        ha="left",
        va="top",
        fontsize=_TITLE_SIZE,
        fontweight="bold",
        color=INK,
    )
    below = top + 0.29 * len(title_lines) + 0.1
    lines = _fit_lines(subtitle, _SUBTITLE_SIZE, "normal", usable) if subtitle else []
    if lines:
        fig.text(
            margin / width,
            1 - below / height,
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=_SUBTITLE_SIZE,
            color=MUTED,
            linespacing=1.35,
        )
        below += 0.205 * len(lines)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, 0.0, 1.0, 1 - (below + 0.12) / height))


def _plain(text: object) -> str:
    """User text shown literally (a ``$`` would otherwise start mathtext)."""
    return str(text).replace("$", r"\$")


def _point_labels(ax: Axes, x: np.ndarray, y: np.ndarray, texts: Sequence[str]) -> None:
    """Label points above, or below where the point is lower than its neighbours."""
    for i, (xi, yi, text) in enumerate(zip(x, y, texts, strict=True)):
        if not math.isfinite(float(yi)):
            continue
        neighbours = [float(y[j]) for j in (i - 1, i + 1) if 0 <= j < len(y)]
        neighbours = [v for v in neighbours if math.isfinite(v)]
        below = bool(neighbours) and all(float(yi) < v for v in neighbours)
        ax.annotate(
            text,
            (float(xi), float(yi)),
            xytext=(0, -9 if below else 9),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=_LABEL_SIZE,
            color=INK,
            fontweight="bold",
            zorder=5,
        )


def _style(ax: Axes, *, grid: Literal["x", "y"] | None = "y") -> None:
    """Remove chart junk: no top/right frame, light grid on the value axis only."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.tick_params(labelsize=_TICK_SIZE, colors=INK, length=3, color=GREY)
    if grid is not None:
        ax.grid(axis=grid, color="#E3E3E3", linewidth=0.8)
        ax.set_axisbelow(True)
    else:
        ax.grid(False)


def _no_data(ax: Axes, lang: Lang) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        _t("no_data_chart", lang),
        ha="center",
        va="center",
        fontsize=_PANEL_SIZE + 2,
        color=MUTED,
        transform=ax.transAxes,
    )


def _legend(ax: Axes, handles: Sequence[Any], labels: Sequence[str], columns: int) -> None:
    """A frameless legend in one band just above the axes."""
    ax.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=columns,
        frameon=False,
        fontsize=_LEGEND_SIZE,
        handlelength=1.6,
        columnspacing=1.4,
        borderaxespad=0.2,
    )


# -- periods ------------------------------------------------------------------------------------


def _period_keys(values: pd.Series, by: str) -> list[str]:
    """Sorted periods of ``values`` with the gaps between first and last filled in."""
    text = values.astype("str")
    text = text[~text.isin([NONE, "nan", "<NA>", "None", "NaT"])]
    if text.empty:
        return []
    if by == "year":
        years = pd.to_numeric(text, errors="coerce").dropna().astype(int)
        if years.empty:
            return []
        return [str(y) for y in range(int(years.min()), int(years.max()) + 1)]
    if by in ("quarter", "month"):
        periods = pd.PeriodIndex(text.unique(), freq="Q" if by == "quarter" else "M")
        return [str(p) for p in pd.period_range(periods.min(), periods.max(), freq=periods.freq)]
    return sorted(text.unique())


def _period_column(values: pd.Series, by: str) -> pd.Series:
    """Period values as the strings :func:`_period_keys` returns (``2025``, not ``2025.0``)."""
    if by == "year":
        years = pd.to_numeric(values.astype("str"), errors="coerce")
        return years.map(lambda y: str(int(y)) if pd.notna(y) else NONE)
    return values.astype("str")


def _period_label(key: str, by: str, lang: Lang) -> str:
    if by == "quarter" and "Q" in key:
        year, quarter = key.split("Q")
        return f"Q{quarter}/{year}" if lang == "vi" else f"{year} Q{quarter}"
    if by == "month" and "-" in key:
        year, month = key.split("-")[:2]
        return f"{month}/{year}"
    return key


def _span(keys: Sequence[str], by: str, lang: Lang) -> str:
    if not keys:
        return _t("all_years", lang)
    first, last = _period_label(keys[0], by, lang), _period_label(keys[-1], by, lang)
    return first if first == last else f"{first}–{last}"


def _period_name(by: str, lang: Lang) -> str:
    return _t(by, lang) if by in ("year", "quarter", "month") else _dimension_name(by, lang)


def _time_ticks(ax: Axes, keys: Sequence[str], by: str, lang: Lang) -> None:
    """Ticks at every period; labels thinned to about twelve."""
    step = max(1, math.ceil(len(keys) / 12))
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels(
        [_period_label(k, by, lang) if i % step == 0 else "" for i, k in enumerate(keys)]
    )
    ax.set_xlim(-0.6, len(keys) - 0.4)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


# -- 1. activity trend --------------------------------------------------------------------------


def activity_trend(
    volume_frame: pd.DataFrame,
    by: str = "year",
    *,
    split: str | None = None,
    max_groups: int = 7,
    lang: Lang = "en",
) -> Figure:
    """Trend of activities (top panel) and participants (bottom panel) over time.

    One line for the total, or one line per group of ``split`` (e.g. organisation level,
    labelled in ``lang``); periods with no activities count as zero, so gaps show as dips.

    Args:
        volume_frame: :func:`ppd_core.metrics.volume` grouped by ``[by]`` or ``[by, split]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        split: A second dimension in the frame to draw one line per group.
        max_groups: Draw at most this many groups (the largest by activities).
        lang: Language of every text.

    Returns:
        The figure (two panels sharing the time axis).
    """
    frame = volume_frame.assign(_period=_period_column(volume_frame[by], by))
    keys = _period_keys(frame["_period"], by)
    fig = _figure(10.0, 7.5)
    top, bottom = fig.subplots(2, 1, sharex=True)
    subtitle = _t("trend_sub", lang, period=_period_name(by, lang))
    if split is not None:
        subtitle += ". " + _t("split_by", lang, dimension=_dimension_name(split, lang))
    if not keys:
        _titles(fig, _t("trend_title", lang, period=_period_name(by, lang), span="–"), subtitle)
        _no_data(top, lang)
        _no_data(bottom, lang)
        return fig
    lines: list[tuple[str, pd.DataFrame]]
    if split is None:
        lines = [("", frame)]
    else:
        sizes = frame.groupby(frame[split].astype("str"))["activities"].sum()
        order = sizes.sort_values(ascending=False, kind="stable").index
        lines = [(str(g), frame[frame[split].astype("str") == g]) for g in order[:max_groups]]
        if len(order) > max_groups:
            subtitle += " (" + _t("top_groups", lang, shown=max_groups, total=len(order)) + ")"
    x = np.arange(len(keys))
    for i, (group, part) in enumerate(lines):
        colour = PALETTE[i % len(PALETTE)]
        label = _category_label(split, group, lang) if split else None
        per = part.groupby("_period")[["activities", "participants"]].sum().reindex(keys)
        for ax, column in ((top, "activities"), (bottom, "participants")):
            y = per[column].fillna(0.0).to_numpy(dtype="float64")
            ax.plot(x, y, marker="o", linewidth=2.4, markersize=6, color=colour, label=label)
            if split is None and len(keys) <= 12:
                _point_labels(ax, x, y, [_number(float(v), lang) for v in y])
    for ax, key in ((top, "activities"), (bottom, "participants")):
        _style(ax)
        ax.set_title(_t(key, lang), loc="left", fontsize=_PANEL_SIZE, fontweight="bold", color=INK)
        ax.set_ylim(bottom=0)
        ax.margins(y=0.18)
        ax.yaxis.set_major_formatter(_formatter(lambda v: _number(v, lang)))
    _time_ticks(bottom, keys, by, lang)
    if split is not None:
        top.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=_LEGEND_SIZE,
            title=_dimension_name(split, lang).capitalize(),
            title_fontsize=_LEGEND_SIZE,
        )
    span = _span(keys, by, lang)
    _titles(fig, _t("trend_title", lang, period=_period_name(by, lang), span=span), subtitle)
    return fig


# -- 2. substantive vs ceremonial ---------------------------------------------------------------


def substantive_trend(
    substantive_share_frame: pd.DataFrame, by: str = "year", *, lang: Lang = "en"
) -> Figure:
    """Share of substantive against ceremonial activities per period, as 100 % stacked bars.

    Each bar splits the period's activities into substantive (evidence of results: an
    agreement, resources, an output or a follow-up) and ceremonial, with both percentages
    written on the bar and the number of activities above it.

    Args:
        substantive_share_frame: :func:`ppd_core.metrics.substantive_share` grouped by ``[by]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    frame = substantive_share_frame.assign(_period=_period_column(substantive_share_frame[by], by))
    keys = _period_keys(frame["_period"], by)
    fig = _figure(10.0, 6.2)
    ax = fig.subplots()
    span = _span(keys, by, lang)
    _titles(fig, _t("subst_title", lang, span=span), _t("subst_sub", lang))
    if not keys:
        _no_data(ax, lang)
        return fig
    per = frame.set_index("_period").reindex(keys)
    substantive = per["share_substantive"].to_numpy(dtype="float64")
    ceremonial = per["share_ceremonial"].to_numpy(dtype="float64")
    counts = per["activities"].fillna(0.0).to_numpy(dtype="float64")
    x = np.arange(len(keys))
    width = 0.62
    solid = np.nan_to_num(substantive)
    light = np.nan_to_num(ceremonial)
    ax.bar(x, solid, width, color=BLUE, label=_t("substantive", lang))
    ax.bar(x, light, width, bottom=solid, color=ORANGE, label=_t("ceremonial", lang))
    small = len(keys) <= 16
    for xi, s, c, n in zip(x, substantive, ceremonial, counts, strict=True):
        if small and math.isfinite(s):
            if s >= 0.06:
                ax.text(
                    float(xi),
                    float(s / 2),
                    _percent(float(s), lang),
                    ha="center",
                    va="center",
                    fontsize=_LABEL_SIZE + 0.5,
                    color="white",
                    fontweight="bold",
                )
            if c >= 0.06:
                ax.text(
                    float(xi),
                    float(s + c / 2),
                    _percent(float(c), lang),
                    ha="center",
                    va="center",
                    fontsize=_LABEL_SIZE + 0.5,
                    color=INK,
                )
        if small:
            ax.text(
                float(xi),
                1.015,
                f"n = {_number(float(n), lang)}",
                ha="center",
                va="bottom",
                fontsize=_LABEL_SIZE - 0.5,
                color=MUTED,
            )
    _style(ax, grid=None)
    ax.set_ylim(0, 1.07)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.yaxis.set_major_formatter(_formatter(lambda v: _percent(v, lang)))
    ax.set_ylabel(_t("share_of_activities", lang), fontsize=_TICK_SIZE, color=INK)
    _time_ticks(ax, keys, by, lang)
    handles, labels = ax.get_legend_handles_labels()
    _legend(ax, handles, labels, 2)
    return fig


# -- 3. resources by stage ----------------------------------------------------------------------


def resources_by_stage(
    resources_mobilised_frame: pd.DataFrame,
    currency: str = "USD",
    *,
    by: str = "year",
    lang: Lang = "en",
) -> Figure:
    """Resources mobilised per period as three bars — pledged, committed, disbursed.

    Within each bar, cash (solid) and in-kind (hatched) contributions are stacked, so the
    chart shows both how far pledges travel towards disbursement and in what form.

    Args:
        resources_mobilised_frame: :func:`ppd_core.metrics.resources_mobilised` grouped by
            ``[by]`` (it adds ``stage`` and ``form``).
        currency: The currency the frame was converted to (for the labels).
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch

    frame = resources_mobilised_frame.assign(
        _period=_period_column(resources_mobilised_frame[by], by)
    )
    keys = _period_keys(frame["_period"], by)
    fig = _figure(10.5, 6.2)
    ax = fig.subplots()
    span = _span(keys, by, lang)
    subtitle = _t("res_sub", lang, period=_period_name(by, lang), currency=currency)
    _titles(fig, _t("res_title", lang, span=span), subtitle)
    if not keys or not (frame["amount"].astype("float64") > 0).any():
        _no_data(ax, lang)
        return fig
    table = frame.pivot_table(
        index="_period", columns=["stage", "form"], values="amount", aggfunc="sum"
    )
    x = np.arange(len(keys))
    width = 0.27
    stages = [s.value for s in FlowStage]
    highest = 0.0
    for i, stage in enumerate(stages):
        colour = _STAGE_COLOURS[stage]
        bottom = np.zeros(len(keys))
        for form in (FlowForm.CASH.value, FlowForm.IN_KIND.value):
            column = (stage, form)
            values = (
                table[column].reindex(keys).fillna(0.0).to_numpy(dtype="float64")
                if column in table.columns
                else np.zeros(len(keys))
            )
            hatched = form == FlowForm.IN_KIND.value
            ax.bar(
                x + (i - 1) * (width + 0.02),
                values,
                width,
                bottom=bottom,
                color=colour,
                hatch="///" if hatched else None,
                edgecolor="white",
                hatchcolor="white" if hatched else None,
                linewidth=0.6,
            )
            bottom += values
        highest = max(highest, float(bottom.max()))
    _style(ax)
    ax.set_ylim(0, highest * 1.06)  # stacked bars stick the autoscale to their tops
    ax.yaxis.set_major_formatter(_formatter(lambda v: _number(v, lang)))
    ax.set_ylabel(_t("amount", lang, currency=currency), fontsize=_TICK_SIZE, color=INK)
    _time_ticks(ax, keys, by, lang)
    handles = [Patch(facecolor=_STAGE_COLOURS[s]) for s in stages] + [
        Patch(facecolor=GREY, edgecolor="white"),
        Patch(facecolor=GREY, edgecolor="white", hatch="///", hatchcolor="white"),
    ]
    labels = [FlowStage(s).label(lang) for s in stages] + [
        FlowForm.CASH.label(lang),
        FlowForm.IN_KIND.label(lang),
    ]
    _legend(ax, handles, labels, 5)
    return fig


# -- 4. partner dynamics ------------------------------------------------------------------------


def partner_dynamics_chart(partner_dynamics_frame: pd.DataFrame, *, lang: Lang = "en") -> Figure:
    """New, retained and lapsed partners per year (bars) under the retention rate (line).

    Two panels share the years: the retention rate on top, the counts of new, retained and
    lapsed partners below, each labelled with its value.

    Args:
        partner_dynamics_frame: :func:`ppd_core.metrics.partner_dynamics`, ungrouped (or
            filtered to one group).
        lang: Language of every text.

    Returns:
        The figure.

    Raises:
        ValueError: if the frame holds several groups (e.g. several organisations).
    """
    from matplotlib.patches import Patch

    frame = partner_dynamics_frame
    extra = [c for c in ("organisation", "level", "parent") if c in frame.columns]
    if extra and len(frame[extra].drop_duplicates()) > 1:
        raise ValueError(
            f"partner_dynamics_chart draws one group; filter the frame on {extra} first"
        )
    frame = frame.assign(_period=_period_column(frame["year"], "year"))
    keys = _period_keys(frame["_period"], "year")
    fig = _figure(10.0, 7.0)
    rate_ax, ax = fig.subplots(2, 1, sharex=True, height_ratios=[1.0, 2.4])
    _titles(fig, _t("dyn_title", lang, span=_span(keys, "year", lang)), _t("dyn_sub", lang))
    if not keys:
        _no_data(rate_ax, lang)
        _no_data(ax, lang)
        return fig
    per = frame.set_index("_period").reindex(keys)
    x = np.arange(len(keys))
    rate = per["retention_rate"].to_numpy(dtype="float64")
    rate_ax.plot(x, rate, color=INK, marker="o", linewidth=2.2, markersize=6)
    _point_labels(rate_ax, x, rate, [_percent(float(r), lang) for r in rate])
    _style(rate_ax)
    rate_ax.set_ylim(0, 1.18)
    rate_ax.set_yticks([0, 0.5, 1.0])
    rate_ax.yaxis.set_major_formatter(_formatter(lambda v: _percent(v, lang)))
    rate_ax.set_title(
        _t("retention_rate", lang), loc="left", fontsize=_PANEL_SIZE, fontweight="bold", color=INK
    )
    width = 0.26
    series = (("new", GREEN), ("retained", BLUE), ("lapsed", VERMILLION))
    for i, (column, colour) in enumerate(series):
        values = per[column].fillna(0).to_numpy(dtype="float64")
        offset = (i - 1) * (width + 0.02)
        ax.bar(x + offset, values, width, color=colour)
        if len(keys) <= 10:
            for xi, v in zip(x, values, strict=True):
                ax.text(
                    float(xi + offset),
                    float(v),
                    _number(float(v), lang),
                    ha="center",
                    va="bottom",
                    fontsize=_LABEL_SIZE - 0.5,
                    color=INK,
                )
    _style(ax)
    ax.margins(y=0.1)
    ax.yaxis.set_major_formatter(_formatter(lambda v: _number(v, lang)))
    ax.set_title(
        _t("partners_axis", lang), loc="left", fontsize=_PANEL_SIZE, fontweight="bold", color=INK
    )
    _time_ticks(ax, keys, "year", lang)
    ax.legend(
        [Patch(facecolor=c) for _, c in series],
        [_t(k, lang) for k, _ in series],
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=3,
        frameon=False,
        fontsize=_LEGEND_SIZE,
        borderaxespad=0.1,
    )
    return fig


# -- 5. partner network -------------------------------------------------------------------------


def partner_network_chart(
    graph: Any,
    critical: pd.DataFrame | None = None,
    *,
    max_partners: int = 60,
    max_organisations: int = 40,
    organisation_labels: Mapping[str, str] | None = None,
    partner_labels: Mapping[str, str] | None = None,
    period: str | None = None,
    seed: int = 7,
    lang: Lang = "en",
) -> Figure:
    """The network of organisations (blue squares) and partners (orange circles).

    An edge is at least one joint activity; node size grows with the number of links. The
    partners listed in ``critical`` are drawn in red and labelled, and every organisation is
    labelled; labels are placed where they overlap least. The layout is a spring layout with
    a fixed seed, so the same graph always gives the same picture. Big graphs are cut to the
    partners (and then the organisations) with most links; the subtitle says so.

    Args:
        graph: :func:`ppd_core.metrics.partner_graph` (nodes ``("org", id)`` and
            ``("partner", id)``).
        critical: :func:`ppd_core.metrics.critical_partners` (its ``partner`` column): the
            partners to highlight; ``None`` highlights none.
        max_partners: Draw at most this many partners (most links first).
        max_organisations: Draw at most this many organisations (most links first).
        organisation_labels: Display names by organisation id (default: the ids).
        partner_labels: Display names by partner id (default: the ids).
        period: What period the graph covers, for the title (default: all years).
        seed: Seed of the layout.
        lang: Language of every text.

    Returns:
        The figure.
    """
    import networkx as nx
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    if max_partners + max_organisations >= 500:
        raise ValueError("draw fewer than 500 nodes: lower max_partners or max_organisations")
    orgs_all = [n for n in graph.nodes if n[0] == "org"]
    partners_all = [n for n in graph.nodes if n[0] == "partner"]
    degree: dict[Any, int] = dict(graph.degree())

    def most_linked(nodes: list[Any], limit: int) -> list[Any]:
        ranked = sorted(nodes, key=lambda n: (-degree[n], str(n[1])))
        return ranked[: max(0, limit)]

    partners = most_linked(partners_all, max_partners)
    linked = {m for p in partners for m in graph.neighbors(p)}
    orgs = most_linked([o for o in orgs_all if o in linked], max_organisations)
    cut = len(partners) < len(partners_all) or len(orgs) < len(orgs_all)
    kept = graph.subgraph([*orgs, *partners])
    nodes = sorted((n for n in kept.nodes if kept.degree(n) > 0), key=lambda n: (n[0], str(n[1])))
    highlighted = (
        {str(p) for p in critical["partner"]} if critical is not None and len(critical) else set()
    )
    fig = _figure(11.0, 9.5)
    ax = fig.subplots()
    subtitle = _t(
        "net_sub",
        lang,
        orgs=_number(sum(1 for n in nodes if n[0] == "org"), lang),
        partners=_number(sum(1 for n in nodes if n[0] == "partner"), lang),
    )
    if highlighted:
        subtitle += "; " + _t("net_critical", lang)
    if cut:
        subtitle += "; " + _t(
            "net_cut",
            lang,
            partners=_number(len(partners), lang),
            orgs=_number(len(orgs), lang),
            all_p=_number(len(partners_all), lang),
            all_o=_number(len(orgs_all), lang),
        )
    _titles(fig, _t("net_title", lang, span=period or _t("all_years", lang)), subtitle)
    if not nodes:
        _no_data(ax, lang)
        return fig
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(
        sorted(kept.subgraph(nodes).edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    )
    spacing = 4.0 / math.sqrt(ordered.number_of_nodes())
    pos = nx.spring_layout(ordered, k=spacing, iterations=300, seed=seed, weight=None)
    xy = {n: np.asarray(pos[n], dtype="float64") for n in nodes}
    widths = [
        0.6 + 0.6 * math.log1p(float(d.get("weight", 1))) for _, _, d in ordered.edges(data=True)
    ]
    ax.add_collection(
        LineCollection(
            [[xy[a], xy[b]] for a, b in ordered.edges],
            colors="#BDBDBD",
            alpha=min(1.0, max(0.2, 200 / max(1, ordered.number_of_edges()))),
            linewidths=widths,
            zorder=1,
        )
    )
    top_degree = max(degree[n] for n in nodes)

    def area(n: Any) -> float:
        return 40.0 + 520.0 * math.sqrt(degree[n] / top_degree)

    groups = (
        ([n for n in nodes if n[0] == "org"], "s", BLUE, "white", 0.8),
        (
            [n for n in nodes if n[0] == "partner" and str(n[1]) not in highlighted],
            "o",
            ORANGE,
            "white",
            0.8,
        ),
        (
            [n for n in nodes if n[0] == "partner" and str(n[1]) in highlighted],
            "o",
            VERMILLION,
            INK,
            1.4,
        ),
    )
    for members, marker, colour, edge, line in groups:
        if members:
            points = np.array([xy[n] for n in members])
            ax.scatter(
                points[:, 0],
                points[:, 1],
                s=[area(n) for n in members],
                marker=marker,
                c=colour,
                edgecolors=edge,
                linewidths=line,
                zorder=3,
            )
    every = np.array(list(xy.values()))
    low, high = every.min(axis=0), every.max(axis=0)
    pad = (high - low) * 0.06 + 0.05
    ax.set_xlim(float(low[0] - pad[0]), float(high[0] + pad[0]))
    ax.set_ylim(float(low[1] - pad[1]), float(high[1] + pad[1]))
    ax.set_axis_off()
    handles = [
        Line2D([], [], marker="s", linestyle="", markersize=10, color=BLUE),
        Line2D([], [], marker="o", linestyle="", markersize=10, color=ORANGE),
    ]
    names = [_t("organisation", lang), _t("partner", lang)]
    if highlighted:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=10,
                color=VERMILLION,
                markeredgecolor=INK,
            )
        )
        names.append(_t("critical", lang))
    _legend(ax, handles, names, 3)
    org_names = organisation_labels or {}
    partner_names = partner_labels or {}
    labelled = [n for n in nodes if n[0] == "partner" and str(n[1]) in highlighted]
    labelled += sorted((n for n in nodes if n[0] == "org"), key=lambda n: -degree[n])
    texts = {
        n: _plain(org_names.get(str(n[1]), str(n[1])))
        if n[0] == "org"
        else _wrap(_plain(partner_names.get(str(n[1]), str(n[1]))), 26)
        for n in labelled
    }
    _place_labels(fig, ax, xy, area, labelled, texts)
    return fig


_Rect = tuple[float, float, float, float]
_HAlign = Literal["left", "center", "right"]
_VAlign = Literal["bottom", "center", "top"]
_DIAGONAL = math.sqrt(0.5)
_SPOTS: tuple[tuple[float, float, _HAlign, _VAlign], ...] = (
    (1.0, 0.0, "left", "center"),
    (_DIAGONAL, _DIAGONAL, "left", "bottom"),
    (0.0, 1.0, "center", "bottom"),
    (-_DIAGONAL, _DIAGONAL, "right", "bottom"),
    (-1.0, 0.0, "right", "center"),
    (-_DIAGONAL, -_DIAGONAL, "right", "top"),
    (0.0, -1.0, "center", "top"),
    (_DIAGONAL, -_DIAGONAL, "left", "top"),
)
"""Where a label may go around its node: direction and the matching text alignment."""


def _overlap(a: _Rect, b: _Rect) -> float:
    """Area shared by two rectangles (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(
    fig: Figure,
    ax: Axes,
    xy: Mapping[Any, np.ndarray],
    area: Callable[[Any], float],
    labelled: Sequence[Any],
    texts: Mapping[Any, str],
) -> None:
    """Annotate nodes, each label at the spot (of 16 around its node) that overlaps least.

    The cost of a spot is its overlap with labels already placed (weighted 4), with nodes,
    and with the outside of the axes (weighted 4); nearer spots win ties.
    """
    fig.draw_without_rendering()  # settles the layout, so display coordinates are final
    scale = fig.dpi / 72.0
    boxes: list[_Rect] = []
    for n, p in xy.items():
        (cx, cy), half = ax.transData.transform(p), math.sqrt(area(n)) / 2 * scale
        boxes.append((cx - half, cy - half, cx + half, cy + half))
    frame = ax.get_window_extent()
    placed: list[_Rect] = []

    def outside(rect: _Rect) -> float:
        x0, y0, x1, y1 = float(frame.x0), float(frame.y0), float(frame.x1), float(frame.y1)
        across = max(0.0, x0 - rect[0]) + max(0.0, rect[2] - x1)
        up = max(0.0, y0 - rect[1]) + max(0.0, rect[3] - y1)
        return across * (rect[3] - rect[1]) + up * (rect[2] - rect[0])

    for n in labelled:
        is_org = n[0] == "org"
        annotation = ax.annotate(
            texts[n],
            (float(xy[n][0]), float(xy[n][1])),
            xytext=(0.0, 0.0),
            textcoords="offset points",
            fontsize=_LABEL_SIZE - 0.5,
            fontweight="bold" if is_org else "normal",
            color="#003A5C" if is_org else "#8A3100",
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.1",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
        annotation.set_in_layout(False)
        radius = math.sqrt(area(n)) / 2 + 2.0
        scored: list[tuple[float, int, _Rect]] = []
        candidates = [(d, spot) for d in (radius, radius + 9.0) for spot in _SPOTS]
        for index, (distance, (dx, dy, ha, va)) in enumerate(candidates):
            annotation.xyann = (dx * distance, dy * distance)
            annotation.set_horizontalalignment(ha)
            annotation.set_verticalalignment(va)
            box = annotation.get_window_extent()
            rect = (box.x0 - 2, box.y0 - 2, box.x1 + 2, box.y1 + 2)
            cost = 4.0 * sum(_overlap(rect, other) for other in placed)
            cost += sum(_overlap(rect, node) for node in boxes)
            cost += 4.0 * outside(rect) + (distance - radius) * 2.0
            scored.append((cost, index, rect))
        _, best, rect = min(scored)
        distance, (dx, dy, ha, va) = candidates[best]
        annotation.xyann = (dx * distance, dy * distance)
        annotation.set_horizontalalignment(ha)
        annotation.set_verticalalignment(va)
        placed.append(rect)


# -- 6. priority coverage -----------------------------------------------------------------------


def coverage_chart(
    priority_coverage_frame: pd.DataFrame,
    *,
    period: str | None = None,
    plan_label: str | None = None,
    tolerance: float = 0.01,
    lang: Lang = "en",
) -> Figure:
    """Share of activities per priority area (bars) against the planned share (black marks).

    Areas below their planned share by more than ``tolerance`` are drawn in vermillion, the
    others in blue; each bar is labelled with its share and the plan. Areas with neither
    activities nor a planned share are kept, so neglected areas stay visible.

    Args:
        priority_coverage_frame: :func:`ppd_core.metrics.priority_coverage`.
        period: What period the activities cover, for the title (default: all years).
        plan_label: Name of the plan compared with (default: "work plan").
        tolerance: A gap smaller than this (in share points) counts as at plan.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    frame = priority_coverage_frame.copy()
    has_plan = bool(frame["planned_share"].notna().any())
    frame = frame[~((frame["priority_area"] == NONE) & ~(frame["share_activities"] > 0))]
    span = period or _t("all_years", lang)
    rows = max(1, len(frame))
    fig = _figure(10.5, 2.3 + 0.42 * rows)
    ax = fig.subplots()
    if has_plan:
        title = _t("cov_title", lang, span=span)
        subtitle = _t("cov_sub", lang, plan=plan_label or _t("work_plan", lang))
    else:
        title = _t("cov_title_noplan", lang, span=span)
        subtitle = _t("cov_sub_noplan", lang)
    _titles(fig, title, subtitle)
    actual_all = frame["share_activities"].astype("float64")
    if frame.empty or not actual_all.notna().any():
        _no_data(ax, lang)
        return fig
    frame = frame.assign(
        _plan=frame["planned_share"].astype("float64").fillna(0.0),
        _actual=actual_all.fillna(0.0),
    ).sort_values(["_plan", "_actual"], ascending=False, kind="stable")
    y = np.arange(len(frame))
    actual = frame["_actual"].to_numpy(dtype="float64")
    planned = frame["planned_share"].astype("float64").to_numpy()
    marked = np.isfinite(planned) & (planned > 0)  # areas the plan gives a weight
    below = marked & (actual < np.nan_to_num(planned) - tolerance)
    colours = [VERMILLION if b else BLUE for b in below]
    ax.barh(y, actual, height=0.62, color=colours, zorder=2)
    if has_plan:
        for yi, a, p, b in zip(y, actual, planned, below, strict=True):
            if b:
                ax.plot(
                    [a, p],
                    [yi, yi],
                    color=VERMILLION,
                    linewidth=1.2,
                    linestyle=(0, (2, 2)),
                    zorder=2,
                )
        ax.scatter(
            planned[marked], y[marked], marker="|", s=420, linewidths=3.2, color=INK, zorder=3
        )
    top = float(np.nanmax(np.concatenate([actual, np.nan_to_num(planned)])))
    for yi, a, p, m in zip(y, actual, planned, marked, strict=True):
        text = _percent(float(a), lang)
        if m:
            text += f"  ({_t('plan_short', lang)} {_percent(float(p), lang)})"
        ax.text(
            float(max(a, p) if m else a) + top * 0.025,
            float(yi),
            text,
            va="center",
            ha="left",
            fontsize=_LABEL_SIZE,
            color=INK,
        )
    labels = [
        _wrap(_category_label("priority_area", code, lang), 34) for code in frame["priority_area"]
    ]
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=_TICK_SIZE - 0.5)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.38 if top > 0 else 1.0)
    _style(ax, grid="x")
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(_formatter(lambda v: _percent(v, lang)))
    ax.set_xlabel(_t("actual_share", lang), fontsize=_TICK_SIZE, color=INK)
    if has_plan:
        handles: list[Any] = [
            Patch(facecolor=BLUE),
            Patch(facecolor=VERMILLION),
            Line2D([], [], marker="|", linestyle="", markersize=16, markeredgewidth=3, color=INK),
        ]
        names = [_t("at_plan", lang), _t("below_plan", lang), _t("planned_share", lang)]
        _legend(ax, handles, names, 3)
    return fig


# -- 7. scorecard -------------------------------------------------------------------------------


def scorecard_chart(
    scorecard_frame: pd.DataFrame,
    *,
    period: str | None = None,
    names: Mapping[str, str] | None = None,
    max_organisations: int = 30,
    lang: Lang = "en",
) -> Figure:
    """Organisations ranked by the composite proactiveness index (horizontal bars).

    The subtitle gives the disparity between the organisations compared — the Gini
    coefficient and the coefficient of variation of the index, from
    :func:`ppd_core.metrics.disparity` over the whole frame.

    Args:
        scorecard_frame: :func:`ppd_core.metrics.scorecard`.
        period: The period scored, for the title (default: all years).
        names: Display names by organisation id (default: the ids).
        max_organisations: Draw at most this many organisations (best ranked first).
        lang: Language of every text.

    Returns:
        The figure.
    """
    from ppd_core.metrics import disparity

    frame = scorecard_frame.sort_values(["rank", "organisation"], kind="stable")
    stats = disparity(frame)
    shown = frame.head(max_organisations)
    fig = _figure(10.0, 2.4 + 0.36 * max(1, len(shown)))
    ax = fig.subplots()
    subtitle = _t("score_sub", lang)
    if stats["organisations"] >= 2:
        subtitle += ". " + _t(
            "score_disparity",
            lang,
            n=_number(stats["organisations"], lang),
            gini=_number(stats["gini"], lang, 2),
            cv=_number(stats["cv"], lang, 2),
        )
    if len(shown) < len(frame):
        subtitle += " (" + _t("score_top", lang, shown=len(shown)) + ")"
    _titles(fig, _t("score_title", lang, span=period or _t("all_years", lang)), subtitle)
    if shown.empty:
        _no_data(ax, lang)
        return fig
    labelled = names or {}
    y = np.arange(len(shown))
    values = shown["index"].to_numpy(dtype="float64")
    ax.barh(y, values, height=0.66, color=BLUE, zorder=2)
    for yi, v in zip(y, values, strict=True):
        ax.text(
            float(v) + 0.01,
            float(yi),
            _number(float(v), lang, 2),
            va="center",
            ha="left",
            fontsize=_LABEL_SIZE,
            color=INK,
        )
    ax.set_yticks(y)
    ax.set_yticklabels(
        [
            f"{int(r)}. {labelled.get(str(o), str(o))}"
            for r, o in zip(shown["rank"], shown["organisation"], strict=True)
        ],
        fontsize=_TICK_SIZE - 0.5,
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    _style(ax, grid="x")
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(_formatter(lambda v: _number(v, lang, 1)))
    ax.set_xlabel(_t("index_axis", lang), fontsize=_TICK_SIZE, color=INK)
    return fig


# -- 8. target attainment -----------------------------------------------------------------------


def _period_of(start: Any, end: Any) -> str:
    """``2025`` for a calendar year, else ``03/2025–08/2025``."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if pd.isna(s):
        return NONE
    if pd.notna(e) and (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return str(s.year)
    end_text = f"{e.month:02d}/{e.year}" if pd.notna(e) else "…"
    return f"{s.month:02d}/{s.year}–{end_text}"


def attainment_chart(
    target_attainment_frame: pd.DataFrame,
    *,
    thresholds: Thresholds | None = None,
    lang: Lang = "en",
) -> Figure:
    """Traffic lights: indicators (rows) by period (columns), coloured by status.

    Green ✓ on track, amber ! at risk, red ✗ off track, grey for no data and hatched white
    for qualitative indicators; each cell shows the progress from baseline to target
    (100 % = target met). Only the aggregate rows are drawn (not disaggregations).

    Args:
        target_attainment_frame: :func:`ppd_core.metrics.target_attainment`.
        thresholds: The thresholds the statuses were computed with (for the subtitle;
            default :class:`ppd_core.metrics.Thresholds`).
        lang: Language of every text.

    Returns:
        The figure.
    """
    from matplotlib.patches import Patch, Rectangle

    from ppd_core.metrics import Thresholds

    th = thresholds or Thresholds()
    frame = target_attainment_frame
    if "dimension" in frame.columns:
        frame = frame[frame["dimension"].isna()]
    frame = frame.assign(
        _period=[
            _period_of(s, e)
            for s, e in zip(frame["period_start"], frame["period_end"], strict=True)
        ]
    )
    frame = frame[frame["_period"] != NONE]
    periods = frame.sort_values("period_start", kind="stable")["_period"].drop_duplicates().tolist()
    indicators = frame["indicator_id"].drop_duplicates().tolist()
    names = frame.drop_duplicates("indicator_id").set_index("indicator_id")["name"]
    rows, columns = max(1, len(indicators)), max(1, len(periods))
    fig = _figure(max(10.0, 4.6 + 1.05 * columns), 2.6 + 0.62 * rows)
    ax = fig.subplots()
    span = periods[0] if len(periods) == 1 else f"{periods[0]}–{periods[-1]}" if periods else "–"
    subtitle = _t("att_sub", lang, on=_percent(th.on_track, lang), risk=_percent(th.at_risk, lang))
    _titles(fig, _t("att_title", lang, span=span), subtitle)
    if frame.empty:
        _no_data(ax, lang)
        return fig
    cells = frame.drop_duplicates(["indicator_id", "_period"]).set_index(
        ["indicator_id", "_period"]
    )
    for r, indicator in enumerate(indicators):
        for c, period in enumerate(periods):
            if (indicator, period) not in cells.index:
                continue
            row = cells.loc[(indicator, period)]
            status = str(row["status"])
            face, ink, symbol = _STATUS_STYLE.get(status, _STATUS_STYLE["no data"])
            hatched = status == "qualitative"
            ax.add_patch(
                Rectangle(
                    (c + 0.04, r + 0.06),
                    0.92,
                    0.88,
                    facecolor=face,
                    edgecolor="#9A9A9A" if hatched else "white",
                    hatch="///" if hatched else None,
                    hatchcolor="#C4C4C4" if hatched else None,
                    linewidth=0.8,
                )
            )
            progress = float(row["progress"])
            if hatched:
                text = _t("qualitative", lang)
            elif math.isfinite(progress):
                text = f"{symbol} {_percent(progress, lang)}"
            else:
                text = symbol
            ax.text(
                c + 0.5,
                r + 0.5,
                text,
                ha="center",
                va="center",
                fontsize=_LABEL_SIZE + 0.5,
                color=ink,
                fontweight="bold" if not hatched else "normal",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
                if hatched
                else None,
            )
    ax.set_xlim(0, columns)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(columns) + 0.5)
    ax.set_xticklabels(periods, fontsize=_TICK_SIZE)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(rows) + 0.5)
    ax.set_yticklabels([_wrap(str(names[i]), 36) for i in indicators], fontsize=_TICK_SIZE - 1)
    ax.tick_params(length=0, colors=INK)
    for spine in ax.spines.values():
        spine.set_visible(False)
    statuses = ["on track", "at risk", "off track", "no data", "qualitative"]
    handles = [
        Patch(
            facecolor=_STATUS_STYLE[s][0],
            edgecolor="#9A9A9A" if s == "qualitative" else "white",
            hatch="///" if s == "qualitative" else None,
            hatchcolor="#C4C4C4" if s == "qualitative" else None,
        )
        for s in statuses
    ]
    labels = [f"{_STATUS_STYLE[s][2]} {_t(s, lang)}".strip() for s in statuses]
    ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=3,
        frameon=False,
        fontsize=_LEGEND_SIZE,
    )
    return fig


# -- 9. concentration ---------------------------------------------------------------------------


def concentration_chart(
    concentration_frame: pd.DataFrame,
    *,
    by: str = "year",
    over: str = "partner",
    stage: FlowStage = FlowStage.DISBURSED,
    lang: Lang = "en",
) -> Figure:
    """Concentration of resources (HHI) per period, against the usual reference bands.

    Shaded bands mark moderate (0.15–0.25) and high (above 0.25) concentration; each point is
    labelled with the HHI and, in brackets, the equivalent number of equal parties (1/HHI).

    Args:
        concentration_frame: :func:`ppd_core.metrics.concentration` grouped by ``[by]``.
        by: The time column: ``"year"``, ``"quarter"`` or ``"month"``.
        over: What the frame's concentration is over: ``"partner"`` or ``"country"``.
        stage: The flow stage the frame measured (for the subtitle).
        lang: Language of every text.

    Returns:
        The figure.
    """
    frame = concentration_frame.assign(_period=_period_column(concentration_frame[by], by))
    keys = _period_keys(frame["_period"], by)
    parties = _t("countries" if over == "country" else "partners", lang)
    stage_text = stage.label(lang).lower()
    fig = _figure(10.0, 6.0)
    ax = fig.subplots()
    _titles(
        fig,
        _t("conc_title", lang, over=parties, span=_span(keys, by, lang)),
        _t("conc_sub", lang, stage=stage_text, over=parties),
    )
    hhi = (
        frame.set_index("_period").reindex(keys)["hhi"].to_numpy(dtype="float64")
        if keys
        else np.array([])
    )
    if not np.isfinite(hhi).any():
        _no_data(ax, lang)
        return fig
    top = min(1.0, max(0.5, float(np.nanmax(hhi)) * 1.25))
    bands = (
        (0.0, 0.15, "#FFFFFF", "band_low"),
        (0.15, 0.25, "#FCEBC6", "band_moderate"),
        (0.25, top, "#F8D3BE", "band_high"),
    )
    x = np.arange(len(keys))
    for low, high, colour, key in bands:
        ax.axhspan(low, high, color=colour, zorder=0, linewidth=0)
        ax.text(
            1.012,
            (low + high) / 2,
            _t(key, lang),
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=_LABEL_SIZE,
            color=MUTED,
            linespacing=1.25,
        )
    for level in (0.15, 0.25):
        ax.axhline(level, color=GREY, linewidth=0.8, linestyle=(0, (4, 3)), zorder=1)
    ax.plot(x, hhi, color=BLUE, marker="o", linewidth=2.6, markersize=7, zorder=3)
    equivalent = frame.set_index("_period").reindex(keys)["equivalent_parties"]
    texts = [
        f"{_number(float(h), lang, 2)} (≈{_number(float(e), lang, 1)})"
        for h, e in zip(hhi, equivalent.to_numpy(dtype="float64"), strict=True)
    ]
    _point_labels(ax, x, hhi, texts)
    _style(ax, grid=None)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(_formatter(lambda v: _number(v, lang, 2)))
    ax.set_ylabel("HHI", fontsize=_TICK_SIZE, color=INK)
    _time_ticks(ax, keys, by, lang)
    return fig


# -- files --------------------------------------------------------------------------------------


def work_plan_timeline(
    plan: WorkPlan, workload: pd.DataFrame | None = None, *, lang: Lang = "en"
) -> Figure:
    """A Gantt-style timeline of a work plan, with its monthly workload underneath.

    Each planned activity is a bar from its start to its end (activities without dates span
    the year, hatched), coloured by its priority area; the lower panel shows the staff-days per
    month from :func:`ppd_core.planning.monthly_workload` (and the capacity when known).

    Args:
        plan: The work plan (e.g. from :func:`ppd_core.planning.work_plan_from`).
        workload: :func:`ppd_core.planning.monthly_workload` of the same plan, or ``None``.
        lang: Language of every text.

    Returns:
        The figure.
    """
    from datetime import date as day

    items = list(plan.planned_activities)
    rows = max(1, len(items))
    fig = _figure(11.0, 2.5 + 0.32 * rows + (2.4 if workload is not None else 0.0))
    if workload is not None:
        ax, low = fig.subplots(2, 1, height_ratios=[max(2.0, 0.32 * rows), 2.2])
    else:
        ax, low = fig.subplots(), None
    _titles(fig, _t("gantt_title", lang, year=plan.year), _t("gantt_sub", lang, n=len(items)))
    if not items:
        _no_data(ax, lang)
        return fig
    areas = sorted({i.priority_area.value for i in items if i.priority_area is not None})
    colour = {a: PALETTE[k % len(PALETTE)] for k, a in enumerate(areas)}
    year_start, year_end = day(plan.year, 1, 1), day(plan.year, 12, 31)
    for k, item in enumerate(reversed(items)):
        start, end = item.start or year_start, item.end or item.start or year_end
        dated = item.start is not None
        area = item.priority_area.value if item.priority_area is not None else None
        ax.barh(
            k,
            (end - start).days + 1,
            left=start.toordinal(),
            height=0.6,
            color=colour.get(area or "", GREY),
            hatch=None if dated else "//",
            edgecolor="white",
        )
    labels = [_shorten(i.title, 48) for i in reversed(items)]
    ax.set_yticks(range(len(items)), labels, fontsize=8)
    ticks = [day(plan.year, m, 1).toordinal() for m in range(1, 13)]
    ax.set_xticks(ticks, [str(m) for m in range(1, 13)])
    ax.set_xlim(year_start.toordinal(), year_end.toordinal() + 1)
    ax.set_xlabel(_t("month", lang).capitalize())
    for area in areas:
        ax.bar(0, 0, color=colour[area], label=PriorityArea(area).label(lang))
    if areas:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 if low is None else -0.18),
            ncol=min(3, len(areas)),
            frameon=False,
            fontsize=8,
        )
    if low is not None and workload is not None:
        low.bar(workload["month"], workload["staff_days"], color=BLUE)
        if "capacity" in workload and workload["capacity"].notna().any():
            low.step(workload["month"], workload["capacity"], where="mid", color=VERMILLION)
        low.set_xticks(range(1, 13))
        low.set_xlabel(_t("month", lang).capitalize())
        low.set_ylabel(_t("staff_days", lang))
    return fig


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def save(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG (150 dpi) or SVG, chosen by the file's extension.

    Args:
        fig: A chart from this module.
        path: Where to write; the extension must be ``.png`` or ``.svg``. Missing parent
            directories are created.

    Returns:
        The path written.

    Raises:
        ValueError: for any other extension.
    """
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise ValueError(f"save writes .png or .svg files, not {target.suffix or 'no extension'!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(target, format=kind, dpi=150, facecolor="white")
    return target


# -- all charts ---------------------------------------------------------------------------------


def _until(an: Analysis, year: int) -> Analysis:
    """The Analysis of the activities starting in or before ``year`` (and their links)."""
    from ppd_core.metrics import Analysis

    years = an.activities["year"]
    keep = (years.isna() | (years <= year)).to_numpy(dtype=bool)
    frames = dict(an.frames)
    frames["activities"] = frames["activities"][keep].reset_index(drop=True)
    ids = set(frames["activities"]["id"])
    for name, frame in an.frames.items():
        if name != "activities" and "activity_id" in frame.columns:
            frames[name] = frame[frame["activity_id"].isin(ids)].reset_index(drop=True)
    return Analysis(frames, an.reference)


def _up_to(frame: pd.DataFrame, year: int | None, column: str = "year") -> pd.DataFrame:
    if year is None:
        return frame
    years = pd.to_numeric(frame[column].astype("str"), errors="coerce")
    return frame[(years <= year).fillna(False).to_numpy(dtype=bool)]


def _plan_of(frames: Mapping[str, pd.DataFrame], year: int) -> tuple[str | None, str | None]:
    """The work plan of ``year``: the top organisation's if several (id, title)."""
    plans = frames["work_plans"]
    plans = plans[pd.to_numeric(plans["year"], errors="coerce") == year]
    if plans.empty:
        return None, None
    orgs = frames["organisations"].drop_duplicates("id").set_index("id")
    is_top = plans["organisation_id"].map(orgs["parent_id"]).isna().to_numpy(dtype=bool)
    ranked = plans.assign(_top=~is_top).sort_values(["_top", "id"], kind="stable")
    first = ranked.iloc[0]
    return str(first["id"]), str(first["title"])


def standard_charts(
    data: Dataset | Mapping[str, pd.DataFrame] | Analysis,
    *,
    year: int | None = None,
    lang: Lang = "en",
    currency: str = "USD",
    plan: str | None = None,
    max_partners: int = 60,
) -> dict[str, Figure]:
    """Compute every measure with :mod:`ppd_core.metrics` and draw the nine standard charts.

    With a ``year`` (the year under review), the trends end in that year (flows by their own
    date, activities by their start), the network leaves out activities starting later, the
    scorecard and the priority coverage are for that year, and the coverage is compared with
    that year's work plan (the top organisation's when there are several) unless ``plan``
    names one.

    Args:
        data: A Dataset, its frames or an Analysis.
        year: The year under review; ``None`` for all years.
        lang: Language of every text.
        currency: Currency of resources.
        plan: Work plan id to compare priority coverage with.
        max_partners: Largest number of partners drawn in the network chart.

    Returns:
        The charts by name, in the order of :data:`CHARTS`.
    """
    from ppd_core import metrics

    an = metrics.analysis(data)
    network = an if year is None else _until(an, year)
    frames = an.frames
    years = network.activities["year"].dropna()
    if years.empty:
        span = str(year) if year is not None else _t("all_years", lang)
    else:
        first, last = int(years.min()), int(years.max())
        span = str(first) if first == last else f"{first}–{last}"
    plan_label: str | None = None
    if plan is None and year is not None:
        plan, plan_label = _plan_of(frames, year)
    elif plan is not None:
        titles = frames["work_plans"].set_index("id")["title"]
        plan_label = str(titles.get(plan, plan))
    orgs = frames["organisations"].drop_duplicates("id")
    org_names = {
        str(i): str(s) if isinstance(s, str) and s else str(i)
        for i, s in zip(orgs["id"], orgs["short_name"], strict=True)
    }
    partners = frames["partners"].drop_duplicates("id")
    partner_names = {
        str(i): f"{n} ({_category_label('country', c, lang)})"
        if isinstance(c, str) and c
        else str(n)
        for i, n, c in zip(partners["id"], partners["name"], partners["country"], strict=True)
    }
    critical = metrics.critical_partners(network, top=None)
    cutting = critical[critical["orgs_disconnected"] > 0]
    critical = (cutting if len(cutting) else critical).head(8)
    attainment = metrics.target_attainment(an)
    if year is not None:
        starts = pd.to_datetime(attainment["period_start"]).dt.year
        attainment = attainment[(starts <= year).to_numpy(dtype=bool)]
    review = str(year) if year is not None else _t("all_years", lang)
    charts: dict[str, Figure] = {
        "activity_trend": activity_trend(_up_to(metrics.volume(an, ["year"]), year), lang=lang),
        "substantive_trend": substantive_trend(
            _up_to(metrics.substantive_share(an, ["year"]), year), lang=lang
        ),
        "resources_by_stage": resources_by_stage(
            _up_to(metrics.resources_mobilised(an, ["year"], currency=currency), year),
            currency,
            lang=lang,
        ),
        "partner_dynamics": partner_dynamics_chart(
            _up_to(metrics.partner_dynamics(an), year), lang=lang
        ),
        "partner_network": partner_network_chart(
            metrics.partner_graph(network),
            critical,
            max_partners=max_partners,
            organisation_labels=org_names,
            partner_labels=partner_names,
            period=span,
            lang=lang,
        ),
        "coverage": coverage_chart(
            metrics.priority_coverage(
                an, plan=plan, years=None if year is None else [year], currency=currency
            ),
            period=review,
            plan_label=plan_label,
            lang=lang,
        ),
        "scorecard": scorecard_chart(
            metrics.scorecard(an, year=year, currency=currency),
            period=review,
            names=org_names,
            lang=lang,
        ),
        "attainment": attainment_chart(attainment, lang=lang),
        "concentration": concentration_chart(
            _up_to(metrics.concentration(an, ["year"], currency=currency), year), lang=lang
        ),
    }
    return charts
