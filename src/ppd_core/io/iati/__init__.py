"""Exchange with the IATI Activity Standard 2.03: IATI XML in as PPD records, PPD activities out.

**Reading** (:func:`read_iati`) streams an ``iati-activities`` file (bounded memory) with a
hardened lxml parser: entities are never resolved, nothing is fetched from the network, no DTD
is loaded, huge trees are refused, and a document with a ``DOCTYPE`` is refused outright
(:class:`UnsafeXmlError`: IATI files have none, and DTD entity declarations are how
billion-laughs and external-entity attacks work). Empty, binary, truncated or otherwise
malformed files raise :class:`IatiFileError` naming the file and what is wrong; the file is
then refused as a whole. Each ``iati-activity`` becomes an :class:`~ppd_core.Activity` led by
the importing PPD organisation, or a *rejection* listing its reasons: nothing is dropped
silently, and ``activities_in_file == imported + rejected_counts["activities"]``. The result,
an :class:`IatiImport`, is ``io``'s :class:`~ppd_core.io.ReadResult` (the rejected activities
are its rejected rows) with the IATI counts, and :class:`IatiFileError` is a
:class:`~ppd_core.io.FileFormatError`.

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
@humanitarian 1/true    ``kind`` = ``humanitarian_aid``; otherwise the ``kind`` argument (default
                        ``development_project``)
======================  ========================================================================

Money: amounts with more than four decimal places break PPD302; they are rounded half-even to
four places, imported, and reported under PPD302.

**Writing** (:func:`write_iati`) produces ``iati-activities`` version 2.03 with elements in the
XSD's order, schema-valid and with no error-level failure of IATI's Standard Ruleset
(:func:`check_ruleset`): iati-identifier (``<reporting_org_ref>-<id>``, rule 1.1.21; the prefix
is ``identifier_prefix``), reporting-org, title, description (the notes; without notes a
type-4 description naming the PPD activity kind, because the XSD requires one),
participating-org (lead organisation and co-organisers as accountable "2", partners by role:
funding 1, co_organising 2, participating 3, implementing 4; the reporting organisation —
``reporting_org_id``, found from the identifier by default — is written with its IATI
identifier everywhere), activity-status, activity-date, recipient-country with percentages
(an activity held at home, with provinces only, in ``home_country``, default ``VN``: rule
3.7.1), sector (each priority area's first DAC code, vocabulary 1, shares of areas sharing a
code merged; an activity without priority areas: its kind's DAC code, :data:`SECTOR_OF_KIND
<ppd_core.io.iati._codelists.SECTOR_OF_KIND>`, rule 6.2.2), tag (SDGs, vocabulary 2),
policy-marker (each priority area's first marker, at significance 1), a transaction per
resource flow (type 13/11/1, value with currency and value-date, provider-org, receiver-org =
the lead organisation) and result
(indicators imported from the activity's results, or that a work plan's target ties to it
through a planned activity: level, measure, direction, baseline, targets and actuals per
period, disaggregated values with their dimension). Not exported: provinces, participants,
outputs, modality, the form of flows (IATI 2.03 has no in-kind flag: flows read back as cash)
and the organisation's own cost (IATI budgets are whole-activity budgets). Read back with
``organisation_refs={reporting_org_ref: reporting_org_id}``, an export gives the same ids,
titles, notes, dates, status, countries and shares (activities held at home: the home
country), SDGs, flows (stage, amount, currency, date, partner) and indicators; priority areas
sharing a first DAC code (climate change and environment) come back with equal shares, and
partner types coarsen to IATI's (friendship organisations and overseas Vietnamese
associations return as foreign NGOs, media and individuals as "other" 90).
:func:`validate_iati_schema` checks a document against an XSD the caller provides (the library
ships no copy).

Example — read a small file, then write it back:

>>> from datetime import UTC, date, datetime
>>> from ppd_core.io.iati import read_iati, write_iati
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
>>> result.activities_in_file, result.imported, result.rejected_counts["activities"]
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

from ppd_core.io.iati.codes import IATI_RULES
from ppd_core.io.iati.reader import IatiImport, read_iati
from ppd_core.io.iati.ruleset import RuleOutcome, RulesetReport, check_ruleset
from ppd_core.io.iati.safe import IatiFileError, UnsafeXmlError, safe_parser
from ppd_core.io.iati.schema import validate_iati_schema
from ppd_core.io.iati.writer import write_iati

__all__ = [
    "IATI_RULES",
    "IatiFileError",
    "IatiImport",
    "RuleOutcome",
    "RulesetReport",
    "UnsafeXmlError",
    "check_ruleset",
    "read_iati",
    "safe_parser",
    "validate_iati_schema",
    "write_iati",
]
