"""The document model of a review: sections of paragraphs, bullet lists, tables and charts.

A :class:`Review` holds only text and PNG bytes, already in its language; the renderers
(:mod:`ppd_core.reporting.html`, :mod:`ppd_core.reporting.markdown`) turn it into a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ppd_core.i18n import Lang

__all__ = ["SECTIONS", "Block", "Bullets", "Chart", "Paragraph", "Review", "Section", "Table"]

SECTIONS = ("headline", "findings", "targets", "measures", "plan")
"""The ids of the review's sections, in page order: the headline numbers and the highlights and
shortfalls first (the one-page summary of the printed review), then the details."""


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
    """An annual review, ready to render: every text already in its language."""

    organisation: str
    """Organisation id."""
    year: int
    """The year under review."""
    lang: Lang
    """Language of every label."""
    title: str
    """The page title."""
    intro: tuple[Paragraph, ...]
    """Introductory paragraphs."""
    sections: tuple[Section, ...]
    """The sections, in :data:`SECTIONS` order."""

    def section(self, section_id: str) -> Section:
        """Return the section with id ``section_id``.

        Raises:
            KeyError: When there is no such section.
        """
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def charts(self) -> list[Chart]:
        """Every chart of the review, in page order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def html(self) -> str:
        """Render one self-contained HTML page (inline CSS, charts as base64 PNG)."""
        from ppd_core.reporting.html import render_html

        return render_html(self)

    def markdown(self, charts_folder: str | None = None) -> str:
        """Render the review as Markdown.

        Args:
            charts_folder: A folder, relative to the Markdown file, holding each chart as
                ``<name>.png`` (what :meth:`write` does): the charts are then shown as
                images. Without it they are listed by title, pointing at the HTML version.
        """
        from ppd_core.reporting.markdown import render_markdown

        return render_markdown(self, charts_folder)

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
        for chart in self.charts():
            (charts / f"{chart.name}.png").write_bytes(chart.png)
        (target / f"{stem}.md").write_text(self.markdown(charts.name), encoding="utf-8")
        return page
