"""``ppd db create-login / grant / revoke``: one PostgreSQL login per organisation.

An administrator gives each organisation of the system its own login: an editor writes the
records of its organisation and of the units below it, a reader reads. The database enforces
it (row-level security, see :class:`ppd_core.store.Rights`); these commands only manage logins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from ppd_core._db_commands import DatabaseOption, LangOption, console, db_app, open_store
from ppd_core._exits import PpdCommand, chosen_lang
from ppd_core.i18n import N_, text

if TYPE_CHECKING:
    from ppd_core.store import Role

__all__ = ["db_create_login", "db_grant", "db_revoke"]

LoginArgument = Annotated[
    str, typer.Argument(help="The PostgreSQL login (lower-case letters, digits and _).")
]
RoleOption = Annotated[str, typer.Option(help="editor (writes its organisation) or reader.")]
OrganisationOption = Annotated[
    str | None,
    typer.Option(help="The organisation an editor writes for (with the units below it)."),
]


@db_app.command("create-login", cls=PpdCommand)
def db_create_login(
    login: LoginArgument,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, help="Its password.")],
    database: DatabaseOption = None,
    role: RoleOption = "editor",
    organisation: OrganisationOption = None,
    lang: LangOption = "en",
) -> None:
    """Create an organisation's PostgreSQL login (run as the database's administrator)."""
    _set_rights(database, login, password, role, organisation)


@db_app.command("grant", cls=PpdCommand)
def db_grant(
    login: LoginArgument,
    database: DatabaseOption = None,
    role: RoleOption = "editor",
    organisation: OrganisationOption = None,
    lang: LangOption = "en",
) -> None:
    """Give an existing login a role (and organisation), replacing what it had."""
    _set_rights(database, login, None, role, organisation)


@db_app.command("revoke", cls=PpdCommand)
def db_revoke(
    login: LoginArgument, database: DatabaseOption = None, lang: LangOption = "en"
) -> None:
    """Take every right from a login and delete it."""
    from ppd_core.store import rights

    with open_store(database) as store, store.engine.begin() as conn:
        rights.drop_login(conn, login)
    console.print(text("Login {login} revoked and deleted.", chosen_lang(), login=login))


def _role(role: str) -> Role:
    if role not in ("editor", "reader"):
        console.print(text("The role is editor or reader.", chosen_lang()), style="red")
        raise typer.Exit(code=2)
    return cast("Role", role)


def _set_rights(
    database: str | None, login: str, password: str | None, role: str, organisation: str | None
) -> None:
    """Give ``login`` the rights of ``role`` for ``organisation``, and say what it may now do.

    With a ``password`` the login is new and is created; without one it exists already and
    what it had is replaced.
    """
    from ppd_core.store import Rights, rights

    given = Rights(_role(role), organisation)
    with open_store(database) as store, store.engine.begin() as conn:
        if password is None:
            rights.grant(conn, login, given)
            message = N_("Login {login} now: {rights}")
        else:
            rights.create_login(conn, login, password, given.role, given.organisation)
            message = N_("Login {login} created: {rights}")
    console.print(text(message, chosen_lang(), login=login, rights=str(given)), markup=False)
