"""The error raised by a merge or an undo that cannot be done as asked."""

from __future__ import annotations

from ppd_core.errors import PpdError

__all__ = ["MergeError"]


class MergeError(PpdError, ValueError):
    """A merge or an undo that cannot be done as asked (unknown id, different countries …)."""
