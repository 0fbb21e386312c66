import java.util.zip.CRC32C

def log = new File(basedir, 'build.log').text.readLines()
def target = new File(basedir, 'target')
def output = new File(target, 'ehr/deid/export')
def tables = ['person', 'location', 'visit_occurrence', 'condition_occurrence', 'procedure_occurrence',
              'drug_exposure', 'measurement']

// ehr:verify first, then ehr:deidentify with its own verification before and after.
assert log.any { it ==~ /\[INFO\] Verifying .*sample-hpo.export against aou-ehr-alpha 1\.0\.0/ }
assert log.any { it ==~ /\[INFO\] De-identifying .*sample-hpo.export into .*target.ehr.deid.export against aou-ehr-alpha 1\.0\.0 \(reference date 2017-12-01, age limit 80\)/ }
assert log.contains('[INFO]   person.csv                 40 rows in   34 out   6 removed (6 of removed persons)')
assert log.contains('[INFO]   location.csv               10 rows in   10 out')
assert log.contains('[INFO]   measurement.csv           348 rows in  295 out   53 removed (53 of removed persons)')
assert log.contains('[INFO] Persons: 34 kept, 6 removed as older than 80 on 2017-12-01')
assert log.contains('[INFO] New ids (9 digits, persistent crosswalk): 0 reused, 34 new')
assert log.contains('[INFO] Verification of the de-identified export (deid.* rules on):')
assert log.any { it ==~ /\[INFO\] Export export: 7 files, 792 rows, 0 errors, \d+ warnings in .*/ }
assert log.any { it ==~ /\[INFO\] De-identified export: .*target.ehr.deid.export; reports: .*/ }
assert !log.any { it.startsWith('[ERROR]') }

// The output: the seven tables and the manifest; the crosswalk is elsewhere, private.
def names = output.list() as Set
assert names == (tables.collect { it + '.csv' } + ['.ehr-deid.json']) as Set
def crosswalkFile = new File(target, 'ehr/private/export.crosswalk.csv')
assert crosswalkFile.isFile()
def crosswalk = crosswalkFile.readLines().drop(1).collectEntries { l -> def p = l.split(','); [(p[0] as long): (p[1] as long)] }
// Persons 1 to 5 are the generator's boundary persons: born 1937-12-01 (80), 1937-12-02 (79),
// 1936-12-01 (81: removed), 1936-12-02 (80 years and 364 days) and 1937-06-15 (80).
assert crosswalk.keySet().containsAll([1L, 2L, 4L, 5L])
assert !crosswalk.containsKey(3L)
assert crosswalk.size() == 34
assert crosswalk.values().every { it >= 100_000_000L && it <= 999_999_999L && !crosswalk.containsKey(it) }
assert crosswalk.values().toSet().size() == 34
// The input export (it/sample-hpo/export; this IT runs in it/target/it/<name>) gained no file.
assert new File(basedir, '../../../sample-hpo/export').list() as Set == tables.collect { it + '.csv' } as Set

// Every person id is a new one, every date January 1, every birth month and day 1, in quotes, CRLF.
def person = new File(output, 'person.csv').text
assert person.endsWith('\r\n')
def personRows = person.split('\r\n').drop(1)
assert personRows.size() == 34
personRows.each { row ->
  def f = row.split(',', -1)
  assert f.every { it.startsWith('"') && it.endsWith('"') }
  assert crosswalk.containsValue(f[0].replace('"', '') as long)
  assert f[3] == '"1"' && f[4] == '"1"'
  assert f[5] ==~ /"\d{4}-01-01T00:00:00[-+]\d\d:\d\d"/
  assert f[11] == '""' // person_source_value, blanked
}
new File(output, 'measurement.csv').readLines().drop(1).each { row ->
  def f = row.split(',', -1)
  assert f[3] ==~ /"\d{4}-01-01"/
  assert f[4] ==~ /"\d{4}-01-01T00:00:00[-+]\d\d:\d\d"/
  assert crosswalk.containsValue(f[1].replace('"', '') as long)
}

// The manifest: every file with its data rows, size and CRC32C.
def json = new groovy.json.JsonSlurper()
def manifest = json.parse(new File(output, '.ehr-deid.json'))
assert manifest.tool.name == 'ehr-maven-plugin'
assert manifest.contract.name == 'aou-ehr-alpha' && manifest.contract.version == '1.0.0'
assert manifest.contract.sha256 ==~ /[0-9a-f]{64}/
assert manifest.asOf == '2017-12-01'
assert manifest.created ==~ /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/
assert manifest.files.keySet() == tables.collect { it + '.csv' } as Set
// The seal: an HMAC-SHA256 by the site key, which sits beside the crosswalk and nowhere in the output.
assert manifest.seal.algorithm == 'HMAC-SHA256'
assert manifest.seal.key ==~ /[0-9a-f]{16}/
assert manifest.seal.hmac ==~ /[0-9a-f]{64}/
def keyFile = new File(target, 'ehr/private/ehr-deid-seal.key')
assert keyFile.isFile() && keyFile.length() == 32
if (java.nio.file.FileSystems.default.supportedFileAttributeViews().contains('posix')) {
  assert java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(keyFile.toPath())) == 'rw-------'
}
def keyHex = keyFile.bytes.encodeHex().toString()
assert !log.any { it.contains(keyHex) || it.contains(manifest.seal.hmac) }
manifest.files.each { name, entry ->
  def bytes = new File(output, name).bytes
  def crc = new CRC32C()
  crc.update(bytes)
  assert entry.bytes == bytes.length
  assert entry.crc32c == String.format('%08x', (int) crc.value)
  assert entry.rows == new File(output, name).readLines().size() - 1
}
assert manifest.files['person.csv'].rows == 34

// The reports: deid.json and the output's verification under deid-reports/, the input's where ehr:verify puts it.
def reports = new File(target, 'ehr/deid-reports/export')
['deid.json', 'deid.html', 'verify.json', 'verify.html', 'junit.xml'].each { assert new File(reports, it).isFile() : "$it is missing" }
def deid = json.parse(new File(reports, 'deid.json'))
assert deid.asOf == '2017-12-01' && deid.maxAge == 80
assert deid.contract.name == 'aou-ehr-alpha'
assert deid.persons.rows == 40 && deid.persons.kept == 34 && deid.persons.removedForAge == 6
assert deid.files.find { it.file == 'measurement.csv' }.rowsOut == manifest.files['measurement.csv'].rows
assert deid.columns.blanked.contains('location.zip')
assert deid.verification.output.errors == 0
def outputVerify = json.parse(new File(reports, 'verify.json'))
assert outputVerify.deidentified == true
assert outputVerify.summary.errors == 0
assert json.parse(new File(target, 'ehr/export/verify.json')).deidentified == false
// No identifier or row date in the reports.
def reportText = new File(reports, 'deid.json').text + new File(reports, 'deid.html').text
crosswalk.values().each { assert !reportText.contains(it as String) }
assert !reportText.contains('1936-12')
