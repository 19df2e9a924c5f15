"""Deprecated: the OECD-DAC evaluation analysis moved to :mod:`ppd_core.metrics.evaluation`.

Every name of the old path still works, with a ``DeprecationWarning`` when it is used; the
module will be removed in the next minor version. (The warning comes on use, not on import,
so that collecting the package's doctests does not trip it.)
"""

import warnings
from typing import Any

from ppd_core.metrics import evaluation as _moved

__all__ = list(_moved.__all__)


def __getattr__(name: str) -> Any:
    if name in _moved.__all__:
        warnings.warn(
            f"ppd_core.evaluation moved to ppd_core.metrics.evaluation; import {name} from "
            "there (the old path will be removed in the next minor version)",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(_moved, name)
    raise AttributeError(f"module 'ppd_core.evaluation' has no attribute {name!r}")
