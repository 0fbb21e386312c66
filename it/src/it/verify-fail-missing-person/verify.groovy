def text = new File(basedir, 'build.log').text
def log = text.readLines()
assert log.contains("[INFO]   person.csv                       required  missing")
assert log.contains("[ERROR] export/person.csv: error: the required file person.csv of table 'person' is missing [file.missing] (contract ehr/contracts/aou-ehr-alpha.yaml:41:3)")
assert log.contains("[WARNING] export/visit_occurrence.csv: warning: the expected file visit_occurrence.csv of table 'visit_occurrence' is missing [file.missing] (contract ehr/contracts/aou-ehr-alpha.yaml:50:3)")
assert log.contains("[WARNING] export/Person.CSV: warning: the contract does not know the file Person.CSV; file names are case-sensitive: did you mean person.csv? [file.unknown]")
assert log.contains("[INFO]   1 of 7 table files found, 0 tolerated, 1 unknown")
assert text.contains("1 problem fails the build (failOn=error); see the lines above, or set -Dehr.failOn=never to only report them.")
assert !(text =~ /(?m)^\s+at [a-z]+\./) : 'no stack trace'
