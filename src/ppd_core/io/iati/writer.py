"""Writing PPD activities as an IATI 2.03 ``iati-activities`` document, in the XSD's order.

The document is schema-valid and passes every error-level rule of IATI's Standard Ruleset
(:func:`~ppd_core.io.iati.check_ruleset`): identifiers begin with the reporting organisation's
identifier, every activity declares a recipient country and a sector, results carry their
baselines, targets and actuals. What is exported, and what IATI has no place for, is listed in
:mod:`ppd_core.io.iati`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from ppd_core.dataset import Dataset
from ppd_core.io.iati._codelists import ACCOUNTABLE, DATE_FIELDS, ROLE_TO_IATI, SECTOR_OF_KIND
from ppd_core.io.iati._results import activity_indicators, write_results
from ppd_core.io.iati._values import XML_LANG, decimal_text
from ppd_core.io.iati.safe import Element
from ppd_core.models import Activity, Indicator, Organisation, Partner
from ppd_core.vocab import ActivityKind

__all__ = ["write_iati"]


def _sub(parent: Element, tag: str, attrs: Mapping[str, str | None] | None = None) -> Element:
    """Append a child element, leaving out attributes whose value is ``None``."""
    clean = {k: v for k, v in (attrs or {}).items() if v is not None}
    return etree.SubElement(parent, tag, clean)


def _narratives(parent: Element, *texts: tuple[str | None, str | None]) -> None:
    """Append ``narrative`` children: (text, language or None for the default)."""
    seen: set[str] = set()
    for text, lang in texts:
        if not text or text in seen:
            continue
        seen.add(text)
        n = _sub(parent, "narrative", {XML_LANG: lang})
        n.text = text


@dataclass(frozen=True)
class _Export:
    """What every exported activity shares: the reporting organisation, names and results."""

    ref: str
    """The reporting organisation's IATI identifier."""
    name: str
    type: str
    own_id: str | None
    """The PPD id of the reporting organisation (written with ``ref``: one identifier)."""
    prefix: str
    """What every ``iati-identifier`` begins with (followed by ``-``)."""
    country: str
    """The recipient country of activities that name none (domestic activities)."""
    stamp: str
    organisations: Mapping[str, Organisation]
    partners: Mapping[str, Partner]
    results: Mapping[str, Mapping[str, list[Indicator]]]

    def identifier(self, activity_id: str) -> str:
        """The activity's ``iati-identifier``: ``<prefix>-<id>`` (an id already so begun kept)."""
        if not self.prefix or activity_id.startswith(f"{self.prefix}-"):
            return activity_id
        return f"{self.prefix}-{activity_id}"

    def org_ref(self, org_id: str) -> str:
        """The ``@ref`` of an organisation of the PPD system (the reporting one: its IATI id)."""
        return self.ref if org_id == self.own_id else org_id

    def org_name(self, org_id: str) -> str:
        """An organisation's English name (else Vietnamese; its id when unknown)."""
        org = self.organisations.get(org_id)
        return (org.name_en or org.name_vi) if org else org_id

    def organisation(self, parent: Element, org_id: str, role: str) -> None:
        """Append a participating-org for an organisation of the PPD system."""
        org = self.organisations.get(org_id)
        el = _sub(
            parent,
            "participating-org",
            {"ref": self.org_ref(org_id), "type": org.type.iati if org else None, "role": role},
        )
        if org is None:
            _narratives(el, (org_id, None))
        else:
            _narratives(el, (org.name_en or org.name_vi, None), (org.name_vi, "vi"))

    def partner_attrs(self, partner_id: str) -> dict[str, str | None]:
        """The ``ref`` and ``type`` attributes of a partner."""
        p = self.partners.get(partner_id)
        return {"ref": partner_id, "type": p.type.iati if p else None}

    def partner_name(self, partner_id: str) -> str:
        """The partner's name (its id when unknown)."""
        p = self.partners.get(partner_id)
        return p.name if p else partner_id


def _sectors(a: Activity) -> dict[str, float]:
    """Each priority area's first DAC code with the area's share (shared codes merged).

    An activity without priority areas gets its kind's code (:data:`SECTOR_OF_KIND`), 100 %.
    """
    if not a.priority_areas:
        return {SECTOR_OF_KIND[a.kind]: 100.0}
    out: dict[str, float] = {}
    for share in a.priority_areas:
        code = share.area.dac_sectors[0]
        out[code] = out.get(code, 0.0) + share.percentage
    return out


def _activity_element(root: Element, a: Activity, ex: _Export) -> None:
    """Append one ``iati-activity`` with its elements in the order of the XSD sequence."""
    act = _sub(
        root,
        "iati-activity",
        {
            "last-updated-datetime": ex.stamp,
            XML_LANG: "en",
            "humanitarian": "1" if a.kind is ActivityKind.HUMANITARIAN_AID else None,
        },
    )
    _sub(act, "iati-identifier").text = ex.identifier(a.id)
    _narratives(_sub(act, "reporting-org", {"ref": ex.ref, "type": ex.type}), (ex.name, None))
    _narratives(_sub(act, "title"), (a.title, None))
    if a.notes:
        _narratives(_sub(act, "description", {"type": "1"}), (a.notes, None))
    else:
        text = f"Activity kind (ppd_core): {a.kind.label('en')} [{a.kind.value}]."
        _narratives(_sub(act, "description", {"type": "4"}), (text, None))
    ex.organisation(act, a.lead_organisation_id, ACCOUNTABLE)
    for org_id in a.co_organiser_ids:
        ex.organisation(act, org_id, ACCOUNTABLE)
    for link in a.partners:
        attrs = ex.partner_attrs(link.partner_id) | {"role": ROLE_TO_IATI[link.role]}
        _narratives(_sub(act, "participating-org", attrs), (ex.partner_name(link.partner_id), None))
    _sub(act, "activity-status", {"code": a.status.iati})
    for code, date_field in DATE_FIELDS.items():
        day = getattr(a, date_field)
        if day is not None:
            _sub(act, "activity-date", {"type": code, "iso-date": day.isoformat()})
    for c in a.countries:
        _sub(
            act, "recipient-country", {"code": c.country, "percentage": decimal_text(c.percentage)}
        )
    if not a.countries:
        _sub(act, "recipient-country", {"code": ex.country, "percentage": "100"})
    for code, pct in _sectors(a).items():
        _sub(act, "sector", {"vocabulary": "1", "code": code, "percentage": decimal_text(pct)})
    for goal in a.sdgs:
        _narratives(_sub(act, "tag", {"vocabulary": "2", "code": goal.iati}), (goal.en, None))
    # Each area's first (principal) marker only: an area does not claim all its markers.
    markers = dict.fromkeys(
        s.area.policy_markers[0] for s in a.priority_areas if s.area.policy_markers
    )
    for marker in markers:
        _sub(act, "policy-marker", {"vocabulary": "1", "code": marker, "significance": "1"})
    for f in a.resource_flows:
        t = _sub(act, "transaction")
        _sub(t, "transaction-type", {"code": f.stage.iati})
        _sub(t, "transaction-date", {"iso-date": f.date.isoformat()})
        value = _sub(t, "value", {"currency": f.amount.currency, "value-date": f.date.isoformat()})
        value.text = format(f.amount.amount, "f")
        if f.description:
            _narratives(_sub(t, "description"), (f.description, None))
        provider = _sub(t, "provider-org", ex.partner_attrs(f.partner_id))
        _narratives(provider, (ex.partner_name(f.partner_id), None))
        receiver = _sub(t, "receiver-org", {"ref": ex.org_ref(a.lead_organisation_id)})
        _narratives(receiver, (ex.org_name(a.lead_organisation_id), None))
    groups = ex.results.get(a.id)
    if groups:
        write_results(act, groups, lambda el, txt: _narratives(el, (txt, None)), int(ex.stamp[:4]))


def _reporting_organisation(organisations: Iterable[Organisation], ref: str) -> str | None:
    """The organisation ``ref`` names, else the only organisation without a parent.

    ``ref`` names an organisation whose id is ``ref`` or ends it after a ``-`` (``VUFO`` for
    ``VN-VUFO``).
    """
    orgs = list(organisations)
    named = [o.id for o in orgs if ref == o.id or ref.endswith(f"-{o.id}")]
    roots = [o.id for o in orgs if o.parent_id is None]
    found = named if len(named) == 1 else roots
    return found[0] if len(found) == 1 else None


def write_iati(
    data: Dataset | Iterable[Activity],
    path: str | os.PathLike[str] | None = None,
    *,
    reporting_org_ref: str,
    reporting_org_name: str,
    reporting_org_type: str = "22",
    reporting_org_id: str | None = None,
    identifier_prefix: str | None = None,
    home_country: str = "VN",
    generated: datetime | None = None,
) -> bytes:
    """Write activities as an IATI 2.03 ``iati-activities`` document.

    Args:
        data: A Dataset (its organisations and partners give names and types, its indicators
            and work plans the activities' results) or activities.
        path: Where to write the file; ``None`` only returns the bytes.
        reporting_org_ref: The reporting organisation's IATI identifier, e.g. ``"VN-VUFO"``.
        reporting_org_name: Its name.
        reporting_org_type: Its IATI OrganisationType code (default ``"22"``, national NGO).
        reporting_org_id: The ppd_core id of the reporting organisation, written everywhere
            with ``reporting_org_ref`` (one identifier per body). Default, for a Dataset: the
            organisation whose id is ``reporting_org_ref`` or ends it after a ``-`` (``VUFO``
            for ``VN-VUFO``), else the only organisation without a parent.
        identifier_prefix: What each ``iati-identifier`` begins with, followed by ``-``
            (IATI rule 1.1.21: the reporting organisation's identifier). Default:
            ``reporting_org_ref``; ``""`` writes the ids as they are.
        home_country: The reporting organisation's country (ISO 3166-1 alpha-2): the
            recipient country, at 100 %, of activities that name no country (activities held
            at home, with provinces only). Default ``"VN"``.
        generated: The ``generated-datetime`` and every ``last-updated-datetime`` (default:
            now, UTC).

    Returns:
        The UTF-8 XML document.
    """
    when = generated or datetime.now(UTC).replace(microsecond=0)
    if isinstance(data, Dataset):
        organisations = {o.id: o for o in data.organisations}
        partners = {p.id: p for p in data.partners}
        results = activity_indicators(data.indicators, data.work_plans)
        own = reporting_org_id or _reporting_organisation(data.organisations, reporting_org_ref)
        activities: Iterable[Activity] = data.activities
    else:
        organisations, partners, results, own = {}, {}, {}, reporting_org_id
        activities = data
    ex = _Export(
        ref=reporting_org_ref,
        name=reporting_org_name,
        type=reporting_org_type,
        own_id=own,
        prefix=reporting_org_ref if identifier_prefix is None else identifier_prefix,
        country=home_country,
        stamp=when.isoformat(),
        organisations=organisations,
        partners=partners,
        results=results,
    )
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": ex.stamp})
    for a in activities:
        _activity_element(root, a, ex)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if path is not None:
        Path(path).write_bytes(out)
    return out
