def log = new File(basedir, 'build.log').text.readLines()
def expected = [
  '[INFO] Comparing contract site 1.0.0 (git:HEAD:contracts/site.yaml) with site 1.0.0 (contracts/site.yaml) (extends: resolved)',
  '[INFO] contracts/base.yaml:7:9: compatible: column person.person_source_value maxLength: 50 -> 100; looser [column.max-length]',
  '[INFO] contracts/base.yaml:8:3: compatible: table site_note: absent -> optional table, 2 columns; an export without site_note.csv still passes; a file of that name is now checked [table.added]',
  '[INFO] Changes: 0 breaking, 0 loosening de-identification, 2 compatible',
  '[INFO] Export 2020-01-15-v1: passed (0 errors, 0 warnings) under site 1.0.0, passed (0 errors, 0 warnings) under site 1.0.0; the same problems under both',
]
def start = log.indexOf(expected[0])
assert start >= 0 : "no heading line in\n" + log.join('\n')
assert log.subList(start, start + expected.size()) == expected
assert !log.any { it.startsWith('[ERROR]') || it.startsWith('[WARNING]') }
assert log.contains('[INFO] BUILD SUCCESS')

def md = new File(basedir, 'target/ehr/diff/diff.md').text
assert md.startsWith('### Contract change: site 1.0.0 (git:HEAD:contracts/site.yaml) → site 1.0.0 (contracts/site.yaml)\n\nNo breaking change: every export that passed still passes.\n')
assert md.contains('| compatible | column person.person_source_value maxLength: 50 -> 100; looser | `column.max-length` | `contracts/base.yaml:7:9` |\n')
// The job summary gets the same section, once.
def summary = new File(basedir, 'step-summary.md').text
assert summary == md + '\n'
// The committed parent is untouched by the build; the work tree keeps its change.
assert new File(basedir, 'contracts/base.yaml').text.contains('maxLength: 100')
