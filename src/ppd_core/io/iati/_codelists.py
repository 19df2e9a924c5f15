"""IATI codelists as PPD vocabularies: organisation roles and types, transaction types, dates.

Both directions live here: the reader maps IATI codes to PPD values, the writer maps back.
"""

from __future__ import annotations

from typing import Final

from ppd_core.vocab import FlowStage, PartnerRole, PartnerType, PriorityArea

ROLE_FROM_IATI: Final[dict[str, PartnerRole]] = {
    "1": PartnerRole.FUNDING,
    "2": PartnerRole.CO_ORGANISING,
    "3": PartnerRole.PARTICIPATING,
    "4": PartnerRole.IMPLEMENTING,
}
ROLE_TO_IATI: Final[dict[PartnerRole, str]] = {v: k for k, v in ROLE_FROM_IATI.items()}
ACCOUNTABLE: Final = "2"

TYPE_FROM_IATI: Final[dict[str, PartnerType]] = {
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
DEFAULT_PARTNER_TYPE: Final = PartnerType.FOREIGN_NGO

TRANSACTION_TYPES: Final[dict[str, str]] = {
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
FLOW_TYPES: Final = frozenset(s.iati for s in FlowStage if s.iati)

DATE_FIELDS: Final[dict[str, str]] = {
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


AREAS_BY_DAC, AREAS_BY_MARKER = _index_areas()
