def log = new File(basedir, 'build.log').text
assert log.contains("<defects> (ehr.generate.defects): 'key.duplicat' is not a rule id (did you mean 'key.duplicate'?); the rules it can plant are file.unknown, csv.row-width, value.required, type.integer, type.float, type.date, type.datetime, type.time, value.length, value.concept, value.pattern, value.range, key.duplicate, key.foreign, check.expression, deid.age-limit, deid.not-blanked")
assert !new File(basedir, 'target/ehr/generated').exists()
assert !log.contains('\tat ') && !log.contains('GenerateException') // no stack trace
assert log.contains('[INFO] BUILD FAILURE')
