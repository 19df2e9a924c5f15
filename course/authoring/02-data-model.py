# %% [markdown]
# # Assignment 2 — The PPD data model: organisations, partners, activities
#
# **Estimated time:** 75 minutes  ·  **Marks:** 9 autograded + 3 for your written answer
#
# ## What you will be able to do
# 1. Say what an *organisation* (*tổ chức*), a *partner* (*đối tác*) and an *activity*
#    (*hoạt động*) *record* (*bản ghi*) holds, and look up the codes of a *vocabulary*
#    (*danh mục mã*) with their English and Vietnamese labels.
# 2. Write a new partner record that the library accepts.
# 3. *Validate* (*kiểm tra tính hợp lệ*) a list of records and read the *problem report*
#    (*báo cáo lỗi*): rule code, row, field and message.
# 4. Fix bad records and validate again until no problem is left.
#
# Words in *italics* are explained in the [glossary](glossary.md), with their Vietnamese
# equivalents.
#
# ## Reminder
# Run the cells from the top with **Shift + Enter**. In an exercise cell, delete the line
# `raise NotImplementedError()` and write your answer there. The cell after it checks your
# answer; more checks run when your instructor grades.

# %% [markdown]
# ## 1. Three kinds of record
#
# The shared partner database of the PPD system keeps three main kinds of record:
#
# * an **organisation** of the system: VUFO, a friendship association, a provincial union.
#   It has a stable *identifier* (*mã định danh*, `id`), names in Vietnamese and English, a
#   type, a level in the hierarchy and the organisation it belongs to (`parent_id`);
# * a foreign **partner**: a friendship organisation abroad, an NGO, a university, a sister
#   city. It has an `id`, a `name`, other spellings (`aliases`), a `country` (a two-letter
#   code such as `KH` for Cambodia), a `type`, the day of the first engagement and a `status`;
# * an **activity**: a conference, a delegation, a training course. It has an `id`, a `title`,
#   the organisation that leads it, its `kind`, its `status`, dates, the countries and
#   partners involved and the number of participants.
#
# Let us read one record of each kind from the sample.

# %%
from ppd_core.datasets import load_sample

ds = load_sample()
hanoi = ds.organisations.get("HN-UFO")
print("Organisation:", hanoi.id, "|", hanoi.name_vi, "|", hanoi.name_en)
print("  type:", hanoi.type.value, "| level:", hanoi.level.value, "| belongs to:", hanoi.parent_id)

cambodia = ds.partners.get("P-KH-001")
print("Partner:", cambodia.id, "|", cambodia.name, "| country:", cambodia.country)
print("  type:", cambodia.type.value, "| first engaged:", cambodia.first_engaged)
print("  also written as:", cambodia.aliases)

review = ds.activities.get("A-2025-CCER-REVIEW")
print("Activity:", review.id, "|", review.title)
print("  led by:", review.lead_organisation_id, "| kind:", review.kind.value,
      "| status:", review.status.value)

# %% [markdown]
# ## 2. Vocabularies: codes with two labels
#
# Fields such as a partner's `type` or an activity's `kind` do not take free text. They take a
# **code** from a vocabulary in `ppd_core.vocab`. The code (e.g. `friendship_organisation`)
# is what files and the database store; each code also has an English and a Vietnamese
# **label** for reports. The cell below lists the kinds of activity.

# %%
from ppd_core.vocab import ActivityKind, PartnerStatus, PartnerType

for kind in ActivityKind:
    print(f"{kind.value:22} {kind.label('en'):32} {kind.label('vi')}")

print()
print("Label of one code:", ActivityKind("delegation_inbound").label("vi"))

# %% [markdown]
# ### Exercise 1 (1 mark)
# A colleague wrote the partner type code `foreign_local_authority` in a report for the
# provincial leaders, who read Vietnamese. Store the **Vietnamese label** of that code of
# `PartnerType` in a variable called `vi_type`. Do it the way the last line of the example
# does (the vocabulary is `PartnerType`, not `ActivityKind`).

# %% solution id=vi_label
### BEGIN SOLUTION
vi_type = PartnerType("foreign_local_authority").label("vi")
### END SOLUTION

# %% tests id=vi_label_tests points=1
assert isinstance(vi_type, str), "vi_type should be text: use .label('vi')"
assert vi_type != "foreign_local_authority", "that is the code; ask for its label with .label('vi')"
assert vi_type != PartnerType("foreign_local_authority").label("en"), "that is the English label"
### BEGIN HIDDEN TESTS
assert vi_type == PartnerType.FOREIGN_LOCAL_AUTHORITY.vi
### END HIDDEN TESTS

# %% [markdown]
# ## 3. Writing a new record
#
# A record is written by giving each field a value. `Partner(...)` checks the values at once:
# a wrong code or a bad country stops with an error that says what is wrong. Dates are
# written `date(year, month, day)`. Here is a Japanese university the Hanoi union started to
# work with on 14 September 2022. Fields you leave out take their default (`status` is
# `active` unless you say otherwise; `aliases` is an empty list).

# %%
from datetime import date

from ppd_core import Partner

kyoto = Partner(
    id="P-JP-201",
    name="Kyoto University of Foreign Studies",
    aliases=["Đại học Ngoại ngữ Kyoto"],
    country="JP",
    type="university_research",
    first_engaged=date(2022, 9, 14),
)
print(kyoto.name, "|", kyoto.country, "|", kyoto.type.label("en"), "|", kyoto.status.label("vi"))

# %% [markdown]
# ### Exercise 2 (2 marks)
# The Da Nang union met a new partner. Write its record as a `Partner` and store it in a
# variable called `busan`:
#
# | field | value |
# |---|---|
# | id | `P-KR-301` |
# | name | `Busan Foundation for International Exchange` |
# | Vietnamese name (an alias) | `Quỹ Giao lưu Quốc tế Busan` |
# | country | Republic of Korea (two-letter code `KR`) |
# | type | a foundation (look up the code in the list of `PartnerType` codes below) |
# | first engaged | 3 April 2024 |
# | status | prospective (talks started, nothing signed yet) |

# %%
print(PartnerType.codes())
print(PartnerStatus.codes())

# %% solution id=busan
### BEGIN SOLUTION
busan = Partner(
    id="P-KR-301",
    name="Busan Foundation for International Exchange",
    aliases=["Quỹ Giao lưu Quốc tế Busan"],
    country="KR",
    type="foundation",
    first_engaged=date(2024, 4, 3),
    status="prospective",
)
### END SOLUTION

# %% tests id=busan_tests points=2
assert isinstance(busan, Partner), "build the record with Partner(...), as in the example"
assert busan.id == "P-KR-301", "check the id"
assert busan.country == "KR", "the country is the Republic of Korea: KR"
assert busan.first_engaged == date(2024, 4, 3), "first engaged: date(2024, 4, 3)"
### BEGIN HIDDEN TESTS
#: answer busan.name
#: answer list(busan.aliases)
#: answer busan.type
#: answer busan.status
assert busan.name == "Busan Foundation for International Exchange"
import unicodedata as _u

assert [_u.normalize("NFC", a) for a in busan.aliases] == ["Quỹ Giao lưu Quốc tế Busan"]
assert busan.type == PartnerType.FOUNDATION
assert busan.status == PartnerStatus.PROSPECTIVE
### END HIDDEN TESTS

# %% [markdown]
# ## 4. Validating many records and reading the report
#
# Records usually arrive many at a time, from a spreadsheet a member association filled in.
# `validate_records` checks each one and returns two things: the **valid records**, and a
# **report** (*báo cáo lỗi*) of every problem in the others. Each problem says:
#
# * the **rule code**, e.g. `PPD001` (a required value is missing) or `PPD104` (a value is not
#   a code of its vocabulary) — the same code everywhere in the library;
# * the **row**: which record in the list (1 = the first);
# * the **field** and the offending **value**;
# * a **message** that says what to fix.
#
# Three activities of the Hanoi union are checked below. `today` fixes the day the check
# treats as "today", so that everyone gets the same result.

# %%
from ppd_core import Activity
from ppd_core.validation import validate_records

hanoi_rows = [
    {"id": "A-2025-101", "title": "Tree planting with Japanese volunteers",
     "lead_organisation_id": "HN-UFO", "kind": "cultural_exchange", "status": "closed",
     "actual_start": date(2025, 3, 8)},
    {"id": "A-2025-102", "title": "",
     "lead_organisation_id": "HN-UFO", "kind": "youth_exchange", "status": "closed",
     "actual_start": date(2025, 4, 2)},
    {"id": "A-2025-103", "title": "Photo exhibition on Viet Nam and Laos",
     "lead_organisation_id": "HN-UFO", "kind": "exhibition", "status": "finished",
     "actual_start": date(2027, 1, 5)},
]
valid_activities, activity_report = validate_records(Activity, hanoi_rows, today=date(2026, 11, 22))
print(len(valid_activities), "valid record(s)")
print(activity_report.summary())

# %% [markdown]
# Read the report line by line: row 2 has no title (`PPD001`); row 3 has **two** problems,
# a kind that is not a code and a status that is not a code (`PPD104` twice: "exhibition"
# and "finished" are not in the vocabularies). So 2 of the 3 records are bad, but there are
# **3 problems**: one record can have several. `len(report)` counts problems;
# `report.counts()` counts them per rule code, and `report.to_frame()` shows them as a table.

# %%
print(len(activity_report), "problems:", activity_report.counts())
activity_report.to_frame()[["code", "row", "record_id", "field", "value"]]

# %% [markdown]
# ### Exercise 3 (2 marks)
# The Hai Phong union sent the partner list below. Validate it with `validate_records` (the
# model is `Partner`; partners have no dates in the future, so `today` is not needed) and
# store the report in `partner_report`, then store the **number of problems** in
# `n_problems`.

# %%
bad_partners = [
    {"id": "P-JP-101", "name": "Japan-Vietnam Friendship Association of Osaka",
     "country": "JP", "type": "friendship_organisation", "first_engaged": date(2015, 6, 1)},
    {"id": "P KR 102", "name": "Korea-Vietnam Hope Bridge",
     "country": "KR", "type": "foreign_ngo"},
    {"id": "P-FR-103", "name": "Association d'amitié franco-vietnamienne de Lyon",
     "country": "FRA", "type": "friendship_organisation"},
    {"id": "P-DE-104", "name": "",
     "country": "Germany", "type": "university_research"},
    {"id": "P-US-105", "name": "Friends of Vietnam Heritage",
     "country": "US", "type": "ngo"},
    {"id": "P-AU-106", "name": "Sydney Vietnamese Community Association",
     "country": "AU", "type": "overseas_vietnamese", "status": "sleeping"},
]

# %% solution id=count_problems
### BEGIN SOLUTION
valid_partners, partner_report = validate_records(Partner, bad_partners)
n_problems = len(partner_report)
### END SOLUTION

# %% mistake id=count_problems
valid_partners, partner_report = validate_records(Partner, bad_partners)
n_problems = len(bad_partners) - len(valid_partners)

# %% tests id=count_problems_tests points=2
assert len(partner_report) > 0, "partner_report should be the report returned by validate_records"
assert isinstance(n_problems, int), "n_problems should be a whole number"
### BEGIN HIDDEN TESTS
#: answer n_problems
assert n_problems == len(validate_records(Partner, bad_partners)[1])
### END HIDDEN TESTS

# %% [markdown]
# To see the problems of one record only, keep the rows of the report's table that belong to
# it. The example keeps the problems of row 3 of the Hanoi list from section 4.

# %%
hanoi_table = activity_report.to_frame()
hanoi_table[hanoi_table["row"] == 3][["code", "field", "value"]]

# %% [markdown]
# ### Exercise 4 (1 mark)
# Print the report (`print(partner_report.summary())` in the free cell below) and read it.
# Which **rule code** is the problem of the Sydney association (`P-AU-106`)? Store it as text
# in `sydney_code`, e.g. `sydney_code = "PPD999"`.

# %% scratch

# %% solution id=sydney_code
### BEGIN SOLUTION
sydney_code = "PPD104"
### END SOLUTION

# %% tests id=sydney_code_tests points=1
assert isinstance(sydney_code, str) and sydney_code.startswith("PPD"), "write the code as text, e.g. \"PPD999\""
### BEGIN HIDDEN TESTS
assert sydney_code == validate_records(Partner, bad_partners)[1].for_record("P-AU-106")[0].code
### END HIDDEN TESTS

# %% [markdown]
# ## 5. Fixing records and validating again
#
# Fixing means changing the bad values, never deleting the record: a partner you drop from
# the list disappears from the shared database. The usual loop is: validate → read the report
# → fix → validate again, until the report says **No problems**.
#
# First try: the Hanoi union fills in the missing title and uses the codes
# `cultural_exchange` (an exhibition is a cultural exchange) and `closed`.

# %%
hanoi_rows_try2 = [
    {"id": "A-2025-101", "title": "Tree planting with Japanese volunteers",
     "lead_organisation_id": "HN-UFO", "kind": "cultural_exchange", "status": "closed",
     "actual_start": date(2025, 3, 8)},
    {"id": "A-2025-102", "title": "Youth exchange with Lao students",
     "lead_organisation_id": "HN-UFO", "kind": "youth_exchange", "status": "closed",
     "actual_start": date(2025, 4, 2)},
    {"id": "A-2025-103", "title": "Photo exhibition on Viet Nam and Laos",
     "lead_organisation_id": "HN-UFO", "kind": "cultural_exchange", "status": "closed",
     "actual_start": date(2027, 1, 5)},
]
valid_try2, report_try2 = validate_records(Activity, hanoi_rows_try2, today=date(2026, 11, 22))
print(report_try2.summary())

# %% [markdown]
# A **new** problem appears: `PPD202`, an actual date after "today". It was there before,
# but rules that compare fields (dates in order, dates not in the future) are checked only
# once every value of the record is valid. That is why you always validate **again** after a
# fix. The exhibition has not happened yet: it gets a *planned* date and the status
# `pipeline` (in preparation).

# %%
hanoi_rows_try3 = [
    {"id": "A-2025-101", "title": "Tree planting with Japanese volunteers",
     "lead_organisation_id": "HN-UFO", "kind": "cultural_exchange", "status": "closed",
     "actual_start": date(2025, 3, 8)},
    {"id": "A-2025-102", "title": "Youth exchange with Lao students",
     "lead_organisation_id": "HN-UFO", "kind": "youth_exchange", "status": "closed",
     "actual_start": date(2025, 4, 2)},
    {"id": "A-2025-103", "title": "Photo exhibition on Viet Nam and Laos",
     "lead_organisation_id": "HN-UFO", "kind": "cultural_exchange", "status": "pipeline",
     "planned_start": date(2027, 1, 5)},
]
valid_try3, report_try3 = validate_records(Activity, hanoi_rows_try3, today=date(2026, 11, 22))
print(len(valid_try3), "valid record(s)")
print(report_try3.summary())

# %% [markdown]
# ### Exercise 5 (3 marks)
# Fix the Hai Phong list. Copy the list `bad_partners` into the cell below, call the copy
# `fixed_partners`, and correct every value the report points at. The union told you:
#
# * identifiers never contain spaces: the Korean partner is `P-KR-102`;
# * the Lyon association is in France; the German partner is in Germany — use the two-letter
#   country codes;
# * the German partner is the *Asien-Afrika-Institut, Universität Hamburg*;
# * "Friends of Vietnam Heritage" is a foreign NGO (use the right `PartnerType` code);
# * the Sydney association has not worked with the union since 2022: its status is *dormant*.
#
# Keep all six partners. Then check your list with the test cell (it validates it again).

# %% solution id=fix_partners
### BEGIN SOLUTION
fixed_partners = [
    {"id": "P-JP-101", "name": "Japan-Vietnam Friendship Association of Osaka",
     "country": "JP", "type": "friendship_organisation", "first_engaged": date(2015, 6, 1)},
    {"id": "P-KR-102", "name": "Korea-Vietnam Hope Bridge",
     "country": "KR", "type": "foreign_ngo"},
    {"id": "P-FR-103", "name": "Association d'amitié franco-vietnamienne de Lyon",
     "country": "FR", "type": "friendship_organisation"},
    {"id": "P-DE-104", "name": "Asien-Afrika-Institut, Universität Hamburg",
     "country": "DE", "type": "university_research"},
    {"id": "P-US-105", "name": "Friends of Vietnam Heritage",
     "country": "US", "type": "foreign_ngo"},
    {"id": "P-AU-106", "name": "Sydney Vietnamese Community Association",
     "country": "AU", "type": "overseas_vietnamese", "status": "dormant"},
]
### END SOLUTION

# %% tests id=fix_partners_tests points=3
_fixed_ok, _fixed_report = validate_records(Partner, fixed_partners)
assert _fixed_report.ok, "some problems are left:\n" + _fixed_report.summary()
assert len(_fixed_ok) == 6, "keep all six partners: fix the bad values, do not delete records"
### BEGIN HIDDEN TESTS
#: answer sorted(p.id for p in _fixed_ok)
#: answer sorted((p.id, p.country) for p in _fixed_ok if p.id in ("P-FR-103", "P-DE-104"))
#: answer ["Hamburg" in p.name for p in _fixed_ok if p.id == "P-DE-104"]
#: answer [p.type for p in _fixed_ok if p.id == "P-US-105"]
#: answer [p.status for p in _fixed_ok if p.id == "P-AU-106"]
#: answer [p.first_engaged for p in _fixed_ok if p.id == "P-JP-101"]
_by_id = {p.id: p for p in _fixed_ok}
assert set(_by_id) == {"P-JP-101", "P-KR-102", "P-FR-103", "P-DE-104", "P-US-105", "P-AU-106"}
assert _by_id["P-FR-103"].country == "FR"
assert _by_id["P-DE-104"].country == "DE"
assert "Hamburg" in _by_id["P-DE-104"].name
assert _by_id["P-US-105"].type == PartnerType.FOREIGN_NGO
assert _by_id["P-AU-106"].status == PartnerStatus.DORMANT
assert _by_id["P-JP-101"].first_engaged == date(2015, 6, 1)
### END HIDDEN TESTS

# %% [markdown]
# ### Written answer (3 marks)
# Before the import into the shared database, a colleague proposes: "the checker rejected five
# of the six Hai Phong partners; let's just import the one good record now and delete the
# rest." What do you advise, and what would you change so that the next list from Hai Phong
# arrives with fewer problems? Answer in three to five sentences in the cell below.

# %% [markdown] manual id=data_model_reflection points=3
# *Model answer (graders look for: no silent deletion, who fixes what, prevention at the source).*
# I would not delete them: five real partners would vanish from the shared database and our
# counts of partners per country would be wrong. The report says exactly what is wrong in
# each row, so I would send it back to Hai Phong (or fix the obvious ones myself, such as the
# country codes) and import all six once the report says "No problems". Most errors were
# free text where a code is required (country names, "ngo", "sleeping"), so next time I would
# give them the Excel template with drop-down lists of codes and ask them to run the check
# themselves before sending.
