"""Round trip of IATI's annotated example: import, then export, compared field group by group.

The union here is the example's publisher (AA-AAA-123456789 is read as VUFO, the lead), so
its identifier, its activity id and its transaction receiver can come back as published.
Every group ppd_core holds comes back equal; each group that changes does so in a stated
way and with a problem in the import report; everything else is listed in the report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from lxml import etree

from helpers import IATI, needs_shared
from ppd_core import Organisation
from ppd_core.io.iati import IatiImport, read_iati, safe_parser, write_iati

EXAMPLE = IATI / "examples" / "activity-standard-example-annotated.xml"
PUBLISHER = "AA-AAA-123456789"
VUFO = Organisation(
    id="VUFO",
    name_vi="Liên hiệp các tổ chức hữu nghị Việt Nam",
    name_en="Viet Nam Union of Friendship Organizations",
    type="central_standing_body",
    level="central",
)
Element = Any


@pytest.fixture(scope="module")
def trip() -> tuple[Element, Element, IatiImport]:
    imported = read_iati(EXAMPLE, lead_organisation_id="VUFO", today=date(2026, 11, 22),
                         organisation_refs={PUBLISHER: "VUFO"})  # fmt: skip
    out = write_iati(imported.to_dataset([VUFO]), None, reporting_org_ref=PUBLISHER,
                     reporting_org_name="Organisation name", reporting_org_type="40",
                     generated=datetime(2026, 11, 22, tzinfo=UTC))  # fmt: skip
    original = etree.parse(str(EXAMPLE), safe_parser()).getroot().find("iati-activity")
    back = etree.fromstring(out, safe_parser()).find("iati-activity")
    return original, back, imported


def _english(el: Element | None) -> str | None:
    if el is None:
        return None
    for n in el.findall("narrative"):
        if n.get("{http://www.w3.org/XML/1998/namespace}lang") in (None, "en"):
            return " ".join((n.text or "").split())
    return None


def _general_description(a: Element) -> str | None:
    return next((_english(d) for d in a.findall("description") if d.get("type") in (None, "1")),
                None)  # fmt: skip


def _transactions(a: Element) -> list[tuple[str | None, ...]]:
    return [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.findtext("value").strip(),
            t.find("value").get("currency") or a.get("default-currency"),
            t.find("provider-org").get("ref"),
            t.find("receiver-org").get("ref"),
            _english(t.find("description")),
        )
        for t in a.findall("transaction")
    ]


def _results(a: Element) -> list[tuple[Any, ...]]:
    out = []
    for res in a.findall("result"):
        for ind in res.findall("indicator"):
            base = ind.find("baseline")
            periods = [
                (
                    p.find("period-start").get("iso-date"),
                    p.find("period-end").get("iso-date"),
                    p.find("target").get("value"),
                    p.find("actual").get("value"),
                )
                for p in ind.findall("period")
            ]
            out.append((res.get("type"), ind.get("measure"), ind.get("ascending"),
                        _english(ind.find("title")), _english(ind.find("description")),
                        base.get("year"), base.get("iso-date"), base.get("value"),
                        periods))  # fmt: skip
    return out


GROUPS = {
    "identifier": lambda a: a.findtext("iati-identifier"),
    "reporting organisation": lambda a: a.find("reporting-org").get("ref"),
    "title (English)": lambda a: _english(a.find("title")),
    "general description (English)": _general_description,
    "status": lambda a: a.find("activity-status").get("code"),
    "dates": lambda a: {(d.get("type"), d.get("iso-date")) for d in a.findall("activity-date")},
    "humanitarian": lambda a: a.get("humanitarian") in ("1", "true"),
    "partners and roles": lambda a: {
        (o.get("ref"), o.get("role")) for o in a.findall("participating-org")
        if o.get("ref") != PUBLISHER
    },
    "SDG tags": lambda a: {t.get("code") for t in a.findall("tag")
                           if t.get("vocabulary") in ("2", "3")},
    "policy markers (codes, vocabulary 1)": lambda a: {
        m.get("code") for m in a.findall("policy-marker") if m.get("vocabulary") in (None, "1")
    },
    "transactions": _transactions,
    "results": _results,
}  # fmt: skip


@needs_shared()
@pytest.mark.parametrize("group", list(GROUPS))
def test_every_group_the_model_holds_comes_back(group: str, trip: tuple[Any, ...]) -> None:
    original, back, _ = trip
    assert GROUPS[group](back) == GROUPS[group](original)


def _reported(imported: IatiImport, code: str, field: str) -> bool:
    return any(p.code == code and p.field == field for p in imported.report)


def _attrs(a: Element, path: str, *names: str) -> list[tuple[str | None, ...]]:
    """The given attributes of each element at ``path``."""
    return [tuple(e.get(n) for n in names) for e in a.findall(path)]


@needs_shared()
def test_groups_that_change_do_so_as_stated_and_reported(trip: tuple[Any, ...]) -> None:
    original, back, imported = trip
    # Countries: AF 25 % + AG 25 % beside two regions → 50/50 (regions are not recorded).
    assert _attrs(original, "recipient-country", "code", "percentage") == [
        ("AF", "25"),
        ("AG", "25"),
    ]
    assert _attrs(back, "recipient-country", "code", "percentage") == [("AF", "50"), ("AG", "50")]
    assert _reported(imported, "IATI301", "recipient-country")
    assert len(original.findall("recipient-region")) == 2
    assert not back.findall("recipient-region")
    assert _reported(imported, "IATI003", "recipient-region")
    # Sectors: vocabularies 2 and 99 are not mapped (IATI102); the areas came from the policy
    # markers (2 environment, 9 health) and go out as their DAC codes, vocabulary 1.
    sector = ("vocabulary", "code", "percentage")
    assert _attrs(original, "sector", *sector) == [
        ("2", "111", "50"),
        ("2", "112", "50"),
        ("99", "A1", "100"),
    ]
    assert _attrs(back, "sector", *sector) == [("1", "41010", "50"), ("1", "12220", "50")]
    assert {p.value for p in imported.report if p.code == "IATI102"} == {"111, 112", "A1"}
    # Policy markers: same codes, significance not kept (3 and 4 → 1); vocabulary 99 dropped.
    marker = ("vocabulary", "code", "significance")
    assert _attrs(original, "policy-marker", *marker) == [
        ("1", "2", "3"),
        ("1", "9", "4"),
        ("99", "A1", "3"),
    ]
    assert _attrs(back, "policy-marker", *marker) == [("1", "2", "1"), ("1", "9", "1")]
    assert _reported(imported, "IATI003", "policy-marker/@significance")
    assert _reported(imported, "IATI103", "policy-marker")
    # The publisher took part as "participating" (3); it is the lead, so accountable (2).
    path = f"participating-org[@ref='{PUBLISHER}']"
    assert (_attrs(original, path, "role"), _attrs(back, path, "role")) == ([("3",)], [("2",)])
    # The result's own title goes: each indicator's name titles its result.
    assert _english(original.find("result/title")) == "Result title"
    assert _english(back.find("result/title")) == "Indicator title"
    assert _reported(imported, "IATI003", "result[1]")


@needs_shared()
def test_the_report_lists_the_rest(trip: tuple[Any, ...]) -> None:
    _, _, imported = trip
    unkept = {p.field for p in imported.report if p.code == "IATI003"}
    assert unkept == {
        # elements ppd_core has no field for
        "other-identifier", "contact-info", "activity-scope", "recipient-region", "location",
        "country-budget-items", "humanitarian-scope", "collaboration-type", "default-flow-type",
        "default-finance-type", "default-aid-type", "default-tied-status", "budget",
        "planned-disbursement", "capital-spend", "document-link", "related-activity",
        "legacy-data", "conditions", "crs-add", "fss",
        # attributes
        "@linked-data-uri", "@budget-not-provided",
        # transaction details
        "transaction/disbursement-channel", "transaction/flow-type", "transaction/finance-type",
        "transaction/aid-type", "transaction/tied-status",
        # texts in other languages, other description types, other tags
        "title/narrative", "description[1]/narrative", "description[2]", "description[3]", "tag",
        # participants' details, markers' significance, results' own parts
        "participating-org/@activity-id", "participating-org/@crs-channel-code",
        "policy-marker/@significance", "result[1]", "result[1]/indicator[1]",
    }  # fmt: skip
    assert imported.report.counts() == {
        "IATI003": len(unkept),
        "IATI302": 2,  # sectors and countries repeated on the transaction
        "IATI102": 2,
        "IATI301": 1,
        "IATI103": 1,
        "IATI602": 1,  # the disaggregated baseline, target and actual
    }
