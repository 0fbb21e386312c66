def log = new File(basedir, 'build.log').text.readLines()
def expected = [
  '[INFO] Comparing contract site 1.0.0 (contracts/site-1.0.yaml) with site 1.1.0 (contracts/site-1.1.yaml) (extends: resolved)',
  '[ERROR] contracts/site-1.1.yaml:5:3: breaking: concept set gender: 6 ids -> 5 ids; removed: 8532; rows holding them now fail (value.concept) [concept-set.concepts]',
  '[ERROR] ehr/contracts/omop-base.yaml:118:9: breaking: column person.gender_concept_id concepts: 6 ids -> 5 ids; removed: 8532; rows holding them now fail (value.concept) [column.concepts]',
  '[ERROR] contracts/site-1.1.yaml:12:9: breaking: check person.born-before-1970: absent -> \'year_of_birth < 1970\'; rows that break it now fail (check.expression, error) [check.added]',
  '[INFO] contracts/site-1.1.yaml:10:9: compatible: column person.person_source_value maxLength: 50 -> 60; looser [column.max-length]',
  '[INFO] Changes: 3 breaking, 0 loosening de-identification, 1 compatible',
  '[INFO] Export 2020-01-15-v1: passed (0 errors, 0 warnings) under site 1.0.0, failed (1 error, 1 warning) under site 1.1.0; 2 new problems, 0 gone',
  '[INFO]   person.csv: value.concept (warning): 1 new, 0 gone',
  '[INFO]   person.csv: check.expression person.born-before-1970 (error): 1 new, 0 gone',
]
def start = log.indexOf(expected[0])
assert start >= 0 : "no heading line in\n" + log.join('\n')
assert log.subList(start, start + expected.size()) == expected
assert log.any { it ==~ /\[INFO\] Reports: .*diff-fail-breaking.target.ehr.diff \(diff\.md, diff\.json\)/ }
assert log.any { it.contains('[ERROR] Failed to execute goal org.ehrcontracts:ehr-maven-plugin:') && it.contains('The contract change has 3 breaking changes: an export that passed under site 1.0.0 may fail under site 1.1.0 (listed above and in ') && it.endsWith('Make the change compatible, or, once it is agreed, accept it with -Dehr.diff.allowBreaking=true. -> [Help 1]') }
assert !log.any { it.contains('Exception') && it.contains('\tat ') }

def md = new File(basedir, 'target/ehr/diff/diff.md').text
assert md.startsWith('### Contract change: site 1.0.0 (contracts/site-1.0.yaml) → site 1.1.0 (contracts/site-1.1.yaml)\n\n**3 breaking changes**')
assert md.contains('| **breaking** | check person.born-before-1970: absent -> \'year_of_birth &lt; 1970\'; rows that break it now fail (check.expression, error) | `check.added` | `contracts/site-1.1.yaml:12:9` |\n')
assert md.contains('#### Effect on export `2020-01-15-v1`\n\npassed (0 errors, 0 warnings) → **failed (1 error, 1 warning)**\n')
assert md.contains('| person.csv | `check.expression person.born-before-1970` | error | 1 | 0 |\n')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/diff/diff.json'))
assert json.summary.breaking == 3 && json.summary.compatible == 1 && json.summary.status == 'breaking'
assert json.changes[0].kind == 'concept-set.concepts'
assert json.exports[0].after.status == 'failed'

// Annotations start their lines; a part declared in a shipped contract has no file in the repository.
def annotations = log.findAll { it.startsWith('::') }
assert annotations == [
  '::error file=contracts/site-1.1.yaml,line=5,title=ehr%3Adiff breaking [concept-set.concepts]::concept set gender: 6 ids -> 5 ids; removed: 8532; rows holding them now fail (value.concept)',
  '::error title=ehr%3Adiff breaking [column.concepts]::column person.gender_concept_id concepts: 6 ids -> 5 ids; removed: 8532; rows holding them now fail (value.concept)',
  '::error file=contracts/site-1.1.yaml,line=12,title=ehr%3Adiff breaking [check.added]::check person.born-before-1970: absent -> \'year_of_birth < 1970\'; rows that break it now fail (check.expression, error)',
]
