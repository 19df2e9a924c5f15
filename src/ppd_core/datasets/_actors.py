"""Organisations and partners of synthetic data, drawn column-wise, and the frame helpers.

:func:`ppd_core.datasets.synthetic_frames` draws its organisations (VUFO, central friendship
associations, provincial unions, member clubs) and partners (countries, types and names with
stated weights) here, and builds every table with :func:`frame` (schema dtypes).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ppd_core.reference import default_reference
from ppd_core.tables import SCHEMA, make_series, pandas_dtype
from ppd_core.vocab import OrganisationLevel, OrganisationType, PartnerStatus, PartnerType

# Countries partners come from, with weights: neighbours and ASEAN first, then the major
# partnership frameworks, then the rest of the world.
COUNTRIES: list[tuple[str, float, str]] = [
    ("LA", 8, "LAK"),
    ("KH", 8, "KHR"),
    ("CN", 7, "CNY"),
    ("JP", 7, "JPY"),
    ("KR", 7, "KRW"),
    ("US", 6, "USD"),
    ("FR", 4, "EUR"),
    ("DE", 4, "EUR"),
    ("RU", 4, "RUB"),
    ("AU", 3, "AUD"),
    ("TH", 3, "THB"),
    ("SG", 3, "SGD"),
    ("MY", 2, "MYR"),
    ("ID", 2, "IDR"),
    ("PH", 2, "PHP"),
    ("IN", 2, "INR"),
    ("GB", 2, "GBP"),
    ("FI", 1.5, "EUR"),
    ("CU", 1.5, "USD"),
    ("VE", 1, "USD"),
    ("IT", 1, "EUR"),
    ("NL", 1, "EUR"),
    ("SE", 1, "SEK"),
    ("NO", 1, "NOK"),
    ("DK", 1, "DKK"),
    ("CA", 1, "CAD"),
    ("NZ", 1, "NZD"),
    ("CH", 1, "CHF"),
    ("BE", 0.8, "EUR"),
    ("MM", 0.8, "USD"),
    ("BR", 0.6, "USD"),
    ("ZA", 0.5, "USD"),
    ("MZ", 0.4, "USD"),
    ("AR", 0.4, "USD"),
    ("CL", 0.4, "USD"),
    ("MN", 0.4, "USD"),
    ("TL", 0.3, "USD"),
    ("BN", 0.3, "USD"),
]

_PARTNER_TYPES: list[tuple[PartnerType, float]] = [
    (PartnerType.FOREIGN_NGO, 30),
    (PartnerType.FRIENDSHIP_ORGANISATION, 18),
    (PartnerType.UNIVERSITY_RESEARCH, 10),
    (PartnerType.BUSINESS, 10),
    (PartnerType.FOREIGN_LOCAL_AUTHORITY, 8),
    (PartnerType.INTERNATIONAL_ORGANISATION, 5),
    (PartnerType.OVERSEAS_VIETNAMESE, 6),
    (PartnerType.FOUNDATION, 5),
    (PartnerType.FOREIGN_GOVERNMENT, 2),
    (PartnerType.MEDIA, 3),
    (PartnerType.INDIVIDUAL, 3),
]

PROVINCES = [
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Khánh Hòa",
    "Lào Cai",
    "Lâm Đồng",
    "Đắk Lắk",
    "An Giang",
    "Đồng Nai",
    "Gia Lai",
    "Tây Ninh",
    "Vĩnh Long",
    "Cao Bằng",
    "Lạng Sơn",
]

_NAME_STEMS = [
    "Friendship Association",
    "Solidarity Committee",
    "Foundation",
    "Institute",
    "University",
    "Development Fund",
    "Volunteers",
    "Cultural Centre",
    "Chamber of Commerce",
    "Youth Network",
    "Medical Aid",
    "Peace Council",
]


def weights(values: list[float]) -> np.ndarray:
    w: np.ndarray = np.asarray(values, dtype=float)
    return w / float(w.sum())


def zipf_choice(rng: np.random.Generator, n_items: int, size: int, a: float) -> np.ndarray:
    """Indices in ``range(n_items)`` drawn with probability proportional to 1 / rank**a."""
    p = 1.0 / np.arange(1, n_items + 1) ** a
    picked: np.ndarray = rng.choice(n_items, size=size, p=p / p.sum())
    return picked


def table_frame(table: str, data: dict[str, object]) -> pd.DataFrame:
    """A frame of ``table`` with schema dtypes; absent columns are missing."""
    spec = SCHEMA[table]
    n = max((len(v) for v in data.values() if hasattr(v, "__len__")), default=0)
    cols: dict[str, pd.Series] = {}
    for c in spec.columns:
        v = data.get(c.name)
        if v is None:
            cols[c.name] = make_series([None] * n, c.dtype, c.vocabulary)
        elif c.dtype == "date":
            cols[c.name] = pd.Series(np.asarray(v, dtype="datetime64[s]"))
        elif c.dtype == "decimal":
            cols[c.name] = pd.Series(pd.array(np.asarray(v), dtype=pandas_dtype("decimal")))
        else:
            cols[c.name] = pd.Series(v).astype(pandas_dtype(c.dtype, c.vocabulary))
    return pd.DataFrame(cols)


def draw_organisations(rng: np.random.Generator, n: int) -> pd.DataFrame:
    central = ["KH", "LA", "CN", "JP", "KR", "US", "RU", "FR", "DE", "CU", "VE", "FI", "IN"]
    ids, names, types, levels, parents, provinces, faces = [], [], [], [], [], [], []

    def add(
        i: str,
        name: str,
        t: OrganisationType,
        lvl: OrganisationLevel,
        parent: str | None,
        prov: str | None,
        face: str | None,
    ) -> None:
        ids.append(i)
        names.append(name)
        types.append(t.value)
        levels.append(lvl.value)
        parents.append(parent)
        provinces.append(prov)
        faces.append(face)

    add(
        "ORG-VUFO",
        "Liên hiệp các tổ chức hữu nghị Việt Nam",
        OrganisationType.CENTRAL_STANDING_BODY,
        OrganisationLevel.CENTRAL,
        None,
        None,
        None,
    )
    ref = default_reference()
    for code in central[: max(1, min(len(central), n // 4))]:
        add(
            f"ORG-FA-{code}",
            f"Hội hữu nghị Việt Nam - {ref.country_name(code, 'vi')}",
            OrganisationType.CENTRAL_FRIENDSHIP_ASSOCIATION,
            OrganisationLevel.CENTRAL,
            "ORG-VUFO",
            None,
            code,
        )
    unions = PROVINCES[: max(1, min(len(PROVINCES), n // 3))]
    for k, prov in enumerate(unions):
        add(
            f"ORG-PU-{k:02d}",
            f"Liên hiệp các tổ chức hữu nghị {prov}",
            OrganisationType.PROVINCIAL_UNION,
            OrganisationLevel.PROVINCIAL,
            "ORG-VUFO",
            prov,
            None,
        )
    k = 0
    while len(ids) < n:
        parent = int(rng.integers(len(unions)))
        add(
            f"ORG-MA-{k:05d}",
            f"Câu lạc bộ hữu nghị số {k + 1} ({unions[parent]})",
            OrganisationType.MEMBER_ASSOCIATION,
            OrganisationLevel.GRASSROOTS,
            f"ORG-PU-{parent:02d}",
            unions[parent],
            None,
        )
        k += 1
    return table_frame(
        "organisations",
        {
            "id": ids[:n],
            "name_vi": names[:n],
            "type": types[:n],
            "level": levels[:n],
            "parent_id": parents[:n],
            "province": provinces[:n],
            "faces_country": faces[:n],
        },
    )


def draw_partners(rng: np.random.Generator, n: int, start: date) -> tuple[pd.DataFrame, np.ndarray]:
    ref = default_reference()
    codes = np.array([c for c, _, _ in COUNTRIES])
    country_idx = rng.choice(len(codes), size=n, p=weights([w for _, w, _ in COUNTRIES]))
    types = np.array([t.value for t, _ in _PARTNER_TYPES])[
        rng.choice(len(_PARTNER_TYPES), size=n, p=weights([w for _, w in _PARTNER_TYPES]))
    ]
    stems = np.array(_NAME_STEMS)[rng.integers(len(_NAME_STEMS), size=n)]
    country_names = np.array([ref.country_name(c) for c in codes])[country_idx]
    names = (
        pd.Series(country_names, dtype="str")
        + " "
        + pd.Series(stems)
        + " "
        + pd.Series(np.arange(1, n + 1).astype(str))
    )
    first = np.datetime64(start.replace(year=start.year - 15), "D") + rng.integers(
        0, 365 * 15, size=n
    ).astype("timedelta64[D]")
    status = np.where(rng.random(n) < 0.9, PartnerStatus.ACTIVE.value, PartnerStatus.DORMANT.value)
    frame = table_frame(
        "partners",
        {
            "id": [f"PTN-{i:06d}" for i in range(n)],
            "name": names.to_numpy(),
            "country": codes[country_idx],
            "type": types,
            "first_engaged": first,
            "status": status,
        },
    )
    return frame, country_idx
