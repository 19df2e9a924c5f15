"""Reference data: dated groupings, rates, overrides and clear errors."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from helpers import IATI, needs_shared
from ppd_core import Money
from ppd_core.errors import MissingRateError, ReferenceDataError, UnknownCountryError
from ppd_core.reference import (
    ReferenceData,
    default_reference,
    load_reference,
    using_reference,
)
from ppd_core.vocab import CountryGroup

REF = default_reference()


@pytest.mark.parametrize(
    ("country", "day", "groups"),
    [
        # Timor-Leste joined ASEAN on 2025-10-26: not a member the day before.
        ("TL", date(2025, 10, 25), set()),
        ("TL", date(2025, 10, 26), {CountryGroup.ASEAN}),
        # Viet Nam itself joined ASEAN in 1995.
        ("VN", date(1995, 7, 27), set()),
        ("VN", date(1995, 7, 28), {CountryGroup.ASEAN}),
        # The United States: comprehensive partner (2013), comprehensive strategic (2023-09-10).
        ("US", date(2020, 1, 1), {CountryGroup.COMPREHENSIVE_PARTNER}),
        ("US", date(2024, 1, 1), {CountryGroup.COMPREHENSIVE_STRATEGIC_PARTNER}),
        # Cambodia: a neighbour and an ASEAN member.
        ("KH", date(2024, 1, 1), {CountryGroup.NEIGHBOUR, CountryGroup.ASEAN}),
    ],
)
def test_groups_are_dated(country: str, day: date, groups: set[CountryGroup]) -> None:
    assert REF.groups_of(country, day) == groups


def test_memberships_never_overlap_within_a_group() -> None:
    frame = REF.groups_frame().sort_values(["group", "country", "valid_from"])
    for _, rows in frame.groupby(["group", "country"]):
        ends = rows["valid_to"].iloc[:-1].to_numpy()
        starts = rows["valid_from"].iloc[1:].to_numpy()
        assert (ends < starts).all()


def test_vectorised_membership_matches_scalar_lookup() -> None:
    countries = pd.Series(["TL", "TL", "US", "US", "KH", None], dtype="str")
    days = pd.Series(
        pd.to_datetime(
            ["2025-10-25", "2025-11-01", "2020-01-01", "2024-01-01", "2010-05-05", "2024-01-01"]
        )
    )
    for group in CountryGroup:
        got = REF.in_group(group, countries, days).tolist()
        want = [
            c is not None and isinstance(c, str) and group in REF.groups_of(c, d.date())
            for c, d in zip(countries, days, strict=True)
        ]
        assert got == want, group


def test_country_names_in_both_languages() -> None:
    assert REF.country_name("KH", "vi") == "Campuchia"
    assert REF.country_name("FI") == "Finland"
    with pytest.raises(UnknownCountryError, match="'XX' is not a known"):
        REF.country_name("XX")


def test_rates_convert_exactly_and_consistently() -> None:
    rate = REF.rate("USD", "VND", 2024)
    assert rate > 20_000
    assert REF.rate("VND", "VND", 2024) == 1
    assert REF.rate("EUR", "USD", date(2024, 6, 1)) == REF.rate("EUR", "USD", 2024)
    grant = Money(amount=Decimal("1000"), currency="USD")
    vnd = grant.to("VND", date(2024, 3, 1))
    assert vnd.currency == "VND"
    assert vnd.amount == (Decimal(1000) * rate).quantize(Decimal(1))


def test_missing_rate_says_how_to_fix() -> None:
    with pytest.raises(MissingRateError, match=r"No exchange rate for USD in 1990.*exchange_rates"):
        REF.rate("USD", "EUR", 1990)
    with pytest.raises(MissingRateError, match="no rate for XOF in any year"):
        REF.rate("XOF", "USD", 2024)


def test_partial_override_falls_back_to_shipped(tmp_path: Path) -> None:
    (tmp_path / "exchange_rates.csv").write_text(
        "year,currency,usd_per_unit,vnd_per_unit,source\n"
        "2030,USD,1,30000,planning assumption\n"
        "2030,EUR,1.2,36000,planning assumption\n",
        encoding="utf-8",
    )
    ref = load_reference(tmp_path)
    assert ref.rate("EUR", "VND", 2030) == Decimal(36000)
    assert ref.country_name("LA", "vi") == "Lào"  # countries still from the shipped files
    with pytest.raises(MissingRateError):
        ref.rate("USD", "VND", 2024)  # the override replaced the whole rates file
    with using_reference(ref):
        assert Money(amount=Decimal(1), currency="EUR").to("VND", date(2030, 1, 1)).amount == 36000
    assert default_reference() is REF


def test_malformed_override_is_refused(tmp_path: Path) -> None:
    (tmp_path / "countries.csv").write_text("code,name_en\nKH,Cambodia,extra\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"countries\.csv, line 2"):
        load_reference(tmp_path)
    with pytest.raises(ReferenceDataError, match="does not exist"):
        load_reference(tmp_path / "nowhere")


@needs_shared()
def test_countries_and_currencies_are_iati_codes() -> None:
    def codes(name: str) -> set[str]:
        with (IATI / "codelists" / "csv" / f"{name}.csv").open(encoding="utf-8") as f:
            return {r["code"] for r in csv.DictReader(f)}

    assert REF.country_codes <= codes("Country")
    assert REF.currency_codes - codes("Currency") <= {"CHE", "CHW", "UYW", "XCG", "ZWG"}


def test_shipped_data_is_sourced() -> None:
    assert all(m.source for m in REF.memberships)
    assert isinstance(REF, ReferenceData)
