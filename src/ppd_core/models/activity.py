"""Activities: what the system does with its partners, and what comes of it."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from ppd_core.models._base import (
    Count,
    CountryCode,
    Id,
    Percentage,
    Record,
    TableRecord,
    Text,
    link,
)
from ppd_core.money import Money
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    FlowForm,
    FlowStage,
    Modality,
    OutputKind,
    PartnerRole,
    PriorityArea,
    Sdg,
)

__all__ = [
    "Activity",
    "CountryShare",
    "Participants",
    "PartnerLink",
    "PriorityShare",
    "ProvinceShare",
    "ResourceFlow",
]


class PartnerLink(Record):
    """A partner taking part in an activity, with its role."""

    entity: ClassVar[str] = "activity_partner"

    partner_id: Id
    """The partner's id."""
    role: PartnerRole
    """Funding, co-organising, implementing or participating."""


class CountryShare(Record):
    """A country an activity concerns, with its share of the activity (percent)."""

    entity: ClassVar[str] = "activity_country"

    country: CountryCode
    """ISO 3166-1 alpha-2 code."""
    percentage: Percentage = 100.0
    """Share of the activity attributed to this country; shares sum to 100."""


class ProvinceShare(Record):
    """A Vietnamese province or city an activity takes place in, with its share (percent)."""

    entity: ClassVar[str] = "activity_province"

    province: Text
    """Province or centrally governed city."""
    percentage: Percentage = 100.0
    """Share of the activity attributed to this province; shares sum to 100."""


class PriorityShare(Record):
    """A priority area an activity serves, with its share (percent)."""

    entity: ClassVar[str] = "activity_priority_area"

    area: PriorityArea
    """The priority area."""
    percentage: Percentage = 100.0
    """Share of the activity attributed to this area; shares sum to 100."""


class Participants(Record):
    """Who took part: a total and optional breakdowns (each not above the total)."""

    entity: ClassVar[str] = "participants"

    total: Count | None = None
    """All participants."""
    foreign: Count | None = None
    """Participants from abroad."""
    domestic: Count | None = None
    """Participants from Viet Nam."""
    women: Count | None = None
    """Women among the participants."""
    youth: Count | None = None
    """Young people (under 35) among the participants."""


class ResourceFlow(Record):
    """Resources a partner mobilised for an activity: pledged, committed or disbursed.

    Maps to IATI transactions: incoming pledge (13), incoming commitment (11), incoming funds (1).
    """

    entity: ClassVar[str] = "resource_flow"

    partner_id: Id
    """The partner the resources come from (listed among the activity's partners)."""
    stage: FlowStage
    """Pledged, committed or disbursed."""
    form: FlowForm = FlowForm.CASH
    """Cash or in kind (in-kind flows are valued in money)."""
    amount: Money = Field(json_schema_extra={"prefix": ""})
    """Value of the flow in its original currency."""
    date: date
    """Day of the pledge, commitment or disbursement."""
    description: str | None = None
    """What the resources are (e.g. "medical equipment")."""


class Activity(TableRecord):
    """A PPD activity: a conference, a delegation, a project, a training course.

    Rules checked on every activity (all problems are reported together; each is declared
    once in :data:`ppd_core.rules.RULES` and checked by :mod:`ppd_core.rules.records`):

    * PPD204 — a start date (``planned_start`` or ``actual_start``) is given;
    * PPD201 — an end date is not before its start (planned and actual);
    * PPD202 — actual dates are not after today (pass ``context={"today": day}`` to fix "today");
    * PPD203 — ``follow_up_of`` does not name the activity itself;
    * PPD401 — country, province and priority-area splits each sum to 100 (±0.01);
    * PPD403 — a split names each country, province, area, SDG or output kind once;
    * PPD501 — no partner *implements* a conference, delegation, anniversary or founding;
    * PPD502 — every resource flow comes from a partner listed in ``partners``;
    * PPD701 — participant breakdowns (foreign + domestic, women, youth) do not exceed the total;

    and, through the field types, PPD001 (required values and texts), PPD002 (unreadable
    values), PPD101 (ids), PPD102 (countries), PPD103 (currencies), PPD104 (codes),
    PPD301/PPD302 (amounts and counts) and PPD402 (each share in (0, 100]).

    >>> from datetime import date
    >>> from ppd_core import Activity
    >>> a = Activity(id="A-2025-001", title="Friendship exchange with Cambodian youth",
    ...     lead_organisation_id="VUFO", kind="youth_exchange", status="closed",
    ...     actual_start=date(2025, 3, 1), actual_end=date(2025, 3, 3),
    ...     countries=[{"country": "KH"}], participants={"total": 120, "youth": 100})
    >>> a.start, a.year
    (datetime.date(2025, 3, 1), 2025)
    """

    entity: ClassVar[str] = "activity"
    table: ClassVar[str | None] = "activities"

    id: Id
    """Stable identifier."""
    title: Text
    """Short title."""
    lead_organisation_id: Id
    """The organisation that leads (and reports) the activity."""
    co_organiser_ids: list[Id] = Field(
        default_factory=list,
        json_schema_extra=link(table="activity_co_organisers", column="organisation_id"),
    )
    """Other organisations of the system that co-organise it."""
    partners: list[PartnerLink] = Field(default_factory=list)
    """Foreign partners and their roles."""
    kind: ActivityKind
    """What kind of activity it is."""
    status: ActivityStatus
    """Its stage, from pipeline to closed (IATI activity status)."""
    modality: Modality = Modality.IN_PERSON
    """In person, online or hybrid."""
    planned_start: date | None = None
    """Planned first day."""
    planned_end: date | None = None
    """Planned last day."""
    actual_start: date | None = None
    """Actual first day (not in the future)."""
    actual_end: date | None = None
    """Actual last day (not in the future)."""
    countries: list[CountryShare] = Field(default_factory=list)
    """Partner countries concerned, with shares summing to 100."""
    provinces: list[ProvinceShare] = Field(default_factory=list)
    """Provinces where it takes place, with shares summing to 100."""
    priority_areas: list[PriorityShare] = Field(default_factory=list)
    """Priority areas served, with shares summing to 100."""
    sdgs: list[Sdg] = Field(default_factory=list, json_schema_extra=link(column="sdg"))
    """Sustainable Development Goals the activity contributes to."""
    participants: Participants = Field(default_factory=Participants)
    """Participant numbers."""
    cost: Money | None = None
    """What the activity cost the organisation itself (own budget)."""
    resource_flows: list[ResourceFlow] = Field(
        default_factory=list, json_schema_extra=link(table="resource_flows")
    )
    """Resources mobilised from partners."""
    outputs: dict[OutputKind, Count] = Field(
        default_factory=dict, json_schema_extra=link(key="output", column="count")
    )
    """Countable outputs: agreements signed, media items, trainees trained…"""
    follow_up_of: Id | None = None
    """The earlier activity this one follows up on."""
    notes: str | None = None
    """Free text."""

    @property
    def start(self) -> date | None:
        """The actual start if known, else the planned start."""
        return self.actual_start or self.planned_start

    @property
    def year(self) -> int | None:
        """The year of :attr:`start`."""
        return self.start.year if self.start else None
