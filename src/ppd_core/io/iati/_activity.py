"""What an ``iati-activity`` says of itself: description, status, dates, countries, sectors.

Each reader here fills the activity's fields from its elements and notes what it adjusted
(see the mapping in :mod:`ppd_core.io.iati`); a value that cannot be read at all rejects the
activity.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from lxml import etree

from ppd_core.i18n import N_, phrase
from ppd_core.io.iati._codelists import AREAS_BY_DAC, AREAS_BY_MARKER, DATE_FIELDS
from ppd_core.io.iati._spread import spread
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import narrative, round_share, sdg_of, xsd_date, xsd_decimal
from ppd_core.io.iati.safe import Element
from ppd_core.rules import SPLIT_TOLERANCE
from ppd_core.vocab import ActivityStatus, PriorityArea, Sdg


def description(el: Element, r: Row) -> str | None:
    """The general description (type 1, or untyped), for the notes."""
    for d in el.findall("description"):
        if (d.get("type") or "1").strip() == "1":
            return narrative(d, r.lang, keep_lines=True)
    return None


def status(s: Session, el: Element, r: Row, data: dict[str, Any]) -> None:
    """Read activity-status; an unknown code rejects the activity (PPD104)."""
    found = el.findall("activity-status")
    if len(found) > 1:
        s.note(r, "IATI002", "activity-status", count=len(found))
    if not found:
        return
    code = (found[0].get("code") or "").strip()
    try:
        data["status"] = ActivityStatus.from_iati(code)
    except ValueError:
        r.fatal.append(
            s.problem(
                r,
                "PPD104",
                "status",
                code,
                vocabulary="the IATI ActivityStatus codelist",
                allowed="1, 2, 3, 4, 5, 6",
            )
        )


def dates(s: Session, el: Element, r: Row, data: dict[str, Any]) -> None:
    """Read activity-date types 1–4 (the first of each); a bad date rejects (PPD002)."""
    seen: Counter[str] = Counter()
    for d in el.findall("activity-date"):
        kind = (d.get("type") or "").strip()
        name = DATE_FIELDS.get(kind)
        if name is None:
            continue
        seen[kind] += 1
        if seen[kind] > 1:
            continue
        raw = d.get("iso-date")
        try:
            day = xsd_date(raw)
        except ValueError:
            r.fatal.append(s.not_a(r, "date", name, raw))
            continue
        if day is not None:
            data[name] = day
    for kind, n in seen.items():
        if n > 1:
            s.note(r, "IATI002", f"activity-date[@type='{kind}']", count=n)


def _either(areas: list[PriorityArea]) -> object:
    """``a``, ``a or b``, ``a or b or c`` …, in the reader's language."""
    said: object = areas[0].value
    for area in areas[1:]:
        said = phrase("{first} or {second}", first=said, second=area.value)
    return said


def _from_transactions(
    s: Session, el: Element, r: Row, child: str, vocab_1: bool
) -> dict[str, float]:
    """The activity's split of ``child`` declared on transactions, reported (IATI302).

    When the activity declares its own, the transactions' are ignored (IATI rules 3.6.2 and
    6.6.2 forbid both) and that is reported too.
    """
    where = f"transaction/{child}"
    if el.findall(child) or (child == "recipient-country" and el.findall("recipient-region")):
        if el.find(where) is not None:
            forbidden = phrase(
                "declared on the activity and on transactions, which IATI forbids; the "
                "activity's were kept"
            )
            s.note(r, "IATI302", where, detail=forbidden)
        return {}

    def accept(e: Element) -> bool:
        return not vocab_1 or (e.get("vocabulary") or "1").strip() == "1"

    shares, detail = spread(el, child, accept)
    others = [e for e in el.findall(where) if not accept(e)]
    if child == "recipient-country":
        others = el.findall("transaction/recipient-region")
    if others:
        left = (
            phrase("{count} transaction-level recipient regions were not kept", count=len(others))
            if child == "recipient-country"
            else phrase(
                "{count} transaction-level sectors of other vocabularies were not kept",
                count=len(others),
            )
        )
        detail = phrase("{detail}; {more}", detail=detail, more=left) if detail else left
    if detail:
        s.note(r, "IATI302", where, detail=detail)
    return shares


def countries(s: Session, el: Element, r: Row) -> list[dict[str, Any]]:
    """Read recipient-country shares, completing or rescaling them as documented."""
    carried = _from_transactions(s, el, r, "recipient-country", vocab_1=False)
    if carried:
        return [{"country": c, "percentage": p} for c, p in carried.items()]
    entries: list[tuple[str, float | None]] = []
    for i, c in enumerate(el.findall("recipient-country"), start=1):
        code = (c.get("code") or "").strip().upper()
        raw = c.get("percentage")
        try:
            pct = xsd_decimal(raw)
        except ValueError:
            r.fatal.append(s.not_a(r, "number", f"recipient-country[{i}]/@percentage", raw))
            continue
        if pct is not None and pct == 0:
            s.note(
                r,
                "IATI301",
                f"recipient-country[{i}]",
                detail=phrase("{code} has a 0 % share and was left out", code=code),
            )
            continue
        entries.append((code, None if pct is None else float(pct)))
    if not entries:
        return []
    if any(p is None for _, p in entries):
        if len(entries) > 1:
            s.note(
                r,
                "IATI301",
                "recipient-country",
                detail=phrase(
                    "{count} countries without percentages each got an equal share",
                    count=len(entries),
                ),
            )
        share = 100 / len(entries)
        return [{"country": c, "percentage": round_share(share)} for c, _ in entries]
    total = sum(p for _, p in entries if p is not None)
    regions = el.findall("recipient-region")
    if abs(total - 100) > SPLIT_TOLERANCE and regions and total < 100:
        s.note(
            r,
            "IATI301",
            "recipient-country",
            detail=phrase(
                "percentages sum to {total} (recipient regions take the rest, and ppd_core keeps "
                "no regions); they were rescaled to sum to 100",
                total=f"{total:g}",
            ),
        )
        return [
            {"country": c, "percentage": round_share(p * 100 / total)}
            for c, p in entries
            if p is not None
        ]
    return [{"country": c, "percentage": p} for c, p in entries]


def classifications(s: Session, el: Element, r: Row) -> tuple[list[dict[str, Any]], list[Sdg]]:
    """Derive priority-area shares and SDGs from sectors, tags and policy markers."""
    sdgs: list[Sdg] = []

    def add_sdg(goal: Sdg | None) -> bool:
        """Add an SDG once; say whether ``goal`` was one."""
        if goal is None:
            return False
        if goal not in sdgs:
            sdgs.append(goal)
        return True

    marked = markers(s, el, r)
    marked_areas = {a for areas in marked.values() for a in areas}
    dac: list[tuple[int, str, float | None]] = []
    others: dict[str, list[str]] = {}
    carried = _from_transactions(s, el, r, "sector", vocab_1=True)
    sectors = el.findall("sector") or [
        etree.Element("sector", {"vocabulary": "1", "code": c, "percentage": str(p)})
        for c, p in carried.items()
    ]
    for i, sector in enumerate(sectors, start=1):
        vocab = (sector.get("vocabulary") or "1").strip()
        code = (sector.get("code") or "").strip()
        if vocab == "1":
            raw = sector.get("percentage")
            try:
                given = xsd_decimal(raw)
            except ValueError:
                given = None
                where = f"sector[{i}]/@percentage"
                then = N_("{detail}; the sector was read without one")
                r.notes.append(s.not_a(r, "number", where, raw, then=then))
            if given is not None and given == 0:
                continue
            dac.append((i, code, None if given is None else float(given)))
        elif vocab in ("7", "8") and add_sdg(sdg_of(code)):
            continue
        else:
            others.setdefault(vocab, []).append(code)
    for t in el.findall("tag"):
        if (t.get("vocabulary") or "").strip() in ("2", "3"):
            add_sdg(sdg_of(t.get("code") or ""))
    for vocab, codes in others.items():
        s.note(
            r,
            "IATI102",
            "sector",
            ", ".join(codes[:20]) + (" …" if len(codes) > 20 else ""),
            count=len(codes),
            vocabulary=vocab,
        )
    if dac and any(p is None for _, _, p in dac):
        if len(dac) > 1:
            s.note(
                r,
                "IATI301",
                "sector",
                detail=phrase(
                    "{count} DAC sectors without percentages each got an equal share",
                    count=len(dac),
                ),
            )
        dac = [(i, code, 100 / len(dac)) for i, code, _ in dac]
    shares: dict[PriorityArea, float] = {}
    unmapped: list[tuple[int, str, float]] = []
    for i, code, pct in dac:
        share = pct or 0.0
        candidates = AREAS_BY_DAC.get(code, [])
        if not candidates:
            unmapped.append((i, code, share))
            continue
        primary = [a for a in candidates if a.dac_sectors[0] == code] or candidates
        chosen = [a for a in primary if a in marked_areas] or primary
        for area in chosen:
            shares[area] = shares.get(area, 0.0) + share / len(chosen)
    total = sum(shares.values())
    outcome = (
        phrase("its share was spread over the mapped areas")
        if total > 0
        else phrase("no priority area was derived from it")
    )
    for i, code, share in unmapped:
        s.note(r, "IATI101", f"sector[{i}]", code, percentage=f"{share:g}", outcome=outcome)
    if total > 0:
        for code, areas in marked.items():
            if not any(a in shares for a in areas):
                s.note(
                    r,
                    "IATI103",
                    "policy-marker",
                    code,
                    vocabulary="1",
                    reason=phrase(
                        "points to {areas}, which the sectors do not include; priority areas "
                        "come from the sectors when any maps",
                        areas=_either(areas),
                    ),
                )
        split = [{"area": a, "percentage": round_share(v * 100 / total)} for a, v in shares.items()]
        return split, sdgs
    areas = list(dict.fromkeys(a for group in marked.values() for a in group))
    if not areas:
        return [], sdgs
    share = round_share(100 / len(areas))
    return [{"area": a, "percentage": share} for a in areas], sdgs


def markers(s: Session, el: Element, r: Row) -> dict[str, list[PriorityArea]]:
    """Policy markers (significance above 0) that map to areas; note the others."""
    found: dict[str, list[PriorityArea]] = {}
    for m in el.findall("policy-marker"):
        vocab = (m.get("vocabulary") or "1").strip()
        code = (m.get("code") or "").strip()
        if (m.get("significance") or "").strip() == "0":
            continue  # explicitly "not targeted"
        if vocab != "1":
            s.note(
                r,
                "IATI103",
                "policy-marker",
                code,
                vocabulary=vocab,
                reason=phrase("is not in the OECD DAC vocabulary (1) and was not imported"),
            )
            continue
        areas = AREAS_BY_MARKER.get(code)
        if not areas:
            s.note(
                r,
                "IATI103",
                "policy-marker",
                code,
                vocabulary=vocab,
                reason=phrase("has no priority area and was not imported"),
            )
            continue
        found[code] = areas
    return found
