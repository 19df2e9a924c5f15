"""Work plans: an organisation's objectives, planned activities, budgets and targets for a year."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from ppd_core.models._base import CountryCode, Id, Record, Text, link
from ppd_core.models._values import Measure, Vietnamese
from ppd_core.money import Money
from ppd_core.vocab import ActivityKind, PriorityArea

__all__ = ["PlanTarget", "PlannedActivity", "WorkPlan"]


class PlannedActivity(Record):
    """An activity a work plan intends to carry out, with its budget."""

    entity: ClassVar[str] = "planned_activity"

    id: Id
    """Identifier, unique within the plan."""
    title: Text
    """Short title."""
    title_vi: Vietnamese = None
    """``title`` in Vietnamese (the Vietnamese review shows it)."""
    kind: ActivityKind
    """What kind of activity it is."""
    priority_area: PriorityArea | None = None
    """The main priority area it serves."""
    country: CountryCode | None = None
    """The main partner country."""
    start: date | None = None
    """Planned first day."""
    end: date | None = None
    """Planned last day."""
    budget: Money | None = None
    """Budget from the organisation's own funds."""
    activity_id: Id | None = None
    """The recorded activity that carried it out, once done."""


class PlanTarget(Record):
    """A target value for one indicator in the plan's year, and the planned activity serving it."""

    entity: ClassVar[str] = "plan_target"

    indicator_id: Id
    """The indicator targeted."""
    value: Measure = None
    """Target value (numeric indicators)."""
    text: str | None = None
    """Target, for a qualitative indicator."""
    planned_activity_id: Id | None = None
    """The planned activity that serves this target, if one does."""


class WorkPlan(Record):
    """An organisation's work plan for one year.

    >>> from ppd_core import WorkPlan
    >>> plan = WorkPlan(id="WP-VUFO-2026", organisation_id="VUFO", year=2026,
    ...     title="Work plan 2026", objectives=["Expand the partner network"],
    ...     priority_weights={"economic_cooperation": 0.3, "culture_education": 0.7})
    >>> plan.priority_weights["culture_education"]
    0.7
    """

    entity: ClassVar[str] = "work_plan"

    id: Id
    """Stable identifier."""
    organisation_id: Id
    """The organisation whose plan it is."""
    year: int = Field(ge=1945, le=2100)
    """The plan's year."""
    title: Text
    """Title, e.g. "Work plan 2026"."""
    objectives: list[Text] = Field(default_factory=list, json_schema_extra=link(column="objective"))
    """Objectives, in order of priority."""
    planned_activities: list[PlannedActivity] = Field(
        default_factory=list, json_schema_extra=link(table="planned_activities")
    )
    """Activities the plan intends to carry out."""
    targets: list[PlanTarget] = Field(default_factory=list)
    """Indicator targets for the year."""
    priority_weights: dict[PriorityArea, float] = Field(
        default_factory=dict, json_schema_extra=link(key="area", column="weight")
    )
    """Intended share of effort per priority area (weights; compared with actual coverage)."""
