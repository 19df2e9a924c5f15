# %% [markdown]
# # Assignment 3 — Cleaning a real-looking spreadsheet and importing it
#
# **Estimated time:** 90 minutes  ·  **Marks:** 9 autograded + 3 for your written answer
#
# ## What you will be able to do
# 1. Read numbers and dates the way people type them: thousands separators, the Vietnamese
#    decimal comma, dates written day first.
# 2. Read a messy CSV file with `ppd_core.io`: the good records are kept, the *rejected rows*
#    (*dòng bị loại*) come back with a *problem report* (*báo cáo lỗi*) saying why.
# 3. Find *duplicate records* (*bản ghi trùng lặp*) of partners written with and without
#    *diacritics* (*dấu tiếng Việt*), in Vietnamese and in English, and *merge* (*hợp nhất*) them.
# 4. Save the cleaned data into the *shared partner database* (*cơ sở dữ liệu đối tác dùng
#    chung*), read it back and count what it holds.
#
# Words in *italics* are explained in the [glossary](glossary.md), with their Vietnamese
# equivalents.
#
# ## Reminder
# Run the cells from the top with **Shift + Enter**. In an exercise cell, delete the line
# `raise NotImplementedError()` and write your answer there. This notebook writes a few files
# in its folder (`example/`, `intake/` and `shared.sqlite`): that is expected.

# %% [markdown]
# ## 1. Numbers and dates as people type them
#
# A spreadsheet cell is text until someone decides what it means. Two habits cause most
# trouble in Viet Nam:
#
# * **Dates.** `02/09/2025` is 2 September in Viet Nam but 9 February in the United States.
#   `ppd_core` always reads dates **day first** (`dd/mm/yyyy`) or as `2025-09-02`, and never
#   guesses: a date that only makes sense month first (`09/25/2025`) is refused, not swapped.
# * **Numbers.** `1,500,000` and `1.500.000` are both one and a half million. A single
#   separator is ambiguous: in English `1.500` is one and a half, in Vietnamese it is one
#   thousand five hundred. `parse_number` reads the English way unless you tell it
#   `decimal_comma=True` (the Vietnamese way).

# %%
from ppd_core.io import parse_date, parse_number

print(parse_date("2/9/2025"), parse_date("02.09.2025"), parse_date("2025-09-02"))
try:
    parse_date("09/25/2025")
except ValueError as err:
    print("Refused:", err)

print(parse_number("3.200.000"), parse_number("2,750"))
print(parse_number("4,200"), "read the English way;",
      parse_number("4,200", decimal_comma=True), "read the Vietnamese way")

# %% [markdown]
# ### Exercise 1 (1 mark)
# The report of the Hai Phong union, typed the Vietnamese way, says the friendship festival had
# `1.500` participants. Read that text with `parse_number` so that you get one thousand five
# hundred, and store the result in `participants_hp`.

# %% solution id=vn_number
### BEGIN SOLUTION
participants_hp = parse_number("1.500", decimal_comma=True)
### END SOLUTION

# %% mistake id=vn_number
participants_hp = parse_number("1.500")

# %% tests id=vn_number_tests points=1
assert participants_hp is not None, "use parse_number(...) on the text \"1.500\""
assert participants_hp > 100, (
    "a festival with 1.5 participants? The text is Vietnamese style: pass decimal_comma=True"
)
### BEGIN HIDDEN TESTS
assert participants_hp == parse_number("1.500", decimal_comma=True)
assert participants_hp == 1500
### END HIDDEN TESTS

# %% [markdown]
# ## 2. Reading a file: good records and rejected rows
#
# `read_csv` reads a folder of CSV files, one file per table, named after the table
# (`partners.csv`, `awards.csv` …). It never drops a row silently: it returns a *read result*
# with
#
# * `accepted` — how many rows of each table were kept;
# * `rejected_counts` — how many rows of each table were rejected, and `rejected` — those rows
#   with a `problems` column giving the reasons;
# * `report` — every problem, with the file, the **row as you see it in Excel** (the header is
#   row 1, so the first record is row 2), the field, the rule code and a message;
# * `encodings` — how each file's text was encoded (UTF-8, UTF-8 with a byte-order mark as
#   Excel saves it, UTF-16, or the old Vietnamese Windows-1258).
#
# The example writes a small awards file with one bad year and reads it.

# %%
from datetime import date
from pathlib import Path

from ppd_core.io import read_csv

TODAY = date(2026, 11, 22)  # the day the checks treat as "today", the same for everyone

Path("example").mkdir(exist_ok=True)
Path("example/awards.csv").write_text(
    "id,year,type,recipient_kind,giver\n"
    "AW-1,2025,certificate_of_merit,collective,VUFO\n"
    "AW-2,20x5,emulation_flag,collective,VUFO\n"
    "AW-3,2024,emulation_flag,collective,VUFO\n",
    encoding="utf-8",
)
awards_result = read_csv("example", today=TODAY)
print(awards_result.accepted["awards"], "accepted,", awards_result.rejected_counts["awards"], "rejected")
print(awards_result.report.summary())

# %% [markdown]
# Now the real file. The Da Nang union sends its list of foreign partners, saved from Excel.
# The cell below writes it into the folder `intake` exactly as it arrived. Look at it: names
# with and without diacritics, in Vietnamese and English, a row typed twice, a date written
# month first, a blank name and a country written out in full.

# %%
Path("intake").mkdir(exist_ok=True)
Path("intake/partners.csv").write_text(
    "id,name,country,type,first_engaged,status\n"
    "DN-P-001,Hoi Huu nghi Campuchia - Viet Nam,KH,friendship_organisation,01/05/2009,active\n"
    "DN-P-002,Lao-VN Friendship Assoc.,LA,friendship_organisation,20/05/2010,active\n"
    "DN-P-003,Busan Foundation for International Exchange,KR,foundation,12/04/2019,active\n"
    "DN-P-004,Osaka Vietnam Friendship Club,JP,friendship_organisation,03/25/2021,active\n"
    "DN-P-005,Hội Hữu nghị Lào – Việt Nam,LA,friendship_organisation,2/9/2012,active\n"
    "DN-P-003,Busan Foundation for International Exchange,KR,foundation,12/04/2019,active\n"
    "DN-P-006,,Thailand,foreign_ngo,15/08/2022,active\n"
    "DN-P-007,Quỹ Phát triển Cộng đồng Mê Kông,TH,foundation,07/11/2023,prospective\n",
    encoding="utf-8-sig",
)
print(Path("intake/partners.csv").read_text(encoding="utf-8-sig"))

# %% [markdown]
# ### Exercise 2 (2 marks)
# Read the folder `intake` with `read_csv` (pass `today=TODAY`, as the example does) and store
# the result in `intake_result`. Then store how many **partner rows were accepted** in
# `n_accepted` and how many **partner rows were rejected** in `n_rejected`.
# Careful: a row can have more than one problem, so the number of problems in the report is
# not the number of rejected rows.

# %% solution id=read_intake
### BEGIN SOLUTION
intake_result = read_csv("intake", today=TODAY)
n_accepted = intake_result.accepted["partners"]
n_rejected = intake_result.rejected_counts["partners"]
### END SOLUTION

# %% mistake id=read_intake
intake_result = read_csv("intake", today=TODAY)
n_accepted = intake_result.accepted["partners"]
n_rejected = len(intake_result.report)

# %% tests id=read_intake_tests points=2
assert intake_result.sources, "intake_result should be what read_csv(\"intake\", today=TODAY) returns"
assert n_accepted + n_rejected == 8, (
    "the file has 8 partner rows: each one is either accepted or rejected "
    "(count rejected rows, not problems)"
)
### BEGIN HIDDEN TESTS
#: answer n_accepted
#: answer n_rejected
_check = read_csv("intake", today=TODAY)
assert n_accepted == _check.accepted["partners"]
assert n_rejected == _check.rejected_counts["partners"]
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Why was a row rejected?
#
# `report.for_record(id)` keeps the problems of one record; `rejected` shows the rejected rows
# as they were typed, with their reasons. Here is why the award `AW-2` was refused: rule
# `PPD002`, a value of the wrong kind (a year must be a number).

# %%
for problem in awards_result.report.for_record("AW-2"):
    print(problem.code, "| row", problem.row, "| field", problem.field, "| value", problem.value)
    print("  ", problem.message)
awards_result.rejected["awards"]

# %% [markdown]
# ### Exercise 3 (2 marks)
# The Osaka club (`DN-P-004`) was rejected. Find out why (print its problems, as the example
# does, in the free cell). Store the **rule code** of its problem as text in `osaka_code`.
# Then you phone Da Nang: they confirm the person who typed it wrote the date month first.
# Store the **real** day of first engagement as a date in `osaka_date` (write it with
# `date(year, month, day)` or read the corrected text with `parse_date`).

# %% scratch

# %% solution id=osaka
### BEGIN SOLUTION
osaka_code = intake_result.report.for_record("DN-P-004")[0].code
osaka_date = date(2021, 3, 25)
### END SOLUTION

# %% tests id=osaka_tests points=2
assert isinstance(osaka_code, str) and osaka_code.startswith("PPD"), "write the code as text, e.g. \"PPD999\""
assert isinstance(osaka_date, date), "osaka_date should be a date, e.g. date(2021, 1, 31)"
### BEGIN HIDDEN TESTS
assert osaka_code == read_csv("intake", today=TODAY).report.for_record("DN-P-004")[0].code
assert osaka_date == parse_date("25/03/2021")
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Duplicates: the same partner written many ways
#
# Da Nang's accepted partners now join the partners the system already knows (the course
# sample stands for the shared database). Some are the same bodies under other names. To
# compare names, `ppd_core.cleaning` first *normalises* them: lower case, diacritics removed,
# Vietnamese institutional words translated ("hội hữu nghị" → "friendship association"),
# abbreviations expanded ("Assoc.", "VN"), country names unified ("Campuchia" → "cambodia").

# %%
from ppd_core.cleaning import merge_partners, normalise_name, propose_merges
from ppd_core.datasets import load_sample

for name in ["Hội Hữu nghị Campuchia - Việt Nam", "Hoi Huu nghi Campuchia - Viet Nam",
             "Cambodia-Vietnam Friendship Association"]:
    print(f"{name:42} -> {normalise_name(name)}")

sample = load_sample()
accepted = read_csv("intake", today=TODAY).dataset
combined = sample.add(*accepted.partners)  # the known partners plus Da Nang's good ones
print(len(sample.partners), "known partners +", len(accepted.partners), "from Da Nang =",
      len(combined.partners))

# %% [markdown]
# `propose_merges` lists pairs of partners that look like the same body, with a score
# (100 = the names match after normalising) and the reason. Pairs that belong together form
# a **cluster**; `cluster_keep_id` is the record to keep for the whole cluster (the one with
# the most activities, else the one engaged first). Note that inside a cluster the column
# `keep_id` of one pair can differ from `cluster_keep_id`: always keep `cluster_keep_id`.

# %%
proposals = propose_merges(combined)
proposals[["cluster", "keep_id", "drop_id", "score", "keep_reason", "cluster_keep_id"]]

# %% [markdown]
# Cluster 1 is the Cambodia–Vietnam Friendship Association: Da Nang's `DN-P-001` is the same
# body as `P-KH-001`. `merge_partners` keeps `P-KH-001`, removes `DN-P-001`, keeps its name
# as an alias, points its activities at `P-KH-001` and keeps the earliest engagement date.
# It returns a new dataset (`.dataset`) and notes of what it did.

# %%
step1 = merge_partners(combined, "P-KH-001", ["DN-P-001"])
for note in step1.notes:
    print("-", note)
step1 = step1.dataset
print(len(step1.partners), "partners after the first merge")

# %% [markdown]
# ### Exercise 4 (2 marks)
# Merge the Lao–Vietnam Friendship Association (cluster 2 in the table `proposals` above)
# in `step1`. Read the table of
# proposals: store the id to keep in `lao_keep`, the list of ids to merge into it in
# `lao_drop`, and the new dataset (the `.dataset` of what `merge_partners` returns) in
# `cleaned`.

# %% solution id=merge_lao
### BEGIN SOLUTION
lao_keep = "P-LA-001"
lao_drop = ["DN-P-002", "DN-P-005"]
cleaned = merge_partners(step1, lao_keep, lao_drop).dataset
### END SOLUTION

# %% tests id=merge_lao_tests points=2
assert len(cleaned.partners) < len(step1.partners), "cleaned should have fewer partners than step1"
assert "DN-P-002" not in cleaned.partners.ids(), "DN-P-002 is a duplicate: merge it"
### BEGIN HIDDEN TESTS
#: answer lao_keep
#: answer set(lao_drop)
#: answer set(cleaned.partners.ids())
#: answer "Lao-VN Friendship Assoc." in cleaned.partners.get("P-LA-001").aliases
_lao = propose_merges(step1)
_lao = _lao[_lao["cluster_keep_id"] == "P-LA-001"]
_expected_drop = (set(_lao["keep_id"]) | set(_lao["drop_id"])) - {"P-LA-001"}
assert lao_keep == "P-LA-001"
assert set(lao_drop) == _expected_drop
assert set(cleaned.partners.ids()) == set(step1.partners.ids()) - _expected_drop
assert "Lao-VN Friendship Assoc." in cleaned.partners.get("P-LA-001").aliases
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Saving into the shared database
#
# `Store` is the shared database: here a SQLite file in this folder; for the whole system a
# PostgreSQL server. `save` inserts new records, updates changed ones and leaves identical
# ones alone, and says what it did; `load()` reads everything back as a dataset; `counts()`
# counts the records of each kind. The example starts a fresh database with the records the
# system already had.

# %%
from ppd_core.store import Store

Path("shared.sqlite").unlink(missing_ok=True)  # start from an empty database every run
db = Store("shared.sqlite", user="trainee")
print(db.save(sample))
print(db.counts())

# %% [markdown]
# ### Exercise 5 (2 marks)
# Save `cleaned` into `db`. Then read the whole database back with `db.load()` and store the
# **number of partners** it holds in `n_db_partners` (count with `len(...partners)`).

# %% solution id=save_db
### BEGIN SOLUTION
print(db.save(cleaned))
back = db.load()
n_db_partners = len(back.partners)
### END SOLUTION

# %% tests id=save_db_tests points=2
assert isinstance(n_db_partners, int), "count the partners with len(...)"
assert n_db_partners > len(sample.partners), (
    "the database should now hold Da Nang's new partners too: did you save cleaned?"
)
### BEGIN HIDDEN TESTS
#: answer n_db_partners
#: answer set(db.load().partners.ids())
assert n_db_partners == db.counts()["partners"]
assert set(db.load().partners.ids()) == set(cleaned.partners.ids())
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer (3 marks)
# Next month the twelve member associations of your union will each send a partner list to
# import into the shared database. Describe in three to five sentences how you will organise
# it: what you ask the associations to do, what you do with rejected rows, and who decides
# whether two partners proposed as duplicates are really the same body.

# %% [markdown] manual id=cleaning_reflection points=3
# *Model answer (graders look for: a template and a check at the source, rejected rows sent
# back not dropped, a human decision on merges, a record of what was merged).*
# I would send every association the Excel template with the code lists, and ask for dates as
# dd/mm/yyyy and numbers without mixing separators. I would read each list, import the
# accepted rows, and send the rejected rows back with the problem report, with a deadline, so
# that nothing is lost and the people who know the partner correct it. The merge proposals I
# would review myself with the association that knows the partner: a Vietnam–Japan and a
# Japan–Vietnam association, or two chapters of one NGO, are different bodies, so a merge is a
# decision, not an automatic step, and the merge record is kept so it can be undone.
