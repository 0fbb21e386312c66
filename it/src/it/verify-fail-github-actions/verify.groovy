def text = new File(basedir, 'build.log').text
def log = text.readLines()

// The annotations, exactly: paths from the workspace root (exports/q3/..., not the export's own
// name q3/...), the physical line, no col (ours is a field number), errors first.
def at = '::error file=exports/q3/'
def annotations = [
  at + "person.csv,line=3,title=value.required::column 'race_source_value' is required but empty",
  at + "person.csv,line=4,title=key.duplicate::the primary key (person_id) repeats the row on line 3",
  at + "visit_occurrence.csv,line=3,title=type.date::column 'visit_start_date' must be a real date written YYYY-MM-DD, found a value shaped '9999-99-99'",
  at + "visit_occurrence.csv,line=4,title=key.foreign::person_id has no row in table 'person' (person.person_id)",
  at + "visit_occurrence.csv,line=5,title=csv.unquoted::column 'visit_source_value' is not enclosed in double quotes; the contract wants every field quoted",
]
assert log.findAll { it.startsWith('::') } == annotations

// The console still names files as the export does.
assert log.contains("[ERROR] q3/person.csv:3:15: error: column 'race_source_value' is required but empty [value.required] (contract ehr/contracts/aou-ehr-alpha.yaml:47:9)")

def summary = new File(basedir, 'step-summary.md').text
assert summary.startsWith('### \u274c ehr:verify failed: q3\n\n')
assert summary =~ /Contract aou-ehr-alpha 1\.0\.0 \(sha256 `[0-9a-f]{12}`\): 7 files, 8 rows, \*\*5 errors\*\*, 0 warnings, 0 infos in [0-9.]+ s\./
def failing = summary.substring(summary.indexOf('#### What fails the build'))
assert failing == '''#### What fails the build

Errors fail the build: **5 errors**; not counted: 0 warnings, 0 infos.

- **`value.required`** error in `exports/q3/person.csv`: 1 problem
  - line 3: column 'race_source_value' is required but empty
- **`key.duplicate`** error in `exports/q3/person.csv`: 1 problem
  - line 4: the primary key (person_id) repeats the row on line 3
- **`type.date`** error in `exports/q3/visit_occurrence.csv`: 1 problem
  - line 3: column 'visit_start_date' must be a real date written YYYY-MM-DD, found a value shaped '9999-99-99'
- **`key.foreign`** error in `exports/q3/visit_occurrence.csv`: 1 problem
  - line 4: person_id has no row in table 'person' (person.person_id)
- **`csv.unquoted`** error in `exports/q3/visit_occurrence.csv`: 1 problem
  - line 5: column 'visit_source_value' is not enclosed in double quotes; the contract wants every field quoted
''' + System.lineSeparator()

def reports = new File(basedir, 'target/ehr/q3')
assert log.contains("[INFO] Reports: ${reports.path} (verify.json, verify.html, junit.xml, verify.sarif, codequality.json, metrics.csv)".toString())
def sarif = new groovy.json.JsonSlurper().parse(new File(reports, 'verify.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].tool.driver.rules*.id == ['value.required', 'key.duplicate', 'type.date', 'key.foreign', 'csv.unquoted']
assert sarif.runs[0].tool.driver.rules[2].helpUri == 'https://github.com/ehr-contracts/ehr-contracts/blob/main/docs/rules.md#type.date'
assert sarif.runs[0].results*.locations*.physicalLocation*.artifactLocation*.uri.flatten() == ['exports/q3/person.csv', 'exports/q3/person.csv', 'exports/q3/visit_occurrence.csv', 'exports/q3/visit_occurrence.csv', 'exports/q3/visit_occurrence.csv']
assert sarif.runs[0].results*.locations*.physicalLocation*.region*.startLine.flatten() == [3, 4, 3, 4, 5]

// No cell value anywhere a reviewer looks.
[text, summary, new File(reports, 'verify.sarif').text, new File(reports, 'codequality.json').text].each { assert !it.contains('2013-02-30') && !it.contains('OP:Outpatient visit') }
assert !(text =~ /(?m)^\s+at [a-z]+\./) : 'no stack trace'
