"""Feedback that never shows a trainee the hidden tests.

nbgrader's ``generate_feedback`` renders the *autograded* notebook, in which hidden tests
have been put back.  Two things would leak them: the test cell's source, and the traceback
of a failing test, which quotes the code around the failing line.  `RedactHiddenTests`
removes both from cells that hold hidden tests and keeps what a trainee needs: the error's
name and message, the visible tests and the marks.  ``course/nbgrader_config.py`` puts it in
``GenerateFeedback.preprocessors``.
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import ClearHiddenTests

from ppd_core.course.translation import CourseLanguage
from ppd_core.i18n import N_, text

__all__ = ["REDACTED_NOTE", "RedactHiddenTests"]

REDACTED_NOTE = N_(
    "(The details of this failure are hidden because the cell also runs hidden tests. "
    "Check your answer against the visible tests above, run in your own notebook.)"
)


class RedactHiddenTests(ClearHiddenTests, CourseLanguage):  # type: ignore[misc]  # nbgrader is untyped
    """Remove hidden test lines and cut the tracebacks of the cells that held them.

    The note that replaces a traceback is in the course's language (`CourseLanguage`).
    """

    def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> tuple[Any, Any]:
        """Redact one cell (called by nbconvert for every cell)."""
        if self.begin_test_delimeter in cell.source:
            kept = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":  # printed output could leak too: dropped
                    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
                    output["traceback"] = [message, text(REDACTED_NOTE, self.lang)]
                    kept.append(output)
            cell["outputs"] = kept
        return super().preprocess_cell(cell, resources, cell_index)  # type: ignore[no-any-return]
