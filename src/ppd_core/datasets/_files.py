"""Reading the sample's data files, shipped in ``ppd_core/datasets/data/sample/``."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

_FILES = resources.files("ppd_core.datasets").joinpath("data", "sample")


def text(name: str) -> str:
    """The text of one of the sample's data files."""
    return _FILES.joinpath(name).read_text(encoding="utf-8")


def csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV data file, empty cells left out (they mean "none")."""
    reader = csv.DictReader(io.StringIO(text(name)))
    return [{k: v for k, v in row.items() if v != ""} for row in reader]


def json_rows(name: str) -> list[dict[str, Any]]:
    """The records of a JSON data file (an array of objects)."""
    rows: list[dict[str, Any]] = json.loads(text(name))
    return rows
