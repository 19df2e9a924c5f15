"""The error a reader raises for a file it cannot read at all."""

from __future__ import annotations

from ppd_core.errors import PpdError

__all__ = ["FileFormatError"]


class FileFormatError(PpdError, ValueError):
    """A file cannot be read or written as a whole: empty, binary, truncated, or malformed.

    Raised before anything is imported; problems with single rows never raise, they are
    reported in :attr:`ppd_core.io.ReadResult.report`.

    Attributes:
        source: The file's name.
        reason: What is wrong, in a sentence.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")
