// The same figures as verify-pass-sample, with the key sets over the budget spilled to disk.
def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO]   person.csv                 40 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.contains('[INFO]   measurement.csv           348 rows   0 errors   0 warnings   0 infos   PASSED')
assert log.any { it ==~ /\[INFO\] Export export: 7 files, 918 rows, 0 errors, 0 warnings in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0\)/ }
assert log.any { it ==~ /\[INFO\]   measurement\.csv: its keys went over the memory budget \(12,288 bytes\) and spilled to disk: [0-9,]+ runs, [0-9.,]+ (KB|MB) written/ }
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
// The run's spill folder is gone; the folder it was made in stays, empty.
def spill = new File(basedir, 'target/ehr/spill')
assert spill.isDirectory()
assert spill.list().length == 0 : "left in ${spill}: ${spill.list()}"
