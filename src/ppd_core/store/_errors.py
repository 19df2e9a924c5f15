"""The store's exceptions: what the database cannot do, and edits that lost a race."""

from __future__ import annotations

from ppd_core.errors import PpdError

__all__ = ["ConflictError", "StoreError"]


class StoreError(PpdError):
    """The database cannot do what was asked (see the message for why and how to fix it)."""


class ConflictError(StoreError):
    """A record changed since it was read: someone else saved a newer version first."""
