"""The codes of the problems an IATI import reports besides the ``PPD…`` rules (``IATI…``).

Each is a :class:`~ppd_core.rules.Rule`: what was adjusted, assumed or left out while reading
an IATI file, and (IATI001) which activities were rejected. The rules page of the
documentation lists them.

>>> from ppd_core.io.iati.codes import IATI_RULES
>>> IATI_RULES["IATI201"].name
'transaction-type-not-imported'
"""

from __future__ import annotations

from ppd_core.rules import Rule

__all__ = ["IATI_RULES"]

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
