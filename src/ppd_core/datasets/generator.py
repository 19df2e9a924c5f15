"""Deterministic synthetic PPD data, from tens to a million activities, built column-wise.

The generator draws whole columns with NumPy (no record objects), so a million activities
take seconds. Distributions are chosen to look like the real thing: a few partners account
for most activities and resources (Zipf), activities peak around anniversaries and year-end
reviews, budgets are log-normal, pledges are not always disbursed.

>>> from ppd_core.datasets import synthetic
>>> ds = synthetic(seed=7, activities=200)
>>> ds.counts()["activities"]
200
>>> synthetic(seed=7, activities=200) == ds
True

:func:`~ppd_core.datasets.messy_frames` (in :mod:`ppd_core.datasets.messy`) turns a dataset
into the text tables an organisation's spreadsheet would hold, with realistic mess injected.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, Unpack

import numpy as np
import pandas as pd

from ppd_core import vocab
from ppd_core.datasets._actors import (
    COUNTRIES,
    PROVINCES,
    draw_organisations,
    draw_partners,
    table_frame,
    weights,
    zipf_choice,
)
from ppd_core.datasets.messy import messy_frames  # its home until 0.1: keep the old path
from ppd_core.reference import default_reference
from ppd_core.tables import SCHEMA
from ppd_core.vocab import ActivityKind

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = ["messy_frames", "synthetic", "synthetic_frames"]

_END_YEAR = 2025
"""Default last year of activities."""

_KINDS: list[tuple[ActivityKind, float]] = [
    (ActivityKind.CONFERENCE_FORUM, 12),
    (ActivityKind.DELEGATION_INBOUND, 14),
    (ActivityKind.DELEGATION_OUTBOUND, 9),
    (ActivityKind.CULTURAL_EXCHANGE, 12),
    (ActivityKind.HUMANITARIAN_AID, 8),
    (ActivityKind.DEVELOPMENT_PROJECT, 8),
    (ActivityKind.TRAINING_WORKSHOP, 10),
    (ActivityKind.COMMUNICATION_MEDIA, 7),
    (ActivityKind.RESEARCH_POLICY, 3),
    (ActivityKind.ANNIVERSARY, 8),
    (ActivityKind.BRANCH_FOUNDING, 2),
    (ActivityKind.YOUTH_EXCHANGE, 5),
    (ActivityKind.SCHOLARSHIP, 2),
]

# Month weights: peaks around national anniversaries (Feb, May, Sep) and year-end reviews.
_MONTHS = np.array([6, 7, 8, 8, 10, 8, 7, 8, 10, 9, 9, 12], dtype=float)


def synthetic_frames(
    seed: int = 0,
    activities: int = 1000,
    *,
    organisations: int | None = None,
    partners: int | None = None,
    start_year: int = 2021,
    end_year: int = _END_YEAR,
) -> dict[str, pd.DataFrame]:
    """Generate the tables of a synthetic dataset (schema dtypes, every rule satisfied).

    Args:
        seed: Random seed; the same seed and sizes give identical tables.
        activities: Number of activities.
        organisations: Number of organisations (default: grows slowly with ``activities``).
        partners: Number of partners (default: about one per 20 activities, at least 20).
        start_year: First year of activities.
        end_year: Last year of activities (all dates before 2026-01-01 by default).

    Returns:
        Frames by table name, ready for :meth:`ppd_core.Dataset.from_frames`.
    """
    rng = np.random.default_rng(seed)
    n = activities
    n_org = organisations or int(min(600, max(12, 10 + n // 2000)))
    n_ptn = partners or int(min(60_000, max(20, n // 20)))
    orgs = draw_organisations(rng, n_org)
    ptns, ptn_country = draw_partners(rng, n_ptn, date(start_year, 1, 1))

    kind_codes = np.array([k.value for k, _ in _KINDS])
    kind_i = rng.choice(len(_KINDS), size=n, p=weights([w for _, w in _KINDS]))
    kinds = kind_codes[kind_i]
    lead = orgs["id"].to_numpy()[zipf_choice(rng, n_org, n, 0.8)]
    years = rng.integers(start_year, end_year + 1, size=n)
    months = rng.choice(12, size=n, p=_MONTHS / _MONTHS.sum()) + 1
    days = rng.integers(1, 29, size=n)
    starts = (
        pd.to_datetime({"year": years, "month": months, "day": days})
        .to_numpy()
        .astype("datetime64[s]")
    )
    long_kind = np.isin(kinds, ["development_project", "humanitarian_aid", "scholarship"])
    duration = np.where(long_kind, rng.integers(30, 240, size=n), rng.integers(0, 5, size=n))
    ends = starts + duration.astype("timedelta64[D]")
    cutoff = np.datetime64(f"{end_year}-12-31", "s")
    ends = np.minimum(ends, cutoff)
    online_p = np.where(years <= 2021, 0.45, 0.12)
    r = rng.random(n)
    modality = np.where(
        r < online_p,
        vocab.Modality.ONLINE.value,
        np.where(r < online_p + 0.1, vocab.Modality.HYBRID.value, vocab.Modality.IN_PERSON.value),
    )
    status = np.where(
        rng.random(n) < 0.03,
        vocab.ActivityStatus.CANCELLED.value,
        vocab.ActivityStatus.CLOSED.value,
    )
    total = np.maximum(5, rng.lognormal(3.6, 0.9, size=n)).astype(np.int64)
    foreign = (total * rng.uniform(0.05, 0.6, size=n)).astype(np.int64)
    women = (total * rng.uniform(0.3, 0.6, size=n)).astype(np.int64)
    youth = (total * rng.uniform(0.0, 0.5, size=n)).astype(np.int64)
    cost = (np.round(rng.lognormal(18.2, 1.1, size=n) / 1000) * 1000).astype(np.int64)
    ids = np.array([f"ACT-{i:07d}" for i in range(n)], dtype=object)
    acts = table_frame(
        "activities",
        {
            "id": ids,
            "title": pd.Series(kind_codes, dtype="str")
            .str.replace("_", " ")
            .str.capitalize()
            .to_numpy()[kind_i]
            + " "
            + pd.Series(ids, dtype="str").to_numpy(),
            "lead_organisation_id": lead,
            "kind": kinds,
            "status": status,
            "modality": modality,
            "planned_start": starts,
            "planned_end": ends,
            "actual_start": starts,
            "actual_end": ends,
            "participants_total": total,
            "participants_foreign": foreign,
            "participants_domestic": total - foreign,
            "participants_women": women,
            "participants_youth": youth,
            "cost_amount": [Decimal(int(c)) for c in cost],
            "cost_currency": np.full(n, "VND"),
        },
    )

    # partners per activity: 1–3, drawn Zipf so a few partners dominate
    per = rng.choice([1, 2, 3], size=n, p=[0.6, 0.3, 0.1])
    act_of = np.repeat(np.arange(n), per)
    ptn_of = zipf_choice(rng, n_ptn, len(act_of), 1.05)
    pairs = pd.DataFrame({"a": act_of, "p": ptn_of}).drop_duplicates()
    act_of, ptn_of = pairs["a"].to_numpy(), pairs["p"].to_numpy()
    first_of = np.r_[True, act_of[1:] != act_of[:-1]]
    implementable = ~np.isin(kinds, [k.value for k in ActivityKind if not k.implementable])
    role_r = rng.random(len(act_of))
    role = np.where(
        first_of & (role_r < 0.35),
        vocab.PartnerRole.FUNDING.value,
        np.where(
            role_r < 0.6,
            vocab.PartnerRole.CO_ORGANISING.value,
            vocab.PartnerRole.PARTICIPATING.value,
        ),
    )
    role = np.where(
        (role == vocab.PartnerRole.PARTICIPATING.value) & implementable[act_of] & (role_r > 0.85),
        vocab.PartnerRole.IMPLEMENTING.value,
        role,
    )
    partner_ids = ptns["id"].to_numpy()
    links = table_frame(
        "activity_partners",
        {
            "activity_id": ids[act_of],
            "partner_id": partner_ids[ptn_of],
            "role": role,
        },
    )

    # countries: the first partner's country, sometimes split with a second country
    codes = np.array([c for c, _, _ in COUNTRIES])
    currency_of = np.array([cur for _, _, cur in COUNTRIES])
    first_ptn = np.full(n, -1)
    first_ptn[act_of[first_of]] = ptn_of[first_of]
    c1 = ptn_country[first_ptn]
    split = rng.random(n) < 0.15
    c2 = (c1 + 1 + rng.integers(len(codes) - 1, size=n)) % len(codes)
    pct1 = rng.choice([50.0, 60.0, 70.0], size=n)
    countries = _two_way_split(
        "activity_countries", "country", ids, codes[c1], codes[c2], split, pct1
    )

    areas = np.array([a.value for a in vocab.PriorityArea])
    a1 = rng.integers(len(areas), size=n)
    two = rng.random(n) < 0.3
    a2 = (a1 + 1 + rng.integers(len(areas) - 1, size=n)) % len(areas)
    priorities = _two_way_split(
        "activity_priority_areas", "area", ids, areas[a1], areas[a2], two, np.full(n, 50.0)
    )

    sdg_codes = np.array([s.value for s in vocab.Sdg])
    has_sdg = rng.random(n) < 0.5
    sdgs = table_frame(
        "activity_sdgs",
        {
            "activity_id": ids[has_sdg],
            "sdg": sdg_codes[rng.integers(17, size=int(has_sdg.sum()))],
        },
    )
    provinces = table_frame(
        "activity_provinces",
        {
            "activity_id": ids,
            "province": np.array(PROVINCES)[rng.integers(len(PROVINCES), size=n)],
            "percentage": np.full(n, 100.0),
        },
    )

    flows = _flows(
        rng,
        ids,
        kinds,
        starts,
        act_of,
        ptn_of,
        first_of,
        role,
        partner_ids,
        currency_of[ptn_country],
        cutoff,
    )

    has_out = rng.random(n) < 0.45
    out_kinds = np.array([o.value for o in vocab.OutputKind])
    out_a = np.flatnonzero(has_out)
    outputs = table_frame(
        "activity_outputs",
        {
            "activity_id": ids[out_a],
            "output": out_kinds[rng.integers(len(out_kinds), size=len(out_a))],
            "count": rng.integers(1, 30, size=len(out_a)),
        },
    )
    frames = {
        "organisations": orgs,
        "partners": ptns,
        "activities": acts,
        "activity_partners": links,
        "activity_countries": countries,
        "activity_priority_areas": priorities,
        "activity_sdgs": sdgs,
        "activity_provinces": provinces,
        "resource_flows": flows,
        "activity_outputs": outputs,
    }
    return {name: frames.get(name, table_frame(name, {})) for name in SCHEMA}


def _two_way_split(
    table: str,
    column: str,
    ids: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    two: np.ndarray,
    first_share: np.ndarray,
) -> pd.DataFrame:
    """A split link table, its rows grouped by activity.

    Each activity is 100 % ``first``, or, where ``two`` holds, ``first_share`` % ``first``
    and the rest ``second``.
    """
    n = len(ids)
    rows = np.concatenate([np.arange(n), np.flatnonzero(two)])
    values = np.concatenate([first, second[two]])
    shares = np.concatenate([np.where(two, first_share, 100.0), 100.0 - first_share[two]])
    order = np.argsort(rows, kind="stable")
    return table_frame(
        table,
        {"activity_id": ids[rows[order]], column: values[order], "percentage": shares[order]},
    )


def _flows(
    rng: np.random.Generator,
    ids: np.ndarray,
    kinds: np.ndarray,
    starts: np.ndarray,
    act_of: np.ndarray,
    ptn_of: np.ndarray,
    first_of: np.ndarray,
    role: np.ndarray,
    partner_ids: np.ndarray,
    partner_currency: np.ndarray,
    cutoff: np.datetime64,
) -> pd.DataFrame:
    """Pledge → commitment → disbursement chains from funding partners (some never paid)."""
    funding = np.flatnonzero(role == vocab.PartnerRole.FUNDING.value)
    a = act_of[funding]
    p = ptn_of[funding]
    cur = partner_currency[p]
    usd = rng.lognormal(8.5, 1.3, size=len(a))
    ref = default_reference()
    rate = np.array([float(ref.rate("USD", c, 2024)) for c in cur])
    amount = np.round(usd * rate, 0)
    committed = rng.random(len(a)) < 0.75
    disbursed = committed & (rng.random(len(a)) < 0.8)
    in_kind = rng.random(len(a)) < 0.2
    lag1 = rng.integers(10, 90, size=len(a)).astype("timedelta64[D]")
    lag2 = rng.integers(20, 200, size=len(a)).astype("timedelta64[D]")
    d0 = starts[a] - rng.integers(15, 120, size=len(a)).astype("timedelta64[D]")
    d1 = np.minimum(d0 + lag1, cutoff)
    d2 = np.minimum(d1 + lag2, cutoff)
    parts = [
        (np.ones(len(a), dtype=bool), vocab.FlowStage.PLEDGED.value, d0, 1.0),
        (committed, vocab.FlowStage.COMMITTED.value, d1, 1.0),
        (disbursed, vocab.FlowStage.DISBURSED.value, d2, 0.9),
    ]
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("i", "stage", "date", "amount")}
    for mask, stage, when, share in parts:
        cols["i"].append(np.flatnonzero(mask))
        cols["stage"].append(np.full(int(mask.sum()), stage))
        cols["date"].append(when[mask])
        cols["amount"].append(np.round(amount[mask] * share, 0))
    i = np.concatenate(cols["i"])
    order = np.lexsort((np.concatenate(cols["date"]), a[i]))
    i = i[order]
    return table_frame(
        "resource_flows",
        {
            "activity_id": ids[a[i]],
            "partner_id": partner_ids[p[i]],
            "stage": np.concatenate(cols["stage"])[order],
            "form": np.where(in_kind[i], vocab.FlowForm.IN_KIND.value, vocab.FlowForm.CASH.value),
            "amount": [Decimal(int(x)) for x in np.concatenate(cols["amount"])[order]],
            "currency": cur[i],
            "date": np.concatenate(cols["date"])[order],
        },
    )


class SyntheticSizes(TypedDict, total=False):
    """The keyword arguments of :func:`synthetic` (see :func:`synthetic_frames`)."""

    organisations: int | None
    partners: int | None
    start_year: int
    end_year: int


def synthetic(seed: int = 0, activities: int = 1000, **sizes: Unpack[SyntheticSizes]) -> Dataset:
    """Generate a synthetic Dataset (deterministic for a seed); see :func:`synthetic_frames`.

    ``sizes`` are the keyword arguments of :func:`synthetic_frames` (``organisations``,
    ``partners``, ``start_year``, ``end_year``). The tables pass through
    :meth:`ppd_core.Dataset.from_frames`, so every rule is checked; "today" is the first day
    after ``end_year``.
    """
    from ppd_core.dataset import Dataset

    frames = synthetic_frames(seed, activities, **sizes)
    end_year = sizes.get("end_year", _END_YEAR)
    return Dataset.from_frames(frames, today=date(end_year + 1, 1, 1))
