// The sample project's main job, as the README's first command runs it:
// ehr:verify, then ehr:deidentify (alpha policy, reference date 2017-12-01), then a dry-run deploy plan.
def log = new File(basedir, 'build.log').text.readLines()
def today = java.time.LocalDate.now().toString()
def bucket = 'gs://aou-ehr-sample-site-bucket'

// With the sample's vocabulary: its one person of gender 8521, which Athena has as no standard concept.
assert log.any { it ==~ /\[INFO\] Export export: 7 files, 918 rows, 0 errors, 1 warning in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0; vocabulary release v5\.0 ehr-contracts sample subset 1, 71 concepts\)/ }
assert log.count { it.contains('[concept.not-standard]') } == 1
assert log.contains('[INFO] Persons: 34 kept, 6 removed as older than 80 on 2017-12-01')
assert log.contains('[INFO] Deploy plan (dry run: nothing is uploaded) for export, contract aou-ehr-alpha 1.0.0')
assert log.any { it ==~ /\[INFO\]   from   .*target.ehr.deid.export/ }
assert log.any { it.startsWith("[INFO]   to     ${bucket}/${today}-v1/  [today's first version (not checked against the bucket: ") }
assert log.any { it ==~ /\[INFO\]   person\.csv +[0-9,]+ B  crc32c [0-9a-f]{8}  -> ${java.util.regex.Pattern.quote(bucket)}\/${today}-v1\/person\.csv  not checked, last/ }
assert log.any { it ==~ /\[INFO\]   measurement\.csv +[0-9,]+ B  crc32c [0-9a-f]{8}  -> .*\/measurement\.csv  not checked/ }
assert log.any { it.startsWith('[INFO]   PASSED deploy.contract-files: only the contract\'s table files go up (7 files); left out: .ehr-deid.json.') }
assert log.any { it.startsWith('[INFO]   PASSED deploy.verified: passed ehr:verify at ') }
assert log.any { it.startsWith('[INFO]   PASSED deploy.deidentified: de-identified by ehr:deidentify at ') }
assert log.contains("[INFO] Dry run: a deploy now would upload 7 of 7 files to ${bucket}/${today}-v1/ (not checked against the bucket); nothing was uploaded.".toString())
assert !log.any { it.contains('REFUSED') }
assert log.contains('[INFO] BUILD SUCCESS')
