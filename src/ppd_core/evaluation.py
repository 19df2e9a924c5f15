"""Deprecated: the OECD-DAC evaluation analysis moved to :mod:`ppd_core.metrics.evaluation`.

Importing ``ppd_core.evaluation`` emits a :class:`DeprecationWarning` and gives the same
objects as :mod:`ppd_core.metrics.evaluation`. It will be removed in the next minor version.
"""

from __future__ import annotations

import warnings

from ppd_core.metrics import evaluation as _moved
from ppd_core.metrics.evaluation import *  # noqa: F403 - the old path re-exports every public name

__all__ = list(_moved.__all__)

warnings.warn(
    "ppd_core.evaluation is deprecated and will be removed in the next minor version; "
    "import from ppd_core.metrics.evaluation instead",
    DeprecationWarning,
    stacklevel=2,
)
