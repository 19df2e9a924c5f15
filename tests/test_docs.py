"""The documentation site: it builds strictly, its code runs, and its reference is complete.

* Every code example is a file in ``docs/snippets/`` included into pages with
  ``--8<--``; each file runs here (in a temporary directory, on SQLite) and its printed output
  must equal its ``.out`` file, which the pages include too, so shown output cannot drift.
  Run ``PPD_DOCS_UPDATE_OUTPUT=1 pytest tests/test_docs.py`` to rewrite the ``.out`` files
  after an intended change, then review the diff.
* Pages may not hold Python code of their own: fenced Python blocks only include snippets.
* ``mkdocs build --strict`` passes, and the built reference has an entry for every public
  name of every documented module, every rule code, table, column, vocabulary code, measure
  and command.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import io
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = DOCS / "snippets"
PAGES = sorted(p for p in DOCS.rglob("*.md") if SNIPPETS not in p.parents)
SCRIPTS = sorted(SNIPPETS.glob("*.py"))
BASES = [SNIPPETS, DOCS.parent / "src" / "ppd_core" / "datasets"]  # mkdocs.yml's snippet paths
SECTION = re.compile(r"--8<-- \[(?P<kind>start|end):(?P<name>[a-z][-_0-9a-z]*)\]")
INCLUDE = re.compile(r'--8<-- "(?P<file>[^":]+)(?::(?P<section>[^"]+))?"')
FENCE = re.compile(
    r"^(?P<indent> *)```[ \t]*(?:\{[ \t]*\.)?(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```",
    re.M | re.S,
)
PYTHON = {"python", "py", "python3", "pycon", "ipython"}
UPDATE = os.environ.get("PPD_DOCS_UPDATE_OUTPUT") == "1"


def load_hooks() -> types.ModuleType:
    """Import ``docs/hooks.py`` (the build-time generators) as a module."""
    spec = importlib.util.spec_from_file_location("ppd_docs_hooks", DOCS / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once per test session (shared with the browser test) and return it."""
    site = tmp_path_factory.getbasetemp() / "docs-site"
    if (site / "index.html").exists():
        return site
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PPD_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,  # two languages; slow on a loaded machine
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-6000:]}"
    return site


# -- snippets ------------------------------------------------------------------------------------


def sections_of(path: Path) -> list[tuple[str | None, int, str]]:
    """Split a snippet file into (section or None, first line number, code) chunks."""
    chunks: list[tuple[str | None, int, str]] = []
    current: str | None = None
    start = 0
    lines: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        marker = SECTION.search(line)
        if marker is None:
            lines.append(line)
            continue
        chunks.append((current, start, "\n".join(lines)))
        current = marker["name"] if marker["kind"] == "start" else None
        start, lines = number, []
    chunks.append((current, start, "\n".join(lines)))
    return chunks


def run_snippet(path: Path) -> dict[str, str]:
    """Run a snippet file chunk by chunk in one namespace; return each section's output."""
    namespace: dict[str, object] = {"__name__": "__main__", "__file__": str(path)}
    outputs: dict[str, str] = {}
    for section, start, code in sections_of(path):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile("\n" * start + code, str(path), "exec"), namespace)
        if section is not None and buffer.getvalue():
            outputs[section] = outputs.get(section, "") + buffer.getvalue()
    return outputs


def render_outputs(outputs: dict[str, str]) -> str:
    """The ``.out`` file of a snippet: each section's output between section markers."""
    parts = [
        f"--8<-- [start:{name}]\n{text.rstrip()}\n--8<-- [end:{name}]\n"
        for name, text in outputs.items()
    ]
    return "\n".join(parts)


@pytest.fixture
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PPD_DATABASE_URL", raising=False)  # snippets use SQLite here
    return tmp_path


def test_there_are_snippets() -> None:
    assert len(SCRIPTS) >= 8


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_snippet_runs_and_prints_what_the_page_shows(script: Path, in_tmp_dir: Path) -> None:
    outputs = run_snippet(script)
    expected_file = script.with_suffix(".out")
    text = render_outputs(outputs)
    if UPDATE:
        if text:
            expected_file.write_text(text, encoding="utf-8")
        return
    if not text:
        assert not expected_file.exists(), f"{expected_file.name} is stale: nothing is printed"
        return
    assert expected_file.exists(), (
        f"missing {expected_file.name}; run with PPD_DOCS_UPDATE_OUTPUT=1"
    )
    assert text == expected_file.read_text(encoding="utf-8"), (
        f"{script.name} printed something else than {expected_file.name} shows; if the change "
        "is intended, rerun with PPD_DOCS_UPDATE_OUTPUT=1 and review the diff"
    )


# -- pages ---------------------------------------------------------------------------------------


def test_pages_hold_no_python_of_their_own() -> None:
    offending = []
    for page in PAGES:
        for fence in FENCE.finditer(page.read_text(encoding="utf-8")):
            if fence["lang"].lower() not in PYTHON:
                continue
            lines = [line.strip() for line in fence["body"].splitlines() if line.strip()]
            if not lines or not all(line.lstrip(";").startswith("--8<--") for line in lines):
                offending.append(f"{page.relative_to(DOCS)}: {lines[:1]}")
    assert not offending, "put Python code in docs/snippets/ and include it: " + str(offending)


def _includes() -> list[tuple[Path, str, str | None]]:
    return [
        (page, match["file"], match["section"])
        for page in PAGES
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8"))
    ]


def test_every_include_points_at_an_existing_section() -> None:
    for page, name, section in _includes():
        target = next((base / name for base in BASES if (base / name).exists()), SNIPPETS / name)
        assert target.exists(), f"{page.name} includes {name}, which does not exist"
        if section is not None:
            names = {m["name"] for m in SECTION.finditer(target.read_text(encoding="utf-8"))}
            assert section in names, f"{page.name} includes {name}:{section}: no such section"


def test_every_snippet_is_shown_somewhere() -> None:
    shown = {name for _, name, _ in _includes()}
    for script in SCRIPTS:
        assert script.name in shown, f"{script.name} is not included in any page"
        for section in {m["name"] for m in SECTION.finditer(script.read_text("utf-8"))}:
            assert any(n == script.name and s == section for _, n, s in _includes()), (
                f"section {script.name}:{section} is not shown on any page"
            )


def test_vietnamese_pages_show_the_vietnamese_output() -> None:
    """Where a snippet has a section's Vietnamese edition (``name-vi``), a ``.vi.md`` page
    shows that one: its code passes ``lang="vi"`` and its output is what a Vietnamese reader
    sees."""
    english_shown = []
    for page, name, section in _includes():
        if not page.name.endswith(".vi.md") or section is None:
            continue
        target = SNIPPETS / name
        if not target.exists() or section.endswith("-vi"):
            continue
        names = {m["name"] for m in SECTION.finditer(target.read_text(encoding="utf-8"))}
        if f"{section}-vi" in names:
            english_shown.append(f"{page.relative_to(DOCS)}: {name}:{section}")
    assert not english_shown, f"show the -vi section instead: {english_shown}"


def test_vietnamese_pages_title_their_outputs_in_vietnamese() -> None:
    english = [
        str(page.relative_to(DOCS))
        for page in PAGES
        if page.name.endswith(".vi.md") and 'title="Output"' in page.read_text(encoding="utf-8")
    ]
    assert english == [], 'title output blocks "Kết quả" on Vietnamese pages'


def test_generated_headings_have_their_vietnamese(hooks: types.ModuleType) -> None:
    """A new rule group or measures module must get its Vietnamese heading in the hooks."""
    from ppd_core.metrics import evaluation

    modules = [importlib.import_module(m) for m in hooks._MEASURE_MODULES] + [evaluation]
    headings = [hooks._summary(m).rstrip(".") for m in modules]
    headings += list(hooks._rule_groups().values())
    assert len(hooks._rule_groups()) == 9
    missing = [h for h in headings if hooks._say(h, "vi") == h]
    assert missing == [], "add their Vietnamese to hooks.WORDS"


def test_the_vietnamese_tutorial_shows_vietnamese_output() -> None:
    page = (DOCS / "tutorials" / "messy-to-review.vi.md").read_text(encoding="utf-8")
    shown = {m["section"] for m in INCLUDE.finditer(page) if m["file"].endswith(".out")}
    assert {"summary-vi", "rejected-vi", "review-vi", "write-vi"} <= shown
    output = (SNIPPETS / "messy_to_review.out").read_text(encoding="utf-8")
    vi = output[output.index("[start:review-vi]") : output.index("[end:review-vi]")]
    assert "Tỷ trọng hoạt động thực chất | 33,3% | 50,0%" in vi  # 1 of 3, 3 of 6
    assert "Lượt người tham gia | 1.315 | 760 | −555" in vi  # 1200 + 35 + 80, 150 + … + 90


def _shown_code(page: Path) -> list[tuple[str, str]]:
    """The (snippet file, section) pairs of Python a page shows, in the page's order."""
    return [
        (name, section)
        for shown, name, section in _includes()
        if shown == page and name.endswith(".py") and section is not None
    ]


VI_OWN_CODE = [
    page
    for page in PAGES
    if page.name.endswith(".vi.md")
    and _shown_code(page) != _shown_code(page.with_name(page.name.replace(".vi.md", ".md")))
]
"""Vietnamese pages that show code of their own (``-vi`` sections), not the English page's."""


OUT_SECTION = re.compile(r"--8<-- \[start:(?P<name>[^\]]+)\]\n(?P<body>.*?)\n--8<-- \[end:", re.S)


def _out_sections(path: Path) -> dict[str, str]:
    """Each section's text of a ``.out`` file."""
    found = OUT_SECTION.finditer(path.read_text(encoding="utf-8"))
    return {m["name"]: m["body"] for m in found}


@pytest.mark.parametrize("page", VI_OWN_CODE, ids=lambda p: p.stem)
def test_the_code_a_vietnamese_page_shows_runs_alone(page: Path, in_tmp_dir: Path) -> None:
    """A reader who copies only this page's code blocks, in order, gets its outputs."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    for name, section in _shown_code(page):
        chunks = {s: (start, code) for s, start, code in sections_of(SNIPPETS / name)}
        start, code = chunks[section]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile("\n" * start + code, str(SNIPPETS / name), "exec"), namespace)
        if buffer.getvalue():
            expected = _out_sections(SNIPPETS / name.replace(".py", ".out"))[section]
            assert buffer.getvalue().rstrip() == expected, f"{page.name}: {name}:{section}"


def _prose(page: Path) -> str:
    """A page's text without its code blocks and code spans (identifiers stay English)."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return re.sub(r"`[^`\n]*`", "", text)


def test_vietnamese_pages_use_the_glossary_words() -> None:
    from test_i18n_terms import not_chosen

    found = [
        (str(page.relative_to(DOCS)), word, chosen)
        for page in PAGES
        if page.name.endswith(".vi.md")
        for word, chosen in not_chosen([("", _prose(page))])
    ]
    assert [(p, c) for p, _, c in found] == [], "use the glossary's word"


def test_vietnamese_pages_show_the_vietnamese_output_file() -> None:
    """A page ``*.vi.md`` that shows ``X.out:part`` shows ``X.vi.out:part`` too, where that
    exists: the output printed in Vietnamese (by ``X.vi.py``, run and compared above)."""
    missing = []
    for page in (p for p in PAGES if p.name.endswith(".vi.md")):
        shown = {(m["file"], m["section"]) for m in INCLUDE.finditer(page.read_text("utf-8"))}
        for name, section in sorted(shown, key=str):
            vi = SNIPPETS / name.replace(".out", ".vi.out")
            if not name.endswith(".out") or name.endswith(".vi.out") or not vi.exists():
                continue
            parts = {m["name"] for m in SECTION.finditer(vi.read_text("utf-8"))}
            if section in parts and (vi.name, section) not in shown:
                missing.append(f"{page.relative_to(DOCS)}: {vi.name}:{section}")
    assert not missing, "show the Vietnamese output on the Vietnamese page: " + str(missing)


# -- the built site ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory)


@pytest.fixture(scope="session")
def hooks() -> types.ModuleType:
    return load_hooks()


def _ids(page: Path) -> set[str]:
    return {html.unescape(i) for i in re.findall(r'\bid="([^"]+)"', page.read_text("utf-8"))}


def _text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_every_public_name_is_in_the_api_reference(site: Path, hooks: types.ModuleType) -> None:
    import ppd_core

    api = site / "reference" / "api"
    ids = set().union(*(_ids(p) for p in api.rglob("index.html")))
    modules = hooks.api_modules()
    # A name a module re-exports is documented once, at its home page (hooks._home_page).
    missing = [
        f"{module}.{name}"
        for module in modules
        for name in hooks.public_names(module)
        if f"{hooks._home_page(module, name)}.{name}" not in ids
    ]
    assert not missing, f"not rendered in the API reference: {missing}"
    for module in modules:
        page = api / module.removeprefix("ppd_core.") / "index.html"
        assert module in _ids(page), f"{module} has no page of its own"
    for name in ppd_core.__all__:
        obj = getattr(ppd_core, name)
        anchors = {f"ppd_core.{name}"} | {
            f"{module}.{n}"
            for module in modules
            for n in hooks.public_names(module)
            if getattr(importlib.import_module(module), n) is obj
        }
        if isinstance(obj, types.ModuleType):
            anchors.add(obj.__name__)
        assert anchors & ids, f"ppd_core.{name} is not documented in the API reference"


def _is_public(path: str, hooks: types.ModuleType) -> bool:
    """Whether ``path`` names a documented module or something a documented module exports."""
    modules = hooks.api_modules()
    if path in modules:
        return True
    owner = max((m for m in modules if path.startswith(m + ".")), key=len, default=None)
    head = path[len(owner) + 1 :].split(".", 1)[0] if owner else ""
    return owner is not None and head in hooks.public_names(owner)


def test_references_in_docstrings_resolve(site: Path, hooks: types.ModuleType) -> None:
    # Roles such as :func:`x` in docstrings become links; the unresolved ones stay plain code.
    unresolved: set[str] = set()
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        found = re.findall(r'<span title="(ppd_core\.[\w.]+)"><code class="ppd-role">', text)
        unresolved.update(path for path in found if _is_public(path, hooks))
    assert not unresolved, f"references to public objects that did not resolve: {unresolved}"


def test_rules_page_lists_every_code(site: Path) -> None:
    from ppd_core.io.iati import IATI_RULES
    from ppd_core.metrics.evaluation import CHECKS
    from ppd_core.rules import RULES

    page = site / "reference" / "rules" / "index.html"
    ids, text = _ids(page), _text(page)
    for code, rule in [*RULES.items(), *IATI_RULES.items()]:
        assert code in ids
        assert " ".join(rule.requires.split()) in " ".join(text.split())
    for code in CHECKS:
        assert code in ids


def test_vietnamese_rules_page_gives_every_message_in_vietnamese(site: Path) -> None:
    from ppd_core.i18n import text
    from ppd_core.io.iati import IATI_RULES
    from ppd_core.rules import RULES

    page = site / "vi" / "reference" / "rules" / "index.html"
    ids, shown = _ids(page), "".join(_text(page).split())  # a code span leaves a space
    for code, rule in [*RULES.items(), *IATI_RULES.items()]:
        assert code in ids
        message = "".join(text(rule.message, "vi").split())
        assert message in shown, f"{code}: the Vietnamese message is not on the page"
        if rule.fix:
            assert "".join(text(rule.fix, "vi").split()) in shown
    assert "giátrịvàkiểudữliệu" in shown
    assert "Howtofix" not in shown


def test_vietnamese_glossary_and_measures_are_complete(site: Path) -> None:
    from ppd_core import metrics
    from ppd_core.glossary import terms
    from ppd_core.vocab import vocabularies

    glossary = _text(site / "vi" / "glossary" / "index.html")
    assert "Thuật ngữ: tiếng Việt ↔ tiếng Anh" in glossary
    for term in terms():
        assert " ".join(term.vietnamese.split()) in " ".join(glossary.split())
    for cls in vocabularies().values():
        for member in cls:
            assert member.vi in glossary
            assert member.en in glossary
    measures = site / "vi" / "reference" / "measures" / "index.html"
    assert "Tiêu chí phân tổ" in _text(measures)
    ids = _ids(measures)
    for name in metrics.__all__:
        obj = getattr(metrics, name)
        if callable(obj) and not isinstance(obj, type) and name != "analysis":
            assert name in ids, f"measure {name} is not on the Vietnamese measures page"


def test_data_dictionary_lists_every_table_and_column(site: Path) -> None:
    from ppd_core.tables import SCHEMA

    page = site / "reference" / "data-dictionary" / "index.html"
    ids, text = _ids(page), _text(page)
    for name, spec in SCHEMA.items():
        assert name in ids, f"table {name} has no section"
        for column in spec.columns:
            assert column.name in text, f"column {name}.{column.name} is missing"
    assert "personal data" in text


def test_vocabularies_and_glossary_list_every_code_and_label(site: Path) -> None:
    from ppd_core.vocab import vocabularies

    vocab_text = _text(site / "reference" / "vocabularies" / "index.html")
    glossary_text = _text(site / "glossary" / "index.html")
    for cls in vocabularies().values():
        for member in cls:
            assert member.value in vocab_text
            assert member.vi in vocab_text
            assert member.vi in glossary_text
            assert member.en in glossary_text


def test_measures_and_cli_pages_are_complete(site: Path) -> None:
    import typer.main

    from ppd_core import cli, metrics

    ids = _ids(site / "reference" / "measures" / "index.html")
    for name in metrics.__all__:
        obj = getattr(metrics, name)
        if callable(obj) and not isinstance(obj, type) and name != "analysis":
            assert name in ids, f"measure {name} is not on the measures page"
    cli_text = _text(site / "reference" / "cli" / "index.html")
    commands = getattr(typer.main.get_command(cli.app), "commands", {})
    assert commands
    for command in commands:
        assert f"ppd {command}" in cli_text


def test_site_is_self_contained(site: Path) -> None:
    loaded = re.compile(r'(?:\bsrc=|<link\b[^>]*\bhref=)"(?:https?:)?//([^/"]+)')
    external = {host for page in site.rglob("*.html") for host in loaded.findall(page.read_text())}
    assert not external, f"pages load resources from other hosts: {external}"
    for source in ("hooks.py", "ruff.toml", "snippets"):
        assert not (site / source).exists(), f"{source} is a source, not part of the site"
    assert (site / "assets" / "charts" / "substantive_trend_vi.png").stat().st_size > 10_000
