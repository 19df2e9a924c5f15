"""Candidate activities: the frame every planning step works on, checked and completed.

A *candidate* is an activity an organisation could put in next year's plan. Candidates are a
plain frame with the columns of :data:`CANDIDATE_COLUMNS` (only ``id`` and ``cost`` are
required); :func:`prepare_candidates` checks them, fills the documented defaults and converts
costs to VND; :func:`candidate_groups` looks up each candidate's country groups on its start
day. (A realistic list drawn from the sample dataset for the course and the demo is
:func:`ppd_core.datasets.candidates_from_sample`.)

>>> import pandas as pd
>>> frame = pd.DataFrame({"id": ["A", "B"], "cost": [100e6, 250e6], "start_month": [3, 5]})
>>> prepared = prepare_candidates(frame)
>>> prepared[["id", "cost_vnd", "start_month", "end_month", "staff_days"]].to_dict("list")
{'id': ['A', 'B'], 'cost_vnd': [100000000.0, 250000000.0], 'start_month': [3, 5], \
'end_month': [3, 5], 'staff_days': [0.0, 0.0]}
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.reference import ReferenceData, default_reference
from ppd_core.vocab import ActivityKind, CountryGroup, PriorityArea

__all__ = [
    "CANDIDATE_COLUMNS",
    "EVIDENCE_FLAGS",
    "candidate_groups",
    "monthly_load",
    "prepare_candidates",
]

CANDIDATE_COLUMNS: dict[str, str] = {
    "id": "required: a unique identifier (no spaces), e.g. 'PA-03' or 'C-2026-014'",
    "title": "short title (default: the id)",
    "title_vi": "the title in Vietnamese, optional (the Vietnamese review shows it)",
    "kind": "activity kind code (ppd_core.vocab.ActivityKind), optional",
    "priority_area": "the main priority area code (ppd_core.vocab.PriorityArea), optional",
    "country": "the main partner country, ISO 3166-1 alpha-2, optional (none: domestic)",
    "partner_id": "the main foreign partner's id, optional",
    "cost": "required: the organisation's own cost, in `currency` (default VND), ≥ 0",
    "currency": "ISO 4217 code of `cost` (default VND); converted to VND at the plan year's "
    "annual reference rate",
    "expected_resources": "resources the partner is expected to mobilise, in USD (default 0)",
    "expected_participants": "expected participants (default 0)",
    "substantive_probability": "chance (0–1) that the activity yields evidence of results: "
    "an agreement, an output, resources or a follow-up (default: from the evidence flags)",
    "plans_agreement / plans_output / plans_resources / plans_follow_up": "evidence flags "
    "(booleans) used when `substantive_probability` is absent: the probability is the share "
    "of the four kinds of evidence planned (a stated, crude proxy); 0 without flags",
    "start_month": "first month of the plan year it runs in, 1–12 (default 1)",
    "end_month": "last month, start_month–12 (default: start_month, or 12 if both are missing)",
    "staff_days": "staff-days of work it needs, spread evenly over its months (default 0)",
    "country_groups": "optional: the country's groups, ';'-separated codes "
    "(ppd_core.vocab.CountryGroup); when absent they are looked up on the start day",
}
"""The candidate columns and what they mean (``id`` and ``cost`` are required)."""

EVIDENCE_FLAGS = ("plans_agreement", "plans_output", "plans_resources", "plans_follow_up")
"""Evidence flags that stand in for ``substantive_probability`` when it is absent."""

_NUMERIC_DEFAULTS = {"expected_resources": 0.0, "expected_participants": 0.0, "staff_days": 0.0}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-missing one when the frame lacks it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _text_values(series: pd.Series) -> list[str | None]:
    """Values as text, ``None`` for missing or empty."""
    out: list[str | None] = []
    for v in series.tolist():
        missing = v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
        text = None if missing else str(v).strip()
        out.append(text or None)
    return out


def prepare_candidates(
    candidates: pd.DataFrame,
    *,
    year: int | None = None,
    reference: ReferenceData | None = None,
) -> pd.DataFrame:
    """Check candidates and complete them with the defaults of :data:`CANDIDATE_COLUMNS`.

    The result keeps every input column and adds ``cost_vnd`` (cost × the VND rate of
    ``currency`` in ``year``); ``start_month``/``end_month`` become integers,
    the numeric columns floats, ``substantive_probability`` is filled from the evidence flags
    and text columns hold ``None`` when empty. Preparing twice gives the same frame.

    Args:
        candidates: The candidate frame.
        year: The plan year (needed only to convert costs not in VND).
        reference: Reference data for exchange rates (default: the one in force).

    Returns:
        A new frame, one row per candidate, in the input order.

    Raises:
        ValueError: listing every problem found (missing columns, duplicate ids, negative or
            missing costs, months outside 1–12, probabilities outside 0–1, unknown codes).
    """
    ref = reference or default_reference()
    problems: list[str] = []
    missing = [c for c in ("id", "cost") if c not in candidates.columns]
    if missing:
        raise ValueError(
            f"Candidates need the column(s) {', '.join(missing)}; see "
            "ppd_core.planning.CANDIDATE_COLUMNS for every column and its meaning."
        )
    out = candidates.copy().reset_index(drop=True)
    ids = _text_values(out["id"])
    if any(i is None for i in ids):
        problems.append("some candidates have no id")
    dupes = sorted({i for i in ids if i is not None and ids.count(i) > 1})
    if dupes:
        problems.append(f"duplicate ids: {', '.join(dupes[:10])}")
    out["id"] = [str(i) for i in ids]
    titles = _text_values(_column(out, "title"))
    out["title"] = [t or i for t, i in zip(titles, out["id"], strict=True)]
    for name in ("kind", "priority_area", "country", "partner_id"):
        out[name] = pd.Series(_text_values(_column(out, name)), dtype=object)
    _check_codes(out, "kind", ActivityKind.codes(), problems)
    _check_codes(out, "priority_area", PriorityArea.codes(), problems)
    bad_countries = sorted({c for c in out["country"] if c is not None and not ref.is_country(c)})
    if bad_countries:
        problems.append(f"unknown country codes: {', '.join(bad_countries[:10])}")
    cost = pd.to_numeric(out["cost"], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(cost).any() or (cost < 0).any():
        bad = [i for i, c in zip(out["id"], cost, strict=True) if not c >= 0]
        problems.append(f"cost missing or negative for: {', '.join(bad[:10])}")
    out["cost"] = cost
    currency = [c or "VND" for c in _text_values(_column(out, "currency"))]
    out["currency"] = pd.Series([c.upper() for c in currency], dtype=object)
    out["cost_vnd"] = _to_vnd(cost, out["currency"].tolist(), year, ref, problems)
    for name, default in _NUMERIC_DEFAULTS.items():
        values = pd.to_numeric(_column(out, name), errors="coerce").to_numpy(dtype="float64")
        values = np.where(np.isnan(values), default, values)
        if (values < 0).any():
            problems.append(f"{name} is negative for some candidates")
        out[name] = values
    out["substantive_probability"] = _probability(out, problems)
    _months(out, problems)
    if problems:
        raise ValueError("Candidates have problems: " + "; ".join(problems) + ".")
    return out


def _check_codes(frame: pd.DataFrame, name: str, codes: list[str], problems: list[str]) -> None:
    unknown = sorted({v for v in frame[name] if v is not None and v not in codes})
    if unknown:
        problems.append(f"unknown {name} codes: {', '.join(unknown[:10])}")


def _to_vnd(
    cost: np.ndarray,
    currencies: list[str],
    year: int | None,
    ref: ReferenceData,
    problems: list[str],
) -> np.ndarray:
    """Costs in VND: cost × VND per unit of its currency in ``year``."""
    out = cost.astype("float64").copy()
    foreign = sorted({c for c in currencies if c != "VND"})
    if not foreign:
        return out
    if year is None:
        problems.append(
            f"costs in {', '.join(foreign)} need year= to convert them to VND at that "
            "year's reference rate"
        )
        return out
    for cur in foreign:
        try:
            rate = float(ref.rate(cur, "VND", year))
        except Exception as exc:  # MissingRateError, unknown currency
            problems.append(str(exc))
            continue
        mask = np.array([c == cur for c in currencies])
        out[mask] = cost[mask] * rate
    return out


def _probability(frame: pd.DataFrame, problems: list[str]) -> np.ndarray:
    """``substantive_probability``, else the share of the four evidence flags planned."""
    given = pd.to_numeric(_column(frame, "substantive_probability"), errors="coerce")
    p = given.to_numpy(dtype="float64")
    flags = [f for f in EVIDENCE_FLAGS if f in frame.columns]
    if flags:
        planned = np.zeros(len(frame))
        for f in flags:
            planned += frame[f].fillna(False).astype(bool).to_numpy(dtype="float64")
        p = np.where(np.isnan(p), planned / len(EVIDENCE_FLAGS), p)
    p = np.where(np.isnan(p), 0.0, p)
    if ((p < 0) | (p > 1)).any():
        problems.append("substantive_probability must lie between 0 and 1")
    return p


def _months(frame: pd.DataFrame, problems: list[str]) -> None:
    """Integer start and end months with the documented defaults, checked."""
    start = pd.to_numeric(_column(frame, "start_month"), errors="coerce").to_numpy("float64")
    end = pd.to_numeric(_column(frame, "end_month"), errors="coerce").to_numpy("float64")
    both_missing = np.isnan(start) & np.isnan(end)
    start = np.where(both_missing, 1, np.where(np.isnan(start), end, start))
    end = np.where(both_missing, 12, np.where(np.isnan(end), start, end))
    bad = (start < 1) | (end > 12) | (end < start) | (start != np.round(start))
    bad |= end != np.round(end)
    if bad.any():
        which = [i for i, b in zip(frame["id"], bad, strict=True) if b]
        problems.append(
            "months must be whole numbers with 1 ≤ start_month ≤ end_month ≤ 12; not so for "
            + ", ".join(which[:10])
        )
    frame["start_month"] = np.clip(start, 1, 12).astype(np.int64)
    frame["end_month"] = np.clip(end, 1, 12).astype(np.int64)


def candidate_groups(
    candidates: pd.DataFrame,
    year: int | None,
    *,
    reference: ReferenceData | None = None,
    purpose: str = "country groups",
) -> pd.DataFrame:
    """Each candidate's country groups, one boolean column per :class:`CountryGroup`.

    A candidate is in a group when its ``country`` belongs to it on the first day of its
    start month in ``year`` (groupings are dated reference data). A ``country_groups``
    column (';'-separated codes), when present, is used as given instead.

    Args:
        candidates: Prepared candidates (see :func:`prepare_candidates`).
        year: The plan year.
        reference: Reference data (default: the one in force).
        purpose: What the groups are for (named in the error message).

    Returns:
        A boolean frame aligned with ``candidates``, columns = group codes.

    Raises:
        ValueError: when countries need looking up but ``year`` is not given.
    """
    codes = [g.value for g in CountryGroup]
    out = pd.DataFrame(False, index=candidates.index, columns=codes)
    if "country_groups" in candidates.columns:
        texts = _text_values(candidates["country_groups"])
        for i, text in zip(candidates.index, texts, strict=True):
            for part in (text or "").split(";"):
                code = part.strip()
                if code and code not in codes:
                    raise ValueError(f"unknown country group {code!r} in country_groups")
                if code:
                    out.loc[i, code] = True
        return out
    country = candidates["country"] if "country" in candidates.columns else None
    if country is None or country.isna().all():
        return out
    if year is None:
        raise ValueError(f"{purpose} need year= to look up each country's groups on that year")
    ref = reference or default_reference()
    months = candidates.get("start_month", pd.Series(1, index=candidates.index))
    days = pd.to_datetime(
        pd.DataFrame({"year": year, "month": months.astype("int64"), "day": 1})
    ).astype("datetime64[s]")
    countries = country.astype(object).where(country.notna(), "")
    for g in CountryGroup:
        out[g.value] = ref.in_group(g, countries.astype("str"), days).to_numpy()
    return out


def monthly_load(candidates: pd.DataFrame) -> np.ndarray:
    """Staff-days per month (n × 12): each activity's staff-days spread evenly over its months.

    Formula: an activity needing D staff-days from month s to month e uses D / (e − s + 1)
    in each of those months and nothing in the others.

    Args:
        candidates: Prepared candidates (see :func:`prepare_candidates`).
    """
    n = len(candidates)
    start = candidates["start_month"].to_numpy(dtype=np.int64)
    end = candidates["end_month"].to_numpy(dtype=np.int64)
    per_month = candidates["staff_days"].to_numpy(dtype="float64") / (end - start + 1)
    months = np.arange(1, 13)
    inside = (months[None, :] >= start[:, None]) & (months[None, :] <= end[:, None])
    load: np.ndarray = np.where(inside, per_month[:, None], 0.0).reshape(n, 12)
    return load


def __getattr__(name: str) -> Any:
    """Name the new home of ``candidates_from_sample`` (no longer here, nor in planning).

    Raises:
        AttributeError: always; for ``candidates_from_sample`` it says where it went and what
            a real plan uses instead.
    """
    if name == "candidates_from_sample":
        raise AttributeError(
            "ppd_core.planning.candidates_from_sample has moved to "
            "ppd_core.datasets.candidates_from_sample: it draws invented proposals from the "
            "sample, for the course and the demo. A real plan uses the organisation's own "
            "proposals: fill the proposals template (ppd db template --proposals) and read it "
            "with ppd_core.io.read_proposals."
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
