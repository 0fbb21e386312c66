// Two builds: the first reads the vocabulary's files and caches its index, the second reads the cache.
def log = new File(basedir, 'build.log').text.readLines()
def loads = log.findAll { it.contains('vocabulary/: release v5.0 ehr-contracts sample subset 1, 71 concepts') }
assert loads.size() == 2 : loads
assert loads[0].contains('read from its files and cached')
assert loads[1].contains('read from the cache') : loads[1]
assert new File(basedir, 'target/vocabulary-cache').isDirectory()

// The sample has one person of gender 8521 (OTHER), which Athena has as no standard concept.
def notStandard = log.findAll { it.contains('[concept.not-standard]') }
assert notStandard.size() == 2 : notStandard // once per build
assert notStandard[0] == "[WARNING] export/person.csv:26:2: warning: column 'gender_concept_id' holds concept 8521, which is not a standard concept (standard_concept empty); it maps to no standard concept (1 row) [concept.not-standard] (contract ehr/contracts/omop-base.yaml:118:9)"
assert log.any { it ==~ /\[INFO\] Export export: 7 files, 918 rows, 0 errors, 1 warning in [0-9.]+ s \(contract aou-ehr-alpha 1\.0\.0; vocabulary release v5\.0 ehr-contracts sample subset 1, 71 concepts\)/ }
assert !log.any { it.startsWith('[ERROR]') }

def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/export/verify.json'))
assert json.vocabulary.release == 'v5.0 ehr-contracts sample subset 1'
assert json.vocabulary.concepts == 71
assert json.summary.warnings == 1
assert json.problems*.rule == ['concept.not-standard']
def html = new File(basedir, 'target/ehr/export/verify.html').text
assert html.contains('release v5.0 ehr-contracts sample subset 1, 71 concepts')
