"""Next-year candidate activities drawn from a dataset's work plan, for the course and the demo.

:func:`candidates_from_sample` turns the sample's work plan for a year into candidates (see
:data:`ppd_core.planning.CANDIDATE_COLUMNS`) and adds seeded random proposals with costs and
chances of success from a stated profile per kind (``data/sample/candidate_profiles.csv``).
The proposals are invented: a real organisation plans from its own proposals, not these.

>>> from ppd_core.datasets import candidates_from_sample, load_sample
>>> cands = candidates_from_sample(load_sample(), 2026, extra=5)
>>> cands["source"].value_counts().to_dict()
{'work plan': 9, 'proposal': 5}
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ppd_core.datasets._files import csv_rows
from ppd_core.reference import ReferenceData
from ppd_core.vocab import ActivityKind, PriorityArea

__all__ = ["candidates_from_sample"]


class _Profile(NamedTuple):
    """What a candidate of one kind typically costs, needs and yields (``candidate_profiles.csv``).

    Attributes:
        cost: Range of its own cost, in million VND.
        staff_days: Staff-days of work for a one-month activity.
        participants: Usual participants.
        resources: Usual resources mobilised from partners, in USD.
        p_substantive: Chance of evidence of results.
        months: Usual duration in months.
        weight: How often the kind is drawn among the proposals.
    """

    cost: tuple[int, int]
    staff_days: int
    participants: int
    resources: int
    p_substantive: float
    months: int
    weight: int


@cache
def _profiles() -> dict[str, _Profile]:
    """The profile of each activity kind, from the sample's data files."""
    return {
        r["kind"]: _Profile(
            (int(r["cost_min_mvnd"]), int(r["cost_max_mvnd"])),
            int(r["staff_days"]),
            int(r["participants"]),
            int(r["resources_usd"]),
            float(r["p_substantive"]),
            int(r["months"]),
            int(r["weight"]),
        )
        for r in csv_rows("candidate_profiles.csv")
    }


_NEW_PARTNER_COUNTRIES = ("LA", "KH", "TH", "ID", "JP", "KR", "IN", "AU", "DE", "FR", "BR", "ZA")
_ROLE_ORDER = {"funding": 0, "co_organising": 1, "implementing": 2, "participating": 3}


def candidates_from_sample(
    data: Any, year: int, *, organisation_id: str = "VUFO", extra: int = 30, seed: int = 2026
) -> pd.DataFrame:
    """A realistic, deterministic candidate list from a dataset's work plan plus proposals.

    The organisation's work plan for ``year`` gives the first candidates (id, title, kind,
    area, country, months and budget as cost; partner and participants from the recorded
    activity that carried it out, when there is one). ``extra`` further proposals are drawn
    with ``seed``: kinds weighted towards conferences and training, areas mostly from the
    plan's priorities, partners mostly from the dataset (a quarter are new), costs, staff-days,
    participants, expected resources and the chance of a substantive result from a stated
    profile per kind. The same arguments always give the same frame.

    Args:
        data: A Dataset (e.g. :func:`ppd_core.datasets.load_sample`), its frames or an
            Analysis.
        year: The plan year.
        organisation_id: Whose plan (default ``"VUFO"``; the sample also has ``"HN-UFO"``).
        extra: How many proposals to add to the plan's activities.
        seed: Random seed for the proposals.

    Returns:
        Candidates with the columns of :data:`~ppd_core.planning.CANDIDATE_COLUMNS` plus
        ``organisation_id``, ``source`` (``"work plan"`` or ``"proposal"``) and
        ``new_partner`` (the partner took part in no activity before ``year``).
    """
    from ppd_core.metrics import analysis

    an = analysis(data)
    frames = an.frames
    ref = an.reference
    rng = np.random.default_rng(seed)
    partners = frames["partners"].drop_duplicates("id").set_index("id")
    engaged = _partners_before(an, year)
    plans = frames["work_plans"]
    plan = plans[(plans["organisation_id"] == organisation_id) & (plans["year"] == year)]
    rows: list[dict[str, Any]] = []
    weights: dict[str, float] = {}
    if len(plan):
        plan_id = str(plan["id"].iloc[0])
        w = frames["work_plan_priority_weights"]
        w = w[w["work_plan_id"] == plan_id]
        weights = dict(zip(w["area"].astype("str"), w["weight"].astype(float), strict=True))
        rows += _plan_rows(an, plan_id, partners)
    rows += _proposal_rows(rng, extra, year, weights, partners, ref)
    out = pd.DataFrame(rows)
    out.insert(1, "organisation_id", organisation_id)
    out["new_partner"] = [isinstance(p, str) and p not in engaged for p in out["partner_id"]]
    return out


def _partners_before(an: Any, year: int) -> set[str]:
    """Partners that took part in some activity starting before ``year``."""
    links = an.link("activity_partners")
    start_year = an.activities["year"].to_numpy(dtype="float64", na_value=np.nan)
    before = start_year[links["row"].to_numpy()] < year
    return {str(p) for p in links["partner_id"][before]}


def _plan_rows(an: Any, plan_id: str, partners: pd.DataFrame) -> list[dict[str, Any]]:
    """Candidates from a work plan's planned activities."""
    frames = an.frames
    planned = frames["planned_activities"]
    planned = planned[planned["work_plan_id"] == plan_id]
    acts = frames["activities"].set_index("id")
    links = frames["activity_partners"].assign(
        order=lambda f: f["role"].astype("str").map(_ROLE_ORDER).fillna(9)
    )
    first_partner = (
        links.sort_values(["activity_id", "order", "partner_id"])
        .drop_duplicates("activity_id")
        .set_index("activity_id")["partner_id"]
    )
    rows = []
    for p in planned.to_dict("records"):
        kind = str(p["kind"])
        prof = _profiles()[kind]
        start, end = pd.Timestamp(p["start"]), pd.Timestamp(p["end"])
        months = end.month - start.month + 1
        activity = p["activity_id"] if isinstance(p["activity_id"], str) else None
        partner = first_partner.get(activity) if activity else None
        participants: float = prof.participants
        if activity in acts.index and not pd.isna(acts.loc[activity, "participants_total"]):
            participants = float(acts.loc[activity, "participants_total"])
        country = p["country"] if isinstance(p["country"], str) else None
        if country is None and isinstance(partner, str) and partner in partners.index:
            found = partners.loc[partner, "country"]
            country = found if isinstance(found, str) else None
        rows.append(
            {
                "id": str(p["id"]),
                "title": str(p["title"]),
                "title_vi": p["title_vi"] if isinstance(p["title_vi"], str) else None,
                "kind": kind,
                "priority_area": str(p["priority_area"]),
                "country": country,
                "partner_id": partner if isinstance(partner, str) else None,
                "cost": float(p["budget_amount"]),
                "currency": str(p["budget_currency"]),
                "expected_resources": float(prof.resources),
                "expected_participants": participants,
                "substantive_probability": prof.p_substantive,
                "start_month": start.month,
                "end_month": end.month,
                "staff_days": round(prof.staff_days * (1 + 0.1 * (months - 1)), 1),
                "source": "work plan",
            }
        )
    return rows


def _proposal_rows(
    rng: np.random.Generator,
    count: int,
    year: int,
    weights: dict[str, float],
    partners: pd.DataFrame,
    ref: ReferenceData,
) -> list[dict[str, Any]]:
    """``count`` drawn proposals (see :func:`candidates_from_sample`)."""
    profiles = _profiles()
    kinds = list(profiles)
    kind_p = np.array([profiles[k].weight for k in kinds], dtype=float)
    kind_p /= kind_p.sum()
    plan_areas = sorted(weights)
    area_p = np.array([weights[a] for a in plan_areas], dtype=float)
    all_areas = PriorityArea.codes()
    with_country = partners[partners["country"].notna()]
    known = sorted(with_country.index.astype(str))
    rows = []
    for i in range(count):
        kind = kinds[int(rng.choice(len(kinds), p=kind_p))]
        (low, high), staff, people, resources, prob, months, _ = profiles[kind]
        if plan_areas and rng.random() < 0.7:
            area = plan_areas[int(rng.choice(len(plan_areas), p=area_p / area_p.sum()))]
        else:
            area = all_areas[int(rng.integers(len(all_areas)))]
        if rng.random() < 0.75 and known:
            partner = known[int(rng.integers(len(known)))]
            country = str(with_country.loc[partner, "country"])
            name = name_vi = str(with_country.loc[partner, "name"])
            factor = 1.0
        else:
            country = _NEW_PARTNER_COUNTRIES[int(rng.integers(len(_NEW_PARTNER_COUNTRIES)))]
            partner = f"P-NEW-{year}-{i + 1:02d}"
            name = f"a new partner in {ref.country_name(country)}"
            name_vi = f"đối tác mới tại {ref.country_name(country, 'vi')}"
            factor = 0.7
        duration = max(1, months + int(rng.integers(-1, 2))) if months > 1 else 1
        start = int(rng.integers(1, 13 - duration + 1))
        cost = round(float(rng.uniform(low, high)) / 5) * 5 * 1_000_000
        rows.append(
            {
                "id": f"C-{year}-{i + 1:03d}",
                "title": f"{ActivityKind(kind).en} with {name}",
                "title_vi": f"{ActivityKind(kind).vi} – {name_vi}",
                "kind": kind,
                "priority_area": area,
                "country": country,
                "partner_id": partner,
                "cost": float(cost),
                "currency": "VND",
                "expected_resources": round(resources * factor * rng.lognormal(0, 0.5), -2),
                "expected_participants": float(round(people * rng.lognormal(0, 0.3))),
                "substantive_probability": round(
                    float(np.clip(prob + rng.uniform(-0.1, 0.1), 0.05, 0.95)), 2
                ),
                "start_month": start,
                "end_month": start + duration - 1,
                "staff_days": round(
                    staff * (1 + 0.1 * (duration - 1)) * float(rng.uniform(0.8, 1.2)) * 2
                )
                / 2,
                "source": "proposal",
            }
        )
    return rows
