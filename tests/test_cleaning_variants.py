"""How people write partner names: translations, abbreviations, acronyms — labelled by hand.

Each body below is written the ways registers write it: English, Vietnamese with and without
diacritics, French, abbreviations ("Assoc.", "Nat'l Univ.", "Intl."), its acronym, en dashes.
The set is made by hand here, not by the generator of the benchmark's variants. Bodies of one
country are compared with each other (blocking), so the near neighbours below are the hard
negatives: two universities of Japan, a university and a youth union of Laos, two city
councils of France, and the Vietnamese counterpart of the Lao association (a mirror name).

Pairs: within a body of n names, n(n-1)/2 true pairs: 15 + 10 + 10 + 10 + 10 + 10 + 1 + 1 + 1
= 68; every other pair of the same country is false.
"""

from __future__ import annotations

import itertools

import pandas as pd

from ppd_core.cleaning import candidate_pairs

BODIES: dict[str, tuple[str, list[str]]] = {
    "LVFA": ("LA", [
        "Lao-Vietnam Friendship Association", "Hội Hữu nghị Lào – Việt Nam",
        "Hoi huu nghi Lao - Viet Nam", "Association d'amitié Laos-Vietnam",
        "Lao-VN Friendship Assoc.", "LVFA",
    ]),
    "KYOTO": ("JP", [
        "Kyoto University", "Đại học Kyoto", "Dai hoc Kyoto", "Université de Kyoto",
        "Kyoto Univ.",
    ]),
    "LYON": ("FR", [
        "Lyon City Council", "Thành phố Lyon", "Ville de Lyon", "City of Lyon",
        "Hội đồng thành phố Lyon",
    ]),
    "CYU": ("KH", [
        "Cambodian Youth Union", "Đoàn Thanh niên Campuchia",
        "Union de la jeunesse cambodgienne", "Cambodia Youth Union", "CYU",
    ]),
    "JICA": ("JP", [
        "Japan International Cooperation Agency", "Cơ quan Hợp tác Quốc tế Nhật Bản",
        "Agence japonaise de coopération internationale", "JICA",
        "Japan Intl. Cooperation Agency",
    ]),
    "NUOL": ("LA", [
        "National University of Laos", "Đại học Quốc gia Lào", "Université nationale du Laos",
        "Nat'l Univ. of Laos", "NUOL",
    ]),
    "OSAKA": ("JP", ["Osaka University", "Đại học Osaka"]),
    "PARIS": ("FR", ["Ville de Paris", "Paris City Council"]),
    "LYU": ("LA", ["Lao Youth Union", "Đoàn Thanh niên Lào"]),
    "VLFA-MIRROR": ("LA", ["Hội Hữu nghị Việt Nam – Lào"]),
}  # fmt: skip


def _measured() -> tuple[int, int, int]:
    rows = [
        (f"{body}-{k}", name, country, body)
        for body, (country, names) in BODIES.items()
        for k, name in enumerate(names)
    ]
    frame = pd.DataFrame(rows, columns=["id", "name", "country", "body"])
    truth = {(a[0], b[0]) for a, b in itertools.combinations(rows, 2) if a[3] == b[3]}
    pairs = candidate_pairs(frame[["id", "name", "country"]])
    found = {tuple(sorted(p)) for p in zip(pairs["partner_id"], pairs["other_id"], strict=True)}
    return len(truth), len(found), len(found & truth)


def test_recall_and_precision_on_hand_labelled_variants() -> None:
    true_pairs, proposed, right = _measured()
    assert true_pairs == 68
    recall, precision = right / true_pairs, right / proposed
    assert recall >= 0.9, (right, true_pairs)
    assert precision >= 0.95, (right, proposed)


def test_acronym_reaches_the_translations_of_its_expansion() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "name": ["NUOL", "National University of Laos", "Đại học Quốc gia Lào"],
            "country": ["LA", "LA", "LA"],
        }
    )
    pairs = candidate_pairs(frame)
    assert sorted(zip(pairs["partner_id"], pairs["other_id"], strict=True)) == [
        ("A", "B"), ("A", "C"), ("B", "C"),
    ]  # fmt: skip
