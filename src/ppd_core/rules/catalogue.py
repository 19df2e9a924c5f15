"""The rule table: every validation rule declared once, with its code, message and fix.

Codes are grouped like IATI's ruleset: ``PPD0xx`` values and types, ``PPD1xx`` identifiers and
references, ``PPD2xx`` dates, ``PPD3xx`` amounts and counts, ``PPD4xx`` percentage splits,
``PPD5xx`` roles and flows, ``PPD6xx`` results, ``PPD7xx`` participants, ``PPD8xx`` evaluations.
``PROP…`` codes are what the proposals reader (:func:`ppd_core.io.read_proposals`) reports and
``REG…`` codes what the register reader (:func:`ppd_core.io.read_register`) reports; both are
declared in :mod:`ppd_core.rules._readers`. Every rule's texts are in the catalogue of words
for people, so problems read in the user's language (:meth:`Rule.in_language`).

Each rule has a *scope*, which says where its one check lives:

* ``"value"`` — one cell: the check is a :class:`~ppd_core.rules.fields.FieldRule` attached
  to the model's field type (``Annotated``) and read from there by the tables' schema;
* ``"record"`` — several fields or link rows of one record: one vectorised predicate over
  frames in :mod:`ppd_core.rules.records`, run on whole tables by the columnar path and on
  the record's own one-row tables by the models;
* ``"dataset"`` — across records (references, unique ids, hierarchy cycles): checked by
  :func:`ppd_core.integrity.check_integrity` only, since a lone record cannot break them;
* ``"import"`` — not a check but what an importer reports when it adjusts, assumes or leaves
  out part of a file (the ``IATI…`` codes of :mod:`ppd_core.io.iati`, the ``PROP…`` codes of
  :mod:`ppd_core.io.proposals`).

>>> from ppd_core.rules import RULES
>>> RULES["PPD401"].name
'split-sum'
>>> print(RULES["PPD401"].problem("activity", "A-1", "countries", "90.0", total="90").message)
Percentages of countries sum to 90, not 100. Adjust the shares so they add up to 100 (±0.01).
"""

from __future__ import annotations

import re

from ppd_core.i18n import N_
from ppd_core.rules._readers import PROPOSAL_RULES, REGISTER_RULES
from ppd_core.rules._rule import Rule, Scope

__all__ = ["ID_PATTERN", "MAX_DECIMALS", "RULES", "SPLIT_TOLERANCE", "Rule", "Scope", "rule"]

ID_PATTERN = re.compile(r"^[^\s\x00-\x1f\x7f]{1,100}$")
"""Identifiers: 1–100 characters, no whitespace and no control characters (rule PPD101)."""

SPLIT_TOLERANCE = 0.01
"""How far from 100 a percentage split may sum (rule PPD401)."""

MAX_DECIMALS = 4
"""Money amounts carry at most this many decimal places (rule PPD302; ISO 4217's maximum)."""

_ALL = ("organisation", "partner", "activity", "indicator", "work_plan", "evaluation", "award")

_CHECK_RULES = [
    Rule(
        "PPD001",
        "required",
        "Every required field has a value.",
        N_("{field} is required but missing."),
        N_("Fill it in."),
        _ALL,
        "value",
    ),
    Rule(
        "PPD002",
        "invalid-value",
        "Every value has the field's type and format (numbers, dates as YYYY-MM-DD…).",
        N_("{detail}."),
        N_("Enter a value of the right kind."),
        _ALL,
        "value",
    ),
    Rule(
        "PPD101",
        "id-format",
        "Identifiers are 1–100 characters with no spaces and no control characters.",
        N_(
            "Identifier '{value}' has spaces or control characters or is longer than 100 "
            "characters."
        ),
        N_("Use letters, digits and - _ . : / only."),
        _ALL,
        "value",
    ),
    Rule(
        "PPD102",
        "unknown-country",
        "Country codes are ISO 3166-1 alpha-2 codes known to the reference data.",
        N_("'{value}' is not a known ISO 3166-1 alpha-2 country code."),
        N_("Use the two-letter code (e.g. KH for Cambodia); see ppd_core.reference."),
        ("organisation", "partner", "activity"),
        "value",
    ),
    Rule(
        "PPD103",
        "unknown-currency",
        "Currency codes are ISO 4217 codes known to the reference data.",
        N_("'{value}' is not a known ISO 4217 currency code."),
        N_("Use the three-letter code (e.g. USD, VND, EUR)."),
        ("activity", "work_plan"),
        "value",
    ),
    Rule(
        "PPD104",
        "unknown-code",
        "Coded fields use a code of their vocabulary (see ppd_core.vocab).",
        N_("'{value}' is not a code of {vocabulary}."),
        N_("Use one of: {allowed}."),
        _ALL,
        "value",
    ),
    Rule(
        "PPD110",
        "unknown-reference",
        "Every referenced id exists in the dataset.",
        N_("{field} refers to {target} '{value}', which is not in the dataset."),
        N_("Add that {target} or correct the id."),
        _ALL,
        "dataset",
    ),
    Rule(
        "PPD111",
        "duplicate-id",
        "Ids are unique within each entity.",
        N_("Id '{value}' is used by more than one {entity_kind}."),
        N_("Give each record its own id or merge the duplicates."),
        _ALL,
        "dataset",
    ),
    Rule(
        "PPD112",
        "hierarchy-cycle",
        "The organisation hierarchy has no cycles (no body is its own ancestor).",
        N_("Organisation '{value}' is its own ancestor through parent links."),
        N_("Correct parent_id."),
        ("organisation",),
        "dataset",
    ),
    Rule(
        "PPD201",
        "end-before-start",
        "An end date is not before its start date.",
        N_("{field} ({value}) is before {start_field} ({start})."),
        N_("Swap or correct the dates."),
        ("organisation", "activity", "indicator"),
        "record",
    ),
    Rule(
        "PPD202",
        "actual-date-in-future",
        "Actual (as opposed to planned) dates are not in the future.",
        N_("{field} ({value}) is after today ({today})."),
        N_("Record it as a planned date instead."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD203",
        "self-follow-up",
        "An activity does not follow up on itself.",
        N_("follow_up_of names the activity itself."),
        N_("Give the id of the earlier activity."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD204",
        "start-required",
        "An activity has a start date: planned_start or actual_start.",
        N_("{field} is required when actual_start is empty."),
        N_("Enter the planned or the actual first day."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD301",
        "negative-value",
        "Amounts, counts and budgets are not negative.",
        N_("{field} is negative ({value})."),
        N_("Enter zero or a positive value."),
        ("activity", "work_plan", "award"),
        "value",
    ),
    Rule(
        "PPD302",
        "too-many-decimals",
        f"Money amounts have at most {MAX_DECIMALS} decimal places.",
        N_("{field} ({value}) has more than 4 decimal places."),
        N_("Round it."),
        ("activity", "work_plan"),
        "value",
    ),
    Rule(
        "PPD401",
        "split-sum",
        f"Percentage splits (countries, provinces, priority areas) sum to 100 "
        f"(±{SPLIT_TOLERANCE}).",
        N_("Percentages of {field} sum to {total}, not 100."),
        N_("Adjust the shares so they add up to 100 (±0.01)."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD402",
        "percentage-range",
        "Each percentage of a split is greater than 0 and at most 100.",
        N_("{field} is {value}; a share must be greater than 0 and at most 100."),
        N_("Correct the share or remove the line."),
        ("activity",),
        "value",
    ),
    Rule(
        "PPD403",
        "duplicate-in-split",
        "A split, list or table of counts names each item (country, province, priority "
        "area, SDG, output kind…) once.",
        N_("'{value}' appears more than once in {field}."),
        N_("Merge its lines into one."),
        ("activity", "work_plan"),
        "record",
    ),
    Rule(
        "PPD501",
        "role-kind",
        "A partner's role is valid for the activity's kind (meetings, delegations, "
        "anniversaries and foundings have no implementing partner).",
        N_("Partner '{value}' has the role 'implementing', which a {kind} cannot have."),
        N_("Use co_organising or participating."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD502",
        "flow-partner",
        "A resource flow comes from a partner listed among the activity's partners.",
        N_("The resource flow comes from '{value}', which is not among the activity's partners."),
        N_("Add the partner (e.g. with the funding role) or correct the flow."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD503",
        "part-missing",
        "A nested value given in part has its required parts (a cost with a currency has "
        "an amount; a contact with an e-mail has a name).",
        N_("{field} is missing although other parts of {part} are given."),
        N_("Fill it in, or clear the other parts of {part}."),
        _ALL,
        "value",
    ),
    Rule(
        "PPD601",
        "target-value",
        "Targets and actuals of a numeric indicator have a numeric value; those of a "
        "qualitative indicator have a text.",
        N_("{field} of the {measure} indicator has no {needed}."),
        N_("Enter the {needed}."),
        ("indicator",),
        "record",
    ),
    Rule(
        "PPD701",
        "participant-breakdown",
        "Participant breakdowns do not exceed the total (foreign + domestic, women, youth).",
        N_("{field} ({value}) exceeds the total number of participants ({total})."),
        N_("Correct the breakdown or the total."),
        ("activity",),
        "record",
    ),
    Rule(
        "PPD801",
        "score-scale",
        "Evaluation scores are on the 4-point scale: 1, 2, 3 or 4.",
        N_("Score {value} is not on the 4-point scale."),
        N_("Use 1 (unsatisfactory) to 4 (highly satisfactory)."),
        ("evaluation",),
        "value",
    ),
]
"""The rules every record is checked against (scopes value, record and dataset)."""

_IMPORT_RULES = [
    Rule(
        "IATI001",
        "activity-rejected",
        "Every iati-activity becomes an activity, or a rejection listing its reasons.",
        N_(
            "The iati-activity was not imported (problems: {reasons}); see the other problems of "
            "this row."
        ),
        N_("Correct the file or the import options and import it again."),
        ("activity",),
        "import",
    ),
    Rule(
        "IATI002",
        "repeated-element",
        "Elements that describe an activity once appear once.",
        N_("{field} appears {count} times; the first was used."),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI003",
        "element-not-imported",
        "Every element of an iati-activity is imported or reported.",
        N_("{field} was not imported ({detail}): ppd_core has no place for it."),
        N_("Keep the IATI file if you need it; add what matters to the activity's notes."),
        ("activity",),
        "import",
    ),
    Rule(
        "IATI004",
        "element-incomplete",
        "An element IATI requires a part of has it (e.g. a budget's period-end).",
        N_("{field} is missing: IATI requires it ({detail})."),
        N_("Ask the publisher to correct the file."),
        ("activity",),
        "import",
    ),
    Rule(
        "IATI101",
        "sector-not-mapped",
        "DAC 5-digit sectors (vocabulary 1) map to a priority area (PriorityArea.dac_sectors).",
        N_(
            "DAC sector {value} ({percentage} % of the activity) maps to no priority area; "
            "{outcome}."
        ),
        N_("Add a priority area by hand if one fits."),
        ("activity",),
        "import",
    ),
    Rule(
        "IATI102",
        "sector-vocabulary-not-mapped",
        "Sectors use DAC 5-digit codes (vocabulary 1) or SDG codes (vocabularies 7 and 8).",
        N_(
            "{count} sector(s) of vocabulary {vocabulary} were not imported ({value}): DAC 5-digit "
            "codes (vocabulary 1) become priority areas and SDG codes (7, 8) SDGs."
        ),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI103",
        "policy-marker-not-used",
        "Policy markers (vocabulary 1) map to priority areas (PriorityArea.policy_markers).",
        N_("Policy marker {value} (vocabulary {vocabulary}) {reason}."),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI201",
        "transaction-type-not-imported",
        "Resource flows are incoming pledges (13), commitments (11) and funds (1).",
        N_(
            "{count} transaction(s) of type {value} ({name}) were not imported: resource flows are "
            "incoming pledges (13), incoming commitments (11) and incoming funds (1)."
        ),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI202",
        "flow-from-own-organisation",
        "Resource flows come from partners, not from organisations of the PPD system.",
        N_(
            "{field} comes from '{value}', an organisation of the PPD system, not a partner; it "
            "was not imported."
        ),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI301",
        "split-adjusted",
        "Percentage splits read from IATI sum to 100 over what ppd_core records.",
        N_("{field}: {detail}."),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI302",
        "split-from-transactions",
        "Recipient countries and sectors declared on transactions are carried to the activity "
        "by the documented rule (weighted by transaction value).",
        N_("{field}: {detail}."),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI401",
        "organisation-unnamed",
        "A participating or provider organisation has a @ref or a name.",
        N_("{field} has neither a @ref nor a name; it was left out."),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI402",
        "organisation-ref-unusable",
        "An organisation @ref is usable as an id (no spaces or control characters).",
        N_(
            "{field}: '{value}' cannot be an id; the partner id {partner_id} was made from the "
            "name instead."
        ),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI403",
        "organisation-role-assumed",
        "participating-org/@role is an IATI OrganisationRole code (1–4).",
        N_(
            "{field}: role {given} is not an IATI OrganisationRole (1–4); the partner was recorded "
            "as participating."
        ),
        "",
        ("activity",),
        "import",
    ),
    Rule(
        "IATI404",
        "partner-type-assumed",
        "An organisation's @type maps to a partner type.",
        N_("Organisation type {given} has no partner type; the partner was recorded as {assumed}."),
        N_("Correct its type if you know it."),
        ("partner",),
        "import",
    ),
    Rule(
        "IATI601",
        "result-not-imported",
        "A result's type is output (1), outcome (2) or impact (3).",
        N_(
            "{field}: result type {given} is not output (1), outcome (2) or impact (3); its "
            "{count} indicator(s) were not imported."
        ),
        "",
        ("indicator",),
        "import",
    ),
    Rule(
        "IATI602",
        "disaggregation-not-imported",
        "Each period has one target and one actual (totals).",
        N_(
            "{field}: {detail}; only the first baseline, and the first target and actual of each "
            "period, were imported."
        ),
        "",
        ("indicator",),
        "import",
    ),
]
"""What an importer (IATI) reports when it adjusts, assumes or leaves out part of a file, and
(IATI001) which activities it rejected."""

RULES: dict[str, Rule] = {
    r.code: r for r in [*_CHECK_RULES, *_IMPORT_RULES, *PROPOSAL_RULES, *REGISTER_RULES]
}
"""Every rule by code: the checks (``PPD…``) in code order, then the import rules (``IATI…``,
``PROP…``, then ``REG…``)."""


def rule(code: str) -> Rule:
    """Return the rule with ``code``.

    Raises:
        KeyError: if no rule has that code.
    """
    return RULES[code]
