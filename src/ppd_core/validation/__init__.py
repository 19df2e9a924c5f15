"""Validation: the rule table enforced on whole frames (columnar) and on records (models).

:func:`validate_frames` is the bulk path over a Dataset's tables; :func:`validate_records`
validates dicts one record at a time with a model, running the record rules once over all the
valid records. Both report the codes of :data:`ppd_core.rules.RULES`.
"""

from ppd_core.rules.collect import ProblemCollector, field_paths
from ppd_core.validation.frames import Unreadable, convert_frames, validate_frames
from ppd_core.validation.records import problems_from_pydantic, validate_records

__all__ = [
    "ProblemCollector",
    "Unreadable",
    "convert_frames",
    "field_paths",
    "problems_from_pydantic",
    "validate_frames",
    "validate_records",
]
