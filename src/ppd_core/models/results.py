"""The results framework: indicators with a baseline and per-period targets and actuals."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from ppd_core.models._base import Id, Record, TableRecord, Text
from ppd_core.models._values import Measure, Vietnamese
from ppd_core.vocab import Direction, IndicatorMeasure, ResultLevel

__all__ = ["Indicator", "IndicatorValue"]


class IndicatorValue(Record):
    """Target and actual of an indicator for one period, optionally for one disaggregation.

    A row with ``dimension`` and ``category`` set (e.g. ``"sex"``/``"female"``) is a
    disaggregated value; a row without is the total for the period.
    """

    entity: ClassVar[str] = "indicator_value"

    period_start: date
    """First day of the period."""
    period_end: date
    """Last day of the period."""
    target: Measure = None
    """Target value (numeric measures)."""
    actual: Measure = None
    """Actual value, once measured (numeric measures)."""
    target_text: str | None = None
    """Target, for a qualitative indicator."""
    actual_text: str | None = None
    """Actual, for a qualitative indicator."""
    target_text_vi: Vietnamese = None
    """``target_text`` in Vietnamese (the Vietnamese review shows it)."""
    actual_text_vi: Vietnamese = None
    """``actual_text`` in Vietnamese (the Vietnamese review shows it)."""
    dimension: str | None = None
    """Disaggregation dimension, e.g. ``"sex"``, ``"province"``."""
    category: str | None = None
    """Category within the dimension, e.g. ``"female"``."""


class Indicator(TableRecord):
    """A measurable indicator of a result, with a baseline and targets per period.

    Rules: PPD201 — a period does not end before it starts; PPD601 — every period of a
    numeric indicator has a ``target`` value, and of a qualitative one a ``target_text``.

    >>> from datetime import date
    >>> from ppd_core import Indicator
    >>> ind = Indicator(id="IND-PARTNERS", name="Active foreign partners", level="outcome",
    ...     measure="unit", baseline_value=40, baseline_date=date(2024, 12, 31),
    ...     values=[{"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
    ...              "target": 48, "actual": 51}])
    >>> ind.direction.value, ind.values[0].actual
    ('higher_is_better', 51.0)
    """

    entity: ClassVar[str] = "indicator"
    table: ClassVar[str | None] = "indicators"

    id: Id
    """Stable identifier."""
    name: Text
    """What is measured, e.g. "Share of substantive activities"."""
    name_vi: Vietnamese = None
    """``name`` in Vietnamese, e.g. "Tỷ trọng hoạt động thực chất" (the Vietnamese review
    shows it, and names the indicators that lack it)."""
    level: ResultLevel
    """Output, outcome or impact."""
    measure: IndicatorMeasure
    """Unit, percentage, nominal, ordinal or qualitative."""
    direction: Direction = Direction.HIGHER_IS_BETTER
    """Whether higher or lower values are better."""
    unit: str | None = None
    """Unit of measurement, e.g. "partners", "USD"."""
    unit_vi: Vietnamese = None
    """``unit`` in Vietnamese, e.g. "đối tác" (a code such as "USD" needs none)."""
    organisation_id: Id | None = None
    """The organisation that owns the indicator."""
    description: str | None = None
    """Definition and means of verification."""
    baseline_value: Measure = None
    """Value at the baseline (numeric measures)."""
    baseline_text: str | None = None
    """Baseline, for a qualitative indicator."""
    baseline_text_vi: Vietnamese = None
    """``baseline_text`` in Vietnamese."""
    baseline_date: date | None = None
    """Day the baseline was measured."""
    values: list[IndicatorValue] = Field(default_factory=list)
    """Targets and actuals per period (and disaggregation)."""
