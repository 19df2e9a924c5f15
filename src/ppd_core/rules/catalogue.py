"""The rule table: every validation rule declared once, with its code, message and fix.

Codes are grouped like IATI's ruleset: ``PPD0xx`` values and types, ``PPD1xx`` identifiers and
references, ``PPD2xx`` dates, ``PPD3xx`` amounts and counts, ``PPD4xx`` percentage splits,
``PPD5xx`` roles and flows, ``PPD6xx`` results, ``PPD7xx`` participants, ``PPD8xx`` evaluations.

Each rule has a *scope*, which says where its one check lives:

* ``"value"`` — one cell: the check is a :class:`~ppd_core.rules.fields.FieldRule` attached
  to the model's field type (``Annotated``) and read from there by the tables' schema;
* ``"record"`` — several fields or link rows of one record: one vectorised predicate over
  frames in :mod:`ppd_core.rules.records`, run on whole tables by the columnar path and on
  the record's own one-row tables by the models;
* ``"dataset"`` — across records (references, unique ids, hierarchy cycles): checked by
  :func:`ppd_core.integrity.check_integrity` only, since a lone record cannot break them.

>>> from ppd_core.rules import RULES
>>> RULES["PPD401"].name
'split-sum'
>>> print(RULES["PPD401"].problem("activity", "A-1", "countries", "90.0", total="90").message)
Percentages of countries sum to 90, not 100. Adjust the shares so they add up to 100 (±0.01).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ppd_core.errors import Problem

__all__ = ["ID_PATTERN", "MAX_DECIMALS", "RULES", "SPLIT_TOLERANCE", "Rule", "Scope", "rule"]

ID_PATTERN = re.compile(r"^[^\s\x00-\x1f\x7f]{1,100}$")
"""Identifiers: 1–100 characters, no whitespace and no control characters (rule PPD101)."""

SPLIT_TOLERANCE = 0.01
"""How far from 100 a percentage split may sum (rule PPD401)."""

MAX_DECIMALS = 4
"""Money amounts carry at most this many decimal places (rule PPD302; ISO 4217's maximum)."""

Scope = Literal["value", "record", "dataset"]
"""Where a rule's check lives (see the module's documentation)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A validation rule.

    Attributes:
        code: Stable code, e.g. ``"PPD201"``; never reused for another rule.
        name: Short slug, e.g. ``"end-before-start"``.
        requires: What the rule requires, in one sentence (documented on the rules page).
        message: What is wrong; ``{placeholders}`` are filled from the problem's context.
        fix: How to fix it, in one sentence (may use placeholders too).
        applies_to: The entities the rule checks.
        scope: ``"value"``, ``"record"`` or ``"dataset"`` (where its one check lives).
    """

    code: str
    name: str
    requires: str
    message: str
    fix: str
    applies_to: tuple[str, ...]
    scope: Scope

    @property
    def template(self) -> str:
        """The full problem text: the message followed by how to fix it."""
        return f"{self.message} {self.fix}"

    def render(self, **context: Any) -> str:
        """The problem text with ``context`` filled in."""
        return self.template.format(**context)

    def problem(
        self,
        entity: str | None,
        record_id: str | None,
        field: str | None,
        value: Any = None,
        **context: Any,
    ) -> Problem:
        """Return a :class:`~ppd_core.errors.Problem` for this rule at one place."""
        return Problem(
            code=self.code,
            message=self.render(field=field, value=value, **context),
            entity=entity,
            record_id=record_id,
            field=field,
            value=None if value is None else str(value),
        )


_ALL = ("organisation", "partner", "activity", "indicator", "work_plan", "evaluation", "award")

RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule(
            "PPD001",
            "required",
            "Every required field has a value.",
            "{field} is required but missing.",
            "Fill it in.",
            _ALL,
            "value",
        ),
        Rule(
            "PPD002",
            "invalid-value",
            "Every value has the field's type and format (numbers, dates as YYYY-MM-DD…).",
            "{detail}.",
            "Enter a value of the right kind.",
            _ALL,
            "value",
        ),
        Rule(
            "PPD101",
            "id-format",
            "Identifiers are 1–100 characters with no spaces and no control characters.",
            "Identifier '{value}' has spaces or control characters or is longer than 100 "
            "characters.",
            "Use letters, digits and - _ . : / only.",
            _ALL,
            "value",
        ),
        Rule(
            "PPD102",
            "unknown-country",
            "Country codes are ISO 3166-1 alpha-2 codes known to the reference data.",
            "'{value}' is not a known ISO 3166-1 alpha-2 country code.",
            "Use the two-letter code (e.g. KH for Cambodia); see ppd_core.reference.",
            ("organisation", "partner", "activity"),
            "value",
        ),
        Rule(
            "PPD103",
            "unknown-currency",
            "Currency codes are ISO 4217 codes known to the reference data.",
            "'{value}' is not a known ISO 4217 currency code.",
            "Use the three-letter code (e.g. USD, VND, EUR).",
            ("activity", "work_plan"),
            "value",
        ),
        Rule(
            "PPD104",
            "unknown-code",
            "Coded fields use a code of their vocabulary (see ppd_core.vocab).",
            "'{value}' is not a code of {vocabulary}.",
            "Use one of: {allowed}.",
            _ALL,
            "value",
        ),
        Rule(
            "PPD110",
            "unknown-reference",
            "Every referenced id exists in the dataset.",
            "{field} refers to {target} '{value}', which is not in the dataset.",
            "Add that {target} or correct the id.",
            _ALL,
            "dataset",
        ),
        Rule(
            "PPD111",
            "duplicate-id",
            "Ids are unique within each entity.",
            "Id '{value}' is used by more than one {entity_kind}.",
            "Give each record its own id or merge the duplicates.",
            _ALL,
            "dataset",
        ),
        Rule(
            "PPD112",
            "hierarchy-cycle",
            "The organisation hierarchy has no cycles (no body is its own ancestor).",
            "Organisation '{value}' is its own ancestor through parent links.",
            "Correct parent_id.",
            ("organisation",),
            "dataset",
        ),
        Rule(
            "PPD201",
            "end-before-start",
            "An end date is not before its start date.",
            "{field} ({value}) is before {start_field} ({start}).",
            "Swap or correct the dates.",
            ("organisation", "activity", "indicator"),
            "record",
        ),
        Rule(
            "PPD202",
            "actual-date-in-future",
            "Actual (as opposed to planned) dates are not in the future.",
            "{field} ({value}) is after today ({today}).",
            "Record it as a planned date instead.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD203",
            "self-follow-up",
            "An activity does not follow up on itself.",
            "follow_up_of names the activity itself.",
            "Give the id of the earlier activity.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD204",
            "start-required",
            "An activity has a start date: planned_start or actual_start.",
            "{field} is required when actual_start is empty.",
            "Enter the planned or the actual first day.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD301",
            "negative-value",
            "Amounts, counts and budgets are not negative.",
            "{field} is negative ({value}).",
            "Enter zero or a positive value.",
            ("activity", "work_plan", "award"),
            "value",
        ),
        Rule(
            "PPD302",
            "too-many-decimals",
            f"Money amounts have at most {MAX_DECIMALS} decimal places.",
            f"{{field}} ({{value}}) has more than {MAX_DECIMALS} decimal places.",
            "Round it.",
            ("activity", "work_plan"),
            "value",
        ),
        Rule(
            "PPD401",
            "split-sum",
            f"Percentage splits (countries, provinces, priority areas) sum to 100 "
            f"(±{SPLIT_TOLERANCE}).",
            "Percentages of {field} sum to {total}, not 100.",
            f"Adjust the shares so they add up to 100 (±{SPLIT_TOLERANCE}).",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD402",
            "percentage-range",
            "Each percentage of a split is greater than 0 and at most 100.",
            "{field} is {value}; a share must be greater than 0 and at most 100.",
            "Correct the share or remove the line.",
            ("activity",),
            "value",
        ),
        Rule(
            "PPD403",
            "duplicate-in-split",
            "A split, list or table of counts names each item (country, province, priority "
            "area, SDG, output kind…) once.",
            "'{value}' appears more than once in {field}.",
            "Merge its lines into one.",
            ("activity", "work_plan"),
            "record",
        ),
        Rule(
            "PPD501",
            "role-kind",
            "A partner's role is valid for the activity's kind (meetings, delegations, "
            "anniversaries and foundings have no implementing partner).",
            "Partner '{value}' has the role 'implementing', which a {kind} cannot have.",
            "Use co_organising or participating.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD502",
            "flow-partner",
            "A resource flow comes from a partner listed among the activity's partners.",
            "The resource flow comes from '{value}', which is not among the activity's partners.",
            "Add the partner (e.g. with the funding role) or correct the flow.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD503",
            "part-missing",
            "A nested value given in part has its required parts (a cost with a currency has "
            "an amount; a contact with an e-mail has a name).",
            "{field} is missing although other parts of {part} are given.",
            "Fill it in, or clear the other parts of {part}.",
            _ALL,
            "value",
        ),
        Rule(
            "PPD601",
            "target-value",
            "Targets and actuals of a numeric indicator have a numeric value; those of a "
            "qualitative indicator have a text.",
            "{field} of the {measure} indicator has no {needed}.",
            "Enter the {needed}.",
            ("indicator",),
            "record",
        ),
        Rule(
            "PPD701",
            "participant-breakdown",
            "Participant breakdowns do not exceed the total (foreign + domestic, women, youth).",
            "{field} ({value}) exceeds the total number of participants ({total}).",
            "Correct the breakdown or the total.",
            ("activity",),
            "record",
        ),
        Rule(
            "PPD801",
            "score-scale",
            "Evaluation scores are on the 4-point scale: 1, 2, 3 or 4.",
            "Score {value} is not on the 4-point scale.",
            "Use 1 (unsatisfactory) to 4 (highly satisfactory).",
            ("evaluation",),
            "value",
        ),
    ]
}
"""Every rule by code, in code order."""


def rule(code: str) -> Rule:
    """Return the rule with ``code``.

    Raises:
        KeyError: if no rule has that code.
    """
    return RULES[code]
