// A pull request on a legacy export, gated with -Dehr.failOn=new-error against main's report.
def log = new File(basedir, 'build.log').text.readLines()
def totals = log.findAll { it.startsWith('[INFO] Export export: ') }
assert totals.size() == 3
assert totals[0] ==~ /\[INFO\] Export export: 7 files, 8 rows, 5 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/
// The pull request: one legacy error fixed (csv.unquoted), one added (value.required).
assert totals[1] ==~ /\[INFO\] Export export: 7 files, 8 rows, 5 errors, 0 warnings, 1 new, 1 fixed in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/
assert log.contains("[ERROR] export/visit_occurrence.csv:2:3: error: column 'visit_concept_id' is required but empty [value.required] (contract ehr/contracts/aou-ehr-alpha.yaml:57:9)")
def failure = log.find { it.startsWith('[ERROR] Failed to execute goal org.ehrcontracts:ehr-maven-plugin') }
assert failure != null
assert failure.contains('The export does not meet contract aou-ehr-alpha 1.0.0: export: 1 new error: value.required in visit_occurrence.csv (1) (see ')
// The fix alone: four legacy errors, still reported, none new: the build passes.
assert totals[2] ==~ /\[INFO\] Export export: 7 files, 8 rows, 4 errors, 0 warnings, 0 new, 1 fixed in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/
assert log.count('[INFO] BUILD SUCCESS') == 2
assert log.count('[INFO] BUILD FAILURE') == 1

// verify.json of the last run holds the comparison with main's report.
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/export/verify.json'))
assert json.comparison.new == 0
assert json.comparison.fixed == 1
assert json.comparison.baseline.endsWith('verify.json')
