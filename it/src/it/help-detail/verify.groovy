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

// Every default and expression the help shows is whole: no ${...} broken by a blank, no Javadoc tags.
assert !(text =~ /\$\{[^}\n]*\s[^}\n]*\}/) : 'an expression with a blank in it'
assert !text.contains('{@') : 'a Javadoc tag left in the help'
assert text.contains('ehr:diff')
['from', 'to', 'allowBreaking', 'allowDeidLoosening', 'diffSkip'].each { p ->
  assert text =~ /(?m)^\s+$p\b/ : "parameter $p of ehr:diff is not documented"
}
['ehr.diff.from', 'ehr.diff.to', 'ehr.diff.allowBreaking', 'ehr.diff.allowDeidLoosening', 'ehr.diff.skip'].each { p ->
  assert text.contains("User property: $p") : "property $p is not documented"
}
assert text.contains('ehr:generate')
['output', 'persons', 'seed', 'defects', 'overwrite', 'tables', 'asOf', 'deidentified', 'generateSkip'].each { p ->
  assert text =~ /(?m)^\s+$p\b/ : "parameter $p of ehr:generate is not documented"
}
['ehr.generate.output', 'ehr.generate.persons', 'ehr.generate.seed', 'ehr.generate.defects', 'ehr.generate.overwrite'].each { p ->
  assert text.contains("User property: $p") : "property $p is not documented"
}
assert text.contains('User property: ehr.generate.deidentified')
return true
