def log = new File(basedir, 'build.log').text.readLines()
assert log.any { it ==~ /\[INFO\] --- ehr:[^ ]+:generate \(synthetic\) @ generate-pass-then-verify ---/ }
assert log.contains('[INFO] Generating 50 synthetic persons against aou-ehr-alpha 1.0.0 (seed 1, reference date 2026-01-01, de-identified as its policy says)')
assert log.any { it ==~ /\[INFO\]   person\.csv +50 rows/ }
assert log.any { it ==~ /\[INFO\]   location\.csv +5 rows/ }

def out = new File(basedir, 'target/ehr/generated')
def manifest = new groovy.json.JsonSlurper().parse(new File(out, 'generate.json'))
assert manifest.contract.name == 'aou-ehr-alpha'
assert manifest.seed == 1 && manifest.persons == 50 && manifest.export == '2026-01-01-v1'
assert manifest.planted.isEmpty()
assert manifest.files*.file == ['person.csv', 'location.csv', 'visit_occurrence.csv', 'condition_occurrence.csv',
    'procedure_occurrence.csv', 'drug_exposure.csv', 'measurement.csv']
long rows = manifest.files.sum { it.rows }
manifest.files.each { f ->
  def lines = new File(out, "2026-01-01-v1/${f.file}").text.split('\r\n')
  assert lines.length == f.rows + 1 : f.file
  assert lines.every { it.startsWith('"') && it.endsWith('"') } : "${f.file} is not quoted as the contract says"
}
assert log.any { it ==~ /\[INFO\] Generated .*2026-01-01-v1: 7 files, ${String.format('%,d', rows)} rows in [0-9.]+ s \([0-9,]+ rows\/s\)/ }

assert log.any { it ==~ /\[INFO\] --- ehr:[^ ]+:verify \(check\) @ generate-pass-then-verify ---/ }
assert log.contains('[INFO]   person.csv                 50 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.any { it ==~ /\[INFO\] Export 2026-01-01-v1: 7 files, ${rows} rows, 0 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/ }
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
assert log.contains('[INFO] BUILD SUCCESS')
