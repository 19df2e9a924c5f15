"""Names of dimensions and of their codes in a language: what charts and the review print.

Codes are translated through their :mod:`ppd_core.vocab` vocabulary, countries through the
reference data, dimension names through the catalogue; anything else is shown as it is.
"""

from __future__ import annotations

from ppd_core.errors import UnknownCountryError
from ppd_core.i18n import N_, Lang, label, text
from ppd_core.metrics._base import NONE
from ppd_core.reference import default_reference
from ppd_core.vocab import (
    ActivityKind,
    ActivityStatus,
    CountryGroup,
    FlowForm,
    FlowStage,
    Modality,
    OrganisationLevel,
    PartnerType,
    PriorityArea,
    Sdg,
    Vocabulary,
)

DIMENSION_NAMES: dict[str, str] = {
    "organisation": N_("organisation"),
    "level": N_("organisation level"),
    "parent": N_("parent organisation"),
    "org_province": N_("province of the organisation"),
    "kind": N_("kind of activity"),
    "modality": N_("modality"),
    "status": N_("status"),
    "province": N_("province"),
    "country": N_("partner country"),
    "priority_area": N_("priority area"),
    "country_group": N_("country group"),
    "partner": N_("partner"),
    "partner_type": N_("partner type"),
    "sdg": N_("Sustainable Development Goal"),
    "year": N_("year"),
    "quarter": N_("quarter"),
    "month": N_("month"),
}
"""The name of each dimension of :mod:`ppd_core.metrics` (English; translate with ``text``)."""

VOCABULARY_OF: dict[str, type[Vocabulary]] = {
    "level": OrganisationLevel,
    "kind": ActivityKind,
    "modality": Modality,
    "status": ActivityStatus,
    "priority_area": PriorityArea,
    "partner_type": PartnerType,
    "country_group": CountryGroup,
    "stage": FlowStage,
    "form": FlowForm,
}


def dimension_name(dimension: str, lang: Lang) -> str:
    """The name of ``dimension`` in ``lang`` (the column name itself when unknown)."""
    return label(DIMENSION_NAMES, dimension, lang)


def code_label(vocabulary: type[Vocabulary], code: object, lang: Lang) -> str:
    """A code of ``vocabulary`` as its label in ``lang`` (the code itself when unknown)."""
    try:
        return vocabulary(str(code)).label(lang)
    except ValueError:
        return str(code)


def category_label(dimension: str, code: object, lang: Lang) -> str:
    """A code of ``dimension`` as a label in ``lang`` (vocabulary, country name or as is)."""
    value = str(code)
    if value == NONE or value in ("nan", "<NA>", "None"):
        return text("(none)", lang)
    vocabulary = VOCABULARY_OF.get(dimension)
    if vocabulary is not None:
        return code_label(vocabulary, value, lang)
    if dimension == "sdg":
        try:
            goal = Sdg(value)
        except ValueError:
            return value
        return text("SDG {number}: {goal}", lang, number=goal.value, goal=goal.label(lang))
    if dimension == "country":
        try:
            return default_reference().country_name(value, lang)
        except UnknownCountryError:
            return value
    return value
