"""A small, hand-curated, illustrative dataset of Viet Nam's people-to-people diplomacy system.

**Illustrative data.** The national bodies of the system (VUFO, central friendship
associations, provincial unions, the Fatherland Front, the Youth Union, the Ministry of Foreign
Affairs, the Party's Commission for External Relations) are real, and so are the facts about
the review conferences and awards taken from public news reports (dates, delegate numbers,
award counts, the directive Hanoi implemented). The grassroots units under the Hanoi union, the
Africa-facing association and the exact validity dates of the merged unions are illustrative.
Everything else — the foreign partners, the activities, the amounts, the indicator values, the
evaluations and the people named — is *invented for teaching*, even where a partner bears the
name of a real place or body; see :data:`SAMPLE_NOTE`. Records whose facts come from a report
say so in their ``notes`` or ``citation`` (they start with ``"Reported"``).

What is in it:

* 22 organisations: VUFO at the top, nine central friendship associations, five provincial
  unions (with the 2025 merger of Quang Nam into Da Nang: two unions end on 2025-06-30 and name
  the merged union, valid from 2025-07-01, as successor), three member associations and clubs
  under the Hanoi union, and four other actors (the Fatherland Front, the Youth Union, the
  Ministry of Foreign Affairs and the Party's Commission for External Relations);
* 47 foreign partners of every type, in 25 countries (and two international bodies), with
  aliases in Vietnamese and English, a few invented contact persons, some dormant or ended and
  one prospective;
* 190 activities: 176 over 2021–2025 and 14 in 2026 (six of them still planned), of every
  kind, with country, province and priority-area splits, participants, own costs, resources
  pledged, committed and disbursed by partners, outputs and follow-up links;
* nine indicators of VUFO and the Hanoi union with yearly targets and actuals (actuals are
  computed from the activities, so they can be recomputed in exercises);
* three work plans, eleven evaluations on the OECD-DAC criteria, and the award counts reported
  by the 2024 and 2025 review conferences.

The invented bulk is drawn with ``random.Random(2025)``, so the dataset is the same on every
run. :func:`load_sample` builds it once and returns the same immutable
:class:`~ppd_core.Dataset` afterwards.

>>> from ppd_core.datasets.sample import load_sample
>>> ds = load_sample()
>>> ds.organisations.get("VUFO").short_name
'VUFO'
>>> ds.activities.get("A-2025-CCER-REVIEW").participants.total
300
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from typing import TypeVar

from ppd_core.dataset import Dataset
from ppd_core.models import (
    Activity,
    Award,
    ContactPerson,
    CountryShare,
    CriterionScore,
    Evaluation,
    Indicator,
    IndicatorValue,
    Organisation,
    Participants,
    Partner,
    PartnerLink,
    PlannedActivity,
    PlanTarget,
    PriorityShare,
    ProvinceShare,
    ResourceFlow,
    WorkPlan,
)
from ppd_core.money import Money
from ppd_core.reference import default_reference
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    AwardType,
    DacCriterion,
    Direction,
    EvaluationSubject,
    FlowForm,
    FlowStage,
    IndicatorMeasure,
    Modality,
    OrganisationLevel,
    OrganisationType,
    OutputKind,
    PartnerRole,
    PartnerStatus,
    PartnerType,
    PriorityArea,
    RecipientKind,
    ResultLevel,
    Sdg,
)

__all__ = ["SAMPLE_NOTE", "SAMPLE_TODAY", "load_sample"]

SAMPLE_NOTE = (
    "Illustrative data for teaching. The national bodies of Viet Nam's people-to-people "
    "diplomacy system and the facts about review conferences and awards (dates, delegate "
    "numbers, award counts, Hanoi's Directive No. 45-CT/TU) come from public news reports "
    "(VNA, Nhan Dan and VUFO's media, 2022-2026). The foreign partners, activities, amounts, "
    "indicator values, evaluations and people named are invented for teaching; where a partner "
    "bears the name of a real place or body, what the sample records about it is still "
    "invented."
)
"""What is real and what is invented in the sample (show it wherever the sample is shown)."""

SAMPLE_TODAY = date(2026, 11, 22)
"""The sample's "today": no actual date is later; later activities carry planned dates only."""

_SEED = 2025
"""Seed of the random generator that draws the invented bulk of activities."""

_LAST_RATE_DAY = date(2025, 12, 31)
"""Last day of the shipped exchange rates (2015-2025): no resource flow is dated later, so
every flow converts with the shipped reference data."""

_REPORTED = "Reported in public news; "
"""Prefix of the notes of records whose facts come from the seed news reports."""


# -- small builders ---------------------------------------------------------------------------


def _d(text: str) -> date:
    """Parse an ISO date (``YYYY-MM-DD``)."""
    return date.fromisoformat(text)


def _money(amount: int | str | Decimal, currency: str) -> Money:
    """Build an exact money amount."""
    return Money(amount=Decimal(amount), currency=currency)


def _people(
    total: int | None,
    *,
    foreign: int | None = None,
    domestic: int | None = None,
    women: int | None = None,
    youth: int | None = None,
) -> Participants:
    """Build participant numbers."""
    return Participants(total=total, foreign=foreign, domestic=domestic, women=women, youth=youth)


def _flow(
    partner_id: str,
    stage: str,
    amount: int | Decimal,
    currency: str,
    day: date,
    *,
    in_kind: bool = False,
    description: str | None = None,
) -> ResourceFlow:
    """Build one resource flow from a partner."""
    return ResourceFlow(
        partner_id=partner_id,
        stage=FlowStage(stage),
        form=FlowForm.IN_KIND if in_kind else FlowForm.CASH,
        amount=_money(amount, currency),
        date=day,
        description=description,
    )


def _activity(
    id_: str,
    title: str,
    lead: str,
    kind: str,
    status: str,
    *,
    start: date | None = None,
    end: date | None = None,
    planned: tuple[date, date] | None = None,
    modality: str = "in_person",
    co: Sequence[str] = (),
    partners: Sequence[tuple[str, str]] = (),
    countries: Sequence[tuple[str, float]] = (),
    provinces: Sequence[tuple[str, float]] = (),
    areas: Sequence[tuple[str, float]] = (),
    sdgs: Sequence[int] = (),
    people: Participants | None = None,
    cost: Money | None = None,
    flows: Sequence[ResourceFlow] = (),
    outputs: Mapping[str, int] | None = None,
    follow_up_of: str | None = None,
    notes: str | None = None,
) -> Activity:
    """Build an activity from plain codes (the vocabularies' values) and small tuples.

    Args:
        id_: Activity id.
        title: Short title.
        lead: Id of the lead organisation.
        kind: An :class:`~ppd_core.vocab.ActivityKind` code.
        status: An :class:`~ppd_core.vocab.ActivityStatus` code.
        start: Actual first day.
        end: Actual last day.
        planned: Planned first and last day.
        modality: A :class:`~ppd_core.vocab.Modality` code.
        co: Ids of co-organising organisations.
        partners: ``(partner_id, role code)`` pairs.
        countries: ``(country code, percentage)`` pairs.
        provinces: ``(province, percentage)`` pairs.
        areas: ``(priority area code, percentage)`` pairs.
        sdgs: SDG numbers.
        people: Participant numbers.
        cost: Own cost.
        flows: Resource flows from the partners.
        outputs: Output counts by :class:`~ppd_core.vocab.OutputKind` code.
        follow_up_of: Id of the earlier activity this one follows up.
        notes: Free text.

    Returns:
        The validated activity.
    """
    return Activity(
        id=id_,
        title=title,
        lead_organisation_id=lead,
        co_organiser_ids=list(co),
        partners=[PartnerLink(partner_id=p, role=PartnerRole(r)) for p, r in partners],
        kind=ActivityKind(kind),
        status=ActivityStatus(status),
        modality=Modality(modality),
        planned_start=planned[0] if planned else None,
        planned_end=planned[1] if planned else None,
        actual_start=start,
        actual_end=end,
        countries=[CountryShare(country=c, percentage=p) for c, p in countries],
        provinces=[ProvinceShare(province=n, percentage=p) for n, p in provinces],
        priority_areas=[PriorityShare(area=PriorityArea(a), percentage=p) for a, p in areas],
        sdgs=[Sdg(str(s)) for s in sdgs],
        participants=people or Participants(),
        cost=cost,
        resource_flows=list(flows),
        outputs={OutputKind(k): v for k, v in (outputs or {}).items()},
        follow_up_of=follow_up_of,
        notes=notes,
    )


# -- organisations ----------------------------------------------------------------------------

_HANOI = "Hà Nội"
_HCMC = "Thành phố Hồ Chí Minh"
_DA_NANG = "Đà Nẵng"
_QUANG_NAM = "Quảng Nam"
_MERGER_END = _d("2025-06-30")
_MERGER_START = _d("2025-07-01")


def _org(
    id_: str,
    name_vi: str,
    name_en: str,
    type_: str,
    level: str,
    *,
    short: str | None = None,
    parent: str | None = "VUFO",
    province: str | None = None,
    faces: str | None = None,
    region: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    successor: str | None = None,
) -> Organisation:
    """Build an organisation from plain codes (see :class:`~ppd_core.Organisation`)."""
    return Organisation(
        id=id_,
        name_vi=name_vi,
        name_en=name_en,
        short_name=short,
        type=OrganisationType(type_),
        level=OrganisationLevel(level),
        parent_id=parent,
        province=province,
        faces_country=faces,
        faces_region=region,
        valid_from=valid_from,
        valid_to=valid_to,
        successor_id=successor,
    )


def _organisations() -> list[Organisation]:
    """The organisations: VUFO's system plus the other actors named in the reports."""
    csb, cfa, pu, ma = (
        "central_standing_body",
        "central_friendship_association",
        "provincial_union",
        "member_association",
    )
    central, provincial, grassroots = "central", "provincial", "grassroots"
    return [
        # VUFO's traditional day is 17 November 1950 (VUFO, 2021).
        _org("VUFO", "Liên hiệp các tổ chức hữu nghị Việt Nam",
             "Viet Nam Union of Friendship Organizations", csb, central, short="VUFO",
             parent=None, province=_HANOI, valid_from=_d("1950-11-17")),
        _org("VN-KH", "Hội Hữu nghị Việt Nam - Campuchia",
             "Viet Nam - Cambodia Friendship Association", cfa, central, faces="KH"),
        _org("VN-LA", "Hội Hữu nghị Việt Nam - Lào",
             "Viet Nam - Laos Friendship Association", cfa, central, faces="LA"),
        _org("VN-CN", "Hội Hữu nghị Việt Nam - Trung Quốc",
             "Viet Nam - China Friendship Association", cfa, central, faces="CN"),
        _org("VN-JP", "Hội Hữu nghị Việt Nam - Nhật Bản",
             "Viet Nam - Japan Friendship Association", cfa, central, faces="JP"),
        _org("VN-KR", "Hội Hữu nghị Việt Nam - Hàn Quốc",
             "Viet Nam - Korea Friendship Association", cfa, central, faces="KR"),
        _org("VN-FI", "Hội Hữu nghị Việt Nam - Phần Lan",
             "Viet Nam - Finland Friendship Association", cfa, central, faces="FI"),
        _org("VN-VE", "Hội Hữu nghị Việt Nam - Venezuela",
             "Viet Nam - Venezuela Friendship Association", cfa, central, faces="VE"),
        _org("VN-CU", "Hội Hữu nghị Việt Nam - Cu Ba",
             "Viet Nam - Cuba Friendship Association", cfa, central, faces="CU"),
        # Illustrative: an association facing a region rather than one country.
        _org("VN-AF", "Hội Hữu nghị Việt Nam - châu Phi",
             "Viet Nam - Africa Friendship Association", cfa, central, region="Africa"),
        _org("HN-UFO", "Liên hiệp các tổ chức hữu nghị thành phố Hà Nội",
             "Hanoi Union of Friendship Organizations", pu, provincial, short="HAUFO",
             province=_HANOI),
        _org("HCM-UFO", "Liên hiệp các tổ chức hữu nghị Thành phố Hồ Chí Minh",
             "Union of Friendship Organizations of Ho Chi Minh City", pu, provincial,
             short="HUFO", province=_HCMC),
        # The 2025 merger of provinces (63 -> 34, in force 1 July 2025): Quang Nam joined
        # Da Nang; both unions end and the merged city's union succeeds them.
        _org("DN-UFO", "Liên hiệp các tổ chức hữu nghị thành phố Đà Nẵng",
             "Da Nang Union of Friendship Organizations", pu, provincial, province=_DA_NANG,
             valid_to=_MERGER_END, successor="DN-UFO-2025"),
        _org("QNAM-UFO", "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Nam",
             "Quang Nam Union of Friendship Organizations", pu, provincial,
             province=_QUANG_NAM, valid_to=_MERGER_END, successor="DN-UFO-2025"),
        _org("DN-UFO-2025", "Liên hiệp các tổ chức hữu nghị thành phố Đà Nẵng",
             "Da Nang Union of Friendship Organizations", pu, provincial, province=_DA_NANG,
             valid_from=_MERGER_START),
        # Illustrative grassroots units under the Hanoi union.
        _org("HN-VN-JP", "Hội Hữu nghị Việt Nam - Nhật Bản thành phố Hà Nội",
             "Hanoi Viet Nam - Japan Friendship Association", ma, grassroots,
             parent="HN-UFO", province=_HANOI, faces="JP"),
        _org("HN-VN-LA", "Hội Hữu nghị Việt Nam - Lào thành phố Hà Nội",
             "Hanoi Viet Nam - Laos Friendship Association", ma, grassroots,
             parent="HN-UFO", province=_HANOI, faces="LA"),
        _org("HN-CLB-FR", "Câu lạc bộ Hữu nghị Việt - Pháp Hà Nội",
             "Hanoi Viet Nam - France Friendship Club", ma, grassroots, parent="HN-UFO",
             province=_HANOI, faces="FR", valid_from=_d("2023-03-20")),
        _org("VFF", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
             "Central Committee of the Viet Nam Fatherland Front", "vff_committee", central,
             short="VFF", parent=None),
        _org("HCYU", "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
             "Ho Chi Minh Communist Youth Union", "mass_organisation", central, short="HCYU",
             parent=None),
        _org("MOFA", "Bộ Ngoại giao", "Ministry of Foreign Affairs", "ministry_agency",
             central, short="MOFA", parent=None),
        _org("CCER", "Ban Đối ngoại Trung ương",
             "Party Central Committee's Commission for External Relations", "party_body",
             central, short="CCER", parent=None),
    ]  # fmt: skip


# -- partners ---------------------------------------------------------------------------------

_CURRENCY = {
    "JP": "JPY", "KR": "KRW", "AU": "AUD", "FR": "EUR", "DE": "EUR", "FI": "EUR",
    "GB": "GBP", "SE": "SEK", "SG": "SGD", "CN": "CNY", "TH": "THB", "RU": "RUB",
}  # fmt: skip
"""Currency partners of a country give in (default USD)."""

_FUNDERS = frozenset(
    {
        PartnerType.FOREIGN_NGO,
        PartnerType.FOUNDATION,
        PartnerType.BUSINESS,
        PartnerType.INTERNATIONAL_ORGANISATION,
        PartnerType.FOREIGN_GOVERNMENT,
        PartnerType.OVERSEAS_VIETNAMESE,
        PartnerType.FOREIGN_LOCAL_AUTHORITY,
    }
)
"""Partner types that fund activities in the invented bulk."""

_IMPLEMENTERS = frozenset(
    {
        PartnerType.FOREIGN_NGO,
        PartnerType.UNIVERSITY_RESEARCH,
        PartnerType.INTERNATIONAL_ORGANISATION,
    }
)
"""Partner types that implement programmes in the invented bulk."""


@dataclass(frozen=True, slots=True)
class _PartnerRow:
    """One invented partner, with what the generator needs to know about it.

    Attributes:
        id: Partner id.
        name: Name as the partner writes it.
        country: ISO code, or ``None`` for a global body.
        type: A :class:`~ppd_core.vocab.PartnerType` code.
        since: Day of the first engagement (ISO).
        weight: How often the generator picks it (a few partners dominate).
        aliases: Other spellings.
        status: A :class:`~ppd_core.vocab.PartnerStatus` code.
        last_year: Last year with activities (dormant and ended partners).
        contact: ``(name, position, e-mail)`` of an invented contact person.
        currency: Currency it gives in, when not its country's.
        scale: Size of its grants relative to the kind's usual range.
        the: Whether a title puts "the" before its name.
    """

    id: str
    name: str
    country: str | None
    type: str
    since: str
    weight: int = 2
    aliases: tuple[str, ...] = ()
    status: str = "active"
    last_year: int | None = None
    contact: tuple[str, str, str] | None = None
    currency: str | None = None
    scale: float = 1.0
    the: bool = True

    @property
    def first_engaged(self) -> date:
        """Day of the first engagement."""
        return _d(self.since)

    @property
    def ptype(self) -> PartnerType:
        """The partner type."""
        return PartnerType(self.type)

    @property
    def money_currency(self) -> str:
        """The currency the partner gives in."""
        return self.currency or _CURRENCY.get(self.country or "", "USD")

    def active_on(self, day: date) -> bool:
        """Whether the generator may involve the partner in an activity on ``day``."""
        if self.status == "prospective" or day < self.first_engaged:
            return False
        return self.last_year is None or day.year <= self.last_year

    def record(self) -> Partner:
        """The partner as a model record."""
        contact = None
        if self.contact:
            name, position, email = self.contact
            contact = ContactPerson(name=name, position=position, email=email)
        return Partner(
            id=self.id,
            name=self.name,
            aliases=list(self.aliases),
            country=self.country,
            type=self.ptype,
            first_engaged=self.first_engaged,
            status=PartnerStatus(self.status),
            contact=contact,
        )


_FO, _NGO, _IO, _UNI, _FDN, _BIZ, _OV, _GOV, _LOC, _MEDIA, _IND = (
    "friendship_organisation",
    "foreign_ngo",
    "international_organisation",
    "university_research",
    "foundation",
    "business",
    "overseas_vietnamese",
    "foreign_government",
    "foreign_local_authority",
    "media",
    "individual",
)

_PARTNERS: tuple[_PartnerRow, ...] = (
    # Neighbours
    _PartnerRow("P-KH-001", "Cambodia-Vietnam Friendship Association", "KH", _FO, "2010-03-15",
                weight=6, aliases=("Hội Hữu nghị Campuchia - Việt Nam",
                                   "Hoi Huu nghi Campuchia - Viet Nam",
                                   "Cambodia - Viet Nam Friendship Assoc."),
                contact=("Sok Dara", "Deputy Secretary-General", "sok.dara@example.org")),
    _PartnerRow("P-KH-002", "Kampong Cham Provincial Administration", "KH", _LOC,
                "2016-09-02", aliases=("Chính quyền tỉnh Kampong Cham",), scale=0.1),
    _PartnerRow("P-LA-001", "Lao-Vietnam Friendship Association", "LA", _FO, "2010-05-20",
                weight=6, aliases=("Hội Hữu nghị Lào - Việt Nam", "Hoi Huu nghi Lao - Viet Nam",
                                   "Lao - Viet Nam Friendship Association")),
    _PartnerRow("P-LA-002", "Vientiane Capital Administration", "LA", _LOC, "2012-04-10",
                weight=3, scale=0.2,
                aliases=("Chính quyền Thủ đô Viêng Chăn", "Vientiane Capital")),
    _PartnerRow("P-LA-003", "Champasak College of Agriculture and Forestry", "LA", _UNI,
                "2019-11-05", aliases=("Trường Cao đẳng Nông Lâm Champasak",)),
    _PartnerRow("P-CN-001", "Guangxi Friendship Exchange Centre", "CN", _FO, "2011-06-18",
                weight=3, aliases=("Trung tâm Giao lưu Hữu nghị Quảng Tây",
                                   "Trung tam Giao luu Huu nghi Quang Tay")),
    _PartnerRow("P-CN-002", "Yunnan Institute of Mekong Studies", "CN", _UNI, "2018-08-22"),
    # ASEAN
    _PartnerRow("P-TH-001", "Thai-Vietnamese Friendship Society of Udon Thani", "TH", _FO,
                "2013-02-27", aliases=("Hội Hữu nghị Thái - Việt tỉnh Udon Thani",)),
    _PartnerRow("P-TH-002", "Association of Vietnamese in Udon Thani", "TH", _OV, "2014-05-19",
                aliases=("Hội người Việt Nam tại Udon Thani", "Hoi nguoi Viet Nam tai Udon Thani"),
                currency="VND", scale=0.1),
    _PartnerRow("P-SG-001", "Lion City Digital Skills Foundation", "SG", _FDN, "2022-06-14",
                aliases=("Quỹ Kỹ năng số Lion City",)),
    _PartnerRow("P-SG-002", "Merlion Agritech Pte Ltd", "SG", _BIZ, "2021-10-08", the=False),
    _PartnerRow("P-MY-001", "Penang Green Futures Society", "MY", _NGO, "2020-01-16"),
    _PartnerRow("P-ID-001", "Nusantara Centre for Southeast Asian Studies", "ID", _UNI,
                "2017-03-09"),
    _PartnerRow("P-PH-001", "Manila Bay Media Collective", "PH", _MEDIA, "2019-07-30",
                status="dormant", last_year=2023),
    # Comprehensive strategic partners in Asia and the Pacific
    _PartnerRow("P-JP-001", "Japan-Vietnam Grassroots Exchange Network", "JP", _NGO,
                "2011-04-12", weight=8,
                aliases=("Mạng lưới Giao lưu Cơ sở Nhật - Việt", "JVGEN",
                         "Mang luoi Giao luu Co so Nhat - Viet"),
                contact=("Haruka Imai", "Programme Officer", "h.imai@example.org")),
    _PartnerRow("P-JP-002", "Kansai Medical Volunteers for Asia", "JP", _NGO, "2015-10-01",
                weight=4),
    _PartnerRow("P-JP-003", "Hokuriku Institute of Technology", "JP", _UNI, "2021-03-03"),
    _PartnerRow("P-JP-004", "Sakura Logistics Co., Ltd.", "JP", _BIZ, "2023-02-15", the=False,
                aliases=("Công ty TNHH Sakura Logistics",)),
    _PartnerRow("P-JP-005", "Keiko Tanabe", "JP", _IND, "2012-12-01",
                aliases=("Bà Keiko Tanabe", "Ms. Keiko Tanabe"), the=False),
    _PartnerRow("P-KR-001", "Korea-Vietnam Hope Bridge", "KR", _NGO, "2014-08-25", weight=8,
                aliases=("Cầu Hy vọng Hàn - Việt", "Cau Hy vong Han - Viet", "KVHB"),
                contact=("Park Ji-won", "Country Director", "jiwon.park@example.org")),
    _PartnerRow("P-KR-002", "Hanbit Foundation for Asian Youth", "KR", _FDN, "2018-04-03",
                weight=4, aliases=("Quỹ Hanbit vì Thanh niên châu Á",)),
    _PartnerRow("P-KR-003", "Daejeon Institute of Smart Agriculture", "KR", _UNI,
                "2022-09-19"),
    _PartnerRow("P-KR-004", "Association of Vietnamese in Korea", "KR", _OV, "2016-01-30",
                aliases=("Hội người Việt Nam tại Hàn Quốc", "Hoi nguoi Viet Nam tai Han Quoc"),
                currency="VND", scale=0.2),
    _PartnerRow("P-AU-001", "Southern Cross Eye Care Alliance", "AU", _NGO, "2016-06-06",
                weight=3),
    # The Americas
    _PartnerRow("P-US-001", "Mekong Legacy Fund", "US", _FDN, "2013-05-14", weight=5,
                aliases=("Quỹ Di sản Mê Kông",),
                contact=("Rebecca Holloway", "Grants Manager", "r.holloway@example.org")),
    _PartnerRow("P-US-002", "Veterans for Reconciliation Network", "US", _NGO, "2010-11-11",
                weight=3, aliases=("Mạng lưới Cựu chiến binh vì Hòa giải",)),
    _PartnerRow("P-US-003", "Daniel Whitmore", "US", _IND, "2010-07-04",
                aliases=("Prof. Daniel Whitmore", "Giáo sư Daniel Whitmore"), the=False),
    _PartnerRow("P-CU-001", "Havana Friendship House", "CU", _FO, "2010-09-02", weight=3,
                aliases=("Casa de la Amistad de La Habana", "Nhà Hữu nghị La Habana")),
    _PartnerRow("P-VE-001", "Venezuela-Viet Nam Solidarity Circle", "VE", _FO, "2011-12-18",
                weight=3, aliases=("Círculo de Solidaridad Venezuela-Vietnam",
                                   "Vòng tròn Đoàn kết Venezuela - Việt Nam",
                                   "Circulo de Solidaridad Venezuela Vietnam")),
    _PartnerRow("P-VE-002", "Radio Amistad Caracas", "VE", _MEDIA, "2019-05-19", the=False),
    _PartnerRow("P-BR-001", "São Paulo Vietnam Studies Group", "BR", _UNI, "2024-04-22",
                aliases=("Sao Paulo Vietnam Studies Group",)),
    _PartnerRow("P-MX-001", "Fundación Puentes del Pacífico", "MX", _FDN, "2026-09-15",
                status="prospective", aliases=("Pacific Bridges Foundation",), the=False),
    # Europe
    _PartnerRow("P-FR-001", "Association d'amitié franco-vietnamienne de Lyon", "FR", _FO,
                "2012-10-10", weight=3, the=False,
                aliases=("Hội Hữu nghị Pháp - Việt Lyon",
                         "Franco-Vietnamese Friendship Association of Lyon")),
    _PartnerRow("P-DE-001", "Deutsch-Vietnamesischer Freundeskreis Leipzig e.V.", "DE", _FO,
                "2015-09-23", the=False, aliases=("German-Vietnamese Friendship Circle Leipzig",
                                       "Hội Bạn bè Đức - Việt Leipzig")),
    _PartnerRow("P-DE-002", "Stiftung Grüne Brücke", "DE", _FDN, "2020-06-05", weight=3, the=False,
                aliases=("Green Bridge Foundation", "Quỹ Cây cầu Xanh", "Stiftung Gruene Bruecke")),
    _PartnerRow("P-DE-003", "Rheinland Solar GmbH", "DE", _BIZ, "2024-10-30", the=False),
    _PartnerRow("P-FI-001", "Finland-Viet Nam Youth Creative Society", "FI", _FO, "2019-01-25",
                weight=2, aliases=("Hội Sáng tạo Thanh niên Phần Lan - Việt Nam",)),
    _PartnerRow("P-FI-002", "Turku Institute of Applied Sciences", "FI", _UNI, "2023-05-08"),
    _PartnerRow("P-FI-003", "Embassy of Finland in Viet Nam", "FI", _GOV, "2014-03-12",
                aliases=("Đại sứ quán Phần Lan tại Việt Nam",)),
    _PartnerRow("P-PL-001", "Embassy of Poland in Viet Nam", "PL", _GOV, "2025-11-20",
                aliases=("Đại sứ quán Ba Lan tại Việt Nam",), currency="USD"),
    _PartnerRow("P-SE-001", "Nordic Children's Aid", "SE", _NGO, "2011-02-14",
                status="ended", last_year=2022),
    _PartnerRow("P-GB-001", "Thames Education Trust", "GB", _NGO, "2017-09-01",
                status="dormant", last_year=2023),
    _PartnerRow("P-RU-001", "Vietnamese Community in Kazan", "RU", _OV, "2018-02-16",
                status="dormant", last_year=2022,
                aliases=("Cộng đồng người Việt tại Kazan",), scale=0.1),
    # Africa
    _PartnerRow("P-MZ-001", "Mozambique-Vietnam Friendship Association", "MZ", _FO,
                "2015-06-25", aliases=("Hội Hữu nghị Mozambique - Việt Nam",)),
    _PartnerRow("P-AO-001", "Luanda Community Health Initiative", "AO", _NGO, "2021-11-12"),
    # International organisations
    _PartnerRow("P-INT-001", "Asia-Pacific Humanitarian Partnership Network", None, _IO,
                "2016-10-13", weight=4, aliases=("APHPN",)),
    _PartnerRow("P-INT-002", "International Youth Volunteer Forum", None, _IO, "2020-12-05",
                weight=2),
)  # fmt: skip


# -- the activities taken from the seed reports -----------------------------------------------


def _seed_activities() -> list[Activity]:
    """The review conferences reported in the seed news articles, with their real dates."""
    hanoi = [(_HANOI, 100.0)]
    return [
        _activity(
            "A-2025-CCER-REVIEW",
            "Conference reviewing people's diplomacy in 2024 and deploying tasks for 2025",
            "CCER", "conference_forum", "closed",
            start=_d("2025-01-06"), end=_d("2025-01-06"), provinces=hanoi,
            areas=[("external_communication", 100)], people=_people(300),
            notes=_REPORTED + "Nhan Dan, January 2025. More than 300 delegates of the "
            "Fatherland Front, central mass and people's organisations, ministries and "
            "branches (300 is recorded as a lower bound). Awards: 5 emulation flags, 36 "
            "certificates of merit, 31 commemorative medals.",
        ),
        _activity(
            "A-2025-HN-DIR45",
            "Conference on implementing Directive No. 45-CT/TU on the capital's "
            "people-to-people diplomacy to 2030, vision 2045",
            "HN-UFO", "conference_forum", "closed",
            start=_d("2025-10-09"), end=_d("2025-10-09"), provinces=hanoi,
            areas=[("external_communication", 50), ("science_innovation", 25),
                   ("economic_cooperation", 25)],
            notes=_REPORTED + "news report of 12 October 2025. Directive No. 45-CT/TU "
            "of the Standing Committee of the Hanoi Party Committee is dated 8 August 2025; "
            "the union set four task groups for itself and its member associations.",
        ),
        _activity(
            "A-2025-MOFA-REVIEW",
            "Conference reviewing people-to-people diplomacy in 2025 and orientations for 2026",
            "MOFA", "conference_forum", "closed", modality="hybrid",
            start=_d("2025-12-30"), end=_d("2025-12-30"), provinces=hanoi,
            areas=[("external_communication", 100)],
            notes=_REPORTED + "VNA, 30 December 2025. Held by the Party Committee of the "
            "Ministry of Foreign Affairs in hybrid format, linking more than 100 sites in "
            "localities and representative missions abroad; 39 certificates of merit.",
        ),
        _activity(
            "A-2026-VUFO-P14",
            "14th conference of the VUFO Presidium (6th term): review of 2025, tasks for 2026",
            "VUFO", "conference_forum", "closed",
            start=_d("2026-01-09"), end=_d("2026-01-09"), provinces=hanoi,
            areas=[("external_communication", 40), ("economic_cooperation", 30),
                   ("human_resources", 30)],
            notes=_REPORTED + "news report of 10 January 2026 (VUFO media). Report on 2025 "
            "and five key task groups for 2026 approved by 100% of Presidium members; 7 "
            "emulation flags, certificates of merit to 13 collectives and 54 individuals.",
        ),
    ]  # fmt: skip


# -- hand-written invented activities (the showcase) ------------------------------------------


def _review_conferences() -> list[Activity]:
    """VUFO's yearly January review conferences, 2021-2025 (invented details)."""
    rows = (
        (2021, "2021-01-05", "hybrid", 180, 55),
        (2022, "2022-01-07", "hybrid", 210, 60),
        (2023, "2023-01-06", "in_person", 240, 40),
        (2024, "2024-01-05", "in_person", 250, 45),
        (2025, "2025-01-10", "in_person", 260, 50),
    )
    return [
        _activity(
            f"A-{year}-VUFO-REVIEW",
            f"VUFO conference reviewing {year - 1} and setting tasks for {year}",
            "VUFO", "conference_forum", "closed", modality=modality,
            start=_d(day), end=_d(day), planned=(_d(day), _d(day)),
            co=["HN-UFO", "HCM-UFO"], provinces=[(_HANOI, 100.0)],
            areas=[("external_communication", 50), ("economic_cooperation", 50)],
            sdgs=[17], people=_people(total, domestic=total, women=total * 2 // 5),
            cost=_money(cost * 1_000_000, "VND"),
        )
        for year, day, modality, total, cost in rows
    ]  # fmt: skip


def _hanoi_courses() -> list[Activity]:
    """The Hanoi union's yearly training course for its member associations (invented)."""
    rows: tuple[tuple[int, str, str, str, int, int, int, tuple[str, str] | None], ...] = (
        (
            2021,
            "2021-10-12",
            "online",
            "Online training on external communication for Hanoi's member associations",
            60,
            34,
            55,
            None,
        ),
        (
            2022,
            "2022-06-14",
            "hybrid",
            "Training on working with foreign NGOs for Hanoi's member associations",
            48,
            25,
            45,
            ("P-JP-001", "co_organising"),
        ),
        (
            2023,
            "2023-05-23",
            "in_person",
            "Workshop on digital tools for Hanoi's friendship associations",
            52,
            30,
            50,
            ("P-SG-001", "co_organising"),
        ),
        (
            2024,
            "2024-08-20",
            "in_person",
            "Training on project proposal writing for Hanoi's member associations",
            40,
            21,
            38,
            ("P-KR-001", "implementing"),
        ),
        (
            2025,
            "2025-11-04",
            "hybrid",
            "Training on Directive No. 45-CT/TU and people-to-people diplomacy skills",
            90,
            52,
            86,
            None,
        ),
    )
    return [
        _activity(
            f"A-{year}-HN-COURSE", title, "HN-UFO", "training_workshop", "closed",
            modality=modality, start=_d(day), end=_d(day) + timedelta(days=1),
            co=["HN-VN-JP", "HN-VN-LA"] if year >= 2024 else [],
            partners=[partner] if partner else [],
            countries=[(partner[0][2:4], 100.0)] if partner else [],
            provinces=[(_HANOI, 100.0)],
            areas=[("human_resources", 70), ("external_communication", 30)], sdgs=[4, 16],
            people=_people(total, domestic=total, women=women, youth=total // 3),
            cost=_money((20 + total // 2) * 1_000_000, "VND"),
            outputs={"trainees_trained": trained},
            follow_up_of="A-2025-HN-DIR45" if year == 2025 else None,
        )
        for year, day, modality, title, total, women, trained, partner in rows
    ]  # fmt: skip


def _showcase_2021_2023() -> list[Activity]:
    """Invented notable activities of 2021-2023 (evaluated or linked by the work plans)."""
    return [
        _activity(
            "A-2021-UXO-QT", "Mine-risk education and support for UXO survivors in Quảng Trị",
            "VUFO", "development_project", "closed",
            planned=(_d("2021-04-01"), _d("2024-03-31")),
            start=_d("2021-04-01"), end=_d("2024-03-31"),
            partners=[("P-US-001", "funding"), ("P-US-002", "implementing")],
            countries=[("US", 100)], provinces=[("Quảng Trị", 100)],
            areas=[("war_consequences", 80), ("vulnerable_groups", 20)], sdgs=[3, 10, 16],
            cost=_money(240_000_000, "VND"),
            flows=[
                _flow("P-US-001", "pledged", 450_000, "USD", _d("2021-02-10")),
                _flow("P-US-001", "committed", 450_000, "USD", _d("2021-03-15")),
                _flow("P-US-001", "disbursed", 150_000, "USD", _d("2021-05-04")),
                _flow("P-US-001", "disbursed", 150_000, "USD", _d("2022-04-12")),
                _flow("P-US-001", "disbursed", 120_000, "USD", _d("2023-05-09")),
            ],
            outputs={"beneficiaries_reached": 9_800, "trainees_trained": 260},
        ),
        _activity(
            "A-2021-COVID-HCM", "Medical supplies for COVID-19 treatment in Ho Chi Minh City",
            "HCM-UFO", "humanitarian_aid", "closed",
            start=_d("2021-08-09"), end=_d("2021-09-30"),
            partners=[("P-KR-004", "funding"), ("P-JP-002", "funding")],
            countries=[("KR", 60), ("JP", 40)], provinces=[(_HCMC, 100)],
            areas=[("disasters_epidemics", 70), ("community_health", 30)], sdgs=[3],
            flows=[
                _flow("P-KR-004", "disbursed", 1_150_000_000, "VND", _d("2021-08-12"),
                      in_kind=True, description="oxygen concentrators and protective gear"),
                _flow("P-JP-002", "pledged", 4_000_000, "JPY", _d("2021-08-10")),
                _flow("P-JP-002", "disbursed", 4_000_000, "JPY", _d("2021-08-27")),
            ],
            outputs={"beneficiaries_reached": 12_000},
        ),
        _activity(
            "A-2021-COVID-MEDIA",
            "Online campaign 'Friends of Viet Nam stand together against COVID-19'",
            "VUFO", "communication_media", "closed", modality="online",
            start=_d("2021-05-15"), end=_d("2021-09-30"),
            partners=[("P-INT-002", "co_organising"), ("P-JP-005", "participating")],
            countries=[("JP", 100)],
            areas=[("external_communication", 70), ("disasters_epidemics", 30)], sdgs=[3, 17],
            cost=_money(60_000_000, "VND"), outputs={"media_items": 48},
        ),
        _activity(
            "A-2021-DEL-CU", "Delegation of the Viet Nam - Cuba Friendship Association to Cuba",
            "VN-CU", "delegation_outbound", "cancelled",
            planned=(_d("2021-06-10"), _d("2021-06-17")),
            partners=[("P-CU-001", "co_organising")], countries=[("CU", 100)],
            notes="Cancelled because of the COVID-19 pandemic.",
        ),
        _activity(
            "A-2022-WATER-DB", "Clean water and school sanitation in border communes of Điện Biên",
            "VN-KR", "development_project", "closed",
            planned=(_d("2022-03-01"), _d("2023-12-31")),
            start=_d("2022-03-15"), end=_d("2023-12-20"),
            partners=[("P-KR-002", "funding"), ("P-KR-001", "implementing")],
            countries=[("KR", 100)], provinces=[("Điện Biên", 100)],
            areas=[("community_health", 60), ("vulnerable_groups", 40)], sdgs=[3, 4, 6],
            cost=_money(180_000_000, "VND"),
            flows=[
                _flow("P-KR-002", "pledged", 350_000_000, "KRW", _d("2022-01-20")),
                _flow("P-KR-002", "committed", 350_000_000, "KRW", _d("2022-02-28")),
                _flow("P-KR-002", "disbursed", 150_000_000, "KRW", _d("2022-04-05")),
                _flow("P-KR-002", "disbursed", 120_000_000, "KRW", _d("2022-11-10")),
                _flow("P-KR-002", "disbursed", 80_000_000, "KRW", _d("2023-06-15")),
            ],
            outputs={"beneficiaries_reached": 4_200},
        ),
        _activity(
            "A-2023-HN-CLB-FR", "Founding of the Hanoi Viet Nam - France Friendship Club",
            "HN-UFO", "branch_founding", "closed",
            start=_d("2023-03-20"), end=_d("2023-03-20"),
            partners=[("P-FR-001", "participating")], countries=[("FR", 100)],
            provinces=[(_HANOI, 100)], areas=[("culture_education", 100)], sdgs=[17],
            people=_people(85, foreign=12, domestic=73, women=41),
            cost=_money(25_000_000, "VND"), outputs={"branches_founded": 1},
        ),
        _activity(
            "A-2023-TRAIN-LOCAL",
            "Training course on people-to-people diplomacy skills for local union officials",
            "VUFO", "training_workshop", "closed", modality="hybrid",
            planned=(_d("2023-07-18"), _d("2023-07-20")),
            start=_d("2023-07-18"), end=_d("2023-07-20"),
            co=["HN-UFO", "HCM-UFO", "DN-UFO"], provinces=[(_HANOI, 100)],
            areas=[("human_resources", 70), ("external_communication", 30)], sdgs=[4, 16],
            people=_people(140, domestic=140, women=72, youth=48),
            cost=_money(210_000_000, "VND"), outputs={"trainees_trained": 132},
        ),
        _activity(
            "A-2023-SCHOL-KR", "Hanbit scholarships for students from ethnic minority families",
            "VN-KR", "scholarship", "closed",
            planned=(_d("2023-09-01"), _d("2025-06-30")),
            start=_d("2023-09-05"), end=_d("2025-06-30"),
            co=["HCYU"], partners=[("P-KR-002", "funding")], countries=[("KR", 100)],
            provinces=[("Lào Cai", 50), ("Điện Biên", 50)],
            areas=[("human_resources", 60), ("vulnerable_groups", 40)], sdgs=[4, 10],
            people=_people(80, domestic=80, women=47, youth=80),
            cost=_money(30_000_000, "VND"),
            flows=[
                _flow("P-KR-002", "committed", 120_000_000, "KRW", _d("2023-07-14")),
                _flow("P-KR-002", "disbursed", 60_000_000, "KRW", _d("2023-09-05")),
                _flow("P-KR-002", "disbursed", 60_000_000, "KRW", _d("2024-09-06")),
            ],
            outputs={"scholarships_awarded": 80},
        ),
    ]  # fmt: skip


def _showcase_2024_2025() -> list[Activity]:
    """Invented notable activities of 2024-2025."""
    return [
        _activity(
            "A-2024-DEL-CU", "Delegation of the Viet Nam - Cuba Friendship Association to Cuba",
            "VN-CU", "delegation_outbound", "closed",
            planned=(_d("2024-05-20"), _d("2024-05-27")),
            start=_d("2024-05-20"), end=_d("2024-05-27"),
            partners=[("P-CU-001", "co_organising")], countries=[("CU", 100)],
            areas=[("external_communication", 100)], sdgs=[17],
            people=_people(9, domestic=9, women=3), cost=_money(18_500, "USD"),
        ),
        _activity(
            "A-2024-YAGI", "Relief for households affected by Typhoon Yagi",
            "VUFO", "humanitarian_aid", "closed",
            start=_d("2024-09-12"), end=_d("2024-10-20"),
            co=["HCYU"],
            partners=[("P-JP-001", "funding"), ("P-INT-001", "funding"),
                      ("P-SG-002", "funding")],
            countries=[("JP", 60), ("SG", 40)],
            provinces=[("Lào Cai", 60), ("Cao Bằng", 40)],
            areas=[("disasters_epidemics", 80), ("vulnerable_groups", 20)], sdgs=[1, 11, 13],
            cost=_money(60_000_000, "VND"),
            flows=[
                _flow("P-JP-001", "committed", 9_000_000, "JPY", _d("2024-09-13")),
                _flow("P-JP-001", "disbursed", 9_000_000, "JPY", _d("2024-09-20")),
                _flow("P-INT-001", "disbursed", 42_000, "USD", _d("2024-09-18"), in_kind=True,
                      description="water purification tablets and hygiene kits"),
                _flow("P-SG-002", "pledged", 50_000, "USD", _d("2024-09-16")),
            ],
            outputs={"beneficiaries_reached": 15_500},
            notes="The pledge of P-SG-002 was never disbursed.",
        ),
        _activity(
            "A-2025-PARTNER-DB", "Design of a shared partner database for the VUFO system",
            "VUFO", "research_policy", "closed", modality="hybrid",
            planned=(_d("2025-04-01"), _d("2025-08-31")),
            start=_d("2025-04-15"), end=_d("2025-08-29"),
            co=["HN-UFO", "HCM-UFO", "VN-JP"], partners=[("P-SG-001", "funding")],
            countries=[("SG", 100)], provinces=[(_HANOI, 100)],
            areas=[("digital_transformation", 70), ("external_communication", 30)],
            sdgs=[9, 16, 17], people=_people(64, foreign=4, domestic=60, women=35, youth=22),
            cost=_money(320_000_000, "VND"),
            flows=[
                _flow("P-SG-001", "pledged", 40_000, "SGD", _d("2025-02-20")),
                _flow("P-SG-001", "committed", 40_000, "SGD", _d("2025-03-28")),
                _flow("P-SG-001", "disbursed", 25_000, "SGD", _d("2025-05-06")),
            ],
            outputs={"policy_recommendations": 12, "publications": 1},
        ),
        _activity(
            "A-2025-FI-YOUTH", "Viet Nam - Finland youth creativity exchange",
            "VN-FI", "youth_exchange", "closed",
            planned=(_d("2025-09-22"), _d("2025-09-26")),
            start=_d("2025-09-22"), end=_d("2025-09-26"),
            co=["HCYU"],
            partners=[("P-FI-001", "co_organising"), ("P-FI-002", "implementing"),
                      ("P-FI-003", "funding")],
            countries=[("FI", 100)], provinces=[(_HANOI, 100)],
            areas=[("culture_education", 60), ("science_innovation", 40)], sdgs=[4, 9, 17],
            people=_people(90, foreign=30, domestic=60, women=50, youth=84),
            cost=_money(140_000_000, "VND"),
            flows=[
                _flow("P-FI-003", "committed", 18_000, "EUR", _d("2025-07-01")),
                _flow("P-FI-003", "disbursed", 18_000, "EUR", _d("2025-08-15")),
            ],
            outputs={"media_items": 24, "agreements_signed": 1},
        ),
        _activity(
            "A-2025-HN-ACTION",
            "Drafting the Hanoi union's action programme for Directive No. 45-CT/TU",
            "HN-UFO", "research_policy", "closed",
            start=_d("2025-10-20"), end=_d("2025-12-15"),
            co=["HN-VN-JP", "HN-VN-LA", "HN-CLB-FR"], provinces=[(_HANOI, 100)],
            areas=[("external_communication", 50), ("economic_cooperation", 50)], sdgs=[16, 17],
            people=_people(35, domestic=35, women=18), cost=_money(45_000_000, "VND"),
            outputs={"policy_recommendations": 4, "publications": 1},
            follow_up_of="A-2025-HN-DIR45",
        ),
        _activity(
            "A-2025-VUFO-75",
            "Celebration of the 75th traditional day of VUFO (17 November 1950 - 2025)",
            "VUFO", "anniversary", "closed",
            start=_d("2025-11-17"), end=_d("2025-11-17"),
            co=["HN-UFO", "HCM-UFO", "VN-KH", "VN-LA"],
            partners=[("P-KH-001", "participating"), ("P-LA-001", "participating"),
                      ("P-JP-005", "participating")],
            countries=[("KH", 40), ("LA", 40), ("JP", 20)], provinces=[(_HANOI, 100)],
            areas=[("external_communication", 60), ("culture_education", 40)], sdgs=[17],
            people=_people(600, foreign=60, domestic=540, women=250),
            cost=_money(850_000_000, "VND"),
        ),
        _activity(
            "A-2025-PL-RELIEF", "Relief goods for storm-affected households in Đắk Lắk",
            "VUFO", "humanitarian_aid", "closed",
            start=_d("2025-12-12"), end=_d("2025-12-19"),
            partners=[("P-PL-001", "funding")], countries=[("PL", 100)],
            provinces=[("Đắk Lắk", 100)],
            areas=[("disasters_epidemics", 100)], sdgs=[1, 11],
            flows=[
                _flow("P-PL-001", "disbursed", 35_000, "USD", _d("2025-12-12"), in_kind=True,
                      description="blankets, tents, buckets and basins"),
            ],
            outputs={"beneficiaries_reached": 1_200},
        ),
    ]  # fmt: skip


def _activities_2026() -> list[Activity]:
    """Invented 2026 activities: carried out by 22 November 2026, or still planned."""
    hanoi = [(_HANOI, 100.0)]
    return [
        _activity(
            "A-2026-DB-TRAIN", "Training local unions to use the shared partner database",
            "VUFO", "training_workshop", "closed", modality="hybrid",
            planned=(_d("2026-03-17"), _d("2026-03-19")),
            start=_d("2026-03-17"), end=_d("2026-03-19"),
            co=["HN-UFO", "HCM-UFO", "DN-UFO-2025"], provinces=hanoi,
            areas=[("digital_transformation", 60), ("human_resources", 40)], sdgs=[4, 9, 17],
            people=_people(186, domestic=186, women=101, youth=77),
            cost=_money(190_000_000, "VND"), outputs={"trainees_trained": 180},
            follow_up_of="A-2025-PARTNER-DB",
        ),
        _activity(
            "A-2026-STRATEGY",
            "Consultations on the people-to-people diplomacy strategy 2026-2030, vision 2045",
            "VUFO", "research_policy", "closed",
            planned=(_d("2026-04-01"), _d("2026-09-30")),
            start=_d("2026-04-10"), end=_d("2026-09-30"), co=["MOFA"], provinces=hanoi,
            areas=[("external_communication", 50), ("economic_cooperation", 25),
                   ("science_innovation", 25)], sdgs=[16, 17],
            people=_people(120, domestic=120, women=48), cost=_money(260_000_000, "VND"),
            outputs={"policy_recommendations": 18, "publications": 1},
            follow_up_of="A-2026-VUFO-P14",
        ),
        _activity(
            "A-2026-LA-YOUTH", "Viet Nam - Laos youth friendship camp",
            "VN-LA", "youth_exchange", "closed",
            planned=(_d("2026-05-18"), _d("2026-05-22")),
            start=_d("2026-05-18"), end=_d("2026-05-22"), co=["HCYU"],
            partners=[("P-LA-001", "co_organising")], countries=[("LA", 100)],
            provinces=[("Nghệ An", 100)], areas=[("culture_education", 100)], sdgs=[4, 17],
            people=_people(160, foreign=70, domestic=90, women=84, youth=150),
            cost=_money(230_000_000, "VND"), outputs={"media_items": 15},
        ),
        _activity(
            "A-2026-JP-DEL", "Delegation of the Viet Nam - Japan Friendship Association to Japan",
            "VN-JP", "delegation_outbound", "closed",
            planned=(_d("2026-07-06"), _d("2026-07-11")),
            start=_d("2026-07-06"), end=_d("2026-07-11"),
            partners=[("P-JP-004", "co_organising"), ("P-JP-001", "co_organising")],
            countries=[("JP", 100)], areas=[("economic_cooperation", 100)], sdgs=[8, 17],
            people=_people(8, domestic=8, women=3), cost=_money(21_000, "USD"),
            outputs={"agreements_signed": 2},
            notes="The partner announced vocational scholarships; no pledge recorded yet.",
        ),
        _activity(
            "A-2026-HN-PEACE", "'Hanoi - City for Peace' friendship festival",
            "HN-UFO", "cultural_exchange", "closed",
            start=_d("2026-09-26"), end=_d("2026-09-27"), co=["HN-VN-JP", "HN-VN-LA"],
            partners=[("P-LA-002", "participating"), ("P-JP-001", "participating"),
                      ("P-FR-001", "participating")],
            countries=[("LA", 40), ("JP", 40), ("FR", 20)], provinces=hanoi,
            areas=[("culture_education", 60), ("external_communication", 40)],
            sdgs=[11, 16, 17], people=_people(3_500, foreign=420, domestic=3_080, youth=1_900),
            cost=_money(480_000_000, "VND"), outputs={"media_items": 40},
            follow_up_of="A-2025-HN-DIR45",
        ),
        _activity(
            "A-2026-HN-CLUB-KR", "Founding of the Hanoi Viet Nam - Korea Friendship Club",
            "HN-UFO", "branch_founding", "closed",
            start=_d("2026-10-15"), end=_d("2026-10-15"),
            partners=[("P-KR-004", "participating")], countries=[("KR", 100)],
            provinces=hanoi, areas=[("culture_education", 100)], sdgs=[17],
            people=_people(70, foreign=9, domestic=61, women=38),
            cost=_money(20_000_000, "VND"), outputs={"branches_founded": 1},
            follow_up_of="A-2025-HN-ACTION",
        ),
        _activity(
            "A-2026-MEDIA", "Multimedia series 'Friends of Viet Nam' in 14 languages",
            "VUFO", "communication_media", "implementation", modality="online",
            planned=(_d("2026-10-01"), _d("2026-12-31")), start=_d("2026-10-01"),
            partners=[("P-VE-002", "co_organising")], countries=[("VE", 100)],
            areas=[("external_communication", 100)], sdgs=[16, 17],
            cost=_money(150_000_000, "VND"), outputs={"media_items": 22},
        ),
        # Planned for December 2026: planned dates only.
        _activity(
            "A-2026-P-KH-FORUM", "Viet Nam - Cambodia people's friendship forum",
            "VN-KH", "conference_forum", "pipeline",
            planned=(_d("2026-12-04"), _d("2026-12-05")),
            partners=[("P-KH-001", "co_organising")], countries=[("KH", 100)],
            provinces=[("An Giang", 100)],
            areas=[("economic_cooperation", 50), ("external_communication", 50)], sdgs=[17],
        ),
        _activity(
            "A-2026-P-MX", "Exploratory online meeting with Fundación Puentes del Pacífico",
            "VUFO", "conference_forum", "pipeline", modality="online",
            planned=(_d("2026-12-09"), _d("2026-12-09")),
            partners=[("P-MX-001", "participating")], countries=[("MX", 100)],
            areas=[("economic_cooperation", 100)],
        ),
        _activity(
            "A-2026-P-GREEN", "Rooftop solar power for schools in Đà Nẵng",
            "DN-UFO-2025", "development_project", "pipeline",
            planned=(_d("2026-12-10"), _d("2028-06-30")),
            partners=[("P-DE-002", "funding"), ("P-DE-003", "implementing")],
            countries=[("DE", 100)], provinces=[(_DA_NANG, 100)],
            areas=[("green_growth", 70), ("climate_change", 30)], sdgs=[4, 7, 13],
            flows=[
                _flow("P-DE-002", "pledged", 240_000, "EUR", _d("2025-11-25")),
                _flow("P-DE-002", "committed", 240_000, "EUR", _d("2025-12-19")),
            ],
        ),
        _activity(
            "A-2026-P-SCHOL", "Hanbit scholarships 2026-2027",
            "VN-KR", "scholarship", "pipeline",
            planned=(_d("2026-12-15"), _d("2027-06-30")), co=["HCYU"],
            partners=[("P-KR-002", "funding")], countries=[("KR", 100)],
            areas=[("human_resources", 100)], sdgs=[4],
            flows=[_flow("P-KR-002", "pledged", 200_000_000, "KRW", _d("2025-06-30"))],
            follow_up_of="A-2023-SCHOL-KR",
        ),
        _activity(
            "A-2026-P-VE", "Friendship gathering marking Viet Nam - Venezuela relations",
            "VN-VE", "anniversary", "pipeline",
            planned=(_d("2026-12-18"), _d("2026-12-18")),
            partners=[("P-VE-001", "participating")], countries=[("VE", 100)],
            provinces=hanoi, areas=[("external_communication", 100)],
        ),
        _activity(
            "A-2026-P-HN-REVIEW", "Hanoi union conference reviewing 2026",
            "HN-UFO", "conference_forum", "pipeline",
            planned=(_d("2026-12-22"), _d("2026-12-22")), provinces=hanoi,
            areas=[("external_communication", 100)],
        ),
    ]  # fmt: skip


# -- the invented bulk ------------------------------------------------------------------------

Theme = tuple[str, tuple[tuple[str, int], ...], tuple[int, ...]]
"""A title template with its priority-area split and SDGs."""


@dataclass(frozen=True, slots=True)
class _Profile:
    """How the generator draws activities of one kind.

    Attributes:
        days: Range of the duration in days (end minus start).
        people: Range of participants, or ``None`` when not counted.
        foreign: Range of the foreign share of participants.
        youth: Range of the youth share of participants.
        partners: Range of the number of partners.
        cost_vnd: Range of the own cost in millions of VND.
        funded: Chance that a partner funds it (and resource flows are recorded).
        usd: Range of the funding in USD (converted to the partner's currency).
        outputs: ``(output code, chance, low, high)`` per possible output.
        themes: Title templates with their priority areas and SDGs.
    """

    days: tuple[int, int]
    people: tuple[int, int] | None
    foreign: tuple[float, float]
    youth: tuple[float, float]
    partners: tuple[int, int]
    cost_vnd: tuple[int, int]
    funded: float
    usd: tuple[int, int]
    outputs: tuple[tuple[str, float, int, int], ...]
    themes: tuple[Theme, ...]


_PROFILES: dict[ActivityKind, _Profile] = {
    ActivityKind.CONFERENCE_FORUM: _Profile(
        (0, 1), (60, 300), (0.05, 0.35), (0.1, 0.3), (0, 2), (30, 400), 0.12, (5_000, 80_000),
        (("agreements_signed", 0.25, 1, 3), ("media_items", 0.3, 3, 15)),
        (
            ("Friendship forum with partners from {country}",
             (("external_communication", 50), ("culture_education", 50)), (16, 17)),
            ("Seminar on economic cooperation through people's channels with {country}",
             (("economic_cooperation", 70), ("external_communication", 30)), (8, 17)),
            ("Dialogue with foreign NGOs on climate change response",
             (("climate_change", 60), ("non_traditional_security", 40)), (13, 17)),
            ("Forum on people-to-people diplomacy and local development",
             (("economic_cooperation", 60), ("external_communication", 40)), (8, 17)),
            ("Seminar on the image of Viet Nam in foreign media",
             (("external_communication", 100),), (16,)),
            ("Meeting of member associations on cooperation with foreign partners",
             (("economic_cooperation", 50), ("human_resources", 50)), (17,)),
            ("Round table on science and innovation partnerships with {country}",
             (("science_innovation", 80), ("economic_cooperation", 20)), (9, 17)),
        ),
    ),
    ActivityKind.DELEGATION_OUTBOUND: _Profile(
        (3, 8), (5, 14), (0.0, 0.0), (0.0, 0.2), (1, 2), (0, 0), 0.1, (10_000, 60_000),
        (("agreements_signed", 0.35, 1, 2),),
        (
            ("Delegation of the {lead} to {country}",
             (("external_communication", 50), ("culture_education", 50)), (17,)),
            ("Working visit to partners in {country} on resource mobilisation",
             (("economic_cooperation", 100),), (8, 17)),
            ("Study visit to {country} on green growth models",
             (("green_growth", 70), ("economic_cooperation", 30)), (7, 13, 17)),
        ),
    ),
    ActivityKind.DELEGATION_INBOUND: _Profile(
        (2, 6), (8, 30), (0.6, 0.9), (0.0, 0.3), (1, 1), (15, 120), 0.3, (10_000, 150_000),
        (("agreements_signed", 0.25, 1, 2),),
        (
            ("Reception of a delegation of {partner}",
             (("external_communication", 60), ("culture_education", 40)), (17,)),
            ("Visit of {partner} to discuss project cooperation",
             (("economic_cooperation", 100),), (17,)),
            ("Reception of young friends from {country}", (("culture_education", 100),), (4, 17)),
        ),
    ),
    ActivityKind.CULTURAL_EXCHANGE: _Profile(
        (0, 2), (150, 1_500), (0.05, 0.25), (0.2, 0.6), (1, 3), (40, 600), 0.25,
        (2_000, 25_000), (("media_items", 0.5, 4, 30),),
        (
            ("Culture days of {country} in {province}",
             (("culture_education", 70), ("external_communication", 30)), (4, 11, 17)),
            ("Evening of music and friendship with {partner}",
             (("culture_education", 100),), (17,)),
            ("Photo exhibition on the friendship between Viet Nam and {country}",
             (("external_communication", 60), ("culture_education", 40)), (16, 17)),
            ("Cuisine and handicraft exchange with friends from {country}",
             (("culture_education", 100),), (8, 17)),
        ),
    ),
    ActivityKind.HUMANITARIAN_AID: _Profile(
        (0, 40), None, (0.0, 0.0), (0.0, 0.0), (1, 2), (10, 150), 1.0, (5_000, 120_000),
        (("beneficiaries_reached", 0.9, 200, 8_000),),
        (
            ("Relief for flood-affected households in {province}",
             (("disasters_epidemics", 80), ("vulnerable_groups", 20)), (1, 11, 13)),
            ("Medical supplies from {partner} for {province}",
             (("community_health", 70), ("disasters_epidemics", 30)), (3,)),
            ("Winter clothing and school kits for children in {province}",
             (("vulnerable_groups", 100),), (1, 4)),
            ("Assistance for Agent Orange victims in {province}",
             (("war_consequences", 60), ("vulnerable_groups", 40)), (1, 3, 10)),
        ),
    ),
    ActivityKind.DEVELOPMENT_PROJECT: _Profile(
        (240, 900), None, (0.0, 0.0), (0.0, 0.0), (1, 2), (50, 400), 1.0, (40_000, 400_000),
        (("beneficiaries_reached", 0.85, 500, 12_000), ("trainees_trained", 0.3, 30, 300)),
        (
            ("Clean water for schools in {province}",
             (("community_health", 60), ("environment", 40)), (3, 4, 6)),
            ("Mangrove restoration and coastal resilience in {province}",
             (("climate_change", 60), ("environment", 40)), (13, 14, 15)),
            ("Community-based disaster preparedness in {province}",
             (("disasters_epidemics", 70), ("climate_change", 30)), (11, 13)),
            ("Inclusive livelihoods for people with disabilities in {province}",
             (("vulnerable_groups", 70), ("economic_cooperation", 30)), (1, 8, 10)),
            ("Solar power for commune health stations in {province}",
             (("green_growth", 60), ("community_health", 40)), (3, 7)),
            ("Mine-risk education and survivor support in {province}",
             (("war_consequences", 100),), (3, 16)),
        ),
    ),
    ActivityKind.TRAINING_WORKSHOP: _Profile(
        (0, 4), (25, 120), (0.0, 0.1), (0.2, 0.6), (0, 1), (20, 250), 0.4, (3_000, 30_000),
        (("trainees_trained", 0.8, 20, 120),),
        (
            ("Training course on working with foreign NGOs",
             (("human_resources", 70), ("economic_cooperation", 30)), (4, 17)),
            ("Workshop on digital tools for friendship associations",
             (("digital_transformation", 70), ("human_resources", 30)), (4, 9)),
            ("Training on external communication and the national image",
             (("external_communication", 60), ("human_resources", 40)), (4, 16)),
            ("Workshop on project proposal writing for resource mobilisation",
             (("economic_cooperation", 60), ("human_resources", 40)), (4, 17)),
            ("Training on community disaster risk management with {partner}",
             (("disasters_epidemics", 60), ("human_resources", 40)), (4, 11, 13)),
        ),
    ),
    ActivityKind.COMMUNICATION_MEDIA: _Profile(
        (7, 90), None, (0.0, 0.0), (0.0, 0.0), (0, 1), (15, 200), 0.1, (2_000, 15_000),
        (("media_items", 0.9, 5, 60), ("publications", 0.2, 1, 2)),
        (
            ("Media series on the friendship between Viet Nam and {country}",
             (("external_communication", 100),), (16, 17)),
            ("Online photo contest on friendship with {country}",
             (("external_communication", 70), ("culture_education", 30)), (17,)),
            ("Bilingual booklet introducing Viet Nam to friends in {country}",
             (("external_communication", 100),), (16,)),
            ("Social media campaign on green living with international volunteers",
             (("environment", 50), ("external_communication", 50)), (12, 13)),
        ),
    ),
    ActivityKind.RESEARCH_POLICY: _Profile(
        (30, 240), (10, 60), (0.0, 0.2), (0.1, 0.3), (0, 1), (30, 300), 0.3, (5_000, 50_000),
        (("publications", 0.6, 1, 3), ("policy_recommendations", 0.6, 2, 10)),
        (
            ("Study on trends in cooperation with foreign NGOs",
             (("economic_cooperation", 50), ("external_communication", 50)), (17,)),
            ("Research on people-to-people relations with {country}",
             (("external_communication", 100),), (16, 17)),
            ("Policy brief on non-traditional security cooperation in the Mekong",
             (("non_traditional_security", 100),), (16,)),
            ("Survey of member organisations' capacity and resources",
             (("human_resources", 60), ("digital_transformation", 40)), (16, 17)),
            ("Study on science and innovation links through friendship networks",
             (("science_innovation", 100),), (9, 17)),
        ),
    ),
    ActivityKind.ANNIVERSARY: _Profile(
        (0, 0), (100, 500), (0.05, 0.2), (0.1, 0.3), (1, 2), (50, 800), 0.0, (0, 0),
        (("media_items", 0.25, 2, 10),),
        (
            ("Friendship gathering marking diplomatic relations with {country}",
             (("external_communication", 50), ("culture_education", 50)), (17,)),
            ("Commemoration of international friends who supported Viet Nam",
             (("external_communication", 100),), (16,)),
            ("Anniversary meeting of the {lead}", (("culture_education", 100),), (17,)),
        ),
    ),
    ActivityKind.BRANCH_FOUNDING: _Profile(
        (0, 0), (30, 120), (0.0, 0.15), (0.1, 0.5), (0, 1), (5, 40), 0.0, (0, 0),
        (("branches_founded", 1.0, 1, 1),),
        (
            ("Founding of a club of friends of {country} in {province}",
             (("culture_education", 100),), (17,)),
            ("Launch of a new branch of the {lead} in {province}",
             (("culture_education", 60), ("external_communication", 40)), (17,)),
        ),
    ),
    ActivityKind.YOUTH_EXCHANGE: _Profile(
        (2, 9), (20, 150), (0.2, 0.5), (0.8, 1.0), (1, 2), (30, 300), 0.3, (5_000, 40_000),
        (("media_items", 0.35, 3, 20), ("agreements_signed", 0.1, 1, 1)),
        (
            ("Youth exchange with {country}",
             (("culture_education", 70), ("human_resources", 30)), (4, 17)),
            ("Summer camp for students from Viet Nam and {country}",
             (("culture_education", 100),), (4,)),
            ("Young volunteers' green action with {partner}",
             (("environment", 60), ("culture_education", 40)), (13, 15, 17)),
            ("Youth start-up exchange with {country}",
             (("science_innovation", 60), ("economic_cooperation", 40)), (8, 9)),
        ),
    ),
    ActivityKind.SCHOLARSHIP: _Profile(
        (0, 0), (10, 60), (0.0, 0.0), (1.0, 1.0), (1, 1), (0, 50), 1.0, (10_000, 80_000),
        (("scholarships_awarded", 1.0, 10, 60),),
        (
            ("Scholarships from {partner} for students in {province}",
             (("human_resources", 60), ("vulnerable_groups", 40)), (4, 10)),
            ("Study-abroad scholarships with {partner}",
             (("human_resources", 100),), (4,)),
        ),
    ),
}  # fmt: skip
"""Generation profile of every activity kind."""

_KIND_WEIGHTS: dict[ActivityKind, int] = {
    ActivityKind.CONFERENCE_FORUM: 12,
    ActivityKind.DELEGATION_OUTBOUND: 8,
    ActivityKind.DELEGATION_INBOUND: 14,
    ActivityKind.CULTURAL_EXCHANGE: 12,
    ActivityKind.HUMANITARIAN_AID: 7,
    ActivityKind.DEVELOPMENT_PROJECT: 6,
    ActivityKind.TRAINING_WORKSHOP: 9,
    ActivityKind.COMMUNICATION_MEDIA: 6,
    ActivityKind.RESEARCH_POLICY: 3,
    ActivityKind.ANNIVERSARY: 8,
    ActivityKind.BRANCH_FOUNDING: 3,
    ActivityKind.YOUTH_EXCHANGE: 5,
    ActivityKind.SCHOLARSHIP: 2,
}
"""How often each kind is drawn."""

_LEADS: tuple[tuple[str, int, str], ...] = (
    ("VUFO", 30, ""),
    ("HN-UFO", 22, ""),
    ("HCM-UFO", 14, ""),
    ("VN-JP", 8, ""),
    ("VN-KH", 6, ""),
    ("VN-LA", 6, ""),
    ("VN-KR", 6, ""),
    ("VN-CN", 4, ""),
    ("VN-FI", 2, ""),
    ("VN-VE", 2, "conference_forum delegation_inbound cultural_exchange communication_media"),
    ("VN-CU", 2, "conference_forum delegation_inbound cultural_exchange anniversary"),
    ("VN-AF", 1, "conference_forum delegation_inbound anniversary humanitarian_aid"),
    ("DN-UFO", 3, ""),
    ("QNAM-UFO", 1, "delegation_inbound cultural_exchange humanitarian_aid"),
    ("DN-UFO-2025", 4, ""),
    ("HN-VN-JP", 2, "cultural_exchange youth_exchange delegation_inbound branch_founding"),
    ("HN-VN-LA", 1, "cultural_exchange youth_exchange delegation_inbound"),
    ("HN-CLB-FR", 1, "cultural_exchange delegation_inbound communication_media"),
    ("HCYU", 4, "youth_exchange training_workshop cultural_exchange humanitarian_aid"),
    ("VFF", 1, "conference_forum research_policy humanitarian_aid"),
)
"""Lead organisations of the invented bulk: id, weight (deliberately uneven), allowed kinds."""

_PER_YEAR = {2021: 24, 2022: 28, 2023: 30, 2024: 32, 2025: 34}
"""Number of invented activities per year."""

_MONTH_WEIGHTS = (8, 4, 8, 7, 9, 8, 6, 7, 10, 9, 12, 11)
"""Seasonality: quiet around Tet (February), peaks in September and November–December."""

_MODALITY_WEIGHTS = {
    2021: (20, 55, 25),
    2022: (55, 20, 25),
    2023: (75, 8, 17),
    2024: (78, 7, 15),
    2025: (75, 8, 17),
}
"""Weights of in person, online and hybrid per year (mostly online during the pandemic)."""

_EVIDENCE_BOOST = {2021: 0.7, 2022: 0.8, 2023: 0.9, 2024: 1.0, 2025: 1.4}
"""Multiplier of output chances: fewer ceremonial activities over time."""

_FOLLOW_UP = {2021: 0.06, 2022: 0.1, 2023: 0.14, 2024: 0.18, 2025: 0.35}
"""Chance that an activity follows up an earlier one."""

_PROVINCES_CENTRAL = (
    (_HANOI, 10), (_HCMC, 3), ("Hải Phòng", 1), ("Nghệ An", 1), ("Quảng Trị", 1),
    ("Cần Thơ", 1), ("Lào Cai", 1), (_DA_NANG, 1),
)  # fmt: skip
"""Where central bodies hold activities."""

_PROVINCES_FIELD = (
    ("Quảng Trị", 3), ("Điện Biên", 2), ("Lào Cai", 2), ("Nghệ An", 2), ("An Giang", 2),
    ("Cần Thơ", 2), ("Cao Bằng", 1), ("Hà Tĩnh", 1), ("Sơn La", 1),
)  # fmt: skip
"""Where aid and projects of central bodies take place."""

_TRAVEL = frozenset({ActivityKind.DELEGATION_OUTBOUND, ActivityKind.DELEGATION_INBOUND})
"""Kinds that need international travel (rare in 2021; outbound ones were cancelled)."""

_IN_PERSON_ONLY = frozenset(
    {
        ActivityKind.DELEGATION_OUTBOUND,
        ActivityKind.DELEGATION_INBOUND,
        ActivityKind.HUMANITARIAN_AID,
        ActivityKind.DEVELOPMENT_PROJECT,
        ActivityKind.SCHOLARSHIP,
        ActivityKind.BRANCH_FOUNDING,
    }
)
"""Kinds that only happen in person."""


T = TypeVar("T")


def _weighted(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    """Draw one item of ``(item, weight)`` pairs."""
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


@dataclass(slots=True)
class _Bulk:
    """State of the generator of invented activities.

    Attributes:
        rng: The seeded random generator.
        orgs: Organisations by id.
        partners: Partner rows by id.
        done: Activities generated so far (and the hand-written ones), for follow-ups.
    """

    rng: random.Random
    orgs: dict[str, Organisation]
    partners: dict[str, _PartnerRow]
    done: list[Activity] = field(default_factory=list)

    def year(self, year: int, count: int) -> list[Activity]:
        """Generate ``count`` activities starting in ``year``, in date order."""
        # Draw all start days first, then generate in date order (ties keep the draw order).
        starts = sorted((self._draw_start(year), n) for n in range(count))
        made = []
        for i, (start, _) in enumerate(starts, start=1):
            activity = self._one(f"A-{year}-{i:03d}", start)
            made.append(activity)
            self.done.append(activity)
        return made

    def _draw_start(self, year: int) -> date:
        month = _weighted(self.rng, [(m, float(w)) for m, w in enumerate(_MONTH_WEIGHTS, 1)])
        day = self.rng.randint(6 if month == 1 else 1, 28)
        return date(year, month, day)

    def _lead_and_kind(self, start: date) -> tuple[Organisation, ActivityKind]:
        """Draw a lead organisation valid on ``start`` and a kind it can run with partners."""
        while True:
            lead_id, kinds = _weighted(self.rng, [((i, k), float(w)) for i, w, k in _LEADS])
            org = self.orgs[lead_id]
            if (org.valid_from and start < org.valid_from) or (
                org.valid_to and start > org.valid_to
            ):
                continue
            allowed = [(k, float(w)) for k, w in _KIND_WEIGHTS.items() if k.value in kinds.split()]
            kind = _weighted(self.rng, allowed or [(k, float(w)) for k, w in _KIND_WEIGHTS.items()])
            if start.year == 2021 and kind in _TRAVEL and self.rng.random() < 0.75:
                continue  # borders were closed for most of 2021
            if _PROFILES[kind].partners[0] == 0 or self._candidates(org, kind, start):
                return org, kind

    def _candidates(self, org: Organisation, kind: ActivityKind, start: date) -> list[_PartnerRow]:
        """Partners the lead could work with on ``start`` for an activity of ``kind``."""
        rows = [p for p in self.partners.values() if p.active_on(start)]
        if org.faces_country:
            rows = [p for p in rows if p.country == org.faces_country]
        elif org.faces_region == "Africa":
            rows = [p for p in rows if p.country in {"MZ", "AO"}]
        if kind is ActivityKind.DELEGATION_OUTBOUND:
            rows = [p for p in rows if p.country is not None]
        if _PROFILES[kind].funded >= 1:
            rows = [p for p in rows if p.ptype in _FUNDERS]
        return rows

    def _pick_partners(
        self, org: Organisation, kind: ActivityKind, start: date
    ) -> list[_PartnerRow]:
        low, high = _PROFILES[kind].partners
        pool = self._candidates(org, kind, start)
        wanted = min(len(pool), self.rng.choice([low, low, high]) if high > low else low)
        chosen: list[_PartnerRow] = []
        while len(chosen) < wanted:
            pick = _weighted(self.rng, [(p, float(p.weight)) for p in pool if p not in chosen])
            chosen.append(pick)
        return chosen

    def _province(self, org: Organisation, kind: ActivityKind) -> str:
        if org.province and org.level is not OrganisationLevel.CENTRAL:
            return org.province
        if kind in (ActivityKind.HUMANITARIAN_AID, ActivityKind.DEVELOPMENT_PROJECT):
            return _weighted(self.rng, [(p, float(w)) for p, w in _PROVINCES_FIELD])
        return _weighted(self.rng, [(p, float(w)) for p, w in _PROVINCES_CENTRAL])

    def _one(self, id_: str, start: date) -> Activity:
        """Generate one activity."""
        rng = self.rng
        org, kind = self._lead_and_kind(start)
        prof = _PROFILES[kind]
        chosen = self._pick_partners(org, kind, start)
        province = self._province(org, kind)
        countries = _country_split(chosen, org)
        country = countries[0][0] if countries else None
        themes = [
            t for t in prof.themes
            if (country or "{country}" not in t[0]) and (chosen or "{partner}" not in t[0])
        ]  # fmt: skip
        title, areas, sdgs = rng.choice(themes)
        title = title.format(
            country=_country_phrase(country) if country else "",
            partner=_partner_phrase(chosen[0]) if chosen else "",
            province=province,
            lead=org.name_en or org.name_vi,
        )
        end = start + timedelta(days=rng.randint(*prof.days))
        status, actual_end, modality = self._status(kind, start, end)
        cancelled = status is ActivityStatus.CANCELLED
        roles, flows = self._roles_and_flows(kind, chosen, start, end, cancelled)
        people = Participants() if cancelled else self._participants(prof, countries)
        return _activity(
            id_, title, org.id, kind.value, status.value, modality=modality.value,
            start=None if cancelled else start, end=actual_end,
            planned=(start, end) if cancelled or rng.random() < 0.7 else None,
            co=self._co_organisers(org),
            partners=roles, countries=countries, provinces=[(province, 100.0)],
            areas=[(a, float(p)) for a, p in areas],
            sdgs=sorted(set(sdgs) | ({17} if chosen and rng.random() < 0.5 else set())),
            people=people,
            cost=None if cancelled else self._cost(kind, prof),
            flows=flows,
            outputs={} if cancelled else self._outputs(prof, people, start.year),
            follow_up_of=None if cancelled else self._follow_up(org, chosen, start),
        )  # fmt: skip

    def _status(
        self, kind: ActivityKind, start: date, end: date
    ) -> tuple[ActivityStatus, date | None, Modality]:
        """Status, actual end and modality of an activity planned from ``start`` to ``end``."""
        rng = self.rng
        if start.year == 2021 and kind is ActivityKind.DELEGATION_OUTBOUND:
            return ActivityStatus.CANCELLED, None, Modality.IN_PERSON
        if kind in _IN_PERSON_ONLY:
            modality = Modality.IN_PERSON
        elif kind is ActivityKind.COMMUNICATION_MEDIA:
            modality = Modality.ONLINE
        else:
            modality = _weighted(
                rng, list(zip(Modality, map(float, _MODALITY_WEIGHTS[start.year]), strict=True))
            )
        if end > SAMPLE_TODAY:
            return ActivityStatus.IMPLEMENTATION, None, modality
        if end.year == 2025 and end.month >= 11 and rng.random() < 0.4:
            return ActivityStatus.FINALISATION, end, modality
        return ActivityStatus.CLOSED, end, modality

    def _co_organisers(self, org: Organisation) -> list[str]:
        if self.rng.random() > 0.2:
            return []
        if org.parent_id and org.parent_id in self.orgs:
            return [org.parent_id]
        return [] if org.id == "VUFO" else ["VUFO"]

    def _roles_and_flows(
        self,
        kind: ActivityKind,
        chosen: list[_PartnerRow],
        start: date,
        end: date,
        cancelled: bool,
    ) -> tuple[list[tuple[str, str]], list[ResourceFlow]]:
        """Roles of the chosen partners and the resources the first of them mobilised."""
        rng = self.rng
        prof = _PROFILES[kind]
        roles: list[tuple[str, str]] = []
        flows: list[ResourceFlow] = []
        for i, p in enumerate(chosen):
            if i == 0 and p.ptype in _FUNDERS and rng.random() < prof.funded and not cancelled:
                roles.append((p.id, "funding"))
                flows = _flows_for(rng, kind, p, start, end)
            elif kind.implementable and p.ptype in _IMPLEMENTERS:
                roles.append((p.id, "implementing"))
            else:
                roles.append((p.id, rng.choice(["co_organising", "participating"])))
        return roles, flows

    def _participants(self, prof: _Profile, countries: list[tuple[str, float]]) -> Participants:
        rng = self.rng
        if prof.people is None:
            return Participants()
        total = rng.randint(*prof.people)
        foreign = round(total * rng.uniform(*prof.foreign)) if countries else 0
        youth = round(total * rng.uniform(*prof.youth))
        women = round(total * rng.uniform(0.3, 0.6))
        return _people(total, foreign=foreign, domestic=total - foreign, women=women,
                       youth=youth)  # fmt: skip

    def _cost(self, kind: ActivityKind, prof: _Profile) -> Money | None:
        rng = self.rng
        if rng.random() < 0.12:
            return None
        if kind is ActivityKind.DELEGATION_OUTBOUND:
            return _money(rng.randint(40, 250) * 100, "USD")
        low, high = prof.cost_vnd
        return _money(max(low, rng.randint(low, high)) * 1_000_000, "VND")

    def _outputs(self, prof: _Profile, people: Participants, year: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for code, chance, low, high in prof.outputs:
            if self.rng.random() < min(chance * _EVIDENCE_BOOST[year], 0.98):
                value = self.rng.randint(low, high)
                if code in ("trainees_trained", "scholarships_awarded") and people.total:
                    value = min(value, people.total)
                out[code] = value
        return out

    def _follow_up(self, org: Organisation, chosen: list[_PartnerRow], start: date) -> str | None:
        if self.rng.random() >= _FOLLOW_UP[start.year]:
            return None
        ids = {p.id for p in chosen}
        earlier = [
            a for a in self.done
            if a.actual_end is not None and a.actual_end < start
            and (a.lead_organisation_id == org.id or ids & {p.partner_id for p in a.partners})
        ]  # fmt: skip
        return self.rng.choice(earlier[-6:]).id if earlier else None


_COUNTRY_PHRASES = {
    "LA": "Laos", "KR": "the Republic of Korea", "US": "the United States",
    "GB": "the United Kingdom", "RU": "Russia", "PH": "the Philippines",
}  # fmt: skip
"""How titles name countries whose reference name is formal or needs "the"."""


def _country_phrase(code: str) -> str:
    """How a title names a country."""
    return _COUNTRY_PHRASES.get(code) or default_reference().country_name(code)


def _partner_phrase(partner: _PartnerRow) -> str:
    """How a title names a partner: a person by name, a body with "the"."""
    return f"the {partner.name}" if partner.the else partner.name


def _country_split(chosen: list[_PartnerRow], org: Organisation) -> list[tuple[str, float]]:
    """Country shares of an activity: its partners' countries (the first weighs most)."""
    codes = list(dict.fromkeys(p.country for p in chosen if p.country))
    if not codes and org.faces_country:
        codes = [org.faces_country]
    shares = {1: (100.0,), 2: (60.0, 40.0), 3: (50.0, 30.0, 20.0)}.get(len(codes), ())
    return list(zip(codes, shares, strict=False))


def _round_amount(amount: Decimal, currency: str) -> Decimal:
    """Round a drawn amount to a figure a partner would write (no minor units)."""
    step = {"VND": 1_000_000, "KRW": 100_000, "JPY": 10_000, "KHR": 1_000_000}.get(currency, 100)
    return max(Decimal(step), (amount / step).quantize(Decimal(1), ROUND_HALF_EVEN) * step)


def _flows_for(
    rng: random.Random, kind: ActivityKind, partner: _PartnerRow, start: date, end: date
) -> list[ResourceFlow]:
    """Pledge, commitment and disbursements of one funding partner (none after today)."""
    prof = _PROFILES[kind]
    currency = partner.money_currency
    per_usd = default_reference().rate("USD", currency, start.year)
    usd = Decimal(rng.randint(*prof.usd)) * Decimal(str(partner.scale))
    total = _round_amount(usd * per_usd, currency)
    first = max(partner.first_engaged, start - timedelta(days=rng.randint(45, 90)))
    committed_on = max(first, start - timedelta(days=rng.randint(5, 30)))
    if kind is ActivityKind.HUMANITARIAN_AID and rng.random() < 0.5:
        what = rng.choice(
            [
                "food and drinking water",
                "medicines and medical supplies",
                "blankets and clothing",
                "school kits",
            ]
        )
        return [_flow(partner.id, "disbursed", total, currency, start, in_kind=True,
                      description=what)]  # fmt: skip
    pledge_only = 0.6 if not kind.implementable else 0.15
    flows = [_flow(partner.id, "pledged", total, currency, first)]
    if rng.random() < pledge_only:
        return flows
    flows.append(_flow(partner.id, "committed", total, currency, committed_on))
    share = Decimal(1) if rng.random() < 0.7 else Decimal(rng.randint(40, 70)) / 100
    tranches = 1 if (end - start).days < 120 else rng.randint(2, 3)
    step = (end - start) / tranches
    for t in range(tranches):
        day = start + step * t + timedelta(days=rng.randint(0, 10))
        if day > _LAST_RATE_DAY:
            break
        amount = _round_amount(total * share / tranches, currency)
        flows.append(_flow(partner.id, "disbursed", amount, currency, day))
    return flows


# -- indicators computed from the activities --------------------------------------------------

_CEREMONIAL_KINDS = frozenset(
    {
        ActivityKind.CONFERENCE_FORUM,
        ActivityKind.DELEGATION_OUTBOUND,
        ActivityKind.DELEGATION_INBOUND,
        ActivityKind.ANNIVERSARY,
    }
)
"""Kinds that are ceremonial unless evidence of results is recorded."""

_YEARS = range(2021, 2026)


def _done_in(activities: Iterable[Activity], year: int) -> list[Activity]:
    """Activities actually started in ``year``."""
    return [a for a in activities if a.actual_start is not None and a.actual_start.year == year]


def _followed_up(activities: Iterable[Activity]) -> set[str]:
    """Ids of activities that a later activity follows up."""
    return {a.follow_up_of for a in activities if a.follow_up_of}


def _has_evidence(a: Activity, followed: set[str]) -> bool:
    """Whether an activity shows results: outputs, disbursed resources or a follow-up."""
    return (
        any(v > 0 for v in a.outputs.values())
        or any(f.stage is FlowStage.DISBURSED for f in a.resource_flows)
        or a.follow_up_of is not None
        or a.id in followed
    )


def _usd_disbursed(activities: Iterable[Activity], year: int) -> Decimal:
    """Resources disbursed by partners in ``year``, in USD at that year's average rate."""
    return sum(
        (
            f.amount.to("USD", f.date).amount
            for a in activities
            for f in a.resource_flows
            if f.stage is FlowStage.DISBURSED and f.date.year == year
        ),
        Decimal(0),
    )


def _output(activities: Iterable[Activity], kind: OutputKind) -> int:
    """Sum of one output over activities."""
    return sum(a.outputs.get(kind, 0) for a in activities)


def _pct(part: int, whole: int) -> float:
    """A percentage with one decimal."""
    return round(100 * part / whole, 1) if whole else 0.0


def _period(year: int) -> tuple[date, date]:
    """First and last day of a year."""
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True, slots=True)
class _Measure:
    """A numeric indicator whose actuals are computed from the activities.

    Attributes:
        id: Indicator id.
        name: What is measured.
        level: Result level code.
        measure: Measure code.
        unit: Unit of measurement.
        organisation: Owning organisation.
        description: Definition and means of verification.
        baseline: Value at the end of 2020 (before the sample's data).
        compute: Actual of a year, from the year and all activities.
        target: The planning rule: next year's target from a reference value.
        lower_is_better: Whether lower values are better.
    """

    id: str
    name: str
    level: str
    measure: str
    unit: str
    organisation: str
    description: str
    baseline: float
    compute: Callable[[int, list[Activity]], float]
    target: Callable[[float], float]
    lower_is_better: bool = False


def _substantive_share(year: int, every: list[Activity]) -> float:
    """Percentage of the year's activities with evidence of results."""
    year_acts = _done_in(every, year)
    followed = _followed_up(every)
    return _pct(sum(_has_evidence(a, followed) for a in year_acts), len(year_acts))


def _ceremonial_share(year: int, every: list[Activity]) -> float:
    """Percentage of the year's activities that are ceremonial (no evidence of results)."""
    year_acts = _done_in(every, year)
    followed = _followed_up(every)
    ceremonial = sum(
        a.kind in _CEREMONIAL_KINDS and not _has_evidence(a, followed) for a in year_acts
    )
    return _pct(ceremonial, len(year_acts))


def _hanoi_ids(orgs: Iterable[Organisation]) -> set[str]:
    """The Hanoi union and its member associations."""
    return {o.id for o in orgs if o.id == "HN-UFO" or o.parent_id == "HN-UFO"}


def _measures(hanoi: set[str]) -> list[_Measure]:
    """The computed indicators of VUFO (whole system) and of the Hanoi union."""

    def partners(acts: list[Activity]) -> float:
        return float(len({p.partner_id for a in acts for p in a.partners}))

    def hn(acts: list[Activity]) -> list[Activity]:
        return [a for a in acts if a.lead_organisation_id in hanoi]

    return [
        _Measure(
            "IND-VUFO-PARTNERS", "Active foreign partners", "outcome", "unit", "partners",
            "VUFO", "Distinct foreign partners taking part in at least one activity of the "
            "system in the year (source: activity records).", 17.0,
            lambda year, every: partners(_done_in(every, year)),
            lambda v: float(round(v * 1.1)),
        ),
        _Measure(
            "IND-VUFO-RESOURCES", "Resources mobilised from foreign partners (disbursed)",
            "outcome", "unit", "USD", "VUFO", "Cash and in-kind resources disbursed by "
            "partners for the system's activities, converted to USD at the annual average "
            "rate of the disbursement's year.", 800_000.0,
            lambda year, every: float(round(_usd_disbursed(every, year), -3)),
            lambda v: float(round(v * 1.15, -3)),
        ),
        _Measure(
            "IND-VUFO-SUBSTANTIVE", "Share of activities with evidence of results", "outcome",
            "percentage", "%", "VUFO", "Activities with a recorded output, disbursed "
            "resources or a follow-up link, as a percentage of the year's activities.", 75.0,
            _substantive_share, lambda v: min(95.0, round(v + 5, 1)),
        ),
        _Measure(
            "IND-VUFO-CEREMONIAL", "Share of ceremonial activities", "outcome", "percentage",
            "%", "VUFO", "Conferences, delegations and anniversaries without any evidence of "
            "results, as a percentage of the year's activities (lower is better).", 12.0,
            _ceremonial_share, lambda v: max(5.0, round(v - 4, 1)),
            lower_is_better=True,
        ),
        _Measure(
            "IND-VUFO-MEDIA", "Media items published", "output", "unit", "items", "VUFO",
            "News items, articles and media products recorded as activity outputs.", 90.0,
            lambda year, every: float(_output(_done_in(every, year), OutputKind.MEDIA_ITEMS)),
            lambda v: float(round(v * 1.1)),
        ),
        _Measure(
            "IND-VUFO-TRAINEES", "Trainees trained", "output", "unit", "persons", "VUFO",
            "Participants completing training courses, as recorded in activity outputs.",
            300.0,
            lambda year, every: float(
                _output(_done_in(every, year), OutputKind.TRAINEES_TRAINED)
            ),
            lambda v: float(round(v * 1.1)),
        ),
        _Measure(
            "IND-HN-PARTNERS", "Active foreign partners of the Hanoi union", "outcome", "unit",
            "partners", "HN-UFO", "Distinct foreign partners in activities led by the Hanoi "
            "union or its member associations.", 6.0,
            lambda year, every: partners(hn(_done_in(every, year))),
            lambda v: float(round(v * 1.1)),
        ),
    ]  # fmt: skip


def _measure_indicator(m: _Measure, activities: list[Activity]) -> Indicator:
    """Build a computed indicator: baseline 2020, targets and actuals 2021-2025, target 2026.

    Each year's target applies the measure's planning rule to the midpoint of the previous
    year's actual and target: targets move halfway towards what was achieved, then stretch
    (the rule applied to the baseline sets the 2021 target).
    """
    values: list[IndicatorValue] = []
    target = m.target(m.baseline)
    for year in _YEARS:
        actual = m.compute(year, activities)
        start, end = _period(year)
        values.append(
            IndicatorValue(period_start=start, period_end=end, target=target, actual=actual)
        )
        target = m.target((actual + target) / 2)
    start, end = _period(2026)
    values.append(IndicatorValue(period_start=start, period_end=end, target=target))
    return Indicator(
        id=m.id,
        name=m.name,
        level=ResultLevel(m.level),
        measure=IndicatorMeasure(m.measure),
        direction=Direction.LOWER_IS_BETTER if m.lower_is_better else Direction.HIGHER_IS_BETTER,
        unit=m.unit,
        organisation_id=m.organisation,
        description=m.description,
        baseline_value=m.baseline,
        baseline_date=date(2020, 12, 31),
        values=values,
    )


def _trainees_by_sex(activities: list[Activity], hanoi: set[str]) -> Indicator:
    """Trainees of the Hanoi union's courses, in total and disaggregated by sex."""
    values: list[IndicatorValue] = []
    target = 60.0
    for year in _YEARS:
        total = women = 0
        for a in _done_in(activities, year):
            trained = a.outputs.get(OutputKind.TRAINEES_TRAINED, 0)
            people = a.participants
            if (
                a.lead_organisation_id in hanoi
                and a.kind is ActivityKind.TRAINING_WORKSHOP
                and trained
                and people.total
                and people.women is not None
            ):
                total += trained
                women += round(trained * people.women / people.total)
        start, end = _period(year)
        values += [
            IndicatorValue(period_start=start, period_end=end, target=target, actual=total),
            IndicatorValue(period_start=start, period_end=end, target=round(target / 2),
                           actual=women, dimension="sex", category="female"),
            IndicatorValue(period_start=start, period_end=end, target=target - round(target / 2),
                           actual=total - women, dimension="sex", category="male"),
        ]  # fmt: skip
        target = float(max(60, round(total * 1.1)))
    start, end = _period(2026)
    values.append(IndicatorValue(period_start=start, period_end=end, target=target))
    return Indicator(
        id="IND-HN-TRAINEES",
        name="Trainees trained by the Hanoi union, by sex",
        level=ResultLevel.OUTPUT,
        measure=IndicatorMeasure.UNIT,
        unit="persons",
        organisation_id="HN-UFO",
        description="Trainees recorded as outputs of training courses led by the Hanoi union "
        "or its member associations; women estimated from each course's participant "
        "breakdown. The target for women is half the total.",
        baseline_value=45.0,
        baseline_date=date(2020, 12, 31),
        values=values,
    )


_DIRECTIVE_TARGET_2026 = (
    "Action programmes adopted by all member associations; two new friendship clubs; "
    "the 'Hanoi - City for Peace' festival held"
)


def _directive_indicator() -> Indicator:
    """The qualitative indicator of Hanoi's implementation of Directive No. 45-CT/TU."""
    s25, e25 = _period(2025)
    s26, e26 = _period(2026)
    return Indicator(
        id="IND-HN-DIR45",
        name="Implementation of Directive No. 45-CT/TU on the capital's people-to-people "
        "diplomacy",
        level=ResultLevel.OUTCOME,
        measure=IndicatorMeasure.QUALITATIVE,
        organisation_id="HN-UFO",
        description="Assessed by the union's standing committee at the year-end review.",
        baseline_text="No dedicated local directive on people-to-people diplomacy.",
        baseline_date=date(2025, 8, 7),
        values=[
            IndicatorValue(
                period_start=s25, period_end=e25,
                target_text="Directive disseminated to all member associations; union action "
                "programme drafted",
                actual_text="Implementation conference held on 9 October 2025; action "
                "programme drafted with three member associations",
            ),
            IndicatorValue(period_start=s26, period_end=e26, target_text=_DIRECTIVE_TARGET_2026),
        ],
    )  # fmt: skip


# -- work plans -------------------------------------------------------------------------------


def _planned(
    id_: str,
    title: str,
    kind: str,
    area: str,
    start: str,
    end: str,
    budget_millions: int,
    *,
    country: str | None = None,
    activity: str | None = None,
) -> PlannedActivity:
    """Build a planned activity with a budget in millions of VND."""
    return PlannedActivity(
        id=id_,
        title=title,
        kind=ActivityKind(kind),
        priority_area=PriorityArea(area),
        country=country,
        start=_d(start),
        end=_d(end),
        budget=_money(budget_millions * 1_000_000, "VND"),
        activity_id=activity,
    )


def _target_of(indicators: Mapping[str, Indicator], indicator_id: str, year: int) -> float:
    """The indicator's total (not disaggregated) target for ``year``."""
    for v in indicators[indicator_id].values:
        if v.period_start.year == year and v.dimension is None and v.target is not None:
            return v.target
    raise KeyError(f"{indicator_id} has no target for {year}")


def _work_plans(indicators: Mapping[str, Indicator]) -> list[WorkPlan]:
    """VUFO's plans for 2025 and 2026 and the Hanoi union's plan for 2026."""

    def targets(year: int, pairs: Sequence[tuple[str, str | None]]) -> list[PlanTarget]:
        return [
            PlanTarget(indicator_id=i, value=_target_of(indicators, i, year),
                       planned_activity_id=pa)
            for i, pa in pairs
        ]  # fmt: skip

    vufo_2025 = WorkPlan(
        id="WP-VUFO-2025", organisation_id="VUFO", year=2025, title="VUFO work plan 2025",
        objectives=[
            "Replace ceremonial events with activities that produce measurable results",
            "Mobilise partner resources for economic development, science, culture and "
            "education",
            "Renew the partner network and set up a shared partner database",
            "Complete the restructuring of the apparatus without disrupting activities",
            "Strengthen external communication across platforms",
        ],
        planned_activities=[
            _planned("PA-01", "Annual review conference", "conference_forum",
                     "external_communication", "2025-01-10", "2025-01-10", 120,
                     activity="A-2025-VUFO-REVIEW"),
            _planned("PA-02", "Design of the shared partner database", "research_policy",
                     "digital_transformation", "2025-04-01", "2025-08-31", 350,
                     activity="A-2025-PARTNER-DB"),
            _planned("PA-03", "Training course for local union officials", "training_workshop",
                     "human_resources", "2025-06-10", "2025-06-12", 250),
            _planned("PA-04", "Viet Nam - Finland youth creativity exchange", "youth_exchange",
                     "culture_education", "2025-09-22", "2025-09-26", 150, country="FI",
                     activity="A-2025-FI-YOUTH"),
            _planned("PA-05", "75th traditional day of VUFO", "anniversary",
                     "external_communication", "2025-11-17", "2025-11-17", 900,
                     activity="A-2025-VUFO-75"),
            _planned("PA-06", "Relief mobilisation for disaster-hit provinces",
                     "humanitarian_aid", "disasters_epidemics", "2025-09-01", "2025-12-31",
                     200, activity="A-2025-PL-RELIEF"),
        ],
        targets=targets(2025, [
            ("IND-VUFO-PARTNERS", "PA-02"), ("IND-VUFO-RESOURCES", "PA-06"),
            ("IND-VUFO-SUBSTANTIVE", None), ("IND-VUFO-CEREMONIAL", None),
            ("IND-VUFO-MEDIA", "PA-05"), ("IND-VUFO-TRAINEES", "PA-03"),
        ]),
        priority_weights={
            PriorityArea.ECONOMIC_COOPERATION: 0.25,
            PriorityArea.DIGITAL_TRANSFORMATION: 0.15,
            PriorityArea.HUMAN_RESOURCES: 0.15,
            PriorityArea.EXTERNAL_COMMUNICATION: 0.15,
            PriorityArea.CULTURE_EDUCATION: 0.15,
            PriorityArea.DISASTERS_EPIDEMICS: 0.15,
        },
    )  # fmt: skip
    vufo_2026 = WorkPlan(
        id="WP-VUFO-2026", organisation_id="VUFO", year=2026, title="VUFO work plan 2026",
        objectives=[
            "Orient member organisations one by one or in groups, with clusters of local "
            "unions, tied to concrete programmes",
            "Develop the partner network and use the shared partner database across the "
            "whole system",
            "Train and build the capacity of people-to-people diplomacy officials",
            "Renew information, communication and international outreach as one system",
            "Complete capacity-building programmes within the Fatherland Front system and "
            "plan work after the 14th Party Congress",
        ],
        planned_activities=[
            _planned("PA-01", "Presidium conference reviewing 2025", "conference_forum",
                     "external_communication", "2026-01-09", "2026-01-09", 150,
                     activity="A-2026-VUFO-P14"),
            _planned("PA-02", "Cluster meetings with local unions", "conference_forum",
                     "human_resources", "2026-03-01", "2026-06-30", 180),
            _planned("PA-03", "Training on the shared partner database", "training_workshop",
                     "digital_transformation", "2026-03-17", "2026-03-19", 200,
                     activity="A-2026-DB-TRAIN"),
            _planned("PA-04", "Strategy 2026-2030 with a vision to 2045", "research_policy",
                     "external_communication", "2026-04-01", "2026-09-30", 300,
                     activity="A-2026-STRATEGY"),
            _planned("PA-05", "Viet Nam - Laos youth friendship camp", "youth_exchange",
                     "culture_education", "2026-05-18", "2026-05-22", 250, country="LA",
                     activity="A-2026-LA-YOUTH"),
            _planned("PA-06", "Economic cooperation delegation to Japan", "delegation_outbound",
                     "economic_cooperation", "2026-07-06", "2026-07-11", 500, country="JP",
                     activity="A-2026-JP-DEL"),
            _planned("PA-07", "Multimedia series 'Friends of Viet Nam'", "communication_media",
                     "external_communication", "2026-10-01", "2026-12-31", 150,
                     activity="A-2026-MEDIA"),
            _planned("PA-08", "Viet Nam - Cambodia people's friendship forum",
                     "conference_forum", "economic_cooperation", "2026-12-04", "2026-12-05",
                     220, country="KH", activity="A-2026-P-KH-FORUM"),
            _planned("PA-09", "Green growth partnership with a new Latin American foundation",
                     "conference_forum", "green_growth", "2026-12-09", "2026-12-09", 20,
                     country="MX", activity="A-2026-P-MX"),
        ],
        targets=targets(2026, [
            ("IND-VUFO-PARTNERS", "PA-03"), ("IND-VUFO-RESOURCES", "PA-06"),
            ("IND-VUFO-SUBSTANTIVE", "PA-02"), ("IND-VUFO-CEREMONIAL", None),
            ("IND-VUFO-MEDIA", "PA-07"), ("IND-VUFO-TRAINEES", "PA-03"),
        ]),
        priority_weights={
            PriorityArea.ECONOMIC_COOPERATION: 0.2,
            PriorityArea.HUMAN_RESOURCES: 0.2,
            PriorityArea.DIGITAL_TRANSFORMATION: 0.15,
            PriorityArea.EXTERNAL_COMMUNICATION: 0.15,
            PriorityArea.SCIENCE_INNOVATION: 0.1,
            PriorityArea.GREEN_GROWTH: 0.1,
            PriorityArea.NON_TRADITIONAL_SECURITY: 0.1,
        },
    )  # fmt: skip
    hanoi_2026 = WorkPlan(
        id="WP-HN-2026", organisation_id="HN-UFO", year=2026,
        title="Hanoi union work plan 2026 (Directive No. 45-CT/TU)",
        objectives=[
            "Turn Directive No. 45-CT/TU into concrete action programmes of every member "
            "association, with the city's Fatherland Front committee",
            "Use each association's strengths and found more branches and friendship clubs",
            "Take part in the city's projects, including the 'Hanoi - City for Peace' "
            "programme",
            "Mobilise external resources for the capital's development",
        ],
        planned_activities=[
            _planned("PA-01", "'Hanoi - City for Peace' friendship festival",
                     "cultural_exchange", "culture_education", "2026-09-26", "2026-09-27", 500,
                     activity="A-2026-HN-PEACE"),
            _planned("PA-02", "Founding of a Viet Nam - Korea friendship club",
                     "branch_founding", "culture_education", "2026-10-15", "2026-10-15", 25,
                     country="KR", activity="A-2026-HN-CLUB-KR"),
            _planned("PA-03", "Workshop on science and innovation with international scholars",
                     "training_workshop", "science_innovation", "2026-06-15", "2026-06-16",
                     80),
            _planned("PA-04", "Project proposals to foreign partners for the capital",
                     "development_project", "economic_cooperation", "2026-04-01", "2026-12-31",
                     60),
            _planned("PA-05", "Year-end review conference", "conference_forum",
                     "external_communication", "2026-12-22", "2026-12-22", 60,
                     activity="A-2026-P-HN-REVIEW"),
        ],
        targets=[
            *targets(2026, [("IND-HN-PARTNERS", "PA-04"), ("IND-HN-TRAINEES", "PA-03")]),
            PlanTarget(indicator_id="IND-HN-DIR45", text=_DIRECTIVE_TARGET_2026,
                       planned_activity_id="PA-02"),
        ],
        priority_weights={
            PriorityArea.CULTURE_EDUCATION: 0.3,
            PriorityArea.EXTERNAL_COMMUNICATION: 0.2,
            PriorityArea.SCIENCE_INNOVATION: 0.2,
            PriorityArea.ECONOMIC_COOPERATION: 0.2,
            PriorityArea.DIGITAL_TRANSFORMATION: 0.1,
        },
    )  # fmt: skip
    return [vufo_2025, vufo_2026, hanoi_2026]


# -- evaluations ------------------------------------------------------------------------------

_CRITERIA = tuple(DacCriterion)


def _evaluation(
    id_: str,
    subject_id: str,
    evaluator: str,
    day: str,
    scores: Sequence[tuple[int, str]],
    summary: str,
    *,
    programme: bool = False,
) -> Evaluation:
    """Build an evaluation; ``scores`` follow the DAC criteria in order (fewer are allowed)."""
    return Evaluation(
        id=id_,
        subject=EvaluationSubject.PROGRAMME if programme else EvaluationSubject.ACTIVITY,
        subject_id=subject_id,
        evaluator=evaluator,
        date=_d(day),
        scores=[
            CriterionScore(criterion=c, score=s, evidence=e)
            for c, (s, e) in zip(_CRITERIA, scores, strict=False)
        ],
        summary=summary,
    )


_INSPECTION = "VUFO standing committee review team"
_EXTERNAL = "Independent evaluation team (invented)"


def _evaluations(indicators: Mapping[str, Indicator]) -> list[Evaluation]:
    """Evaluations of ten showcase activities and of VUFO's 2025 work plan."""

    def actual(indicator_id: str) -> str:
        for v in indicators[indicator_id].values:
            if v.period_start.year == 2025 and v.dimension is None:
                return f"{v.actual:g} against a target of {v.target:g}"
        return "not measured"

    return [
        _evaluation("EV-01", "A-2021-UXO-QT", _EXTERNAL, "2024-06-20", [
            (4, "Quảng Trị remains the province most affected by unexploded ordnance."),
            (3, "Aligned with the national mine action programme; weak links to health care."),
            (3, "9,800 people reached and 260 teachers trained in mine-risk education."),
            (3, "USD 420,000 disbursed of 450,000 committed; three years as planned."),
            (3, "No accidents reported in the target communes during the project."),
            (2, "No funding yet for the survivor support after March 2024."),
        ], "Relevant and largely effective; sustainability depends on new funding."),
        _evaluation("EV-02", "A-2022-WATER-DB", _EXTERNAL, "2024-03-15", [
            (4, "Border schools lacked safe water and latrines."),
            (3, "Complements the province's rural water programme."),
            (4, "4,200 pupils and teachers with safe water and sanitation."),
            (3, "KRW 350 million fully disbursed; started two weeks late, ended on time."),
            (3, "Absences for diarrhoea fell, according to the schools."),
            (3, "Schools set up maintenance funds; spare parts remain a concern."),
        ], "A well-run project that delivered what it promised."),
        _evaluation("EV-03", "A-2023-TRAIN-LOCAL", _INSPECTION, "2023-09-30", [
            (4, "Local officials asked for practical skills."),
            (3, "Co-organised by three provincial unions."),
            (3, "132 of 140 participants completed the course."),
            (4, "Hybrid format cut travel costs."),
            (2, "No follow-up survey of how the skills were used."),
            (2, "No mentoring or refresher course planned."),
        ], "A useful course; it needs follow-up to last."),
        _evaluation("EV-04", "A-2023-SCHOL-KR", _EXTERNAL, "2025-09-15", [
            (4, "Targets students from poor ethnic minority families."),
            (3, "Coordinated with the Youth Union's study support."),
            (4, "80 scholarships over two school years; no drop-outs reported."),
            (3, "KRW 120 million committed and disbursed in two instalments."),
            (3, "Recipients' results improved in the second year."),
            (3, "A new round for 2026-2027 has been pledged."),
        ], "Effective, and the partner has pledged a new round."),
        _evaluation("EV-05", "A-2024-YAGI", _INSPECTION, "2025-02-20", [
            (4, "Responded to the worst typhoon of 2024 in the north."),
            (3, "Coordinated with the Fatherland Front's relief committees."),
            (3, "15,500 people reached within six weeks."),
            (3, "Cash and in-kind aid arrived within two weeks."),
            (3, "Households recovered faster where water kits were given."),
            (1, "A USD 50,000 business pledge was never disbursed or followed up."),
        ], "Fast and useful relief; pledges need follow-up."),
        _evaluation("EV-06", "A-2024-DEL-CU", _INSPECTION, "2024-07-10", [
            (3, "Maintains a traditional friendship."),
            (2, "Programme not coordinated with other delegations to Latin America."),
            (1, "No agreement, project or follow-up recorded."),
            (2, "USD 18,500 for a delegation of nine without measurable results."),
            (1, "No observable change."),
            (1, "Nothing to sustain."),
        ], "A ceremonial visit: the kind of activity the 2025 orientation asks to reduce."),
        _evaluation("EV-07", "A-2025-PARTNER-DB", _INSPECTION, "2025-10-30", [
            (4, "The system had no shared partner list; each body kept its own spreadsheets."),
            (4, "Co-designed with the Hanoi and Ho Chi Minh City unions."),
            (3, "Design and 12 recommendations adopted; data migration still partial."),
            (3, "SGD 25,000 of 40,000 committed disbursed; the rest depends on roll-out."),
            (3, "Duplicate partner records already being merged."),
            (3, "Training of local unions planned for March 2026."),
        ], "A foundation for data-driven planning; roll-out is the test."),
        _evaluation("EV-08", "A-2025-FI-YOUTH", _INSPECTION, "2025-12-05", [
            (4, "Youth and creativity are priorities of the relationship."),
            (3, "Held weeks before the upgrade to a strategic partnership."),
            (3, "One cooperation agreement and 24 media items."),
            (4, "Embassy funding covered most costs."),
            (3, "Joint start-up ideas under discussion."),
            (2, "No second edition budgeted yet."),
        ], "Good value; continuity not yet secured."),
        _evaluation("EV-09", "A-2025-VUFO-75", _INSPECTION, "2025-12-20", [
            (4, "A milestone for the whole system."),
            (3, "Joined by central associations and provincial unions."),
            (2, "No outputs or follow-up recorded."),
            (2, "VND 850 million of own funds for one day of speeches and performances."),
            (2, "Visibility only."),
            (1, "Nothing to sustain."),
        ], "Symbolically important but ceremonial by the sample's evidence rule."),
        _evaluation("EV-10", "A-2026-DB-TRAIN", _INSPECTION, "2026-05-15", [
            (4, "Follows up the 2025 database design."),
            (4, "Every provincial union took part."),
            (3, "180 officials trained; a third entered their partners in the first month."),
            (3, "Hybrid format."),
        ], "Early results are promising."),
        _evaluation("EV-11", "WP-VUFO-2025", _INSPECTION, "2026-01-05", [
            (4, "The plan followed the priorities set by the Presidium."),
            (3, "Five of six planned activities carried out and linked to records."),
            (3, "Active partners: " + actual("IND-VUFO-PARTNERS") + "."),
            (3, "Resources disbursed (USD): " + actual("IND-VUFO-RESOURCES") + "."),
            (3, "Share of activities with evidence (%): " + actual("IND-VUFO-SUBSTANTIVE")
             + "."),
            (2, "Share of ceremonial activities (%): " + actual("IND-VUFO-CEREMONIAL") + "."),
        ], "The 2025 plan was largely delivered; the training course was not held.",
            programme=True),
    ]  # fmt: skip


# -- awards -----------------------------------------------------------------------------------

_CCER = "Party Central Committee's Commission for External Relations"
_MOFA_PARTY = "Party Committee of the Ministry of Foreign Affairs"
_VUFO = "Viet Nam Union of Friendship Organizations"


def _award(
    id_: str,
    year: int,
    type_: str,
    recipients: str,
    giver: str,
    *,
    count: int = 1,
    name: str | None = None,
    organisation: str | None = None,
    citation: str | None = None,
) -> Award:
    """Build an award record (``count`` > 1 for the grouped counts of a conference)."""
    return Award(
        id=id_,
        year=year,
        type=AwardType(type_),
        recipient_kind=RecipientKind(recipients),
        recipient_name=name,
        organisation_id=organisation,
        giver=giver,
        count=count,
        citation=citation,
    )


def _awards() -> list[Award]:
    """The award counts reported by the seeds, and a few invented per-organisation awards."""
    ccer = _REPORTED + "conference of 6 January 2025 (Nhan Dan)."
    vufo = _REPORTED + "14th Presidium conference of 9 January 2026 (VUFO media)."
    return [
        _award("AW-2024-CCER-FLAGS", 2024, "emulation_flag", "mixed", _CCER, count=5,
               citation=ccer),
        _award("AW-2024-CCER-MERIT", 2024, "certificate_of_merit", "mixed", _CCER, count=36,
               citation=ccer),
        _award("AW-2024-CCER-MEDALS", 2024, "commemorative_medal", "individual", _CCER,
               count=31, citation=ccer),
        _award("AW-2025-MOFA-MERIT", 2025, "certificate_of_merit", "mixed", _MOFA_PARTY,
               count=39, citation=_REPORTED + "conference of 30 December 2025 (VNA)."),
        _award("AW-2025-VUFO-FLAGS", 2025, "emulation_flag", "collective", _VUFO, count=7,
               citation=vufo),
        _award("AW-2025-VUFO-MERIT-C", 2025, "certificate_of_merit", "collective", _VUFO,
               count=13, citation=vufo),
        _award("AW-2025-VUFO-MERIT-I", 2025, "certificate_of_merit", "individual", _VUFO,
               count=54, citation=vufo),
        # Invented, for exercises on per-organisation recognition.
        _award("AW-2021-HCM", 2021, "certificate_of_merit", "collective", _VUFO,
               name="Union of Friendship Organizations of Ho Chi Minh City",
               organisation="HCM-UFO", citation="Mobilising medical aid during the pandemic."),
        _award("AW-2022-HN", 2022, "emulation_flag", "collective", _VUFO,
               name="Hanoi Union of Friendship Organizations", organisation="HN-UFO"),
        _award("AW-2024-VNKR", 2024, "certificate_of_merit", "collective", _VUFO,
               name="Viet Nam - Korea Friendship Association", organisation="VN-KR",
               citation="Clean water project in Điện Biên."),
        _award("AW-2025-VNFI", 2025, "certificate_of_merit", "collective", _VUFO,
               name="Viet Nam - Finland Friendship Association", organisation="VN-FI"),
        _award("AW-2025-HNCLB", 2025, "certificate_of_merit", "individual",
               "Hanoi Union of Friendship Organizations", name="Đỗ Thị Lan Anh",
               organisation="HN-CLB-FR", citation="Invented person, for exercises."),
    ]  # fmt: skip


# -- assembling -------------------------------------------------------------------------------


def _activities(orgs: list[Organisation]) -> list[Activity]:
    """Every activity: the seed conferences, the showcase and the invented bulk, by date."""
    handmade = [
        *_review_conferences(),
        *_hanoi_courses(),
        *_seed_activities(),
        *_showcase_2021_2023(),
        *_showcase_2024_2025(),
    ]
    bulk = _Bulk(
        rng=random.Random(_SEED),
        orgs={o.id: o for o in orgs},
        partners={p.id: p for p in _PARTNERS},
        done=sorted(handmade, key=_sort_key),
    )
    drawn = [a for year, n in _PER_YEAR.items() for a in bulk.year(year, n)]
    return sorted([*handmade, *drawn, *_activities_2026()], key=_sort_key)


def _sort_key(a: Activity) -> tuple[date, str]:
    """Order activities by start (actual, else planned), then id."""
    return (a.start or date.max, a.id)


def _build() -> Dataset:
    """Build the sample dataset (uncached; :func:`load_sample` caches it)."""
    orgs = _organisations()
    activities = _activities(orgs)
    hanoi = _hanoi_ids(orgs)
    indicators = [
        *(_measure_indicator(m, activities) for m in _measures(hanoi)),
        _trainees_by_sex(activities, hanoi),
        _directive_indicator(),
    ]
    by_id = {i.id: i for i in indicators}
    return Dataset(
        organisations=orgs,
        partners=[p.record() for p in _PARTNERS],
        activities=activities,
        indicators=indicators,
        work_plans=_work_plans(by_id),
        evaluations=_evaluations(by_id),
        awards=_awards(),
    )


@cache
def _cached() -> Dataset:
    """The sample, built once per process."""
    return _build()


def load_sample() -> Dataset:
    """Return the illustrative sample dataset (built once, then shared; it is immutable).

    The organisations and the review-conference and award facts come from public news
    reports; partners, activities, amounts, indicator values, evaluations and people are
    invented for teaching (see :data:`SAMPLE_NOTE`). No actual date is after
    :data:`SAMPLE_TODAY`.

    Returns:
        The sample :class:`~ppd_core.Dataset`; every call returns the same object.

    >>> ds = load_sample()
    >>> ds is load_sample()
    True
    >>> ds.counts()["organisations"]
    22
    """
    return _cached()
