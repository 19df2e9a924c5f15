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

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

import ppd_core
from ppd_core._db_commands import DatabaseOption, LangOption, counted, db_app, open_store
from ppd_core._exits import ExitCode, PpdCommand, PpdGroup, chosen_lang
from ppd_core._login_commands import db_create_login  # noqa: F401 - registers db logins
from ppd_core.course.cli import course_app
from ppd_core.errors import UnknownIdError
from ppd_core.i18n import N_, Lang, count, number, text

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.io import Proposals

app = typer.Typer(
    cls=PpdGroup,
    rich_markup_mode="markdown",
    name="ppd",
    help="ppd_core: data-driven planning for people-to-people diplomacy organisations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
app.add_typer(db_app, name="db")
app.add_typer(course_app, name="course")


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


def _table(title: str, frame: object, index_name: str, lang: Lang) -> Table:
    """A frame as a table for the terminal, its numbers written for ``lang``."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = Table(title=title, title_justify="left")
    table.add_column(index_name[:1].upper() + index_name[1:])
    for col in frame.columns:
        table.add_column(str(col), justify="right")
    for idx, row in frame.iterrows():
        table.add_row(str(idx), *[number(v, lang) for v in row])
    return table


@contextmanager
def progress(description: str, steps: int) -> Iterator[tuple[Progress, TaskID]]:
    """A transient progress bar with elapsed time, for ``steps`` steps of long work.

    Each step's description says what is done, with its counts (rows read, records saved).
    """
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield progress, progress.add_task(description, total=steps)


@app.command(cls=PpdCommand)
def demo(
    currency: Annotated[str, typer.Option(help="Currency of resource totals.")] = "USD",
    out: Annotated[Path, typer.Option(help="Folder for the demo's database and files.")] = Path(
        "ppd-output"
    ),
    lang: LangOption = "en",
) -> None:
    """Run the main job on the sample data: store it, measure, plan next year, write the review.

    Sample data → embedded SQLite database (read back identical) → measures → proposed
    next-year plan → the annual review of VUFO (with its members) for 2025, written as HTML and
    Markdown into the folder of `--out`.
    """
    import pandas as pd

    from ppd_core.datasets import run_demo
    from ppd_core.vocab import ActivityKind, FlowStage, OrganisationLevel, Vocabulary

    language = chosen_lang()
    out.mkdir(parents=True, exist_ok=True)
    with (
        progress(text("Loading the sample dataset…", language), 5) as (bar, task),
        open_store(str(out / "ppd.sqlite"), create=True, user="ppd demo") as store,
    ):
        run = run_demo(
            store,
            out,
            currency=currency,
            lang=language,
            step=lambda description, done: bar.update(
                task, completed=done, description=description
            ),
        )
    ds, tables, database = run.dataset, run.tables, out / "ppd.sqlite"
    counts = counted(ds, language)
    heading = text("Sample dataset", language)
    console.print(f"[bold]{heading}[/bold]: {counts}")
    heading = text("Validated", language)
    checked = text("every rule holds and every reference resolves.", language)
    console.print(f"[green]{heading}[/green]: {checked}")
    stored = text(
        "in {path} ({n} records written) and read back identical.",
        language,
        path=database.resolve(),
        n=count(run.saved, language),
    )
    heading = text("Stored", language)
    console.print(f"[green]{heading}[/green] {stored}")
    console.print(f"[dim]{text(run.note, language)}[/dim]\n")
    columns = {"activities": text("Activities", language)}
    columns["participants"] = text("Participants", language)
    columns |= {s.value: s.label(language) for s in FlowStage}
    tallies: tuple[tuple[str, str, str, type[Vocabulary] | None], ...] = (
        (
            "activities_by_level",
            N_("Activities by level of the lead organisation"),
            N_("level"),
            OrganisationLevel,
        ),
        ("activities_by_kind", N_("Activities by kind"), N_("kind"), ActivityKind),
        ("activities_by_year", N_("Activities by year"), N_("year"), None),
    )
    for name, title, index, vocabulary in tallies:
        frame = tables[name].rename(columns=columns)
        if vocabulary is not None:
            frame.index = pd.Index([vocabulary(c).label(language) for c in frame.index])
        console.print(_table(text(title, language), frame, text(index, language), language))
    title = text(
        "Resources mobilised from partners ({currency}, at annual average rates)",
        language,
        currency=currency.upper(),
    )
    by_stage = tables["resources_by_stage"].rename(columns=columns)
    console.print(_table(title, by_stage, text("year", language), language))
    done = text("Annual review 2025 of VUFO with the proposed 2026 plan:", language)
    console.print(f"[bold green]{done}[/bold green] {run.review.resolve()}")


ProposalsOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="The organisation's proposed activities for next year: a filled proposals "
        "template (ppd db template --proposals) or a .csv file with its columns.",
    ),
]

_DECIMALS = 2
"""Decimals of the numbers ``ppd plan`` writes (forecasts and bands are rough: 15.22, not
15.220000000000255)."""


def _known_organisation(ds: ppd_core.Dataset, organisation: str) -> None:
    """Raise :class:`UnknownIdError` (with ids to choose from) for an unknown organisation."""
    ids = [str(i) for i in ds.to_frames()["organisations"]["id"]]
    if organisation not in ids:
        raise UnknownIdError("organisation", organisation, sorted(ids))


@app.command(cls=PpdCommand)
def report(
    organisation: Annotated[str, typer.Option(help="Organisation id (its members roll up).")],
    year: Annotated[int, typer.Option(help="The year reviewed.")],
    database: DatabaseOption = None,
    lang: LangOption = "en",
    out: Annotated[Path, typer.Option(help="Folder to write the review into.")] = Path("."),
    plan_next: Annotated[bool, typer.Option(help="Include the proposed next-year plan.")] = True,
    proposals: ProposalsOption = None,
) -> None:
    """Write the annual review of an organisation for a year (HTML and Markdown).

    With --proposals, the next-year plan chooses a portfolio from the organisation's proposed
    activities (a filled `ppd db template --proposals` workbook, or a CSV file with its
    columns); without, it shows the proposed targets only. Exits with code 3 when some
    proposals were not read (each is listed with its row and reason).
    """
    from ppd_core.reporting import annual_review

    language = chosen_lang()
    chosen = _proposals(proposals, language)
    with open_store(database) as store:
        ds = store.load()
    _known_organisation(ds, organisation)
    review = annual_review(
        ds,
        organisation=organisation,
        year=year,
        lang=language,
        plan_next=plan_next,
        proposals=None if chosen is None else chosen.proposals,
    )
    path = review.write(out).resolve()
    console.print(text("Annual review written to {path}", language, path=path))
    _end(chosen)


@app.command(cls=PpdCommand)
def plan(
    organisation: Annotated[str, typer.Option(help="Organisation id whose indicators to plan.")],
    year: Annotated[int, typer.Option(help="The year to plan for.")],
    database: DatabaseOption = None,
    method: Annotated[str, typer.Option(help="linear, holt or mean.")] = "linear",
    stretch: Annotated[float, typer.Option(help="Stretch, e.g. 0.1 for 10 %.")] = 0.0,
    out: Annotated[Path | None, typer.Option(help="Also write the targets to this .csv.")] = None,
    proposals: ProposalsOption = None,
    lang: LangOption = "en",
) -> None:
    """Propose next-period targets for an organisation's indicators from their history.

    With --proposals, also choose the portfolio of proposed activities that fits a budget
    equal to the organisation's spending in the year before (as the annual review does).
    Exits with code 3 when some proposals were not read (each is listed with its reason).
    """
    from ppd_core.planning import propose_targets

    language = chosen_lang()
    if method not in ("linear", "holt", "mean"):
        raise typer.BadParameter(text("use linear, holt or mean", language), param_hint="--method")
    chosen = _proposals(proposals, language)
    with open_store(database) as store:
        ds = store.load()
    _known_organisation(ds, organisation)
    indicators = ds.to_frames()["indicators"]
    mine = indicators[indicators["organisation_id"] == organisation]["id"].tolist()
    if not mine:
        message = text(
            "No indicators belong to {organisation}: add its indicators (the indicators sheet "
            "of the template) and import them with ppd db import.",
            language,
            organisation=organisation,
        )
        console.print(message, style="red", markup=False)
        raise typer.Exit(code=ExitCode.FAILED)
    method_: Literal["linear", "holt", "mean"] = (
        "holt" if method == "holt" else "mean" if method == "mean" else "linear"
    )
    targets = propose_targets(
        ds, year=year, method=method_, stretch=stretch, indicators=mine, lang=language
    )
    for row in targets.itertuples():
        console.print(f"[bold]{row.indicator_id}[/bold]: {row.explanation}")
    if out is not None:
        targets.round(_DECIMALS).to_csv(out, index=False)
        console.print(text("Targets written to {path}", language, path=out))
    if chosen is not None:
        _portfolio(ds, organisation, year, chosen.proposals, language)
    _end(chosen)


def _proposals(path: Path | None, lang: Lang) -> Proposals | None:
    """The proposals of ``--proposals`` (``None`` without), each row not read listed."""
    from ppd_core.io import read_proposals

    if path is None:
        return None
    read = read_proposals(path, lang=lang)
    console.print(
        text(
            "Proposals read from {path}: {read} of {rows} rows.",
            lang,
            path=path,
            read=count(len(read.proposals), lang),
            rows=count(read.rows, lang),
        ),
        markup=False,
    )
    for problem in read.report:
        console.print(f"  {problem.describe(lang)}", style="yellow", markup=False)
    return read


def _end(read: Proposals | None) -> None:
    """End with code 3 when some proposals (or their columns) were not read."""
    if read is not None and not read.report.ok:
        raise typer.Exit(code=ExitCode.REJECTED)


def _portfolio(
    ds: ppd_core.Dataset, organisation: str, year: int, proposals: pd.DataFrame, lang: Lang
) -> None:
    """Print the portfolio the annual review of ``year - 1`` chooses from the proposals."""
    from ppd_core.reporting import Paragraph, annual_review
    from ppd_core.reporting import Table as ReviewTable

    review = annual_review(
        ds, organisation=organisation, year=year - 1, lang=lang, proposals=proposals
    )
    plan = next(s for s in review.sections if s.id == "plan")
    for block in plan.blocks[1:]:  # the targets were printed above
        if isinstance(block, Paragraph):
            console.print(block.text, markup=False)
        elif isinstance(block, ReviewTable):
            table = Table(title=block.title, title_justify="left")
            for k, head in enumerate(block.header):
                numeric = k < len(block.numeric) and block.numeric[k]
                table.add_column(head, justify="right" if numeric else "left")
            for row in block.rows:
                table.add_row(*row)
            console.print(table)


def main() -> None:
    """Entry point of the ``ppd`` console script."""
    app()
