"""Answers judged outside the trainee's kernel: expected values fixed by the instructor's run.

nbgrader decides a test cell's marks from what the cell printed in the trainee's kernel, so
a trainee's code that rebinds a library function, a builtin or IPython's cell machinery can
make any test pass. Here the hidden part of each test is decided elsewhere:

* at build time (`write_expected`), the instructor's ``source/`` notebook runs in a fresh
  kernel with a *judge cell* after each test cell; the judge cell prints the canonical form
  (`canonical`) of the cell's *answers* and the values are kept in
  ``answers/<assignment>.json``, beside the gradebook: never released, and hidden from the
  sandbox like the rest of the course folder;
* when grading (`JudgedExecute`), the hidden tests are taken out of the test cells before
  the trainee's kernel runs them (so the kernel never sees a hidden test), the same judge
  cells run, and the grader, in its own process, compares what they printed with the
  instructor's values. A test cell whose answers differ gets an error at the head of its
  outputs, so nbgrader gives it no marks.

Whatever the trainee's code does to its kernel, it can only change the values the judge
cells *report*; a wrong report earns nothing, and a right one needs the right answer, which
is never on the trainee's side of the sandbox. A test cell's answers are the names its
solution cell defines and the test uses, or the expressions on ``#: answer EXPR`` lines of
its hidden block when that comparison would be too strict or too loose.
"""

from __future__ import annotations

import ast
import datetime as _dt
import enum
import hashlib
import inspect
import json
import math
import numbers
import re
import shutil
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from nbformat.v4 import new_code_cell
from nbgrader.preprocessors import Execute
from traitlets import Unicode

from ppd_core.course.authoring import HIDDEN_BEGIN, HIDDEN_END
from ppd_core.course.translation import CourseLanguage
from ppd_core.errors import CourseError
from ppd_core.i18n import text

MARKER = "PPD-ANSWERS:"
_ANSWER_LINE = re.compile(r"^\s*#:\s*answer\s+(.+?)\s*$")
_HIDDEN = re.compile(re.escape(HIDDEN_BEGIN) + r".*?" + re.escape(HIDDEN_END) + r"\n?", re.S)
_JUDGE_TAG = "ppd-judge"


# -- in the kernel ---------------------------------------------------------------------------


def canonical(value: Any, depth: int = 0) -> Any:
    """A JSON form of an answer, equal for answers a hidden test would take as equal."""
    if depth > 12:
        return {"type": "too deep"}
    deeper = depth + 1
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return canonical(value.value, deeper)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else {"float": repr(number)}
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    if hasattr(value, "model_dump") and callable(value.model_dump):
        return {"record": canonical(value.model_dump(), deeper)}
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
        return {"frame": canonical(value.to_dict(orient="split"), deeper)}
    if hasattr(value, "tolist"):  # pandas Series, numpy arrays and scalars
        return canonical(value.tolist(), deeper)
    if isinstance(value, Mapping):
        pairs = [[canonical(k, deeper), canonical(v, deeper)] for k, v in value.items()]
        return {"map": sorted(pairs, key=json.dumps)}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((canonical(v, deeper) for v in value), key=json.dumps)}
    if isinstance(value, (list, tuple)):
        return [canonical(v, deeper) for v in value]
    return {"type": type(value).__name__}


def report(test_id: str, answers: list[Callable[[], Any]]) -> None:
    """Print the canonical answers of one test cell (run by the judge cell in a kernel)."""
    values = []
    for answer in answers:
        try:
            values.append(canonical(answer()))
        except Exception as exc:
            values.append({"error": type(exc).__name__})
    print(MARKER + json.dumps({"id": test_id, "values": values}))


# -- in the grader ---------------------------------------------------------------------------


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _meta(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _stored(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    defs = (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)
    return names | {n.name for n in tree.body if isinstance(n, defs)}


def _loaded(code: str) -> list[str]:
    tree = ast.parse(code)
    seen: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            seen.setdefault(node.id, None)
    return sorted(seen)


def answer_expressions(solution: str, tests: str, where: str) -> list[str]:
    """What the judge compares for one test cell (see the module docs).

    Raises:
        CourseError: When the test names no answer of its solution and has no ``#: answer``.
    """
    explicit = [m.group(1) for line in tests.splitlines() if (m := _ANSWER_LINE.match(line))]
    for expr in explicit:
        try:
            ast.parse(expr, mode="eval")
        except SyntaxError:
            raise CourseError(f"{where}: '#: answer {expr}' is not a Python expression") from None
    if explicit:
        return explicit
    found = [name for name in _loaded(tests) if name in _stored(solution)]
    if not found:
        raise CourseError(
            f"{where}: the test uses no name its solution cell defines; add a line "
            "'#: answer EXPRESSION' to its hidden tests saying what to compare"
        )
    return found


def plan(nb: Any, where: str) -> dict[str, list[str]]:
    """Each autograded test cell's id and answer expressions, from the instructor's notebook."""
    out: dict[str, list[str]] = {}
    solution = ""
    for cell in nb["cells"]:
        meta = _meta(cell)
        if cell.get("cell_type") != "code":
            continue
        if meta.get("solution"):
            solution = _source(cell)
        elif meta.get("grade"):
            gid = str(meta["grade_id"])
            out[gid] = answer_expressions(solution, _source(cell), f"{where}, cell {gid}")
    return out


_KERNEL_IMPORTS = f"""import datetime as _dt, enum, json, math, numbers, unicodedata
from collections.abc import Callable, Mapping
from typing import Any
MARKER = {MARKER!r}
"""


def judge_cell(test_id: str, expressions: list[str]) -> Any:
    """The code cell that reports a test cell's answers (it says no ``assert``).

    It defines `canonical` and `report` inside a function, so it adds no name to the
    notebook's namespace and imports nothing of ``ppd_core``.
    """
    thunks = ", ".join(f"lambda: ({expr})" for expr in expressions)
    body = _KERNEL_IMPORTS + inspect.getsource(canonical) + inspect.getsource(report)
    code = (
        "def _ppd_judge(answers):\n"
        + textwrap.indent(body, "    ")
        + f"    report({test_id!r}, answers)\n"
        + f"_ppd_judge([{thunks}])\ndel _ppd_judge\n"
    )
    cell = new_code_cell(code)  # type: ignore[no-untyped-call]
    cell.metadata[_JUDGE_TAG] = test_id
    return cell


def _reported(cell: Any) -> list[Any] | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") != "stream":
            continue
        for line in str(output.get("text", "")).splitlines():
            if line.startswith(MARKER):
                try:
                    found = json.loads(line[len(MARKER) :])
                except ValueError:
                    return None
                values = found.get("values") if isinstance(found, dict) else None
                return values if isinstance(values, list) else None
    return None


def same(expected: Any, actual: Any) -> bool:
    """Equal canonical answers; numbers equal to nine significant digits."""
    numeric = (int, float)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, numeric) and isinstance(actual, numeric):
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(same, expected, actual))
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            same(expected[k], actual[k]) for k in expected
        )
    return bool(expected == actual)


def _with_judges(nb: Any, planned: Mapping[str, list[str]]) -> dict[str, str]:
    """Insert a judge cell after each planned test cell; return the test cells' sources."""
    sources: dict[str, str] = {}
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        gid = str(_meta(cell).get("grade_id"))
        if cell.get("cell_type") == "code" and gid in planned and gid not in sources:
            sources[gid] = cell.source
            cells.append(judge_cell(gid, planned[gid]))
    nb.cells = cells
    return sources


def _take_judges(nb: Any) -> dict[str, list[Any] | None]:
    """Remove the judge cells; return what each reported (``None``: no report)."""
    reports: dict[str, list[Any] | None] = {}
    kept = []
    for cell in nb.cells:
        tag = cell.get("metadata", {}).get(_JUDGE_TAG)
        if tag is None:
            kept.append(cell)
        else:
            reports[str(tag)] = _reported(cell)
    nb.cells = kept
    return reports


def expected_path(root: Path, assignment: str) -> Path:
    """Where the instructor's answers of an assignment are kept (never released)."""
    return root / "answers" / f"{assignment}.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(root: Path, assignment: str) -> bool:
    """Whether the kept answers were computed from the current ``source/`` notebooks."""
    path = expected_path(root, assignment)
    if not path.is_file():
        return False
    kept = json.loads(path.read_text("utf-8"))
    folder = root / "source" / assignment
    return all(
        kept.get(nb.stem, {}).get("digest") == _digest(nb) for nb in folder.glob("*.ipynb")
    ) and len(kept) == len(list(folder.glob("*.ipynb")))


def write_expected(root: Path, assignment: str, *, timeout: int = 600) -> Path:
    """Run the instructor's notebooks with judge cells; keep their answers (see module docs).

    Raises:
        CourseError: Naming the notebook and test cell whose answer cannot be computed.
    """
    import nbformat
    from nbclient import NotebookClient

    folder = root / "source" / assignment
    kept: dict[str, Any] = {}
    for path in sorted(folder.glob("*.ipynb")):
        where = f"{assignment}/{path.name}"
        nb: Any = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        planned = plan(nb, where)
        _with_judges(nb, planned)
        with tempfile.TemporaryDirectory(prefix="ppd-answers-") as tmp:
            work = Path(tmp, "work")
            shutil.copytree(folder, work)
            client = NotebookClient(
                nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": work}}
            )
            client.execute()
        reports = _take_judges(nb)
        answers: dict[str, Any] = {}
        for gid, expressions in planned.items():
            values = reports.get(gid)
            bad = [
                e
                for e, v in zip(expressions, values or [], strict=False)
                if isinstance(v, dict) and "error" in v
            ]
            if values is None or bad:
                raise CourseError(
                    f"{where}, cell {gid}: the instructor's solution gives no answer for "
                    f"{', '.join(bad) or 'this test'}; fix the solution or its '#: answer' lines"
                )
            answers[gid] = {"expressions": expressions, "expected": values}
        kept[path.stem] = {"digest": _digest(path), "tests": answers}
    out = expected_path(root, assignment)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return out


def strip_hidden(source: str) -> str:
    """A test cell's source without its hidden tests."""
    return _HIDDEN.sub("", source)


class JudgedExecute(Execute, CourseLanguage):  # type: ignore[misc]  # nbgrader is untyped
    """nbgrader's ``Execute`` with the hidden tests judged outside the kernel (module docs).

    Its note on a test cell is in the course's language (`CourseLanguage`).
    """

    answers_dir = Unicode("", help="The folder of the instructor's answers.").tag(config=True)

    def preprocess(self, nb: Any, resources: Any, km: Any = None) -> Any:
        """Run the notebook without hidden tests, with judge cells; fail wrong answers."""
        info = resources.get("nbgrader", {})
        path = Path(self.answers_dir, f"{info.get('assignment')}.json")
        if not path.is_file():
            raise CourseError(
                f"no instructor's answers at {path}: run 'ppd course build' before grading"
            )
        kept = json.loads(path.read_text("utf-8")).get(info.get("notebook"), {}).get("tests", {})
        planned = {gid: entry["expressions"] for gid, entry in kept.items()}
        sources = _with_judges(nb, planned)
        for cell in nb.cells:
            gid = _meta(cell).get("grade_id")
            if gid in sources and cell.get("metadata", {}).get(_JUDGE_TAG) is None:
                cell.source = strip_hidden(cell.source)
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        finally:
            reports = _take_judges(nb)
        note = text("The grader's hidden checks did not accept this answer.", self.lang)
        for cell in nb.cells:
            gid = _meta(cell).get("grade_id")
            if gid not in sources:
                continue
            cell.source = sources[gid]
            got = reports.get(gid)
            if got is None or not same(kept[gid]["expected"], got):
                error = {"output_type": "error", "ename": "AssertionError", "evalue": note}
                cell.outputs.insert(0, _output(error, note))
        return nb, resources


def judged_overrides(root: Path, executor: type[Execute] = JudgedExecute) -> dict[str, Any]:
    """The nbgrader config grading ``root``'s notebooks with ``executor`` (a `JudgedExecute`)."""
    from nbgrader.converters import Autograde

    steps = [executor if s is Execute else s for s in Autograde.autograde_preprocessors.default()]
    return {
        "Autograde__autograde_preprocessors": steps,
        "JudgedExecute__answers_dir": str(root / "answers"),
    }


def _output(fields: dict[str, Any], note: str) -> Any:
    from nbformat import from_dict

    full = {**fields, "traceback": [f"AssertionError: {note}"]}
    return from_dict(full)  # type: ignore[no-untyped-call]
