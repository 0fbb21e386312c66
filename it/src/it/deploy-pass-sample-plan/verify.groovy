def log = new File(basedir, 'build.log').text.readLines()
def today = java.time.LocalDate.now().toString()
def bucket = 'gs://aou-ehr-sample-site-bucket'

assert log.contains('[INFO] Deploy plan (dry run: nothing is uploaded) for export, contract aou-ehr-alpha 1.0.0')
assert log.any { it.startsWith("[INFO]   to     ${bucket}/${today}-v1/  [today's first version (not checked against the bucket: ") }
assert log.any { it ==~ /\[INFO\]   person\.csv +6,598 B  crc32c caea7932  -> ${java.util.regex.Pattern.quote(bucket)}\/${today}-v1\/person\.csv  not checked, last/ }
assert log.any { it ==~ /\[INFO\]   measurement\.csv +58,800 B  crc32c 841800f2  -> .*\/measurement\.csv  not checked/ }
assert log.contains('[INFO]   7 files, 161,059 B; the last goes up alone once all others are stored, so that the DRC does not process a partial folder')
assert log.any { it.startsWith('[WARNING]   REFUSED deploy.deidentified: contract aou-ehr-alpha requires de-identification') }
assert log.any { it.startsWith('[INFO]   PASSED deploy.verified: passed ehr:verify at ') }
assert log.contains('[WARNING] Dry run: a deploy now would be REFUSED (1 interlock above); nothing was uploaded.')
assert log.contains('[INFO] BUILD SUCCESS')
