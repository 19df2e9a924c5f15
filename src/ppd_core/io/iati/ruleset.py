"""IATI's Standard Ruleset, checked on a document: every rule type with the standard's meaning.

The Standard Ruleset (``rulesets/standard.json`` of IATI-Rulesets, version 2.03) holds the
rules an XML Schema cannot express: dates in order, percentages summing to 100, a sector and a
recipient country or region for every activity, identifiers beginning with the reporting
organisation's. It maps an XPath *context* (the elements a rule is tested on) to *rule types*,
each with *cases*: the XPath expressions the rule reads and its ``ruleInfo`` (id, severity,
message). :func:`check_ruleset` tests every case on every context element and returns a
:class:`RulesetReport` of :class:`RuleOutcome` s, each ``passed``, ``failed``, ``not_checked``
or not applicable (its ``condition`` or ``if`` is false, or the values it compares are absent;
those are only counted).

The meaning of each rule type is listed in :func:`check_ruleset`.

ppd_core ships no copy of the ruleset: pass its path (or its parsed JSON), or set the
environment variable ``PPD_IATI_RULESET`` to the path of ``standard.json``.

>>> ruleset = {"/iati-activities/iati-activity": {"atleast_one": {"cases": [
...     {"paths": ["sector"], "ruleInfo": {"id": "6.2.2", "severity": "error",
...      "message": "Each activity must have a specified sector."}}]}}}
>>> xml = b"<iati-activities><iati-activity><iati-identifier>XM-1</iati-identifier>"
>>> xml += b"</iati-activity></iati-activities>"
>>> report = check_ruleset(xml, ruleset)
>>> report.counts()
{'passed': 0, 'failed': 1, 'not_checked': 0, 'not_applicable': 0}
>>> print(report.failures()[0].describe("en"))
XM-1, line 1: IATI rule 6.2.2 (error) failed: Each activity must have a specified sector.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

from lxml import etree

from ppd_core.errors import IatiRuleCaseError
from ppd_core.i18n import N_, Lang, text
from ppd_core.io.iati._values import xsd_decimal
from ppd_core.io.iati.safe import Element, parse_document

__all__ = ["RULESET_ENV", "RuleOutcome", "RulesetReport", "Status", "check_ruleset"]

RULESET_ENV: Final = "PPD_IATI_RULESET"
"""The environment variable naming IATI's ``standard.json`` when no ruleset is passed."""

Status = Literal["passed", "failed", "not_checked", "not_applicable"]
"""What became of one case on one element."""

_ORG_ID_LIST: Final = "ORG-ID-PREFIX"
_DATE = re.compile(r"^\s*(-?\d{4,})-(\d{2})-(\d{2})")
_MONEY_TAGS: Final = ("value", "forecast", "loan-status")


@dataclass(frozen=True)
class RuleOutcome:
    """One case of the ruleset tested on one element.

    Attributes:
        rule_id: IATI's rule id, e.g. ``"3.7.1"``.
        severity: ``"error"`` or ``"warning"``.
        rule_type: The rule type, e.g. ``"if_then"``.
        status: ``"passed"``, ``"failed"``, ``"not_checked"`` or ``"not_applicable"``.
        message: IATI's message for the rule (English, as the ruleset states it).
        activity: The ``iati-identifier`` (or ``organisation-identifier``) of the record.
        line: The line of the element tested.
        reason: Why it failed or was not checked (an English source text, see :meth:`describe`).
        fields: The values of ``reason``'s placeholders.
    """

    rule_id: str
    severity: str
    rule_type: str
    status: Status
    message: str
    activity: str | None
    line: int | None
    reason: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)

    def describe(self, lang: Lang = "en") -> str:
        """The outcome in one sentence: where, which rule, what happened and why."""
        where = text("{record}, line {line}", lang, record=self.activity or "?", line=self.line)
        rule = {"rule": self.rule_id, "severity": self.severity}
        if self.status == "not_checked":
            head = text("IATI rule {rule} ({severity}) not checked", lang, **rule)
        else:
            head = text("IATI rule {rule} ({severity}) failed", lang, **rule)
        why = f" ({text(self.reason, lang, **self.fields)})" if self.reason else ""
        return f"{where}: {head}: {self.message}{why}"


@dataclass(frozen=True)
class RulesetReport:
    """Every case of the ruleset tested on every element of a document."""

    outcomes: tuple[RuleOutcome, ...]

    def counts(self) -> dict[str, int]:
        """How many outcomes have each status."""
        c = Counter(o.status for o in self.outcomes)
        return {s: c[s] for s in ("passed", "failed", "not_checked", "not_applicable")}

    def failures(self, severity: str | None = None) -> list[RuleOutcome]:
        """The failed outcomes (of one severity when given), in document order."""
        return [
            o
            for o in self.outcomes
            if o.status == "failed" and (severity is None or o.severity == severity)
        ]

    def not_checked(self) -> list[RuleOutcome]:
        """The outcomes that could not be checked, and why."""
        return [o for o in self.outcomes if o.status == "not_checked"]

    def failed_rules(self, severity: str | None = None) -> dict[str, int]:
        """Failures per rule id (of one severity when given)."""
        return dict(Counter(o.rule_id for o in self.failures(severity)))

    def status_of(self, rule_id: str) -> set[Status]:
        """The statuses the rule's cases reached (a quick check for one rule)."""
        return {o.status for o in self.outcomes if o.rule_id == rule_id}


def _not_checked(reason: str, **fields: str) -> IatiRuleCaseError:
    return IatiRuleCaseError("not_checked", reason, **fields)


def _nodes(el: Element, path: str) -> list[Any]:
    """The nodes (elements, attribute values or texts) an XPath matches."""
    try:
        found = el.xpath(path)
    except (etree.XPathError, etree.XPathEvalError) as err:
        raise _not_checked(
            N_("the XPath {path} cannot be evaluated: {error}"), path=path, error=str(err)
        ) from err
    return found if isinstance(found, list) else [found]


def _true(el: Element, expr: str) -> bool:
    """An XPath expression's XPath 1.0 boolean value."""
    try:
        return bool(el.xpath(f"boolean({expr})"))
    except (etree.XPathError, etree.XPathEvalError) as err:
        raise _not_checked(
            N_("the XPath {path} cannot be evaluated: {error}"), path=expr, error=str(err)
        ) from err


def _text(node: Any) -> str:
    """The text of an element, attribute value or text node."""
    if isinstance(node, etree._Element):
        return node.text or ""
    return str(node)


def _texts(el: Element, paths: Sequence[str]) -> list[str]:
    return [_text(n) for p in paths for n in _nodes(el, p)]


def _decimal(value: str) -> Decimal:
    try:
        d = xsd_decimal(value)
    except ValueError:
        d = None
    if d is None:
        raise IatiRuleCaseError("failed", N_("'{value}' is not a number"), value=value)
    return d


def _dates(el: Element, path: str, today: date) -> list[date]:
    """The dates an XPath matches (``NOW`` / ``TODAY``: today)."""
    if path in ("NOW", "TODAY"):
        return [today]
    out = []
    for raw in _texts(el, [path]):
        m = _DATE.match(raw)
        try:
            out.append(date(int(m[1]), int(m[2]), int(m[3])))  # type: ignore[index]
        except (TypeError, ValueError) as err:
            raise _not_checked(N_("'{value}' is not an ISO date"), value=raw) from err
    return out


def _add_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def _one_or_all(el: Element, case: Mapping[str, Any]) -> bool:
    if _nodes(el, case["one"]):
        return True
    every = case["all"]
    if every == "lang":
        return all(
            n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in el.iter("narrative")
        )
    if every == "sector":
        return all(t.find("sector") is not None for t in el.findall("transaction"))
    if every == "currency":
        return all(v.get("currency") for v in el.iter(*_MONEY_TAGS))
    raise _not_checked(N_("one_or_all with 'all' = '{all}' has no known meaning"), all=str(every))


def _startswith(el: Element, case: Mapping[str, Any]) -> bool:
    prefixes = case.get("prefix", case.get("start", []))
    prefixes = [prefixes] if isinstance(prefixes, str) else list(prefixes)
    if _ORG_ID_LIST in prefixes:
        raise _not_checked(N_("it needs org-id.guide's list of agency codes, which is not shipped"))
    sep = case.get("separator", "")
    starts = [t + sep for p in prefixes for t in _texts(el, [p]) if t]
    if not starts:
        raise IatiRuleCaseError(
            "failed", N_("no prefix was found ({paths})"), paths=", ".join(prefixes)
        )
    return all(any(t.startswith(s) for s in starts) for t in _texts(el, case["paths"]))


def _only_one_of(el: Element, case: Mapping[str, Any]) -> bool:
    matched = sum(len(_nodes(el, p)) for p in case["paths"])
    if any(_nodes(el, p) for p in case["excluded"]):
        return matched == 0
    return matched == 1


def _dates_in_order(el: Element, case: Mapping[str, Any], today: date) -> bool | None:
    less, more = _dates(el, case["less"], today), _dates(el, case["more"], today)
    return max(less) <= min(more) if less and more else None


def _date_now(el: Element, case: Mapping[str, Any], now: datetime) -> bool | None:
    values = _texts(el, [case["date"]])
    if not values:
        return None
    for raw in values:
        try:
            when = datetime.fromisoformat(raw.strip())
        except ValueError as err:
            raise _not_checked(N_("'{value}' is not an ISO date"), value=raw) from err
        if (when if when.tzinfo else when.replace(tzinfo=UTC)) > now:
            return False
    return True


def _time_limit(el: Element, case: Mapping[str, Any], today: date) -> bool | None:
    start, end = _dates(el, case["start"], today), _dates(el, case["end"], today)
    return end[0] <= _add_year(start[0]) if start and end else None


def _between_dates(el: Element, case: Mapping[str, Any], today: date) -> bool | None:
    days = _dates(el, case["date"], today)
    start, end = _dates(el, case["start"], today), _dates(el, case["end"], today)
    if not days or not start or not end:
        return None
    return all(start[0] <= d <= end[0] for d in days)


def _sum_is(el: Element, case: Mapping[str, Any], strict: bool) -> bool | None:
    values = _texts(el, case["paths"])
    if not values and not strict:
        return None
    return sum((_decimal(v) for v in values), Decimal(0)) == Decimal(str(case["sum"]))


def _in_range(el: Element, case: Mapping[str, Any]) -> bool:
    low = _decimal(str(case["min"])) if "min" in case else None
    high = _decimal(str(case["max"])) if "max" in case else None
    for v in _texts(el, case["paths"]):
        d = _decimal(v)
        if (low is not None and d < low) or (high is not None and d > high):
            return False
    return True


def _count(el: Element, case: Mapping[str, Any]) -> int:
    return sum(len(_nodes(el, p)) for p in case["paths"])


def _decide(el: Element, rule: str, case: Mapping[str, Any], now: datetime) -> bool | None:
    """Whether the case holds on ``el``; ``None`` when it does not apply."""
    today = now.date()
    if rule == "atleast_one":
        return _count(el, case) >= 1
    if rule == "no_more_than_one":
        return _count(el, case) <= 1
    if rule == "dependent":
        found = [bool(_nodes(el, p)) for p in case["paths"]]
        return all(found) or not any(found)
    if rule == "only_one_of":
        return _only_one_of(el, case)
    if rule == "one_or_all":
        return _one_or_all(el, case)
    if rule == "unique":
        texts = _texts(el, case["paths"])
        return len(texts) == len(set(texts))
    if rule in ("sum", "strict_sum"):
        return _sum_is(el, case, strict=rule == "strict_sum")
    if rule == "range":
        return _in_range(el, case)
    if rule in ("regex_matches", "regex_no_matches"):
        found = [re.search(case["regex"], t) is not None for t in _texts(el, case["paths"])]
        return all(found) if rule == "regex_matches" else not any(found)
    if rule == "no_spaces":
        return all(t == t.strip() for t in _texts(el, case["paths"]))
    if rule == "no_percent":
        return all("%" not in t for t in _texts(el, case["paths"]))
    if rule == "startswith":
        return _startswith(el, case)
    if rule == "if_then":
        return _true(el, case["then"]) if _true(el, case["if"]) else None
    if rule == "evaluates_to_true":
        return _true(el, case["eval"])
    if rule == "date_order":
        return _dates_in_order(el, case, today)
    if rule == "date_now":
        return _date_now(el, case, now)
    if rule == "time_limit":
        return _time_limit(el, case, today)
    if rule == "between_dates":
        return _between_dates(el, case, today)
    raise _not_checked(N_("rule type '{rule}' is not implemented"), rule=rule)


def _substitute(value: Any, sub: str) -> Any:
    if isinstance(value, str):
        return value.replace("$1", sub)
    if isinstance(value, list):
        return [_substitute(v, sub) for v in value]
    return value


def _record_of(el: Element) -> str | None:
    records = ("iati-activity", "iati-organisation")
    if el.tag not in records:
        el = next(el.iterancestors(*records), el)
    ident = el.findtext("iati-identifier")
    if ident is None:
        ident = el.findtext("organisation-identifier")
    return ident.strip() if ident is not None else None


def _outcomes(
    el: Element, rule: str, case: Mapping[str, Any], now: datetime
) -> Iterator[RuleOutcome]:
    """Test one case on one element (a loop: its inner cases, once per value)."""
    if rule == "loop":
        try:
            values = list(dict.fromkeys(_texts(el, [case["foreach"]])))
        except IatiRuleCaseError:
            values = []
        for inner_rule, inner in case["do"].items():
            for inner_case in inner["cases"]:
                for v in values:
                    if "'" in v:
                        continue
                    sub = {k: _substitute(x, v) for k, x in inner_case.items() if k != "ruleInfo"}
                    yield from _outcomes(
                        el, inner_rule, sub | {"ruleInfo": inner_case["ruleInfo"]}, now
                    )
        return
    info = case.get("ruleInfo", {})
    status: Status
    reason, fields = "", {}
    try:
        if "condition" in case and not _true(el, case["condition"]):
            held: bool | None = None
        else:
            held = _decide(el, rule, case, now)
        status = "not_applicable" if held is None else "passed" if held else "failed"
    except IatiRuleCaseError as ended:
        status = "failed" if ended.status == "failed" else "not_checked"
        reason, fields = ended.reason, ended.fields
    if status == "failed" and "idCondition" in case and not reason:
        status = "not_checked"
        reason = N_("it applies only to identifiers missing from IATI's registry, not shipped")
    yield RuleOutcome(
        rule_id=str(info.get("id", "?")),
        severity=str(info.get("severity", "error")),
        rule_type=rule,
        status=status,
        message=str(info.get("message", "")),
        activity=_record_of(el),
        line=el.sourceline,
        reason=reason,
        fields=fields,
    )


def _load(ruleset: str | os.PathLike[str] | Mapping[str, Any] | None) -> Mapping[str, Any]:
    if isinstance(ruleset, Mapping):
        return ruleset
    if ruleset is None:
        env = os.environ.get(RULESET_ENV)
        if not env:
            raise FileNotFoundError(
                text(
                    "No IATI ruleset given: pass the path of IATI's rulesets/standard.json "
                    "(IATI-Rulesets, version 2.03) or set {env} to it.",
                    "en",
                    env=RULESET_ENV,
                )
            )
        ruleset = env
    loaded: Mapping[str, Any] = json.loads(Path(ruleset).read_text(encoding="utf-8"))
    return loaded


def check_ruleset(
    xml: bytes,
    ruleset: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> RulesetReport:
    """Test a document against IATI's Standard Ruleset: every rule type, with its meaning.

    Semantics, per rule type (as in IATI's reference implementation unless said otherwise):

    * ``atleast_one`` / ``no_more_than_one`` — the nodes matched by ``paths`` number ≥ 1 / ≤ 1;
    * ``dependent`` — the ``paths`` all match or none does;
    * ``only_one_of`` — when an ``excluded`` path matches, no path may; otherwise exactly one node;
    * ``one_or_all`` — ``one`` matches, or all of: every ``narrative`` has ``@xml:lang``
      (``lang``), every transaction a sector (``sector``), every ``value``, ``forecast`` and
      ``loan-status`` a ``@currency`` (``currency``); another ``all`` is not checked;
    * ``unique`` — the texts matched by ``paths`` are all different;
    * ``sum`` (when anything matches) and ``strict_sum`` — the decimal sum of the matched values
      equals ``sum`` exactly; a value that is not a number fails the rule;
    * ``range`` — every matched value lies in ``[min, max]``;
    * ``regex_matches`` / ``regex_no_matches`` — the regex matches every / no matched text;
    * ``no_spaces`` — no matched text begins or ends with white space (spaces, tabs, newlines);
    * ``no_percent`` — no matched text contains ``%``;
    * ``startswith`` — every matched text begins with one of the ``prefix`` values followed by the
      ``separator``; the ``ORG-ID-PREFIX`` list (org-id.guide's agency codes) is not shipped, so
      those cases are **not checked**;
    * ``if_then`` — when ``if`` is true, ``then`` is true (XPath 1.0 boolean values);
    * ``evaluates_to_true`` — ``eval`` is true;
    * ``date_order`` — every date of ``less`` is on or before every date of ``more`` (``NOW`` and
      ``TODAY`` are today); not applicable when either is absent. The reference implementation
      compares only the first date of each; a document whose second transaction is in the future
      passes it and fails here;
    * ``date_now`` — the datetime is not after now (a datetime without a zone is taken as UTC);
    * ``time_limit`` — the end is no later than one calendar year after the start;
    * ``between_dates`` — every ``date`` lies in ``[start, end]`` (the reference takes the first
      date only and excludes both ends; IATI's guidance dates a budget line within its period);
    * ``loop`` — for each distinct value of ``foreach``, the cases of ``do`` are tested with
      ``$1`` replaced by the value in *every* expression. (The reference replaces it only in the
      keys listed in ``subs``; for rule 2.1.2's loop over non-DAC sector vocabularies that leaves
      ``'$1'`` in the ``condition``, which then never holds: the rule would never apply.)

    A case carrying an ``idCondition`` (``NOT_EXISTING_ORG_ID``, ``NOT_EXISTING_ORG_ID_PREFIX``)
    applies only to identifiers absent from IATI's registry of organisation identifiers, which is
    not shipped: such a case is reported as passed when it holds and **not checked** when it does
    not. Any other rule type, an XPath the engine refuses, or a date that is not an ISO date is
    **not checked** too — never counted as passed.

    Args:
        xml: The ``iati-activities`` or ``iati-organisations`` document.
        ruleset: The ruleset: a path to ``standard.json`` or its parsed JSON; ``None`` reads
            the path from the environment variable ``PPD_IATI_RULESET``.
        now: The moment "in the future" is measured from (default: now, UTC).

    Returns:
        Every case's outcome on every element it applies to.

    Raises:
        FileNotFoundError: when no ruleset is given and ``PPD_IATI_RULESET`` is unset.
        IatiFileError: when the document is empty, binary or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    rules = _load(ruleset)
    moment = now or datetime.now(UTC)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    tree = parse_document(xml, "<document>").getroottree()
    out: list[RuleOutcome] = []
    for context, by_type in rules.items():
        for el in tree.xpath(context):
            for rule, spec in by_type.items():
                for case in spec["cases"]:
                    out.extend(_outcomes(el, rule, case, moment))
    return RulesetReport(tuple(out))
