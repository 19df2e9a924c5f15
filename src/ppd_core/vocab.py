"""Controlled vocabularies of the PPD domain, with stable codes and English/Vietnamese labels.

Every vocabulary is a :class:`Vocabulary` (a ``str`` enum): the member's value is its stable
code (what files, frames and the database store), and each member carries an English label,
a Vietnamese label and, where the IATI Standard 2.03 has an equivalent, the IATI code.

>>> from ppd_core.vocab import ActivityKind, PartnerType
>>> ActivityKind.DELEGATION_INBOUND.value
'delegation_inbound'
>>> ActivityKind("delegation_inbound").label("vi")
'Đón đoàn nước ngoài'
>>> PartnerType.FOREIGN_NGO.iati
'21'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

import ppd_core.i18n as _i18n
from ppd_core.i18n import Lang

__all__ = [
    "ActivityKind",
    "ActivityStatus",
    "AwardType",
    "CountryGroup",
    "DacCriterion",
    "Direction",
    "EvaluationSubject",
    "FlowForm",
    "FlowStage",
    "IndicatorMeasure",
    "Lang",
    "Modality",
    "OrganisationLevel",
    "OrganisationType",
    "OutputKind",
    "PartnerRole",
    "PartnerStatus",
    "PartnerType",
    "PriorityArea",
    "RecipientKind",
    "ResultLevel",
    "Sdg",
    "Vocabulary",
    "vocabularies",
]


class Vocabulary(StrEnum):
    """Base class of every vocabulary: a code with English and Vietnamese labels.

    Members are declared as ``NAME = (code, english, vietnamese)`` or
    ``NAME = (code, english, vietnamese, iati_code)``.
    """

    en: str
    """The English label."""
    vi: str
    """The Vietnamese label."""
    iati: str | None
    """The equivalent IATI 2.03 code, or ``None`` where IATI has none."""

    def __new__(cls, code: str, *labels: str) -> Self:
        """Create a member from its code, English and Vietnamese labels and IATI code.

        The signature is variadic so that ``Kind("code")`` (the enum lookup by value) type-checks.
        """
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.en = labels[0] if labels else code
        obj.vi = labels[1] if len(labels) > 1 else code
        obj.iati = labels[2] if len(labels) > 2 else None
        return obj

    def label(self, lang: Lang = "en") -> str:
        """Return the label in ``lang`` (``"en"`` or ``"vi"``)."""
        return self.vi if lang == "vi" else self.en

    @classmethod
    def codes(cls) -> list[str]:
        """Return every code of the vocabulary, in declaration order."""
        return [m.value for m in cls]

    @classmethod
    def named(cls) -> _i18n.Phrase:
        """The vocabulary's name in a problem text (the class name; in Vietnamese, what it lists).

        >>> ActivityStatus.named().in_language("vi")
        'trạng thái hoạt động'
        """
        return _i18n.Phrase(cls.__name__)

    @classmethod
    def from_iati(cls, code: str) -> Self:
        """Return the member whose IATI code is ``code``.

        Raises:
            ValueError: when no member maps to that IATI code.
        """
        for member in cls:
            if member.iati == code:
                return member
        raise ValueError(f"{cls.__name__} has no member for IATI code {code!r}")


class OrganisationType(Vocabulary):
    """The kind of body within Viet Nam's PPD system; IATI code is its OrganisationType."""

    CENTRAL_STANDING_BODY = (
        "central_standing_body",
        "Central standing body",
        "Cơ quan thường trực trung ương",
        "22",
    )
    CENTRAL_FRIENDSHIP_ASSOCIATION = (
        "central_friendship_association",
        "Central friendship association",
        "Hội hữu nghị trung ương",
        "22",
    )
    PROVINCIAL_UNION = (
        "provincial_union",
        "Provincial/municipal union of friendship organisations",
        "Liên hiệp các tổ chức hữu nghị tỉnh/thành phố",
        "22",
    )
    MEMBER_ASSOCIATION = (
        "member_association",
        "Member association, branch or friendship club",
        "Hội thành viên, chi hội, câu lạc bộ hữu nghị",
        "22",
    )
    VFF_COMMITTEE = (
        "vff_committee",
        "Viet Nam Fatherland Front committee",
        "Ủy ban Mặt trận Tổ quốc Việt Nam",
        "15",
    )
    MASS_ORGANISATION = (
        "mass_organisation",
        "Mass organisation",
        "Tổ chức chính trị - xã hội, đoàn thể",
        "22",
    )
    MINISTRY_AGENCY = ("ministry_agency", "Ministry or state agency", "Bộ, cơ quan nhà nước", "10")
    PARTY_BODY = (
        "party_body",
        "Party committee or commission",
        "Cơ quan, ban của Đảng",
        "15",
    )


class OrganisationLevel(Vocabulary):
    """Where a body sits in the hierarchy of the PPD system."""

    CENTRAL = ("central", "Central", "Trung ương")
    PROVINCIAL = ("provincial", "Provincial/municipal", "Tỉnh/thành phố")
    GRASSROOTS = ("grassroots", "Member association, branch or club", "Cơ sở (hội, chi hội, CLB)")


class PartnerType(Vocabulary):
    """The kind of foreign partner; IATI code is its OrganisationType."""

    FOREIGN_NGO = ("foreign_ngo", "Foreign NGO", "Tổ chức phi chính phủ nước ngoài", "21")
    FRIENDSHIP_ORGANISATION = (
        "friendship_organisation",
        "Friendship organisation abroad",
        "Tổ chức hữu nghị nước ngoài",
        "21",
    )
    INTERNATIONAL_ORGANISATION = (
        "international_organisation",
        "International organisation",
        "Tổ chức quốc tế",
        "40",
    )
    UNIVERSITY_RESEARCH = (
        "university_research",
        "University or research institute",
        "Trường đại học, viện nghiên cứu",
        "80",
    )
    FOUNDATION = ("foundation", "Foundation", "Quỹ", "60")
    BUSINESS = ("business", "Business", "Doanh nghiệp", "70")
    OVERSEAS_VIETNAMESE = (
        "overseas_vietnamese",
        "Overseas Vietnamese association",
        "Hội người Việt Nam ở nước ngoài",
        "21",
    )
    FOREIGN_GOVERNMENT = ("foreign_government", "Foreign government", "Chính phủ nước ngoài", "10")
    FOREIGN_LOCAL_AUTHORITY = (
        "foreign_local_authority",
        "Foreign local authority or sister city",
        "Chính quyền địa phương nước ngoài, thành phố kết nghĩa",
        "11",
    )
    MEDIA = ("media", "Media", "Cơ quan báo chí, truyền thông", "90")
    INDIVIDUAL = ("individual", "Individual international friend", "Cá nhân bạn bè quốc tế", "90")


class PartnerStatus(Vocabulary):
    """Where a partnership stands."""

    PROSPECTIVE = ("prospective", "Prospective", "Tiềm năng")
    ACTIVE = ("active", "Active", "Đang hợp tác")
    DORMANT = ("dormant", "Dormant", "Tạm ngừng")
    ENDED = ("ended", "Ended", "Đã kết thúc")


class PartnerRole(Vocabulary):
    """The role a partner plays in an activity; IATI code is its OrganisationRole."""

    FUNDING = ("funding", "Funding", "Tài trợ", "1")
    CO_ORGANISING = ("co_organising", "Co-organising", "Đồng tổ chức")
    IMPLEMENTING = ("implementing", "Implementing", "Thực hiện", "4")
    PARTICIPATING = ("participating", "Participating", "Tham gia")


class ActivityKind(Vocabulary):
    """The kinds of PPD activity."""

    CONFERENCE_FORUM = ("conference_forum", "Conference or forum", "Hội nghị, diễn đàn")
    DELEGATION_OUTBOUND = ("delegation_outbound", "Outbound delegation", "Đoàn ra")
    DELEGATION_INBOUND = ("delegation_inbound", "Inbound delegation", "Đón đoàn nước ngoài")
    CULTURAL_EXCHANGE = (
        "cultural_exchange",
        "Cultural exchange or festival",
        "Giao lưu văn hóa, lễ hội",
    )
    HUMANITARIAN_AID = ("humanitarian_aid", "Humanitarian aid and relief", "Viện trợ nhân đạo")
    DEVELOPMENT_PROJECT = (
        "development_project",
        "NGO-funded development project",
        "Dự án phát triển do tổ chức phi chính phủ tài trợ",
    )
    TRAINING_WORKSHOP = ("training_workshop", "Training course or workshop", "Tập huấn, hội thảo")
    COMMUNICATION_MEDIA = (
        "communication_media",
        "Communication campaign or media product",
        "Truyền thông, sản phẩm báo chí",
    )
    RESEARCH_POLICY = (
        "research_policy",
        "Research and policy advice",
        "Nghiên cứu, tham mưu chính sách",
    )
    ANNIVERSARY = (
        "anniversary",
        "Anniversary or commemoration",
        "Lễ kỷ niệm",
    )
    BRANCH_FOUNDING = (
        "branch_founding",
        "Founding of a branch or friendship club",
        "Thành lập chi hội, câu lạc bộ hữu nghị",
    )
    YOUTH_EXCHANGE = ("youth_exchange", "Youth exchange", "Giao lưu thanh niên")
    SCHOLARSHIP = ("scholarship", "Scholarship", "Học bổng")

    @property
    def implementable(self) -> bool:
        """Whether a partner can *implement* this kind of activity (rule PPD501).

        Implementing means physically carrying out a programme: a project, aid, a course,
        research, a campaign, an exchange or a scholarship. Meetings, delegations,
        anniversaries and foundings are organised, co-organised or attended, not implemented.
        """
        return self not in _NOT_IMPLEMENTABLE


_NOT_IMPLEMENTABLE = frozenset(
    {
        ActivityKind.CONFERENCE_FORUM,
        ActivityKind.DELEGATION_OUTBOUND,
        ActivityKind.DELEGATION_INBOUND,
        ActivityKind.ANNIVERSARY,
        ActivityKind.BRANCH_FOUNDING,
    }
)


class Modality(Vocabulary):
    """How an activity takes place."""

    IN_PERSON = ("in_person", "In person", "Trực tiếp")
    ONLINE = ("online", "Online", "Trực tuyến")
    HYBRID = ("hybrid", "Hybrid", "Kết hợp trực tiếp và trực tuyến")


class ActivityStatus(Vocabulary):
    """The stage of an activity; IATI code is its ActivityStatus (1–6)."""

    PIPELINE = ("pipeline", "Pipeline/identification", "Đang chuẩn bị", "1")
    IMPLEMENTATION = ("implementation", "Implementation", "Đang thực hiện", "2")
    FINALISATION = ("finalisation", "Finalisation", "Đang hoàn tất", "3")
    CLOSED = ("closed", "Closed", "Đã kết thúc", "4")
    CANCELLED = ("cancelled", "Cancelled", "Đã hủy", "5")
    SUSPENDED = ("suspended", "Suspended", "Tạm dừng", "6")


class PriorityArea(Vocabulary):
    """The priority areas named by the PPD system's review conferences.

    Each area maps to OECD-DAC 5-digit purpose codes (:attr:`dac_sectors`) and, where one fits,
    IATI policy markers (:attr:`policy_markers`); IATI import and export use these mappings.
    """

    CLIMATE_CHANGE = ("climate_change", "Climate change response", "Ứng phó biến đổi khí hậu")
    DISASTERS_EPIDEMICS = (
        "disasters_epidemics",
        "Natural disasters and epidemics",
        "Phòng chống thiên tai, dịch bệnh",
    )
    ENVIRONMENT = ("environment", "Environment", "Bảo vệ môi trường")
    DIGITAL_TRANSFORMATION = (
        "digital_transformation",
        "Digital transformation",
        "Chuyển đổi số",
    )
    HUMAN_RESOURCES = (
        "human_resources",
        "Human-resource training",
        "Đào tạo nguồn nhân lực",
    )
    WAR_CONSEQUENCES = (
        "war_consequences",
        "Overcoming war consequences",
        "Khắc phục hậu quả chiến tranh",
    )
    COMMUNITY_HEALTH = ("community_health", "Community health", "Chăm sóc sức khỏe cộng đồng")
    VULNERABLE_GROUPS = ("vulnerable_groups", "Vulnerable groups", "Hỗ trợ nhóm yếu thế")
    SCIENCE_INNOVATION = (
        "science_innovation",
        "Science, technology and innovation",
        "Khoa học, công nghệ và đổi mới sáng tạo",
    )
    GREEN_GROWTH = ("green_growth", "Green growth", "Tăng trưởng xanh")
    ECONOMIC_COOPERATION = (
        "economic_cooperation",
        "Economic cooperation and resource mobilisation",
        "Hợp tác kinh tế, vận động nguồn lực",
    )
    CULTURE_EDUCATION = ("culture_education", "Culture and education", "Văn hóa, giáo dục")
    NON_TRADITIONAL_SECURITY = (
        "non_traditional_security",
        "Non-traditional security",
        "An ninh phi truyền thống",
    )
    EXTERNAL_COMMUNICATION = (
        "external_communication",
        "External communication and national image",
        "Thông tin đối ngoại, quảng bá hình ảnh quốc gia",
    )

    @property
    def dac_sectors(self) -> tuple[str, ...]:
        """OECD-DAC 5-digit purpose codes (IATI sector vocabulary 1) for this area."""
        return _DAC_SECTORS[self]

    @property
    def policy_markers(self) -> tuple[str, ...]:
        """IATI PolicyMarker codes relevant to this area (may be empty)."""
        return _POLICY_MARKERS.get(self, ())


_DAC_SECTORS: dict[PriorityArea, tuple[str, ...]] = {
    PriorityArea.CLIMATE_CHANGE: ("41010", "41081"),
    PriorityArea.DISASTERS_EPIDEMICS: ("74020", "12250"),
    PriorityArea.ENVIRONMENT: ("41010", "41030"),
    PriorityArea.DIGITAL_TRANSFORMATION: ("22040",),
    PriorityArea.HUMAN_RESOURCES: ("11330", "11420"),
    PriorityArea.WAR_CONSEQUENCES: ("15250",),
    PriorityArea.COMMUNITY_HEALTH: ("12220", "12261"),
    PriorityArea.VULNERABLE_GROUPS: ("16010",),
    PriorityArea.SCIENCE_INNOVATION: ("43082",),
    PriorityArea.GREEN_GROWTH: ("23183", "41010"),
    PriorityArea.ECONOMIC_COOPERATION: ("33110", "25010"),
    PriorityArea.CULTURE_EDUCATION: ("16061", "11110"),
    PriorityArea.NON_TRADITIONAL_SECURITY: ("15220",),
    PriorityArea.EXTERNAL_COMMUNICATION: ("99820",),
}

_POLICY_MARKERS: dict[PriorityArea, tuple[str, ...]] = {
    PriorityArea.CLIMATE_CHANGE: ("6", "7"),
    PriorityArea.DISASTERS_EPIDEMICS: ("10",),
    PriorityArea.ENVIRONMENT: ("2", "5"),
    PriorityArea.GREEN_GROWTH: ("6",),
    PriorityArea.VULNERABLE_GROUPS: ("11",),
    PriorityArea.COMMUNITY_HEALTH: ("9",),
    PriorityArea.ECONOMIC_COOPERATION: ("4",),
}


class Sdg(Vocabulary):
    """The 17 UN Sustainable Development Goals; IATI code is the UNSDG-Goals code."""

    SDG1 = ("1", "No poverty", "Xóa nghèo", "1")
    SDG2 = ("2", "Zero hunger", "Xóa đói", "2")
    SDG3 = ("3", "Good health and well-being", "Sức khỏe có chất lượng", "3")
    SDG4 = ("4", "Quality education", "Giáo dục có chất lượng", "4")
    SDG5 = ("5", "Gender equality", "Bình đẳng giới", "5")
    SDG6 = ("6", "Clean water and sanitation", "Nước sạch và vệ sinh", "6")
    SDG7 = ("7", "Affordable and clean energy", "Năng lượng sạch với giá thành hợp lý", "7")
    SDG8 = ("8", "Decent work and economic growth", "Việc làm tốt và tăng trưởng kinh tế", "8")
    SDG9 = (
        "9",
        "Industry, innovation and infrastructure",
        "Công nghiệp, đổi mới sáng tạo và hạ tầng",
        "9",
    )
    SDG10 = ("10", "Reduced inequalities", "Giảm bất bình đẳng", "10")
    SDG11 = (
        "11",
        "Sustainable cities and communities",
        "Thành phố và cộng đồng bền vững",
        "11",
    )
    SDG12 = (
        "12",
        "Responsible consumption and production",
        "Tiêu dùng và sản xuất có trách nhiệm",
        "12",
    )
    SDG13 = ("13", "Climate action", "Hành động về khí hậu", "13")
    SDG14 = ("14", "Life below water", "Tài nguyên và môi trường biển", "14")
    SDG15 = ("15", "Life on land", "Tài nguyên và môi trường trên đất liền", "15")
    SDG16 = (
        "16",
        "Peace, justice and strong institutions",
        "Hòa bình, công lý và thể chế vững mạnh",
        "16",
    )
    SDG17 = ("17", "Partnerships for the goals", "Quan hệ đối tác vì các mục tiêu", "17")


class DacCriterion(Vocabulary):
    """The six OECD-DAC evaluation criteria (2019 definitions)."""

    RELEVANCE = ("relevance", "Relevance", "Tính phù hợp")
    COHERENCE = ("coherence", "Coherence", "Tính nhất quán")
    EFFECTIVENESS = ("effectiveness", "Effectiveness", "Tính hiệu quả")
    EFFICIENCY = ("efficiency", "Efficiency", "Hiệu suất")
    IMPACT = ("impact", "Impact", "Tác động")
    SUSTAINABILITY = ("sustainability", "Sustainability", "Tính bền vững")


class EvaluationSubject(Vocabulary):
    """What an evaluation rates."""

    ACTIVITY = ("activity", "Activity", "Hoạt động")
    PROGRAMME = ("programme", "Programme", "Chương trình")


class FlowStage(Vocabulary):
    """The stage of a resource flow from a partner; IATI code is its TransactionType."""

    PLEDGED = ("pledged", "Pledged", "Cam kết sơ bộ", "13")
    COMMITTED = ("committed", "Committed", "Cam kết chính thức", "11")
    DISBURSED = ("disbursed", "Disbursed", "Đã giải ngân", "1")


class FlowForm(Vocabulary):
    """The form of a resource flow."""

    CASH = ("cash", "Cash", "Tiền mặt")
    IN_KIND = ("in_kind", "In kind", "Hiện vật")


class ResultLevel(Vocabulary):
    """The level of a result in the results chain; IATI code is its ResultType."""

    OUTPUT = ("output", "Output", "Đầu ra", "1")
    OUTCOME = ("outcome", "Outcome", "Kết quả", "2")
    IMPACT = ("impact", "Impact", "Tác động", "3")


class IndicatorMeasure(Vocabulary):
    """How an indicator is measured; IATI code is its IndicatorMeasure."""

    UNIT = ("unit", "Unit", "Đơn vị", "1")
    PERCENTAGE = ("percentage", "Percentage", "Tỷ lệ phần trăm", "2")
    NOMINAL = ("nominal", "Nominal", "Định danh", "3")
    ORDINAL = ("ordinal", "Ordinal", "Thứ bậc", "4")
    QUALITATIVE = ("qualitative", "Qualitative", "Định tính", "5")

    @property
    def numeric(self) -> bool:
        """Whether targets and actuals of this measure are numbers (rule PPD601)."""
        return self is not IndicatorMeasure.QUALITATIVE


class Direction(Vocabulary):
    """Whether a higher or a lower value of an indicator is better."""

    HIGHER_IS_BETTER = ("higher_is_better", "Higher is better", "Càng cao càng tốt")
    LOWER_IS_BETTER = ("lower_is_better", "Lower is better", "Càng thấp càng tốt")


class OutputKind(Vocabulary):
    """Countable outputs an activity can record."""

    AGREEMENTS_SIGNED = ("agreements_signed", "Agreements signed", "Thỏa thuận được ký kết")
    MEDIA_ITEMS = ("media_items", "Media items published", "Tin, bài, sản phẩm truyền thông")
    TRAINEES_TRAINED = ("trainees_trained", "Trainees trained", "Lượt người được đào tạo")
    PUBLICATIONS = ("publications", "Publications", "Ấn phẩm")
    POLICY_RECOMMENDATIONS = (
        "policy_recommendations",
        "Policy recommendations submitted",
        "Kiến nghị chính sách",
    )
    BRANCHES_FOUNDED = ("branches_founded", "Branches or clubs founded", "Chi hội, CLB thành lập")
    SCHOLARSHIPS_AWARDED = ("scholarships_awarded", "Scholarships awarded", "Suất học bổng")
    BENEFICIARIES_REACHED = ("beneficiaries_reached", "Beneficiaries reached", "Người thụ hưởng")


class CountryGroup(Vocabulary):
    """Country groupings planners use; membership is dated reference data."""

    NEIGHBOUR = ("neighbour", "Neighbouring country", "Nước láng giềng")
    ASEAN = ("asean", "ASEAN member", "Thành viên ASEAN")
    COMPREHENSIVE_STRATEGIC_PARTNER = (
        "comprehensive_strategic_partner",
        "Comprehensive strategic partner",
        "Đối tác chiến lược toàn diện",
    )
    STRATEGIC_PARTNER = ("strategic_partner", "Strategic partner", "Đối tác chiến lược")
    COMPREHENSIVE_PARTNER = ("comprehensive_partner", "Comprehensive partner", "Đối tác toàn diện")


class AwardType(Vocabulary):
    """Forms of recognition given for PPD work."""

    EMULATION_FLAG = ("emulation_flag", "Emulation flag", "Cờ thi đua")
    CERTIFICATE_OF_MERIT = ("certificate_of_merit", "Certificate of merit", "Bằng khen")
    COMMEMORATIVE_MEDAL = (
        "commemorative_medal",
        "Commemorative medal “For the cause of people-to-people diplomacy”",
        "Kỷ niệm chương “Vì sự nghiệp đối ngoại nhân dân”",
    )


class RecipientKind(Vocabulary):
    """Who receives an award."""

    COLLECTIVE = ("collective", "Collective", "Tập thể")
    INDIVIDUAL = ("individual", "Individual", "Cá nhân")
    MIXED = ("mixed", "Collectives and individuals", "Tập thể và cá nhân")


_BY_NAME: dict[str, type[Vocabulary]] = {
    _i18n.N_("OrganisationType"): OrganisationType,
    _i18n.N_("OrganisationLevel"): OrganisationLevel,
    _i18n.N_("PartnerType"): PartnerType,
    _i18n.N_("PartnerStatus"): PartnerStatus,
    _i18n.N_("PartnerRole"): PartnerRole,
    _i18n.N_("ActivityKind"): ActivityKind,
    _i18n.N_("Modality"): Modality,
    _i18n.N_("ActivityStatus"): ActivityStatus,
    _i18n.N_("PriorityArea"): PriorityArea,
    _i18n.N_("Sdg"): Sdg,
    _i18n.N_("DacCriterion"): DacCriterion,
    _i18n.N_("EvaluationSubject"): EvaluationSubject,
    _i18n.N_("FlowStage"): FlowStage,
    _i18n.N_("FlowForm"): FlowForm,
    _i18n.N_("ResultLevel"): ResultLevel,
    _i18n.N_("IndicatorMeasure"): IndicatorMeasure,
    _i18n.N_("Direction"): Direction,
    _i18n.N_("OutputKind"): OutputKind,
    _i18n.N_("CountryGroup"): CountryGroup,
    _i18n.N_("AwardType"): AwardType,
    _i18n.N_("RecipientKind"): RecipientKind,
}
"""Every vocabulary by class name; the names are in the catalogue, so a Vietnamese problem text
names a vocabulary by what it lists (``ActivityKind``: ``loại hoạt động``)."""


def vocabularies() -> dict[str, type[Vocabulary]]:
    """Return every vocabulary by class name (for templates, docs and dropdown lists)."""
    return dict(_BY_NAME)
