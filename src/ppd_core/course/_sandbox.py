"""The sandbox a trainee's notebook runs in: its kernel inside bubblewrap, with limits.

nbgrader runs the trainee's code and the hidden tests in one kernel on the grader's machine.
Here that kernel is started inside Debian's ``bwrap`` (bubblewrap): it sees a read-only view
of the system and of the Python environment, a private writable copy of the trainee's own
folder and nothing else of the course (``source/``, the gradebook and other trainees'
submissions are hidden under an empty folder); it has no network; it runs in new PID, IPC
and UTS namespaces, so every process it started dies with it; ``prlimit`` bounds its memory,
CPU time, processes and the size of the files it writes, and `SandboxedExecute` keeps at most
`Limits.output_kb` of output per cell, saying so in the notebook.

The kernel talks to nbgrader over Unix sockets in a private folder (``transport = "ipc"``),
the only thing the sandbox shares with the grader besides the trainee's folder. After the
last cell, `SandboxedExecute` runs the kernel check of `_review` and writes what it flags.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from nbformat.v4 import new_code_cell, new_output
from traitlets import Integer, Unicode

from ppd_core.course._answers import JudgedExecute, judged_overrides
from ppd_core.course._review import KERNEL_CHECK, kernel_flags

_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc")
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "MPLBACKEND")


@cache
def available() -> bool:
    """Whether ``bwrap`` and ``prlimit`` are installed and a sandbox can really be made here."""
    if not sys.platform.startswith("linux"):
        return False
    bwrap, prlimit = shutil.which("bwrap"), shutil.which("prlimit")
    if bwrap is None or prlimit is None:
        return False
    probe = [bwrap, "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"]
    try:
        return subprocess.run(probe, check=False, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def unavailable_reason() -> str:
    """Why grading refuses untrusted submissions on this machine (no sandbox)."""
    return (
        "no sandbox for trainees' code on this machine (it needs Linux with bubblewrap and "
        "prlimit: apt-get install -y bubblewrap): a submission could read the hidden tests, "
        "change the gradebook or other trainees' work. Install bubblewrap, or pass "
        "--trust-submissions to grade without a sandbox if you trust every submission"
    )


def readonly_paths() -> list[str]:
    """The system folders and every folder of the Python environment, to mount read-only.

    The folder grading was started from is not among them, although ``python -m`` and pytest
    put it on the import path: it may be a checkout of the course, whose solutions and
    hidden tests a trainee's code must never read (the kernel imports nothing from it).
    """
    paths: list[str] = [p for p in _SYSTEM if os.path.isdir(p)]
    here = os.path.realpath(os.getcwd())
    found = [e for e in sys.path if e and os.path.realpath(e) != here]
    entries = [sys.prefix, sys.base_prefix, sys.exec_prefix, *found]
    entries += [str(Path(sys.executable).parent), os.path.realpath(sys.executable)]
    for entry in filter(None, entries):
        for candidate in {entry, os.path.realpath(entry)}:
            path = candidate if os.path.isdir(candidate) else os.path.dirname(candidate)
            if path and os.path.isdir(path) and path != "/" and path not in paths:
                paths.append(path)
    return paths


def review_flags(review_dir: str, student: str, assignment: str) -> list[str]:
    """The kernel check's flags for one trainee's assignment (written by `SandboxedExecute`)."""
    folder = Path(review_dir, student, assignment)
    found: list[str] = []
    for path in sorted(folder.glob("*.json")):
        found += json.loads(path.read_text("utf-8"))
    return found


def autograde_overrides(root: Path, review_dir: Path) -> dict[str, Any]:
    """The nbgrader config that runs every notebook of ``root``'s trainees in the sandbox."""
    return {
        **judged_overrides(root, SandboxedExecute),
        "SandboxedKernelManager__course_root": str(root),
        "SandboxedExecute__review_dir": str(review_dir),
    }


def wrap(
    cmd: list[str], *, workdir: str, shared: str, hidden: str, limits: dict[str, int]
) -> list[str]:
    """``cmd`` run by ``prlimit`` inside ``bwrap``.

    Args:
        cmd: The kernel's command line.
        workdir: The trainee's folder as the notebook sees it (a private copy is mounted there).
        shared: The private folder of the kernel's sockets and connection file.
        hidden: The course folder, replaced by an empty folder inside the sandbox.
        limits: ``memory_mb``, ``cpu_seconds``, ``processes`` and ``file_mb``.
    """
    copy = os.path.join(shared, "work")
    args = [str(shutil.which("prlimit"))]
    args += [f"--as={limits['memory_mb'] * 1024 * 1024}", f"--cpu={limits['cpu_seconds']}"]
    args += [f"--nproc={limits['processes']}", f"--fsize={limits['file_mb'] * 1024 * 1024}"]
    args += ["--", str(shutil.which("bwrap")), "--die-with-parent", "--unshare-all"]
    args += ["--clearenv"]
    for name in _PASSED_ENV:
        if name in os.environ:
            args += ["--setenv", name, os.environ[name]]
    home = os.path.join(shared, "home")
    for name in ("HOME", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"):
        args += ["--setenv", name, home]
    args += ["--setenv", "JUPYTER_RUNTIME_DIR", shared, "--setenv", "MPLCONFIGDIR", home]
    for path in readonly_paths():
        args += ["--ro-bind-try", path, path]
    args += ["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", hidden]
    args += ["--bind", shared, shared, "--bind", copy, workdir, "--chdir", workdir, "--", *cmd]
    return args


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel in the sandbox (see the module docs)."""

    course_root = Unicode("", help="The course folder, hidden from the kernel.").tag(config=True)
    memory_mb = Integer(3072, help="Address space of each process, in MB.").tag(config=True)
    cpu_seconds = Integer(1800, help="CPU seconds of each process.").tag(config=True)
    processes = Integer(256, help="Processes of the sandbox's user.").tag(config=True)
    file_mb = Integer(200, help="Largest file the kernel may write, in MB.").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shared = tempfile.mkdtemp(prefix="ppdsb")
        os.makedirs(os.path.join(self._shared, "home"))
        self.transport = "ipc"
        self.ip = os.path.join(self._shared, "k")
        self.connection_file = os.path.join(self._shared, "kernel.json")
        self._interrupted = False

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        workdir = str(kw.get("cwd") or os.getcwd())
        shutil.copytree(workdir, os.path.join(self._shared, "work"), symlinks=True)
        limits = {
            "memory_mb": self.memory_mb,
            "cpu_seconds": self.cpu_seconds,
            "processes": self.processes,
            "file_mb": self.file_mb,
        }
        hidden = self.course_root or workdir
        cmd = wrap(kernel_cmd, workdir=workdir, shared=self._shared, hidden=hidden, limits=limits)
        kw["cwd"] = self._shared
        # SIGINT, jupyter_client's interrupt, goes to the kernel's whole process group, bwrap
        # included, which dies of it and takes the sandbox down: a cell past its time limit
        # would be reported as a crash, and every kernel killed before its shutdown (its
        # interrupt comes first). The kernel interrupts itself on a message instead.
        if self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"
        self._interrupted = False
        await super()._async_launch_kernel(cmd, **kw)

    async def _async_interrupt_kernel(self) -> None:
        """Interrupt by message; kill the sandbox if a cell was interrupted before.

        nbclient interrupts again each time a cell it interrupted still has not answered
        within the time limit: a cell that ignores the interrupt (it can trap SIGINT) would
        hold the grading forever.
        """
        if self._interrupted and not self.shutting_down:
            await self._async_kill_kernel()
            return
        self._interrupted = not self.shutting_down
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel  # the public name is bound to the base's

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._shared, ignore_errors=True)


class SandboxedExecute(JudgedExecute):
    """`JudgedExecute` with the kernel in the sandbox and each cell's output capped."""

    output_kb = Integer(256, help="Output kept per cell, in kB.").tag(config=True)
    review_dir = Unicode("", help="Where the kernel check's flags are written.").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(**kwargs)
        self._sizes: dict[int, int] = {}

    def preprocess(self, nb: Any, resources: Any, km: Any = None) -> Any:
        """Run the notebook, then `KERNEL_CHECK` in the same kernel; write what it flags."""
        nb.cells.append(new_code_cell(KERNEL_CHECK))  # type: ignore[no-untyped-call]
        try:
            nb, resources = super().preprocess(nb, resources, km=km)
        finally:
            check = nb.cells.pop()
        info = resources.get("nbgrader", {})
        if self.review_dir and info.get("student"):
            folder = Path(self.review_dir, info["student"], info["assignment"])
            folder.mkdir(parents=True, exist_ok=True)
            flags = [f"{info['notebook']}.ipynb: {r}" for r in kernel_flags(check.outputs)]
            (folder / f"{info['notebook']}.json").write_text(json.dumps(flags), "utf-8")
        return nb, resources

    def output(
        self, outs: list[Any], msg: dict[str, Any], display_id: str | None, cell_index: int
    ) -> Any:
        """Keep a cell's output until it reaches `output_kb`, then one note that it was cut."""
        size = self._sizes.get(cell_index, 0)
        limit = self.output_kb * 1024
        if size > limit:
            return None
        size += len(str(msg.get("content", "")))
        self._sizes[cell_index] = size
        if size <= limit:
            return super().output(outs, msg, display_id, cell_index)
        self._sizes[cell_index] = limit + 1
        note = f"[output cut: this cell printed more than {self.output_kb} kB]"
        outs.append(new_output("stream", name="stderr", text=note + "\n"))  # type: ignore[no-untyped-call]
        return None
