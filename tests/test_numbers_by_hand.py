"""Every number a user reads, checked against figures worked out by hand.

Part 1 — a small provincial union that is not the sample: the union QT with its three member
clubs C1, C2, C3, three foreign partners and six activities over 2024–2025, built here. Every
number of its demo-style summary (:func:`ppd_core.summary.summarise`) and of its 2025 annual
review is computed by hand below and checked cell by cell, in English and in Vietnamese (the
Vietnamese numbers written by :mod:`ppd_core.i18n.format`, plus literal spot checks of both).

* 2024 — B1: QT, conference/forum, 80 participants, P1; no evidence of its own, but B4
  follows it up within 12 months (substantive). B2: club C1, training course, 40, P2 funding
  (2,000 USD committed, 2,000 USD disbursed), 25 trainees (substantive). B3: club C2,
  cultural exchange, 60, P1 (ceremonial).
* 2025 — B4: club C3, development project, 120, P1 funding (5,000 USD disbursed) and P3,
  3 media items, follows up B1 (substantive). B5: QT, anniversary, 200, P3 (ceremonial).
  B6: club C1, outbound delegation, 30, P3 (ceremonial).
* Five indicators of QT with 2024 and 2025 targets and actuals (partners, a share with
  evidence, USD disbursed, trainees, and a lower-is-better ceremonial share whose target
  accepts a rise from its baseline).

Part 2 — golden checks of the tables ``ppd demo`` prints for the sample.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from ppd_core import Dataset
from ppd_core.cli import app
from ppd_core.i18n import Lang, text
from ppd_core.i18n.format import MISSING, NBSP, number, percent, signed
from ppd_core.models import Activity, Indicator, Organisation, Partner
from ppd_core.plots.style import status_label
from ppd_core.reporting import Bullets, Paragraph, Review, Table, annual_review
from ppd_core.summary import summarise

TODAY = date(2026, 11, 22)


def _act(**kw: Any) -> Activity:
    return Activity.model_validate({"status": "closed", **kw}, context={"today": TODAY})


def _flow(partner: str, stage: str, amount: str, day: date) -> dict[str, Any]:
    money = {"amount": amount, "currency": "USD"}
    return {"partner_id": partner, "stage": stage, "date": day, "amount": money}


def _year(year: int, **values: Any) -> dict[str, Any]:
    return {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31), **values}


def _union() -> Dataset:
    """The union QT, its clubs, partners, activities and indicators (see the table above)."""
    orgs = [
        Organisation(
            id="QT",
            name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị",
            short_name="QT-UFO",
            type="provincial_union",
            level="provincial",
            province="Quảng Trị",
        ),
        *(
            Organisation(
                id=c,
                name_vi=f"Câu lạc bộ {c}",
                type="member_association",
                level="grassroots",
                parent_id="QT",
            )
            for c in ("C1", "C2", "C3")
        ),
    ]
    partners = [
        Partner(id="P1", name="Mekong Friends", country="KH", type="foreign_ngo"),
        Partner(id="P2", name="Hokkaido Exchange", country="JP", type="foundation"),
        Partner(id="P3", name="Lyon Solidarity", country="FR", type="foreign_ngo"),
    ]

    # fmt: off
    def act(
        id_: str, lead: str, kind: str, days: tuple[date, date | None], where: str, **kw: Any
    ) -> Activity:
        return _act(
            id=id_,
            title=f"Activity {id_}",
            lead_organisation_id=lead,
            kind=kind,
            actual_start=days[0],
            actual_end=days[1],
            countries=[{"country": where}],
            **kw,
        )

    def joined(*ids: str, role: str = "participating") -> list[dict[str, str]]:
        return [{"partner_id": p, "role": role} for p in ids]

    acts = [
        act("B1", "QT", "conference_forum", (date(2024, 4, 10), date(2024, 4, 11)), "KH",
            partners=joined("P1"), participants={"total": 80, "women": 30}),
        act("B2", "C1", "training_workshop", (date(2024, 5, 6), date(2024, 5, 10)), "JP",
            partners=joined("P2", role="funding"), participants={"total": 40},
            resource_flows=[_flow("P2", "committed", "2000", date(2024, 5, 1)),
                            _flow("P2", "disbursed", "2000", date(2024, 6, 1))],
            outputs={"trainees_trained": 25}),
        act("B3", "C2", "cultural_exchange", (date(2024, 9, 20), None), "KH",
            partners=joined("P1"), participants={"total": 60}),
        act("B4", "C3", "development_project", (date(2025, 2, 1), date(2025, 2, 20)), "KH",
            partners=[*joined("P1", role="funding"), *joined("P3")], follow_up_of="B1",
            participants={"total": 120, "women": 70}, outputs={"media_items": 3},
            resource_flows=[_flow("P1", "disbursed", "5000", date(2025, 3, 1))]),
        act("B5", "QT", "anniversary", (date(2025, 9, 2), None), "FR",
            partners=joined("P3"), participants={"total": 200}),
        act("B6", "C1", "delegation_outbound", (date(2025, 10, 5), date(2025, 10, 7)), "FR",
            partners=joined("P3"), participants={"total": 30}),
    ]
    # fmt: on

    def indicator(id_: str, name: str, unit: str, baseline: float, **kw: Any) -> Indicator:
        percentage = unit == "%"
        return Indicator(
            id=id_,
            name=name,
            organisation_id="QT",
            level="outcome",
            measure="percentage" if percentage else "unit",
            unit=unit,
            baseline_value=baseline,
            **kw,
        )

    indicators = [
        indicator(
            "Q-PARTNERS",
            "Active partners",
            "partners",
            2,
            values=[_year(2024, target=3, actual=2), _year(2025, target=4, actual=2)],
        ),
        indicator(
            "Q-EVIDENCE",
            "Share with evidence of results",
            "%",
            50.0,
            values=[_year(2024, target=55.0, actual=66.7), _year(2025, target=60.0, actual=33.3)],
        ),
        indicator(
            "Q-USD",
            "Resources disbursed",
            "USD",
            1000,
            values=[_year(2024, target=2000, actual=2000), _year(2025, target=4000, actual=3500)],
        ),
        indicator(
            "Q-TRAINEES",
            "Trainees",
            "persons",
            20,
            values=[_year(2024, target=25, actual=25), _year(2025, target=30, actual=45)],
        ),
        indicator(
            "Q-CEREMONIAL",
            "Ceremonial share",
            "%",
            40.0,
            direction="lower_is_better",
            values=[_year(2024, target=40.0, actual=33.3), _year(2025, target=45.0, actual=66.7)],
        ),
    ]
    return Dataset(organisations=orgs, partners=partners, activities=acts, indicators=indicators)


@pytest.fixture(scope="module")
def union() -> Dataset:
    return _union()


# -- the demo-style summary -----------------------------------------------------------------------


def test_summary_by_hand(union: Dataset) -> None:
    tables = summarise(union)
    by_level = tables["activities_by_level"]
    # QT leads B1, B5 (80 + 200 participants); the clubs lead B2, B3, B4, B6 (40+60+120+30).
    assert by_level.to_dict("index") == {
        "central": {"activities": 0, "participants": 0},
        "provincial": {"activities": 2, "participants": 280},
        "grassroots": {"activities": 4, "participants": 250},
    }
    kinds = tables["activities_by_kind"]["activities"]
    one_each = {"conference_forum", "training_workshop", "cultural_exchange"}
    one_each |= {"development_project", "anniversary", "delegation_outbound"}
    assert {k: v for k, v in kinds.items() if v} == dict.fromkeys(one_each, 1)
    assert kinds.sum() == 6
    years = tables["activities_by_year"]
    assert years.index.tolist() == [2024, 2025]
    assert years["activities"].tolist() == [3, 3]
    assert str(years["activities"].dtype) == "int64"  # counts are integers, not 3.0
    stages = tables["resources_by_stage"]
    # 2024: B2's 2,000 committed and 2,000 disbursed; 2025: B4's 5,000 disbursed; USD → USD.
    assert stages.to_numpy().tolist() == [[0, 2000, 2000], [0, 0, 5000]]
    assert stages.index.tolist() == [2024, 2025]
    assert list(stages.columns) == ["pledged", "committed", "disbursed"]


# -- the annual review, cell by cell ------------------------------------------------------------


def _table(review: Review, section: str, index: int = 0) -> Table:
    found = [b for s in review.sections if s.id == section for b in s.blocks]
    return [b for b in found if isinstance(b, Table)][index]


def _blocks(review: Review, section: str, kind: type[Any]) -> list[Any]:
    found = [b for s in review.sections if s.id == section for b in s.blocks]
    return [b for b in found if isinstance(b, kind)]


@pytest.fixture(scope="module")
def reviews(union: Dataset) -> dict[str, Review]:
    return {lang: annual_review(union, organisation="QT", year=2025, lang=lang) for lang in LANGS}


LANGS: tuple[Lang, ...] = ("en", "vi")


def _with_unit(value: float, unit: str, lang: Lang, decimals: int = 0) -> str:
    return f"{number(value, lang, decimals)}{NBSP}{unit}"


def _pct(value: float, lang: Lang) -> str:
    """A percentage indicator's value (stored as 33.3 for 33.3 %), one decimal."""
    return percent(value / 100, lang, 1)


@pytest.mark.parametrize("lang", LANGS)
def test_headline_numbers(reviews: dict[str, Review], lang: Lang) -> None:
    table = _table(reviews[lang], "headline")
    assert table.header == (text("Measure", lang), "2024", "2025", text("Change", lang))
    pts = text("{value} points", lang, value=signed(-100 / 3, lang, 1))
    assert table.rows == (
        (text("Activities", lang), "3", "3", "0"),  # B1–B3 against B4–B6
        (text("Participants", lang), "180", "350", "+170"),  # 80+40+60, 120+200+30
        # substantive: B1 (followed up by B4 within 12 months) and B2 (output, money) of 3;
        # then B4 only (money, output) of 3
        (text("Substantive share", lang), percent(2 / 3, lang, 1), percent(1 / 3, lang, 1), pts),
        (
            text("Resources disbursed ({currency})", lang, currency="USD"),
            number(2000, lang),
            number(5000, lang),
            "+" + number(3000, lang),
        ),
        (text("Active partners", lang), "2", "2", "0"),  # P1, P2; then P1, P3
        (text("New partners", lang), "2", "1", "−1"),  # P1, P2; then P3
        (text("Lapsed partners", lang), "0", "1", "+1"),  # P2
    )


def _named(name: str, lang: Lang) -> str:
    """An indicator's name as the review shows it: the union gave no Vietnamese names, so the
    Vietnamese review shows the English one and says it is not translated."""
    return name if lang == "en" else f"{name} (chưa dịch sang tiếng Việt)"


def test_title_intro_and_the_plan_without_proposals_in_both_languages(
    reviews: dict[str, Review],
) -> None:
    en, vi = reviews["en"], reviews["vi"]
    assert en.title == "Annual review 2025 — QT-UFO"
    assert vi.title == "Báo cáo tổng kết năm 2025 — Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị"
    # QT and its three member clubs C1, C2, C3
    assert [b.text for b in en.intro] == [
        "QT-UFO and its member organisations (3); year under review 2025, compared with 2024."
    ]
    assert [b.text for b in vi.intro] == [
        "Liên hiệp các tổ chức hữu nghị tỉnh Quảng Trị và 3 tổ chức thành viên; năm tổng kết: "
        "2025, so sánh với năm 2024."
    ]
    # no proposals given: nothing is invented, the plan shows the targets only
    for review, words in (
        (en, "No proposals were given, so no portfolio is proposed for 2026"),
        (vi, "Chưa có đề xuất hoạt động nào nên chưa đề xuất danh mục hoạt động năm 2026"),
    ):
        plan = next(s for s in review.sections if s.id == "plan")
        assert [type(b).__name__ for b in plan.blocks] == ["Table", "Paragraph"]
        assert plan.blocks[-1].text.startswith(words)  # type: ignore[union-attr]


def test_headline_literals_in_both_languages(reviews: dict[str, Review]) -> None:
    en, vi = (_table(reviews[lang], "headline").rows for lang in LANGS)
    assert en[2][1:] == ("66.7%", "33.3%", "−33.3 points")
    assert vi[2][1:] == ("66,7%", "33,3%", "−33,3 điểm phần trăm")
    assert en[3][1:] == ("2,000", "5,000", "+3,000")
    assert vi[3][1:] == ("2.000", "5.000", "+3.000")


@pytest.mark.parametrize("lang", LANGS)
def test_targets_table(reviews: dict[str, Review], lang: Lang) -> None:
    table = _table(reviews[lang], "targets")
    on, risk, off = (status_label(s, lang) for s in ("on track", "at risk", "off track"))
    assert table.rows == (
        # (2 − 2) / (4 − 2) = 0
        (
            _named("Active partners", lang),
            *(_with_unit(v, "partners", lang) for v in (2, 4, 2)),
            percent(0, lang),
            off,
        ),
        # (33.3 − 50) / (60 − 50) = −1.67: below the baseline
        (
            _named("Share with evidence of results", lang),
            *(_pct(v, lang) for v in (50.0, 60.0, 33.3)),
            text("moved away from target", lang),
            off,
        ),
        # (3,500 − 1,000) / (4,000 − 1,000) = 0.833: at risk (0.75 ≤ p < 0.95)
        (
            _named("Resources disbursed", lang),
            *(_with_unit(v, "USD", lang) for v in (1000, 4000, 3500)),
            percent(2500 / 3000, lang),
            risk,
        ),
        # (45 − 20) / (30 − 20) = 2.5
        (
            _named("Trainees", lang),
            *(_with_unit(v, "persons", lang) for v in (20, 30, 45)),
            text("exceeded", lang),
            on,
        ),
        # lower is better, yet the target 45 is above the baseline 40: no way to travel, only
        # met or not; 66.7 > 45, not met
        (
            _named("Ceremonial share", lang),
            *(_pct(v, lang) for v in (40.0, 45.0, 66.7)),
            text("not met", lang),
            off,
        ),
    )
    explained = _blocks(reviews[lang], "targets", Paragraph)
    assert "(actual − baseline) / (target − baseline)" in explained[0].text or lang == "vi"


def test_targets_literals_in_both_languages(reviews: dict[str, Review]) -> None:
    en, vi = (_table(reviews[lang], "targets").rows for lang in LANGS)
    assert en[2][1:5] == (f"1,000{NBSP}USD", f"4,000{NBSP}USD", f"3,500{NBSP}USD", "83%")
    assert vi[2][1:5] == (f"1.000{NBSP}USD", f"4.000{NBSP}USD", f"3.500{NBSP}USD", "83%")
    assert en[1][1:5] == ("50.0%", "60.0%", "33.3%", "moved away from target")
    assert vi[1][1:5] == ("50,0%", "60,0%", "33,3%", "xa chỉ tiêu hơn giá trị cơ sở")


@pytest.mark.parametrize("lang", LANGS)
def test_measures_and_the_follow_up_rate_explained(reviews: dict[str, Review], lang: Lang) -> None:
    table = _table(reviews[lang], "measures")
    assert table.rows == (
        (text("Substantive share", lang), percent(1 / 3, lang, 1)),
        (text("Ceremonial share", lang), percent(2 / 3, lang, 1)),
        # all of 2025's disbursed money came from P1: HHI = 1²
        (text("Concentration of resources (HHI)", lang), number(1, lang, 3)),
        # B4 follows up B1 of 2024; nothing follows up 2025's activities (yet)
        (text("Follow-up rate", lang), percent(0, lang, 1)),
    )
    note = _blocks(reviews[lang], "measures", Paragraph)[0]
    assert note.note
    assert note.text.endswith(": 1.")  # one follow-up link from 2025 (B4 → B1)
    assert text("Follow-up rate", lang) in note.text


@pytest.mark.parametrize("lang", LANGS)
def test_findings(reviews: dict[str, Review], lang: Lang) -> None:
    bullets = {b.title: b.items for b in _blocks(reviews[lang], "findings", Bullets)}
    off, risk = status_label("off track", lang), status_label("at risk", lang)

    def gap(name: str, actual: str, target: str, status: str) -> str:
        return text(
            "{name}: {actual} against a target of {target} ({status}).",
            lang,
            name=name,
            actual=actual,
            target=target,
            status=status,
        )

    # shortfalls relative to the target: partners (4 − 2) / 4 = 0.50, ceremonial
    # (66.7 − 45) / 45 = 0.48, evidence (60 − 33.3) / 60 = 0.45, money 500 / 4,000 = 0.125
    assert bullets[text("Largest target gaps", lang)] == (
        gap(
            _named("Active partners", lang),
            _with_unit(2, "partners", lang),
            _with_unit(4, "partners", lang),
            off,
        ),
        gap(_named("Ceremonial share", lang), _pct(66.7, lang), _pct(45.0, lang), off),
        gap(
            _named("Share with evidence of results", lang), _pct(33.3, lang), _pct(60.0, lang), off
        ),
        gap(
            _named("Resources disbursed", lang),
            _with_unit(3500, "USD", lang),
            _with_unit(4000, "USD", lang),
            risk,
        ),
    )
    lapsed = text("Partners active in {prev} but not in {year}", lang, prev=2024, year=2025)
    assert bullets[lapsed] == ("Hokkaido Exchange (P2)",)
    weak = text("Weakest OECD-DAC criteria in {year}", lang, year=2025)
    assert bullets[weak] == (text("No evaluation was recorded in {year}.", lang, year=2025),)
    other = bullets[text("Other observations", lang)]
    assert other[0] == text(
        "Ceremonial activities were {share} of the {n} activities of {year}.",
        lang,
        share=percent(2 / 3, lang, 1),
        n="3",
        year=2025,
    )
    assert other[1] == text(  # all the money came from P1
        "Warning: resources are concentrated (HHI {hhi} > {limit}; the largest partner "
        "gave {top}).",
        lang,
        hhi=number(1, lang, 2),
        limit=number(0.25, lang, 2),
        top=percent(1, lang),
    )


@pytest.mark.parametrize("lang", LANGS)
def test_proposed_targets(reviews: dict[str, Review], lang: Lang) -> None:
    table = _table(reviews[lang], "plan")
    higher = text("held at the last actual; the forecast is higher", lang)
    lower = text("held at the last actual; the forecast is lower", lang)
    # two actuals: the straight line through them, 2026 = 2 × 2025 − 2024; no band
    assert table.rows == (
        # 2 × 66.7 − 33.3 = 100.1, kept within 0–100 %: worse than 66.7 when lower is better
        (
            _named("Ceremonial share", lang),
            _pct(66.7, lang),
            _pct(100.0, lang),
            MISSING,
            f"{_pct(66.7, lang)} ({higher})",
        ),
        # 2 × 33.3 − 66.7 = −0.1 → 0: below the last actual, so held at 33.3
        (
            _named("Share with evidence of results", lang),
            _pct(33.3, lang),
            _pct(0.0, lang),
            MISSING,
            f"{_pct(33.3, lang)} ({lower})",
        ),
        (
            _named("Active partners", lang),
            *(_with_unit(v, "partners", lang) for v in (2, 2)),
            MISSING,
            _with_unit(2, "partners", lang),
        ),
        (
            _named("Trainees", lang),
            *(_with_unit(v, "persons", lang) for v in (45, 65)),
            MISSING,
            _with_unit(65, "persons", lang),
        ),
        (
            _named("Resources disbursed", lang),
            *(_with_unit(v, "USD", lang) for v in (3500, 5000)),
            MISSING,
            _with_unit(5000, "USD", lang),
        ),
    )


def test_the_html_shows_the_same_cells(reviews: dict[str, Review]) -> None:
    page = reviews["vi"].html()
    for cell in (f"3.500{NBSP}USD", "33,3%", "vượt chỉ tiêu", "không đạt", "+170"):
        assert f">{cell}</td>" in page, cell


# -- golden checks of what `ppd demo` prints for the sample ----------------------------------------

DEMO_LEVELS = [("Central", 120, 18_284), ("Provincial/municipal", 65, 12_576)]
DEMO_LEVELS += [("Member association, branch or club", 5, 1_698)]
DEMO_KINDS = [33, 10, 23, 20, 13, 17, 20, 10, 7, 18, 4, 11, 4]
"""Activities per kind, in the order of :class:`~ppd_core.vocab.ActivityKind` (190 in all)."""
DEMO_YEARS = [(2021, 30), (2022, 31), (2023, 35), (2024, 36), (2025, 44), (2026, 14)]
DEMO_STAGES = [
    (2020, 310_142, 310_142, 0),
    (2021, 660_158, 586_312, 674_249),
    (2022, 1_185_290, 1_122_190, 889_990),
    (2023, 1_026_492, 807_073, 950_118),
    (2024, 208_524, 82_022, 467_056),
    (2025, 990_105, 814_508, 318_568),
]
"""Resources mobilised by stage (pledged, committed, disbursed), USD at annual average rates."""


def _printed_tables(output: str) -> list[list[list[str]]]:
    """The body rows of every table ``ppd demo`` printed, cell texts stripped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in output.splitlines():
        if line.startswith("┡"):
            current = []
        elif line.startswith("└") and current is not None:
            tables.append(current)
            current = None
        elif line.startswith("│") and current is not None:
            current.append([c.strip() for c in line.strip("│").split("│")])
    return tables


@pytest.mark.parametrize("lang", LANGS)
def test_demo_prints_the_samples_true_numbers(lang: Lang, tmp_path: Any) -> None:
    from ppd_core.vocab import ActivityKind, OrganisationLevel

    result = CliRunner().invoke(
        app, ["demo", "--out", str(tmp_path), "--lang", lang], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    levels, kinds, years, stages = _printed_tables(result.output)

    def n(value: float) -> str:
        return number(value, lang)

    assert levels == [
        [lv.label(lang), n(a), n(p)]
        for lv, (_, a, p) in zip(OrganisationLevel, DEMO_LEVELS, strict=True)
    ]
    assert kinds == [[k.label(lang), n(c)] for k, c in zip(ActivityKind, DEMO_KINDS, strict=True)]
    assert sum(DEMO_KINDS) == 190
    assert years == [[str(y), str(c)] for y, c in DEMO_YEARS]
    assert stages == [[str(y), *(n(v) for v in vs)] for y, *vs in DEMO_STAGES]
    if lang == "en":
        assert [r[0] for r in levels] == [name for name, _, _ in DEMO_LEVELS]
        assert stages[3][1] == "1,026,492"
    else:
        assert stages[3][1] == "1.026.492"
    assert not re.search(r"\b\d+\.0\b", "".join(map(str, years)))  # no "30.0" counts


def test_demo_counts_match_the_summary_frames() -> None:
    from ppd_core.datasets import load_sample

    tables = summarise(load_sample())
    assert tables["activities_by_year"]["activities"].to_dict() == dict(DEMO_YEARS)
    rounded = tables["resources_by_stage"].round().astype("int64")
    expected = pd.DataFrame(
        [vs for _, *vs in DEMO_STAGES],
        index=[y for y, *_ in DEMO_STAGES],
        columns=["pledged", "committed", "disbursed"],
    )
    assert rounded.to_numpy().tolist() == expected.to_numpy().tolist()
    assert rounded.index.tolist() == expected.index.tolist()
