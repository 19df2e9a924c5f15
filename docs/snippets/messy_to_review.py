"""Tutorial: from a messy spreadsheet to the database to an annual review.

Shown on docs/tutorials/messy-to-review.md.
"""

# --8<-- [start:folder]
import tempfile
import unicodedata
from pathlib import Path


def windows_1258(text: str) -> bytes:
    """Encode text as an old Vietnamese Windows PC saves it."""
    tone_marks = "\u0300\u0301\u0303\u0309\u0323"
    letters = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in tone_marks)
        base = "".join(c for c in parts if c not in tone_marks)
        letters.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(letters).encode("cp1258")


work = Path(tempfile.mkdtemp())  # a fresh folder for this tutorial
folder = work / "quang-ninh-2025"  # the spreadsheet, one CSV file per sheet
folder.mkdir()
# --8<-- [end:folder]

# --8<-- [start:records]
(folder / "organisations.csv").write_text(
    """\
id,name_vi,type,level,parent_id,province
VUFO,Liên hiệp các tổ chức hữu nghị Việt Nam,central_standing_body,central,,Hà Nội
QN-UFO,Liên hiệp các tổ chức hữu nghị tỉnh Quảng Ninh,provincial_union,provincial,VUFO,Quảng Ninh
QN-VN-CN,Hội Hữu nghị Việt Nam – Trung Quốc tỉnh Quảng Ninh,member_association,grassroots,QN-UFO,Quảng Ninh
""",  # noqa: E501 - lines as long as in the file
    encoding="utf-8",
)
(folder / "partners.csv").write_bytes(
    windows_1258("""\
id,name,country,type,first_engaged
QN-P-01,Chính quyền nhân dân thành phố Đông Hưng,CN,foreign_local_authority,15/03/2012
QN-P-02,Quỹ Giao lưu quốc tế Busan,KR,foundation,
QN-P-03,Hội Hữu nghị Lào – Việt Nam tỉnh Luang Namtha,LA,friendship_organisation,02/09/2016
QN-P-04,Chinh quyen nhan dan thanh pho Dong Hung,CN,foreign_local_authority,
QN-P-05,Busan Foundation for International Exchange,KR,foundation,01/06/2023
""")  # noqa: E501
)
(folder / "activities.csv").write_text(
    """\
id;title;lead_organisation_id;kind;status;actual_start;actual_end;participants_total;participants_women;cost_amount;cost_currency
QN-2024-01;Giao lưu nhân dân Móng Cái – Đông Hưng;QN-VN-CN;cultural_exchange;closed;20/04/2024;20/04/2024;1.200;560;85.000.000;VND
QN-2024-02;Đón đoàn Quỹ Giao lưu quốc tế Busan;QN-UFO;delegation_inbound;closed;12/06/2024;14/06/2024;35;15;42.000.000;VND
QN-2024-02;Đón đoàn Quỹ Giao lưu quốc tế Busan;QN-UFO;delegation_inbound;closed;12/06/2024;14/06/2024;35;15;42.000.000;VND
QN-2024-03;Tập huấn kỹ năng đối ngoại nhân dân;QN-UFO;training_workshop;closed;05/11/2024;06/11/2024;80;38;30.000.000;VND
QN-2025-01;Hội nghị hữu nghị biên giới Việt – Trung;QN-UFO;conference_forum;closed;18/03/2025;19/03/2025;150;62;120.000.000;VND
QN-2025-02;Trao học bổng cho sinh viên Lào;QN-UFO;scholarship;closed;02/09/2025;02/09/2025;40;22;200.000.000;VND
QN-2025-03;Trồng rừng ngập mặn cùng tình nguyện viên Hàn Quốc;QN-UFO;development_project;closed;15/05/2025;30/11/2025;300;140;;
QN-2025-04;;QN-VN-CN;youth_exchange;closed;10/07/2025;12/07/2025;120;64;65.000.000;VND
QN-2025-05;Hội thảo hợp tác với tỉnh Luang Namtha;QN-UFO;Hội thảo;closed;24/10/2025;25/10/2025;60;25;48.000.000;VND
QN-2025-06;Gặp mặt cuối năm với bạn bè quốc tế;QN-UFO;conference_forum;closed;19/12/2025;12/20/2025;90;41;35.000.000;VND
""",  # noqa: E501
    encoding="utf-8-sig",  # "CSV UTF-8" from Excel: with a byte-order mark
)
# --8<-- [end:records]

# --8<-- [start:links]
(folder / "activity_partners.csv").write_text(
    """\
activity_id,partner_id,role
QN-2024-01,QN-P-01,co_organising
QN-2024-02,QN-P-05,participating
QN-2025-01,QN-P-04,participating
QN-2025-02,QN-P-03,participating
QN-2025-03,QN-P-02,funding
QN-2025-04,QN-P-01,co_organising
QN-2025-05,QN-P-03,co_organising
""",
    encoding="utf-8",
)
(folder / "activity_countries.csv").write_text(
    """\
activity_id,country
QN-2024-01,CN
QN-2024-02,KR
QN-2025-01,CN
QN-2025-02,LA
QN-2025-03,KR
QN-2025-04,CN
QN-2025-05,LA
""",
    encoding="utf-8",
)
(folder / "resource_flows.csv").write_text(
    """\
activity_id,partner_id,stage,amount,currency,date
QN-2025-03,QN-P-02,pledged,500.000.000,VND,10/03/2025
QN-2025-03,QN-P-02,committed,500.000.000,VND,15/04/2025
QN-2025-03,QN-P-02,disbursed,460.000.000,VND,20/06/2025
""",
    encoding="utf-8",
)
(folder / "activity_outputs.csv").write_text(
    """\
activity_id,output,count
QN-2024-03,trainees_trained,80
QN-2025-01,agreements_signed,2
QN-2025-02,scholarships_awarded,20
""",
    encoding="utf-8",
)
print(sorted(path.name for path in folder.iterdir()))
# --8<-- [end:links]

# --8<-- [start:read]
from datetime import date

from ppd_core.io import read

today = date(2026, 1, 15)  # the day the file is checked
result = read(folder, decimal_comma=True, today=today)
# --8<-- [end:read]

# --8<-- [start:summary]
print(result.summary())
# --8<-- [end:summary]

# --8<-- [start:summary-vi]
print(result.summary(lang="vi"))
# --8<-- [end:summary-vi]

# --8<-- [start:report]
problems = result.report.to_frame()
print(
    problems[["source", "row", "field", "code", "value"]]
    .fillna("(blank)")
    .to_string(index=False)
)
print(result.encodings["partners.csv"], result.encodings["activities.csv"])
# --8<-- [end:report]

# --8<-- [start:rejected]
side_file = result.write_rejected(work / "to-fix.xlsx")
print(side_file.name)
# --8<-- [end:rejected]

# --8<-- [start:rejected-vi]
side_file = result.write_rejected(work / "can-sua.xlsx", lang="vi")
print(side_file.name)
# --8<-- [end:rejected-vi]

# --8<-- [start:fix]
# What you would do in Excel, done in code here:
sheet = folder / "activities.csv"
text = sheet.read_text(encoding="utf-8-sig")
lines = text.splitlines(keepends=True)
del lines[3]  # row 4 repeats row 3: delete it
text = "".join(lines)
text = text.replace(
    "QN-2025-04;;", "QN-2025-04;Giao lưu thanh niên Quảng Ninh – Quảng Tây;"
)
text = text.replace(";Hội thảo;", ";training_workshop;")
text = text.replace("12/20/2025", "20/12/2025")
sheet.write_text(text, encoding="utf-8-sig")

result = read(folder, decimal_comma=True, today=today)
print(result.ok)
print(result.dataset.counts())
# --8<-- [end:fix]

# --8<-- [start:duplicates]
from ppd_core.cleaning import propose_merges

ds = result.dataset
proposals = propose_merges(ds)
print(
    proposals[["keep_id", "drop_id", "score", "keep_reason"]].to_string(
        index=False
    )
)
# --8<-- [end:duplicates]

# --8<-- [start:merge]
from ppd_core.cleaning import merge_partners

for keep, pairs in proposals.groupby("cluster_keep_id"):
    named = set(pairs["keep_id"]) | set(pairs["drop_id"])
    drop = sorted(named - {keep})
    merged = merge_partners(ds, str(keep), drop)
    print(*merged.notes, sep="\n")
    ds = merged.dataset
print(len(ds.partners), "partners:", ds.partners.ids())
# --8<-- [end:merge]

# --8<-- [start:save]
from ppd_core.store import Store

# On the system's server: Store("postgresql://user@db.example.vn/ppd", ...)
store = Store(work / "ppd.sqlite", user="hoa.tran")
summary = store.save(ds)
print(summary)
# --8<-- [end:save]

# --8<-- [start:load]
loaded = store.load()
print(loaded == ds)
in_2025 = store.load(organisations=["QN-UFO", "QN-VN-CN"], years=[2025])
print(in_2025.counts()["activities"], "activities in 2025")
# --8<-- [end:load]

# --8<-- [start:measures]
from ppd_core import metrics

an = metrics.analysis(loaded)
volume = metrics.volume(an, ["year"])
print(volume[["year", "activities", "participants"]].to_string(index=False))
shares = metrics.substantive_share(an, ["year"])
print(shares.round(2).to_string(index=False))
# --8<-- [end:measures]

# --8<-- [start:review]
from ppd_core.reporting import Table, annual_review

review = annual_review(
    loaded, organisation="QN-UFO", year=2025, plan_next=False
)
print(review.title)
print([section.id for section in review.sections])
for block in review.section("headline").blocks:
    if isinstance(block, Table):
        for row in (block.header, *block.rows):
            print(f"{row[0]:27}{row[1]:>8}{row[2]:>8}{row[3]:>14}")
# --8<-- [end:review]

# --8<-- [start:write]
page = review.write(work / "review")
print(page.name)
store.close()
# --8<-- [end:write]

# --8<-- [start:review-vi]
from ppd_core.reporting import Table, annual_review

review_vi = annual_review(
    loaded, organisation="QN-UFO", year=2025, plan_next=False, lang="vi"
)
print(review_vi.title)
headline = next(
    block
    for block in review_vi.section("headline").blocks
    if isinstance(block, Table)
)
for row in (headline.header, *headline.rows):
    print(" | ".join(row))
# --8<-- [end:review-vi]

# --8<-- [start:write-vi]
page = review_vi.write(work / "review")
print(page.name)
# --8<-- [end:write-vi]
