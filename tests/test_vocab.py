"""Vocabularies: stable unique codes, both labels, and IATI codes checked against IATI's lists."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import IATI, needs_shared
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    FlowStage,
    IndicatorMeasure,
    OrganisationType,
    PartnerRole,
    PartnerType,
    PriorityArea,
    ResultLevel,
    Sdg,
    Vocabulary,
    vocabularies,
)

ALL = list(vocabularies().values())


@pytest.mark.parametrize("vocab", ALL, ids=lambda v: v.__name__)
def test_codes_unique_and_labelled(vocab: type[Vocabulary]) -> None:
    codes = vocab.codes()
    assert len(codes) == len(set(codes))
    for member in vocab:
        assert member.en
        assert member.vi
        assert member.en != member.value
        assert vocab(member.value) is member
        assert member.label("vi") == member.vi
        assert member.label() == member.en


def test_lists_the_issue_requires() -> None:
    assert len(Sdg) == 17
    assert len(ActivityStatus) == 6
    assert {s.iati for s in ActivityStatus} == {"1", "2", "3", "4", "5", "6"}
    assert len(PriorityArea) == 14
    assert len(ActivityKind) == 13


def _codelist(name: str) -> set[str]:
    path = Path(IATI) / "codelists" / "csv" / f"{name}.csv"
    with path.open(encoding="utf-8") as f:
        return {row["code"] for row in csv.DictReader(f) if row["status"] == "active"}


@needs_shared()
@pytest.mark.parametrize(
    ("vocab", "codelist"),
    [
        (OrganisationType, "OrganisationType"),
        (PartnerType, "OrganisationType"),
        (ActivityStatus, "ActivityStatus"),
        (FlowStage, "TransactionType"),
        (ResultLevel, "ResultType"),
        (IndicatorMeasure, "IndicatorMeasure"),
        (PartnerRole, "OrganisationRole"),
        (Sdg, "UNSDG-Goals"),
    ],
)
def test_iati_codes_exist(vocab: type[Vocabulary], codelist: str) -> None:
    known = _codelist(codelist)
    mapped = {m.iati for m in vocab if m.iati is not None}
    assert mapped, f"{vocab.__name__} maps nothing to IATI"
    assert mapped <= known


@needs_shared()
def test_priority_areas_map_to_real_sectors_and_markers() -> None:
    sectors = _codelist("Sector")
    markers = _codelist("PolicyMarker")
    for area in PriorityArea:
        assert area.dac_sectors, area
        assert set(area.dac_sectors) <= sectors, area
        assert set(area.policy_markers) <= markers, area


def test_flow_stage_is_incoming() -> None:
    assert FlowStage.PLEDGED.iati == "13"
    assert FlowStage.COMMITTED.iati == "11"
    assert FlowStage.DISBURSED.iati == "1"
    assert FlowStage.from_iati("11") is FlowStage.COMMITTED
    with pytest.raises(ValueError, match="no member for IATI code"):
        FlowStage.from_iati("99")
