"""One exception tree: every exception class of the library is defined in ``ppd_core.errors``.

The test imports every module of the package, collects every exception class it defines or
exposes, and checks that each is a :class:`~ppd_core.errors.PpdError` defined in
``ppd_core.errors`` and drawn in the tree of that module's docstring (and so on the errors
page, which renders it).
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings
from types import ModuleType

import ppd_core
from ppd_core import errors


def _all_modules() -> list[ModuleType]:
    modules: list[ModuleType] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # old paths re-export the same classes
        for info in pkgutil.walk_packages(ppd_core.__path__, "ppd_core."):
            if ".migrations" in info.name:
                continue
            modules.append(importlib.import_module(info.name))
    return modules


def _exception_classes() -> set[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for module in _all_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__.startswith("ppd_core")
            ):
                found.add(value)
    return found


def test_every_exception_is_in_the_one_tree() -> None:
    classes = _exception_classes()
    assert errors.PpdError in classes
    outside = sorted(c.__qualname__ for c in classes if c.__module__ != "ppd_core.errors")
    assert outside == [], "define these in ppd_core.errors"
    not_ours = sorted(c.__qualname__ for c in classes if not issubclass(c, errors.PpdError))
    assert not_ours == [], "every exception of the library is a PpdError"
    drawn = errors.__doc__ or ""
    missing = sorted(c.__name__ for c in classes if c.__name__ not in drawn)
    assert missing == [], "draw these in the tree of ppd_core.errors' docstring"


def test_the_tree_drawn_is_the_tree_defined() -> None:
    """Each drawn line names a class whose base is the class drawn above it."""
    lines = [line for line in (errors.__doc__ or "").splitlines() if "── " in line]
    parents: dict[int, type[BaseException]] = {0: errors.PpdError}
    for line in lines:
        depth = (line.index("── ") - 5) // 4 + 1  # the docstring's own 4 spaces, then 4 a level
        name = line.split("── ")[1].split()[0]
        cls = getattr(errors, name)
        assert parents[depth - 1] in cls.__bases__, f"{name} is not a {parents[depth - 1]}"
        parents[depth] = cls


def test_a_missing_extra_names_the_install_command() -> None:
    """Without the course extra, the course package says what to install (no bare ImportError)."""
    import subprocess
    import sys

    code = (
        "import importlib.util, sys\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'nbgrader' else real(n, *a)\n"
        "from ppd_core.errors import MissingDependencyError\n"
        "try:\n"
        "    import ppd_core.course\n"
        "except MissingDependencyError as err:\n"
        "    print(type(err).__name__, err)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("MissingDependencyError The course needs nbgrader, which is not")
    assert 'pip install "ppd-core[course]"' in out.stdout
