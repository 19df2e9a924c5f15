"""What an ``iati-activity`` holds that ppd_core does not keep: each part named in the report.

Nothing is dropped silently. Besides what the other parts of the reader report (sectors of
other vocabularies IATI102, unused policy markers IATI103, other transaction types IATI201,
disaggregated results IATI602), this part reports under IATI003, once per activity and kind:

* elements ppd_core has no field for (budgets, locations, documents, contacts, recipient
  regions, default aid types …, and extension elements of other namespaces), with their count;
* details of the imported transactions (aid, flow, finance and tied-status types, disbursement
  channels, a receiver outside the PPD system);
* narratives in other languages than the one kept, descriptions of other types than the
  general one, tags of other vocabularies than the SDGs, ``participating-org/@activity-id``
  and ``@crs-channel-code``, the significance of policy markers, and the activity's flags
  (``@hierarchy`` other than 1, ``@linked-data-uri``, ``@budget-not-provided``,
  extension attributes; ``@humanitarian`` is read as the kind);

and checks the parts IATI requires of elements it does not import, so that a broken budget is
reported even though budgets are not kept: a ``budget`` or ``planned-disbursement`` without
``period-start`` or ``value``, a budget without ``period-end`` (IATI004), a value that is not a
number (PPD002). A second ``reporting-org`` is IATI002.
"""

from __future__ import annotations

from collections import Counter
from typing import Final

from ppd_core.i18n import Phrase, phrase
from ppd_core.io.iati._codelists import AREAS_BY_MARKER, FLOW_TYPES
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import XML_LANG, clean, narrative, xsd_decimal
from ppd_core.io.iati.safe import Element

_KEPT: Final = frozenset(
    {
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
        "participating-org",
        "activity-status",
        "activity-date",
        "recipient-country",
        "sector",
        "tag",
        "policy-marker",
        "transaction",
        "result",
    }
)
"""The children of ``iati-activity`` the reader maps (the rest is reported)."""

_KEPT_IN_TRANSACTION: Final = frozenset(
    {
        "transaction-type",
        "transaction-date",
        "value",
        "description",
        "provider-org",
        "receiver-org",
        "sector",
        "recipient-country",
        "recipient-region",
    }
)
"""The children of an imported transaction the reader maps or reports elsewhere (IATI302)."""

_QUIET_ATTRS: Final = {
    "default-currency": None,
    XML_LANG: None,
    "last-updated-datetime": None,
    "hierarchy": "1",
    "humanitarian": None,
}
"""Activity attributes that are read or carry nothing to keep (at the value given)."""

_PERIODS: Final = {
    "budget": ("period-start", "period-end", "value"),
    "planned-disbursement": ("period-start", "value"),
}
"""Elements not imported but checked, with the parts the XSD requires of them."""


def report(s: Session, el: Element, r: Row) -> None:
    """Report what ``el`` holds that is not kept, and the required parts it lacks."""
    _repeated(s, el, r)
    _elements(s, el, r)
    _attributes(s, el, r)
    _transactions(s, el, r)
    _narratives(s, el, r)
    _details(s, el, r)


def _unkept(s: Session, r: Row, where: str, detail: object) -> None:
    s.note(r, "IATI003", where, detail=detail)


def _elements_count(n: int) -> Phrase:
    return phrase("{count} element(s)", count=n)


def _listed(parts: list[Phrase]) -> Phrase:
    """Phrases separated by commas, each in the reader's language."""
    said = parts[0]
    for part in parts[1:]:
        said = phrase("{first}, {second}", first=said, second=part)
    return said


def _repeated(s: Session, el: Element, r: Row) -> None:
    found = el.findall("reporting-org")
    if len(found) > 1:
        s.note(r, "IATI002", "reporting-org", count=len(found))


def _elements(s: Session, el: Element, r: Row) -> None:
    counts: Counter[str] = Counter()
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _KEPT:
            counts[child.tag] += 1
    for tag, n in counts.items():
        shown = tag.replace("{", "").replace("}", ":") if tag.startswith("{") else tag
        _unkept(s, r, shown, _elements_count(n))
    for tag, required in _PERIODS.items():
        for i, period in enumerate(el.findall(tag), start=1):
            where = f"{tag}[{i}]"
            for part in required:
                if period.find(part) is None:
                    detail = phrase("a {tag} has {parts}", tag=tag, parts=", ".join(required))
                    s.note(r, "IATI004", f"{where}/{part}", detail=detail)
            value = period.find("value")
            raw = clean(value.text if value is not None else None)
            if value is not None and not _is_decimal(raw):
                r.notes.append(s.not_a(r, "number", f"{where}/value", raw))


def _is_decimal(text: str) -> bool:
    try:
        return xsd_decimal(text) is not None
    except ValueError:
        return False


def _attributes(s: Session, el: Element, r: Row) -> None:
    for name, value in el.attrib.items():
        text = clean(value)
        if not text or (name in _QUIET_ATTRS and _QUIET_ATTRS[name] in (None, text)):
            continue
        shown = name.replace("{", "").replace("}", ":") if name.startswith("{") else name
        _unkept(s, r, f"@{shown}", f"'{text}'")


def _transactions(s: Session, el: Element, r: Row) -> None:
    counts: Counter[str] = Counter()
    receivers: list[str] = []
    for t in el.findall("transaction"):
        kind = t.find("transaction-type")
        if kind is None or clean(kind.get("code")) not in FLOW_TYPES:
            continue  # left out whole (IATI201)
        for child in t:
            if isinstance(child.tag, str) and child.tag not in _KEPT_IN_TRANSACTION:
                counts[child.tag] += 1
        receiver = t.find("receiver-org")
        if receiver is not None:
            ref = clean(receiver.get("ref"))
            if s.refs.get(ref, ref) not in s.system:
                receivers.append(ref or narrative(receiver, r.lang) or "?")
    for tag, n in counts.items():
        _unkept(s, r, f"transaction/{tag}", _elements_count(n))
    if receivers:
        names = ", ".join(dict.fromkeys(receivers))
        detail = phrase(
            "{names}: flows are recorded as received by the lead organisation", names=names
        )
        _unkept(s, r, "transaction/receiver-org", detail)


def _narratives(s: Session, el: Element, r: Row) -> None:
    for tag in ("title", "description"):
        for i, part in enumerate(el.findall(tag), start=1):
            where = tag if tag == "title" else f"description[{i}]"
            kind = clean(part.get("type")) or "1"
            if tag == "description" and kind != "1":
                kept = phrase("type {kind}: only the general description (1) is kept", kind=kind)
                _unkept(s, r, where, kept)
                continue
            langs = [clean(n.get(XML_LANG)) or r.lang or "?" for n in part.findall("narrative")]
            if len(langs) > 1:
                _unkept(
                    s,
                    r,
                    f"{where}/narrative",
                    phrase(
                        "{count} narratives ({langs}); one was kept",
                        count=len(langs),
                        langs=", ".join(langs),
                    ),
                )


def _details(s: Session, el: Element, r: Row) -> None:
    tags = [
        f"{clean(t.get('vocabulary'))}:{clean(t.get('code'))}"
        for t in el.findall("tag")
        if clean(t.get("vocabulary")) not in ("2", "3")
    ]
    if tags:
        said = phrase("vocabulary:code {tags}; SDG tags (2, 3) are kept", tags=", ".join(tags))
        _unkept(s, r, "tag", said)
    for attr in ("activity-id", "crs-channel-code"):
        values = [clean(o.get(attr)) for o in el.findall("participating-org") if clean(o.get(attr))]
        if values:
            _unkept(s, r, f"participating-org/@{attr}", ", ".join(values))
    marks = [
        (clean(m.get("code")), clean(m.get("significance")))
        for m in el.findall("policy-marker")
        if clean(m.get("vocabulary")) in ("", "1")
        and clean(m.get("code")) in AREAS_BY_MARKER
        and clean(m.get("significance")) not in ("", "0")
    ]
    if marks:
        listed = [phrase("{code} at significance {level}", code=c, level=n) for c, n in marks]
        detail = phrase(
            "markers {marks}; markers only choose priority areas", marks=_listed(listed)
        )
        _unkept(s, r, "policy-marker/@significance", detail)
