"""Every rule is documented where it is enforced: its code appears in that object's docstring."""

from __future__ import annotations

import pytest

from ppd_core import models, money
from ppd_core.integrity import check_integrity
from ppd_core.models import _base, evaluation
from ppd_core.rules import RULES
from ppd_core.validation import validate_frames

ENFORCERS = {
    "PPD001": [models.Activity, validate_frames],
    "PPD002": [validate_frames],
    "PPD101": [_base],
    "PPD102": [_base],
    "PPD103": [money.Money],
    "PPD104": [validate_frames],
    "PPD110": [check_integrity],
    "PPD111": [check_integrity],
    "PPD112": [check_integrity],
    "PPD201": [models.Activity, models.Organisation, models.Indicator],
    "PPD202": [models.Activity],
    "PPD203": [models.Activity],
    "PPD204": [models.Activity],
    "PPD301": [money.Money, _base],
    "PPD302": [money.Money],
    "PPD401": [models.Activity],
    "PPD402": [_base],
    "PPD403": [models.Activity],
    "PPD501": [models.Activity],
    "PPD502": [models.Activity],
    "PPD503": [validate_frames],
    "PPD601": [models.Indicator],
    "PPD701": [models.Activity],
    "PPD801": [evaluation],
}


def test_every_rule_has_an_enforcer() -> None:
    assert set(ENFORCERS) == {code for code, rule in RULES.items() if rule.scope != "import"}


@pytest.mark.parametrize(("code", "objects"), sorted(ENFORCERS.items()))
def test_rule_code_in_docstrings(code: str, objects: list[object]) -> None:
    for obj in objects:
        assert code in (obj.__doc__ or ""), f"{code} is not documented in {obj!r}"
