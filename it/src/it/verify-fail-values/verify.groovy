def text = new File(basedir, 'build.log').text
def log = text.readLines()

// Every problem, exactly, in report order (file order, then rule order, then line order).
def problems = [
  "[ERROR] export/person.csv:3:15: error: column 'race_source_value' is required but empty [value.required] (contract ehr/contracts/aou-ehr-alpha.yaml:47:9)",
  "[ERROR] export/person.csv:4:1: error: the primary key (person_id) repeats the row on line 3 [key.duplicate]",
  "[ERROR] export/visit_occurrence.csv:3:4: error: column 'visit_start_date' must be a real date written YYYY-MM-DD, found a value shaped '9999-99-99' [type.date] (contract ehr/contracts/aou-ehr-alpha.yaml:58:9)",
  "[ERROR] export/visit_occurrence.csv:4:2: error: person_id has no row in table 'person' (person.person_id) [key.foreign] (contract ehr/contracts/aou-ehr-alpha.yaml:56:9)",
  "[ERROR] export/visit_occurrence.csv:5:11: error: column 'visit_source_value' is not enclosed in double quotes; the contract wants every field quoted [csv.unquoted]",
]
assert log.findAll { it.startsWith('[ERROR] export/') || it.startsWith('[WARNING] export/') } == problems

def summary = [
  '[INFO]   person.csv                4 rows   2 errors   0 warnings   0 infos   FAILED',
  '[INFO]   location.csv              0 rows   0 errors   0 warnings   0 infos   PASSED',
  '[INFO]   visit_occurrence.csv      4 rows   3 errors   0 warnings   0 infos   FAILED',
  '[INFO]   condition_occurrence.csv  0 rows   0 errors   0 warnings   0 infos   PASSED',
  '[INFO]   procedure_occurrence.csv  0 rows   0 errors   0 warnings   0 infos   PASSED',
  '[INFO]   drug_exposure.csv         0 rows   0 errors   0 warnings   0 infos   PASSED',
  '[INFO]   measurement.csv           0 rows   0 errors   0 warnings   0 infos   PASSED',
]
int first = log.indexOf(summary[0])
assert first > 0 : 'no file summary'
assert log.subList(first, first + summary.size()) == summary
assert log[first + summary.size()] ==~ /\[INFO\] Export export: 7 files, 8 rows, 5 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/

def reports = new File(basedir, 'target/ehr/export')
assert log.contains("[INFO] Reports: ${reports.path} (verify.json, verify.html, junit.xml, verify.sarif, codequality.json, metrics.csv)".toString())
assert text.contains("The export does not meet contract aou-ehr-alpha 1.0.0: export: 5 errors (see ${new File(reports, 'verify.html').path}). Fix the lines above, or set -Dehr.failOn=never to only report them.")
assert !(text =~ /(?m)^\s+at [a-z]+\./) : 'no stack trace'

// No cell value reaches the log or a report: the bad date, the orphan's person and the unquoted text.
['2013-02-30', 'OP:Outpatient visit'].each { value ->
  assert !log.any { it.startsWith('[ERROR]') && it.contains(value) } : "a cell value is in the log"
}

['verify.json', 'verify.html', 'junit.xml'].each { assert new File(reports, it).isFile() : "$it is missing" }
['verify.json', 'verify.html', 'junit.xml'].each { assert !new File(reports, it).text.contains('2013-02-30') : "a cell value is in $it" }
def json = new groovy.json.JsonSlurper().parse(new File(reports, 'verify.json'))
assert json.contract.name == 'aou-ehr-alpha'
assert json.summary.status == 'failed'
assert json.summary.files == 7
assert json.summary.rows == 8
assert json.summary.errors == 5
assert json.summary.warnings == 0
def person = json.files.find { it.file == 'person.csv' }
assert person.status == 'failed' && person.rows == 4 && person.counts.error == 2
assert person.rules*.rule == ['value.required', 'key.duplicate']
def visits = json.files.find { it.file == 'visit_occurrence.csv' }
assert visits.status == 'failed' && visits.rows == 4 && visits.counts.error == 3
assert visits.rules*.rule == ['type.date', 'key.foreign', 'csv.unquoted']
assert json.problems*.rule == ['value.required', 'key.duplicate', 'type.date', 'key.foreign', 'csv.unquoted']
assert json.problems.find { it.rule == 'type.date' }.with { it.file == 'export/visit_occurrence.csv' && it.line == 3 && it.column == 'visit_start_date' && it.position == 4 }
def junit = new groovy.xml.XmlSlurper().parse(new File(reports, 'junit.xml'))
assert junit.@failures.text() == '5'
assert junit.testcase.findAll { it.failure.size() > 0 }*.failure*.@type*.text().flatten() == ['value.required', 'key.duplicate', 'type.date', 'key.foreign', 'csv.unquoted']
