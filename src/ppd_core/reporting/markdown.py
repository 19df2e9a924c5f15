"""The review as Markdown: headings, tables and bullet lists, charts as images beside it.

Every text is escaped, so names with ``*``, ``_`` or ``|`` print as typed; each section keeps
its id as an anchor, so links to ``#targets`` work in both renderings.
"""

from __future__ import annotations

from ppd_core.i18n import text
from ppd_core.reporting.document import Block, Bullets, Chart, Paragraph, Review, Table

__all__ = ["render_markdown"]


def render_markdown(review: Review, charts_folder: str | None = None) -> str:
    """Render ``review`` as Markdown.

    Args:
        review: The review.
        charts_folder: A folder, relative to the Markdown file, holding each chart as
            ``<name>.png``: the charts are then shown as images. Without it they are listed
            by title, pointing at the HTML version.
    """
    out = [f"# {_md(review.title)}", ""]
    for p in review.intro:
        out.extend([*_block(p), ""])
    for s in review.sections:
        out.extend([f'<a id="{s.id}"></a>', "", f"## {_md(s.title)}", ""])
        charts = [b for b in s.blocks if isinstance(b, Chart)]
        for b in s.blocks:
            if isinstance(b, Chart) and charts_folder is not None:
                out.extend([f"![{_md(b.caption)}]({charts_folder}/{b.name}.png)", ""])
            elif not isinstance(b, Chart):
                out.extend([*_block(b), ""])
        if charts and charts_folder is None:
            out.extend(
                [
                    _md(
                        text(
                            "The charts are embedded in the HTML version of this review:",
                            review.lang,
                        )
                    ),
                    "",
                ]
            )
            out.extend(f"- {_md(c.caption)}" for c in charts)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(value: str) -> str:
    """Escape the characters Markdown would read as markup."""
    for ch in "\\`*_[]<>|#":
        value = value.replace(ch, "\\" + ch)
    return value


def _block(block: Block) -> list[str]:
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
