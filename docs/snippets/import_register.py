"""How-to: import the register you already keep.

Shown on docs/how-to/import-register.md.
"""

# --8<-- [start:register]
from pathlib import Path

Path("so_theo_doi_2025.csv").write_text(
    "STT,Mã hoạt động,Tên hoạt động,Loại hình,Đối tác,Quốc gia,"
    "Ngày bắt đầu,Kinh phí (VNĐ),Vận động được (USD),Số người tham gia\n"
    "1,HN-25-01,Giao lưu thanh niên Việt – Lào,Giao lưu thanh niên,"
    'Hội Hữu nghị Lào - Việt Nam,Lào,15/03/2025,12.500.000,"2,000",120\n'
    "2,HN-25-02,Đón đoàn Campuchia,Đón đoàn vào,"
    "Hoi huu nghi Campuchia - Viet Nam,Campuchia,02/04/2025,8.000.000,,35\n"
    "3,HN-25-03,Hội thảo Mekong,Hội thảo,Quỹ Di sản Mekong,"
    '"Lào; Campuchia",20/05/2025,30.000.000,"5,000",80\n'
    "4,HN-25-04,Hội nghị hữu nghị,Hội nghị,,Nhật Bản,31/06/2025,,,60\n",
    encoding="utf-8",
)
# --8<-- [end:register]

# --8<-- [start:propose]
from ppd_core.datasets import load_sample
from ppd_core.io import read_register

known = load_sample()  # in practice: Store(...).load(), the system's records
result = read_register(
    "so_theo_doi_2025.csv",
    dataset=known,
    defaults={"lead_organisation_id": "HN-UFO"},
)
for column in result.mapping.columns:
    currency = f" ({column.currency})" if column.currency else ""
    print(f"{column.header:22} -> {column.target}{currency}")
# --8<-- [end:propose]

# --8<-- [start:result]
print(
    result.accepted["activities"],
    "activities kept,",
    result.rejected_counts["activities"],
    "rejected",
)
for problem in result.report:
    print(problem.code, "row", problem.row, problem.field, problem.value)
for match in result.partners.values():
    print(f"{match.name!r}: {match.outcome} {match.partner_id or ''}")
# --8<-- [end:result]

# --8<-- [start:mapping]
path = result.save_mapping("so_theo_doi.toml")
print(path.read_text(encoding="utf-8").split("[defaults]")[1])
# --8<-- [end:mapping]

# --8<-- [start:confirm]
from ppd_core.io import read_mapping

# the matcher's guess is right: confirm it by removing the "# "
edited = path.read_text(encoding="utf-8").replace(
    '# "Quỹ Di sản Mekong"', '"Quỹ Di sản Mekong"'
)
path.write_text(edited, encoding="utf-8")
again = read_register(
    "so_theo_doi_2025.csv", read_mapping(path), dataset=known
)
mekong = next(a for a in again.dataset.activities if a.id == "HN-25-03")
print([p.partner_id for p in mekong.partners])
print([str(flow.amount) for flow in mekong.resource_flows])
# --8<-- [end:confirm]
