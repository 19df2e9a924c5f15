"""Build-time generation for the ppd_core documentation (MkDocs hooks and a griffe extension).

Pages that describe the library's own tables hold a marker such as ``<!-- ppd:rules -->``;
:func:`on_page_markdown` replaces it with Markdown rendered from the library itself
(:data:`ppd_core.rules.RULES`, :data:`ppd_core.tables.SCHEMA`, :func:`ppd_core.vocab.vocabularies`
…), so those pages cannot drift from the code. :func:`on_config` and :func:`on_files` add one
API reference page per public module of ``ppd_core`` (new modules appear on their own), and
:func:`on_files` draws two standard charts from the sample data for the charts guide.

:class:`SphinxRoles` is a griffe extension (registered in ``mkdocs.yml``) that turns the
reStructuredText habits of the library's docstrings into Markdown before mkdocstrings renders
them: ``:func:`name``` roles become cross-references, doctest sessions become ``pycon`` code
blocks, ``::`` literal blocks become code blocks and simple tables become Markdown tables.
"""

from __future__ import annotations

import ast
import html
import importlib
import inspect
import itertools
import json
import pkgutil
import re
import sys
import textwrap
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from ppd_core.i18n import Lang

PACKAGE = "ppd_core"
API_DIR = "reference/api"
API_NAV_TITLE = "Python API"
MARKER = re.compile(r"^[ \t]*<!--\s*ppd:(?P<name>[a-z-]+)\s*-->[ \t]*$", re.M)  # alone on a line
CHART_DIR = "assets/charts"

# -- docstrings: reStructuredText habits to Markdown ---------------------------------------------

_ROLE = re.compile(
    r":(?:py:)?(?P<kind>func|class|data|meth|attr|mod|exc|obj|const):`(?P<tilde>~?)(?P<target>[^`]+)`"
)
ROLE_CLASS = "ppd-role"  # marks references written as roles in docstrings (tests look for it)
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_BORDER = re.compile(r"^\s*=+(?:\s+=+)+\s*$")

Resolver = Callable[[str], "str | None"]


def convert_roles(text: str, resolve: Resolver) -> str:
    """Replace Sphinx roles (``:func:`x```) by optional cross-references in code style."""

    def replace(match: re.Match[str]) -> str:
        target = match["target"].strip()
        shown = target.rsplit(".", 1)[-1] if match["tilde"] else target
        if match["kind"] in ("func", "meth"):
            shown += "()"
        code = f'<code class="{ROLE_CLASS}">{html.escape(shown)}</code>'
        identifier = resolve(target)
        if identifier is None:
            return code
        return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'

    return _ROLE.sub(replace, text)


def _fence_doctests(lines: list[str]) -> list[str]:
    """Wrap doctest sessions (``>>>`` lines and their output) in ``pycon`` fences."""
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
        stripped = line.lstrip()
        if in_fence or not stripped.startswith(">>>"):
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(stripped)]
        block: list[str] = []
        while i < len(lines) and lines[i].strip() and lines[i].startswith(indent):
            block.append(lines[i])
            i += 1
        if out and out[-1].strip():
            out.append("")
        out += [f"{indent}```pycon", *block, f"{indent}```"]
        if i < len(lines) and lines[i].strip():
            out.append("")
    return out


def _literal_blocks(lines: list[str]) -> list[str]:
    """Turn reStructuredText literal blocks (a paragraph ending ``::``) into ``text`` fences."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if (
            line.rstrip().endswith("::")
            and i + 2 < len(lines)
            and not lines[i + 1].strip()
            and lines[i + 2].strip()
        ):
            base = len(line) - len(line.lstrip())
            text = line.rstrip()[:-2].rstrip()
            if text.strip():
                out.append(text + ":")
            j = i + 1
            block: list[str] = []
            while j < len(lines) and (
                not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > base
            ):
                block.append(lines[j])
                j += 1
            while block and not block[-1].strip():
                block.pop()
            pad = " " * base
            body = textwrap.dedent("\n".join(block[1:])).split("\n")
            out += [
                "",
                f"{pad}```text",
                *[pad + b if b else b for b in body],
                f"{pad}```",
                "",
            ]
            i = j
            continue
        out.append(line)
        i += 1
    return out


def _simple_tables(lines: list[str]) -> list[str]:
    """Turn reStructuredText simple tables (``===  ===`` borders) into Markdown tables."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _TABLE_BORDER.match(line):
            out.append(line)
            i += 1
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(r"=+", line)]
        borders = [i]
        j = i + 1
        while j < len(lines) and len(borders) < 3:
            if _TABLE_BORDER.match(lines[j]):
                borders.append(j)
            j += 1
        if len(borders) < 3:
            out.append(line)
            i += 1
            continue

        def cells(row: str, spans: list[tuple[int, int]] = spans) -> list[str]:
            parts = []
            for k, (start, end) in enumerate(spans):
                stop = spans[k + 1][0] if k + 1 < len(spans) else max(len(row), end)
                parts.append(row[start:stop].strip())
            return parts

        header = cells(lines[borders[0] + 1])
        rows: list[list[str]] = []
        for row in lines[borders[1] + 1 : borders[2]]:
            if not row.strip():
                continue
            parts = cells(row)
            if parts[0] or not rows:
                rows.append(parts)
            else:
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], parts, strict=True)]
        indent = line[: len(line) - len(line.lstrip())]
        out.append("")
        out.append(indent + "| " + " | ".join(header) + " |")
        out.append(indent + "|" + "|".join("---" for _ in header) + "|")
        out += [indent + "| " + " | ".join(r) + " |" for r in rows]
        out.append("")
        i = borders[2] + 1
    return out


def docstring_to_markdown(text: str, resolve: Resolver) -> str:
    """Convert a docstring written with Sphinx/reStructuredText habits to Markdown."""
    lines = text.split("\n")
    lines = _simple_tables(lines)
    lines = _literal_blocks(lines)
    lines = _fence_doctests(lines)
    # Roles are converted outside code fences only.
    out: list[str] = []
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
        else:
            out.append(line if in_fence else convert_roles(line, resolve))
    return "\n".join(out)


class SphinxRoles(griffe.Extension):
    """Griffe extension: docstrings of the package become Markdown (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Rewrite every docstring of the package once it is fully loaded."""
        if pkg.name != PACKAGE:
            return
        _unshadow(pkg)
        for obj in _walk(pkg):
            if obj.docstring is None:
                continue
            obj.docstring.value = docstring_to_markdown(obj.docstring.value, _griffe_resolver(obj))


def _unshadow(module: griffe.Module) -> None:
    """Where a package imports a function named like its own submodule, keep the function.

    ``from pkg.thing import thing`` makes ``pkg.thing``
    the function at run time; griffe would otherwise keep seeing the submodule there.
    """
    for name, member in list(module.members.items()):
        if isinstance(member, griffe.Alias) or not isinstance(member, griffe.Module):
            continue
        imported = module.imports.get(name)
        if imported == f"{member.path}.{name}" and name in member.members:
            module.set_member(name, griffe.Alias(name, member.members[name], parent=module))
        _unshadow(member)


def _walk(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if isinstance(member, griffe.Alias):
            continue
        yield from _walk(member)


def _griffe_resolver(obj: griffe.Object) -> Resolver:
    """Resolve a role's target as seen from ``obj``, to the canonical path of what it names."""
    root = obj.package

    def lookup(path: str) -> str | None:
        if path == root.path:
            return path
        try:
            found = root[path.removeprefix(root.path + ".")]
        except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
        try:
            return str(found.canonical_path)
        except griffe.AliasResolutionError:
            return str(found.path)

    def resolve(target: str) -> str | None:
        if target.startswith(PACKAGE + "."):
            return lookup(target)
        head, _, rest = target.partition(".")
        try:
            path = obj.resolve(head)
        except griffe.NameResolutionError:
            return None
        if not path.startswith(PACKAGE):
            return None
        return lookup(f"{path}.{rest}" if rest else path)

    return resolve


def _runtime_resolver(module: types.ModuleType) -> Resolver:
    """Resolve names as seen from ``module`` at run time (for text quoted by the hooks)."""

    def resolve(target: str) -> str | None:
        parts = target.split(".")
        if parts[0] == PACKAGE:
            obj: object = importlib.import_module(PACKAGE)
            parts = parts[1:]
        else:
            obj = module
        path: str | None = None
        for part in parts:
            parent_path = _canonical(obj)
            obj = getattr(obj, part, None)
            if obj is None:
                return None
            path = _canonical(obj) or (f"{parent_path}.{part}" if parent_path else None)
        return path if path and path.startswith(PACKAGE) else None

    return resolve


def _canonical(obj: object) -> str | None:
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str) and module.startswith(PACKAGE):
        return f"{module}.{qualname}"
    return None


def to_markdown(text: str, module: types.ModuleType) -> str:
    """A docstring quoted on a page, converted with names resolved in ``module``."""
    return docstring_to_markdown(text, _runtime_resolver(module))


# -- small Markdown helpers ---------------------------------------------------------------------


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"<code>{html.escape(text)}</code>"


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    from ppd_core.glossary import markdown_table

    return markdown_table(header, rows)


def _summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def _lower_first(text: str) -> str:
    """``"A body of…"`` → ``"a body of…"``, but ``"PPD activity"`` stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _ref(title: str, identifier: str) -> str:
    """A required cross-reference: the build fails (``--strict``) when its target is missing."""
    return f"[{title}][{identifier}]"


def _sections(doc: str) -> tuple[str, dict[str, str]]:
    """Split a Google-style docstring into its description and its named sections."""
    body: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in doc.split("\n"):
        head = re.fullmatch(r"(Args|Arguments|Returns|Raises|Attributes|Yields|Examples):", line)
        if head:
            current = sections.setdefault(head.group(1), [])
        elif current is not None and (not line.strip() or line.startswith(" ")):
            current.append(line)
        else:
            current = None
            body.append(line)
    return "\n".join(body).strip(), {
        k: textwrap.dedent("\n".join(v)).strip() for k, v in sections.items()
    }


# -- the public API ------------------------------------------------------------------------------

_MODULE_ORDER = [
    "models",
    "vocab",
    "rules",
    "errors",
    "money",
    "tables",
    "dataset",
    "validation",
    "integrity",
    "reference",
    "datasets",
    "io",
    "io.iati",
    "store",
    "cleaning",
    "metrics",
    "metrics.evaluation",
    "plots",
    "planning",
    "summary",
]
_NOT_API = {"cli"}  # documented on the command-line page


def _is_deprecated_alias(folder: str, info: pkgutil.ModuleInfo) -> bool:
    """Whether a module only keeps an old import path working (its docstring: "Deprecated…")."""
    path = Path(folder) / f"{info.name}.py"
    if info.ispkg or not path.is_file():
        return False
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return docstring.startswith("Deprecated")


def api_modules() -> list[str]:
    """Public modules of ``ppd_core`` that get an API page, in reading order."""
    package = importlib.import_module(PACKAGE)
    found = [
        info.name
        for folder in package.__path__
        for info in pkgutil.iter_modules([folder])
        if not info.name.startswith("_")
        and info.name not in _NOT_API
        and not _is_deprecated_alias(folder, info)
    ]
    known = [m for m in _MODULE_ORDER if m in found or "." in m]  # dotted: a subpackage
    return [f"{PACKAGE}.{m}" for m in known + sorted(set(found) - set(known))]


def public_names(module_name: str) -> list[str]:
    """The names a module exports (its ``__all__``)."""
    module = importlib.import_module(module_name)
    return list(getattr(module, "__all__", []))


def api_page_path(module_name: str) -> str:
    """Where the API page of a module lives in the docs."""
    short = module_name.removeprefix(PACKAGE + ".")
    return f"{API_DIR}/{short}.md"


def api_page(module_name: str) -> str:
    """Markdown of one module's API page.

    A name the module re-exports from another documented module (an exception of
    ``ppd_core.errors``, a vocabulary of ``ppd_core.vocab``) is documented at its home only.
    """
    page = f"::: {module_name}\n    options:\n      heading_level: 1\n"
    names = public_names(module_name)
    own = [n for n in names if _home_page(module_name, n) == module_name]
    if own != names:
        page += f"      members: [{', '.join(own)}]\n"
    return page


def _home_page(module_name: str, name: str) -> str:
    """The documented module whose page documents ``module_name.name``."""
    obj = getattr(importlib.import_module(module_name), name)
    if inspect.ismodule(obj):
        return module_name
    if inspect.isclass(obj) or inspect.isfunction(obj):
        home = getattr(obj, "__module__", module_name)
    else:  # data and type aliases: the module whose source assigns the name
        home = next(
            (
                m
                for m, mod in sorted(sys.modules.items())
                if m.startswith(PACKAGE + ".")
                and getattr(mod, name, None) is obj
                and _assigns(m, name)
            ),
            module_name,
        )
    pages = [
        m
        for m in api_modules()
        if (home == m or home.startswith(m + "."))
        and any(getattr(importlib.import_module(m), n, None) is obj for n in public_names(m))
    ]
    return max(pages, key=len) if pages else module_name


def _documented_at() -> dict[int, str]:
    """Object id → the identifier it has on the API pages."""
    where: dict[int, str] = {}
    for module_name in api_modules():
        module = importlib.import_module(module_name)
        where.setdefault(id(module), module_name)
        for name in public_names(module_name):
            where.setdefault(id(getattr(module, name)), f"{module_name}.{name}")
    return where


def render_public_api() -> str:
    """Every name ``ppd_core`` exports, linked to where it is documented."""
    package = importlib.import_module(PACKAGE)
    where = _documented_at()
    rows: list[list[str]] = []
    for name in package.__all__:
        obj = getattr(package, name)
        if isinstance(obj, types.ModuleType):
            kind, summary = "module", _summary(obj)
        elif inspect.isclass(obj):
            kind = "exception" if issubclass(obj, BaseException) else "class"
            summary = _summary(obj)
        elif callable(obj):
            kind, summary = "function", _summary(obj)
        else:
            kind, summary = "data", "The library's version."
        identifier = where.get(id(obj), f"{PACKAGE}.{name}")
        rows.append([_ref(_code(name), identifier), kind, summary])
    return _table(["Name", "Kind", "What it is"], rows)


def render_api_modules() -> str:
    """One line per API page: the module and its one-line summary."""
    rows = []
    for module_name in api_modules():
        module = importlib.import_module(module_name)
        page = api_page_path(module_name).removeprefix(API_DIR + "/")
        rows.append([f"[`{module_name}`]({page})", _summary(module)])
    return _table(["Module", "What it holds"], rows)


# -- rules and codes -----------------------------------------------------------------------------


def _rule_groups() -> dict[str, str]:
    """``"0"`` → ``"values and types"`` …, read from the rule table's docstring."""
    from ppd_core.rules import catalogue

    found = re.findall(
        r"``PPD(\d)xx`` ([a-z ]+?)(?=,|\.| and ``)",
        " ".join((catalogue.__doc__ or "").split()),
    )
    return {digit: text.strip() for digit, text in found}


WORDS: dict[str, dict[str, str]] = {
    "vi": {
        # rule groups (the English is read from the rule table's docstring)
        "values and types": "giá trị và kiểu dữ liệu",
        "identifiers and references": "mã định danh và tham chiếu",
        "dates": "ngày tháng",
        "amounts and counts": "số tiền và số lượng",
        "percentage splits": "phân chia theo tỷ lệ phần trăm",
        "roles and flows": "vai trò và dòng nguồn lực",
        "results": "kết quả",
        "participants": "người tham gia",
        "evaluations": "đánh giá",
        "other rules": "quy tắc khác",
        # where a rule is checked
        "each value": "từng giá trị",
        "each record": "từng bản ghi",
        "the whole dataset": "toàn bộ tập dữ liệu",
        "while importing": "khi nhập dữ liệu",
        # table headers
        "Code": "Mã",
        "Checked on": "Kiểm tra trên",
        "Message": "Thông báo",
        "How to fix": "Cách sửa",
        "Reported": "Báo khi",
        "What to do": "Cách xử lý",
        "What it flags": "Điều được cảnh báo",
        "English": "Tiếng Anh",
        "Tiếng Việt": "Tiếng Việt",
        "Note": "Ghi chú",
        "Score": "Điểm",
        "Meaning": "Ý nghĩa",
        "Dimension": "Tiêu chí phân tổ",
        "Groups activities by": "Nhóm hoạt động theo",
        "Returns:": "Trả về:",
        # the measures page's sections (the English is each module's docstring)
        "Volume, substantive effectiveness and follow-up of activities": (
            "Số lượng hoạt động, tính thực chất và hoạt động tiếp nối"
        ),
        "Resources mobilised from partners: by stage and form, converted, with rates and "
        "leverage": (
            "Nguồn lực vận động được từ đối tác: theo giai đoạn và hình thức, quy đổi tiền tệ, "
            "kèm các tỷ lệ và hệ số đòn bẩy"
        ),
        "The partner network: growth, retention, concentration, mix, sharing and the graph": (
            "Mạng lưới đối tác: tăng trưởng, duy trì đối tác, mức độ tập trung, cơ cấu đối tác, "
            "đối tác dùng chung và sơ đồ mạng lưới"
        ),
        "Priority coverage: shares of activities and resources per priority area and SDG, vs "
        "a plan": (
            "Mức độ bao phủ: tỷ trọng hoạt động và nguồn lực theo lĩnh vực ưu tiên và mục tiêu "
            "SDG, so với kế hoạch"
        ),
        "Target attainment: actual against target per indicator and period, with a status": (
            "Mức độ đạt được chỉ tiêu: giá trị thực tế so với chỉ tiêu theo từng chỉ số và kỳ, "
            "kèm tình trạng"
        ),
        "Scorecards of organisations and the disparity between them": (
            "Bảng điểm của các tổ chức và mức chênh lệch giữa các tổ chức"
        ),
        "Money in one currency: amounts converted explicitly, never added across currencies": (
            "Tiền quy về một loại tiền tệ: quy đổi rõ ràng, không bao giờ cộng lẫn các loại tiền"
        ),
        "Evaluation with the six OECD-DAC criteria: summaries, weak criteria and consistency "
        "checks": (
            "Đánh giá theo sáu tiêu chí OECD-DAC: tổng hợp, tiêu chí yếu và kiểm tra tính nhất quán"
        ),
    },
}
"""The words the generated parts of a page use, per language other than English.

Rule messages and fixes come from the library's catalogue (:func:`ppd_core.i18n.text`); these
are only the page's own headings and labels, which the library never shows.
"""


def _say(words: str, lang: Lang) -> str:
    """``words`` (a heading or label of a generated page) in ``lang``."""
    return WORDS.get(lang, {}).get(words, words)


def _message(template: str, lang: Lang = "en") -> str:
    """A message template in ``lang`` (from the catalogue), its ``{placeholders}`` in code.

    Angle brackets are shown as written (``"new:<partner type>"`` is not an HTML tag).
    """
    from ppd_core.i18n import text

    shown = html.escape(text(template, lang), quote=False)
    return re.sub(r"\{(\w+)\}", r"`{\1}`", shown)


_SCOPES = {
    "value": "each value",
    "record": "each record",
    "dataset": "the whole dataset",
    "import": "while importing",
}


def _rule_table(rules: Iterable[Any], head: list[str], lang: Lang) -> str:
    """The rules as a table; what each requires is shown in English only (not in the catalogue).

    The Vietnamese edition leaves that column out: its message and fix, from the catalogue,
    say the same in the reader's language.
    """
    english = lang == "en"
    rows = [
        [
            f'<span id="{r.code}"></span>**{r.code}**<br>`{r.name}`',
            *([r.requires] if english else []),
            f"{_say(_SCOPES[r.scope], lang)}: {_kinds(r.applies_to, lang)}",
            _message(r.message, lang),
            _message(r.fix, lang) if r.fix else "",
        ]
        for r in rules
    ]
    shown = head if english else [h for i, h in enumerate(head) if i != 1]
    return _table([_say(h, lang) for h in shown], rows)


def _kinds(kinds: Iterable[str], lang: Lang) -> str:
    """The kinds of record a rule applies to: as written in English, by name in Vietnamese."""
    from ppd_core.errors import _ENTITY_NAMES
    from ppd_core.i18n import label

    if lang == "en":
        return ", ".join(kinds)
    return ", ".join(label(_ENTITY_NAMES, kind, lang) for kind in kinds)


def render_rules(lang: Lang) -> str:
    """Every PPD rule, grouped as the rule table groups them, its texts in ``lang``."""
    from ppd_core import rules

    groups = _rule_groups()
    parts: list[str] = []
    by_group: dict[str, list[Any]] = {}
    for code, rule in rules.RULES.items():
        if rule.scope != "import":
            by_group.setdefault(code[3], []).append(rule)
    for digit, members in by_group.items():
        title = _say(groups.get(digit, "other rules"), lang)
        parts.append(f"### PPD{digit}xx — {title} {{ #ppd{digit}xx }}\n")
        head = ["Code", "Requires", "Checked on", "Message", "How to fix"]
        parts.append(_rule_table(members, head, lang))
    return "\n\n".join(parts)


def render_evaluation_checks(lang: Lang) -> str:
    """The evaluation consistency checks (``EVAL…``), in ``lang``."""
    from ppd_core.i18n import text
    from ppd_core.metrics import evaluation

    rows = [
        [f'<span id="{c.code}"></span>**{c.code}**', text(c.summary, lang)]
        for c in evaluation.CHECKS.values()
    ]
    return _table([_say("Code", lang), _say("What it flags", lang)], rows)


def render_dac_scale() -> str:
    """The stated 4-point scale of evaluation scores, highest first."""
    from ppd_core.models import SCALE

    return _table(
        ["Score", "Meaning"],
        [[str(k), v] for k, v in sorted(SCALE.items(), reverse=True)],
    )


_IMPORT_HEAD = ["Code", "Expects", "Reported", "Message", "What to do"]


def render_iati_rules(lang: Lang) -> str:
    """The codes an IATI import reports besides the PPD rules (``IATI…``), in ``lang``."""
    from ppd_core.io.iati import IATI_RULES

    return _rule_table(IATI_RULES.values(), _IMPORT_HEAD, lang)


def render_import_rules(prefix: str) -> Callable[[Lang], str]:
    """The codes an importer reports besides the PPD rules, those starting with ``prefix``."""

    def render(lang: Lang) -> str:
        from ppd_core.rules import RULES

        found = [r for code, r in RULES.items() if code.startswith(prefix)]
        return _rule_table(found, _IMPORT_HEAD, lang)

    return render


def render_exceptions() -> str:
    """Every exception class the documented modules export, with its bases."""
    where = _documented_at()
    seen: dict[int, type[BaseException]] = {}
    for module_name in api_modules():
        module = importlib.import_module(module_name)
        for name in public_names(module_name):
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                seen.setdefault(id(obj), obj)
    rows = []
    for exc in sorted(seen.values(), key=lambda e: (len(e.__mro__), e.__name__)):
        bases = ", ".join(
            _ref(_code(b.__name__), where[id(b)]) if id(b) in where else _code(b.__name__)
            for b in exc.__bases__
        )
        rows.append([_ref(_code(exc.__name__), where[id(exc)]), bases, _summary(exc)])
    return _exception_tree() + "\n\n" + _table(["Exception", "Is a", "Raised when"], rows)


def _exception_tree() -> str:
    """The tree drawn in ``ppd_core.errors``' docstring (a test keeps it true to the code)."""
    from ppd_core import errors

    doc = inspect.getdoc(errors) or ""
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "PpdError")
    tree = []
    for line in lines[start:]:
        if not line.strip():
            break
        tree.append(line)
    return "```text\n" + textwrap.dedent("\n".join(tree)) + "\n```"


# -- data dictionary -----------------------------------------------------------------------------

_DTYPES = {
    "str": "text",
    "code": "code",
    "Int64": "whole number",
    "float64": "number",
    "decimal": "exact decimal",
    "date": "date (YYYY-MM-DD)",
    "boolean": "yes/no",
}
_CHECKS = {
    "id": "identifier [PPD101](rules.md#PPD101)",
    "country": "ISO 3166-1 alpha-2 country [PPD102](rules.md#PPD102)",
    "currency": "ISO 4217 currency [PPD103](rules.md#PPD103)",
    "percentage": "greater than 0, at most 100 [PPD402](rules.md#PPD402)",
    "count": "not negative [PPD301](rules.md#PPD301)",
    "score": "1, 2, 3 or 4 [PPD801](rules.md#PPD801)",
    "amount": "not negative [PPD301](rules.md#PPD301)",
    "decimals": "at most 4 decimals [PPD302](rules.md#PPD302)",
    "text": "not blank",
}


def attribute_docs(cls: type) -> dict[str, str]:
    """Docstrings written under a class's annotated attributes (``x: int`` then a string)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for first, second in itertools.pairwise(body):
        if (
            isinstance(first, ast.AnnAssign)
            and isinstance(first.target, ast.Name)
            and isinstance(second, ast.Expr)
            and isinstance(second.value, ast.Constant)
            and isinstance(second.value.value, str)
        ):
            docs[first.target.id] = " ".join(second.value.value.split())
    return docs


def _field_doc(model: type, name: str) -> str:
    fields = getattr(model, "model_fields", {})
    info = fields.get(name)
    if info is not None and info.description:
        return " ".join(str(info.description).split())
    return attribute_docs(model).get(name, "")


def column_description(table: str, column: Any) -> str:
    """A column's description: its field's docstring, or one built from its parent fields."""
    from ppd_core import money, tables

    spec = tables.SCHEMA[table]
    if column.doc:
        return str(column.doc)
    if spec.parent is not None and column is spec.columns[0]:
        parent = tables.SCHEMA[spec.parent]
        entity = parent.entity.replace("_", " ")
        return f"Id of the {entity} this row belongs to (`{spec.parent}.id`)."
    owner = tables.ENTITIES[spec.parent] if spec.parent else tables.ENTITIES[table]
    if spec.kind in ("scalars", "dict"):
        field_doc = _field_doc(owner, spec.field or "")
        if spec.kind == "dict":
            role = "key" if column is spec.columns[1] else "value"
            where = f"`{owner.__name__}.{spec.field}`"
            return f"The {role} of each entry of {where}: {_lower_first(field_doc)}"
        return f"One item of `{owner.__name__}.{spec.field}`: {_lower_first(field_doc)}"
    model = spec.model or owner
    if len(column.path) == 2:
        outer = _field_doc(model, column.path[0])
        inner_model = money.Money if column.path[1] in ("amount", "currency") else None
        inner = _field_doc(inner_model, column.path[1]) if inner_model else ""
        return f"{outer.rstrip('.')}: {_lower_first(inner)}" if inner else outer
    return _field_doc(model, column.path[-1])


def render_data_dictionary() -> str:
    """Every table and column of a Dataset, from :data:`ppd_core.tables.SCHEMA`."""
    from ppd_core import tables

    module = importlib.import_module("ppd_core.tables")
    parts: list[str] = []
    for name, spec in tables.SCHEMA.items():
        if spec.kind == "entity":
            model = tables.ENTITIES[name]
            heading = f"## {name} {{ #{name} }}"
            intro = (
                f"One row per {spec.entity}: {_lower_first(_summary(model))} "
                f"Validated as {_ref(_code(model.__name__), 'ppd_core.models.' + model.__name__)}."
            )
            if spec.children:
                intro += " Link tables: " + ", ".join(f"[`{c}`](#{c})" for c in spec.children) + "."
        else:
            owner = tables.ENTITIES[spec.parent or ""]
            heading = f"### {name} {{ #{name} }}"
            what = {
                "list": "one row per item",
                "scalars": "one row per value",
                "dict": "one row per entry",
            }[spec.kind]
            intro = (
                f"Link table of [`{spec.parent}`](#{spec.parent}): {what} of "
                f"`{owner.__name__}.{spec.field}`, in order, keyed by `{spec.key}`. "
                f"{_field_doc(owner, spec.field or '')}"
            )
        rows = []
        for col in spec.columns:
            kind = _DTYPES[col.dtype]
            if col.vocabulary is not None:
                vocab = col.vocabulary.__name__
                kind = f"code of [{vocab}](vocabularies.md#{vocab.lower()})"
            description = column_description(name, col)
            rules = ["**required**"] if col.required else []
            rules += [_CHECKS[r.check] for r in col.rules if r.check != "text" or col.required]
            low, high = col.bounds
            if low is not None and high is not None:
                rules.append(f"{low:g} to {high:g}")
            if col.personal:
                rules.append("**personal data**")
            elif "personal data" in description.lower():
                rules.append("**personal data** in part")
            rows.append([f"`{col.name}`", kind, "; ".join(rules), to_markdown(description, module)])
        table = _table(["Column", "Type", "Rules", "Description"], rows)
        parts.append(f"{heading}\n\n{to_markdown(intro, module)}\n\n{table}")
    return "\n\n".join(parts)


# -- vocabularies and glossary -------------------------------------------------------------------


def _own_properties(cls: type) -> list[str]:
    from ppd_core.vocab import Vocabulary

    return [
        name
        for name, value in vars(cls).items()
        if isinstance(value, property) and not name.startswith("_") and name not in vars(Vocabulary)
    ]


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def render_vocabularies() -> str:
    """Every vocabulary with its codes, English and Vietnamese labels and IATI codes."""
    from ppd_core import vocab

    module = importlib.import_module("ppd_core.vocab")
    parts: list[str] = []
    for name, cls in vocab.vocabularies().items():
        members = list(cls)
        has_iati = any(m.iati for m in members)
        props = _own_properties(cls)
        header = ["Code", "English", "Tiếng Việt"] + (["IATI"] if has_iati else [])
        header += [p.replace("_", " ") for p in props]
        rows = []
        for m in members:
            row = [f"`{m.value}`", m.en, m.vi] + ([m.iati or "—"] if has_iati else [])
            row += [_show(getattr(m, p)) for p in props]
            rows.append(row)
        notes = "".join(
            f"\n\n**{p.replace('_', ' ')}** — {to_markdown(_summary(getattr(cls, p)), module)}"
            for p in props
            if _summary(getattr(cls, p))
        )
        used = [
            f"[`{t}.{c.name}`](data-dictionary.md#{t})"
            for t, spec in _schema_items()
            for c in spec.columns
            if c.vocabulary is cls
        ]
        used_text = f"\n\nUsed in: {', '.join(used)}." if used else ""
        parts.append(
            f"## {name} {{ #{name.lower()} }}\n\n"
            f"{to_markdown(_summary(cls), module)} "
            f"{len(members)} codes; {_ref('API', 'ppd_core.vocab.' + name)}."
            f"{used_text}{notes}\n\n{_table(header, rows)}"
        )
    return "\n\n".join(parts)


def _schema_items() -> list[tuple[str, Any]]:
    from ppd_core import tables

    return list(tables.SCHEMA.items())


def _vocabulary_terms() -> list[tuple[str, str, str]]:
    """(English, Vietnamese, where) for every vocabulary member."""
    from ppd_core.glossary import vocabulary_terms

    return [
        (en, vi, f"[{name}](reference/vocabularies.md#{name.lower()}) `{code}`")
        for en, vi, name, code in vocabulary_terms()
    ]


def render_glossary_terms(lang: Lang) -> str:
    """The domain and method terms (``ppd_core/glossary.csv``), shared with the course.

    The Vietnamese edition puts the Vietnamese term first; the notes are in English.
    """
    from ppd_core.glossary import terms

    rows = [list(t) for t in terms()]
    if lang == "vi":
        rows = [[vi, en, note] for en, vi, note in rows]
    return _table([*_languages(lang), _say("Note", lang)], rows)


def _languages(lang: Lang) -> list[str]:
    """The two language columns' headings, the reader's language first."""
    pair = [_say("English", lang), _say("Tiếng Việt", lang)]
    return pair if lang == "en" else pair[::-1]


def render_glossary_en(lang: Lang) -> str:
    """Vocabulary labels, English → Vietnamese, sorted in English."""
    terms = sorted(_vocabulary_terms(), key=lambda t: (t[0].lower(), t[2]))
    head = [_say("English", lang), _say("Tiếng Việt", lang), _say("Code", lang)]
    return _table(head, [list(t) for t in terms])


def render_glossary_vi(lang: Lang) -> str:
    """Vocabulary labels, Vietnamese → English, sorted in Vietnamese order."""
    from ppd_core.glossary import vi_sort_key

    terms = sorted(_vocabulary_terms(), key=lambda t: (vi_sort_key(t[1]), t[2]))
    head = [_say("Tiếng Việt", lang), _say("English", lang), _say("Code", lang)]
    return _table(head, [[t[1], t[0], t[2]] for t in terms])


# -- measures ------------------------------------------------------------------------------------

_MEASURE_MODULES = [
    "ppd_core.metrics.activity",
    "ppd_core.metrics.resources",
    "ppd_core.metrics.network",
    "ppd_core.metrics.coverage",
    "ppd_core.metrics.targets",
    "ppd_core.metrics.scores",
    "ppd_core.metrics.money",
]


def _signature(func: Callable[..., Any]) -> str:
    params: list[str] = []
    for p in inspect.signature(func).parameters.values():
        text = p.name
        if p.kind is p.KEYWORD_ONLY and not any(x.startswith("*") for x in params):
            params.append("*")
        if p.default is not p.empty:
            default = p.default
            shown = default.value if hasattr(default, "value") else default
            text += f"={shown!r}"
        params.append(text)
    return f"{func.__name__}({', '.join(params)})"


def _measure(func: Callable[..., Any], identifier: str, lang: Lang) -> str:
    module = inspect.getmodule(func)
    assert module is not None
    description, sections = _sections(inspect.getdoc(func) or "")
    heading = f"### `{func.__name__}` {{ #{func.__name__} }}"
    text = f"{heading}\n\n`{_signature(func)}` — {_ref('API', identifier)}\n\n"
    quoted = description
    if "Returns" in sections:
        quoted += f"\n\n**{_say('Returns:', lang)}** " + sections["Returns"]
    body = to_markdown(quoted, module)
    return text + "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))


def render_measures(lang: Lang) -> str:
    """Every measure of :mod:`ppd_core.metrics` (and the evaluation summaries), formulas quoted.

    The formulas are the docstrings, in English in every edition.
    """
    from ppd_core import metrics

    parts: list[str] = []
    exported = set(metrics.__all__)
    for module_name in _MEASURE_MODULES:
        module = importlib.import_module(module_name)
        title = _say(_summary(module).rstrip("."), lang)
        funcs = sorted(
            (
                getattr(module, n)
                for n in getattr(module, "__all__", [])
                if n in exported and inspect.isfunction(getattr(module, n))
            ),
            key=lambda f: inspect.getsourcelines(f)[1],
        )
        if not funcs:
            continue
        parts.append(f"## {title}")
        parts += [_measure(f, f"ppd_core.metrics.{f.__name__}", lang) for f in funcs]
    from ppd_core.metrics import evaluation

    parts.append("## " + _say(_summary(evaluation).rstrip("."), lang))
    for name in ("summarise_evaluations", "weak_criteria", "consistency_checks"):
        identifier = f"ppd_core.metrics.evaluation.{name}"
        parts.append(_measure(getattr(evaluation, name), identifier, lang))
    return "\n\n".join(parts)


def render_dimensions(lang: Lang) -> str:
    """The dimensions every measure can be grouped by (described in English)."""
    from ppd_core import metrics

    return _table(
        [_say("Dimension", lang), _say("Groups activities by", lang)],
        [[f"`{k}`", v] for k, v in metrics.DIMENSIONS.items()],
    )


# -- command line --------------------------------------------------------------------------------


def render_cli() -> str:
    """Every ``ppd`` command with its options, from the Typer application."""
    import typer.main

    from ppd_core import cli

    group = typer.main.get_command(cli.app)
    context_type = type(group).context_class
    parts: list[str] = []

    def walk(command: Any, ctx: Any, path: list[str]) -> None:
        name = " ".join(path)
        pieces = " ".join(command.collect_usage_pieces(ctx))
        level = "#" * min(len(path) + 1, 4)
        parts.append(f"{level} `{name}` {{ #{'-'.join(path)} }}\n\n{command.help or ''}")
        parts.append(f"```text\nUsage: {name} {pieces}\n```")
        records = [p.get_help_record(ctx) for p in command.params]
        rows = [[f"`{opts}`", help_text] for opts, help_text in filter(None, records)]
        rows.append(["`--help`", "Show the help of this command and exit."])
        parts.append(_table(["Option", "Description"], rows))
        subcommands = getattr(command, "list_commands", None)
        if subcommands is not None:
            for sub in subcommands(ctx):
                child = command.get_command(ctx, sub)
                walk(child, context_type(child, info_name=sub, parent=ctx), [*path, sub])

    walk(group, context_type(group, info_name="ppd"), ["ppd"])
    return "\n\n".join(parts)


# -- charts --------------------------------------------------------------------------------------


def chart_images() -> dict[str, bytes]:
    """Two standard charts of the sample data with Vietnamese labels, as PNG bytes."""
    import io

    from ppd_core import metrics, plots
    from ppd_core.datasets import load_sample

    an = metrics.analysis(load_sample())
    charts = {
        "substantive_trend": plots.substantive_trend(
            metrics.substantive_share(an, ["year"]), lang="vi"
        ),
        "resources_by_stage": plots.resources_by_stage(
            metrics.resources_mobilised(an, ["year"]), "USD", lang="vi"
        ),
    }
    images: dict[str, bytes] = {}
    for name, figure in charts.items():
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=80, facecolor="white")
        images[f"{CHART_DIR}/{name}_vi.png"] = buffer.getvalue()
    return images


# -- MkDocs hooks --------------------------------------------------------------------------------


def render_course_syllabus() -> str:
    """The course syllabus, from ``course/authoring`` (as in ``course/README.md``)."""
    from ppd_core.course.syllabus import syllabus_markdown

    authoring = sorted((Path(__file__).resolve().parents[1] / "course" / "authoring").glob("*.py"))
    return syllabus_markdown(authoring, "###")


GENERATORS: dict[str, Callable[[], str]] = {
    "public-api": render_public_api,
    "api-modules": render_api_modules,
    "dac-scale": render_dac_scale,
    "exceptions": render_exceptions,
    "data-dictionary": render_data_dictionary,
    "vocabularies": render_vocabularies,
    "cli": render_cli,
    "course-syllabus": render_course_syllabus,
}
"""Markers rendered the same in every edition."""

IN_LANGUAGE: dict[str, Callable[[Lang], str]] = {
    "rules": render_rules,
    "evaluation-checks": render_evaluation_checks,
    "iati-rules": render_iati_rules,
    "proposal-rules": render_import_rules("PROP"),
    "register-rules": render_import_rules("REG"),
    "glossary-terms": render_glossary_terms,
    "glossary-en": render_glossary_en,
    "glossary-vi": render_glossary_vi,
    "measures": render_measures,
    "dimensions": render_dimensions,
}
"""Markers rendered in the language of the page's edition (its ``.vi.md`` file: Vietnamese)."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Find the snippets wherever mkdocs runs from; list every module under "Python API"."""
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if snippets is not None:
        root = Path(config.docs_dir).parent
        snippets["base_path"] = [
            str(Path(config.docs_dir) / "snippets"),
            str(root / "src" / "ppd_core" / "datasets"),  # the worked example's source
        ]
    for section in config.nav or []:
        if not isinstance(section, dict) or "Reference" not in section:
            continue
        for item in section["Reference"]:
            if isinstance(item, dict) and API_NAV_TITLE in item:
                pages = item[API_NAV_TITLE]
                listed = {p if isinstance(p, str) else next(iter(p.values())) for p in pages}
                for module_name in api_modules():
                    path = api_page_path(module_name)
                    if path not in listed:
                        pages.append({module_name: path})
                return config
    raise PluginError(f"mkdocs.yml has no '{API_NAV_TITLE}' section under 'Reference'")


@event_priority(-200)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated API pages and chart images.

    Runs after the i18n plugin has chosen each language's files (its priority is -100), so
    the generated pages, which are written in English, are added to every language's build
    as they are (the i18n plugin only handles files that live in ``docs/``).
    """
    for module_name in api_modules():
        path = api_page_path(module_name)
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=api_page(module_name)))
    for path, data in chart_images().items():
        files.append(File.generated(config, path, content=data))
    return files


_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
"""The head's links to the page in the other language (the header's switch keeps its own)."""


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the head's ``<link rel="alternate" hreflang=…>`` tags.

    Material reads each such link as the root of a language and fetches ``sitemap.xml`` from
    beside it; the i18n plugin points them at the page itself, so every page asked for a
    ``sitemap.xml`` that does not exist (a 404 in the console). The language switch in the
    header is separate and keeps working; an offline site loses nothing by the tags' absence.
    """
    return _ALTERNATE.sub("", output)


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    """Let search find Vietnamese words typed without their diacritics.

    Runs after every language's build (the i18n plugin builds the others at priority -100)
    and adds to each indexed section holding Vietnamese letters the same words folded to
    plain letters (``thực chất`` → ``thuc chat``, with :func:`ppd_core.cleaning` 's folding),
    so a reader who types without accents finds what one who types with them finds.
    """
    from ppd_core.cleaning._normalise import fold

    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.exists():  # a language's own build: the shared index is written later
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        plain = " ".join(fold(html.unescape(f"{doc['title']} {doc['text']}")))
        if not (doc["title"] + doc["text"]).isascii() and FOLDED not in doc["text"]:
            doc["text"] += f"<span hidden {FOLDED}> {plain} </span>"
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


FOLDED = "data-ppd-folded"
"""Marks the plain-letter copy a section's search text carries (added once)."""


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace every ``<!-- ppd:NAME -->`` marker by the Markdown its generator renders."""
    lang = page_language(page)

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name in IN_LANGUAGE:
            return IN_LANGUAGE[name](lang)
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_uri}: unknown marker <!-- ppd:{name} -->")
        return GENERATORS[name]()

    return MARKER.sub(replace, markdown)


def page_language(page: Page) -> Lang:
    """The language a page is written in: ``"vi"`` for a ``page.vi.md``, else English.

    An English page shown in the Vietnamese edition (not translated yet) stays English.
    """
    return "vi" if page.file.src_uri.endswith(".vi.md") else "en"


def _assigns(module_name: str, name: str) -> bool:
    """Whether the module's own source assigns ``name`` at the top level."""
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return True
    return False
