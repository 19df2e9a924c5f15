"""Validation rules: the one rule table, and the value rules models carry in their types.

Every rule is declared once in :data:`RULES` (code, what it requires, message, how to fix,
scope). Value rules are field metadata (:mod:`ppd_core.rules.fields`); record rules are one
vectorised predicate each (:mod:`ppd_core.rules.records`); dataset rules are
:func:`ppd_core.integrity.check_integrity`'s. Both validation paths — the pydantic models and
:func:`ppd_core.validate_frames` — run these same checks and report these same codes.

>>> from ppd_core.rules import RULES
>>> RULES["PPD401"].name
'split-sum'
"""

from ppd_core.rules.catalogue import (
    ID_PATTERN,
    MAX_DECIMALS,
    RULES,
    SPLIT_TOLERANCE,
    Rule,
    Scope,
    rule,
)

__all__ = ["ID_PATTERN", "MAX_DECIMALS", "RULES", "SPLIT_TOLERANCE", "Rule", "Scope", "rule"]
