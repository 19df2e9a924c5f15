"""A writer killed (SIGKILL) in the middle of an import leaves the database as it was before
that import, on SQLite and on PostgreSQL (the ``url`` fixture of ``test_store``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from ppd_core.datasets import load_sample
from ppd_core.store import Store
from test_store import url  # noqa: F401 - the SQLite / PostgreSQL fixture

IMPORT = """
import sys
from ppd_core.datasets import synthetic
from ppd_core.store import Store
big = synthetic(seed=11, activities=40_000)
store = Store(sys.argv[1], user="killed")
print("saving", flush=True)
store.save(big)
print("saved", flush=True)
"""


def test_a_writer_killed_mid_import_leaves_the_database_as_before(url: str) -> None:  # noqa: F811
    with Store(url, user="setup") as setup:
        setup.save(load_sample())
        before = setup.counts()
        trail = len(setup.audit())
    with subprocess.Popen(
        [sys.executable, "-c", IMPORT, url],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saving"
        time.sleep(3)  # well into the save: 40,000 activities take far longer
        assert child.poll() is None, "the import ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with Store(url, user="after") as after:
        assert after.counts() == before
        assert len(after.audit()) == trail
        again = after.save(load_sample())  # and it takes writes again at once
        assert again.changed == 0
