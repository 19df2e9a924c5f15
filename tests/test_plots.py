"""Tests of the standard charts (ppd_core.plots): they render, in both languages, on any data.

Every chart of the sample is written as PNG and SVG; each PNG is read back and must be a real
picture (not one colour, not tiny), and the Vietnamese charts must carry Vietnamese text
drawn with glyphs the default font has (warnings are errors, so a missing glyph fails).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread
from matplotlib.text import Text

from ppd_core import Dataset, metrics, plots
from ppd_core.datasets import load_sample
from ppd_core.i18n import Lang
from ppd_core.i18n import _maintain as catalogues
from ppd_core.i18n.format import number, percent
from ppd_core.vocab import Vocabulary, vocabularies

LANGS: tuple[Lang, ...] = ("en", "vi")
VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ")


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return load_sample()


@pytest.fixture(scope="module")
def charts(sample: Dataset) -> dict[str, dict[str, Figure]]:
    """The nine charts of the sample's 2025 review, by language."""
    return {lang: plots.standard_charts(sample, year=2025, lang=lang) for lang in LANGS}


@pytest.fixture(scope="module")
def written(
    charts: dict[str, dict[str, Figure]], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], Path]:
    """Every chart saved as PNG and SVG: (chart, lang, extension) → path."""
    folder = tmp_path_factory.mktemp("charts")
    return {
        (name, lang, ext): plots.save(fig, folder / f"{name}_{lang}.{ext}")
        for lang, figures in charts.items()
        for name, fig in figures.items()
        for ext in ("png", "svg")
    }


def one_organisation(sample: Dataset, organisation: str) -> Dataset:
    """The sample cut to the activities of one organisation, with no resource flows."""
    frames = sample.to_frames()
    out = Dataset.empty().to_frames()
    for name in ("organisations", "partners", "partner_aliases"):
        out[name] = frames[name]
    acts = frames["activities"]
    keep = acts[acts["lead_organisation_id"] == organisation].reset_index(drop=True)
    keep["follow_up_of"] = keep["follow_up_of"].where(keep["follow_up_of"].isin(keep["id"]))
    out["activities"] = keep
    for name, frame in frames.items():
        if name.startswith("activity_"):
            out[name] = frame[frame["activity_id"].isin(keep["id"])].reset_index(drop=True)
    return Dataset.from_frames(out)


def texts_of(fig: Figure) -> list[str]:
    """Every text drawn on the figure (titles, labels, tick labels, legends, annotations)."""
    fig.draw_without_rendering()
    return [t.get_text().replace("\n", " ") for t in fig.findobj(Text) if t.get_text()]


def assert_picture(path: Path) -> None:
    """A real chart: more than a few KB, many colours, not one flat colour."""
    assert path.stat().st_size > 15_000, path
    pixels = imread(path)
    assert pixels.ndim == 3
    assert pixels.shape[0] > 300
    assert pixels.shape[1] > 1000
    assert float(pixels[..., :3].std()) > 0.02, path
    rgb = (pixels[..., :3] * 255).astype(np.uint32)
    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    assert len(np.unique(packed)) > 50, path  # anti-aliased text and shapes, not a flat fill


# -- the sample, both languages, PNG and SVG ----------------------------------------------------


def test_standard_charts_returns_all_nine(charts: dict[str, dict[str, Figure]]) -> None:
    for figures in charts.values():
        assert tuple(figures) == plots.CHARTS
        assert len(figures) == 9
        assert all(isinstance(f, Figure) for f in figures.values())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", plots.CHARTS)
def test_every_chart_renders_to_png_and_svg(
    written: dict[tuple[str, str, str], Path], name: str, lang: str
) -> None:
    assert_picture(written[name, lang, "png"])
    svg = written[name, lang, "svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml")
    assert "<svg" in svg
    assert len(svg) > 20_000


def test_vietnamese_charts_say_it_in_vietnamese(
    charts: dict[str, dict[str, Figure]], written: dict[tuple[str, str, str], Path]
) -> None:
    svg = written["activity_trend", "vi", "svg"].read_text(encoding="utf-8")
    assert "Hoạt động" in svg  # the SVG keeps each text as a comment beside its glyphs
    assert "Hoạt động" not in written["activity_trend", "en", "svg"].read_text(encoding="utf-8")
    expected = {
        "activity_trend": "Lượt người tham gia",
        "substantive_trend": "Thực chất",
        "resources_by_stage": "Đã giải ngân",
        "partner_dynamics": "Tỷ lệ duy trì",
        "partner_network": "Đối tác then chốt",
        "coverage": "Văn hóa, giáo dục",
        "scorecard": "hệ số Gini",
        "attainment": "Đúng tiến độ",
        "concentration": "Tập trung cao",
    }
    for name, fig in charts["vi"].items():
        texts = " ".join(texts_of(fig))
        assert expected[name] in texts, name
        assert VIETNAMESE_LETTERS & set(texts), name


def test_english_charts_use_english_labels(charts: dict[str, dict[str, Figure]]) -> None:
    texts = {name: " ".join(texts_of(fig)) for name, fig in charts["en"].items()}
    assert "Disbursed" in texts["resources_by_stage"]
    assert "Culture and education" in texts["coverage"]
    assert "Korea-Vietnam Hope Bridge" in texts["partner_network"]
    assert "1,000,000" in texts["resources_by_stage"]  # thousands separators on the axis
    assert "On track" in texts["attainment"]


def test_numbers_follow_the_language(charts: dict[str, dict[str, Figure]]) -> None:
    assert "1.000.000" in " ".join(texts_of(charts["vi"]["resources_by_stage"]))
    assert number(1234567.891, "en", 1) == "1,234,567.9"
    assert number(1234567.891, "vi", 1) == "1.234.567,9"
    assert number(-0.001, "en", 2) == "0.00"
    assert number(-1500, "vi") == "−1.500"
    assert percent(0.4567, "vi", 1) == "45,7%"
    assert percent(float("nan"), "en") == "–"


def test_charts_from_measures_computed_once(
    sample: Dataset, charts: dict[str, dict[str, Figure]]
) -> None:
    measures = plots.standard_measures(sample, year=2025)
    figures = plots.standard_charts(measures, lang="en")
    titles = [fig.texts[0].get_text() for fig in figures.values()]
    assert titles == [fig.texts[0].get_text() for fig in charts["en"].values()]
    with pytest.raises(ValueError, match="computed for one year"):
        plots.standard_charts(measures, year=2024)


def test_titles_say_what_and_when(charts: dict[str, dict[str, Figure]]) -> None:
    titles = {name: fig.texts[0].get_text() for name, fig in charts["en"].items()}
    assert titles["activity_trend"] == "Activities and participants per year, 2021–2025"
    assert titles["coverage"].endswith(", 2025")
    assert titles["scorecard"].endswith(", 2025")
    assert all(any(ch.isdigit() for ch in t) for t in titles.values()), titles


# -- the font -----------------------------------------------------------------------------------


def test_default_font_has_every_vietnamese_glyph() -> None:
    catalogue = catalogues._read(catalogues.po_path("vi"), "vi")
    vietnamese = [str(m.string) for m in catalogue if m.id]
    for vocabulary in vocabularies().values():
        members: list[Vocabulary] = list(vocabulary)
        vietnamese += [m.vi for m in members]
    characters = {c for text in vietnamese for c in text if not c.isspace()}
    characters |= VIETNAMESE_LETTERS | {c.upper() for c in VIETNAMESE_LETTERS}
    for weight in ("normal", "bold"):
        path = font_manager.findfont(font_manager.FontProperties(weight=weight))
        assert Path(path).name.startswith("DejaVuSans"), path
        font = FT2Font(path)
        missing = sorted(c for c in characters if font.get_char_index(ord(c)) == 0)
        assert not missing, f"{path} lacks {missing}"


# -- edge cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "lang"), [("empty", "vi"), ("MOFA", "en")])
def test_small_and_empty_datasets_do_not_crash(
    sample: Dataset, tmp_path: Path, case: str, lang: Lang
) -> None:
    data = Dataset.empty() if case == "empty" else one_organisation(sample, case)
    figures = plots.standard_charts(data, lang=lang)
    assert tuple(figures) == plots.CHARTS
    for name, fig in figures.items():
        assert_picture(plots.save(fig, tmp_path / f"{name}.png"))
    no_data = "Không có dữ liệu cho biểu đồ này" if lang == "vi" else "No data for this chart"
    assert no_data in texts_of(figures["resources_by_stage"])  # no resource flows
    if case == "empty":
        assert all(no_data in texts_of(f) for f in figures.values())


def test_one_year_dataset(sample: Dataset) -> None:
    data = one_organisation(sample, "MOFA")  # one activity, in 2025, without partners
    fig = plots.activity_trend(metrics.volume(data, ["year"]))
    assert fig.texts[0].get_text().endswith(", 2025")
    assert "2025" in texts_of(fig)


def test_small_network_without_flows(sample: Dataset, tmp_path: Path) -> None:
    data = one_organisation(sample, "VN-KH")  # 8 activities, 2 partners, no resource flows
    graph = metrics.partner_graph(data)
    fig = plots.partner_network_chart(graph, metrics.critical_partners(data), lang="vi")
    assert_picture(plots.save(fig, tmp_path / "network.png"))
    assert "Đối tác then chốt" in texts_of(fig)
    flows = metrics.resources_mobilised(data, ["year"])
    assert "Không có dữ liệu cho biểu đồ này" in texts_of(
        plots.resources_by_stage(flows, lang="vi")
    )
    dynamics = plots.partner_dynamics_chart(metrics.partner_dynamics(data), lang="vi")
    assert_picture(plots.save(dynamics, tmp_path / "dynamics.png"))


def test_activity_trend_split_translates_groups(sample: Dataset) -> None:
    frame = metrics.volume(sample, ["year", "level"])
    fig = plots.activity_trend(frame, split="level", lang="vi")
    texts = texts_of(fig)
    assert {"Trung ương", "Tỉnh/thành phố"} <= set(texts)
    countries = plots.activity_trend(
        metrics.volume(sample, ["quarter", "country"]), by="quarter", split="country", max_groups=3
    )
    legend = countries.axes[0].get_legend()
    assert legend is not None
    assert len(legend.get_texts()) == 3
    assert "Japan" in {t.get_text() for t in legend.get_texts()}
    assert "largest of" in countries.texts[1].get_text()


def test_big_networks_are_cut_and_say_so(sample: Dataset) -> None:
    graph = metrics.partner_graph(sample)
    fig = plots.partner_network_chart(graph, max_partners=10, lang="en")
    assert "showing the 10 partners" in fig.texts[1].get_text()
    drawn = sum(np.asarray(c.get_offsets()).shape[0] for c in fig.axes[0].collections[1:])
    assert drawn < 10 + 22
    with pytest.raises(ValueError, match="fewer than 500"):
        plots.partner_network_chart(graph, max_partners=480, max_organisations=40)


def test_network_layout_is_deterministic(sample: Dataset) -> None:
    graph = metrics.partner_graph(sample)
    critical = metrics.critical_partners(sample, top=3)

    def points() -> list[np.ndarray]:
        fig = plots.partner_network_chart(graph, critical)
        return [np.asarray(c.get_offsets()) for c in fig.axes[0].collections[1:]]

    first, second = points(), points()
    assert len(first) == 3  # organisations, partners, highlighted partners
    assert len(first[2]) == 3
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_coverage_marks_areas_below_plan(sample: Dataset) -> None:
    frame = metrics.priority_coverage(sample, plan="WP-VUFO-2025", years=[2025])
    fig = plots.coverage_chart(frame, period="2025", plan_label="VUFO 2025")
    bars = fig.axes[0].patches
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    colours = dict(zip(labels, (b.get_facecolor() for b in bars), strict=False))
    below = colours["Economic cooperation and resource\nmobilisation"]
    above = colours["Culture and education"]
    assert below != above
    assert "plan 25%" in " ".join(texts_of(fig))


def test_partner_dynamics_refuses_several_groups(sample: Dataset) -> None:
    frame = metrics.partner_dynamics(sample, ["organisation"])
    with pytest.raises(ValueError, match="one group"):
        plots.partner_dynamics_chart(frame)
    one = frame[frame["organisation"] == "VUFO"]
    assert plots.partner_dynamics_chart(one).texts[0].get_text().startswith("Partners")


def test_attainment_chart_shows_status_and_progress(sample: Dataset) -> None:
    frame = metrics.target_attainment(sample, include_disaggregated=True)
    fig = plots.attainment_chart(frame, lang="vi")
    texts = texts_of(fig)
    assert "Định tính" in texts
    assert any(t.startswith("✓ ") and t.endswith("%") for t in texts)
    assert any(t.startswith("✗ ") for t in texts)
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(rows) == frame["indicator_id"].nunique()  # disaggregated rows are not drawn


def test_scorecard_subtitle_reports_disparity(sample: Dataset) -> None:
    scores = metrics.scorecard(sample, year=2025)
    stats = metrics.disparity(scores)
    fig = plots.scorecard_chart(scores, period="2025")
    subtitle = fig.texts[1].get_text().replace("\n", " ")
    assert f"Gini {stats['gini']:.2f}" in subtitle
    assert f"coefficient of variation {stats['cv']:.2f}" in subtitle
    ranked = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert ranked[0] == f"1. {scores['organisation'].iloc[0]}"


def test_concentration_bands_are_labelled(sample: Dataset) -> None:
    fig = plots.concentration_chart(metrics.concentration(sample, ["year"]), lang="en")
    texts = " ".join(texts_of(fig)).replace("\n", " ")
    assert "Moderate concentration (0.15–0.25)" in texts
    assert "High concentration (above 0.25)" in texts


def test_save_by_extension(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"year": ["2024", "2025"], "activities": [10.0, 12.0], "substantive": [5.0, 9.0]}
    ).assign(share_substantive=[0.5, 0.75], share_ceremonial=[0.5, 0.25])
    fig = plots.substantive_trend(frame)
    png = plots.save(fig, tmp_path / "deep" / "chart.PNG")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert imread(png).shape[1] == 1500  # 10 inches at 150 dpi
    assert plots.save(fig, str(tmp_path / "chart.svg")).read_text(encoding="utf-8").count("<svg")
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plots.save(fig, tmp_path / "chart.pdf")


# -- no global state ----------------------------------------------------------------------------


def test_charts_draw_in_parallel_threads(sample: Dataset, tmp_path: Path) -> None:
    shares = metrics.substantive_share(sample, ["year"])
    hhi = metrics.concentration(sample, ["year"])

    def draw(i: int) -> Path:
        fig = (
            plots.substantive_trend(shares, lang="vi")
            if i % 2
            else plots.concentration_chart(hhi, lang="en")
        )
        return plots.save(fig, tmp_path / f"chart{i}.png")

    with ThreadPoolExecutor(max_workers=4) as pool:
        paths: Iterator[Path] = pool.map(draw, range(8))
        sizes = {p.name: p.stat().st_size for p in paths}
    assert len(sizes) == 8
    assert len({sizes["chart1.png"], sizes["chart3.png"]}) == 1  # same chart, same bytes


def test_pyplot_is_never_imported(
    sample: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # importing it now fails
    with pytest.raises(ImportError):
        import matplotlib.pyplot  # noqa: F401
    graph = metrics.partner_graph(sample)
    fig = plots.partner_network_chart(graph, metrics.critical_partners(sample, top=3))
    assert_picture(plots.save(fig, tmp_path / "network.png"))
    shares = plots.substantive_trend(metrics.substantive_share(sample, ["year"]), lang="vi")
    plots.save(shares, tmp_path / "shares.svg")
