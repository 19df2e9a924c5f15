"""Property-based tests: every format round-trips any dataset exactly; text cells read back."""

from __future__ import annotations

import tempfile
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import TODAY
from ppd_core import Dataset
from ppd_core.datasets import synthetic_frames
from ppd_core.io import (
    neutralise,
    parse_date,
    parse_number,
    read_csv,
    read_excel,
    read_json,
    read_parquet,
    restore,
    write_csv,
    write_excel,
    write_json,
    write_parquet,
)
from ppd_core.tables import make_series

ROUND_TRIPS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHEAP = settings(max_examples=200, deadline=None)

ALPHABET = [
    *"aZ09 ,;.:\"'=+-@/\n\r\t",
    *"ăâđêôơưĐÁÀẢÃẠếềểễệỹ",
    "\u0301",  # a combining acute: text is compared in NFC, as readers give it
    "\u0323",
    "😀",
]
texts = st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=12)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip() or "x"


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    frames = synthetic_frames(draw(st.integers(0, 10_000)), draw(st.integers(1, 10)))
    acts = frames["activities"].copy()
    n = len(acts)
    acts["title"] = pd.Series([_clean(draw(texts)) for _ in range(n)], dtype="str")
    acts["notes"] = pd.Series(
        [draw(st.one_of(st.none(), texts.map(_clean))) for _ in range(n)], dtype="str"
    )
    places = st.integers(0, 4)
    costs = [
        Decimal(draw(st.integers(0, 10**18))).scaleb(-draw(places)) if draw(st.booleans()) else None
        for _ in range(n)
    ]
    acts["cost_amount"] = make_series(costs, "decimal")
    acts["cost_currency"] = pd.Series([None if c is None else "VND" for c in costs], dtype="str")
    countries = frames["activity_countries"].copy()
    shares = countries.groupby("activity_id")["activity_id"].transform("size").to_numpy()
    for activity in countries.loc[shares == 2, "activity_id"].unique():
        p = draw(st.floats(min_value=0.001, max_value=99.999, allow_nan=False))
        countries.loc[countries["activity_id"] == activity, "percentage"] = [p, 100 - p]
    partners = frames["partners"].copy()
    partners["name"] = pd.Series([_clean(draw(texts)) for _ in range(len(partners))], dtype="str")
    partners["contact_name"] = pd.Series(
        [draw(st.one_of(st.none(), texts.map(_clean))) for _ in range(len(partners))],
        dtype="str",
    )
    orgs = frames["organisations"].copy()
    days = st.dates(min_value=date(1800, 1, 1), max_value=date(2025, 12, 31))
    orgs["valid_from"] = pd.Series(
        [draw(st.one_of(st.none(), days)) for _ in range(len(orgs))], dtype="datetime64[s]"
    )
    orgs["name_en"] = pd.Series(
        [draw(st.one_of(st.none(), texts.map(_clean))) for _ in range(len(orgs))], dtype="str"
    )
    frames.update(
        activities=acts, activity_countries=countries, partners=partners, organisations=orgs
    )
    return Dataset.from_frames(frames, today=TODAY)


@ROUND_TRIPS
@given(ds=datasets())
def test_every_format_round_trips_exactly(ds: Dataset) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_csv(ds, folder / "csv")
        write_excel(ds, folder / "x.xlsx")
        write_json(ds, folder / "x.json")
        write_parquet(ds, folder / "pq")
        results = {
            "csv": read_csv(folder / "csv", today=TODAY),
            "xlsx": read_excel(folder / "x.xlsx", today=TODAY),
            "json": read_json(folder / "x.json", today=TODAY),
            "parquet": read_parquet(folder / "pq", today=TODAY),
        }
    for fmt, result in results.items():
        assert result.ok, (fmt, result.report.summary())
        assert result.dataset == ds, fmt


amounts = st.decimals(
    min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=4, allow_nan=False
)


@CHEAP
@given(amount=amounts)
def test_numbers_with_separators_read_back(amount: Decimal) -> None:
    english = f"{amount:,f}"
    vietnamese = english.translate(str.maketrans(",.", ".,"))
    assert parse_number(english) == amount
    assert parse_number(vietnamese, decimal_comma=True) == amount
    assert parse_number(f"{amount:f}") == amount


@CHEAP
@given(day=st.dates(min_value=date(1, 1, 1)))
def test_dates_read_back_in_every_written_form(day: date) -> None:
    y = f"{day.year:04d}"
    for text in (
        day.isoformat(),
        f"{day.day:02d}/{day.month:02d}/{y}",
        f"{day.day}/{day.month}/{y}",
        f"{day.day:02d}.{day.month:02d}.{y}",
        f"{day.day:02d}-{day.month:02d}-{y}",
    ):
        assert parse_date(text) == day, text


@CHEAP
@given(text=st.text())
def test_neutralised_text_never_starts_a_formula_and_comes_back(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(safe) == text
