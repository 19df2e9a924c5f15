"""Shared fixtures."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TODAY


@pytest.fixture
def today() -> date:
    return TODAY
