// The command line wins over the POM for the contract and the exports alike, and says so.
def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO] Using -Dehr.contract=aou-ehr-current instead of the POM\'s <contract>aou-ehr-alpha</contract>')
// Maven itself already hands the goal -Dehr.exports over a POM's <exports>; the Verifying line names
// the folder used.
assert log.any { it ==~ /\[INFO\] Verifying .*verify-pass-command-line-wins.2020-01-15-v1 against aou-ehr-current 1\.0\.0/ }
assert log.contains('[INFO] BUILD SUCCESS')
