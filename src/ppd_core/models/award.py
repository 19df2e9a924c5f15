"""Awards: recognition given for PPD work (emulation flags, certificates of merit, medals)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ppd_core.models._base import Count, Id, Record, Text
from ppd_core.vocab import AwardType, RecipientKind

__all__ = ["Award"]


class Award(Record):
    """Recognition given to collectives or individuals in a year.

    One record may stand for several awards of one kind given together (``count``), as
    review conferences report them.

    >>> from ppd_core import Award
    >>> Award(id="AW-2024-FLAGS", year=2024, type="emulation_flag", recipient_kind="collective",
    ...     giver="Central Commission for External Relations", count=5).count
    5
    """

    entity: ClassVar[str] = "award"

    id: Id
    """Stable identifier."""
    year: int = Field(ge=1945, le=2100)
    """Year the achievements were made."""
    type: AwardType
    """Emulation flag, certificate of merit or commemorative medal."""
    recipient_kind: RecipientKind
    """Collective, individual, or both (for grouped records)."""
    recipient_name: str | None = None
    """Name of the recipient (personal data when an individual)."""
    organisation_id: Id | None = None
    """The organisation of the system the recipient belongs to."""
    giver: Text
    """Who gave the award."""
    count: Count = 1
    """How many awards the record stands for."""
    citation: str | None = None
    """What the award was for."""
