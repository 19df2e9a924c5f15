"""How-to: import and export IATI XML.

Shown on docs/how-to/iati.md.
"""

# --8<-- [start:export]
from datetime import UTC, datetime

from ppd_core.datasets import load_sample
from ppd_core.io.iati import write_iati

ds = load_sample()
# A Dataset (or a list of activities): it names organisations and partners.
xml = write_iati(
    ds,
    "vufo-activities.xml",
    reporting_org_ref="VN-VUFO",  # your organisation's IATI identifier
    reporting_org_name="Viet Nam Union of Friendship Organizations",
    generated=datetime(2026, 1, 15, tzinfo=UTC),
)
print(
    xml.count(b"<iati-activity "), "activities written to vufo-activities.xml"
)
# --8<-- [end:export]

# --8<-- [start:ruleset]
from ppd_core.io.iati import check_ruleset

# IATI's Standard Ruleset is rulesets/standard.json of IATI-Rulesets 2.03:
# check_ruleset(xml, "standard.json"), or set PPD_IATI_RULESET to its path.
# Here, two rules of our own in the same format show what a report says.
where = {
    "id": "VUFO-1",
    "severity": "warning",
    "message": "Say where the activity takes place.",
}
prefix = {
    "id": "VUFO-2",
    "severity": "error",
    "message": "Identifiers begin with ours.",
}
own_rules = {
    "/iati-activities/iati-activity": {
        "atleast_one": {"cases": [{"paths": ["location"], "ruleInfo": where}]},
        "startswith": {
            "cases": [
                {
                    "prefix": ["reporting-org/@ref"],
                    "separator": "-",
                    "paths": ["iati-identifier"],
                    "ruleInfo": prefix,
                }
            ]
        },
    }
}
report = check_ruleset(xml, own_rules, now=datetime(2026, 1, 15, tzinfo=UTC))
print(report.counts())
print(report.failed_rules("error"), report.failed_rules("warning"))
print(report.failures()[0].describe("en"))
print(report.failures()[0].describe("vi"))
# --8<-- [end:ruleset]

# --8<-- [start:import]
from datetime import date
from pathlib import Path

from ppd_core.io.iati import read_iati

Path("ngo-file.xml").write_text(
    """<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-DAC-EXAMPLE-1</iati-identifier>
  <reporting-org ref="XM-EXAMPLE" type="60">
   <narrative>Example Foundation</narrative>
  </reporting-org>
  <title><narrative>Safe water for schools in Kampot</narrative></title>
  <participating-org ref="XM-EXAMPLE" role="1" type="60">
   <narrative>Example Foundation</narrative>
  </participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2025-02-01"/>
  <recipient-country code="KH"/>
  <sector vocabulary="1" code="14030" percentage="70"/>
  <sector vocabulary="1" code="12220" percentage="30"/>
  <transaction>
   <transaction-type code="11"/><transaction-date iso-date="2025-01-20"/>
   <value value-date="2025-01-20">40000</value>
   <provider-org ref="XM-EXAMPLE"><narrative>Example Foundation</narrative>
   </provider-org>
  </transaction>
  <transaction>
   <transaction-type code="3"/><transaction-date iso-date="2025-03-01"/>
   <value value-date="2025-03-01">12000</value>
  </transaction>
 </iati-activity>
</iati-activities>
""",
    encoding="utf-8",
)
result = read_iati(
    "ngo-file.xml", lead_organisation_id="VUFO", today=date(2026, 11, 22)
)
print(
    result.activities_in_file,
    "in file,",
    result.imported,
    "imported,",
    result.rejected_counts["activities"],
    "rejected",
)
activity = result.activities[0]
print(
    activity.kind.value,
    activity.status.value,
    [a.area.value for a in activity.priority_areas],
)
print(
    activity.resource_flows[0].stage.value, activity.resource_flows[0].amount
)
for problem in result.report:
    print(problem)
# --8<-- [end:import]

# --8<-- [start:dataset]
vufo = ds.organisations.get("VUFO")
imported = result.to_dataset([vufo])
print(imported)
# --8<-- [end:dataset]

# --8<-- [start:unsafe]
# IatiFileError (and UnsafeXmlError, a kind of it) is a FileFormatError
from ppd_core.io import FileFormatError

hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
for content in (hostile, b"", b"<iati-activities><iati-activity>"):
    try:
        read_iati(content, lead_organisation_id="VUFO", name="upload.xml")
    except FileFormatError as err:
        print(f"{type(err).__name__}: {err.reason}")
# --8<-- [end:unsafe]
