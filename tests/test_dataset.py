"""The Dataset: records in, frames out and back, record views, additions, equality."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from helpers import TODAY, activity_dict
from ppd_core import (
    Activity,
    Dataset,
    DataValidationError,
    Money,
    Organisation,
    Partner,
)
from ppd_core.tables import ENTITIES, SCHEMA


def _ds() -> Dataset:
    return Dataset(
        organisations=[
            Organisation(
                id="VUFO", name_vi="Liên hiệp", type="central_standing_body", level="central"
            )
        ],
        partners=[Partner(id="P-1", name="Một", country="KH", type="foreign_ngo")],
        activities=[Activity.model_validate(activity_dict(), context={"today": TODAY})],
    )


def test_frames_are_tidy_and_complete() -> None:
    frames = _ds().to_frames()
    assert list(frames) == list(SCHEMA)
    for name, spec in SCHEMA.items():
        assert list(frames[name].columns) == spec.column_names, name
    flows = frames["resource_flows"]
    assert flows.loc[0, "amount"] == Decimal("1500.25")
    assert frames["activity_countries"]["percentage"].sum() == 100


def test_record_views() -> None:
    ds = _ds()
    assert len(ds.activities) == 1
    a = ds.activities.get("A-1")
    assert a.cost == Money(amount=Decimal("25000000"), currency="VND")
    assert str(a.cost.amount) == "25000000"  # no storage-scale zeros
    assert ds.activities[0:1] == [a]
    assert ds.partners.ids() == ["P-1"]
    with pytest.raises(KeyError, match="no activity with id 'nope'"):
        ds.activities.get("nope")


def test_to_frames_returns_copies() -> None:
    ds = _ds()
    frames = ds.to_frames()
    frames["activities"].loc[0, "title"] = "changed"
    assert ds.activities[0].title == "Friendship exchange"


def test_add_returns_new_dataset_and_checks() -> None:
    ds = _ds()
    more = Activity.model_validate(
        activity_dict(id="A-2", follow_up_of="A-1"), context={"today": TODAY}
    )
    bigger = ds.add(more)
    assert bigger.counts()["activities"] == 2
    assert ds.counts()["activities"] == 1
    orphan = Activity.model_validate(
        activity_dict(id="A-3", lead_organisation_id="NOPE"), context={"today": TODAY}
    )
    with pytest.raises(DataValidationError, match="PPD110"):
        ds.add(orphan)
    with pytest.raises(TypeError, match="not an entity"):
        ds.add(Money(amount=Decimal(1), currency="USD"))  # type: ignore[arg-type]


def test_from_frames_reads_text_like_a_spreadsheet() -> None:
    frames = {name: f.astype(object).astype("str") for name, f in _ds().to_frames().items()}
    frames["activities"]["actual_start"] = "2025-03-01"
    frames["activities"]["cost_amount"] = "25,000,000"
    frames["activities"]["participants_total"] = "50"
    back = Dataset.from_frames(frames, today=TODAY)
    assert back.activities[0].cost == Money(amount=Decimal(25_000_000), currency="VND")
    assert back.activities[0].actual_start == date(2025, 3, 1)


def test_from_frames_reports_every_problem_with_row_and_field() -> None:
    frames = _ds().to_frames()
    frames["activities"] = pd.concat([frames["activities"]] * 3, ignore_index=True)
    frames["activities"]["id"] = ["A-1", "A 2", "A-3"]
    # coded columns are categoricals of their vocabulary: edit them as text to put in any value
    frames["activities"]["kind"] = frames["activities"]["kind"].astype("str")
    frames["activities"].loc[2, "kind"] = "banquet"
    with pytest.raises(DataValidationError) as err:
        Dataset.from_frames(frames, today=TODAY)
    problems = [(p.code, p.row, p.field) for p in err.value.report]
    assert ("PPD101", 2, "id") in problems
    assert ("PPD104", 3, "kind") in problems
    assert str(err.value).startswith("2 validation errors in frames")


def test_unknown_tables_and_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="Unknown table"):
        Dataset.from_frames({"activitys": pd.DataFrame()})
    frames = _ds().to_frames()
    frames["activities"]["colour"] = "red"
    with pytest.raises(ValueError, match=r"unknown column\(s\) \['colour'\]"):
        Dataset.from_frames(frames)


def test_empty_and_repr() -> None:
    assert repr(Dataset.empty()) == "Dataset(empty)"
    assert repr(_ds()) == "Dataset(1 organisations, 1 partners, 1 activities)"
    assert Dataset.empty() == Dataset()


def test_blank_cells_take_the_fields_defaults() -> None:
    frames = _ds().to_frames()
    frames["activities"]["modality"] = frames["activities"]["modality"].astype("str")
    frames["activities"].loc[0, "modality"] = None
    frames["activity_countries"]["percentage"] = [None, None]
    frames["activity_countries"] = frames["activity_countries"].iloc[:1]  # one country: 100 %
    ds = Dataset.from_frames(frames, today=TODAY)
    a = ds.activities[0]
    assert a.modality.value == "in_person"
    assert a.countries[0].percentage == 100.0


def test_half_filled_nested_value_is_reported() -> None:
    frames = _ds().to_frames()
    frames["activities"]["cost_amount"] = frames["activities"]["cost_amount"].astype(object)
    frames["activities"].loc[0, "cost_amount"] = None  # a currency without an amount
    with pytest.raises(DataValidationError) as err:
        Dataset.from_frames(frames, today=TODAY)
    assert [(p.code, p.field) for p in err.value.report] == [("PPD503", "cost.amount")]


def test_repeated_key_in_a_dict_field_is_reported() -> None:
    frames = _ds().to_frames()
    outputs = frames["activity_outputs"]
    frames["activity_outputs"] = pd.concat([outputs, outputs], ignore_index=True)
    with pytest.raises(DataValidationError) as err:
        Dataset.from_frames(frames, today=TODAY)
    assert [(p.code, p.row, p.field) for p in err.value.report] == [
        ("PPD403", 2, "outputs.agreements_signed")
    ]


def test_record_views_are_read_only_lists_named_after_their_tables() -> None:
    org = Organisation(id="U-1", name_vi="Liên hiệp U", type="provincial_union", level="provincial")
    ds = Dataset(organisations=[org])
    for table, model in ENTITIES.items():
        view = getattr(ds, table)
        assert repr(view) == f"<{1 if table == 'organisations' else 0} {table}>"
        assert all(isinstance(r, model) for r in view)
        assert getattr(Dataset, table).__doc__ == f"The {table.replace('_', ' ')}, as records."
    assert ds.organisations.get("U-1") == org
    with pytest.raises(AttributeError, match="property 'work_plans' of 'Dataset' object has no"):
        ds.work_plans = ds.work_plans
