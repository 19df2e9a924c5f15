"""Malformed link rows are problems with their row, never a crash (property-based).

A hand-split register gives link tables whose rows may name no activity (blank id), an
activity not in the file, a negative share or no share at all. Whatever the mix, every reader
returns a report: each malformed row is rejected with a problem on its own row, and nothing
but the library's own errors is ever raised.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppd_core.errors import PpdError
from ppd_core.io import read_csv

ORGANISATIONS = "id,name_vi,type,level\nORG,Liên hiệp tỉnh,provincial_union,provincial\n"
PARTNERS = "id,name,country,type\nP1,Lao Friendship Association,LA,friendship_organisation\n"
ACTIVITIES = (
    "id,title,lead_organisation_id,kind,status,actual_start\n"
    "A1,Hội thảo,ORG,training_workshop,closed,01/02/2025\n"
    "A2,Đón đoàn,ORG,delegation_inbound,closed,03/04/2025\n"
)

parents = st.sampled_from(["A1", "A2", "", " ", "A9", "a1", "A 1"])
shares = st.sampled_from(["100", "50", "", "-5", "0", "abc", "150", "-0.01"])
countries = st.sampled_from(["LA", "KH", "", "Lào", "ZZ"])
roles = st.sampled_from(["funding", "co_organising", "", "boss"])
partner_ids = st.sampled_from(["P1", "", "P9"])


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _good(row: list[str]) -> bool:
    """Whether a country row is well formed on its own (its activity may still be rejected)."""
    parent, country, share = row
    return parent in ("A1", "A2") and country in ("LA", "KH") and share in ("100", "50", "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(parents, countries, shares).map(list), max_size=6),
    st.lists(st.tuples(parents, partner_ids, roles).map(list), max_size=6),
)
def test_malformed_link_rows_are_reported_not_raised(
    country_rows: list[list[str]], partner_rows: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
        (folder / "partners.csv").write_text(PARTNERS, encoding="utf-8")
        (folder / "activities.csv").write_text(ACTIVITIES, encoding="utf-8")
        _write(folder, "activity_countries", ["activity_id", "country", "percentage"], country_rows)
        _write(folder, "activity_partners", ["activity_id", "partner_id", "role"], partner_rows)
        try:
            result = read_csv(folder)
        except PpdError:  # a whole file refused is the library's own error, and allowed
            return
    accepted = result.accepted["activity_countries"] + result.accepted["activity_partners"]
    rejected = (
        result.rejected_counts["activity_countries"] + result.rejected_counts["activity_partners"]
    )
    written = [r for r in country_rows if any(c.strip() for c in r)]
    written += [r for r in partner_rows if any(c.strip() for c in r)]
    assert accepted + rejected == len(written)  # every row is kept or rejected: none lost
    reported = {(p.sheet, p.row) for p in result.report}
    for n, row in enumerate(country_rows, start=2):
        if any(c.strip() for c in row) and not _good(row):
            assert ("activity_countries", n) in reported, (row, list(result.report))
    for n, row in enumerate(partner_rows, start=2):
        if any(c.strip() for c in row) and (row[0] not in ("A1", "A2") or row[1] != "P1"):
            assert ("activity_partners", n) in reported, (row, list(result.report))
    for problem in result.report:
        if problem.sheet in ("activity_countries", "activity_partners"):
            assert problem.code.startswith("PPD"), problem
            assert problem.row is not None, problem


def test_blank_parent_id_names_the_id_column(tmp_path: Path) -> None:
    (tmp_path / "organisations.csv").write_text(ORGANISATIONS, encoding="utf-8")
    (tmp_path / "activities.csv").write_text(ACTIVITIES, encoding="utf-8")
    _write(
        tmp_path,
        "activity_countries",
        ["activity_id", "country", "percentage"],
        [["", "LA", "50"], ["A1", "KH", "100"], ["A7", "KH", "100"], ["A2", "KH", "-5"]],
    )
    result = read_csv(tmp_path)
    shown = [(p.code, p.row, p.field) for p in result.report]
    assert shown == [
        ("PPD001", 2, "activity_id"),
        ("PPD110", 4, "activity_id"),
        ("PPD402", 5, "countries.0.percentage"),
    ]
    assert str(result.report[0]).endswith("activity_id is required but missing. Fill it in.")
    assert result.accepted["activities"] == 1  # A1; A2 goes with its bad share
