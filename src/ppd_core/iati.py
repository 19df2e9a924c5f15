"""Deprecated: IATI exchange moved to :mod:`ppd_core.io.iati`; this old path still works.

Importing ``ppd_core.iati`` emits a :class:`DeprecationWarning` and gives the same objects as
:mod:`ppd_core.io.iati`. It will be removed in the next minor version.
"""

from __future__ import annotations

import warnings

from ppd_core.io import iati as _moved
from ppd_core.io.iati import *  # noqa: F403 - the old path re-exports every public name

__all__ = list(_moved.__all__)

warnings.warn(
    "ppd_core.iati is deprecated and will be removed in the next minor version; "
    "import from ppd_core.io.iati instead",
    DeprecationWarning,
    stacklevel=2,
)
