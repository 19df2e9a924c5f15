"""Money: a decimal amount with an ISO 4217 currency, never a float.

>>> from decimal import Decimal
>>> from ppd_core import Money
>>> grant = Money(amount=Decimal("12500.50"), currency="usd")
>>> grant
Money(amount=Decimal('12500.50'), currency='USD')
>>> str(grant)
'12,500.50 USD'

Conversion between currencies is explicit and uses the reference rates of a date
(:meth:`Money.to`, backed by :mod:`ppd_core.reference`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ppd_core.rules.fields import AmountRule, CurrencyRule, DecimalsRule, rule_error

__all__ = ["Money"]


def _to_decimal(value: Any) -> Any:
    """Accept ints, strings and Decimals; refuse floats (binary floats are not money)."""
    if isinstance(value, float):
        detail = "Money amounts must be exact: give a Decimal, int or string, not a float"
        raise rule_error("PPD002", detail=detail, value=value)
    if isinstance(value, str):
        return value.strip().replace(",", "")
    return value


class Money(BaseModel):
    """An amount of money in one currency (rules PPD301, PPD302, PPD103).

    Amounts are :class:`~decimal.Decimal` (exact), non-negative (rule PPD301) and carry at most
    four decimal places (rule PPD302); the currency is an ISO 4217 code known to the reference
    data (rule PPD103), upper-cased on input.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    amount: Annotated[
        Decimal,
        BeforeValidator(_to_decimal),
        Field(allow_inf_nan=False),
        AmountRule(),
        DecimalsRule(),
    ]
    """The amount, exact, in units of :attr:`currency` (not minor units)."""
    currency: Annotated[str, CurrencyRule()]
    """The ISO 4217 code, e.g. ``"USD"`` or ``"VND"``."""

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"

    def to(self, currency: str, on: date) -> Money:
        """Convert to ``currency`` at the reference rate of ``on``'s year.

        Raises:
            MissingRateError: when the reference data has no rate for either currency that year.
        """
        from ppd_core.reference import default_reference

        return default_reference().convert(self, currency, on)
