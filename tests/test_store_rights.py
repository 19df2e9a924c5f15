"""Rights by organisation: an editor writes its organisation and the units below it only, a
reader writes nothing; through the library on both back ends, and on PostgreSQL through the
database itself (row-level security), even with raw SQL through the organisation's login.

PostgreSQL cases need ``PPD_TEST_POSTGRES_URL`` (a login allowed to create roles); without it
they are skipped with that reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from helpers import TODAY
from ppd_core import Activity, Dataset
from ppd_core.datasets import load_sample
from ppd_core.errors import PermissionDeniedError, StoreError
from ppd_core.store import Store, rights
from test_store import PG, _reset_postgres, url  # noqa: F401 - the SQLite / PostgreSQL fixture

needs_postgres = pytest.mark.skipif(
    not PG, reason="no PostgreSQL server: set PPD_TEST_POSTGRES_URL (.ci/run does)"
)


def _retitled(ds: Dataset, activity: str, title: str) -> Dataset:
    frames = ds.to_frames()
    rows = frames["activities"]["id"] == activity
    frames["activities"].loc[rows, "title"] = title
    return Dataset.from_frames(frames, today=TODAY).with_versions(ds.versions)


def _first_activity(ds: Dataset, organisation: str) -> str:
    acts = ds.to_frames()["activities"]
    return str(acts.loc[acts["lead_organisation_id"] == organisation, "id"].iloc[0])


def test_an_editor_writes_its_union_and_the_units_below_only(url: str) -> None:  # noqa: F811
    with Store(url, user="admin") as admin:
        admin.save(load_sample())
    with Store(url, user="hn", role="editor", organisation="HN-UFO") as hn:
        loaded = hn.load()
        own, below, other = (
            _first_activity(loaded, org) for org in ("HN-UFO", "HN-VN-JP", "HCM-UFO")
        )
        saved = hn.save(_retitled(_retitled(loaded, own, "Hà Nội edits"), below, "Below too"))
        assert saved.updated["activities"] == 2
        with pytest.raises(
            PermissionDeniedError, match=rf"editor of HN-UFO .* '{other}' \(HCM-UFO\)"
        ):
            hn.save(_retitled(hn.load(), other, "Not mine"))
        record = hn.get(Activity, other)
        moved = record.record.model_copy(update={"lead_organisation_id": "HN-UFO"})
        with pytest.raises(PermissionDeniedError, match="HCM-UFO"):
            hn.update(moved, version=record.version)  # taking it over is writing it too
        with pytest.raises(PermissionDeniedError, match="merging partners is for administrators"):
            hn.merge_partners("P-KH-001", "P-KH-002", force=True)
    with Store(url, role="reader") as reader:
        with pytest.raises(PermissionDeniedError, match="you may read but not write"):
            reader.save(_retitled(reader.load(), own, "Reader"))
        assert reader.get(Activity, other).record.title != "Not mine"
        assert reader.get(Activity, own).record.title == "Hà Nội edits"


# -- PostgreSQL: the database enforces it ----------------------------------------------------


@pytest.fixture
def logins() -> Iterator[dict[str, str]]:
    """An editor of HN-UFO and a reader, as PostgreSQL logins (dropped afterwards)."""
    assert PG is not None
    _reset_postgres(PG)
    tag = uuid.uuid4().hex[:8]
    names = {"editor": f"t_{tag}_hn_editor", "reader": f"t_{tag}_reader"}
    with Store(PG, user="admin") as admin:
        admin.save(load_sample())
        with admin.engine.begin() as conn:
            rights.create_login(conn, names["editor"], "secret-1", "editor", "HN-UFO")
            rights.create_login(conn, names["reader"], "secret-2", "reader")
        base = make_url(PG)
        urls = {
            role: base.set(
                username=name, password="secret-1" if role == "editor" else "secret-2"
            ).render_as_string(hide_password=False)
            for role, name in names.items()
        }
        try:
            yield {**urls, **{f"{k}_login": v for k, v in names.items()}}
        finally:
            with admin.engine.begin() as conn:
                for name in names.values():
                    rights.drop_login(conn, name)


def _raw(login_url: str) -> sa.Engine:
    return sa.create_engine(login_url.replace("postgresql://", "postgresql+psycopg://"))


@needs_postgres
def test_rls_stops_raw_sql_through_an_editors_own_login(logins: dict[str, str]) -> None:
    engine = _raw(logins["editor"])
    try:
        with engine.begin() as conn:
            other = conn.exec_driver_sql(
                "SELECT id FROM activities WHERE lead_organisation_id = 'HCM-UFO' LIMIT 1"
            ).scalar_one()  # it can read every activity …
            own = conn.exec_driver_sql(
                "SELECT id FROM activities WHERE lead_organisation_id = 'HN-UFO' LIMIT 1"
            ).scalar_one()
            changed = conn.exec_driver_sql(
                "UPDATE activities SET title = 'raw edit' WHERE id IN (%s, %s)", (own, other)
            )
            assert changed.rowcount == 1  # … but changes its own only
            gone = conn.exec_driver_sql("DELETE FROM activities WHERE id = %s", (other,))
            assert gone.rowcount == 0
        with (
            pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
            engine.begin() as c,
        ):
            c.exec_driver_sql(
                "INSERT INTO activities (id, title, lead_organisation_id, kind, status) "
                "VALUES ('A-HCM-NEW', 'x', 'HCM-UFO', 'conference_forum', 'planned')"
            )
        with (
            pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
            engine.begin() as c,
        ):
            c.exec_driver_sql(
                "UPDATE activities SET lead_organisation_id = 'HCM-UFO' WHERE id = %s", (own,)
            )
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), engine.begin() as c:
            c.exec_driver_sql("UPDATE organisations SET name_vi = 'x'")
    finally:
        engine.dispose()
    with Store(PG) as admin:
        assert admin.get(Activity, other).record.title != "raw edit"
        assert admin.get(Activity, own).record.title == "raw edit"


@needs_postgres
def test_an_editors_login_through_the_library(logins: dict[str, str]) -> None:
    with Store(logins["editor"], user="typed-any-name") as hn:
        assert (hn.rights.role, hn.rights.organisation) == ("editor", "HN-UFO")
        loaded = hn.load()
        own, other = _first_activity(loaded, "HN-UFO"), _first_activity(loaded, "HCM-UFO")
        with pytest.raises(PermissionDeniedError, match="HCM-UFO"):
            hn.save(_retitled(loaded, other, "Not mine"))
        hn.save(_retitled(loaded, own, "Library edit"))
        last = hn.audit("activity", own).iloc[-1]
        assert (last["user_name"], last["db_user"]) == ("typed-any-name", logins["editor_login"])
    with Store(logins["reader"]) as reader:
        assert reader.rights.role == "reader"
        with pytest.raises(PermissionDeniedError, match="you may read but not write"):
            reader.save(_retitled(reader.load(), own, "Reader"))
    engine = _raw(logins["reader"])
    try:
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), engine.begin() as c:
            c.exec_driver_sql("DELETE FROM activities")
    finally:
        engine.dispose()


def test_logins_are_postgresql_only(tmp_path: Path) -> None:
    with (
        Store(f"{tmp_path}/x.sqlite") as s,
        s.engine.begin() as conn,
        pytest.raises(StoreError, match="logins exist on PostgreSQL only"),
    ):
        rights.create_login(conn, "hn_editor", "pw", "editor", "HN-UFO")


@needs_postgres
def test_ppd_db_commands_create_grant_and_revoke_a_login() -> None:
    from typer.testing import CliRunner

    from ppd_core.cli import app

    assert PG is not None
    _reset_postgres(PG)
    with Store(PG) as admin:
        admin.save(load_sample())
    login = f"t_{uuid.uuid4().hex[:8]}_cli"
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["db", "create-login", login, "-d", PG, "--organisation", "HCM-UFO", "--password", "pw"],
    )
    assert made.exit_code == 0, made.output
    assert f"Login {login} created: editor of HCM-UFO" in made.output
    as_login = make_url(PG).set(username=login, password="pw").render_as_string(False)
    with Store(as_login) as store:
        assert str(store.rights) == "editor of HCM-UFO"
    granted = runner.invoke(app, ["db", "grant", login, "-d", PG, "--role", "reader"])
    assert granted.exit_code == 0, granted.output
    with Store(as_login) as store:
        assert store.rights.role == "reader"
    wrong = runner.invoke(app, ["db", "grant", login, "-d", PG, "--role", "admin"])
    assert wrong.exit_code == 2
    assert "The role is editor or reader." in wrong.output
    revoked = runner.invoke(app, ["db", "revoke", login, "-d", PG])
    assert revoked.exit_code == 0, revoked.output
    with pytest.raises(sa.exc.OperationalError, match="authentication failed"):
        Store(as_login)


# -- as of the record's date -----------------------------------------------------------------


def _dated(ds: Dataset, template: str, new_id: str, lead: str, day: str) -> Activity:
    when = date.fromisoformat(day)
    return ds.activities.get(template).model_copy(
        update={
            "id": new_id,
            "lead_organisation_id": lead,
            "planned_start": when,
            "planned_end": when,
            "actual_start": when,
            "actual_end": when,
        }
    )


def test_the_units_below_are_those_of_the_records_date(url: str) -> None:  # noqa: F811
    # VUFO's tree: DN-UFO ended on 2025-06-30 and DN-UFO-2025 began on 2025-07-01 (the merger).
    with Store(url, user="admin") as admin:
        admin.save(load_sample())
    with Store(url, user="vufo", role="editor", organisation="VUFO") as vufo:
        seen = vufo.load()
        in_time = [
            _dated(seen, "A-2025-009", "A-DN-OLD", "DN-UFO", "2025-06-30"),
            _dated(seen, "A-2025-027", "A-DN-NEW", "DN-UFO-2025", "2025-07-01"),
        ]
        assert vufo.save(Dataset(activities=in_time, check=False)).inserted["activities"] == 2
        for bad in (
            _dated(seen, "A-2025-009", "A-DN-LATE", "DN-UFO", "2025-07-01"),
            _dated(seen, "A-2025-027", "A-DN-EARLY", "DN-UFO-2025", "2025-06-30"),
        ):
            with pytest.raises(PermissionDeniedError) as refused:
                vufo.save(Dataset(activities=[bad], check=False))
            day = bad.actual_start.isoformat() if bad.actual_start else ""
            assert f"'{bad.id}' ({bad.lead_organisation_id}, not below VUFO on {day})" in str(
                refused.value
            )
            assert "as of each record's date" in str(refused.value)
        # Its own organisation counts whatever the date; the undated tree for other units.
        own = _dated(seen, "A-2025-009", "A-VUFO-1990", "VUFO", "1990-01-01")
        assert vufo.save(Dataset(activities=[own], check=False)).inserted["activities"] == 1
    with Store(url, user="hn", role="editor", organisation="HN-UFO") as hn:
        seen = hn.load()
        club = "HN-CLB-FR"  # founded 2023-03-20
        ok = _dated(seen, "A-2023-011", "A-CLB-2024", club, "2024-06-01")
        early = _dated(seen, "A-2023-011", "A-CLB-2022", club, "2022-05-01")
        assert hn.save(Dataset(activities=[ok], check=False)).inserted["activities"] == 1
        with pytest.raises(PermissionDeniedError, match=r"HN-CLB-FR, not below HN-UFO on 2022"):
            hn.save(Dataset(activities=[early], check=False))
        # Moving a stored record to before the club existed is writing outside too.
        stored = hn.get(Activity, "A-2023-011")
        moved = _dated(seen, "A-2023-011", "A-2023-011", club, "2023-03-19")
        with pytest.raises(PermissionDeniedError, match="'A-2023-011'"):
            hn.update(moved, version=stored.version)
        assert hn.get(Activity, "A-2023-011").record.actual_start == date(2023, 7, 12)


@needs_postgres
def test_rls_judges_on_the_records_date(logins: dict[str, str]) -> None:
    insert = (
        "INSERT INTO activities (id, title, lead_organisation_id, kind, status, planned_start, "
        "actual_start) VALUES (%s, 'x', 'HN-CLB-FR', 'conference_forum', 'closed', %s, %s)"
    )
    engine = _raw(logins["editor"])
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(insert, ("A-RAW-2024", "2024-06-01", None))
            moved = conn.exec_driver_sql(
                "UPDATE activities SET actual_start = '2023-07-01' WHERE id = 'A-2023-011'"
            )
            assert moved.rowcount == 1  # the club existed then
        for values in (
            ("A-RAW-2022", "2022-05-01", None),
            ("A-RAW-MIX", "2024-01-01", "2023-01-01"),
        ):
            with (
                pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
                engine.begin() as c,
            ):
                c.exec_driver_sql(insert, values)  # actual start first, else planned start
        with (
            pytest.raises(sa.exc.ProgrammingError, match="row-level security"),
            engine.begin() as c,
        ):
            c.exec_driver_sql(
                "UPDATE activities SET actual_start = '2023-03-19' WHERE id = 'A-2023-011'"
            )
    finally:
        engine.dispose()
    with Store(PG) as admin:
        assert admin.get(Activity, "A-2023-011").record.actual_start == date(2023, 7, 1)
        assert admin.get(Activity, "A-RAW-2024").record.lead_organisation_id == "HN-CLB-FR"
        assert "A-RAW-2022" not in admin.load().activities.ids()
