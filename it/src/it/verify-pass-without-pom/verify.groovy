// Without a project, the reports go where they go in a project: ./target/ehr/<export>/.
def log = new File(basedir, 'build.log').text.readLines()
assert log.count { it ==~ /\[INFO\] Export 2020-01-15-v1: 16 files, 4 rows, 0 errors, 0 warnings(, 0 new, 0 fixed)? in [0-9.]+ s \(contract aou-ehr-current 1\.0\.0\)/ } == 2
assert log.count('[INFO]   pii_name.csv              0 rows   0 errors   0 warnings   0 infos   ABSENT') == 2
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
assert log.contains('[INFO] BUILD SUCCESS')

def reports = new File(basedir, 'target/ehr/2020-01-15-v1')
['verify.json', 'verify.html', 'junit.xml'].each { assert new File(reports, it).isFile() : "$it is missing" }
def stray = []
basedir.eachFileRecurse { if (it.name.contains('${')) stray << it }
assert stray.isEmpty() : "a folder named after an unresolved expression: $stray"
def json = new groovy.json.JsonSlurper().parse(new File(reports, 'verify.json'))
assert json.summary.status == 'passed'
