def log = new File(basedir, 'build.log').text.readLines()
def manifest = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/generated/generate.json'))
assert manifest.planted*.rule.sort() == ['key.duplicate', 'key.duplicate', 'type.date', 'type.date', 'type.date', 'value.required']
manifest.planted.each { p ->
  assert log.contains("[INFO]   planted ${p.rule} at ${p.file}:${p.line}:${p.column} (${p.columnName})".toString())
}

// Every planted place is an error line of ehr:verify, with its rule; no other rule is an error.
def errors = log.findAll { it ==~ /\[ERROR\] 2026-01-01-v1\/\S+: error: .*/ }
assert errors.size() == 6 : errors.join('\n')
manifest.planted.each { p ->
  assert errors.any { it.startsWith("[ERROR] 2026-01-01-v1/${p.file}:${p.line}:".toString()) && it.contains("[${p.rule}]".toString()) } : p
}
assert errors.collect { (it =~ /\[([a-z]+\.[a-z.-]+)\]( \(contract [^)]*\))?$/)[0][1] }.toSet() == ['key.duplicate', 'value.required', 'type.date'].toSet()
assert log.any { it ==~ /\[INFO\] Export 2026-01-01-v1: [0-9]+ files, [0-9]+ rows, 6 errors, 0 warnings in .*/ }
assert log.contains('[INFO] BUILD FAILURE')
