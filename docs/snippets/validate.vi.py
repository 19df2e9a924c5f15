"""Hướng dẫn kiểm tra dữ liệu: các kết quả in bằng tiếng Việt.

Shown on docs/how-to/validate.vi.md after the code of validate.py:
the same objects, printed with ``lang="vi"``.
"""

# Not shown: the objects of the English edition, without its output.
import contextlib
import io
import runpy
from pathlib import Path

from ppd_core import validate_frames, validate_records

with contextlib.redirect_stdout(io.StringIO()):
    english = runpy.run_path(str(Path(__file__).with_name("validate.py")))
rows, frames, result = english["rows"], english["frames"], english["result"]

# --8<-- [start:record]
from datetime import date

from pydantic import ValidationError

from ppd_core import Activity
from ppd_core.validation import problems_from_pydantic

try:
    Activity(
        id="A 2025 17",  # có dấu cách: vi phạm PPD101
        title="Giao lưu hữu nghị với sinh viên Lào",
        lead_organisation_id="HN-UFO",
        kind="exchange",  # không phải mã của ActivityKind: PPD104
        status="closed",
        actual_start=date(2025, 9, 10),
        actual_end=date(2025, 9, 8),  # trước ngày bắt đầu: PPD201
        countries=[{"country": "LA", "percentage": 90}],  # tổng 90: PPD401
    )
except ValidationError as err:
    for problem in problems_from_pydantic(err, "activity", "A 2025 17"):
        print(problem.describe("vi"))
# --8<-- [end:record]

# --8<-- [start:records]
good, report = validate_records(Activity, rows, today=date(2026, 11, 22))
print(report.summary(lang="vi"))
# --8<-- [end:records]

# --8<-- [start:frames]
coerced, report = validate_frames(frames, today=date(2026, 11, 22))
print(report.summary(lang="vi"))
# --8<-- [end:frames]

# --8<-- [start:table]
for row in report.to_frame("vi").itertuples():
    print(row.code, row.record_id, "—", row.message)
# --8<-- [end:table]

# --8<-- [start:files]
for problem in result.report:
    print(problem.describe("vi"))
# --8<-- [end:files]
