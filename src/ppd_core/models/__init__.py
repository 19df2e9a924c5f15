"""Pydantic models of the PPD domain: organisations, partners, activities, results, plans.

Models hold no I/O. Every field is documented; every cross-field rule has a code in
:mod:`ppd_core.rules`.
"""

from ppd_core.models.activity import (
    Activity,
    CountryShare,
    Participants,
    PartnerLink,
    PriorityShare,
    ProvinceShare,
    ResourceFlow,
)
from ppd_core.models.award import Award
from ppd_core.models.evaluation import SCALE, CriterionScore, Evaluation
from ppd_core.models.organisation import ContactPerson, Organisation, Partner
from ppd_core.models.plan import PlannedActivity, PlanTarget, WorkPlan
from ppd_core.models.results import Indicator, IndicatorValue

__all__ = [
    "SCALE",
    "Activity",
    "Award",
    "ContactPerson",
    "CountryShare",
    "CriterionScore",
    "Evaluation",
    "Indicator",
    "IndicatorValue",
    "Organisation",
    "Participants",
    "Partner",
    "PartnerLink",
    "PlanTarget",
    "PlannedActivity",
    "PriorityShare",
    "ProvinceShare",
    "ResourceFlow",
    "WorkPlan",
]
