"""The ``ppd`` command: a thin layer over the library.

* ``ppd demo`` — the main job on the embedded default: the sample dataset is validated,
  written into an embedded SQLite database, read back, and summarised.
* ``ppd db init|import|export|stats|dedupe|template|create-login|grant|revoke`` — the shared
  database (a SQLite file or a PostgreSQL URL), the files organisations exchange (CSV,
  Excel, JSON, Parquet), and on PostgreSQL each organisation's login.
* ``ppd course sources|build|check|students|grade|feedback|export|lab`` — the graded course
  (needs the ``course`` extra).
* ``ppd --version``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

import ppd_core
from ppd_core.course.cli import course_app
from ppd_core.i18n import N_, Lang, label, plural, text
from ppd_core.i18n.format import count, number

if TYPE_CHECKING:
    from ppd_core.store import Role

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


LangOption = Annotated[
    str, typer.Option(help="Language of the output: en (English) or vi (Vietnamese).")
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


def _table(title: str, frame: object, index_name: str, lang: Lang) -> Table:
    """A frame as a table for the terminal, its numbers written for ``lang``."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    table = Table(title=title, title_justify="left")
    table.add_column(index_name)
    for col in frame.columns:
        table.add_column(str(col), justify="right")
    for idx, row in frame.iterrows():
        table.add_row(str(idx), *[number(v, lang) for v in row])
    return table


@contextmanager
def _progress(description: str, steps: int) -> Iterator[tuple[Progress, TaskID]]:
    """A transient spinner with elapsed time, for ``steps`` steps of long work."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        yield progress, progress.add_task(description, total=steps)


@app.command()
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
    Markdown into ``--out``.
    """
    import pandas as pd

    from ppd_core.datasets import SAMPLE_NOTE, candidates_from_sample, load_sample
    from ppd_core.reporting import annual_review
    from ppd_core.store import Store
    from ppd_core.summary import summarise
    from ppd_core.vocab import ActivityKind, FlowStage, OrganisationLevel, Vocabulary

    language = _lang(lang)
    out.mkdir(parents=True, exist_ok=True)
    database = out / "ppd.sqlite"
    with _progress(text("Loading the sample dataset…", language), 5) as (progress, task):
        sample = load_sample()
        progress.update(task, advance=1, description=text("Validating every table…", language))
        ppd_core.Dataset.from_frames(sample.to_frames(), today=date.today())
        writing = text("Writing {path}…", language, path=database)
        progress.update(task, advance=1, description=writing)
        with Store(database, user="ppd demo") as store:
            saved = store.save(sample)
            ds = store.load()
        if ds != sample:  # pragma: no cover - the store round trip is tested
            console.print(
                "[red]" + text("The database did not give back what was written.", language)
            )
            raise typer.Exit(code=1)
        progress.update(task, advance=1, description=text("Summarising…", language))
        tables = summarise(ds, currency.upper())
        reviewing = text("Writing the annual review and next plan…", language)
        progress.update(task, advance=1, description=reviewing)
        review = annual_review(
            ds,
            organisation="VUFO",
            year=2025,
            lang=language,
            proposals=candidates_from_sample(ds, 2026, organisation_id="VUFO"),
            sample=True,
        )
        written = review.write(out)
        progress.update(task, advance=1)
    counts = ", ".join(
        f"{count(n, language)} {_entity(t, language)}" for t, n in ds.counts().items()
    )
    heading = text("Sample dataset", language)
    console.print(f"[bold]{heading}[/bold]: {counts}")
    heading = text("Validated", language)
    checked = text("every rule holds and every reference resolves.", language)
    console.print(f"[green]{heading}[/green]: {checked}")
    stored = text(
        "in {path} ({n} records written) and read back identical.",
        language,
        path=database.resolve(),
        n=count(saved.changed, language),
    )
    heading = text("Stored", language)
    console.print(f"[green]{heading}[/green] {stored}")
    console.print(f"[dim]{SAMPLE_NOTE}[/dim]\n")
    columns = {"activities": text("Activities", language)}
    columns["participants"] = text("Participants", language)
    columns |= {s.value: s.label(language) for s in FlowStage}
    counted: tuple[tuple[str, str, str, type[Vocabulary] | None], ...] = (
        (
            "activities_by_level",
            N_("Activities by level of the lead organisation"),
            N_("level"),
            OrganisationLevel,
        ),
        ("activities_by_kind", N_("Activities by kind"), N_("kind"), ActivityKind),
        ("activities_by_year", N_("Activities by year"), N_("year"), None),
    )
    for name, title, index, vocabulary in counted:
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
    console.print(f"[bold green]{done}[/bold green] {written.resolve()}")


@db_app.command("init")
def db_init(database: DatabaseOption = None) -> None:
    """Create the database (or bring an older one up to the current schema)."""
    from ppd_core.store import Store

    with Store(database) as store:
        console.print(
            text(
                "Database ready at schema {revision}: {store}",
                "en",
                revision=store.revision(),
                store=repr(store),
            )
        )


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

    lang: Lang = "en"
    with _progress(text("Reading and checking {path}…", lang, path=path), 2) as (progress, task):
        result = read(path, decimal_comma=decimal_comma)
        progress.update(task, advance=1, description=text("Saving into the database…", lang))
        with Store(database) as store:
            saved = store.save(result.dataset)
        progress.update(task, advance=1)
    table = Table(title=text("Import of {path}", lang, path=path), title_justify="left")
    table.add_column(text("table", lang), justify="left")
    table.add_column(text("accepted", lang), justify="right")
    table.add_column(text("rejected", lang), justify="right")
    for name, good in result.accepted.items():
        bad = result.rejected_counts.get(name, 0)
        if good or bad:
            table.add_row(name, count(good, lang), f"[red]{count(bad, lang)}[/red]" if bad else "0")
    console.print(table)
    console.print(text("Saved: {saved}", lang, saved=saved))
    if not result.report.ok:
        target = rejected or path.with_name(f"{path.stem}.rejected.xlsx")
        written = result.write_rejected(target)
        n = len(result.report)
        problems = plural("{n} problem", "{n} problems", n, lang, n=count(n, lang))
        where = text("the rejected rows and their reasons are in {path}", lang, path=written)
        console.print(f"[yellow]{problems}[/yellow]; {where}")
        for problem in list(result.report)[:10]:
            console.print(f"  {problem}")


LoginArgument = Annotated[
    str, typer.Argument(help="The PostgreSQL login (lower-case letters, digits and _).")
]
RoleOption = Annotated[str, typer.Option(help="editor (writes its organisation) or reader.")]
OrganisationOption = Annotated[
    str | None,
    typer.Option(help="The organisation an editor writes for (with the units below it)."),
]


@db_app.command("create-login")
def db_create_login(
    login: LoginArgument,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Its password.")],
    database: DatabaseOption = None,
    role: RoleOption = "editor",
    organisation: OrganisationOption = None,
) -> None:
    """Create an organisation's PostgreSQL login (run as the database's administrator)."""
    from ppd_core.store import Store, rights

    with Store(database) as store, store.engine.begin() as conn:
        rights.create_login(conn, login, password, _role(role), organisation)
    console.print(
        text(
            "Login {login} created: {rights}", "en", login=login, rights=_rights(role, organisation)
        )
    )


@db_app.command("grant")
def db_grant(
    login: LoginArgument,
    database: DatabaseOption = None,
    role: RoleOption = "editor",
    organisation: OrganisationOption = None,
) -> None:
    """Give an existing login a role (and organisation), replacing what it had."""
    from ppd_core.store import Rights, Store, rights

    with Store(database) as store, store.engine.begin() as conn:
        rights.grant(conn, login, Rights(_role(role), organisation))
    console.print(
        text("Login {login} now: {rights}", "en", login=login, rights=_rights(role, organisation))
    )


@db_app.command("revoke")
def db_revoke(login: LoginArgument, database: DatabaseOption = None) -> None:
    """Take every right from a login and delete it."""
    from ppd_core.store import Store, rights

    with Store(database) as store, store.engine.begin() as conn:
        rights.drop_login(conn, login)
    console.print(text("Login {login} revoked and deleted.", "en", login=login))


def _role(role: str) -> Role:
    if role not in ("editor", "reader"):
        wrong = text("The role is editor or reader.", "en")
        console.print(f"[red]{wrong}[/red]")
        raise typer.Exit(code=2)
    return cast("Role", role)


def _rights(role: str, organisation: str | None) -> str:
    from ppd_core.store import Rights

    return str(Rights(_role(role), organisation))


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
    console.print(text("Exported {dataset} to {path}", "en", dataset=repr(ds), path=path))


@db_app.command("template")
def db_template(
    path: Annotated[Path, typer.Argument(help="The .xlsx workbook to write.")],
    lang: LangOption = "en",
    example: Annotated[bool, typer.Option(help="Fill in one example row per sheet.")] = False,
) -> None:
    """Write a blank Excel template with explanations and dropdown lists."""
    from ppd_core.io import excel_template

    language = _lang(lang)
    excel_template(path, lang=language, example=example)
    console.print(text("Template written to {path}", language, path=path))


@db_app.command("stats")
def db_stats(database: DatabaseOption = None) -> None:
    """Count the records of each kind in the database."""
    from ppd_core.store import Store

    with Store(database) as store:
        url = store.engine.url.render_as_string(hide_password=True)
        console.print(text("Database: {url}", "en", url=url))
        table = Table()
        table.add_column(text("entity", "en"))
        table.add_column(text("records", "en"), justify="right")
        for name, n in store.counts().items():
            table.add_row(_entity(name, "en"), count(n, "en"))
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
        console.print(text("No likely duplicates among the partners.", "en"))
        return
    n = len(proposals)
    title = plural("{n} proposed merge", "{n} proposed merges", n, "en", n=count(n, "en"))
    table = Table(title=title, title_justify="left")
    for col in ("keep_id", "drop_id", "score", "reason"):
        table.add_column(col)
    for row in proposals.head(limit).itertuples():
        table.add_row(str(row.keep_id), str(row.drop_id), number(row.score, "en"), str(row.reason))
    console.print(table)


_ENTITIES = {
    "organisations": N_("organisations"),
    "partners": N_("partners"),
    "activities": N_("activities"),
    "indicators": N_("indicators"),
    "work_plans": N_("work plans"),
    "evaluations": N_("evaluations"),
    "awards": N_("awards"),
}
"""The kinds of records a dataset counts, as people name them (translated when printed)."""


def _entity(name: str, lang: Lang) -> str:
    """The kind of record ``name`` (``work_plans``) in ``lang``; unknown kinds as written."""
    return label(_ENTITIES, name, lang, name.replace("_", " "))


def _lang(value: str) -> Lang:
    if value not in ("en", "vi"):
        raise typer.BadParameter("use en or vi", param_hint="--lang")
    return "vi" if value == "vi" else "en"


@app.command()
def report(
    organisation: Annotated[str, typer.Option(help="Organisation id (its members roll up).")],
    year: Annotated[int, typer.Option(help="The year reviewed.")],
    database: DatabaseOption = None,
    lang: LangOption = "en",
    out: Annotated[Path, typer.Option(help="Folder to write the review into.")] = Path("."),
    plan_next: Annotated[bool, typer.Option(help="Include the proposed next-year plan.")] = True,
) -> None:
    """Write the annual review of an organisation for a year (HTML and Markdown)."""
    from ppd_core.reporting import annual_review
    from ppd_core.store import Store

    with Store(database) as store:
        ds = store.load()
    language = _lang(lang)
    review = annual_review(
        ds, organisation=organisation, year=year, lang=language, plan_next=plan_next
    )
    path = review.write(out).resolve()
    console.print(text("Annual review written to {path}", language, path=path))


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
        console.print(
            text("No indicators belong to {organisation}.", "en", organisation=repr(organisation))
        )
        raise typer.Exit(code=1)
    chosen: Literal["linear", "holt", "mean"] = (
        "holt" if method == "holt" else "mean" if method == "mean" else "linear"
    )
    proposals = propose_targets(ds, year=year, method=chosen, stretch=stretch, indicators=mine)
    for row in proposals.itertuples():
        console.print(f"[bold]{row.indicator_id}[/bold]: {row.explanation}")
    if out is not None:
        proposals.to_csv(out, index=False)
        console.print(text("Proposals written to {path}", "en", path=out))


def main() -> None:
    """Entry point of the ``ppd`` console script."""
    app()
