"""``ppd db import FILE --as activities``: a one-sheet register read through a column mapping.

The command shows the mapping (each header and what it feeds), how each partner name was
resolved (linked, to confirm, unknown), then saves the good activities — or, with
``--propose-mapping FILE``, only writes the mapping to edit and reuse, saving nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from ppd_core.i18n import N_, Lang, count, plural, text

if TYPE_CHECKING:
    from ppd_core.io.register import RegisterResult
    from ppd_core.store import Store

__all__ = ["read_register_into", "show_register"]

console = Console()

_OUTCOMES = {
    "confirmed": N_("confirmed in the mapping"),
    "matched": N_("linked (confident match)"),
    "uncertain": N_("to confirm"),
    "unknown": N_("unknown: not linked"),
}


def read_register_into(
    path: Path,
    store: Store,
    mapping_file: Path | None,
    organisation: str | None,
    decimal_comma: bool | None,
) -> RegisterResult:
    """Read a register against the records of ``store`` (its organisations and partners)."""
    from ppd_core.io import read_mapping, read_register

    mapping = read_mapping(mapping_file) if mapping_file is not None else None
    defaults = {"lead_organisation_id": organisation} if organisation else None
    known = store.load()
    return read_register(
        path, mapping, dataset=known, defaults=defaults, decimal_comma=decimal_comma
    )


def show_register(result: RegisterResult, lang: Lang) -> None:
    """Print the mapping used and how each partner name was resolved."""
    table = Table(title=text("Column mapping", lang), title_justify="left")
    table.add_column(text("column", lang))
    table.add_column(text("feeds", lang))
    for c in result.mapping.columns:
        what = c.target + (f" ({c.currency})" if c.currency else "")
        table.add_row(c.header, what)
    for field, value in result.mapping.defaults.items():
        table.add_row(text("(every row)", lang), f"{field} = {value}")
    console.print(table)
    if not result.partners:
        return
    names = Table(title=text("Partner names", lang), title_justify="left")
    for heading in (N_("name in the file"), N_("partner"), N_("score"), N_("outcome")):
        names.add_column(text(heading, lang))
    for m in sorted(result.partners.values(), key=lambda m: (m.outcome, m.name)):
        partner = f"{m.partner_id} ({m.partner_name})" if m.partner_name else (m.partner_id or "")
        names.add_row(m.name, partner, f"{m.score:g}", text(_OUTCOMES[m.outcome], lang))
    console.print(names)
    left = len(result.to_confirm())
    if left:
        message = plural(
            "{n} partner name is not linked: confirm it in the mapping file's [partners] table",
            "{n} partner names are not linked: confirm them in the mapping file's [partners] table",
            left,
            lang,
            n=count(left, lang),
        )
        console.print(message, style="yellow", markup=False)
