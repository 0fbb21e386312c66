def log = new File(basedir, 'build.log').text.readLines()
assert log.any { it ==~ /\[INFO\] --- ehr:[^ ]+:verify \(default-cli\) @ verify-pass-no-project ---/ }
assert log.any { it ==~ /\[INFO\] Verifying .*verify-pass-no-project.2020-01-15-v1 against aou-ehr-current 1\.0\.0/ }
assert log.contains('[INFO]   person.csv                2 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.contains('[INFO]   visit_occurrence.csv      2 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.contains('[INFO]   pii_name.csv              0 rows   0 errors   0 warnings   0 infos   ABSENT')
assert log.any { it ==~ /\[INFO\] Export 2020-01-15-v1: 16 files, 4 rows, 0 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-current 1\.0\.0\)/ }
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
assert log.contains('[INFO] BUILD SUCCESS')

def reports = new File(basedir, 'target/ehr/2020-01-15-v1')
['verify.json', 'verify.html', 'junit.xml'].each { assert new File(reports, it).isFile() : "$it is missing" }
def json = new groovy.json.JsonSlurper().parse(new File(reports, 'verify.json'))
assert json.contract.name == 'aou-ehr-current'
assert json.summary.status == 'passed'
assert json.summary.rows == 4
assert json.summary.errors == 0 && json.summary.warnings == 0
assert json.problems.isEmpty()
def junit = new groovy.xml.XmlSlurper().parse(new File(reports, 'junit.xml'))
assert junit.@failures.text() == '0'
