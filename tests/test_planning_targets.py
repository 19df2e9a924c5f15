"""Targets from history: known trends, bands, stretch direction, short series, the sample."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ppd_core.datasets import load_sample
from ppd_core.planning import TARGET_COLUMNS, propose_targets


def history(values: list[float], *, first: int = 2021, **meta: str) -> pd.DataFrame:
    years = list(range(first, first + len(values)))
    return pd.DataFrame({"indicator_id": "IND-X", "year": years, "actual": values, **meta})


def one(frame: pd.DataFrame, **kwargs: object) -> pd.Series:
    out = propose_targets(frame, **kwargs)  # type: ignore[arg-type]
    assert list(out.columns) == TARGET_COLUMNS
    assert len(out) == 1
    return out.iloc[0]


@pytest.mark.parametrize("method", ["linear", "holt"])
def test_exact_linear_series_is_extrapolated_exactly_with_zero_band(method: str) -> None:
    row = one(history([10.0, 13.0, 16.0, 19.0, 22.0]), year=2026, method=method)
    assert row["status"] == "proposed"
    assert row["forecast"] == pytest.approx(25.0, abs=1e-9)
    assert row["lower"] == pytest.approx(25.0, abs=1e-9)
    assert row["upper"] == pytest.approx(25.0, abs=1e-9)
    assert row["target"] == pytest.approx(25.0, abs=1e-9)  # no stretch
    assert "zero width" in row["explanation"]


def test_rounding_noise_does_not_make_a_band() -> None:
    row = one(history([0.1 * k + 0.7 for k in range(7)]), year=2028)
    assert row["forecast"] == pytest.approx(1.4)
    assert row["upper"] == row["lower"]


def test_linear_extrapolates_over_gaps_and_several_years_ahead() -> None:
    frame = pd.DataFrame(
        {"indicator_id": "IND-X", "year": [2017, 2019, 2023], "actual": [1.0, 5.0, 13.0]}
    )
    row = one(frame, year=2026)
    assert row["forecast"] == pytest.approx(19.0)
    assert (row["first_year"], row["last_year"], row["points"]) == (2017, 2023, 3)


def test_holt_horizon_adds_the_trend_per_year() -> None:
    row = one(history([2.0, 4.0, 6.0, 8.0]), year=2027, method="holt")  # last year 2024
    assert row["forecast"] == pytest.approx(14.0)


@pytest.mark.parametrize("method", ["linear", "holt", "mean"])
def test_constant_series_gives_the_constant_and_no_spread(method: str) -> None:
    row = one(history([7.0] * 6), year=2027, method=method)
    assert row["forecast"] == pytest.approx(7.0)
    assert row["upper"] - row["lower"] == pytest.approx(0.0, abs=1e-9)


def test_mean_uses_the_last_k_points() -> None:
    row = one(history([100.0, 1.0, 2.0, 3.0]), year=2025, method="mean", window=3)
    assert row["forecast"] == pytest.approx(2.0)
    # t(0.9, df=2) · s · sqrt(1 + 1/3) with s = 1
    half = 1.8856180831641267 * math.sqrt(4 / 3)
    assert row["upper"] - row["forecast"] == pytest.approx(half, rel=1e-9)
    assert "Mean of the last 3 actuals (2022–2024)" in row["explanation"]


def test_linear_band_covers_the_truth_about_80_percent_of_the_time() -> None:
    """Many seeded noisy series: the 80 % prediction interval covers a new draw ~80 %."""
    rng = np.random.default_rng(20260101)
    series, truth = 600, []
    years = np.arange(2015, 2025)
    rows = []
    for k in range(series):
        intercept, slope, sigma = rng.uniform(10, 50), rng.uniform(-2, 3), rng.uniform(0.5, 4)
        noise = rng.normal(0, sigma, len(years) + 1)
        actual = intercept + slope * (years - 2015) + noise[:-1]
        truth.append(intercept + slope * (2025 - 2015) + noise[-1])
        rows.append(pd.DataFrame({"indicator_id": f"I{k:04d}", "year": years, "actual": actual}))
    frame = pd.concat(rows, ignore_index=True).assign(measure="nominal")
    out = propose_targets(frame, year=2025, level=0.8).set_index("indicator_id")
    true = pd.Series(truth, index=[f"I{k:04d}" for k in range(series)])
    covered = ((out["lower"] <= true) & (true <= out["upper"])).mean()
    assert 0.72 <= covered <= 0.88  # binomial sd ≈ 0.016: a generous margin
    wider = propose_targets(frame, year=2025, level=0.95).set_index("indicator_id")
    assert ((wider["lower"] <= true) & (true <= wider["upper"])).mean() > covered


def test_band_widens_for_shorter_series() -> None:
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 1, 12)
    long = history(list(20 + np.arange(12) + noise), first=2013)
    short = history(list(20 + np.arange(9, 12) + noise[9:]), first=2022)
    wide = one(short, year=2025)
    narrow = one(long, year=2025)
    assert wide["upper"] - wide["lower"] > narrow["upper"] - narrow["lower"]
    assert "Few points" in wide["explanation"]
    assert "Few points" not in narrow["explanation"]


def test_stretch_goes_up_when_higher_is_better_and_down_when_lower_is_better() -> None:
    up = one(history([10.0, 12.0, 14.0]), year=2024, stretch=0.1)
    assert up["forecast"] == pytest.approx(16.0)
    assert up["target"] == pytest.approx(17.6)
    down = one(
        history([20.0, 18.0, 16.0], direction="lower_is_better", measure="percentage"),
        year=2024,
        stretch=0.1,
    )
    assert down["forecast"] == pytest.approx(14.0)
    assert down["target"] == pytest.approx(12.6)
    assert "lower is better" in down["explanation"]


def test_forecasts_and_targets_stay_in_the_possible_range() -> None:
    falling = one(history([9.0, 6.0, 3.0], measure="unit"), year=2025)
    assert falling["forecast"] == 0.0
    assert "held at" in falling["explanation"]
    full = one(history([90.0, 94.0, 98.0], measure="percentage"), year=2024, stretch=0.2)
    assert full["forecast"] == 100.0
    assert full["target"] == 100.0
    free = one(history([9.0, 6.0, 3.0], measure="nominal"), year=2025)
    assert free["forecast"] == pytest.approx(-3.0)


def test_two_points_give_a_line_but_no_band() -> None:
    row = one(history([10.0, 14.0]), year=2023)
    assert row["status"] == "proposed"
    assert row["forecast"] == pytest.approx(18.0)
    assert math.isnan(row["lower"])
    assert math.isnan(row["upper"])
    assert "no band can be estimated" in row["explanation"]


def test_one_point_is_refused_with_a_naive_proposal() -> None:
    row = one(history([42.0], first=2025), year=2026, stretch=0.1)
    assert row["status"] == "naive"
    assert row["forecast"] == 42.0
    assert row["target"] == pytest.approx(46.2)
    assert math.isnan(row["lower"])
    assert "at least 2 are needed" in row["explanation"]
    assert "naive" in row["explanation"]


def test_no_history_and_later_actuals_are_skipped() -> None:
    row = one(history([5.0, 6.0], first=2026), year=2026)
    assert row["status"] == "skipped"
    assert math.isnan(row["target"])
    assert "No actual before 2026" in row["explanation"]


def test_several_periods_in_a_year_are_refused_with_a_reason() -> None:
    frame = pd.DataFrame(
        {
            "indicator_id": "Q",
            "period_start": pd.to_datetime(["2024-01-01", "2024-07-01", "2025-01-01"]),
            "actual": [1.0, 2.0, 3.0],
        }
    )
    row = one(frame, year=2026)
    assert row["status"] == "skipped"
    assert "Several periods start in 2024" in row["explanation"]


def test_sample_dataset_proposals() -> None:
    out = propose_targets(load_sample(), year=2026, stretch=0.1).set_index("indicator_id")
    assert len(out) == 9
    qualitative = out.loc["IND-HN-DIR45"]
    assert qualitative["status"] == "skipped"
    assert "Qualitative" in qualitative["explanation"]
    partners = out.loc["IND-VUFO-PARTNERS"]  # actuals 20, 19, 22, 20, 30 over 2021-2025
    x = np.arange(2021, 2026)
    slope, intercept = np.polyfit(x, [20, 19, 22, 20, 30], 1)
    assert partners["forecast"] == pytest.approx(intercept + slope * 2026)
    assert partners["target"] == pytest.approx(partners["forecast"] * 1.1)
    assert partners["explanation"].startswith(
        "Linear trend over 2021–2025 (5 points, least squares) gives 28.5 for 2026 (80% band "
    )
    ceremonial = out.loc["IND-VUFO-CEREMONIAL"]  # lower is better: stretch lowers it
    assert ceremonial["target"] < ceremonial["forecast"]
    trainees = out.loc["IND-HN-TRAINEES"]  # disaggregated rows are left out
    assert trainees["points"] == 5


def test_only_earlier_years_are_used() -> None:
    out = propose_targets(load_sample(), year=2024, indicators=["IND-VUFO-MEDIA"])
    assert list(out["indicator_id"]) == ["IND-VUFO-MEDIA"]
    assert out.loc[0, "last_year"] == 2023
    assert out.loc[0, "last_actual"] == 86.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "cubic"}, "method"),
        ({"stretch": -0.1}, "stretch"),
        ({"stretch": 1.0}, "stretch"),
        ({"level": 1.0}, "level"),
        ({"window": 1}, "window"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        propose_targets(history([1.0, 2.0]), year=2025, **kwargs)  # type: ignore[arg-type]


def test_frame_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="indicator_id, actual and year"):
        propose_targets(pd.DataFrame({"indicator_id": ["A"], "value": [1.0]}), year=2025)


def test_explanations_read_in_vietnamese_with_vietnamese_numbers() -> None:
    # 1,200 → 1,450 → 1,700 people: a line through 1,950 for 2026 (the step is 250).
    history = pd.DataFrame(
        {"indicator_id": "IND-VI", "year": [2023, 2024, 2025], "actual": [1200.0, 1450.0, 1700.0]}
    )
    row = propose_targets(history, year=2026, stretch=0.1, lang="vi").iloc[0]
    assert float(row["forecast"]) == pytest.approx(1950.0)
    assert row["explanation"] == (
        "Xu hướng tuyến tính giai đoạn 2023–2025 (3 điểm số liệu, bình phương tối thiểu) cho "
        "giá trị dự báo 1.950 cho năm 2026 (khoảng dự báo 80%: 1.950–1.950); với mức phấn "
        "đấu 10% (càng cao càng tốt): 2.145. Các giá trị thực tế nằm đúng trên một đường "
        "thẳng, nên khoảng dự báo có độ rộng bằng 0. Ít điểm số liệu: chỉ nên coi khoảng dự "
        "báo là ước lượng thô."
    )
    english = propose_targets(history, year=2026, stretch=0.1).iloc[0]["explanation"]
    assert english.startswith("Linear trend over 2023–2025 (3 points, least squares) gives 1,950")
