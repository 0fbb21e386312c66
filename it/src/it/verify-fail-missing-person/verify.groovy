def text = new File(basedir, 'build.log').text
def log = text.readLines()
assert log.any { it ==~ /\[INFO\]   person.csv +0 rows +1 errors +0 warnings +0 infos +MISSING/ }
assert log.contains("[ERROR] export/person.csv: error: the required file person.csv of table 'person' is missing [file.missing] (contract ehr/contracts/omop-base.yaml:112:3)")
assert log.contains("[WARNING] export/visit_occurrence.csv: warning: the expected file visit_occurrence.csv of table 'visit_occurrence' is missing [file.missing] (contract ehr/contracts/aou-ehr-alpha.yaml:50:3)")
assert log.contains("[WARNING] export/Person.CSV: warning: the contract does not know the file Person.CSV; file names are case-sensitive: did you mean person.csv? [file.unknown]")
assert text.contains("The export does not meet contract aou-ehr-alpha 1.0.0: export: 1 error (see ")
assert !(text =~ /(?m)^\s+at [a-z]+\./) : 'no stack trace'
