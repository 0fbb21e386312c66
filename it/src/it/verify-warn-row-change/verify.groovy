import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text.readLines()

// The newest complete receipt of the contract in receipts/ (q3; not q2, which is older, nor the
// failed q3-retry, which is newer), named from the repository root.
assert log.contains('[INFO] Comparing rows with the last upload: receipts/q3/deploy.json (folder 2026-09-30-v1, 2026-09-30)')
assert log.contains('[WARNING] export/measurement.csv: warning: measurement: 348 rows, 580 at the last upload (2026-09-30, receipt receipts/q3/deploy.json): -40 %, the contract warns below -30 % [table.row-change] (contract ehr/contracts/omop-base.yaml:158:20)')
assert log.count { it.contains('[table.row-change]') } == 1

def start = log.indexOf('[INFO] Since the last upload (2026-09-30, folder 2026-09-30-v1, receipt receipts/q3/deploy.json):')
assert start > 0
assert log.subList(start + 1, start + 9) == [
  '[INFO]   table                 then  now  change',
  '[INFO]   person                  40   40     0 %  ok',
  '[INFO]   location                10   10     0 %  ok',
  '[INFO]   visit_occurrence       129  129     0 %  ok',
  '[INFO]   condition_occurrence   130  130     0 %  ok',
  '[INFO]   procedure_occurrence   127  127     0 %  ok',
  '[INFO]   drug_exposure          134  134     0 %  ok',
  '[INFO]   measurement            580  348   -40 %  warning',
]
assert log.contains('[INFO] Export export: 7 files, 918 rows, 0 errors, 1 warning in ' + log.find { it.startsWith('[INFO] Export export: ') }.replaceAll(/.* in /, ''))
assert log.contains('[INFO] BUILD SUCCESS')

def reports = new File(basedir, 'target/ehr/export')
def json = new JsonSlurper().parse(new File(reports, 'verify.json'))
assert json.summary.status == 'passed'
assert json.summary.warnings == 1
def upload = json.previousUpload
assert upload.receipt == 'receipts/q3/deploy.json'
assert upload.folder == '2026-09-30-v1'
assert upload.uploaded == '2026-09-30T14:02:11.482Z'
assert upload.tables.size() == 7
def measurement = upload.tables.find { it.table == 'measurement' }
assert measurement == [table: 'measurement', file: 'measurement.csv', before: 580, after: 348, present: true, change: -40.0, severity: 'warning']
assert upload.tables.findAll { it.severity != null }*.table == ['measurement']

def html = new File(reports, 'verify.html').text
assert html.contains("<tr><td class='mono'>measurement</td><td class='num'>580</td><td class='num'>348</td><td class='num'>-40 %</td><td class='warning'>warning</td></tr>")
def sarif = new JsonSlurper().parse(new File(reports, 'verify.sarif'))
assert sarif.runs[0].results.any { it.ruleId == 'table.row-change' && it.level == 'warning' }
assert new File(reports, 'junit.xml').text.contains('table.row-change')

// The receipts are read only.
assert new File(basedir, 'receipts/q3/deploy.json').text.contains('"rows": 580')
return true
