"""Exchange with the IATI Activity Standard 2.03: IATI XML in as PPD records, PPD activities out.

**Reading** (:func:`read_iati`) streams an ``iati-activities`` file (bounded memory) with a
hardened lxml parser: entities are never resolved, nothing is fetched from the network, no DTD
is loaded, huge trees are refused, and a document with a ``DOCTYPE`` is refused outright
(:class:`UnsafeXmlError`: IATI files have none, and DTD entity declarations are how
billion-laughs and external-entity attacks work). Empty, binary, truncated or otherwise
malformed files raise :class:`IatiFileError` naming the file and what is wrong; the file is
then refused as a whole. Each ``iati-activity`` becomes an :class:`~ppd_core.Activity` led by
the importing PPD organisation, or a *rejection* listing its reasons: nothing is dropped
silently, and ``activities_in_file == imported + rejected``.

What is mapped, and how (every adjustment and every left-out element is a problem in
:attr:`IatiImport.report`, with a ``PPD…`` rule code or one of :data:`IATI_RULES`):

======================  ========================================================================
IATI                    ppd_core
======================  ========================================================================
iati-identifier         ``Activity.id``, kept as is (an id breaking PPD101 rejects the activity)
title, description      ``title`` (English narrative preferred, else the first);
                        ``notes`` from the general description (type 1 or untyped)
activity-status         ``status`` via :meth:`ActivityStatus.from_iati` (1–6)
activity-date 1/2/3/4   ``planned_start`` / ``actual_start`` / ``planned_end`` / ``actual_end``
recipient-country       ``countries``: one country without a percentage gets 100; several without
                        are split evenly (IATI301); when recipient regions take part of the
                        split, the country shares are rescaled to 100 (IATI301); 0 % dropped
sector (vocab 1/absent) ``priority_areas`` through :attr:`PriorityArea.dac_sectors`: each sector's
                        share goes to the areas whose first DAC code it is (or, failing that,
                        any area listing it), narrowed by the policy markers when they tell
                        apart areas sharing a code; shares are renormalised over the mapped
                        sectors. Unmapped sectors: IATI101; other vocabularies: IATI102
sector vocab 7/8, tag   ``sdgs`` (SDG goals, and targets reduced to their goal)
policy-marker           only when no sector maps: the areas of the markers (significance > 0,
                        vocabulary 1) with equal shares; otherwise, and for unmapped markers,
                        IATI103
participating-org       :class:`~ppd_core.Partner` records (id = ``@ref`` when it is a valid id,
                        else ``ORG-<slug of the name>``; same id → one partner, other names kept
                        as aliases). Role 1 → funding, 2 (accountable) → co_organising,
                        3 (extending) → participating, 4 → implementing, other → participating
                        (IATI403). Type: 10/15 foreign government, 11 foreign local authority,
                        21–24 foreign NGO, 30/70–73 business, 40 international organisation,
                        60 foundation, 80 university/research; 90, absent or unknown → foreign
                        NGO (IATI404). An org whose ``@ref`` is the lead or one of
                        ``organisation_ids`` is of the PPD system: a co-organiser, not a partner
transaction 13/11/1     ``resource_flows`` (pledged / committed / disbursed): exact Decimal in
                        ``value/@currency`` or the activity's ``@default-currency``, dated by
                        ``transaction-date`` (else ``value/@value-date``), from the provider-org
                        (else the activity's only funding partner), which is added to the
                        partners as funding when missing. Other types are counted (IATI201,
                        :attr:`IatiImport.skipped_transactions`); an unusable transaction is
                        left out with its rule code, the activity is kept
result/indicator        :class:`~ppd_core.Indicator` ``<activity-id>/R<n>/I<m>`` owned by the lead
                        organisation: result type → level, measure, ascending → direction,
                        first baseline, and per period the first target and actual (IATI602 when
                        there are more, or disaggregations); an invalid indicator is left out
                        with its rule codes
(no equivalent)         ``kind`` = the ``kind`` argument (default ``development_project``)
======================  ========================================================================

Money: amounts with more than four decimal places break PPD302; they are rounded half-even to
four places, imported, and reported under PPD302.

**Writing** (:func:`write_iati`) produces ``iati-activities`` version 2.03 with elements in the
XSD's order: iati-identifier, reporting-org, title, description (the notes; without notes a
type-4 description naming the PPD activity kind, because the XSD requires one),
participating-org (lead organisation and co-organisers as accountable "2", partners by role:
funding 1, co_organising 2, participating 3, implementing 4), activity-status, activity-date,
recipient-country with percentages, sector (each priority area's first DAC code, vocabulary 1,
shares of areas sharing a code merged), tag (SDGs, vocabulary 2), policy-marker (significance 1)
and a transaction per resource flow (type 13/11/1, value with currency and value-date,
provider-org, receiver-org = the lead organisation). Not exported: provinces, participants,
outputs, modality, the form of flows (IATI 2.03 has no in-kind flag: flows read back as cash),
the organisation's own cost (IATI budgets are whole-activity budgets) and results — ppd_core's
indicators belong to organisations, not to activities. Read back, an export gives the same ids,
titles, notes, dates, status, countries and shares, SDGs and flows (stage, amount, currency,
date, partner); priority areas sharing a first DAC code (climate change and environment) come
back with equal shares, and partner types coarsen to IATI's (friendship organisations and
overseas Vietnamese associations return as foreign NGOs, media and individuals as "other" 90).
:func:`validate_iati_schema` checks a document against an XSD the caller provides (the library
ships no copy).

Example — read a small file, then write it back:

>>> from datetime import UTC, date, datetime
>>> from ppd_core.iati import read_iati, write_iati
>>> xml = b'''<iati-activities version="2.03">
...  <iati-activity default-currency="USD" xml:lang="en">
...   <iati-identifier>XM-EX-1</iati-identifier>
...   <reporting-org ref="XM-EX" type="21"><narrative>Example NGO</narrative></reporting-org>
...   <title><narrative>Clean water for schools</narrative></title>
...   <participating-org ref="XM-EX" role="1" type="21"><narrative>Example NGO</narrative>
...   </participating-org>
...   <activity-status code="2"/>
...   <activity-date type="2" iso-date="2025-01-15"/>
...   <recipient-country code="KH"/>
...   <sector vocabulary="1" code="12220"/>
...   <transaction>
...    <transaction-type code="1"/><transaction-date iso-date="2025-02-01"/>
...    <value value-date="2025-02-01">2500.50</value>
...    <provider-org ref="XM-EX"><narrative>Example NGO</narrative></provider-org>
...   </transaction>
...   <transaction>
...    <transaction-type code="4"/><transaction-date iso-date="2025-03-01"/>
...    <value value-date="2025-03-01">800</value>
...   </transaction>
...  </iati-activity>
... </iati-activities>'''
>>> result = read_iati(xml, lead_organisation_id="VUFO", today=date(2026, 1, 1))
>>> result.activities_in_file, result.imported, result.rejected
(1, 1, 0)
>>> a = result.activities[0]
>>> a.status.value, a.countries[0].country, a.priority_areas[0].area.value
('implementation', 'KH', 'community_health')
>>> flow = a.resource_flows[0]
>>> flow.stage.value, str(flow.amount), flow.partner_id
('disbursed', '2,500.50 USD', 'XM-EX')
>>> result.report.counts()
{'IATI201': 1}
>>> out = write_iati(result.activities, None, reporting_org_ref="VN-VUFO",
...                  reporting_org_name="VUFO", generated=datetime(2026, 1, 1, tzinfo=UTC))
>>> again = read_iati(out, lead_organisation_id="VUFO", today=date(2026, 1, 1))
>>> again.activities[0].resource_flows == a.resource_flows
True
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Final

from lxml import etree
from pydantic import ValidationError

from ppd_core.dataset import Dataset
from ppd_core.errors import PpdError, Problem, ValidationReport
from ppd_core.models import Activity, Indicator, Organisation, Partner, ResourceFlow
from ppd_core.rules import ID_PATTERN, MAX_DECIMALS, RULES, SPLIT_TOLERANCE, Rule
from ppd_core.validation import problems_from_pydantic
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    Direction,
    FlowStage,
    IndicatorMeasure,
    PartnerRole,
    PartnerType,
    PriorityArea,
    ResultLevel,
    Sdg,
)

__all__ = [
    "IATI_RULES",
    "IatiFileError",
    "IatiImport",
    "UnsafeXmlError",
    "read_iati",
    "safe_parser",
    "validate_iati_schema",
    "write_iati",
]

_Element = Any
"""An lxml element (lxml ships no type information)."""

_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"

_PARSER_OPTIONS: Final[dict[str, bool]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
"""Options of every parser reading untrusted XML here."""

_HEAD_BYTES: Final = 65536
"""How much of a document is examined before parsing (BOM, binary content, DOCTYPE)."""


# -- errors and problem codes ---------------------------------------------------------------------


class IatiFileError(PpdError, ValueError):
    """An IATI file cannot be read: empty, binary, not XML, truncated, malformed, or not IATI.

    The file is refused as a whole; nothing of it is imported.

    Attributes:
        source: The file's name (``"<bytes>"`` for in-memory data without a name).
        reason: What is wrong, in a sentence.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class UnsafeXmlError(IatiFileError):
    """A document declares a DOCTYPE (entities, an external DTD): refused before any is used.

    IATI files never have a DOCTYPE; entity declarations are how billion-laughs (exponential
    expansion) and external-entity (reading local files or URLs) attacks work. No entity is
    expanded and nothing is fetched before the refusal.
    """


IATI_RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(
            "IATI001",
            "activity-rejected",
            "Every iati-activity becomes an activity, or a rejection listing its reasons.",
            "The iati-activity was not imported (problems: {reasons}); see the other problems "
            "of this row. Correct the file or the import options and import it again.",
            ("activity",),
        ),
        Rule(
            "IATI002",
            "repeated-element",
            "Elements that describe an activity once appear once.",
            "{field} appears {count} times; the first was used.",
            ("activity",),
        ),
        Rule(
            "IATI101",
            "sector-not-mapped",
            "DAC 5-digit sectors (vocabulary 1) map to a priority area (PriorityArea.dac_sectors).",
            "DAC sector {value} ({percentage} % of the activity) maps to no priority area; "
            "{outcome}. Add a priority area by hand if one fits.",
            ("activity",),
        ),
        Rule(
            "IATI102",
            "sector-vocabulary-not-mapped",
            "Sectors use DAC 5-digit codes (vocabulary 1) or SDG codes (vocabularies 7 and 8).",
            "{count} sector(s) of vocabulary {vocabulary} were not imported ({value}): DAC "
            "5-digit codes (vocabulary 1) become priority areas and SDG codes (7, 8) SDGs.",
            ("activity",),
        ),
        Rule(
            "IATI103",
            "policy-marker-not-used",
            "Policy markers (vocabulary 1) map to priority areas (PriorityArea.policy_markers).",
            "Policy marker {value} (vocabulary {vocabulary}) {reason}.",
            ("activity",),
        ),
        Rule(
            "IATI201",
            "transaction-type-not-imported",
            "Resource flows are incoming pledges (13), commitments (11) and funds (1).",
            "{count} transaction(s) of type {value} ({name}) were not imported: resource flows "
            "are incoming pledges (13), incoming commitments (11) and incoming funds (1).",
            ("activity",),
        ),
        Rule(
            "IATI202",
            "flow-from-own-organisation",
            "Resource flows come from partners, not from organisations of the PPD system.",
            "{field} comes from '{value}', an organisation of the PPD system, not a partner; it "
            "was not imported.",
            ("activity",),
        ),
        Rule(
            "IATI301",
            "split-adjusted",
            "Percentage splits read from IATI sum to 100 over what ppd_core records.",
            "{field}: {detail}.",
            ("activity",),
        ),
        Rule(
            "IATI401",
            "organisation-unnamed",
            "A participating or provider organisation has a @ref or a name.",
            "{field} has neither a @ref nor a name; it was left out.",
            ("activity",),
        ),
        Rule(
            "IATI402",
            "organisation-ref-unusable",
            "An organisation @ref is usable as an id (no spaces or control characters).",
            "{field}: '{value}' cannot be an id; the partner id {partner_id} was made from the "
            "name instead.",
            ("activity",),
        ),
        Rule(
            "IATI403",
            "organisation-role-assumed",
            "participating-org/@role is an IATI OrganisationRole code (1–4).",
            "{field}: role {given} is not an IATI OrganisationRole (1–4); the partner was "
            "recorded as participating.",
            ("activity",),
        ),
        Rule(
            "IATI404",
            "partner-type-assumed",
            "An organisation's @type maps to a partner type.",
            "Organisation type {given} has no partner type; the partner was recorded as "
            "{assumed}. Correct its type if you know it.",
            ("partner",),
        ),
        Rule(
            "IATI601",
            "result-not-imported",
            "A result's type is output (1), outcome (2) or impact (3).",
            "{field}: result type {given} is not output (1), outcome (2) or impact (3); its "
            "{count} indicator(s) were not imported.",
            ("indicator",),
        ),
        Rule(
            "IATI602",
            "disaggregation-not-imported",
            "Each period has one target and one actual (totals).",
            "{field}: {detail}; only the first baseline, and the first target and actual of "
            "each period, were imported.",
            ("indicator",),
        ),
    ]
}
"""Codes of the problems an IATI import reports besides the ``PPD…`` rules: what was adjusted,
assumed or left out, and (IATI001) which activities were rejected."""


# -- vocabulary mappings --------------------------------------------------------------------------

_ROLE_FROM_IATI: Final[dict[str, PartnerRole]] = {
    "1": PartnerRole.FUNDING,
    "2": PartnerRole.CO_ORGANISING,
    "3": PartnerRole.PARTICIPATING,
    "4": PartnerRole.IMPLEMENTING,
}
_ROLE_TO_IATI: Final[dict[PartnerRole, str]] = {v: k for k, v in _ROLE_FROM_IATI.items()}
_ACCOUNTABLE: Final = "2"

_TYPE_FROM_IATI: Final[dict[str, PartnerType]] = {
    "10": PartnerType.FOREIGN_GOVERNMENT,
    "11": PartnerType.FOREIGN_LOCAL_AUTHORITY,
    "15": PartnerType.FOREIGN_GOVERNMENT,
    "21": PartnerType.FOREIGN_NGO,
    "22": PartnerType.FOREIGN_NGO,
    "23": PartnerType.FOREIGN_NGO,
    "24": PartnerType.FOREIGN_NGO,
    "30": PartnerType.BUSINESS,
    "40": PartnerType.INTERNATIONAL_ORGANISATION,
    "60": PartnerType.FOUNDATION,
    "70": PartnerType.BUSINESS,
    "71": PartnerType.BUSINESS,
    "72": PartnerType.BUSINESS,
    "73": PartnerType.BUSINESS,
    "80": PartnerType.UNIVERSITY_RESEARCH,
}
_DEFAULT_PARTNER_TYPE: Final = PartnerType.FOREIGN_NGO

_TRANSACTION_TYPES: Final[dict[str, str]] = {
    "1": "Incoming Funds",
    "2": "Outgoing Commitment",
    "3": "Disbursement",
    "4": "Expenditure",
    "5": "Interest Payment",
    "6": "Loan Repayment",
    "7": "Reimbursement",
    "8": "Purchase of Equity",
    "9": "Sale of Equity",
    "10": "Credit Guarantee",
    "11": "Incoming Commitment",
    "12": "Outgoing Pledge",
    "13": "Incoming Pledge",
}
_FLOW_TYPES: Final = frozenset(s.iati for s in FlowStage if s.iati)

_DATE_FIELDS: Final[dict[str, str]] = {
    "1": "planned_start",
    "2": "actual_start",
    "3": "planned_end",
    "4": "actual_end",
}


def _index_areas() -> tuple[dict[str, list[PriorityArea]], dict[str, list[PriorityArea]]]:
    """Invert the priority areas' DAC codes and policy markers (declaration order kept)."""
    by_dac: dict[str, list[PriorityArea]] = {}
    by_marker: dict[str, list[PriorityArea]] = {}
    for area in PriorityArea:
        for code in area.dac_sectors:
            by_dac.setdefault(code, []).append(area)
        for code in area.policy_markers:
            by_marker.setdefault(code, []).append(area)
    return by_dac, by_marker


_AREAS_BY_DAC, _AREAS_BY_MARKER = _index_areas()


# -- safe parsing ---------------------------------------------------------------------------------


def safe_parser() -> Any:
    """Return an lxml parser for untrusted XML.

    Entities are not resolved, the network is not used, no DTD is loaded or validated against,
    huge trees are refused, and comments and processing instructions are dropped.
    """
    return etree.XMLParser(**_PARSER_OPTIONS)


_BOMS: Final = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s*)?([^\s>]+)")
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_head(head: bytes, name: str) -> None:
    """Refuse empty, binary and DOCTYPE-bearing documents from their first bytes.

    Raises:
        IatiFileError: when the document is empty, binary or does not start like XML.
        UnsafeXmlError: when it declares a DOCTYPE.
    """
    if not head:
        raise IatiFileError(name, "the file is empty (0 bytes); expected IATI XML")
    has_bom = head.startswith(_BOMS)
    if b"\x00" in head[:1024] and not has_bom:
        raise IatiFileError(
            name, "the file looks binary (it contains NUL bytes), not like an XML document"
        )
    # UTF-16 text with a BOM: drop the NUL bytes so the ASCII markers below are visible.
    text = head.replace(b"\x00", b"")
    for bom in _BOMS:
        text = text.removeprefix(bom)
    stripped = text.lstrip()
    if not stripped:
        raise IatiFileError(name, "the file holds only white space, no XML")
    if not stripped.startswith(b"<"):
        raise IatiFileError(
            name, "the file is not an XML document (it does not start with '<'): expected IATI"
        )
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    if b"<!DOCTYPE" in prolog:
        _refuse_doctype(name, [m.decode("ascii", "replace") for m in _ENTITY_DECL.findall(prolog)])


def _refuse_doctype(name: str, entities: list[str]) -> None:
    """Raise :class:`UnsafeXmlError` for a DOCTYPE, naming the entities it declares."""
    declared = f" declaring entities {', '.join(entities[:10])}" if entities else ""
    raise UnsafeXmlError(
        name,
        f"refused: the document has a DOCTYPE{declared}. IATI files have none, and DTD "
        "entities are how billion-laughs and external-entity attacks work; nothing was "
        "expanded or fetched",
    )


def _check_docinfo(root: _Element, name: str) -> None:
    """Second line of defence: refuse any DOCTYPE the parser saw (whatever the encoding)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.system_url:
        dtd = info.internalDTD
        names = [str(e.name) for e in dtd.iterentities()] if dtd is not None else []
        _refuse_doctype(name, names)


def _syntax_error(name: str, err: Any, started: bool) -> IatiFileError:
    """Turn an lxml syntax error into a clear :class:`IatiFileError`."""
    msg = str(getattr(err, "msg", "") or err).strip()
    line = getattr(err, "lineno", None)
    where = f" at line {line}" if line else ""
    if started:
        return IatiFileError(name, f"the XML is truncated or malformed{where}: {msg}")
    return IatiFileError(name, f"the file is not well-formed XML{where}: {msg}")


def _open(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[IO[bytes], str]:
    """Open a path or wrap bytes; return the stream and the name used in problems and errors."""
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(bytes(source)), name or "<bytes>"
    path = Path(source)
    return path.open("rb"), name or path.name


def _iter_activities(stream: IO[bytes], name: str) -> Iterator[tuple[int, _Element]]:
    """Stream the ``iati-activity`` elements of a document, 1-based, freeing each after use.

    Raises:
        IatiFileError: when the document is not an IATI activity file or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    head = stream.read(_HEAD_BYTES)
    _check_head(head, name)
    stream.seek(0)
    context = etree.iterparse(stream, events=("start", "end"), **_PARSER_OPTIONS)
    root: _Element = None
    depth = 0
    n = 0
    try:
        for event, elem in context:
            if event == "start":
                if root is None:
                    root = elem
                    _check_docinfo(root, name)
                    _check_root(root, name)
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            if elem.tag == "iati-activity":
                n += 1
                yield n, elem
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as err:
        raise _syntax_error(name, err, root is not None) from None
    if root is None:  # pragma: no cover - lxml raises on a document without a root
        raise IatiFileError(name, "the document has no root element")


def _check_root(root: _Element, name: str) -> None:
    """Refuse documents that are not IATI 2.0x activity files."""
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag != "iati-activities":
        raise IatiFileError(
            name,
            f"the root element is <{tag}>, not <iati-activities>: this is not an IATI "
            "activity file",
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise IatiFileError(
            name, f"IATI version {version} is not supported; this reader reads version 2.0x"
        )


# -- small readers --------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """Collapse runs of white space into single spaces."""
    return " ".join(text.split()) if text else ""


def _lines(text: str) -> str:
    """Normalise line ends to newlines and strip surrounding white space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _named(org: _Element, default_lang: str) -> bool:
    """Whether an organisation element has a ``@ref`` or a name."""
    return bool((org.get("ref") or "").strip() or _narrative(org, default_lang))


def _narrative(parent: _Element, default_lang: str, *, keep_lines: bool = False) -> str | None:
    """The English narrative of ``parent`` if there is one, else its first non-empty one."""
    if parent is None:
        return None
    found: list[tuple[str, str]] = []
    for n in parent.findall("narrative"):
        raw = "".join(n.itertext())
        text = _lines(raw) if keep_lines else _clean(raw)
        if text:
            lang = (n.get(_XML_LANG) or default_lang).strip().lower()
            found.append((lang, text))
    for lang, text in found:
        if lang == "en" or lang.startswith("en-"):
            return text
    return found[0][1] if found else None


_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def _date(text: str | None) -> date | None:
    """Parse an xsd:date (a time zone suffix is ignored).

    Raises:
        ValueError: when ``text`` is not a date.
    """
    if text is None or not text.strip():
        return None
    m = _ISO_DATE.match(text)
    if not m:
        raise ValueError(text)
    return date.fromisoformat(m.group(1))


def _decimal(text: str | None) -> Decimal | None:
    """Parse an xsd:decimal.

    Raises:
        ValueError: when ``text`` is not a finite decimal number.
    """
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _slug_id(name: str) -> str:
    """A deterministic partner id from a name: ``ORG-`` and an ASCII slug (hashed if needed)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    digest = hashlib.sha256(_clean(name).casefold().encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"ORG-{digest}"
    if len(slug) > 80:
        slug = f"{slug[:80].rstrip('-')}-{digest}"
    return f"ORG-{slug}"


def _round(value: float) -> float:
    """Round a share to 4 decimal places."""
    return round(value, 4)


def _sdg_of(code: str) -> Sdg | None:
    """The SDG goal of a goal code (``"3"``) or a target code (``"3.8"``), or ``None``."""
    goal = code.strip().split(".", 1)[0]
    try:
        return Sdg(goal)
    except ValueError:
        return None


# -- the import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IatiImport:
    """The result of reading an IATI activity file.

    Attributes:
        activities: The imported activities, in file order.
        partners: The partners they refer to (participating and provider organisations).
        indicators: Indicators of their results (``<activity-id>/R<n>/I<m>``).
        report: Every problem: rejections (IATI001 with the ``PPD…`` reasons), adjustments,
            assumptions and left-out elements; ``source`` is the file name and ``row`` the
            1-based position of the ``iati-activity`` element.
        activities_in_file: Number of ``iati-activity`` elements in the file.
        imported: Number of activities imported.
        rejected: Number of activities rejected (``activities_in_file == imported + rejected``).
        source: The file name.
        skipped_transactions: Transactions left out because of their type, by type code.
    """

    activities: list[Activity]
    partners: list[Partner]
    indicators: list[Indicator]
    report: ValidationReport
    activities_in_file: int
    imported: int
    rejected: int
    source: str = "<bytes>"
    skipped_transactions: dict[str, int] = field(default_factory=dict)

    def to_dataset(self, organisations: Iterable[Organisation]) -> Dataset:
        """Return a Dataset of the imported partners, activities and indicators.

        Args:
            organisations: The organisations of the PPD system the records refer to: at least
                the lead organisation, and any co-organiser named through
                ``organisation_ids``.

        Raises:
            DataValidationError: when a referenced organisation is missing (PPD110).
        """
        return Dataset(
            organisations=list(organisations),
            partners=self.partners,
            activities=self.activities,
            indicators=self.indicators,
        )


@dataclass
class _PartnerDraft:
    """A partner being assembled from the organisations named in a file."""

    id: str
    name: str
    type: PartnerType
    aliases: list[str] = field(default_factory=list)

    def add_name(self, name: str) -> None:
        """Keep another spelling of the name as an alias."""
        known = {self.name.casefold(), *(a.casefold() for a in self.aliases)}
        if name.casefold() not in known:
            self.aliases.append(name)


@dataclass
class _Row:
    """What is being gathered for one ``iati-activity`` element."""

    row: int
    record_id: str | None
    lang: str
    notes: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)
    partners: dict[str, _PartnerDraft] = field(default_factory=dict)
    links: list[tuple[str, PartnerRole]] = field(default_factory=list)
    co_organisers: list[str] = field(default_factory=list)


class _Importer:
    """Turns ``iati-activity`` elements into records, collecting every problem."""

    def __init__(
        self,
        source: str,
        lead: str,
        kind: ActivityKind,
        today: date,
        organisation_ids: Collection[str],
    ) -> None:
        self.source = source
        self.lead = lead
        self.kind = kind
        self.today = today
        self.system = {lead, *organisation_ids}
        self.partners: dict[str, _PartnerDraft] = {}
        self.activities: list[Activity] = []
        self.indicators: list[Indicator] = []
        self.problems: list[Problem] = []
        self.imported_ids: set[str] = set()
        self.rejected = 0
        self.skipped: Counter[str] = Counter()

    # -- problems ---------------------------------------------------------------------------
    def _problem(
        self,
        r: _Row,
        code: str,
        field_: str | None,
        value: Any = None,
        *,
        entity: str = "activity",
        record_id: str | None = None,
        **context: Any,
    ) -> Problem:
        """Build a problem of rule ``code`` located in row ``r`` of this file."""
        rule = IATI_RULES.get(code) or RULES[code]
        context.setdefault("given", "(missing)" if value in (None, "") else f"'{value}'")
        p = rule.problem(entity, record_id or r.record_id, field_, value, **context)
        return replace(p, row=r.row, source=self.source)

    def _note(self, r: _Row, code: str, field_: str | None, value: Any = None, **ctx: Any) -> None:
        """Record a problem that does not reject the activity."""
        r.notes.append(self._problem(r, code, field_, value, **ctx))

    def _pydantic(
        self, r: _Row, err: ValidationError, entity: str, record_id: str | None, prefix: str = ""
    ) -> list[Problem]:
        """Translate a pydantic error into located problems (``prefix`` before each field)."""
        out: list[Problem] = []
        for p in problems_from_pydantic(err, entity, record_id, r.row):
            where = f"{prefix}{p.field}" if prefix and p.field else (p.field or prefix or None)
            out.append(replace(p, source=self.source, field=where))
        return out

    # -- one activity -----------------------------------------------------------------------
    def add(self, row: int, el: _Element) -> None:
        """Convert one ``iati-activity`` element (``row`` is its 1-based position)."""
        ident = _clean(el.findtext("iati-identifier")) or None
        r = _Row(row=row, record_id=ident, lang=(el.get(_XML_LANG) or "").strip().lower())
        data: dict[str, Any] = {
            "lead_organisation_id": self.lead,
            "kind": self.kind,
            "title": _narrative(el.find("title"), r.lang),
            "notes": self._description(el, r),
        }
        if ident is not None:
            data["id"] = ident
            if ident in self.imported_ids:
                r.fatal.append(self._problem(r, "PPD111", "id", ident, entity_kind="activity"))
        self._status(el, r, data)
        self._dates(el, r, data)
        data["countries"] = self._countries(el, r)
        data["priority_areas"], data["sdgs"] = self._classifications(el, r)
        self._organisations(el, r)
        data["resource_flows"] = self._transactions(el, r)
        data["co_organiser_ids"] = r.co_organisers
        data["partners"] = [{"partner_id": pid, "role": role} for pid, role in r.links]
        self._finish(el, r, data)

    def _finish(self, el: _Element, r: _Row, data: dict[str, Any]) -> None:
        """Validate the activity; keep it with its partners and indicators, or reject it."""
        problems: list[Problem] = []
        activity: Activity | None = None
        try:
            activity = Activity.model_validate(data, context={"today": self.today})
        except ValidationError as err:
            flagged = {p.field for p in r.fatal}
            problems = [
                p for p in self._pydantic(r, err, "activity", r.record_id) if p.field not in flagged
            ]
        problems = r.fatal + problems
        if activity is None or problems:
            self.rejected += 1
            codes = ", ".join(sorted({p.code for p in problems}))
            self.problems += problems
            self.problems.append(self._problem(r, "IATI001", None, reasons=codes))
            self.problems += r.notes
            return
        self.activities.append(activity)
        self.imported_ids.add(activity.id)
        for pid, draft in r.partners.items():
            known = self.partners.get(pid)
            if known is None:
                self.partners[pid] = draft
            else:
                for name in (draft.name, *draft.aliases):
                    known.add_name(name)
        self.problems += r.notes
        self._results(el, r, activity.id)

    def _description(self, el: _Element, r: _Row) -> str | None:
        """The general description (type 1, or untyped), for the notes."""
        for d in el.findall("description"):
            if (d.get("type") or "1").strip() == "1":
                return _narrative(d, r.lang, keep_lines=True)
        return None

    def _status(self, el: _Element, r: _Row, data: dict[str, Any]) -> None:
        """Read activity-status; an unknown code rejects the activity (PPD104)."""
        found = el.findall("activity-status")
        if len(found) > 1:
            self._note(r, "IATI002", "activity-status", count=len(found))
        if not found:
            return
        code = (found[0].get("code") or "").strip()
        try:
            data["status"] = ActivityStatus.from_iati(code)
        except ValueError:
            r.fatal.append(
                self._problem(
                    r,
                    "PPD104",
                    "status",
                    code,
                    vocabulary="the IATI ActivityStatus codelist",
                    allowed="1, 2, 3, 4, 5, 6",
                )
            )

    def _dates(self, el: _Element, r: _Row, data: dict[str, Any]) -> None:
        """Read activity-date types 1–4 (the first of each); a bad date rejects (PPD002)."""
        seen: Counter[str] = Counter()
        for d in el.findall("activity-date"):
            kind = (d.get("type") or "").strip()
            name = _DATE_FIELDS.get(kind)
            if name is None:
                continue
            seen[kind] += 1
            if seen[kind] > 1:
                continue
            raw = d.get("iso-date")
            try:
                day = _date(raw)
            except ValueError:
                r.fatal.append(
                    self._problem(
                        r, "PPD002", name, raw, detail=f"'{raw}' is not a date (YYYY-MM-DD)"
                    )
                )
                continue
            if day is not None:
                data[name] = day
        for kind, n in seen.items():
            if n > 1:
                self._note(r, "IATI002", f"activity-date[@type='{kind}']", count=n)

    def _countries(self, el: _Element, r: _Row) -> list[dict[str, Any]]:
        """Read recipient-country shares, completing or rescaling them as documented."""
        entries: list[tuple[str, float | None]] = []
        for i, c in enumerate(el.findall("recipient-country"), start=1):
            code = (c.get("code") or "").strip().upper()
            raw = c.get("percentage")
            try:
                pct = _decimal(raw)
            except ValueError:
                r.fatal.append(
                    self._problem(
                        r,
                        "PPD002",
                        f"recipient-country[{i}]/@percentage",
                        raw,
                        detail=f"'{raw}' is not a number",
                    )
                )
                continue
            if pct is not None and pct == 0:
                self._note(
                    r,
                    "IATI301",
                    f"recipient-country[{i}]",
                    detail=f"{code} has a 0 % share and was left out",
                )
                continue
            entries.append((code, None if pct is None else float(pct)))
        if not entries:
            return []
        if any(p is None for _, p in entries):
            if len(entries) > 1:
                self._note(
                    r,
                    "IATI301",
                    "recipient-country",
                    detail=f"{len(entries)} countries without percentages each got an equal share",
                )
            share = 100 / len(entries)
            return [{"country": c, "percentage": _round(share)} for c, _ in entries]
        total = sum(p for _, p in entries if p is not None)
        regions = el.findall("recipient-region")
        if abs(total - 100) > SPLIT_TOLERANCE and regions and total < 100:
            self._note(
                r,
                "IATI301",
                "recipient-country",
                detail=f"percentages sum to {total:g} (recipient regions take the rest, and "
                "ppd_core records no regions); they were rescaled to sum to 100",
            )
            return [
                {"country": c, "percentage": _round(p * 100 / total)}
                for c, p in entries
                if p is not None
            ]
        return [{"country": c, "percentage": p} for c, p in entries]

    def _classifications(self, el: _Element, r: _Row) -> tuple[list[dict[str, Any]], list[Sdg]]:
        """Derive priority-area shares and SDGs from sectors, tags and policy markers."""
        sdgs: list[Sdg] = []

        def add_sdg(goal: Sdg | None) -> bool:
            """Add an SDG once; say whether ``goal`` was one."""
            if goal is None:
                return False
            if goal not in sdgs:
                sdgs.append(goal)
            return True

        markers = self._markers(el, r)
        marked_areas = {a for areas in markers.values() for a in areas}
        dac: list[tuple[int, str, float | None]] = []
        others: dict[str, list[str]] = {}
        for i, s in enumerate(el.findall("sector"), start=1):
            vocab = (s.get("vocabulary") or "1").strip()
            code = (s.get("code") or "").strip()
            if vocab == "1":
                raw = s.get("percentage")
                try:
                    given = _decimal(raw)
                except ValueError:
                    given = None
                    self._note(
                        r,
                        "PPD002",
                        f"sector[{i}]/@percentage",
                        raw,
                        detail=f"'{raw}' is not a number; the sector was read without one",
                    )
                if given is not None and given == 0:
                    continue
                dac.append((i, code, None if given is None else float(given)))
            elif vocab in ("7", "8") and add_sdg(_sdg_of(code)):
                continue
            else:
                others.setdefault(vocab, []).append(code)
        for t in el.findall("tag"):
            if (t.get("vocabulary") or "").strip() in ("2", "3"):
                add_sdg(_sdg_of(t.get("code") or ""))
        for vocab, codes in others.items():
            self._note(
                r,
                "IATI102",
                "sector",
                ", ".join(codes[:20]) + (" …" if len(codes) > 20 else ""),
                count=len(codes),
                vocabulary=vocab,
            )
        if dac and any(p is None for _, _, p in dac):
            if len(dac) > 1:
                self._note(
                    r,
                    "IATI301",
                    "sector",
                    detail=f"{len(dac)} DAC sectors without percentages each got an equal share",
                )
            dac = [(i, code, 100 / len(dac)) for i, code, _ in dac]
        shares: dict[PriorityArea, float] = {}
        unmapped: list[tuple[int, str, float]] = []
        for i, code, pct in dac:
            share = pct or 0.0
            candidates = _AREAS_BY_DAC.get(code, [])
            if not candidates:
                unmapped.append((i, code, share))
                continue
            primary = [a for a in candidates if a.dac_sectors[0] == code] or candidates
            chosen = [a for a in primary if a in marked_areas] or primary
            for area in chosen:
                shares[area] = shares.get(area, 0.0) + share / len(chosen)
        total = sum(shares.values())
        outcome = (
            "its share was spread over the mapped areas"
            if total > 0
            else "no priority area was derived from it"
        )
        for i, code, share in unmapped:
            self._note(r, "IATI101", f"sector[{i}]", code, percentage=f"{share:g}", outcome=outcome)
        if total > 0:
            for code, areas in markers.items():
                if not any(a in shares for a in areas):
                    self._note(
                        r,
                        "IATI103",
                        "policy-marker",
                        code,
                        vocabulary="1",
                        reason=f"points to {' or '.join(a.value for a in areas)}, which the "
                        "sectors do not include; priority areas come from the sectors when any "
                        "maps",
                    )
            split = [{"area": a, "percentage": _round(s * 100 / total)} for a, s in shares.items()]
            return split, sdgs
        areas = list(dict.fromkeys(a for group in markers.values() for a in group))
        if not areas:
            return [], sdgs
        share = _round(100 / len(areas))
        return [{"area": a, "percentage": share} for a in areas], sdgs

    def _markers(self, el: _Element, r: _Row) -> dict[str, list[PriorityArea]]:
        """Policy markers (significance above 0) that map to areas; note the others."""
        found: dict[str, list[PriorityArea]] = {}
        for m in el.findall("policy-marker"):
            vocab = (m.get("vocabulary") or "1").strip()
            code = (m.get("code") or "").strip()
            if (m.get("significance") or "").strip() == "0":
                continue  # explicitly "not targeted"
            if vocab != "1":
                self._note(
                    r,
                    "IATI103",
                    "policy-marker",
                    code,
                    vocabulary=vocab,
                    reason="is not in the OECD DAC vocabulary (1) and was not imported",
                )
                continue
            areas = _AREAS_BY_MARKER.get(code)
            if not areas:
                self._note(
                    r,
                    "IATI103",
                    "policy-marker",
                    code,
                    vocabulary=vocab,
                    reason="has no priority area and was not imported",
                )
                continue
            found[code] = areas
        return found

    # -- organisations ----------------------------------------------------------------------
    def _org(self, r: _Row, org: _Element, where: str, type_code: str | None) -> str | None:
        """The partner id of an organisation element (registering the partner), or None.

        Returns ``None`` (with a note) for an organisation with neither ref nor name, and the
        ref itself for an organisation of the PPD system (the caller tells them apart).
        """
        ref = (org.get("ref") or "").strip()
        name = _narrative(org, r.lang)
        if ref in self.system:
            return ref
        if ref and ID_PATTERN.match(ref):
            pid = ref
        elif name or ref:
            pid = _slug_id(name or ref)
            if ref:
                self._note(r, "IATI402", f"{where}/@ref", ref, partner_id=pid)
        else:
            self._note(r, "IATI401", where)
            return None
        shown = name or ref
        draft = r.partners.get(pid) or self.partners.get(pid)
        if draft is not None:
            draft = r.partners.setdefault(
                pid, _PartnerDraft(pid, draft.name, draft.type, list(draft.aliases))
            )
            draft.add_name(shown)
            return pid
        code = (type_code or "").strip()
        ptype = _TYPE_FROM_IATI.get(code)
        if ptype is None:
            ptype = _DEFAULT_PARTNER_TYPE
            self._note(
                r,
                "IATI404",
                "type",
                code or None,
                entity="partner",
                record_id=pid,
                assumed=ptype.value,
            )
        r.partners[pid] = _PartnerDraft(pid, shown, ptype)
        return pid

    def _link(self, r: _Row, pid: str, role: PartnerRole) -> None:
        """Add a (partner, role) link once."""
        if (pid, role) not in r.links:
            r.links.append((pid, role))

    def _organisations(self, el: _Element, r: _Row) -> None:
        """Read participating-org elements into partner links and co-organisers."""
        for i, org in enumerate(el.findall("participating-org"), start=1):
            where = f"participating-org[{i}]"
            pid = self._org(r, org, where, org.get("type"))
            if pid is None:
                continue
            if pid in self.system:
                if pid != self.lead and pid not in r.co_organisers:
                    r.co_organisers.append(pid)
                continue
            code = (org.get("role") or "").strip()
            role = _ROLE_FROM_IATI.get(code)
            if role is None:
                role = PartnerRole.PARTICIPATING
                self._note(r, "IATI403", f"{where}/@role", code or None)
            self._link(r, pid, role)

    # -- transactions -----------------------------------------------------------------------
    def _transactions(self, el: _Element, r: _Row) -> list[ResourceFlow]:
        """Read incoming transactions as flows; count the other types (IATI201)."""
        flows: list[ResourceFlow] = []
        skipped: Counter[str] = Counter()
        default_currency = (el.get("default-currency") or "").strip()
        for i, t in enumerate(el.findall("transaction"), start=1):
            kind = t.find("transaction-type")
            code = "" if kind is None else (kind.get("code") or "").strip()
            if code not in _FLOW_TYPES:
                skipped[code or "(none)"] += 1
                continue
            flow = self._flow(r, t, f"transaction[{i}]", code, default_currency)
            if flow is not None:
                flows.append(flow)
        for code, n in skipped.items():
            self.skipped[code] += n
            self._note(
                r,
                "IATI201",
                "transaction",
                code,
                count=n,
                name=_TRANSACTION_TYPES.get(code, "not an IATI transaction type"),
            )
        return flows

    def _flow(
        self, r: _Row, t: _Element, where: str, code: str, default_currency: str
    ) -> ResourceFlow | None:
        """One flow from an incoming transaction, or ``None`` (with its problem)."""
        value = t.find("value")
        raw = None if value is None else value.text
        try:
            amount = _decimal(raw)
        except ValueError:
            r.notes.append(
                self._problem(
                    r, "PPD002", f"{where}/value", raw, detail=f"'{_clean(raw)}' is not a number"
                )
            )
            return None
        if amount is None:
            r.notes.append(self._problem(r, "PPD001", f"{where}/value"))
            return None
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            rounded = amount.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_HALF_EVEN)
            if rounded != amount:
                p = self._problem(r, "PPD302", f"{where}/value", amount)
                r.notes.append(
                    replace(
                        p,
                        message=f"{p.message.removesuffix(' Round it.')} It was "
                        f"rounded half-even to {rounded}.",
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
            day = _date(raw_day)
        except ValueError:
            r.notes.append(
                self._problem(
                    r,
                    "PPD002",
                    f"{where}/transaction-date",
                    raw_day,
                    detail=f"'{raw_day}' is not a date (YYYY-MM-DD)",
                )
            )
            return None
        provider = t.find("provider-org")
        pid = None
        if provider is not None and _named(provider, r.lang):
            pid = self._org(r, provider, f"{where}/provider-org", provider.get("type"))
        if pid is None:
            funders = [p for p, role in r.links if role is PartnerRole.FUNDING]
            pid = funders[0] if len(set(funders)) == 1 else None
        if pid is None:
            r.notes.append(self._problem(r, "PPD001", f"{where}/provider-org"))
            return None
        if pid in self.system:
            r.notes.append(self._problem(r, "IATI202", where, pid))
            return None
        data: dict[str, Any] = {
            "partner_id": pid,
            "stage": FlowStage.from_iati(code),
            "amount": {"amount": amount, "currency": currency or None},
            "date": day,
            "description": _narrative(t.find("description"), r.lang),
        }
        try:
            flow = ResourceFlow.model_validate(data)
        except ValidationError as err:
            r.notes += self._pydantic(r, err, "activity", r.record_id, prefix=f"{where}:")
            return None
        if not any(p == pid for p, _ in r.links):
            self._link(r, pid, PartnerRole.FUNDING)
        return flow

    # -- results ----------------------------------------------------------------------------
    def _results(self, el: _Element, r: _Row, activity_id: str) -> None:
        """Read the results of an imported activity into indicators."""
        for n, res in enumerate(el.findall("result"), start=1):
            code = (res.get("type") or "").strip()
            indicators = res.findall("indicator")
            try:
                level = ResultLevel.from_iati(code)
            except ValueError:
                self.problems.append(
                    self._problem(
                        r,
                        "IATI601",
                        f"result[{n}]",
                        code or None,
                        entity="indicator",
                        count=len(indicators),
                    )
                )
                continue
            for m, ind in enumerate(indicators, start=1):
                self._indicator(r, ind, f"{activity_id}/R{n}/I{m}", level)

    def _indicator(self, r: _Row, ind: _Element, iid: str, level: ResultLevel) -> None:
        """Build and validate one indicator; an invalid one is left out with its problems."""
        notes: list[Problem] = []

        def number(raw: str | None, where: str) -> float | None:
            """Parse a numeric value, noting PPD002 when it is not a number."""
            try:
                value = _decimal(raw)
            except ValueError:
                notes.append(
                    self._problem(
                        r,
                        "PPD002",
                        where,
                        raw,
                        entity="indicator",
                        record_id=iid,
                        detail=f"'{raw}' is not a number",
                    )
                )
                return None
            return None if value is None else float(value)

        def comment(e: _Element) -> str | None:
            """The comment narrative of a baseline, target or actual."""
            return _narrative(e.find("comment"), r.lang) if e is not None else None

        measure_code = (ind.get("measure") or "").strip()
        try:
            measure: IndicatorMeasure | str = IndicatorMeasure.from_iati(measure_code)
        except ValueError:
            measure = measure_code
        numeric = isinstance(measure, IndicatorMeasure) and measure.numeric
        ascending = (ind.get("ascending") or "1").strip().lower() not in ("0", "false")
        data: dict[str, Any] = {
            "id": iid,
            "name": _narrative(ind.find("title"), r.lang),
            "level": level,
            "measure": measure,
            "direction": Direction.HIGHER_IS_BETTER if ascending else Direction.LOWER_IS_BETTER,
            "organisation_id": self.lead,
            "description": _narrative(ind.find("description"), r.lang, keep_lines=True),
            "values": [],
        }
        extra: list[str] = []
        baselines = ind.findall("baseline")
        if len(baselines) > 1:
            extra.append(f"{len(baselines)} baselines")
        if baselines:
            b = baselines[0]
            if numeric:
                data["baseline_value"] = number(b.get("value"), "baseline/@value")
            else:
                data["baseline_text"] = b.get("value") or comment(b)
            raw_day, year = b.get("iso-date"), (b.get("year") or "").strip()
            try:
                data["baseline_date"] = _date(raw_day) or (date(int(year), 1, 1) if year else None)
            except ValueError:
                data["baseline_date"] = raw_day or year
        for k, period in enumerate(ind.findall("period"), start=1):
            targets, actuals = period.findall("target"), period.findall("actual")
            if len(targets) > 1 or len(actuals) > 1:
                extra.append(f"period {k} has several targets or actuals")
            if any(x.find("dimension") is not None for x in (*targets, *actuals)):
                extra.append(f"period {k} has disaggregations")
            start = period.find("period-start")
            end = period.find("period-end")
            value: dict[str, Any] = {
                "period_start": None if start is None else start.get("iso-date"),
                "period_end": None if end is None else end.get("iso-date"),
            }
            for key, found in (("target", targets), ("actual", actuals)):
                if not found:
                    continue
                if numeric:
                    value[key] = number(found[0].get("value"), f"period[{k}]/{key}/@value")
                else:
                    value[f"{key}_text"] = found[0].get("value") or comment(found[0])
            data["values"].append(value)
        if extra:
            detail = "; ".join(dict.fromkeys(extra))
            notes.append(
                self._problem(
                    r, "IATI602", "indicator", entity="indicator", record_id=iid, detail=detail
                )
            )
        try:
            indicator = Indicator.model_validate(data)
        except ValidationError as err:
            self.problems += self._pydantic(r, err, "indicator", iid)
            self.problems += notes
            return
        self.problems += notes
        self.indicators.append(indicator)

    # -- result -----------------------------------------------------------------------------
    def result(self, count: int) -> IatiImport:
        """Return the import of ``count`` activities."""
        partners = [
            Partner(id=d.id, name=d.name, type=d.type, aliases=d.aliases)
            for d in self.partners.values()
        ]
        return IatiImport(
            activities=self.activities,
            partners=partners,
            indicators=self.indicators,
            report=ValidationReport(self.problems),
            activities_in_file=count,
            imported=len(self.activities),
            rejected=self.rejected,
            source=self.source,
            skipped_transactions=dict(self.skipped),
        )


def read_iati(
    source: str | os.PathLike[str] | bytes,
    *,
    lead_organisation_id: str,
    today: date | None = None,
    kind: ActivityKind | str = ActivityKind.DEVELOPMENT_PROJECT,
    organisation_ids: Collection[str] = (),
    name: str | None = None,
) -> IatiImport:
    """Read an IATI 2.0x activity file into PPD records, reporting every problem.

    The file is streamed (each ``iati-activity`` is freed once converted), so memory stays
    bounded however large the file. See the module documentation for the mapping.

    Args:
        source: A path to the file, or its content as bytes (a ``str`` is always a path).
        lead_organisation_id: The PPD organisation importing the file; it leads every imported
            activity and owns the indicators (give it to :meth:`IatiImport.to_dataset`).
        today: The day "now" for the rule on actual dates (PPD202); default: today.
        kind: The PPD activity kind given to every activity (IATI has none).
        organisation_ids: Ids of organisations of the PPD system: a participating-org whose
            ``@ref`` is one of them becomes a co-organiser instead of a partner (the lead is
            always recognised).
        name: The name used for the file in problems and errors (default: the file's name, or
            ``"<bytes>"``).

    Returns:
        The activities, partners and indicators, the report and the counts.

    Raises:
        IatiFileError: when the file is empty, binary, not well-formed (e.g. truncated) or not
            an IATI activity file; nothing is imported then.
        UnsafeXmlError: when the document has a DOCTYPE (entity declarations, external DTD).
        OSError: when the file cannot be opened.
    """
    stream, label = _open(source, name)
    importer = _Importer(
        label,
        lead_organisation_id,
        ActivityKind(kind),
        today or date.today(),
        organisation_ids,
    )
    count = 0
    with stream:
        for count, element in _iter_activities(stream, label):
            importer.add(count, element)
    return importer.result(count)


# -- export ---------------------------------------------------------------------------------------


def _fmt(value: float | Decimal) -> str:
    """A number as an xsd:decimal (no exponent, no trailing zeros)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(d.normalize(), "f")
    return text


def _sub(parent: _Element, tag: str, attrs: Mapping[str, str | None] | None = None) -> _Element:
    """Append a child element, leaving out attributes whose value is ``None``."""
    clean = {k: v for k, v in (attrs or {}).items() if v is not None}
    return etree.SubElement(parent, tag, clean)


def _narratives(parent: _Element, *texts: tuple[str | None, str | None]) -> None:
    """Append ``narrative`` children: (text, language or None for the default)."""
    seen: set[str] = set()
    for text, lang in texts:
        if not text or text in seen:
            continue
        seen.add(text)
        n = _sub(parent, "narrative", {_XML_LANG: lang})
        n.text = text


@dataclass(frozen=True)
class _Names:
    """Names and IATI types of organisations and partners, when a Dataset is exported."""

    organisations: Mapping[str, Organisation]
    partners: Mapping[str, Partner]

    def organisation(self, parent: _Element, org_id: str, role: str) -> None:
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
    root: _Element, a: Activity, names: _Names, reporting: tuple[str, str, str], stamp: str
) -> None:
    """Append one ``iati-activity`` with its elements in the order of the XSD sequence."""
    act = _sub(
        root,
        "iati-activity",
        {
            "last-updated-datetime": stamp,
            _XML_LANG: "en",
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
    names.organisation(act, a.lead_organisation_id, _ACCOUNTABLE)
    for org_id in a.co_organiser_ids:
        names.organisation(act, org_id, _ACCOUNTABLE)
    for link in a.partners:
        attrs = names.partner_attrs(link.partner_id) | {"role": _ROLE_TO_IATI[link.role]}
        _narratives(
            _sub(act, "participating-org", attrs), (names.partner_name(link.partner_id), None)
        )
    _sub(act, "activity-status", {"code": a.status.iati})
    for code, day in (
        ("1", a.planned_start),
        ("2", a.actual_start),
        ("3", a.planned_end),
        ("4", a.actual_end),
    ):
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


# -- schema validation ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _schema(xsd_path: str) -> Any:
    """Load (once) the XML Schema at ``xsd_path``; its includes are read from beside it."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(xsd_path, parser))


def validate_iati_schema(xml_bytes: bytes, xsd_path: str | os.PathLike[str]) -> list[str]:
    """Validate a document against an XML Schema (e.g. ``iati-activities-schema.xsd``).

    The document is parsed with the same safeguards as :func:`read_iati`.

    Args:
        xml_bytes: The document.
        xsd_path: The schema file (the caller provides it; ppd_core ships none).

    Returns:
        The schema errors, ``"line N: message"`` each; empty when the document is valid.

    Raises:
        IatiFileError: when the document is empty, binary or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    name = "<document>"
    _check_head(xml_bytes[:_HEAD_BYTES], name)
    try:
        doc = etree.fromstring(xml_bytes, safe_parser())
    except etree.XMLSyntaxError as err:
        raise _syntax_error(name, err, False) from None
    _check_docinfo(doc, name)
    schema = _schema(str(Path(xsd_path).resolve()))
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
