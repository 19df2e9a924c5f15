"""A pandas user's first moves: one dimension as a string, integer counts, money in one currency.

The dataset is built here (not the sample): a provincial union, QN-UFO, and its club QN-CLB;
three activities, every number below worked out by hand:

======  ========  ==========  =====  ============  ===================  ===============
id      lead      dates       days   participants  cost                 countries
======  ========  ==========  =====  ============  ===================  ===============
A-1     QN-UFO    2024-03-01  2      40            1,000 USD            KH 60 %, LA 40 %
A-2     QN-CLB    2024-05-10  1      10            25,000,000 VND       LA 100 %
A-3     QN-UFO    2025-04-01  3      25            500 USD              KH 100 %
======  ========  ==========  =====  ============  ===================  ===============
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers import activity_dict
from ppd_core import Dataset, metrics
from ppd_core.errors import MixedCurrencyError
from ppd_core.models import Activity, Organisation, Partner
from ppd_core.reference import default_reference


def _activity(
    id_: str,
    lead: str,
    start: date,
    end: date,
    people: int,
    cost: tuple[str, str],
    where: dict[str, int],
) -> Activity:
    return Activity.model_validate(
        activity_dict(
            id=id_,
            lead_organisation_id=lead,
            actual_start=start,
            actual_end=end,
            participants={"total": people},
            cost={"amount": cost[0], "currency": cost[1]},
            countries=[{"country": c, "percentage": p} for c, p in where.items()],
            resource_flows=[],
            outputs={},
            sdgs=[],
        ),
        context={"today": date(2026, 1, 1)},
    )


# id, lead, start, end, participants, cost, countries: the table of the module docstring
ACTIVITIES = [
    (
        "A-1",
        "QN-UFO",
        date(2024, 3, 1),
        date(2024, 3, 2),
        40,
        ("1000", "USD"),
        {"KH": 60, "LA": 40},
    ),
    ("A-2", "QN-CLB", date(2024, 5, 10), date(2024, 5, 10), 10, ("25000000", "VND"), {"LA": 100}),
    ("A-3", "QN-UFO", date(2025, 4, 1), date(2025, 4, 3), 25, ("500", "USD"), {"KH": 100}),
]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return Dataset(
        organisations=[
            Organisation(
                id="QN-UFO",
                name_vi="Liên hiệp Quảng Ninh",
                type="provincial_union",
                level="provincial",
            ),
            Organisation(
                id="QN-CLB",
                name_vi="CLB Hữu nghị",
                type="member_association",
                level="grassroots",
                parent_id="QN-UFO",
            ),
        ],
        partners=[
            Partner(id="P-1", name="Korea Friendship", country="KR", type="friendship_organisation")
        ],
        activities=[_activity(*row) for row in ACTIVITIES],
    )


def test_one_dimension_as_a_string_is_a_list_of_one(ds: Dataset) -> None:
    by_year = metrics.volume(ds, by="year")
    pd.testing.assert_frame_equal(by_year, metrics.volume(ds, ["year"]))
    assert by_year["year"].tolist() == [2024, 2025]
    assert by_year["activities"].tolist() == [2, 1]
    assert by_year["participants"].tolist() == [50, 25]
    assert by_year["person_days"].tolist() == [40 * 2 + 10 * 1, 25 * 3]
    for measure in (metrics.substantive_share, metrics.follow_up_rate):
        pd.testing.assert_frame_equal(measure(ds, "organisation"), measure(ds, ["organisation"]))
    dynamics = metrics.partner_dynamics(ds, "organisation")
    pd.testing.assert_frame_equal(dynamics, metrics.partner_dynamics(ds, ["organisation"]))
    pd.testing.assert_frame_equal(
        metrics.resources_mobilised(ds, "year"), metrics.resources_mobilised(ds, ["year"])
    )


def test_counts_are_integers_unless_pro_rated(ds: Dataset) -> None:
    by_level = metrics.volume(ds, "level")
    assert str(by_level["activities"].dtype) == "Int64"
    assert dict(zip(by_level["level"], by_level["activities"], strict=True)) == {
        "provincial": 2,
        "grassroots": 1,
    }
    assert str(metrics.substantive_share(ds, "year")["substantive"].dtype) == "Int64"
    assert str(metrics.follow_up_rate(ds)["activities"].dtype) == "Int64"
    by_country = metrics.volume(ds, "country")  # A-1 is 60 % in Cambodia, 40 % in Laos
    assert by_country["activities"].dtype == "float64"
    counted = dict(zip(by_country["country"], by_country["activities"], strict=True))
    assert counted == pytest.approx({"KH": 0.6 + 1, "LA": 0.4 + 1})


def test_money_is_not_added_across_currencies(ds: Dataset) -> None:
    activities = ds.to_frames()["activities"]
    with pytest.raises(MixedCurrencyError, match=r"cost_amount holds amounts in USD and VND"):
        metrics.total(activities, "cost")
    only_dollars = activities[activities["cost_currency"] == "USD"]
    assert metrics.total(only_dollars, "cost") == 1_000 + 500
    rates = default_reference().rates_frame().set_index(["year", "currency"])["usd_per_unit"]
    dong = float(rates[(2024, "VND")])  # dollars per dong in 2024, the year A-2 starts
    assert metrics.total(activities, "cost", currency="USD") == pytest.approx(
        1_000 + 25_000_000 * dong + 500
    )
    rows = metrics.in_currency(activities, "cost", "USD")
    assert dict(zip(activities["id"], rows, strict=True)) == pytest.approx(
        {"A-1": 1_000, "A-2": 25_000_000 * dong, "A-3": 500}
    )


def test_a_dataframe_method_on_records_says_how_to_get_the_table(ds: Dataset) -> None:
    with pytest.raises(AttributeError, match=r'ds\.to_frames\(\)\["activities"\]'):
        ds.activities.head()  # type: ignore[attr-defined]
    assert len(ds.to_frames()["activities"].head()) == 3
    assert not hasattr(ds.activities, "_repr_html_")  # notebooks' probes get a plain "no"
