"""The look of every chart: palette, font sizes, figure scaffolding and saving.

Colours come from the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness; statuses also carry a symbol, so the charts survive grey-scale printing.
Figures are drawn on their own Agg canvas: nothing here touches ``pyplot`` or the global
``rcParams``, so charts can be drawn from several threads and on servers without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ppd_core.i18n import N_, Lang, label, text
from ppd_core.vocab import FlowStage

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PALETTE", "save"]

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

TITLE_SIZE = 15.0
SUBTITLE_SIZE = 11.0
PANEL_SIZE = 12.0
TICK_SIZE = 11.0
LABEL_SIZE = 10.0
LEGEND_SIZE = 10.5

STAGE_COLOURS = {
    FlowStage.PLEDGED.value: SKY,
    FlowStage.COMMITTED.value: BLUE,
    FlowStage.DISBURSED.value: GREEN,
}
STATUS_STYLE: dict[str, tuple[str, str, str]] = {
    # status: (face colour, text colour, symbol)
    "on track": (GREEN, "white", "✓"),
    "at risk": (ORANGE, INK, "!"),
    "off track": (VERMILLION, "white", "✗"),
    "no data": (LIGHT, INK, "–"),
    "qualitative": ("white", INK, ""),
}
STATUS_LABELS: dict[str, str] = {
    "on track": N_("On track"),
    "at risk": N_("At risk"),
    "off track": N_("Off track"),
    "no data": N_("No data"),
    "qualitative": N_("Qualitative"),
    "proposed": N_("Proposed"),
    "skipped": N_("Skipped"),
    "optimal": N_("Optimal"),
    "time limit": N_("Time limit reached"),
}
"""The statuses of targets and plans, as people read them (translate with ``text``)."""


def status_label(status: str, lang: Lang) -> str:
    """A status code (``"on track"``…) as a label in ``lang``; unknown codes as they are."""
    return label(STATUS_LABELS, status, lang)


def figure(width: float = 10.0, height: float = 6.0) -> Figure:
    """A figure on its own Agg canvas (no pyplot), with constrained layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def style(ax: Axes, *, grid: Literal["x", "y"] | None = "y") -> None:
    """Remove chart junk: no top/right frame, light grid on the value axis only."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.tick_params(labelsize=TICK_SIZE, colors=INK, length=3, color=GREY)
    if grid is not None:
        ax.grid(axis=grid, color="#E3E3E3", linewidth=0.8)
        ax.set_axisbelow(True)
    else:
        ax.grid(False)


def panel_title(ax: Axes, title: str) -> None:
    """The bold title of one panel, on the left."""
    ax.set_title(title, loc="left", fontsize=PANEL_SIZE, fontweight="bold", color=INK)


def no_data(ax: Axes, lang: Lang) -> None:
    """Say in the panel that there is nothing to draw."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        text("No data for this chart", lang),
        ha="center",
        va="center",
        fontsize=PANEL_SIZE + 2,
        color=MUTED,
        transform=ax.transAxes,
    )


def legend(ax: Axes, handles: Sequence[Any], labels: Sequence[str], columns: int) -> None:
    """A frameless legend in one band just above the axes."""
    ax.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=columns,
        frameon=False,
        fontsize=LEGEND_SIZE,
        handlelength=1.6,
        columnspacing=1.4,
        borderaxespad=0.2,
    )


def formatter(function: Callable[[float], str]) -> Any:
    """A tick formatter writing each value with ``function`` (e.g. a language's numbers)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _position: function(float(value)))


def save(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG (150 dpi) or SVG, chosen by the file's extension.

    Args:
        fig: A chart from this package.
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
