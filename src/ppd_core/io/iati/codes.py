"""The codes of the problems an IATI import reports besides the ``PPD…`` rules (``IATI…``).

Each is a :class:`~ppd_core.rules.Rule` of the one rule table: what was adjusted, assumed or
left out while reading an IATI file, and (IATI001) which activities were rejected. The rules
page of the documentation lists them.

>>> from ppd_core.io.iati.codes import IATI_RULES
>>> IATI_RULES["IATI201"].name
'transaction-type-not-imported'
"""

from __future__ import annotations

from ppd_core.rules import RULES, Rule

__all__ = ["IATI_RULES"]

IATI_RULES: dict[str, Rule] = {
    code: r for code, r in RULES.items() if r.scope == "import" and code.startswith("IATI")
}
"""The IATI import rules of the rule table (:data:`ppd_core.rules.RULES`, scope ``"import"``,
codes ``IATI…``): what an IATI import adjusted, assumed or left out, and (IATI001) which
activities it rejected."""
