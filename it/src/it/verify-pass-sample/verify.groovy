def log = new File(basedir, 'build.log').text.readLines()
def sha = log.find { it.startsWith('[INFO] Contract aou-ehr-alpha 1.0.0 (extends omop-base), 7 tables, sha256 ') }
assert sha != null : 'the contract line is missing'
assert log.contains('[INFO]   person.csv                       required  found 6,598 bytes')
assert log.contains('[INFO]   measurement.csv                  expected  found 58,800 bytes')
assert log.contains('[INFO]   7 of 7 table files found, 0 tolerated, 0 unknown')
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
