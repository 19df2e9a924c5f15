"""IATI codelists as PPD vocabularies: organisation roles and types, transaction types, dates.

Both directions live here: the reader maps IATI codes to PPD values, the writer maps back.
"""

from __future__ import annotations

from typing import Final

from ppd_core.vocab import ActivityKind, FlowStage, PartnerRole, PartnerType, PriorityArea

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

SECTOR_OF_KIND: Final[dict[ActivityKind, str]] = {
    ActivityKind.CONFERENCE_FORUM: "15150",  # Democratic participation and civil society
    ActivityKind.DELEGATION_OUTBOUND: "15150",
    ActivityKind.DELEGATION_INBOUND: "15150",
    ActivityKind.CULTURAL_EXCHANGE: "16061",  # Culture and recreation
    ActivityKind.HUMANITARIAN_AID: "72010",  # Material relief assistance and services
    ActivityKind.DEVELOPMENT_PROJECT: "43010",  # Multisector aid
    ActivityKind.TRAINING_WORKSHOP: "11430",  # Advanced technical and managerial training
    ActivityKind.COMMUNICATION_MEDIA: "22030",  # Radio/television/print media
    ActivityKind.RESEARCH_POLICY: "15110",  # Public sector policy and administrative mgmt
    ActivityKind.ANNIVERSARY: "16061",
    ActivityKind.BRANCH_FOUNDING: "15150",
    ActivityKind.YOUTH_EXCHANGE: "16061",
    ActivityKind.SCHOLARSHIP: "11420",  # Higher education (scholarships)
}
"""The DAC 5-digit sector (vocabulary 1) written for an activity without priority areas, by
kind: IATI rule 6.2.2 wants a sector for every activity."""

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
