"""Deprecated: partner de-duplication moved to :mod:`ppd_core.cleaning`; import it from there.

This alias keeps ``from ppd_core.matching import …`` working for one minor version; each
name taken from it emits a :class:`DeprecationWarning` that names the new place.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ppd_core import cleaning as _cleaning

if TYPE_CHECKING:  # the names as type checkers see them; at run time __getattr__ gives them
    from ppd_core.cleaning import *  # noqa: F403

__all__ = list(_cleaning.__all__)


def __getattr__(name: str) -> Any:
    """Give the name from :mod:`ppd_core.cleaning`, with a :class:`DeprecationWarning`."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"ppd_core.matching is deprecated: import {name} from ppd_core.cleaning instead",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(_cleaning, name)
