def text = new File(basedir, 'build.log').text
assert text.contains('ehr:verify')
assert text.contains('ehr:help')
['contract', 'exports', 'failOn', 'reportDirectory', 'skip', 'verifySkip', 'memory', 'spillDirectory'].each { p ->
  assert text =~ /(?m)^\s+$p\b/ : "parameter $p is not documented"
}
assert text.contains('User property: ehr.contract')
assert text.contains('User property: ehr.memory')
assert text.contains('User property: ehr.spillDirectory')
assert text.contains('ehr:deploy')
assert text.contains('ehr:check-bucket')
assert text.contains('User property: ehr.bucket')
assert text.contains('User property: ehr.dryRun')
