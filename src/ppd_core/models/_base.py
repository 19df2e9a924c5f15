"""Building blocks shared by the models: the record base class and the checked field types.

Each checked type raises a pydantic error whose ``type`` is the rule code of
:mod:`ppd_core.rules`, so errors from the models and from the columnar checks speak alike:

* :data:`Id` — PPD101: 1–100 characters, no whitespace, no control characters;
* :data:`CountryCode` — PPD102: an ISO 3166-1 alpha-2 code known to the reference data;
* :data:`Percentage` — PPD402: a share greater than 0 and at most 100;
* :data:`Count` — PPD301: a whole number that is not negative.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from ppd_core.rules import ID_PATTERN, RULES

__all__ = [
    "Count",
    "CountryCode",
    "Id",
    "Percentage",
    "Record",
    "Text",
    "link",
    "today_of",
]


def _rule_error(code: str, **context: Any) -> PydanticCustomError:
    context.setdefault("field", "value")
    return PydanticCustomError(code, RULES[code].template, context)


def _check_id(v: str) -> str:
    if not ID_PATTERN.match(v):
        raise _rule_error("PPD101", value=v)
    return v


def _normalise_country(v: Any) -> Any:
    return v.strip().upper() if isinstance(v, str) else v


def _check_country(v: str) -> str:
    from ppd_core.reference import default_reference

    if not default_reference().is_country(v):
        raise _rule_error("PPD102", value=v)
    return v


def _check_percentage(v: float) -> float:
    if not 0 < v <= 100:
        raise _rule_error("PPD402", field="percentage", value=v)
    return v


def _check_count(v: int) -> int:
    if v < 0:
        raise _rule_error("PPD301", value=v)
    return v


Id = Annotated[str, AfterValidator(_check_id)]
"""A stable identifier: 1–100 characters, no whitespace or control characters (PPD101)."""

CountryCode = Annotated[str, BeforeValidator(_normalise_country), AfterValidator(_check_country)]
"""An ISO 3166-1 alpha-2 code known to the reference data (PPD102); upper-cased on input."""

Percentage = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_check_percentage)]
"""A share of a split: greater than 0 and at most 100 (PPD402)."""

Count = Annotated[int, AfterValidator(_check_count)]
"""A non-negative whole number (PPD301)."""

Text = Annotated[str, Field(min_length=1)]
"""A non-empty text (surrounding whitespace is stripped)."""


def link(
    *, table: str | None = None, column: str | None = None, key: str | None = None
) -> dict[str, Any]:
    """Field metadata telling :mod:`ppd_core.tables` how to lay a list or dict field out.

    Args:
        table: Name of the link table (default ``<entity>_<field>``).
        column: For a list of scalars, the value column's name.
        key: For a dict, the key column's name (the value column is ``column``).
    """
    meta: dict[str, Any] = {}
    if table:
        meta["table"] = table
    if column:
        meta["column"] = column
    if key:
        meta["key"] = key
    return meta


def today_of(info: ValidationInfo) -> date:
    """The day "now" for validation: ``context={"today": ...}`` if given, else the real today."""
    ctx = info.context
    if isinstance(ctx, dict) and isinstance(ctx.get("today"), date):
        today: date = ctx["today"]
        return today
    return date.today()


class Record(BaseModel):
    """Base class of every model: strict about unknown fields, strips text, validates edits."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        validate_default=False,
        use_attribute_docstrings=True,
    )

    entity: ClassVar[str] = "record"
    """The entity name used in problem reports and table names (singular)."""

    @classmethod
    def _raise_problems(cls, errors: list[InitErrorDetails]) -> None:
        """Raise a pydantic ``ValidationError`` holding every cross-field problem at once."""
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)


Check = Callable[[Any], list[InitErrorDetails]]


def problem(code: str, loc: tuple[str | int, ...], value: Any, **context: Any) -> InitErrorDetails:
    """Build one cross-field error entry carrying a rule code."""
    context.setdefault("field", ".".join(str(p) for p in loc))
    context.setdefault("value", value)
    return InitErrorDetails(type=_rule_error(code, **context), loc=loc, input=value)
