"""``ppd db …``: the shared database from the command line, and how the commands open it.

:func:`open_store` is the one way the commands open a database: it names an unsupported URL
before trying it, never creates a database for a command that only reads (``stats``,
``export``, ``dedupe``, ``report``, ``plan``), and turns a database that cannot be reached or
read into a :class:`~ppd_core.errors.StoreError` that says where and how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ppd_core._exits import ExitCode, PpdCommand, PpdGroup, chosen_lang, lang_option
from ppd_core.errors import StoreError
from ppd_core.i18n import N_, Lang, count, label, number, plural, text

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset
    from ppd_core.store import Store

__all__ = ["DatabaseOption", "LangOption", "counted", "db_app", "entity_name", "open_store"]

console = Console()
db_app = typer.Typer(
    cls=PpdGroup,
    help="The shared database: a SQLite file or a PostgreSQL URL.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        "-d",
        metavar="FILE|URL",
        help="SQLite file or PostgreSQL URL "
        "(default: $PPD_DATABASE_URL, else ~/.ppd_core/ppd.sqlite).",
    ),
]
LangOption = Annotated[
    str,
    typer.Option(
        metavar="en|vi",
        callback=lang_option,
        envvar="PPD_LANG",
        help="Language of the output: en (English) or vi (Vietnamese); "
        "set PPD_LANG=vi to make Vietnamese the default.",
    ),
]

_SCHEMES = ("sqlite", "postgresql")


def _path(help_text: str) -> Any:
    """A file or folder argument, shown as ``PATH`` in the usage line."""
    return typer.Argument(metavar="PATH", help=help_text)


def _shown(url: str) -> str:
    """The URL as it may be printed: the password hidden."""
    import sqlalchemy as sa

    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url.rsplit("@", maxsplit=1)[-1]


_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_sqlite_file(path: Path, lang: Lang) -> None:
    """Refuse, without writing to it, a SQLite path that is not a database to read."""
    if not path.is_file():
        raise StoreError(
            text(
                "There is no database at {path}. Check the path, or create the database "
                "with: ppd db init -d {path}",
                lang,
                path=path,
            )
        )
    with path.open("rb") as file:
        header = file.read(len(_SQLITE_HEADER))
    if header != _SQLITE_HEADER:
        raise StoreError(
            text(
                "{path} is not a ppd_core database (not a SQLite file). Check the path, or "
                "create the database with: ppd db init -d {path}",
                lang,
                path=path,
            )
        )


def open_store(database: str | None, *, create: bool = False, user: str | None = None) -> Store:
    """Open the database of ``--database``, brought up to the current schema.

    Args:
        database: A SQLite file, a PostgreSQL URL, or ``None`` for the default database.
        create: Create the database (and its folder) when it does not exist; commands that
            only read pass ``False`` and get a :class:`StoreError` instead.
        user: Who makes the changes (for the audit trail).

    Raises:
        StoreError: The URL is not SQLite or PostgreSQL, the database does not exist (and
            ``create`` is false), or it cannot be reached or read.
    """
    import sqlalchemy as sa

    from ppd_core.store import Store
    from ppd_core.store.engine import database_url

    lang = chosen_lang()
    url = database_url(database)
    shown = _shown(url)
    scheme = url.split("://", 1)[0].split("+", 1)[0].lower()
    if scheme not in _SCHEMES:
        raise StoreError(
            text(
                "ppd_core cannot use a {scheme} database ({url}). Give a SQLite file (a path "
                "such as ppd.sqlite) or a PostgreSQL URL (postgresql://user@host/database).",
                lang,
                scheme=scheme,
                url=shown,
            )
        )
    path = url.split(":///", 1)[1] if scheme == "sqlite" and ":///" in url else ""
    if not create and path and path != ":memory:":
        _check_sqlite_file(Path(path), lang)
    try:
        store = Store(url, user=user, upgrade=create)
        if not create:
            if store.revision() is None:
                store.close()
                raise StoreError(
                    text(
                        "{url} holds no ppd_core database (no tables). Check the address, "
                        "or create the database with: ppd db init -d {url}",
                        lang,
                        url=shown,
                    )
                )
            store.upgrade()  # an older schema is brought up to date; a current one is left
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        fix = (
            text("Check that it is a ppd_core database (a SQLite file).", lang)
            if scheme == "sqlite"
            else text(
                "Check that the server runs and that the address, user and password are right.",
                lang,
            )
        )
        message = text(
            "Cannot open the database {url}: {reason}.", lang, url=shown, reason=reason.rstrip(".")
        )
        raise StoreError(f"{message} {fix}") from None
    return store


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


def entity_name(name: str, lang: Lang) -> str:
    """The kind of record ``name`` (``work_plans``) in ``lang``; unknown kinds as written."""
    return label(_ENTITIES, name, lang, name.replace("_", " "))


def counted(ds: Dataset, lang: Lang) -> str:
    """The records of a dataset counted by kind, e.g. ``"3 organisations, 12 activities"``."""
    return ", ".join(f"{count(n, lang)} {entity_name(t, lang)}" for t, n in ds.counts().items())


@db_app.command("init", cls=PpdCommand)
def db_init(database: DatabaseOption = None, lang: LangOption = "en") -> None:
    """Create the database (or bring an older one up to the current schema)."""
    with open_store(database, create=True) as store:
        ready = text(
            "Database ready at schema {revision}: {store}",
            chosen_lang(),
            revision=store.revision(),
            store=_shown(store.url),
        )
        console.print(ready, markup=False)


@db_app.command("import", cls=PpdCommand)
def db_import(
    path: Annotated[
        Path,
        _path("A .xlsx, .json, .csv or .parquet file, or a folder of CSV or Parquet files."),
    ],
    database: DatabaseOption = None,
    rejected: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Where to write rejected rows with their reasons "
            "(.xlsx or a folder; default: next to the input).",
        ),
    ] = None,
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--decimal-point",
            help="How to read 1.500 and 1,5: --decimal-comma reads 1.500 as fifteen hundred "
            "and 1,5 as one and a half (the Vietnamese way), --decimal-point the English way. "
            "Default: the English way for the library's own tables; for a register (--as), "
            "what its numbers and headers show (each such reading is reported).",
        ),
    ] = None,
    as_table: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="activities",
            help="Read a one-sheet register (a row per activity, headers in your own words) "
            "as activities, through a column mapping.",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="With --as: the column mapping (TOML) to use (default: proposed from the "
            "headers).",
        ),
    ] = None,
    propose_mapping: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="With --as: only write the mapping (proposed, or --mapping with the partners "
            "matched) to FILE, to check and edit; nothing is saved.",
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(metavar="ID", help="With --as: the lead organisation of every activity."),
    ] = None,
    lang: LangOption = "en",
) -> None:
    """Import a file into the database: good rows are saved, bad rows reported, none lost.

    The file may refer to records the database already holds (a partner, an organisation, a
    work plan's organisation). Exits with code 3 when some rows were rejected (they are
    written out with their reasons).
    """
    from ppd_core.cli import progress
    from ppd_core.rules import RULES

    language = chosen_lang()
    if as_table is None and (mapping or propose_mapping or organisation):
        raise typer.BadParameter(
            text("--mapping, --propose-mapping and --organisation need --as activities", language)
        )
    if as_table not in (None, "activities"):
        raise typer.BadParameter(
            text("--as takes 'activities' (a register of activities)", language)
        )
    with progress(text("Reading and checking {path}…", language, path=path), 1) as (bar, task):
        if as_table is None:
            with open_store(database, create=True) as store:
                # checked with the records held, saved at the versions read: one someone
                # changed meanwhile is a conflict (refused, nothing saved), never overwritten
                imported = store.import_path(
                    path, known=store.load(), decimal_comma=bool(decimal_comma)
                )
            result, saved = imported.read, imported.saved
        else:
            from ppd_core._register_commands import read_register_into, show_register

            with open_store(database, create=True) as store:
                result = read_register_into(path, store, mapping, organisation, decimal_comma)
            show_register(result, language)
            if propose_mapping is not None:
                written = result.save_mapping(propose_mapping, language)
                message = text(
                    "Mapping written to {path}: check it, edit it, then import with "
                    "--mapping {path}. Nothing was saved.",
                    language,
                    path=written,
                )
                console.print(message, markup=False)
                return
            with open_store(database, create=True) as store:
                saved = store.save(result.dataset, versions=None)
        bar.update(task, advance=1)
    table = Table(title=text("Import of {path}", language, path=path), title_justify="left")
    for heading in (N_("table"), N_("accepted"), N_("rejected"), N_("new"), N_("updated")):
        table.add_column(text(heading, language), justify="left" if heading == "table" else "right")
    for name, good in result.accepted.items():
        bad = result.rejected_counts.get(name, 0)
        if good or bad:
            table.add_row(
                entity_name(name, language),
                count(good, language),
                f"[red]{count(bad, language)}[/red]" if bad else "0",
                count(saved.inserted.get(name, 0), language),
                count(saved.updated.get(name, 0), language),
            )
    console.print(table)
    notices = [p for p in result.report if p.code in RULES and RULES[p.code].notice]
    if notices:
        n = len(notices)
        console.print(plural("{n} note", "{n} notes", n, language, n=count(n, language)))
        for problem in notices[:10]:
            console.print(f"  {problem.describe(language)}", markup=False)
    if len(notices) == len(result.report) and not result.rejected:
        return
    target = rejected or path.with_name(f"{path.stem}.rejected.xlsx")
    written = result.write_rejected(target, language)
    faults = [p for p in result.report if p not in notices]
    n = len(faults)
    problems = plural("{n} problem", "{n} problems", n, language, n=count(n, language))
    where = text("the rejected rows and their reasons are in {path}", language, path=written)
    console.print(f"[yellow]{problems}[/yellow]; {where}")
    for problem in faults[:10]:
        console.print(f"  {problem.describe(language)}", markup=False)
    raise typer.Exit(code=ExitCode.REJECTED)


@db_app.command("export", cls=PpdCommand)
def db_export(
    path: Annotated[
        Path, _path("A .xlsx or .json file, or a folder (CSV or Parquet, see --format).")
    ],
    database: DatabaseOption = None,
    file_format: Annotated[
        str, typer.Option("--format", metavar="csv|parquet", help="For a folder: csv or parquet.")
    ] = "csv",
    personal_data: Annotated[
        bool,
        typer.Option(
            help="Include contact persons and individual award recipients (personal data)."
        ),
    ] = False,
    lang: LangOption = "en",
) -> None:
    """Export the database to Excel, JSON, CSV or Parquet (safe to open in a spreadsheet).

    Personal data (contact persons, award recipients) is left out unless --personal-data is given.
    """
    from ppd_core.io import write_csv, write_excel, write_json, write_parquet

    language = chosen_lang()
    if file_format not in ("csv", "parquet"):
        raise typer.BadParameter(text("use csv or parquet", language), param_hint="--format")
    with open_store(database) as store:
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
    counts = ", ".join(
        f"{count(n, language)} {entity_name(t, language)}" for t, n in ds.counts().items()
    )
    console.print(text("Exported to {path}: {counts}.", language, path=path, counts=counts))
    if not personal_data:
        console.print(
            text(
                "Personal data (contact persons, award recipients) was left out; add "
                "--personal-data to include it.",
                language,
            ),
            style="dim",
        )


@db_app.command("template", cls=PpdCommand)
def db_template(
    path: Annotated[Path, _path("The .xlsx workbook to write.")],
    lang: LangOption = "en",
    example: Annotated[
        bool, typer.Option(help="Fill in a few example records (from the sample dataset).")
    ] = False,
    proposals: Annotated[
        bool,
        typer.Option(
            help="Write the template of proposed activities for next year instead (read by "
            "ppd plan --proposals and ppd report --proposals)."
        ),
    ] = False,
) -> None:
    """Write a blank Excel template with explanations and dropdown lists.

    The data template (one sheet per table) is imported with `ppd db import`; the proposals
    template (--proposals) lists the activities an organisation proposes for next year.
    """
    from ppd_core.datasets import sample_excerpt
    from ppd_core.io import excel_template, proposals_template

    language = chosen_lang()
    if proposals and example:
        raise typer.BadParameter(
            text("the proposals template has no examples; leave out --example", language),
            param_hint="--example",
        )
    if proposals:
        proposals_template(path, lang=language)
    else:
        excel_template(path, lang=language, dataset=sample_excerpt() if example else None)
    console.print(text("Template written to {path}", language, path=path))


@db_app.command("stats", cls=PpdCommand)
def db_stats(database: DatabaseOption = None, lang: LangOption = "en") -> None:
    """Count the records of each kind in the database."""
    language = chosen_lang()
    with open_store(database) as store:
        console.print(text("Database: {url}", language, url=_shown(store.url)), markup=False)
        table = Table()
        table.add_column(text("entity", language))
        table.add_column(text("records", language), justify="right")
        for name, n in store.counts().items():
            table.add_row(entity_name(name, language), count(n, language))
        console.print(table)


@db_app.command("dedupe", cls=PpdCommand)
def db_dedupe(
    database: DatabaseOption = None,
    threshold: Annotated[float, typer.Option(help="Lowest score (0–100) to propose.")] = 85,
    limit: Annotated[int, typer.Option(help="Show at most this many proposals.")] = 30,
    lang: LangOption = "en",
) -> None:
    """Propose partner merges (same partner, other spellings), with scores and reasons."""
    from ppd_core.cleaning import propose_merges

    language = chosen_lang()
    with open_store(database) as store:
        ds = store.load()
    proposals = propose_merges(ds, threshold=threshold, lang=language)
    if proposals.empty:
        console.print(text("No likely duplicates among the partners.", language))
        return
    n = len(proposals)
    title = plural("{n} proposed merge", "{n} proposed merges", n, language, n=count(n, language))
    table = Table(title=title, title_justify="left")
    for col in ("keep_id", "drop_id", "score", "reason"):
        table.add_column(col)
    for row in proposals.head(limit).itertuples():
        table.add_row(
            str(row.keep_id), str(row.drop_id), number(row.score, language, 1), str(row.reason)
        )
    console.print(table)
