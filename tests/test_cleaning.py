"""Partner de-duplication: normalisation, candidate pairs, proposed merges, merge and undo."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from helpers import TODAY
from ppd_core import Dataset, Partner
from ppd_core.cleaning import (
    MergeError,
    MergeRecord,
    candidate_pairs,
    merge_partners,
    normalise_name,
    propose_merges,
    undo_merge,
)
from ppd_core.datasets import load_sample, messy_frames, synthetic_frames
from ppd_core.datasets._actors import _NAME_STEMS
from ppd_core.reference import default_reference
from ppd_core.tables import SCHEMA, frame_from_rows

FOUR = [
    "Hội Hữu nghị Việt Nam – Campuchia",
    "Hoi Huu nghi Viet Nam - Campuchia",
    "Vietnam-Cambodia Friendship Association",
    "VN-Cambodia Friendship Assoc.",
]


def partners_frame(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    """A partner table from (id, name, country) rows."""
    return pd.DataFrame(rows, columns=["id", "name", "country"])


def pair_set(pairs: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(pairs["partner_id"].tolist(), pairs["other_id"].tolist(), strict=True))


def precision_recall(
    found: set[tuple[str, str]], truth: set[tuple[str, str]]
) -> tuple[float, float]:
    hits = len(found & truth)
    return hits / max(len(found), 1), hits / len(truth)


# -- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hội Hữu nghị Việt Nam – Campuchia", "friendship association vietnam cambodia"),
        ("Hoi Huu nghi Viet Nam - Campuchia", "friendship association vietnam cambodia"),
        ("Vietnam-Cambodia Friendship Association", "vietnam cambodia friendship association"),
        ("VN-Cambodia Friendship Assoc.", "vietnam cambodia friendship association"),
        ("Viet Nam — Cambodia Friendship Ass'n", "vietnam cambodia friendship association"),
        ("HHN Việt Nam - Lào", "friendship association vietnam laos"),
        ("LHCTCHN Việt Nam", "union friendship organisation vietnam"),
        ("Viet Nam Union of Friendship Organizations", "vietnam union friendship organisation"),
        ("Đại học Quốc gia Hà Nội", "university national hanoi"),
        ("Quỹ Hanbit vì Thanh niên châu Á", "foundation hanbit youth asia"),
        ("Hanbit Foundation for Asian Youth", "hanbit foundation asia youth"),
        ("Mekong Univ. Fdn", "mekong university foundation"),
        ("Sakura Logistics Co., Ltd.", "sakura logistics company limited"),
        ("Công ty TNHH Sakura Logistics", "company limited sakura logistics"),
        ("Hội người Việt Nam tại Udon Thani", "association vietnam udon thani"),
        ("Association of Vietnamese in Udon Thani", "association vietnam udon thani"),
        ("Korea, Republic of Youth Network 7", "korea youth network 7"),
        ("Lao People's Democratic Republic Foundation", "laos foundation"),
        ("Trung tâm Văn hóa Mông Cổ", "centre cultural mongolia"),
        ("Frienship Asociation of Cambodja", "friendship association cambodia"),
        (
            "Association d'amitié franco-vietnamienne de Lyon",
            "association friendship france vietnam lyon",
        ),
        ("Deutsch-Vietnamesischer Freundeskreis e.V.", "germany vietnam friends circle ev"),
        ("  CAMBODIAN   red-cross  ", "cambodia red cross"),
        ("Hội Chữ thập đỏ Campuchia", "association red cross cambodia"),
    ],
)
def test_normalise_name(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


def test_normalise_name_is_idempotent_on_its_output() -> None:
    for name in FOUR:
        once = normalise_name(name)
        assert normalise_name(once) == once


# -- candidate pairs ---------------------------------------------------------------------------


def test_four_spellings_are_one_partner() -> None:
    frame = partners_frame(*((f"P-{k}", name, "KH") for k, name in enumerate(FOUR)))
    pairs = candidate_pairs(frame)
    assert len(pairs) == 6  # every pair of the four spellings
    assert set(pairs["score"]) == {100.0}
    assert pairs["reason"].str.startswith("same country KH; names match").all()
    first = pairs[(pairs["partner_id"] == "P-0") & (pairs["other_id"] == "P-1")]
    assert first["reason"].item() == (
        "same country KH; names match after removing diacritics (token set 100)"
    )
    assert pairs.columns.tolist()[:6] == [
        "partner_id",
        "other_id",
        "score",
        "reason",
        "partner_name",
        "other_name",
    ]
    assert first["partner_name"].item() == FOUR[0]
    assert first["other_name"].item() == FOUR[1]


def test_mirror_names_are_counterpart_bodies() -> None:
    """Japan–Vietnam (the Japanese body) is not Vietnam–Japan (its Vietnamese counterpart).

    A bilateral association names its own country first in both languages, so the English
    and Vietnamese names of the Japanese body match, and the mirror name matches neither.
    """
    frame = partners_frame(
        ("JP-1", "Japan–Vietnam Friendship Association", "JP"),
        ("JP-2", "Hội Hữu nghị Nhật Bản – Việt Nam", "JP"),
        ("JP-3", "Hội Hữu nghị Việt Nam – Nhật Bản", "JP"),
        ("JP-4", "Vietnam-Japan Friendship Association", "JP"),
    )
    assert pair_set(candidate_pairs(frame)) == {("JP-1", "JP-2"), ("JP-3", "JP-4")}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Cambodia Red Cross", "Cambodian Youth Federation"),
        ("Cambodia Red Cross", "Cambodia Red Cross Siem Reap Branch"),
        (
            "Association d'amitié franco-vietnamienne de Lyon",
            "Association d'amitié franco-vietnamienne de Paris",
        ),
        ("France-Vietnam Friendship Association", "France-Vietnam Friendship Association Lyon"),
        ("Kamora Foundation", "Kamora Development Fund"),
        ("Kamora Foundation", "Kamora Institute"),
        ("Korea-Vietnam Friendship Association", "Korea-Vietnam Hope Bridge"),
        ("Friendship Club No. 1", "Friendship Club No. 2"),
        ("Cambodia Foundation 12", "Cambodia Foundation 13"),
        ("Cambodia-Vietnam Friendship Association", "Cambodia Friendship Association"),
    ],
)
def test_similar_but_different_partners_are_not_proposed(first: str, second: str) -> None:
    frame = partners_frame(("A", first, "KH"), ("B", second, "KH"))
    assert candidate_pairs(frame).empty


def test_aliases_are_compared_and_named_in_the_reason() -> None:
    frame = partners_frame(
        ("P-1", "Green Bridge Foundation", "DE"),
        ("P-2", "Quy Cay cau Xanh", "DE"),
    )
    aliases = pd.DataFrame({"partner_id": ["P-1"], "alias": ["Quỹ Cây cầu Xanh"]})
    assert candidate_pairs(frame).empty
    pairs = candidate_pairs(frame, aliases)
    assert pair_set(pairs) == {("P-1", "P-2")}
    assert pairs["reason"].item() == (
        "same country DE; alias 'Quỹ Cây cầu Xanh' of P-1 matches name of P-2 after "
        "removing diacritics (token set 100)"
    )


def test_acronym_of_another_name_is_proposed() -> None:
    frame = partners_frame(
        ("KR-1", "Korea-Vietnam Hope Bridge", "KR"),
        ("KR-2", "KVHB", "KR"),
        ("KR-3", "KOICA", "KR"),
    )
    pairs = candidate_pairs(frame)
    assert pair_set(pairs) == {("KR-1", "KR-2")}
    assert "'KVHB' is the acronym of 'Korea-Vietnam Hope Bridge'" in pairs["reason"].item()
    assert candidate_pairs(frame, threshold=95).empty


def test_blocking_never_pairs_across_countries() -> None:
    frame = partners_frame(
        ("KH-1", "Vietnam-Cambodia Friendship Association", "KH"),
        ("LA-1", "Vietnam-Cambodia Friendship Association", "LA"),
        ("X-1", "Vietnam-Cambodia Friendship Association", None),
        ("X-2", "VN-Cambodia Friendship Assoc.", None),
    )
    pairs = candidate_pairs(frame)
    assert pair_set(pairs) == {("X-1", "X-2")}  # partners without a country: their own block
    assert pairs["reason"].item().startswith("both without country;")
    unblocked = candidate_pairs(frame, block_on_country=False)
    assert len(unblocked) == 6
    crossing = unblocked[(unblocked["partner_id"] == "KH-1") & (unblocked["other_id"] == "LA-1")]
    assert crossing["reason"].item().startswith("countries KH and LA;")


def test_threshold_is_checked() -> None:
    with pytest.raises(ValueError, match="threshold"):
        candidate_pairs(partners_frame(("A", "X", "KH")), threshold=120)


def test_sample_has_no_false_duplicates() -> None:
    frames = load_sample().to_frames()
    pairs = candidate_pairs(frames["partners"], frames["partner_aliases"])
    assert pairs.empty
    assert pairs.attrs["partners"] == 47


# -- recall and precision on synthetic ground truth ----------------------------------------------

VI_STEMS = {
    "Friendship Association": "Hội Hữu nghị",
    "Solidarity Committee": "Ủy ban Đoàn kết",
    "Foundation": "Quỹ",
    "Institute": "Viện",
    "University": "Đại học",
    "Development Fund": "Quỹ Phát triển",
    "Volunteers": "Tình nguyện viên",
    "Cultural Centre": "Trung tâm Văn hóa",
    "Chamber of Commerce": "Phòng Thương mại",
    "Youth Network": "Mạng lưới Thanh niên",
    "Medical Aid": "Hỗ trợ Y tế",
    "Peace Council": "Hội đồng Hòa bình",
}
"""The synthetic name stems in Vietnamese, as a Vietnamese organisation's list writes them."""

ABBREVIATE = [
    ("Friendship Association", "Friendship Assoc."),
    ("Foundation", "Fdn"),
    ("University", "Univ."),
    ("Institute", "Inst."),
    ("Centre", "Ctr."),
    ("Development", "Dev."),
]


def strip_accents(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def swap_letters(word: str, rng: np.random.Generator) -> str:
    i = int(rng.integers(1, len(word) - 2))
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def spelling_variant(
    kind: int, name: str, place: str, stem: str, country: str, rng: np.random.Generator
) -> str:
    """Another spelling of ``name`` (= ``country place stem`` in some order), by ``kind``."""
    ref = default_reference()
    vi_country = ref.country_name(country, "vi")
    if kind == 0:  # abbreviations
        short = name
        for long, abbr in ABBREVIATE:
            short = short.replace(long, abbr)
        return short if short != name else name.upper()
    if kind == 1:  # Vietnamese
        return f"{VI_STEMS[stem]} {place} {vi_country}".replace("  ", " ").strip()
    if kind == 2:  # Vietnamese without diacritics
        return strip_accents(f"{VI_STEMS[stem]} {vi_country} {place}".replace("  ", " ").strip())
    if kind == 3:  # upper case, punctuation, word order
        return f"{stem} of {ref.country_name(country)} - {place}".upper().strip(" -")
    if kind == 4:  # a typo in an institutional word
        words = name.split()
        long_words = [i for i, w in enumerate(words) if len(w) >= 7 and w in stem]
        if not long_words:
            return name.lower()
        i = long_words[int(rng.integers(len(long_words)))]
        words[i] = swap_letters(words[i], rng)
        return " ".join(words)
    return f"{ref.country_name(country)} – {stem} ({place})".replace(" ()", "")  # dash, brackets


def synthetic_duplicates(
    n_partners: int, n_duplicates: int, seed: int
) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """Synthetic partners plus respelled duplicates of some of them, and the true pairs."""
    ref = default_reference()
    partners = synthetic_frames(seed=seed, activities=200, partners=n_partners)["partners"]
    rng = np.random.default_rng(seed)
    rows, truth = [], set()
    picked = rng.choice(len(partners), size=n_duplicates, replace=False).tolist()
    for k, i in enumerate(picked):
        name, country = str(partners["name"].iloc[i]), str(partners["country"].iloc[i])
        english = ref.country_name(country)
        stem = next(s for s in _NAME_STEMS if name.startswith(f"{english} {s} "))
        number = name[len(english) + len(stem) + 2 :]
        dup_id = f"DUP-{k:05d}"
        rows.append((dup_id, spelling_variant(k % 6, name, number, stem, country, rng), country))
        truth.add((dup_id, str(partners["id"].iloc[i])))  # pairs come with the lower id first
    spec = SCHEMA["partners"]
    dups = frame_from_rows(
        spec,
        {
            c: (
                [r[0] for r in rows]
                if c == "id"
                else [r[1] for r in rows]
                if c == "name"
                else [r[2] for r in rows]
                if c == "country"
                else ["foreign_ngo"] * len(rows)
                if c == "type"
                else [None] * len(rows)
            )
            for c in spec.column_names
        },
    )
    return pd.concat([partners, dups], ignore_index=True), truth


def test_recall_and_precision_on_messy_synthetic_partners() -> None:
    partners, truth = synthetic_duplicates(2000, 500, seed=3)
    messy = messy_frames({"partners": partners}, seed=4)["partners"]  # mess on top of respelling
    pairs = candidate_pairs(messy)
    precision, recall = precision_recall(pair_set(pairs), truth)
    assert recall >= 0.9, recall
    assert precision >= 0.9, precision
    assert (pairs["partner_country"] == pairs["other_country"]).all()
    n = pairs.attrs["partners"]
    assert pairs.attrs["comparisons"] < n * (n - 1) / 2 / 5


def pseudo_word(rng: np.random.Generator) -> str:
    consonants, vowels = "bdgklmnprstvz", "aeiou"
    syllables = int(rng.integers(2, 4))
    word = "".join(
        consonants[rng.integers(len(consonants))] + vowels[rng.integers(len(vowels))]
        for _ in range(syllables)
    )
    return word.capitalize() + ("n" if rng.random() < 0.3 else "")


def hard_partners(seed: int) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """Number-free names where one place name carries several different bodies.

    "Kamora Foundation", "Kamora Institute" and "Kamora Development Fund" are different
    partners; respelled duplicates (Vietnamese, no diacritics, abbreviations, typos in
    institutional words, upper case) are the same partner.
    """
    rng = np.random.default_rng(seed)
    ref = default_reference()
    stems = list(VI_STEMS)
    countries = ["KH", "LA", "JP", "KR", "FR", "DE", "US", "TH"]
    places = sorted({pseudo_word(rng) for _ in range(1300)})[:1200]
    rows: list[tuple[str, str, str, str, str]] = []
    for place in places:
        country = countries[int(rng.integers(len(countries)))]
        bodies = 1 if rng.random() < 0.6 else int(rng.integers(2, 4))
        for s in rng.choice(len(stems), size=bodies, replace=False).tolist():
            stem = stems[s]
            name = [
                f"{place} {stem}",
                f"{ref.country_name(country)} {place} {stem}",
                f"{stem} of {place}",
            ][int(rng.integers(3))]
            rows.append((f"P{len(rows):05d}", name, country, place, stem))
    truth = set()
    out = [(pid, name, country) for pid, name, country, _, _ in rows]
    for k, i in enumerate(rng.choice(len(rows), size=500, replace=False).tolist()):
        pid, name, country, place, stem = rows[i]
        variant = spelling_variant(k % 6, name, place, stem, country, rng)
        out.append((f"D{k:05d}", variant, country))
        truth.add((f"D{k:05d}", pid))
    return partners_frame(*out), truth


def test_recall_and_precision_with_look_alike_partners() -> None:
    partners, truth = hard_partners(seed=11)
    full = candidate_pairs(partners)
    precision, recall = precision_recall(pair_set(full), truth)
    assert recall >= 0.9, recall
    assert precision >= 0.9, precision
    # splitting blocks by rare tokens finds the same pairs with far fewer comparisons
    keyed = candidate_pairs(partners, max_block=50)
    assert keyed.attrs["comparisons"] < full.attrs["comparisons"] / 3
    k_precision, k_recall = precision_recall(pair_set(keyed), truth)
    assert k_recall >= recall - 0.02
    assert k_precision >= 0.9


def test_keyed_blocks_stay_within_countries() -> None:
    partners, _ = synthetic_duplicates(3000, 300, seed=5)
    pairs = candidate_pairs(partners, max_block=40, key_cap=20)
    assert not pairs.empty
    assert (pairs["partner_country"] == pairs["other_country"]).all()


# -- proposing merges ----------------------------------------------------------------------------


def test_propose_merges_clusters_and_keeper() -> None:
    frames = synthetic_frames(seed=2, activities=300, partners=30)
    partners = frames["partners"]
    original = partners.iloc[[0]].copy()
    name = str(original["name"].item())
    extra = pd.concat([original] * 2, ignore_index=True)
    extra["id"] = pd.Series(["PTN-900001", "PTN-900002"], dtype="str")
    extra["name"] = pd.Series([name.upper(), name.replace("Friendship Association", "HHN")])
    extra["first_engaged"] = pd.Series(
        np.array(["2001-01-01", "2000-01-01"], dtype="datetime64[s]")
    )
    frames["partners"] = pd.concat([partners, extra.astype(partners.dtypes)], ignore_index=True)
    merges = propose_merges(frames)
    cluster = merges[merges["cluster"] == 1]
    members = set(cluster["partner_id"]) | set(cluster["other_id"])
    assert members == {str(original["id"].item()), "PTN-900001", "PTN-900002"}
    assert (cluster["cluster_size"] == 3).all()
    links = frames["activity_partners"]
    busiest = int((links["partner_id"] == original["id"].item()).sum())
    keeper = str(original["id"].item()) if busiest else "PTN-900002"
    assert set(cluster["cluster_keep_id"]) == {keeper}
    between = cluster[cluster["partner_id"] == "PTN-900001"]
    assert between["keep_id"].item() == "PTN-900002"  # no activities: engaged earlier
    assert between["keep_reason"].item() == "engaged earlier (2000-01-01 vs 2001-01-01)"


# -- merging -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_duplicate() -> Dataset:
    """The sample plus P-KH-099, a second record of P-KH-001 with two activities and a flow.

    P-KH-099 funds A-2021-010, where P-KH-001 co-organises, and replaces P-KH-001 in
    A-2022-004; it was engaged earlier than P-KH-001.
    """
    ds = load_sample().add(
        Partner(
            id="P-KH-099",
            name="Cambodia-Viet Nam Friendship Assn.",
            country="KH",
            type="friendship_organisation",
            first_engaged=date(2008, 1, 1),
            aliases=["Hội Hữu nghị Campuchia - Việt Nam", "CVFA"],
        )
    )
    frames = ds.to_frames()
    links = frames["activity_partners"]
    moved = (links["activity_id"] == "A-2022-004") & (links["partner_id"] == "P-KH-001")
    links.loc[moved, "partner_id"] = "P-KH-099"
    funding = frame_from_rows(
        SCHEMA["activity_partners"],
        {"activity_id": ["A-2021-010"], "partner_id": ["P-KH-099"], "role": ["funding"]},
    )
    frames["activity_partners"] = pd.concat([links, funding], ignore_index=True)
    flow = frame_from_rows(
        SCHEMA["resource_flows"],
        {
            "activity_id": ["A-2021-010"],
            "partner_id": ["P-KH-099"],
            "stage": ["pledged"],
            "form": ["cash"],
            "amount": [Decimal("1500.5")],
            "currency": ["USD"],
            "date": [date(2021, 1, 5)],
            "description": [None],
        },
    )
    frames["resource_flows"] = pd.concat([frames["resource_flows"], flow], ignore_index=True)
    return Dataset.from_frames(frames, today=TODAY)


def test_propose_merges_on_a_dataset(with_duplicate: Dataset) -> None:
    merges = propose_merges(with_duplicate)
    assert merges[["partner_id", "other_id", "keep_id", "drop_id"]].values.tolist() == [
        ["P-KH-001", "P-KH-099", "P-KH-001", "P-KH-099"]
    ]
    assert merges["keep_reason"].item() == "more activities (9 vs 2)"


def test_merge_repoints_activities_and_flows(with_duplicate: Dataset) -> None:
    result = merge_partners(with_duplicate, "P-KH-001", "P-KH-099")
    ds = result.dataset
    assert len(ds.check_integrity()) == 0
    assert "P-KH-099" not in ds.partners.ids()
    frames = ds.to_frames()
    assert not (frames["activity_partners"]["partner_id"] == "P-KH-099").any()
    assert not (frames["resource_flows"]["partner_id"] == "P-KH-099").any()
    assert ds.activities.get("A-2022-004").partners[0].partner_id == "P-KH-001"
    a10 = [(p.partner_id, p.role.value) for p in ds.activities.get("A-2021-010").partners]
    assert a10.count(("P-KH-001", "funding")) == 1
    assert [p for p, _ in a10].count("P-KH-001") == 1  # listed once, with the strongest role
    flow = ds.activities.get("A-2021-010").resource_flows[-1]
    assert (flow.partner_id, flow.amount.amount) == ("P-KH-001", Decimal("1500.5"))
    kept = ds.partners.get("P-KH-001")
    assert kept.first_engaged == date(2008, 1, 1)
    assert kept.aliases == [
        "Hội Hữu nghị Campuchia - Việt Nam",
        "Hoi Huu nghi Campuchia - Viet Nam",
        "Cambodia - Viet Nam Friendship Assoc.",
        "Cambodia-Viet Nam Friendship Assn.",
        "CVFA",
    ]
    assert kept.name not in kept.aliases
    assert any("listed P-KH-001 twice" in n and "kept role funding" in n for n in result.notes)
    record = result.record
    assert record.keep_id == "P-KH-001"
    assert record.dropped_ids == ("P-KH-099",)
    assert record.dropped[0].values["name"] == "Cambodia-Viet Nam Friendship Assn."
    assert {(c.table, c.old, c.new) for c in record.repointed} == {
        ("activity_partners", "P-KH-099", "P-KH-001"),
        ("resource_flows", "P-KH-099", "P-KH-001"),
    }
    assert [a.alias for a in record.aliases_added] == ["Cambodia-Viet Nam Friendship Assn.", "CVFA"]
    removed_link = [r for r in record.rows_removed if r.table == "activity_partners"]
    assert [(r.values["partner_id"], r.values["role"]) for r in removed_link] == [
        ("P-KH-001", "co_organising")
    ]


def test_merge_leaves_the_original_unchanged(with_duplicate: Dataset) -> None:
    before = with_duplicate.to_frames()
    merge_partners(with_duplicate, "P-KH-001", "P-KH-099")
    assert Dataset._wrap(before) == with_duplicate
    assert "P-KH-099" in with_duplicate.partners.ids()


def test_merge_then_undo_is_exact(with_duplicate: Dataset) -> None:
    result = merge_partners(with_duplicate, "P-KH-001", "P-KH-099")
    assert undo_merge(result.dataset, result.record) == with_duplicate
    assert result.undo() == with_duplicate


def test_merge_record_survives_json(with_duplicate: Dataset) -> None:
    result = merge_partners(with_duplicate, "P-KH-001", ["P-KH-099"])
    text = json.dumps(result.record.to_dict(), ensure_ascii=False)
    record = MergeRecord.from_dict(json.loads(text))
    assert record == result.record
    assert undo_merge(result.dataset, record) == with_duplicate


@pytest.mark.parametrize(
    ("keep", "drop"),
    [
        ("P-SG-002", ["P-SG-001"]),  # the kept partner has no aliases
        ("P-JP-003", ["P-JP-001", "P-JP-005"]),  # several at once
        ("P-KR-004", ["P-KR-001"]),
        ("P-INT-002", ["P-INT-001"]),  # partners without a country
    ],
)
def test_merge_and_undo_round_trip_on_the_sample(keep: str, drop: list[str]) -> None:
    ds = load_sample()
    result = merge_partners(ds, keep, drop)
    assert len(result.dataset.check_integrity()) == 0
    assert result.dataset.counts()["partners"] == ds.counts()["partners"] - len(drop)
    assert undo_merge(result.dataset, result.record) == ds


def test_merge_across_countries_is_refused(with_duplicate: Dataset) -> None:
    with pytest.raises(MergeError, match=r"different countries: P-KH-001 \(KH\) and P-LA-001"):
        merge_partners(with_duplicate, "P-KH-001", "P-LA-001")
    with pytest.raises(MergeError, match="no country"):
        merge_partners(with_duplicate, "P-KH-001", "P-INT-001")
    forced = merge_partners(with_duplicate, "P-KH-001", ["P-LA-001", "P-KH-099"], force=True)
    assert forced.record.forced
    assert len(forced.dataset.check_integrity()) == 0
    assert forced.undo() == with_duplicate


@pytest.mark.parametrize(
    ("keep", "drop", "message"),
    [
        ("P-KH-001", "P-XX-404", "no partner with id P-XX-404"),
        ("P-KH-001", ["P-KH-001"], "both kept and dropped"),
        ("P-KH-001", [], "nothing to merge"),
        ("P-KH-001", ["P-KH-099", "P-KH-099"], "repeated"),
    ],
)
def test_merge_errors(
    with_duplicate: Dataset, keep: str, drop: list[str] | str, message: str
) -> None:
    with pytest.raises(MergeError, match=message):
        merge_partners(with_duplicate, keep, drop)


def test_undo_refuses_a_changed_dataset(with_duplicate: Dataset) -> None:
    result = merge_partners(with_duplicate, "P-KH-001", "P-KH-099")
    frames = result.dataset.to_frames()
    aliases = frames["partner_aliases"]
    row = result.record.aliases_added[0].row
    aliases.loc[row, "alias"] = "Edited since"
    edited = Dataset.from_frames(frames, today=TODAY)
    with pytest.raises(MergeError, match="changed since the merge"):
        undo_merge(edited, result.record)
    with pytest.raises(MergeError, match="exist again"):
        undo_merge(with_duplicate, result.record)


def test_merge_without_full_validation(with_duplicate: Dataset) -> None:
    result = merge_partners(with_duplicate, "P-KH-001", "P-KH-099", validate=False)
    assert result.dataset == merge_partners(with_duplicate, "P-KH-001", "P-KH-099").dataset
    assert undo_merge(result.dataset, result.record, validate=False) == with_duplicate


def test_dedupe_then_merge_every_cluster(with_duplicate: Dataset) -> None:
    ds = with_duplicate
    for _, group in propose_merges(ds).groupby("cluster"):
        keep = str(group["cluster_keep_id"].iloc[0])
        others = (set(group["partner_id"]) | set(group["other_id"])) - {keep}
        ds = merge_partners(ds, keep, sorted(others)).dataset
    assert propose_merges(ds).empty
    assert ds.counts()["partners"] == with_duplicate.counts()["partners"] - 1


def test_the_old_module_path_warns_and_gives_the_same_objects() -> None:
    import ppd_core.cleaning
    import ppd_core.matching

    with pytest.warns(DeprecationWarning, match=r"import propose_merges from ppd_core\.cleaning"):
        from ppd_core.matching import propose_merges as old

    assert old is propose_merges
    for name in ppd_core.matching.__all__:
        with pytest.warns(DeprecationWarning, match="ppd_core.matching is deprecated"):
            assert getattr(ppd_core.matching, name) is getattr(ppd_core.cleaning, name)
    with pytest.raises(AttributeError):
        _ = ppd_core.matching.no_such_name


def test_word_tables_are_read_from_the_data_file() -> None:
    from ppd_core.cleaning._words import load_words

    words = load_words()
    assert words.abbreviations["hhn"] == "hoi huu nghi"
    assert words.country_forms["KH"][:2] == ("cambodian", "khmer")
    assert {"association", "limited"} <= words.legal_forms
    assert not words.legal_forms & words.stop_words
