def log = new File(basedir, 'build.log').text.readLines()
def expected = [
  '[INFO] Comparing contract site 1.0.0 (git:HEAD~1:contracts/site.yaml) with site 1.1.0 (git:HEAD:contracts/site.yaml) (extends: resolved)',
  '[WARNING] git:HEAD:contracts/site.yaml: loosens de-identification: deidentification.ageLimit.maxAge: 80 -> 89; older persons now stay in the output [deid.age-limit]',
  '[INFO] Changes: 0 breaking, 1 loosening de-identification, 0 compatible',
]
def start = log.indexOf(expected[0])
assert start >= 0 : "no heading line in\n" + log.join('\n')
assert log.subList(start, start + expected.size()) == expected
assert log.any { it.contains('[ERROR] Failed to execute goal org.ehrcontracts:ehr-maven-plugin:') && it.contains('The contract change has 1 change that loosens de-identification (listed above and in ') && it.endsWith('Make the change compatible, or, once it is agreed, accept it with -Dehr.diff.allowDeidLoosening=true. -> [Help 1]') }

def md = new File(basedir, 'target/ehr/diff/diff.md').text
assert md.startsWith('### Contract change: site 1.0.0 (git:HEAD~1:contracts/site.yaml) → site 1.1.0 (git:HEAD:contracts/site.yaml)\n\n> [!WARNING]\n> **1 change loosens de-identification**: more of a person leaves the site.\n> - deidentification.ageLimit.maxAge: 80 -> 89; older persons now stay in the output\n')
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ehr/diff/diff.json'))
assert json.summary.loosensDeidentification == 1 && json.summary.status == 'loosens-deidentification'
assert json.changes[0].kind == 'deid.age-limit' && json.changes[0].at == null
