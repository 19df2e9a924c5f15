"""Helpers shared by the benchmarks: isolated runs with time and peak-memory measurement."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure(step: Callable[[], Any]) -> dict[str, float]:
    """Run ``step`` once; return seconds, peak RSS (MB) and the RSS it added at its peak (MB).

    The kernel's high-water mark is reset first (``/proc/self/clear_refs``), so the peak is
    the peak of this step, with whatever the process already held.
    """
    with contextlib.suppress(OSError):  # not Linux: the peak includes earlier work
        Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    t0 = time.perf_counter()
    step()
    seconds = time.perf_counter() - t0
    peak = _status_kb("VmHWM")
    return {"seconds": seconds, "peak_mb": peak / 1024, "added_mb": (peak - before) / 1024}


def run_isolated(module: str, *args: str, src: str | None = None) -> dict[str, Any]:
    """Run ``python -m benchmarks.<module> --child ARGS`` and return the JSON it prints last.

    ``src``: the ``src`` folder of another checkout whose ``ppd_core`` the run imports instead.
    """
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    out = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{module}", "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write a benchmark's figures to ``benchmarks/results/<name>.json``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2))
    return path


def verdict(ok: bool) -> str:
    """``PASS`` or ``FAIL``."""
    return "PASS" if ok else "FAIL"


def finish(
    name: str, runs: list[dict[str, Any]], targets: dict[str, bool], where: str = ""
) -> dict[str, Any]:
    """Print each target's verdict, save the figures as ``results/<name>.json``, return them."""
    at = f" ({where})" if where else ""
    for target, ok in targets.items():
        print(f"  {verdict(ok)}  {target}{at}")
    payload = {"benchmark": name, "runs": runs, "targets": targets}
    save(name, payload)
    return payload
