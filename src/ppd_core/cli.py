"""The ``ppd`` command: a thin layer over the library.

``ppd demo`` is the main job on the embedded default: it loads the sample dataset, validates
it and prints a readable summary. ``ppd --version`` prints the version.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import ppd_core

app = typer.Typer(
    name="ppd",
    help="ppd_core: data-driven planning for people-to-people diplomacy organisations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()


def _version(value: bool) -> None:
    if value:
        console.print(f"ppd_core {ppd_core.__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Data-driven planning for people-to-people diplomacy organisations."""


def _table(title: str, frame: object, index_name: str) -> Table:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = Table(title=title, title_justify="left")
    table.add_column(index_name)
    for col in frame.columns:
        table.add_column(str(col), justify="right")
    for idx, row in frame.iterrows():
        table.add_row(str(idx), *[f"{v:,.0f}" if isinstance(v, float) else f"{v:,}" for v in row])
    return table


@app.command()
def demo(
    currency: Annotated[str, typer.Option(help="Currency of resource totals.")] = "USD",
) -> None:
    """Load the sample dataset, validate it and print a summary."""
    from ppd_core.datasets import SAMPLE_NOTE, load_sample
    from ppd_core.summary import summarise
    from ppd_core.vocab import ActivityKind, OrganisationLevel

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Loading the sample dataset…", total=3)
        ds = load_sample()
        progress.update(task, advance=1, description="Validating every table…")
        ppd_core.Dataset.from_frames(ds.to_frames(), today=date.today())
        progress.update(task, advance=1, description="Summarising…")
        tables = summarise(ds, currency.upper())
        progress.update(task, advance=1)
    counts = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in ds.counts().items())
    console.print(f"[bold]Sample dataset[/bold]: {counts}")
    console.print("[green]Validated[/green]: every rule holds and every reference resolves.")
    console.print(f"[dim]{SAMPLE_NOTE}[/dim]\n")
    by_level = tables["activities_by_level"].rename(index=lambda c: OrganisationLevel(c).en)
    console.print(_table("Activities by level of the lead organisation", by_level, "level"))
    by_kind = tables["activities_by_kind"].rename(index=lambda c: ActivityKind(c).en)
    console.print(_table("Activities by kind", by_kind, "kind"))
    console.print(_table("Activities by year", tables["activities_by_year"], "year"))
    console.print(
        _table(
            f"Resources mobilised from partners ({currency.upper()}, at annual average rates)",
            tables["resources_by_stage"],
            "year",
        )
    )


def main() -> None:
    """Entry point of the ``ppd`` console script."""
    app()
