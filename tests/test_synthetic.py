"""Synthetic data: deterministic, valid, realistic, and messy on request."""

from __future__ import annotations

import pandas as pd

from ppd_core.datasets import messy_frames, synthetic, synthetic_frames
from ppd_core.validation import validate_frames


def test_deterministic_and_valid() -> None:
    a = synthetic(seed=3, activities=500)
    assert a == synthetic(seed=3, activities=500)
    assert a != synthetic(seed=4, activities=500)
    assert a.counts()["activities"] == 500
    assert a.check_integrity().ok


def test_realistic_shapes() -> None:
    f = synthetic_frames(seed=1, activities=5000)
    per_partner = f["activity_partners"]["partner_id"].value_counts()
    top = per_partner.iloc[: max(1, len(per_partner) // 10)].sum()
    assert top / per_partner.sum() > 0.4  # a few partners dominate
    flows = f["resource_flows"]
    stages = flows["stage"].value_counts()
    assert stages["pledged"] > stages["committed"] > stages["disbursed"] > 0
    months = f["activities"]["actual_start"].dt.month.value_counts()
    assert months[12] > months[1]  # year-end peak
    assert set(f["activities"]["kind"]) >= {"conference_forum", "humanitarian_aid"}


def test_messy_frames_inject_mess_but_keep_the_clean_tables() -> None:
    clean = synthetic_frames(seed=2, activities=2000)
    messy = messy_frames(clean, seed=2, rate=0.1)
    acts = messy["activities"]
    assert len(acts) > len(clean["activities"])  # duplicated rows
    assert acts["actual_start"].str.fullmatch(r"\d\d/\d\d/\d{4}").all()
    assert acts["title"].isna().any()  # blanked required values
    names = messy["organisations"]["name_vi"].dropna()
    assert names.str.contains("Lien hiep|LHCTCHN").any()  # diacritics dropped or abbreviated
    pd.testing.assert_frame_equal(clean["activities"], synthetic_frames(2, 2000)["activities"])
    # Blanked values and day-first dates are reported (readers of issue 3 parse day-first).
    _, report = validate_frames(messy, today=pd.Timestamp("2026-01-01").date())
    assert {"PPD001", "PPD002"} <= report.codes()


def test_synthetic_passes_sizes_on_and_messy_frames_keeps_its_old_path() -> None:
    from ppd_core.datasets import generator, messy

    ds = synthetic(seed=5, activities=60, organisations=9, partners=25, start_year=2023)
    counts = ds.counts()
    assert (counts["organisations"], counts["partners"]) == (9, 25)
    years = ds.to_frames()["activities"]["actual_start"].dt.year
    assert years.between(2023, 2025).all()
    assert generator.messy_frames is messy.messy_frames is messy_frames
