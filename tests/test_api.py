"""The public API: a curated ``__all__``, pinned; a light import."""

from __future__ import annotations

import subprocess
import sys

import ppd_core

EXPECTED = [
    "Activity",
    "Award",
    "ContactPerson",
    "CountryShare",
    "CriterionScore",
    "DataValidationError",
    "Dataset",
    "Evaluation",
    "Indicator",
    "IndicatorValue",
    "MissingDependencyError",
    "MissingRateError",
    "Money",
    "Organisation",
    "Participants",
    "Partner",
    "PartnerLink",
    "PlanTarget",
    "PlannedActivity",
    "PpdError",
    "PriorityShare",
    "Problem",
    "ProvinceShare",
    "RecordList",
    "ReferenceDataError",
    "ResourceFlow",
    "UnknownCountryError",
    "ValidationReport",
    "WorkPlan",
    "__version__",
    "datasets",
    "evaluation",
    "metrics",
    "reference",
    "rules",
    "validate_frames",
    "validate_records",
    "vocab",
]


def test_all_is_pinned_and_sorted() -> None:
    assert ppd_core.__all__ == EXPECTED
    assert sorted(ppd_core.__all__, key=str.casefold) == sorted(EXPECTED, key=str.casefold)
    for name in ppd_core.__all__:
        assert getattr(ppd_core, name) is not None


def test_required_entry_points() -> None:
    assert callable(ppd_core.datasets.load_sample)
    assert callable(ppd_core.datasets.synthetic)
    assert callable(ppd_core.Dataset.to_frames)
    assert callable(ppd_core.Dataset.from_frames)


def test_import_does_not_load_pandas() -> None:
    code = "import sys, ppd_core; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_errors_form_one_hierarchy() -> None:
    for name in (
        "DataValidationError",
        "MissingRateError",
        "ReferenceDataError",
        "UnknownCountryError",
        "MissingDependencyError",
    ):
        assert issubclass(getattr(ppd_core, name), ppd_core.PpdError)
    assert issubclass(ppd_core.DataValidationError, ValueError)
