"""Countries and sectors an activity declares on its transactions, as one activity-level split.

IATI lets a publisher declare recipient countries (or regions) and sectors either on the
activity or on every transaction (rules 3.7.1 and 6.2.2), never both (3.6.2, 6.6.2). ppd_core
keeps them on the activity, so transaction-level ones are carried up by one rule, and every
use is reported (IATI302):

* each transaction counts with its value when all of them are in one currency (the value's
  ``@currency`` or the activity's ``@default-currency``) and have a readable non-zero total;
  otherwise each counts once;
* within a transaction, several codes share its weight by their ``@percentage`` (equally when
  any is missing);
* a code's activity share is its part of the total weight, rounded to 4 decimals.

>>> from lxml import etree
>>> el = etree.fromstring(
...     '<iati-activity default-currency="EUR">'
...     '<transaction><value>300</value><recipient-country code="KH"/></transaction>'
...     '<transaction><value>100</value><recipient-country code="LA"/></transaction>'
...     '</iati-activity>')
>>> shares, detail = spread(el, "recipient-country", lambda c: True)
>>> shares
{'KH': 75.0, 'LA': 25.0}
>>> str(detail)
'declared on 2 of 2 transactions, weighted by their values: KH 75 %, LA 25 %'
"""

from __future__ import annotations

from collections.abc import Callable

from ppd_core.i18n import Phrase, phrase
from ppd_core.io.iati._values import round_share, xsd_decimal
from ppd_core.io.iati.safe import Element


def _weight(t: Element) -> float | None:
    """A transaction's value as a weight, ``None`` when it cannot be read."""
    value = t.find("value")
    try:
        amount = xsd_decimal(None if value is None else value.text)
    except ValueError:
        return None
    return None if amount is None else abs(float(amount))


def _parts(codes: list[Element]) -> list[tuple[str, float]]:
    """The codes of one transaction with their fractions of its weight."""
    raw: list[float | None] = []
    for c in codes:
        try:
            pct = xsd_decimal(c.get("percentage"))
        except ValueError:
            pct = None
        raw.append(None if pct is None else float(pct))
    known = [p for p in raw if p is not None]
    if len(known) < len(raw) or sum(known) <= 0:
        raw = [1.0] * len(codes)
    total = sum(p for p in raw if p is not None)
    return [
        ((c.get("code") or "").strip().upper(), (p or 0.0) / total)
        for c, p in zip(codes, raw, strict=True)
    ]


def spread(
    el: Element, child: str, accept: Callable[[Element], bool]
) -> tuple[dict[str, float], Phrase | None]:
    """Shares (summing to 100) of the codes the transactions declare in ``child`` elements.

    Args:
        el: The ``iati-activity``.
        child: ``"recipient-country"`` or ``"sector"``.
        accept: Which of those elements count (e.g. sectors of vocabulary 1).

    Returns:
        The shares by code (empty when no transaction declares one) and, for the report, how
        they were computed.
    """
    transactions = el.findall("transaction")
    declaring = [
        (t, codes)
        for t in transactions
        if (codes := [c for c in t.findall(child) if accept(c) and c.get("code")])
    ]
    if not declaring:
        return {}, None
    default = (el.get("default-currency") or "").strip()
    currencies = {
        ((t.find("value").get("currency") if t.find("value") is not None else None) or default)
        for t, _ in declaring
    }
    weights = [_weight(t) for t, _ in declaring]
    by_value = len(currencies) == 1 and None not in weights and sum(w or 0 for w in weights) > 0
    totals: dict[str, float] = {}
    for (_, codes), w in zip(declaring, weights, strict=True):
        for code, fraction in _parts(codes):
            totals[code] = totals.get(code, 0.0) + (w if by_value and w else 1.0) * fraction
    grand = sum(totals.values())
    shares = {code: round_share(v * 100 / grand) for code, v in totals.items()}
    basis = (
        phrase("weighted by their values")
        if by_value
        else phrase("each counted once (their values are in several currencies or unreadable)")
    )
    listed = ", ".join(f"{code} {pct:g} %" for code, pct in shares.items())
    detail = phrase(
        "declared on {count} of {total} transactions, {basis}: {listed}",
        count=len(declaring),
        total=len(transactions),
        basis=basis,
        listed=listed,
    )
    return shares, detail
