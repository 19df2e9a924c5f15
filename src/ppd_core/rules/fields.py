"""Value rules as field metadata: one check per rule, run on a value or on a whole column.

A :class:`FieldRule` sits in a field's type (``Annotated[str, IdRule()]``). Pydantic runs it
on the one value of a record (it raises the rule's coded error); the tables' schema reads it
from the same metadata and the columnar path runs its :meth:`~FieldRule.bad` on a whole
column. Each rule kind states its test once, as a vectorised function of a column; the value
path calls that same function on a one-element column only where no plain comparison says the
same (ids, scores, percentages and counts are compared directly, on the same bounds).

>>> from typing import Annotated
>>> from pydantic import TypeAdapter, ValidationError
>>> adapter = TypeAdapter(Annotated[str, IdRule()])
>>> try:
...     adapter.validate_python("A 1")
... except ValidationError as err:
...     print(err.errors()[0]["type"])
PPD101
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from ppd_core.reference import default_reference
from ppd_core.rules.catalogue import ID_PATTERN, MAX_DECIMALS, RULES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ppd_core.reference import ReferenceData

__all__ = [
    "AmountRule",
    "CountRule",
    "CountryRule",
    "CurrencyRule",
    "DecimalsRule",
    "FieldRule",
    "IdRule",
    "PercentageRule",
    "ScoreRule",
    "TextRule",
    "field_rules",
    "rule_error",
]


def rule_error(code: str, **context: Any) -> PydanticCustomError:
    """The pydantic error of rule ``code``: its type is the code, its message the rule's."""
    context.setdefault("field", "value")
    return PydanticCustomError(code, RULES[code].template, context)


@dataclass(frozen=True, slots=True)
class FieldRule:
    """A value rule attached to a field's type; subclasses give the test.

    Attributes:
        code: The rule (see :data:`ppd_core.rules.RULES`).
        check: The name the tables' schema gives this check (``"id"``, ``"country"`` …).
    """

    code: ClassVar[str]
    check: ClassVar[str]
    field: ClassVar[str] = "value"
    """The field an error names when no model gives its path."""

    def ok(self, value: Any) -> bool:
        """Whether one value passes."""
        raise NotImplementedError

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:
        """Boolean mask of the present values of a column that break the rule."""
        raise NotImplementedError

    def normalise(self, value: Any) -> Any:
        """Tidy a raw value before the type check (default: unchanged)."""
        return value

    def _validator(self) -> core_schema.NoInfoValidatorFunction:
        """The after-validator pydantic runs: :meth:`ok`, bound once (it runs per value).

        The error names the field ``value`` (``percentage`` for a share): a model replaces
        that with the field's path (:class:`ppd_core.models.Record`).
        """
        ok, code, field = self.ok, self.code, self.field

        def validate(value: Any) -> Any:
            if value is not None and not ok(value):
                raise rule_error(code, value=value, field=field)
            return value

        return validate

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = handler(source)
        checked = core_schema.no_info_after_validator_function(self._validator(), inner)
        if type(self).normalise is FieldRule.normalise:
            return checked
        return core_schema.no_info_before_validator_function(self.normalise, checked)


@dataclass(frozen=True, slots=True)
class IdRule(FieldRule):
    """PPD101: 1–100 characters, no whitespace or control characters."""

    code: ClassVar[str] = "PPD101"
    check: ClassVar[str] = "id"

    def ok(self, value: Any) -> bool:  # noqa: D102
        return ID_PATTERN.match(value) is not None

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:  # noqa: D102
        from ppd_core._fast import matches

        return ~matches(values, ID_PATTERN.pattern)


@dataclass(frozen=True, slots=True)
class _KnownCode(FieldRule):
    """A code the reference data knows (upper-cased first); subclasses name the code list."""

    codes: ClassVar[str]
    """The :class:`~ppd_core.reference.ReferenceData` attribute listing the known codes."""

    def normalise(self, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    def ok(self, value: Any) -> bool:
        return value in getattr(default_reference(), self.codes)

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:
        from ppd_core._fast import isin

        return ~isin(values, getattr(reference, self.codes))


@dataclass(frozen=True, slots=True)
class CountryRule(_KnownCode):
    """PPD102: an ISO 3166-1 alpha-2 code known to the reference data (upper-cased first)."""

    code: ClassVar[str] = "PPD102"
    check: ClassVar[str] = "country"
    codes: ClassVar[str] = "country_codes"


@dataclass(frozen=True, slots=True)
class CurrencyRule(_KnownCode):
    """PPD103: an ISO 4217 code known to the reference data (upper-cased first)."""

    code: ClassVar[str] = "PPD103"
    check: ClassVar[str] = "currency"
    codes: ClassVar[str] = "currency_codes"


@dataclass(frozen=True, slots=True)
class DecimalsRule(FieldRule):
    """PPD302: a money amount with at most :data:`~ppd_core.rules.MAX_DECIMALS` places."""

    code: ClassVar[str] = "PPD302"
    check: ClassVar[str] = "decimals"

    def ok(self, value: Any) -> bool:  # noqa: D102
        return bool(value == value.quantize(_QUANTUM))

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:
        """Mask of amounts (Decimal objects, missing for unreadable) with too many places.

        A column already stored as the schema's exact decimals cannot hold more places.
        """
        import numpy as np
        import pandas as pd

        if isinstance(values.dtype, pd.ArrowDtype):
            return np.zeros(len(values), dtype=bool)
        return np.array(
            [isinstance(v, Decimal) and not self.ok(v) for v in values.tolist()], dtype=bool
        )


@dataclass(frozen=True, slots=True)
class _Range(FieldRule):
    """A numeric rule: ``low < v`` (or ``<=``) and ``v <= high``; subclasses set the bounds."""

    low: ClassVar[float]
    low_open: ClassVar[bool] = False
    high: ClassVar[float | None] = None
    whole: ClassVar[bool] = False

    def ok(self, value: Any) -> bool:
        if self.low_open and not value > self.low:
            return False
        if not self.low_open and value < self.low:
            return False
        if self.high is not None and value > self.high:
            return False
        return not self.whole or value == int(value)

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:
        import numpy as np

        v = as_floats(values)
        with np.errstate(invalid="ignore"):
            good = (v > self.low) if self.low_open else (v >= self.low)
            if self.high is not None:
                good &= v <= self.high
            if self.whole:
                good &= v == np.round(v)
        bad: np.ndarray = ~good & ~np.isnan(v)
        return bad


@dataclass(frozen=True, slots=True)
class PercentageRule(_Range):
    """PPD402: a share of a split, greater than 0 and at most 100."""

    code: ClassVar[str] = "PPD402"
    check: ClassVar[str] = "percentage"
    low: ClassVar[float] = 0.0
    low_open: ClassVar[bool] = True
    high: ClassVar[float | None] = 100.0
    field: ClassVar[str] = "percentage"


@dataclass(frozen=True, slots=True)
class CountRule(_Range):
    """PPD301: a count or an amount that is not negative."""

    code: ClassVar[str] = "PPD301"
    check: ClassVar[str] = "count"
    low: ClassVar[float] = 0.0


@dataclass(frozen=True, slots=True)
class AmountRule(CountRule):
    """PPD301 for money: an amount that is not negative."""

    check: ClassVar[str] = "amount"


@dataclass(frozen=True, slots=True)
class ScoreRule(_Range):
    """PPD801: a score on the 4-point scale (a whole number from 1 to 4)."""

    code: ClassVar[str] = "PPD801"
    check: ClassVar[str] = "score"
    low: ClassVar[float] = 1.0
    high: ClassVar[float | None] = 4.0
    whole: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class TextRule(FieldRule):
    """PPD001 for text: a required text is not empty (after trimming spaces)."""

    code: ClassVar[str] = "PPD001"
    check: ClassVar[str] = "text"

    def ok(self, value: Any) -> bool:  # noqa: D102
        return bool(value)

    def bad(self, values: pd.Series, reference: ReferenceData) -> np.ndarray:  # noqa: D102
        from ppd_core._fast import is_empty

        return is_empty(values)


_QUANTUM = Decimal(1).scaleb(-MAX_DECIMALS)


def as_floats(values: pd.Series) -> np.ndarray:
    """A numeric column as float64 (missing NaN); Arrow decimals cast by Arrow, not per value."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.ArrowDtype):
        values = values.astype("double[pyarrow]")
    floats: np.ndarray = values.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
    return floats


def field_rules(metadata: list[Any]) -> list[FieldRule]:
    """The value rules among a field's metadata, in order."""
    return [m for m in metadata if isinstance(m, FieldRule)]
