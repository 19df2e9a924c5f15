"""The reference data themselves: what a directory holds, how it is read and which is in force."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ppd_core.errors import MissingRateError, ReferenceDataError, UnknownCountryError
from ppd_core.i18n import Lang
from ppd_core.vocab import CountryGroup

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.money import Money

FILES = ("countries.csv", "currencies.csv", "country_groups.csv", "exchange_rates.csv")
"""The files a reference directory may hold."""


@dataclass(frozen=True, slots=True)
class GroupMembership:
    """A country's membership of a group over a span of days (``valid_to`` inclusive)."""

    group: CountryGroup
    country: str
    valid_from: date
    valid_to: date | None
    source: str

    def holds_on(self, day: date) -> bool:
        """Whether the membership is in force on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class _Country:
    name_en: str
    name_vi: str
    region: str


class ReferenceData:
    """Reference data loaded from one directory (with fallback to the shipped files)."""

    def __init__(
        self,
        countries: dict[str, _Country],
        currencies: dict[str, int],
        memberships: list[GroupMembership],
        rates: dict[tuple[int, str], tuple[Decimal, Decimal]],
    ) -> None:
        self._countries = countries
        self._currencies = currencies
        self._country_codes = frozenset(countries)
        self._currency_codes = frozenset(currencies)
        self._memberships = sorted(
            memberships, key=lambda m: (m.group.value, m.country, m.valid_from)
        )
        self._rates = rates

    # -- countries and currencies ---------------------------------------------------------
    @property
    def country_codes(self) -> frozenset[str]:
        """Every known ISO 3166-1 alpha-2 code."""
        return self._country_codes

    @property
    def currency_codes(self) -> frozenset[str]:
        """Every known ISO 4217 code."""
        return self._currency_codes

    def is_country(self, code: str) -> bool:
        """Whether ``code`` is a known ISO 3166-1 alpha-2 code (case-sensitive, upper case)."""
        return code in self._countries

    def is_currency(self, code: str) -> bool:
        """Whether ``code`` is a known ISO 4217 code (upper case)."""
        return code in self._currencies

    def minor_unit(self, currency: str) -> int:
        """Decimal places of ``currency`` per ISO 4217 (VND 0, USD 2)."""
        return self._currencies[currency]

    def country_name(self, code: str, lang: Lang = "en") -> str:
        """Return the country's name in English or Vietnamese.

        Raises:
            UnknownCountryError: if the code is not known.
        """
        try:
            c = self._countries[code]
        except KeyError:
            raise UnknownCountryError(
                f"{code!r} is not a known ISO 3166-1 alpha-2 country code"
            ) from None
        return c.name_vi if lang == "vi" else c.name_en

    def countries_frame(self) -> pd.DataFrame:
        """Return the countries as a frame: ``code, name_en, name_vi, region``."""
        import pandas as pd

        return pd.DataFrame(
            [(k, c.name_en, c.name_vi, c.region) for k, c in self._countries.items()],
            columns=["code", "name_en", "name_vi", "region"],
        )

    # -- groupings ------------------------------------------------------------------------
    @property
    def memberships(self) -> tuple[GroupMembership, ...]:
        """Every dated membership row."""
        return tuple(self._memberships)

    def groups_of(self, country: str, on: date) -> frozenset[CountryGroup]:
        """Return the groups ``country`` belongs to on the day ``on``."""
        return frozenset(
            m.group for m in self._memberships if m.country == country and m.holds_on(on)
        )

    def members(self, group: CountryGroup, on: date) -> frozenset[str]:
        """Return the countries in ``group`` on the day ``on``."""
        return frozenset(
            m.country for m in self._memberships if m.group is group and m.holds_on(on)
        )

    def groups_frame(self) -> pd.DataFrame:
        """Return the memberships as a frame: ``group, country, valid_from, valid_to, source``.

        Open-ended memberships have ``valid_to`` = NaT.
        """
        import pandas as pd

        frame = pd.DataFrame(
            [
                (m.group.value, m.country, m.valid_from, m.valid_to, m.source)
                for m in self._memberships
            ],
            columns=["group", "country", "valid_from", "valid_to", "source"],
        )
        for col in ("valid_from", "valid_to"):
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
        return frame

    def in_group(self, group: CountryGroup, countries: pd.Series, on: pd.Series) -> pd.Series:
        """Vectorised membership test: is ``countries[i]`` in ``group`` on ``on[i]``?

        Args:
            group: The group to test.
            countries: ISO codes, one per row.
            on: Dates (datetime64), aligned with ``countries``.

        Returns:
            A boolean Series aligned with ``countries`` (missing country or date → False).
        """
        import numpy as np
        import pandas as pd

        result = np.zeros(len(countries), dtype=bool)
        days = pd.to_datetime(on).to_numpy(dtype="datetime64[s]")
        spans = [m for m in self._memberships if m.group is group]
        members = sorted({m.country for m in spans})
        # Compare small integer codes, not strings: one pass per membership row.
        code_of = pd.Series(np.arange(len(members)), index=members)
        if isinstance(countries.dtype, pd.CategoricalDtype):  # map the few categories only
            per_category = pd.Series(countries.cat.categories).map(code_of).fillna(-1)
            cat_codes = countries.cat.codes.to_numpy()
            lookup = per_category.to_numpy(dtype=np.int64)
            codes = np.where(cat_codes >= 0, lookup[np.maximum(cat_codes, 0)], -1)
        else:
            codes = countries.astype("str").map(code_of).fillna(-1).to_numpy(dtype=np.int64)
        for m in spans:
            hit = (codes == members.index(m.country)) & (days >= np.datetime64(m.valid_from, "s"))
            if m.valid_to is not None:
                hit &= days <= np.datetime64(m.valid_to, "s")
            result |= hit
        return pd.Series(result, index=countries.index, name=group.value)

    # -- exchange rates -------------------------------------------------------------------
    def rate(self, currency: str, to: str, on: date | int) -> Decimal:
        """Units of ``to`` one unit of ``currency`` buys at the annual average rate.

        Args:
            currency: ISO 4217 code converted from.
            to: ISO 4217 code converted to (any currency with a rate that year).
            on: A date, or a year.

        Raises:
            MissingRateError: when either currency has no rate for that year.
        """
        year = on if isinstance(on, int) else on.year
        if currency == to:
            return Decimal(1)
        usd_from, vnd_from = self._rate_row(currency, year)
        if to == "VND":
            return vnd_from
        usd_to, _ = self._rate_row(to, year)
        return usd_from / usd_to

    def _rate_row(self, currency: str, year: int) -> tuple[Decimal, Decimal]:
        try:
            return self._rates[(year, currency)]
        except KeyError:
            years = sorted(y for (y, c) in self._rates if c == currency)
            known = (
                f"rates for {currency} exist for {years[0]}–{years[-1]}"
                if years
                else (f"there is no rate for {currency} in any year")
            )
            raise MissingRateError(
                f"No exchange rate for {currency} in {year} ({known}). Add a row "
                f"'{year},{currency},<usd_per_unit>,<vnd_per_unit>,<source>' to "
                "exchange_rates.csv in your reference directory (see ppd_core.reference)."
            ) from None

    def convert(self, money: Money, to: str, on: date | int) -> Money:
        """Convert ``money`` into ``to`` at the annual average rate of ``on``.

        The result is rounded half-even to the target currency's ISO 4217 minor unit.
        """
        from ppd_core.money import Money

        value = money.amount * self.rate(money.currency, to, on)
        digits = self._currencies.get(to, 2)
        return Money(amount=value.quantize(Decimal(1).scaleb(-digits)), currency=to)

    def rates_frame(self) -> pd.DataFrame:
        """Return the rates: ``year, currency, usd_per_unit, vnd_per_unit`` (float64)."""
        import pandas as pd

        return pd.DataFrame(
            [(y, c, float(u), float(v)) for (y, c), (u, v) in sorted(self._rates.items())],
            columns=["year", "currency", "usd_per_unit", "vnd_per_unit"],
        )

    @classmethod
    def from_directory(cls, path: Path | None = None) -> ReferenceData:
        """Load reference data from ``path``; files absent there come from the shipped set."""
        return cls(
            countries={
                r["code"]: _Country(r["name_en"], r["name_vi"], r["region"])
                for r in _rows(path, "countries.csv")
            },
            currencies={r["code"]: int(r["minor_unit"]) for r in _rows(path, "currencies.csv")},
            memberships=[_membership(r) for r in _rows(path, "country_groups.csv")],
            rates={
                (int(r["year"]), r["currency"]): (
                    Decimal(r["usd_per_unit"]),
                    Decimal(r["vnd_per_unit"]),
                )
                for r in _rows(path, "exchange_rates.csv")
            },
        )


def _membership(r: dict[str, str]) -> GroupMembership:
    return GroupMembership(
        group=CountryGroup(r["group"]),
        country=r["country"],
        valid_from=date.fromisoformat(r["valid_from"]),
        valid_to=date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
        source=r["source"],
    )


def _rows(directory: Path | None, name: str) -> Iterator[dict[str, str]]:
    own = directory / name if directory is not None else None
    if own is not None and own.exists():
        text = own.read_text(encoding="utf-8-sig")
        where = str(own)
    else:
        text = resources.files("ppd_core.reference").joinpath("data", name).read_text("utf-8")
        where = f"ppd_core/reference/data/{name}"
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if None in row or any(v is None for v in row.values()):
            raise ReferenceDataError(f"{where}, line {line}: wrong number of fields")
        yield row


def load_reference(path: str | Path) -> ReferenceData:
    """Load reference data from a directory (files absent there fall back to the shipped ones).

    Raises:
        ReferenceDataError: if ``path`` is not a directory or a file is malformed.
    """
    directory = Path(path)
    if not directory.is_dir():
        raise ReferenceDataError(f"Reference directory {directory} does not exist")
    try:
        return ReferenceData.from_directory(directory)
    except (KeyError, ValueError) as exc:
        raise ReferenceDataError(f"Malformed reference data in {directory}: {exc}") from exc


@cache
def _shipped() -> ReferenceData:
    return ReferenceData.from_directory(None)


_override: list[ReferenceData] = []


def default_reference() -> ReferenceData:
    """Return the reference data in force (the shipped files unless overridden)."""
    return _override[-1] if _override else _shipped()


def set_default_reference(reference: ReferenceData | None) -> None:
    """Make ``reference`` the default for validation and conversion (``None`` restores)."""
    _override.clear()
    if reference is not None:
        _override.append(reference)


@contextmanager
def using_reference(reference: ReferenceData) -> Iterator[ReferenceData]:
    """Use ``reference`` as the default inside a ``with`` block."""
    _override.append(reference)
    try:
        yield reference
    finally:
        _override.pop()
