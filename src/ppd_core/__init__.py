"""ppd_core: data-driven planning for people-to-people diplomacy (PPD) organisations.

Data flow one way: sources → validated records → tables → measures → plans and reports.

>>> import ppd_core
>>> ds = ppd_core.datasets.load_sample()
>>> ds.counts()["activities"] > 50
True
"""

from typing import TYPE_CHECKING, Any

from ppd_core import datasets, models, reference, rules, vocab
from ppd_core.dataset import Dataset, RecordList
from ppd_core.errors import (
    DataValidationError,
    MissingDependencyError,
    MissingRateError,
    PpdError,
    Problem,
    ReferenceDataError,
    UnknownCountryError,
    ValidationReport,
)
from ppd_core.models import *  # noqa: F403  (the models are the package's own names)
from ppd_core.money import Money

if TYPE_CHECKING:
    from ppd_core import metrics
    from ppd_core.validation import validate_frames, validate_records

__version__ = "0.1.0"

__all__ = [
    "DataValidationError",
    "Dataset",
    "MissingDependencyError",
    "MissingRateError",
    "Money",
    "PpdError",
    "Problem",
    "RecordList",
    "ReferenceDataError",
    "UnknownCountryError",
    "ValidationReport",
    "__version__",
    "datasets",
    "metrics",
    "reference",
    "rules",
    "validate_frames",
    "validate_records",
    "vocab",
]
__all__ += models.__all__  # the models' names are the package's own
__all__.sort(
    key=lambda name: (not (name.isupper() and len(name) > 1), not name[:1].isupper(), name)
)


def __getattr__(name: str) -> Any:
    # The columnar validators need pandas; import them on first use so that
    # ``import ppd_core`` stays fast.
    if name in ("validate_frames", "validate_records"):
        from ppd_core import validation

        return getattr(validation, name)
    if name == "metrics":
        import importlib

        return importlib.import_module("ppd_core.metrics")
    if name == "evaluation":  # deprecated: moved into metrics
        import importlib
        import warnings

        warnings.warn(
            "ppd_core.evaluation moved to ppd_core.metrics.evaluation; use that "
            "(the old name will be removed in the next minor version)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module("ppd_core.metrics.evaluation")
    raise AttributeError(f"module 'ppd_core' has no attribute {name!r}")
