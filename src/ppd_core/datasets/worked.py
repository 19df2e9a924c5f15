"""A tiny dataset whose every measure is worked out by hand: for docs, tests and the course.

Organisations: ROOT (central) ← HN (provincial) ← CLUB (grassroots).
Partners: PK (Cambodia), PL (Laos), PJ (Japan).

=====  =====  ====================  ======================  ==========================  =====
id     lead   dates                 countries               priority areas              part.
=====  =====  ====================  ======================  ==========================  =====
A1     HN     2024-03-01..03-10     KH 60, LA 40            community_health 100        100
A2     HN     2024-06-01            JP 100                  culture 50, ext. comm. 50    50
A3     CLUB   2025-01-15..01-16     KH 100                  culture 100                  30
A4     ROOT   planned 2025-05-01    —                       —                            —
=====  =====  ====================  ======================  ==========================  =====

A1: PK funding, PL participating; 1,000,000 VND own cost; PK pledged 1,000 USD (2024-02-01),
committed 1,000 USD (2024-02-15), disbursed 800 USD (2024-04-01); 20 trainees trained.
A2: PJ participating. A3: PK co-organising, follows up A1. A4: an anniversary, no partner.
Four indicators: I1 higher is better, I2 lower is better, I3 a zero target, I4 qualitative.

>>> from ppd_core.datasets import worked_example
>>> worked_example()
Dataset(3 organisations, 3 partners, 4 activities, 4 indicators)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ppd_core.dataset import Dataset
from ppd_core.models import Activity, Indicator, Organisation, Partner

__all__ = ["WORKED_TODAY", "worked_example"]

WORKED_TODAY = date(2026, 11, 22)
"""The day "now" the example is validated against."""


def _act(**kw: Any) -> Activity:
    return Activity.model_validate(kw, context={"today": WORKED_TODAY})


def _flow(stage: str, amount: str, day: date, currency: str = "USD") -> dict[str, Any]:
    return {
        "partner_id": "PK",
        "stage": stage,
        "date": day,
        "amount": {"amount": amount, "currency": currency},
    }


def _year(year: int, **values: Any) -> dict[str, Any]:
    """An indicator value for one calendar year (``target``, ``actual`` … as keywords)."""
    return {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31), **values}


def worked_example(flow_currency: str = "USD") -> Dataset:
    """The four activities above with their organisations, partners and indicators.

    Args:
        flow_currency: Currency of A1's resource flows (another one tests conversions).
    """
    # fmt: off
    # --8<-- [start:records]
    orgs = [
        Organisation(id="ROOT", name_vi="Gốc", type="central_standing_body", level="central"),
        Organisation(id="HN", name_vi="Hà Nội", type="provincial_union", level="provincial",
                     parent_id="ROOT", province="Hà Nội"),
        Organisation(id="CLUB", name_vi="CLB", type="member_association", level="grassroots",
                     parent_id="HN"),
    ]
    partners = [
        Partner(id="PK", name="Khmer NGO", country="KH", type="foreign_ngo"),
        Partner(id="PL", name="Lao Co", country="LA", type="business"),
        Partner(id="PJ", name="Japan Fdn", country="JP", type="foundation"),
    ]
    acts = [
        _act(id="A1", title="Health project", lead_organisation_id="HN",
             kind="development_project", status="closed",
             actual_start=date(2024, 3, 1), actual_end=date(2024, 3, 10),
             countries=[{"country": "KH", "percentage": 60}, {"country": "LA", "percentage": 40}],
             priority_areas=[{"area": "community_health"}],
             partners=[{"partner_id": "PK", "role": "funding"},
                       {"partner_id": "PL", "role": "participating"}],
             participants={"total": 100, "women": 40},
             cost={"amount": "1000000", "currency": "VND"},
             resource_flows=[_flow("pledged", "1000", date(2024, 2, 1), flow_currency),
                             _flow("committed", "1000", date(2024, 2, 15), flow_currency),
                             _flow("disbursed", "800", date(2024, 4, 1), flow_currency)],
             outputs={"trainees_trained": 20}),
        _act(id="A2", title="Forum", lead_organisation_id="HN", kind="conference_forum",
             status="closed", actual_start=date(2024, 6, 1), countries=[{"country": "JP"}],
             priority_areas=[{"area": "culture_education", "percentage": 50},
                             {"area": "external_communication", "percentage": 50}],
             partners=[{"partner_id": "PJ", "role": "participating"}],
             participants={"total": 50}),
        _act(id="A3", title="Exchange", lead_organisation_id="CLUB", kind="cultural_exchange",
             status="closed", actual_start=date(2025, 1, 15), actual_end=date(2025, 1, 16),
             countries=[{"country": "KH"}], priority_areas=[{"area": "culture_education"}],
             partners=[{"partner_id": "PK", "role": "co_organising"}],
             participants={"total": 30}, follow_up_of="A1"),
        _act(id="A4", title="Anniversary", lead_organisation_id="ROOT", kind="anniversary",
             status="pipeline", planned_start=date(2025, 5, 1)),
    ]
    indicators = [
        Indicator(id="I1", name="Partners", level="outcome", measure="unit",
                  baseline_value=10, values=[_year(2024, target=20, actual=15)]),
        Indicator(id="I2", name="Ceremonial share", level="outcome", measure="percentage",
                  direction="lower_is_better", baseline_value=10,
                  values=[_year(2024, target=5, actual=6)]),
        Indicator(id="I3", name="Complaints", level="output", measure="unit",
                  values=[_year(2024, target=0, actual=3), _year(2025, target=0)]),
        Indicator(id="I4", name="Directive", level="impact", measure="qualitative",
                  values=[_year(2024, target_text="adopted", actual_text="drafted")]),
    ]
    # --8<-- [end:records]
    # fmt: on
    return Dataset(organisations=orgs, partners=partners, activities=acts, indicators=indicators)
