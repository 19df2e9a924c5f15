"""``python -m ppd_core.i18n extract|update|compile|check|all``: maintain the catalogues.

* ``extract`` — rewrite ``locale/ppd_core.pot`` from the texts in the code;
* ``update`` — merge the template into each ``.po`` (translate the new, empty entries);
* ``compile`` — write each ``.mo`` from its ``.po``;
* ``check`` — exit 1, listing them, when any of the above is out of date or a text lacks its
  translation (what the test suite also checks);
* ``all`` — extract, update, compile, then check.
"""

from __future__ import annotations

import sys

from ppd_core.i18n import _maintain


def main(argv: list[str]) -> int:
    """Run the steps named in ``argv``; return the exit code."""
    steps = argv or ["all"]
    if "all" in steps:
        steps = ["extract", "update", "compile", "check"]
    unknown = [s for s in steps if s not in ("extract", "update", "compile", "check")]
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    for step in steps:
        if step == "extract":
            print(f"wrote {_maintain.write_template()}")
        elif step == "update":
            print(*(f"updated {p}" for p in _maintain.update()), sep="\n")
        elif step == "compile":
            print(*(f"compiled {p}" for p in _maintain.compile_all()), sep="\n")
        else:
            found = _maintain.problems()
            print(*found, sep="\n") if found else print("catalogues in step with the code")
            if found:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
