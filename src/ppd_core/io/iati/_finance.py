"""Transactions of an ``iati-activity`` as resource flows: what is mobilised, from whom, when.

Incoming pledges (13), commitments (11) and funds (1) become flows with an exact Decimal
amount; other types are counted (IATI201); an unusable transaction is left out with its rule
code while the activity is kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from pydantic import ValidationError

from ppd_core.io.iati._codelists import FLOW_TYPES, TRANSACTION_TYPES
from ppd_core.io.iati._partners import link, org_id
from ppd_core.io.iati._state import Row, Session
from ppd_core.io.iati._values import clean, named, narrative, xsd_date, xsd_decimal
from ppd_core.io.iati.safe import Element
from ppd_core.models import ResourceFlow
from ppd_core.rules import MAX_DECIMALS
from ppd_core.vocab import FlowStage, PartnerRole


def transactions(s: Session, el: Element, r: Row) -> list[ResourceFlow]:
    """Read incoming transactions as flows; count the other types (IATI201)."""
    flows: list[ResourceFlow] = []
    skipped: Counter[str] = Counter()
    default_currency = (el.get("default-currency") or "").strip()
    for i, t in enumerate(el.findall("transaction"), start=1):
        kind = t.find("transaction-type")
        code = "" if kind is None else (kind.get("code") or "").strip()
        if code not in FLOW_TYPES:
            skipped[code or "(none)"] += 1
            continue
        flow = _flow(s, r, t, f"transaction[{i}]", code, default_currency)
        if flow is not None:
            flows.append(flow)
    for code, n in skipped.items():
        s.skipped[code] += n
        s.note(
            r,
            "IATI201",
            "transaction",
            code,
            count=n,
            name=TRANSACTION_TYPES.get(code, "not an IATI transaction type"),
        )
    return flows


def _flow(
    s: Session, r: Row, t: Element, where: str, code: str, default_currency: str
) -> ResourceFlow | None:
    """One flow from an incoming transaction, or ``None`` (with its problem)."""
    value = t.find("value")
    raw = None if value is None else value.text
    try:
        amount = xsd_decimal(raw)
    except ValueError:
        r.notes.append(s.not_a(r, "number", f"{where}/value", raw, shown=clean(raw)))
        return None
    if amount is None:
        r.notes.append(s.problem(r, "PPD001", f"{where}/value"))
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        rounded = amount.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_EVEN)
        if rounded != amount:
            p = s.problem(r, "PPD302", f"{where}/value", amount)
            r.notes.append(
                replace(
                    p,
                    message=f"{p.message.removesuffix(' Round it.')} It was "
                    f"rounded half-even to {rounded}.",
                    context=None,
                )
            )
        amount = rounded
    currency = ((value.get("currency") if value is not None else None) or "").strip()
    currency = currency or default_currency
    day_raw = t.find("transaction-date")
    raw_day = day_raw.get("iso-date") if day_raw is not None else None
    if not raw_day and value is not None:
        raw_day = value.get("value-date")
    try:
        day = xsd_date(raw_day)
    except ValueError:
        r.notes.append(s.not_a(r, "date", f"{where}/transaction-date", raw_day))
        return None
    provider = t.find("provider-org")
    pid = None
    if provider is not None and named(provider, r.lang):
        pid = org_id(s, r, provider, f"{where}/provider-org", provider.get("type"))
    if pid is None:
        funders = [p for p, role in r.links if role is PartnerRole.FUNDING]
        pid = funders[0] if len(set(funders)) == 1 else None
    if pid is None:
        r.notes.append(s.problem(r, "PPD001", f"{where}/provider-org"))
        return None
    if pid in s.system:
        r.notes.append(s.problem(r, "IATI202", where, pid))
        return None
    data: dict[str, Any] = {
        "partner_id": pid,
        "stage": FlowStage.from_iati(code),
        "amount": {"amount": amount, "currency": currency or None},
        "date": day,
        "description": narrative(t.find("description"), r.lang),
    }
    try:
        flow = ResourceFlow.model_validate(data)
    except ValidationError as err:
        r.notes += s.pydantic(r, err, "activity", r.record_id, prefix=f"{where}:")
        return None
    if not any(p == pid for p, _ in r.links):
        link(r, pid, PartnerRole.FUNDING)
    return flow
