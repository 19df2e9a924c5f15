"""Deprecated: the OECD-DAC evaluation analysis moved to :mod:`ppd_core.metrics.evaluation`.

Importing ``ppd_core.evaluation`` warns and gives the same objects; it will be removed in
the next minor version.
"""

import warnings

from ppd_core.metrics import evaluation as _moved
from ppd_core.metrics.evaluation import *  # noqa: F403  # the same public names

__all__ = list(_moved.__all__)

warnings.warn(
    "ppd_core.evaluation moved to ppd_core.metrics.evaluation; import it from there "
    "(the old path will be removed in the next minor version)",
    DeprecationWarning,
    stacklevel=2,
)
