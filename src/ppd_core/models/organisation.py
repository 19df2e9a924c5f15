"""Organisations of the PPD system and their foreign partners."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field

from ppd_core.models._base import CountryCode, Id, Record, TableRecord, Text, link
from ppd_core.vocab import OrganisationLevel, OrganisationType, PartnerStatus, PartnerType

__all__ = ["ContactPerson", "Organisation", "Partner"]


class Organisation(TableRecord):
    """A body of Viet Nam's PPD system: VUFO, a friendship association, a provincial union.

    The system is a hierarchy (``parent_id``) that changes: units merge and get renamed, so an
    organisation keeps its stable ``id`` and records when it was valid and who succeeded it.
    Rule PPD201: ``valid_to`` is not before ``valid_from``.

    >>> from ppd_core import Organisation
    >>> hanoi = Organisation(id="HN-UFO", name_vi="Liên hiệp các tổ chức hữu nghị TP Hà Nội",
    ...     name_en="Hanoi Union of Friendship Organizations", type="provincial_union",
    ...     level="provincial", parent_id="VUFO", province="Hà Nội")
    >>> hanoi.level.label("vi")
    'Tỉnh/thành phố'
    """

    entity: ClassVar[str] = "organisation"
    table: ClassVar[str | None] = "organisations"

    id: Id
    """Stable identifier; never reused, kept through renames and re-parenting."""
    name_vi: Text
    """Official name in Vietnamese."""
    name_en: str | None = None
    """Name in English."""
    short_name: str | None = None
    """Abbreviation, e.g. ``VUFO``."""
    type: OrganisationType
    """What kind of body it is."""
    level: OrganisationLevel
    """Where it sits in the hierarchy: central, provincial or grassroots."""
    parent_id: Id | None = None
    """The organisation it belongs to (``None`` at the top)."""
    province: str | None = None
    """The province or city it works in, for local bodies."""
    faces_country: CountryCode | None = None
    """For a bilateral friendship association: the partner country it faces."""
    faces_region: str | None = None
    """For an association facing a region rather than one country (e.g. ``"Africa"``)."""
    valid_from: date | None = None
    """First day the unit existed in this form (founding, merger or renaming)."""
    valid_to: date | None = None
    """Last day it existed in this form; ``None`` while it still does."""
    successor_id: Id | None = None
    """The organisation that took over when this one was merged or renamed."""


class ContactPerson(Record):
    """A contact person at a partner. Personal data: optional everywhere, never required."""

    entity: ClassVar[str] = "contact"

    name: Text
    """Full name."""
    position: str | None = None
    """Job title."""
    email: str | None = None
    """E-mail address."""
    phone: str | None = None
    """Telephone number."""


class Partner(Record):
    """A foreign partner: an NGO, a friendship organisation, a university, a sister city.

    >>> from ppd_core import Partner
    >>> p = Partner(id="P-KH-001", name="Cambodia-Vietnam Friendship Association",
    ...     country="kh", type="friendship_organisation")
    >>> p.country, p.status.value
    ('KH', 'active')
    """

    entity: ClassVar[str] = "partner"

    id: Id
    """Stable identifier, shared by the whole system."""
    name: Text
    """Name as the partner writes it."""
    aliases: list[Text] = Field(default_factory=list, json_schema_extra=link(column="alias"))
    """Other spellings and languages of the name (kept when duplicates are merged)."""
    country: CountryCode | None = None
    """Country where the partner is based (ISO 3166-1 alpha-2); ``None`` for a global body."""
    type: PartnerType
    """What kind of partner it is."""
    first_engaged: date | None = None
    """Day of the first recorded engagement with the system."""
    status: PartnerStatus = PartnerStatus.ACTIVE
    """Where the partnership stands."""
    contact: ContactPerson | None = Field(default=None, json_schema_extra={"personal": True})
    """Optional contact person (personal data; left out of exports on request)."""
