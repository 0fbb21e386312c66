def log = new File(basedir, 'build.log').text.readLines()
assert log.any { it ==~ /\[INFO\] Verifying .*sample-hpo.export against aou-ehr-alpha 1\.0\.0/ }
assert log.contains('[INFO]   person.csv                 40 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.contains('[INFO]   measurement.csv           348 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.any { it ==~ /\[INFO\] Export export: 7 files, 918 rows, 0 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/ }
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }

def reports = new File(basedir, 'target/ehr/export')
['verify.json', 'verify.html', 'junit.xml'].each { assert new File(reports, it).isFile() : "$it is missing" }
def json = new groovy.json.JsonSlurper().parse(new File(reports, 'verify.json'))
assert json.contract.name == 'aou-ehr-alpha'
assert json.summary.status == 'passed'
assert json.summary.rows == 918
assert json.files.size() == 7
assert json.files.every { it.status == 'passed' && it.crc32c ==~ /[0-9a-f]{8}/ }
assert json.problems.isEmpty()
def junit = new groovy.xml.XmlSlurper().parse(new File(reports, 'junit.xml'))
assert junit.@failures.text() == '0'
