r"""The words for people inside a notebook cell, found and replaced without touching code.

A cell's *prose* is what a trainee reads: in a Markdown cell, each heading, paragraph, list
item and table cell; in a code cell, each comment (consecutive full-line comments are one
text) and each literal text that is printed (``print(...)``) or is the message of a check
(``assert ..., "message"``). Identifiers, code, column names, ids, code spans and the
nbgrader markers are not prose. Solution code and hidden tests are never shown to a trainee,
so their code is left as written.

One walker per cell type serves both purposes: `units` lists the texts (to extract them
into a catalogue) and `rewrite` puts the translation of each text in its place, keeping the
Markdown structure (heading marks, list markers and indentation, table pipes) and the quotes
and leading or trailing spaces of literals exactly as they were.

>>> units("## 1. A cell\n\nRun it:\nit prints.\n\n* `x` two", markdown=True)
[('1. A cell', 'heading'), ('Run it: it prints.', 'paragraph'), ('`x` two', 'list item')]
>>> rewrite('print("  Total:", n)  # the sum', False, lambda t, k: t.upper())
'print("  TOTAL:", n)  # THE SUM'
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from collections.abc import Callable
from functools import partial

from ppd_core.course.authoring import HIDDEN_BEGIN, HIDDEN_END, SOLUTION_BEGIN, SOLUTION_END
from ppd_core.errors import CourseError

__all__ = ["Translate", "fixed_parts", "rewrite", "units"]

Translate = Callable[[str, str], str]
"""A function from (text, kind of text) to its translation."""

_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_ITEM = re.compile(r"^(\s*(?:[*+-]|\d+[.)])\s+)(.*)$")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|\s*$")
_CODE_SPAN = re.compile(r"`[^`]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_FIELD = re.compile(r"\{[^{}]*\}")
_LETTER = re.compile(r"[^\W\d_]")
_PART = re.compile(r"^([A-Za-z]*)(['\"])(.*)\2$", re.S)
_COMMENT_WIDTH = 92


def fixed_parts(text: str, kind: str) -> list[str]:
    """What a translation must keep exactly: code spans, link targets, f-string fields."""
    parts = _CODE_SPAN.findall(text) + _LINK_TARGET.findall(text)
    if kind == "printed text (f-string)":
        parts += _FIELD.findall(_CODE_SPAN.sub("", text))
    return sorted(parts)


def _is_prose(text: str) -> bool:
    """Text with a letter outside code spans and link targets."""
    return bool(_LETTER.search(_LINK_TARGET.sub("", _CODE_SPAN.sub("", text))))


# -- Markdown --------------------------------------------------------------------------------


def _markdown_block(lines: list[str], tr: Translate) -> list[str]:
    """One block of non-blank lines: headings, list items, table rows, then paragraphs."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if heading := _HEADING.match(line):
            out.append(heading.group(1) + _one(heading.group(2), "heading", tr))
            i += 1
        elif line.lstrip().startswith("|"):
            out.append(line if _TABLE_RULE.match(line.strip()) else _table_row(line, tr))
            i += 1
        elif item := _ITEM.match(line):
            j = i + 1
            while j < len(lines) and lines[j][:1].isspace() and not _ITEM.match(lines[j]):
                j += 1
            text = " ".join([item.group(2), *(s.strip() for s in lines[i + 1 : j])])
            out.append(item.group(1) + _one(text, "list item", tr))
            i = j
        else:
            j = i + 1
            while j < len(lines) and not _starts_block(lines[j]):
                j += 1
            out.append(_one(" ".join(s.strip() for s in lines[i:j]), "paragraph", tr))
            i = j
    return out


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _ITEM.match(line) or line.lstrip().startswith("|"))


def _table_row(line: str, tr: Translate) -> str:
    cells = line.strip().strip("|").split("|")
    return "| " + " | ".join(_one(c.strip(), "table cell", tr) for c in cells) + " |"


def _one(text: str, kind: str, tr: Translate) -> str:
    return tr(text, kind) if _is_prose(text) else text


def _markdown(source: str, tr: Translate) -> str:
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        out += _markdown_block(lines[i:j], tr)
        i = j
    return "\n".join(out)


# -- code ------------------------------------------------------------------------------------

Spot = tuple[int, int, str, str, Callable[[str], str]]
"""A text in code: start and end offset, the text, its kind, and how a translation is written."""


def _secret_lines(source: str) -> set[int]:
    """Line numbers (1-based) of solution code, hidden tests and their markers."""
    secret, inside = set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if SOLUTION_BEGIN in line or HIDDEN_BEGIN in line:
            inside = True
        if inside:
            secret.add(number)
        if SOLUTION_END in line or HIDDEN_END in line:
            inside = False
    return secret


def _comment_spots(source: str, starts: list[int], where: str) -> list[Spot]:
    secret = _secret_lines(source)
    lines = source.split("\n")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise CourseError(f"{where}: the code cannot be read as Python ({exc})") from None
    comments = [
        t
        for t in tokens
        if t.type == tokenize.COMMENT
        and t.start[0] not in secret
        and not t.string.startswith(("#:", "###", "# noqa", "# type:"))
    ]
    spots: list[Spot] = []
    group: list[tokenize.TokenInfo] = []

    def full_line(tok: tokenize.TokenInfo) -> bool:
        return not lines[tok.start[0] - 1][: tok.start[1]].strip()

    def flush() -> None:
        if not group:
            return
        text = " ".join(t.string.lstrip("#").strip() for t in group)
        first, last = group[0], group[-1]
        start = starts[first.start[0] - 1] + first.start[1]
        end = starts[last.end[0] - 1] + last.end[1]
        if _is_prose(text):
            indent = " " * first.start[1] if full_line(first) else None
            spots.append((start, end, text, "comment", lambda new: _comment(new, indent)))
        group.clear()

    for tok in comments:
        prev = group[-1] if group else None
        joins = (
            prev is not None
            and full_line(prev)
            and full_line(tok)
            and tok.start[0] == prev.start[0] + 1
            and tok.start[1] == prev.start[1]
        )
        if not joins:
            flush()
        group.append(tok)
    flush()
    return spots


def _comment(text: str, indent: str | None) -> str:
    """A comment holding ``text``: wrapped on full lines, on one line after code."""
    if indent is None:
        return "# " + text
    wrapped = textwrap.wrap(text, max(40, _COMMENT_WIDTH - len(indent))) or [""]
    return "\n".join(f"{indent if k else ''}# {line}" for k, line in enumerate(wrapped))


def _literals(node: ast.expr) -> list[ast.expr]:
    """The literal texts of a printed value or check message (through ``+`` only)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [node]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literals(node.left) + _literals(node.right)
    return []


def _literal(head: str, tail: str, text: str, *, raw: bool) -> str:
    """``head + text + tail`` as a literal: raw inside an f-string, else double-quoted."""
    if raw:
        return head + text + tail
    body = (head + text + tail).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def _fstring_body(segment: str) -> str | None:
    """The inside of an f-string literal as one ``f"..."`` (None: a shape left as code).

    Implicitly joined parts become one text; plain parts get their braces doubled.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(f"({segment})").readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    body = ""
    for tok in tokens[1:-3]:  # without the parentheses, NEWLINE and ENDMARKER
        if tok.type in {tokenize.NL, tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.COMMENT}:
            continue
        part = _PART.match(tok.string) if tok.type == tokenize.STRING else None
        if (
            part is None
            or set(part.group(1).lower()) - {"f"}
            or part.group(3).startswith(("''", '""'))
        ):
            return None
        inner = (
            part.group(3) if part.group(1) else part.group(3).replace("{", "{{").replace("}", "}}")
        )
        if part.group(2) == "'":
            inner = re.sub(r'(?<!\\)"', '\\"', inner)
        body += inner
    return body


def _is_print(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    )


def _string_spots(source: str, starts: list[int], where: str) -> list[Spot]:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise CourseError(f"{where}: the code cannot be read as Python ({exc})") from None
    secret = _secret_lines(source)
    lines = source.split("\n")
    found: list[tuple[ast.expr, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            found += [(lit, "check message") for lit in _literals(node.msg)]
        elif _is_print(node):
            assert isinstance(node, ast.Call)
            found += [(lit, "printed text") for arg in node.args for lit in _literals(arg)]

    def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:col].decode())

    spots: list[Spot] = []
    for lit, found_kind in found:
        kind = found_kind
        if lit.lineno in secret or lit.end_lineno is None or lit.end_col_offset is None:
            continue
        start = offset(lit.lineno, lit.col_offset)
        end = offset(lit.end_lineno, lit.end_col_offset)
        if isinstance(lit, ast.JoinedStr):
            inner = _fstring_body(source[start:end])
            if inner is None:
                continue  # raw, bytes or triple-quoted: a shape nobody writes for a message
            kind, body = "printed text (f-string)", inner
        else:
            assert isinstance(lit, ast.Constant)
            body = str(lit.value)
        text = body.strip()
        if not _is_prose(_FIELD.sub("", text) if isinstance(lit, ast.JoinedStr) else text):
            continue
        lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()) :]
        if isinstance(lit, ast.JoinedStr):
            write = partial(_literal, f'f"{lead}', f'{trail}"', raw=True)
        else:
            write = partial(_literal, lead, trail, raw=False)
        spots.append((start, end, text, kind, write))
    return spots


def _spots(source: str, where: str) -> list[Spot]:
    """The prose of a code cell, in reading order."""
    starts, total = [], 0
    for line in source.split("\n"):
        starts.append(total)
        total += len(line) + 1
    found = _string_spots(source, starts, where) + _comment_spots(source, starts, where)
    return sorted(found, key=lambda spot: spot[0])


def _code(source: str, tr: Translate, where: str) -> str:
    spots = _spots(source, where)
    new = [render(tr(text, kind)) for _, _, text, kind, render in spots]
    for (start, end, *_), text in zip(reversed(spots), reversed(new), strict=True):
        source = source[:start] + text + source[end:]
    return source


# -- both ------------------------------------------------------------------------------------


def rewrite(source: str, markdown: bool, tr: Translate, where: str = "<cell>") -> str:
    """The cell's text with each prose text replaced by ``tr(text, kind)``."""
    return _markdown(source, tr) if markdown else _code(source, tr, where)


def units(source: str, markdown: bool, where: str = "<cell>") -> list[tuple[str, str]]:
    """The prose texts of a cell, in order, each with its kind (see the module docs)."""
    found: list[tuple[str, str]] = []

    def record(text: str, kind: str) -> str:
        found.append((text, kind))
        return text

    if not markdown:
        return [(text, kind) for _, _, text, kind, _ in _spots(source, where)]
    rewrite(source, markdown, record, where)
    return found
