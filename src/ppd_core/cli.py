"""The ``ppd`` command: a thin layer over the library.

* ``ppd demo`` — the main job on the embedded default: the sample dataset is validated,
  written into an embedded SQLite database, read back, and summarised.
* ``ppd db init|import|export|stats|dedupe|template`` — the shared database (a SQLite file
  or a PostgreSQL URL) and the files organisations exchange (CSV, Excel, JSON, Parquet).
* ``ppd course sources|build|check|students|grade|feedback|export|lab`` — the graded course
  (needs the ``course`` extra).
* ``ppd --version``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import ppd_core
from ppd_core.course.cli import course_app

app = typer.Typer(
    name="ppd",
    help="ppd_core: data-driven planning for people-to-people diplomacy organisations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
db_app = typer.Typer(
    help="The shared database: a SQLite file or a PostgreSQL URL.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
app.add_typer(course_app, name="course")

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        help="SQLite file or PostgreSQL URL "
        "(default: $PPD_DATABASE_URL, else ~/.ppd_core/ppd.sqlite).",
    ),
]


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
    out: Annotated[Path, typer.Option(help="Folder for the demo's database and files.")] = Path(
        "ppd-output"
    ),
    lang: Annotated[str, typer.Option(help="Language of the annual review: en or vi.")] = "en",
) -> None:
    """Run the main job on the sample data: store it, measure, plan next year, write the review.

    Sample data → embedded SQLite database (read back identical) → measures → proposed
    next-year plan → the annual review of VUFO (with its members) for 2025, written as HTML and
    Markdown into ``--out``.
    """
    from ppd_core.datasets import SAMPLE_NOTE, load_sample
    from ppd_core.store import Store
    from ppd_core.summary import summarise
    from ppd_core.vocab import ActivityKind, OrganisationLevel

    out.mkdir(parents=True, exist_ok=True)
    database = out / "ppd.sqlite"
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Loading the sample dataset…", total=5)
        sample = load_sample()
        progress.update(task, advance=1, description="Validating every table…")
        ppd_core.Dataset.from_frames(sample.to_frames(), today=date.today())
        progress.update(task, advance=1, description=f"Writing {database}…")
        with Store(database, user="ppd demo") as store:
            saved = store.save(sample)
            ds = store.load()
        if ds != sample:  # pragma: no cover - the store round trip is tested
            console.print("[red]The database did not give back what was written.[/red]")
            raise typer.Exit(code=1)
        progress.update(task, advance=1, description="Summarising…")
        tables = summarise(ds, currency.upper())
        progress.update(task, advance=1, description="Writing the annual review and next plan…")
        from ppd_core.reporting import annual_review

        review = annual_review(ds, organisation="VUFO", year=2025, lang=_lang(lang))
        written = review.write(out)
        progress.update(task, advance=1)
    counts = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in ds.counts().items())
    console.print(f"[bold]Sample dataset[/bold]: {counts}")
    console.print("[green]Validated[/green]: every rule holds and every reference resolves.")
    console.print(
        f"[green]Stored[/green] in {database.resolve()} ({saved.changed} records written) "
        "and read back identical."
    )
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
    console.print(
        f"[bold green]Annual review 2025 of VUFO with the proposed 2026 plan:[/bold green] "
        f"{written.resolve()}"
    )


@db_app.command("init")
def db_init(database: DatabaseOption = None) -> None:
    """Create the database (or bring an older one up to the current schema)."""
    from ppd_core.store import Store

    with Store(database) as store:
        console.print(f"Database ready at schema {store.revision()}: {store!r}")


@db_app.command("import")
def db_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A .xlsx, .json, .csv or .parquet file, or a folder of CSV or Parquet files."
        ),
    ],
    database: DatabaseOption = None,
    rejected: Annotated[
        Path | None,
        typer.Option(
            help="Where to write rejected rows with their reasons "
            "(.xlsx or a folder; default: next to the input)."
        ),
    ] = None,
    decimal_comma: Annotated[
        bool, typer.Option(help="Read 1,5 as one and a half (Vietnamese style).")
    ] = False,
) -> None:
    """Import a file into the database: good rows are saved, bad rows reported, none lost."""
    from ppd_core.io import read
    from ppd_core.store import Store

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(f"Reading and checking {path}…", total=2)
        result = read(path, decimal_comma=decimal_comma)
        progress.update(task, advance=1, description="Saving into the database…")
        with Store(database) as store:
            saved = store.save(result.dataset)
        progress.update(task, advance=1)
    table = Table(title=f"Import of {path}", title_justify="left")
    for col in ("table", "accepted", "rejected"):
        table.add_column(col, justify="left" if col == "table" else "right")
    for name, good in result.accepted.items():
        bad = result.rejected_counts.get(name, 0)
        if good or bad:
            table.add_row(name, f"{good:,}", f"[red]{bad:,}[/red]" if bad else "0")
    console.print(table)
    console.print(f"Saved: {saved}")
    if not result.report.ok:
        target = rejected or path.with_name(f"{path.stem}.rejected.xlsx")
        written = result.write_rejected(target)
        console.print(
            f"[yellow]{len(result.report)} problem(s)[/yellow]; the rejected rows and their "
            f"reasons are in {written}"
        )
        for problem in list(result.report)[:10]:
            console.print(f"  {problem}")


@db_app.command("export")
def db_export(
    path: Annotated[
        Path,
        typer.Argument(help="A .xlsx or .json file, or a folder (CSV or Parquet, see --format)."),
    ],
    database: DatabaseOption = None,
    file_format: Annotated[
        str, typer.Option("--format", help="For a folder: csv or parquet.")
    ] = "csv",
    personal_data: Annotated[
        bool, typer.Option(help="Include contact persons and individual award recipients.")
    ] = True,
) -> None:
    """Export the database to Excel, JSON, CSV or Parquet (safe to open in a spreadsheet)."""
    from ppd_core.io import write_csv, write_excel, write_json, write_parquet
    from ppd_core.store import Store

    with Store(database) as store:
        ds = store.load()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_excel(ds, path, personal_data=personal_data)
    elif suffix == ".json":
        write_json(ds, path, personal_data=personal_data)
    elif file_format == "parquet":
        write_parquet(ds, path, personal_data=personal_data)
    else:
        write_csv(ds, path, personal_data=personal_data)
    console.print(f"Exported {ds!r} to {path}")


@db_app.command("template")
def db_template(
    path: Annotated[Path, typer.Argument(help="The .xlsx workbook to write.")],
    lang: Annotated[str, typer.Option(help="en or vi.")] = "en",
    example: Annotated[bool, typer.Option(help="Fill in one example row per sheet.")] = False,
) -> None:
    """Write a blank Excel template with explanations and dropdown lists."""
    from ppd_core.io import excel_template

    if lang not in ("en", "vi"):
        raise typer.BadParameter("use en or vi", param_hint="--lang")
    excel_template(path, lang="vi" if lang == "vi" else "en", example=example)
    console.print(f"Template written to {path}")


@db_app.command("stats")
def db_stats(database: DatabaseOption = None) -> None:
    """Count the records of each kind in the database."""
    from ppd_core.store import Store

    with Store(database) as store:
        console.print(f"Database: {store.engine.url.render_as_string(hide_password=True)}")
        table = Table()
        table.add_column("entity")
        table.add_column("records", justify="right")
        for name, n in store.counts().items():
            table.add_row(name.replace("_", " "), f"{n:,}")
        console.print(table)


@db_app.command("dedupe")
def db_dedupe(
    database: DatabaseOption = None,
    threshold: Annotated[float, typer.Option(help="Lowest score (0–100) to propose.")] = 85,
    limit: Annotated[int, typer.Option(help="Show at most this many proposals.")] = 30,
) -> None:
    """Propose partner merges (same partner, other spellings), with scores and reasons."""
    from ppd_core.cleaning import propose_merges
    from ppd_core.store import Store

    with Store(database) as store:
        ds = store.load()
    proposals = propose_merges(ds, threshold=threshold)
    if proposals.empty:
        console.print("No likely duplicates among the partners.")
        return
    table = Table(title=f"{len(proposals)} proposed merges", title_justify="left")
    for col in ("keep_id", "drop_id", "score", "reason"):
        table.add_column(col)
    for row in proposals.head(limit).itertuples():
        table.add_row(str(row.keep_id), str(row.drop_id), f"{row.score:.0f}", str(row.reason))
    console.print(table)


def _lang(value: str) -> Literal["en", "vi"]:
    if value not in ("en", "vi"):
        raise typer.BadParameter("use en or vi", param_hint="--lang")
    return "vi" if value == "vi" else "en"


@app.command()
def report(
    organisation: Annotated[str, typer.Option(help="Organisation id (its members roll up).")],
    year: Annotated[int, typer.Option(help="The year reviewed.")],
    database: DatabaseOption = None,
    lang: Annotated[str, typer.Option(help="en or vi.")] = "en",
    out: Annotated[Path, typer.Option(help="Folder to write the review into.")] = Path("."),
    plan_next: Annotated[bool, typer.Option(help="Include the proposed next-year plan.")] = True,
) -> None:
    """Write the annual review of an organisation for a year (HTML and Markdown)."""
    from ppd_core.reporting import annual_review
    from ppd_core.store import Store

    with Store(database) as store:
        ds = store.load()
    review = annual_review(
        ds, organisation=organisation, year=year, lang=_lang(lang), plan_next=plan_next
    )
    console.print(f"Annual review written to {review.write(out).resolve()}")


@app.command()
def plan(
    organisation: Annotated[str, typer.Option(help="Organisation id whose indicators to plan.")],
    year: Annotated[int, typer.Option(help="The year to plan for.")],
    database: DatabaseOption = None,
    method: Annotated[str, typer.Option(help="linear, holt or mean.")] = "linear",
    stretch: Annotated[float, typer.Option(help="Stretch, e.g. 0.1 for 10 %.")] = 0.0,
    out: Annotated[Path | None, typer.Option(help="Also write the proposals to this .csv.")] = None,
) -> None:
    """Propose next-period targets for an organisation's indicators from their history."""
    from ppd_core.planning import propose_targets
    from ppd_core.store import Store

    if method not in ("linear", "holt", "mean"):
        raise typer.BadParameter("use linear, holt or mean", param_hint="--method")
    with Store(database) as store:
        ds = store.load()
    indicators = ds.to_frames()["indicators"]
    mine = indicators[indicators["organisation_id"] == organisation]["id"].tolist()
    if not mine:
        console.print(f"No indicators belong to {organisation!r}.")
        raise typer.Exit(code=1)
    chosen: Literal["linear", "holt", "mean"] = (
        "holt" if method == "holt" else "mean" if method == "mean" else "linear"
    )
    proposals = propose_targets(ds, year=year, method=chosen, stretch=stretch, indicators=mine)
    for row in proposals.itertuples():
        console.print(f"[bold]{row.indicator_id}[/bold]: {row.explanation}")
    if out is not None:
        proposals.to_csv(out, index=False)
        console.print(f"Proposals written to {out}")


def main() -> None:
    """Entry point of the ``ppd`` console script."""
    app()
