"""The organisations an ``iati-activity`` names, as partners and links (or co-organisers).

A ``participating-org`` or ``provider-org`` becomes a :class:`~ppd_core.Partner` (id = its
``@ref`` when that is a valid id, else ``ORG-<slug of the name>``; the same id met again adds
the other names as aliases), linked to the activity with its role. An organisation whose
``@ref`` is the lead, one of ``organisation_ids`` or an IATI identifier of
``organisation_refs`` (read as the organisation's ppd_core id) is of the PPD system: a
co-organiser.
"""

from __future__ import annotations

from ppd_core.io.iati._codelists import DEFAULT_PARTNER_TYPE, ROLE_FROM_IATI, TYPE_FROM_IATI
from ppd_core.io.iati._state import PartnerDraft, Row, Session
from ppd_core.io.iati._values import narrative, slug_id
from ppd_core.io.iati.safe import Element
from ppd_core.rules import ID_PATTERN
from ppd_core.vocab import PartnerRole


def org_id(s: Session, r: Row, org: Element, where: str, type_code: str | None) -> str | None:
    """The partner id of an organisation element (registering the partner), or None.

    Returns ``None`` (with a note) for an organisation with neither ref nor name, and the
    ref itself for an organisation of the PPD system (the caller tells them apart).
    """
    ref = (org.get("ref") or "").strip()
    ref = s.refs.get(ref, ref)
    name = narrative(org, r.lang)
    if ref in s.system:
        return ref
    if ref and ID_PATTERN.match(ref):
        pid = ref
    elif name or ref:
        pid = slug_id(name or ref)
        if ref:
            s.note(r, "IATI402", f"{where}/@ref", ref, partner_id=pid)
    else:
        s.note(r, "IATI401", where)
        return None
    shown = name or ref
    draft = r.partners.get(pid) or s.partners.get(pid)
    if draft is not None:
        draft = r.partners.setdefault(
            pid, PartnerDraft(pid, draft.name, draft.type, list(draft.aliases))
        )
        draft.add_name(shown)
        return pid
    code = (type_code or "").strip()
    ptype = TYPE_FROM_IATI.get(code)
    if ptype is None:
        ptype = DEFAULT_PARTNER_TYPE
        s.note(
            r,
            "IATI404",
            "type",
            code or None,
            entity="partner",
            record_id=pid,
            assumed=ptype.value,
        )
    r.partners[pid] = PartnerDraft(pid, shown, ptype)
    return pid


def link(r: Row, pid: str, role: PartnerRole) -> None:
    """Add a (partner, role) link once."""
    if (pid, role) not in r.links:
        r.links.append((pid, role))


def organisations(s: Session, el: Element, r: Row) -> None:
    """Read participating-org elements into partner links and co-organisers."""
    for i, org in enumerate(el.findall("participating-org"), start=1):
        where = f"participating-org[{i}]"
        pid = org_id(s, r, org, where, org.get("type"))
        if pid is None:
            continue
        if pid in s.system:
            if pid != s.lead and pid not in r.co_organisers:
                r.co_organisers.append(pid)
            continue
        code = (org.get("role") or "").strip()
        role = ROLE_FROM_IATI.get(code)
        if role is None:
            role = PartnerRole.PARTICIPATING
            s.note(r, "IATI403", f"{where}/@role", code or None)
        link(r, pid, role)
