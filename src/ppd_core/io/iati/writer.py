"""Writing PPD activities as an IATI 2.03 ``iati-activities`` document, in the XSD's order.

What is exported, and what IATI has no place for, is listed in :mod:`ppd_core.io.iati`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

from ppd_core.dataset import Dataset
from ppd_core.io.iati._codelists import ACCOUNTABLE, DATE_FIELDS, ROLE_TO_IATI
from ppd_core.io.iati._values import XML_LANG
from ppd_core.io.iati.safe import Element
from ppd_core.models import Activity, Organisation, Partner
from ppd_core.vocab import ActivityKind

__all__ = ["write_iati"]


def _fmt(value: float | Decimal) -> str:
    """A number as an xsd:decimal (no exponent, no trailing zeros)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(d.normalize(), "f")
    return text


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
class _Names:
    """Names and IATI types of organisations and partners, when a Dataset is exported."""

    organisations: Mapping[str, Organisation]
    partners: Mapping[str, Partner]

    def organisation(self, parent: Element, org_id: str, role: str) -> None:
        """Append a participating-org for an organisation of the PPD system."""
        org = self.organisations.get(org_id)
        el = _sub(
            parent,
            "participating-org",
            {"ref": org_id, "type": org.type.iati if org else None, "role": role},
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
    """Each priority area's first DAC code with the area's share (shared codes merged)."""
    out: dict[str, float] = {}
    for share in a.priority_areas:
        code = share.area.dac_sectors[0]
        out[code] = out.get(code, 0.0) + share.percentage
    return out


def _activity_element(
    root: Element, a: Activity, names: _Names, reporting: tuple[str, str, str], stamp: str
) -> None:
    """Append one ``iati-activity`` with its elements in the order of the XSD sequence."""
    act = _sub(
        root,
        "iati-activity",
        {
            "last-updated-datetime": stamp,
            XML_LANG: "en",
            "humanitarian": "1" if a.kind is ActivityKind.HUMANITARIAN_AID else None,
        },
    )
    _sub(act, "iati-identifier").text = a.id
    ref, org_name, org_type = reporting
    _narratives(_sub(act, "reporting-org", {"ref": ref, "type": org_type}), (org_name, None))
    _narratives(_sub(act, "title"), (a.title, None))
    if a.notes:
        _narratives(_sub(act, "description", {"type": "1"}), (a.notes, None))
    else:
        text = f"Activity kind (ppd_core): {a.kind.label('en')} [{a.kind.value}]."
        _narratives(_sub(act, "description", {"type": "4"}), (text, None))
    names.organisation(act, a.lead_organisation_id, ACCOUNTABLE)
    for org_id in a.co_organiser_ids:
        names.organisation(act, org_id, ACCOUNTABLE)
    for link in a.partners:
        attrs = names.partner_attrs(link.partner_id) | {"role": ROLE_TO_IATI[link.role]}
        _narratives(
            _sub(act, "participating-org", attrs), (names.partner_name(link.partner_id), None)
        )
    _sub(act, "activity-status", {"code": a.status.iati})
    for code, date_field in DATE_FIELDS.items():
        day = getattr(a, date_field)
        if day is not None:
            _sub(act, "activity-date", {"type": code, "iso-date": day.isoformat()})
    for c in a.countries:
        _sub(act, "recipient-country", {"code": c.country, "percentage": _fmt(c.percentage)})
    for code, pct in _sectors(a).items():
        _sub(act, "sector", {"vocabulary": "1", "code": code, "percentage": _fmt(pct)})
    for goal in a.sdgs:
        _narratives(_sub(act, "tag", {"vocabulary": "2", "code": goal.iati}), (goal.en, None))
    markers = dict.fromkeys(m for s in a.priority_areas for m in s.area.policy_markers)
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
        provider = _sub(t, "provider-org", names.partner_attrs(f.partner_id))
        _narratives(provider, (names.partner_name(f.partner_id), None))
        lead = names.organisations.get(a.lead_organisation_id)
        receiver = _sub(t, "receiver-org", {"ref": a.lead_organisation_id})
        _narratives(
            receiver, ((lead.name_en or lead.name_vi) if lead else a.lead_organisation_id, None)
        )


def write_iati(
    data: Dataset | Iterable[Activity],
    path: str | os.PathLike[str] | None = None,
    *,
    reporting_org_ref: str,
    reporting_org_name: str,
    reporting_org_type: str = "22",
    generated: datetime | None = None,
) -> bytes:
    """Write activities as an IATI 2.03 ``iati-activities`` document.

    Args:
        data: A Dataset (its organisations and partners give names and types) or activities.
        path: Where to write the file; ``None`` only returns the bytes.
        reporting_org_ref: The reporting organisation's IATI identifier.
        reporting_org_name: Its name.
        reporting_org_type: Its IATI OrganisationType code (default ``"22"``, national NGO).
        generated: The ``generated-datetime`` (default: now, UTC).

    Returns:
        The UTF-8 XML document.
    """
    when = generated or datetime.now(UTC).replace(microsecond=0)
    stamp = when.isoformat()
    if isinstance(data, Dataset):
        names = _Names({o.id: o for o in data.organisations}, {p.id: p for p in data.partners})
        activities: Iterable[Activity] = data.activities
    else:
        names = _Names({}, {})
        activities = data
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": stamp})
    reporting = (reporting_org_ref, reporting_org_name, reporting_org_type)
    for a in activities:
        _activity_element(root, a, names, reporting, stamp)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if path is not None:
        Path(path).write_bytes(out)
    return out
