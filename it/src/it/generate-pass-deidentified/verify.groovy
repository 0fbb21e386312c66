def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO] Generating 30 synthetic persons against aou-ehr-current-deid 1.0.0 (seed 1, reference date 2026-01-01, de-identified as its policy says)')
assert log.any { it ==~ /\[INFO\] Crosswalk of the de-identified person ids: .*2026-01-01-v1\.crosswalk\.csv \(verify with -Dehr\.verify\.deidentified=true -Dehr\.deid\.crosswalk=.*\)/ }
def out = new File(basedir, 'target/ehr/generated')
def manifest = new groovy.json.JsonSlurper().parse(new File(out, 'generate.json'))
assert manifest.deidentified == true && manifest.crosswalk == '2026-01-01-v1.crosswalk.csv'
// Withheld by the policy: never written.
['note.csv', 'pii_name.csv', 'participant_match.csv'].each { assert !new File(out, "2026-01-01-v1/$it").exists() : it }
def crosswalk = new File(out, '2026-01-01-v1.crosswalk.csv').readLines()
assert crosswalk[0] == 'original_id,new_id' && crosswalk.size() == 31
// Every date of the export is January 1.
def visits = new File(out, '2026-01-01-v1/visit_occurrence.csv').readLines().drop(1)
assert !visits.isEmpty() && visits.every { it.split(',', -1)[3] ==~ /\d{4}-01-01/ }

assert log.any { it ==~ /\[INFO\] Export 2026-01-01-v1: [0-9]+ files, [0-9]+ rows, 0 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-current-deid 1\.0\.0\)/ }
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
assert log.contains('[INFO] BUILD SUCCESS')
