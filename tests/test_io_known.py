"""A file imported into a shared database may refer to what the database already holds.

A union adds its new activities, naming partners and organisations recorded by others, or a
work plan alone for an organisation the database holds: nothing of the kind is rejected, the
counts are the file's, and known records are neither rewritten nor lost.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ppd_core import Activity, Dataset, Organisation, Partner
from ppd_core.cli import app
from ppd_core.io import read_csv, write_json
from ppd_core.store import ConflictError, Store

runner = CliRunner()

KNOWN = Dataset(
    organisations=[
        Organisation(id="TN-UFO", name_vi="Liên hiệp Thái Nguyên", type="provincial_union",
                     level="provincial"),
    ],
    partners=[
        Partner(id="P-LA", name="Lao-Vietnam Friendship Association", country="LA",
                type="friendship_organisation"),
        Partner(id="P-KH", name="Cambodia-Vietnam Friendship Association", country="KH",
                type="friendship_organisation"),
    ],
    activities=[
        Activity(id="TN-1", title="Đón đoàn Lào", kind="delegation_inbound", status="closed",
                 lead_organisation_id="TN-UFO", actual_start=date(2025, 3, 1),
                 partners=[{"partner_id": "P-LA", "role": "co_organising"}]),
    ],
)  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    done = runner.invoke(app, ["db", "import", str(write_json(KNOWN, tmp_path / "k.json")),
                               "-d", db])  # fmt: skip
    assert done.exit_code == 0, done.output
    return db


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    for name, content in files.items():
        (path / name).write_text(content, encoding="utf-8")
    return path


def test_new_activities_may_name_known_partners_and_organisations(
    tmp_path: Path, database: str
) -> None:
    folder = _folder(
        tmp_path / "new",
        {
            "activities.csv": "id,title,kind,status,lead_organisation_id,actual_start\n"
            "TN-2,Hội thảo Campuchia,training_workshop,closed,TN-UFO,10/04/2025\n"
            "TN-3,Giao lưu,youth_exchange,closed,XX-UFO,11/04/2025\n",
            "activity_partners.csv": "activity_id,partner_id,role\n"
            "TN-2,P-KH,co_organising\nTN-2,P-LA,funding\n",
        },
    )
    done = runner.invoke(app, ["db", "import", str(folder), "-d", database],
                         env={"COLUMNS": "200"})  # fmt: skip
    assert done.exit_code == 3, done.output  # TN-3's organisation is nowhere
    assert "organisation 'XX-UFO'" in done.output
    assert "TN-2" not in done.output.split("problem")[-1]  # TN-2 was not reported
    rows = [line for line in done.output.splitlines() if "│" in line]
    cells = {r.split("│")[1].strip(): [c.strip() for c in r.split("│")[2:6]] for r in rows}
    assert cells["activities"] == ["1", "1", "1", "0"]  # accepted, rejected, new, updated
    assert cells["activity partners"][:2] == ["2", "0"]  # saved with their activity
    with Store(database) as store:
        after = store.load()
    acts = {a.id: a for a in after.activities}
    assert sorted(acts) == ["TN-1", "TN-2"]
    assert [p.partner_id for p in acts["TN-2"].partners] == ["P-KH", "P-LA"]
    assert [p.partner_id for p in acts["TN-1"].partners] == ["P-LA"]  # untouched, links kept
    assert {p.id for p in after.partners} == {"P-LA", "P-KH"}


def test_a_work_plan_alone_for_a_known_organisation(tmp_path: Path, database: str) -> None:
    folder = _folder(
        tmp_path / "plan",
        {"work_plans.csv": "id,organisation_id,year,title\nWP-TN-2027,TN-UFO,2027,Kế hoạch\n"},
    )
    done = runner.invoke(app, ["db", "import", str(folder), "-d", database])
    assert done.exit_code == 0, done.output
    with Store(database) as store:
        assert [w.id for w in store.load().work_plans] == ["WP-TN-2027"]


def test_a_known_record_given_again_is_the_files(tmp_path: Path, database: str) -> None:
    folder = _folder(
        tmp_path / "again",
        {
            "partners.csv": "id,name,country,type\n"
            "P-KH,Hội Hữu nghị Campuchia - Việt Nam,KH,friendship_organisation\n",
        },
    )
    done = runner.invoke(app, ["db", "import", str(folder), "-d", database],
                         env={"COLUMNS": "200"})  # fmt: skip
    assert done.exit_code == 0, done.output
    with Store(database) as store:
        names = {p.id: p.name for p in store.load().partners}
    assert names == {
        "P-KH": "Hội Hữu nghị Campuchia - Việt Nam",
        "P-LA": "Lao-Vietnam Friendship Association",
    }


def test_a_known_record_changed_meanwhile_is_a_conflict_not_overwritten(
    tmp_path: Path, database: str
) -> None:
    folder = _folder(
        tmp_path / "new",
        {
            "activities.csv": "id,title,kind,status,lead_organisation_id,actual_start\n"
            "TN-2,Hội thảo,training_workshop,closed,TN-UFO,10/04/2025\n",
        },
    )
    with Store(database, user="importer") as mine, Store(database, user="colleague") as other:
        known = mine.load()
        result = read_csv(folder, known=known)
        assert result.accepted["activities"] == 1
        assert result.accepted["partners"] == 0
        theirs = other.load()
        renamed = theirs.partners[0].model_copy(update={"name": "Renamed meanwhile"})
        partners = [renamed, *theirs.partners[1:]]
        other.save(Dataset(organisations=theirs.organisations, partners=partners))
        with pytest.raises(ConflictError, match="changed by colleague"):
            mine.save(result.dataset, versions=known.versions)
        kept = {p.id: p.name for p in mine.load().partners}
    assert kept[renamed.id] == "Renamed meanwhile"
