"""Building blocks shared by the models: the record base class and the checked field types.

Each checked type carries its value rule (:mod:`ppd_core.rules.fields`) as metadata and
raises a pydantic error whose ``type`` is the rule code, so errors from the models and from
the columnar checks speak alike; pydantic's own errors (a missing field, a value of the wrong
type, a code outside its vocabulary) are translated to PPD001, PPD002 and PPD104 by
:class:`Record`, so every problem a record can have carries a rule code:

* :data:`Id` — PPD101: 1–100 characters, no whitespace, no control characters;
* :data:`CountryCode` — PPD102: an ISO 3166-1 alpha-2 code known to the reference data;
* :data:`Percentage` — PPD402: a share greater than 0 and at most 100;
* :data:`Count` — PPD301: a whole number that is not negative;
* :data:`Text` — PPD001: a text that is not empty.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ClassVar, Self, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, ValidationError

from ppd_core.rules.fields import (
    CountRule,
    CountryRule,
    IdRule,
    PercentageRule,
    TextRule,
    rule_error,
)

__all__ = [
    "Count",
    "CountryCode",
    "Id",
    "Percentage",
    "Record",
    "TableRecord",
    "Text",
    "coded_error",
    "link",
    "today_of",
]


Id = Annotated[str, IdRule()]
"""A stable identifier: 1–100 characters, no whitespace or control characters (PPD101)."""

CountryCode = Annotated[str, CountryRule()]
"""An ISO 3166-1 alpha-2 code known to the reference data (PPD102); upper-cased on input."""

Percentage = Annotated[float, Field(allow_inf_nan=False), PercentageRule()]
"""A share of a split: greater than 0 and at most 100 (PPD402)."""

Count = Annotated[int, CountRule()]
"""A non-negative whole number (PPD301)."""

Text = Annotated[str, TextRule()]
"""A non-empty text (surrounding whitespace is stripped; PPD001 when empty)."""


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

    table: ClassVar[str | None] = None
    """The entity's table, for records with record rules (:class:`TableRecord`)."""

    # Pydantic's own errors are translated to rule codes by the entry points of the top model
    # only (construction, the ``model_validate*`` class methods, assignment), and only when
    # validation fails: a wrap validator would run for every nested record of every valid
    # record too. ``__pydantic_base_init__`` tells pydantic that this ``__init__`` validates
    # like its own, so nested records are still built by pydantic-core without calling it.
    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise coded_error(type(self), exc) from None

    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        return cls._coding(super().model_validate, obj, options)

    @classmethod
    def model_validate_json(cls, json_data: Any, **options: Any) -> Self:
        return cls._coding(super().model_validate_json, json_data, options)

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        return cls._coding(super().model_validate_strings, obj, options)

    @classmethod
    def _coding(cls, validate: Callable[..., Self], data: Any, options: dict[str, Any]) -> Self:
        """``validate(data, **options)``, its errors given rule codes."""
        try:
            return validate(data, **options)
        except ValidationError as exc:
            raise coded_error(cls, exc) from None

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise coded_error(type(self), exc) from None


class TableRecord(Record):
    """A record of an entity with record rules: building one runs them on it.

    Only these carry the check, so that the records nested in them (shares, participants,
    money …) are built without a call into Python each.
    """

    @model_validator(mode="after")
    def _record_rules(self, info: ValidationInfo) -> Any:
        """Run the record rules of the entity (once the values are valid)."""
        if self.table is None or _checked(info):
            return self
        from ppd_core.rules.records import record_errors

        errors = record_errors(self, self.table, today_of(info))
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


def coded_error(model: type[BaseModel], exc: ValidationError) -> ValidationError:
    """``exc`` of ``model`` with a rule code as the type of every error entry."""
    errors = exc.errors()
    return ValidationError.from_exception_data(exc.title, [coded(model, e) for e in errors])


def _checked(info: ValidationInfo) -> bool:
    """Whether the caller already ran the record rules on whole tables."""
    ctx = info.context
    return isinstance(ctx, dict) and bool(ctx.get("record_rules_checked"))


def coded(model: type[BaseModel] | None, error: Any) -> InitErrorDetails:
    """One pydantic error entry with a rule code as its type (unchanged if it has one)."""
    code, ctx = translate(model, error)
    given = None if code == "PPD001" else error.get("input")
    return InitErrorDetails(type=rule_error(code, **ctx), loc=tuple(error["loc"]), input=given)


def translate(model: type[BaseModel] | None, error: Any) -> tuple[str, dict[str, Any]]:
    """The rule code and message context of one pydantic error entry of ``model``.

    Errors of the rules carry their code; pydantic's own become PPD001 (missing or empty),
    PPD104 (not a code of the field's vocabulary) and PPD002 (any other unreadable value).
    """
    loc = tuple(error["loc"])
    given = error.get("input")
    kind = error["type"]
    field = ".".join(str(p) for p in loc if p != "[key]")
    if kind.startswith("PPD") and kind != "PPD001":
        return kind, {**(error.get("ctx") or {}), "field": field}
    if kind in ("PPD001", "missing", "string_too_short") or given is None:
        part = _optional_part(model, loc) if kind in ("PPD001", "missing") and model else None
        if part:
            return "PPD503", {"field": field, "part": part}
        return "PPD001", {"field": field}
    if kind == "enum":
        vocabulary = _vocabulary_at(model, loc) if model else None
        return "PPD104", {
            "field": field,
            "value": given,
            "vocabulary": vocabulary.named() if vocabulary else field,
            "allowed": ", ".join(vocabulary.codes()) if vocabulary else error["ctx"]["expected"],
        }
    return "PPD002", {"field": field, "value": given, "detail": error["msg"]}


def _types_along(model: type[BaseModel], loc: tuple[Any, ...]) -> list[Any]:
    """The type of the value at each prefix of ``loc`` within ``model`` (``loc[:i]`` → item i)."""
    tp: Any = model
    out = [tp]
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        tp = _bare(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(str(part))
            tp = info.annotation if info else None
        elif get_origin(tp) is list:
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            key, value = get_args(tp)
            if parts[:1] == ["[key]"]:
                parts.pop(0)
                out.append(None)
                tp = key
            else:
                tp = value
        out.append(tp)
    return out


def _vocabulary_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The vocabulary (enum) of the field at ``loc`` within ``model``, if it has one."""
    from ppd_core.vocab import Vocabulary

    tp = _bare(_types_along(model, loc)[-1])
    return tp if isinstance(tp, type) and issubclass(tp, Vocabulary) else None


def _optional_part(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The path of the optional nested model (``cost``) the field at ``loc`` belongs to.

    A field required inside an optional nested model is missing while other parts of that
    model are given (rule PPD503), not missing from the record (PPD001). The path is relative
    to the innermost record that holds the optional model (``cost``, also for a flow's cost).
    """
    types_ = _types_along(model, loc)
    for i in range(len(loc) - 1, -1, -1):
        record = _bare(types_[i])
        if isinstance(record, type) and issubclass(record, BaseModel):
            part = _optional_within(record, loc[i:])
            if part:
                return part
    return None


def _optional_within(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """:func:`_optional_part` through the nested models of ``model`` alone (no lists)."""
    tp: Any = model
    optional = False
    for part in loc[:-1]:
        info = tp.model_fields.get(part) if isinstance(part, str) else None
        if info is None:
            return None
        bare = _bare(info.annotation)
        if not (isinstance(bare, type) and issubclass(bare, BaseModel)):
            return None
        optional = optional or (bare is not info.annotation and not info.is_required())
        tp = bare
    return ".".join(loc[:-1]) if optional else None


def _bare(tp: Any) -> Any:
    """A type without ``| None`` and ``Annotated``."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp
