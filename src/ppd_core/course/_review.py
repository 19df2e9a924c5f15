"""Flags for review: signs that a submission tried to steer its own tests.

Two independent looks, each giving reasons an instructor can read:

* `static_flags` reads the cells the trainee could edit (nbgrader puts every locked cell
  back before grading) and flags code that rebinds a library function, a builtin or a name
  the tests use but the instructor's answer does not define, changes how IPython runs
  cells, runs code the grader cannot read (``exec``, subprocesses) or names course files;
* `KERNEL_CHECK` runs in the trainee's kernel after the last cell and reports library
  functions and builtins defined in a notebook cell, and input or AST transformers that are
  not IPython's own; `kernel_flags` reads its report (no report is itself a flag).

A flag never changes a score: it is written beside it, in the grading report and the export.
"""

from __future__ import annotations

import ast
import builtins
import json
from typing import Any

_DYNAMIC = {
    "exec": "runs code built as text (exec)",
    "eval": "runs code built as text (eval)",
    "compile": "compiles code built as text (compile)",
    "__import__": "imports modules by name (__import__)",
    "setattr": "sets attributes by name (setattr)",
    "delattr": "deletes attributes by name (delattr)",
    "get_ipython": "uses IPython's machinery (get_ipython)",
}
_MODULES = {
    "subprocess": "starts other programs (subprocess)",
    "multiprocessing": "starts other processes (multiprocessing)",
    "ctypes": "calls C code directly (ctypes)",
    "importlib": "imports modules by name (importlib)",
    "IPython": "uses IPython's machinery (IPython)",
    "builtins": "imports the builtins module",
}
_ATTRIBUTES = {
    "system": "runs shell commands (os.system)",
    "fork": "forks processes (os.fork)",
    "popen": "runs shell commands (os.popen)",
    "input_transformers_post": "changes how IPython reads cells (input transformers)",
    "input_transformers_cleanup": "changes how IPython reads cells (input transformers)",
    "ast_transformers": "changes how IPython runs cells (AST transformers)",
    "modules": "changes loaded modules (sys.modules)",
    "__builtins__": "changes the builtins",
}
_COURSE_WORDS = ("source/", "gradebook", "authoring/", "autograded/", "submitted/", "../", "..\\")

_BUILTINS = set(dir(builtins))

MARKER = "PPD-KERNEL-CHECK:"

KERNEL_CHECK = f'''
def _ppd_kernel_check():
    import builtins, json, sys, types
    def from_cell(value):
        code = getattr(value, "__code__", None)
        name = getattr(code, "co_filename", "") if code is not None else ""
        return "ipykernel_" in name or name in ("<string>", "<stdin>") or getattr(
            value, "__module__", None) == "__main__"
    found = []
    for modname, module in sorted(sys.modules.items()):
        if module is None or not (modname == "ppd_core" or modname.startswith("ppd_core.")):
            continue
        for attr, value in list(vars(module).items()):
            if callable(value) and from_cell(value):
                found.append(f"the library function {{modname}}.{{attr}} was replaced by code "
                             "from a notebook cell")
    for attr, value in vars(builtins).items():
        if callable(value) and from_cell(value):
            found.append(f"the builtin {{attr}} was replaced by code from a notebook cell")
    shell = get_ipython()
    for kind in ("input_transformers_post", "input_transformers_cleanup", "ast_transformers"):
        for t in getattr(shell, kind, []):
            owner = getattr(t, "__module__", None) or type(t).__module__
            if not str(owner).startswith("IPython"):
                found.append(f"IPython's {{kind}} were changed (added {{t!r}})")
    for attr in ("run_cell", "run_ast_nodes", "run_code", "transform_cell"):
        if attr in vars(shell):
            found.append(f"IPython's {{attr}} was replaced")
    print("{MARKER}" + json.dumps(found))
_ppd_kernel_check()
'''
"""Code run in the trainee's kernel after the notebook; prints `MARKER` and the reasons."""


def kernel_flags(outputs: list[Any]) -> list[str]:
    """The reasons printed by `KERNEL_CHECK` (its cell's outputs); a missing report is one."""
    for out in outputs:
        for line in str(out.get("text", "")).splitlines():
            if line.startswith(MARKER):
                try:
                    found = json.loads(line[len(MARKER) :])
                except ValueError:
                    break
                return [str(f) for f in found]
    return [
        "the grader's check of the kernel did not report: the notebook changed how cells "
        "run, or ended the kernel"
    ]


def static_flags(submitted: dict[str, Any], source: dict[str, Any]) -> list[str]:
    """Reasons to review the cells a trainee could edit (``submitted``, as JSON).

    Args:
        submitted: The trainee's notebook.
        source: The instructor's notebook of the same name (its tests and answers).
    """
    tests, answers = _names(source, tests=True), _names(source, tests=False)
    trees = [_parse(_source(c)) for c in submitted.get("cells", []) if c.get("cell_type") == "code"]
    imported = set().union(*(_imported(t) for t in trees if t is not None))
    reasons: list[str] = []
    for index, cell in enumerate(submitted.get("cells", [])):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or meta.get("locked"):
            continue
        where = f"cell {index + 1}" + (f" ({meta['grade_id']})" if meta.get("grade_id") else "")
        tree = _parse(_source(cell))
        if tree is None:
            continue
        reasons += [f"{where}: {f}" for f in _inspect(tree, imported, tests - answers)]
    return list(dict.fromkeys(reasons))


def _source(cell: dict[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _parse(text: str) -> ast.Module | None:
    """The cell as Python, with IPython's magics and shell escapes turned into calls."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        manager = TransformerManager()  # type: ignore[no-untyped-call]
        return ast.parse(manager.transform_cell(text))
    except (SyntaxError, ValueError):
        return None


def _names(nb: dict[str, Any], *, tests: bool) -> set[str]:
    """Names the test cells read without binding them (``tests``), or the others bind."""
    read: set[str] = set()
    bound: set[str] = set()
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or bool(meta.get("grade")) != tests:
            continue
        tree = _parse(_source(cell))
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                read.add(node.id)
            bound |= _bound(node)
    return read - bound if tests else bound


def _bound(node: ast.AST) -> set[str]:
    """The names a statement or expression binds at its own level."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return {node.id}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= _bound(node)
    return names


def _inspect(tree: ast.Module, imported: set[str], steering: set[str]) -> list[str]:
    """Reasons found in one cell; ``steering``: names the tests read but the answer never binds."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _DYNAMIC:
            found.append(_DYNAMIC[node.id])
        elif isinstance(node, ast.Attribute) and node.attr in _ATTRIBUTES:
            found.append(_ATTRIBUTES[node.attr])
        elif isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            tops = {m.split(".")[0] for m in [module or "", *(a.name for a in node.names)]}
            found += [_MODULES[m] for m in sorted(tops & set(_MODULES))]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and any(word in node.value for word in _COURSE_WORDS)
        ):
            found.append(f"names course files ({node.value[:60]!r})")
        found += [
            f"rebinds a library attribute ({ast.unparse(t)})"
            for t in _targets(node)
            if isinstance(t, ast.Attribute) and _root(t) in imported
        ]
        for name in _bound(node) & steering:
            kind = "the builtin " if name in _BUILTINS else ""
            found.append(f"rebinds {kind}{name!r}, which the tests use")
    return found


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return [node.target]
    if isinstance(node, ast.Delete):
        return list(node.targets)
    return []


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
