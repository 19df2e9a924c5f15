"""Where words go on a chart: wrapped titles, point labels, node labels that avoid each other.

Titles and subtitles are wrapped to the figure's width measured on the font's glyphs; point
labels sit above a point, or below where it is lower than its neighbours; the network's node
labels each take the spot (of sixteen around the node) that overlaps least with the labels
already placed, the nodes and the outside of the axes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ppd_core.plots.style import INK, LABEL_SIZE, MUTED, SUBTITLE_SIZE, TITLE_SIZE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["place_labels", "point_labels", "titles"]


def fit_lines(text: str, size: float, weight: str, inches: float) -> list[str]:
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


def titles(fig: Figure, title: str, subtitle: str = "") -> None:
    """Write the title and the subtitle, wrapped to the figure, in a band above the axes."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    width, height = fig.get_size_inches()
    margin = 0.14
    usable = width - 2 * margin
    below = 0.14  # inches from the top edge
    bands = (  # (text, size, weight, colour, line spacing, inches per line, space after)
        (title, TITLE_SIZE, "bold", INK, 1.2, 0.29, 0.1),
        (subtitle, SUBTITLE_SIZE, "normal", MUTED, 1.35, 0.205, 0.0),
    )
    for words, size, weight, colour, spacing, per_line, after in bands:
        lines = fit_lines(words, size, weight, usable) if words else []
        if not lines:
            continue
        fig.text(
            margin / width,
            1 - below / height,
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            color=colour,
            linespacing=spacing,
        )
        below += per_line * len(lines) + after
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, 0.0, 1.0, 1 - (below + 0.12) / height))


def plain(text: object) -> str:
    """User text shown literally (a ``$`` would otherwise start mathtext)."""
    return str(text).replace("$", r"\$")


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def point_labels(ax: Axes, x: np.ndarray, y: np.ndarray, texts: Sequence[str]) -> None:
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
            fontsize=LABEL_SIZE,
            color=INK,
            fontweight="bold",
            zorder=5,
        )


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


def place_labels(
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
            fontsize=LABEL_SIZE - 0.5,
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
