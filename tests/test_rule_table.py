"""The rule table: each rule declared once, one check each, and no problem reported twice.

``test_rules.py`` breaks every rule on both paths; here the tests check the table itself
(every code has exactly one check, in the place its scope names) and that no input — built by
hypothesis and by hand, through the columnar path, the record path and a CSV reader — yields
two problems for the same (table, row, field, rule).
"""

from __future__ import annotations

import ast
import inspect
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ppd_core
from helpers import TODAY, activity_dict, frames_from_raw
from ppd_core import Activity, ValidationReport, validate_frames, validate_records
from ppd_core.integrity import check_integrity
from ppd_core.io import read_csv
from ppd_core.rules import RULES, fields
from ppd_core.rules.records import PREDICATES
from test_properties import activity_rows
from test_rules import CASES

SRC = Path(ppd_core.__file__).parent
TRANSLATED = {"PPD001", "PPD002", "PPD104", "PPD503"}
"""Value rules whose check is the field's type itself (a required field, a date, an enum, a
required part of an optional nested value): pydantic finds them, :class:`Record` codes them,
and the columnar path reads the same schema facts (required, dtype, vocabulary, ``within``)."""


def _field_rule_codes() -> Counter[str]:
    classes = [
        c
        for _, c in inspect.getmembers(fields, inspect.isclass)
        if issubclass(c, fields.FieldRule) and "code" in c.__dict__
    ]
    return Counter(c.code for c in classes)


def test_every_rule_has_exactly_one_check_where_its_scope_says() -> None:
    field_codes = _field_rule_codes()
    integrity = (SRC / "integrity.py").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        if rule.scope == "value":
            checks = field_codes[code] + (code in TRANSLATED)
            assert checks == 1 or (code == "PPD001" and checks == 2), code  # PPD001: + text
        elif rule.scope == "record":
            assert code in PREDICATES, code
            assert field_codes[code] == 0, code
        elif rule.scope == "dataset":
            assert f'"{code}"' in integrity, code
            assert code not in PREDICATES, code
            assert field_codes[code] == 0, code
    assert set(PREDICATES) <= set(RULES)
    assert set(field_codes) <= set(RULES)


def test_every_value_and_record_rule_is_broken_on_both_paths_by_a_case() -> None:
    # test_rules.test_rule_breaks_on_both_paths asserts each case on both paths.
    needed = {code for code, rule in RULES.items() if rule.scope in ("value", "record")}
    assert needed <= {code for code, _, _ in CASES}


_LITERAL = re.compile(r"PPD\d{3}")
_MAY_NAME_CODES = {
    # the rule table and the two paths that run it
    "rules",
    "validation",
    "models/_base.py",
    "money.py",  # a float is refused as money (PPD002) before pydantic reads a decimal
    "integrity.py",
    # readers: a cell they cannot read at all (PPD002); docstrings elsewhere
    "io",
}


def test_no_module_makes_checks_of_its_own() -> None:
    """A rule code as a string literal outside the rule machinery would be a second check."""
    offenders: list[str] = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.split("/")[0] in _MAY_NAME_CODES or rel in _MAY_NAME_CODES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) in docstrings:
                    continue
                if _LITERAL.fullmatch(node.value):
                    offenders.append(f"{rel}:{node.lineno} {node.value}")
    assert offenders == []


def _keys(report: ValidationReport) -> list[tuple[Any, ...]]:
    return [(p.sheet, p.row, p.record_id, p.field, p.code) for p in report]


def _no_repeats(report: ValidationReport) -> None:
    repeated = [k for k, n in Counter(_keys(report)).items() if n > 1]
    assert repeated == [], report


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(activity_rows(), min_size=1, max_size=3))
def test_no_input_yields_the_same_problem_twice(rows: list[dict[str, Any]]) -> None:
    _, by_record = validate_records(Activity, rows, today=TODAY)
    _no_repeats(by_record)
    frames: dict[str, list[pd.DataFrame]] = {}
    for row in rows:
        for name, frame in frames_from_raw("activities", row).items():
            frames.setdefault(name, []).append(frame)
    joined = {name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()}
    coerced, by_column = validate_frames(joined, today=TODAY)
    _no_repeats(by_column + check_integrity(coerced))


def _write(folder: Path, table: str, text: str) -> None:
    (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    (folder / "organisations.csv").write_text(
        "id,name_vi,type,level\nVUFO,Liên hiệp,central_standing_body,central\n", encoding="utf-8"
    )


ACTIVITY_HEADER = "id,title,lead_organisation_id,kind,status,actual_start"


def test_a_repeated_output_row_is_one_problem(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "activities",
        f"{ACTIVITY_HEADER}\nA-1,Forum,VUFO,conference_forum,closed,2025-03-01\n",
    )
    _write(
        tmp_path,
        "activity_outputs",
        "activity_id,output,count\nA-1,agreements_signed,2\nA-1,agreements_signed,3\n",
    )
    result = read_csv(tmp_path, today=TODAY)
    found = [(p.code, p.sheet, p.row, p.field, p.value) for p in result.report]
    assert found == [
        ("PPD403", "activity_outputs", 3, "outputs.agreements_signed", "agreements_signed")
    ]
    assert "appears more than once in outputs" in result.report[0].message


def test_a_cost_without_amount_is_one_problem(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "activities",
        f"{ACTIVITY_HEADER},cost_currency\nA-1,Forum,VUFO,conference_forum,closed,2025-03-01,USD\n",
    )
    result = read_csv(tmp_path, today=TODAY)
    found = [(p.code, p.row, p.field) for p in result.report]
    assert found == [("PPD503", 2, "cost.amount")]
    assert result.report[0].message == (
        "cost.amount is missing although other parts of cost are given. Fill it in, or clear "
        "the other parts of cost."
    )


def test_an_impossible_date_is_one_problem(tmp_path: Path) -> None:
    """31/02/2025 cannot be read: PPD002 for that cell, not also 'planned_start is required'."""
    _write(
        tmp_path,
        "activities",
        f"{ACTIVITY_HEADER}\nA-1,Forum,VUFO,conference_forum,closed,31/02/2025\n",
    )
    result = read_csv(tmp_path, today=TODAY)
    assert [(p.code, p.field) for p in result.report] == [("PPD002", "actual_start")]


def test_the_readme_record_example_codes_every_problem() -> None:
    try:
        Activity(id="A 1", title="", lead_organisation_id="VUFO", kind="banquet", status="closed")
    except ValueError as err:  # pydantic's ValidationError: what a user sees
        text = str(err)
    assert re.findall(r"\[type=(\w+)", text) == ["PPD101", "PPD001", "PPD104"]
    assert "title is required but missing. Fill it in." in text
    assert "'banquet' is not a code of ActivityKind." in text


def test_one_record_costs_no_frames() -> None:
    """The record path runs the record rules without building a DataFrame."""
    row = activity_dict(countries=[{"country": "KH", "percentage": 100.0}])
    before = pd.DataFrame.__init__
    calls = 0

    def counting(self: pd.DataFrame, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        before(self, *args, **kwargs)

    pd.DataFrame.__init__ = counting  # type: ignore[method-assign,assignment]
    try:
        Activity.model_validate(row, context={"today": date(2026, 1, 1)})
    finally:
        pd.DataFrame.__init__ = before  # type: ignore[method-assign]
    assert calls == 0
