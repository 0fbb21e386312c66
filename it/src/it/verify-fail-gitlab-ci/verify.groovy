import groovy.json.JsonSlurper
import org.yaml.snakeyaml.Yaml

def ci = evaluate(new File(ciSupport))

// The recipe, as users copy it: the code block after <!-- recipe: gitlab --> in docs/ci.md.
def job = new Yaml().load(ci.recipe(ciRecipes, 'gitlab', 'yaml'))['ehr-verify']
assert job != null : 'the recipe has no ehr-verify job'

// Its script is this build: the same goals and flags, after the image's "mvn -B".
assert job.script == ['mvn -B ' + ci.goals(basedir)]
assert job.artifacts.when == 'always'

def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO] BUILD FAILURE')
assert log.contains("[ERROR] q3/person.csv:3:15: error: column 'race_source_value' is required but empty [value.required] (contract ehr/contracts/aou-ehr-alpha.yaml:47:9)")
assert log.contains('[INFO] Comparing rows with the last upload: receipts/q2/deploy.json (folder 2026-06-30-v1, 2026-06-30)')

// Every report the recipe names, relative to CI_PROJECT_DIR (this project), as GitLab reads them.
def matching = { String pattern -> ci.matching(basedir, pattern) }
def list = { it instanceof List ? it : [it] }

def junitFiles = list(job.artifacts.reports.junit).collectMany { matching(it) }
assert junitFiles*.name == ['junit.xml']
ci.junitFailures(junitFiles[0])

def quality = list(job.artifacts.reports.codequality).collectMany { matching(it) }
assert quality*.name == ['codequality.json']
def issues = new JsonSlurper().parse(quality[0])
assert issues instanceof List && issues.size() == 5
issues.each { issue ->
  assert issue.description && issue.check_name && issue.fingerprint
  assert issue.severity in ['info', 'minor', 'major', 'critical', 'blocker']
  def file = new File(basedir, issue.location.path)
  assert file.isFile() : "${issue.location.path} is no file of the checkout"
  assert issue.location.lines.begin >= 1 && issue.location.lines.begin <= file.readLines().size()
}
assert issues.collect { "${it.location.path}:${it.location.lines.begin} ${it.check_name} ${it.severity}".toString() } == [
  'exports/q3/person.csv:3 value.required critical',
  'exports/q3/person.csv:4 key.duplicate critical',
  'exports/q3/visit_occurrence.csv:3 type.date critical',
  'exports/q3/visit_occurrence.csv:4 key.foreign critical',
  'exports/q3/visit_occurrence.csv:5 csv.unquoted critical',
]
assert issues*.fingerprint.unique().size() == issues.size()

def kept = list(job.artifacts.paths).collectMany { matching(it) }*.name as Set
assert kept.containsAll(['verify.json', 'verify.html', 'junit.xml', 'verify.sarif', 'codequality.json'])
def sarif = new JsonSlurper().parse(new File(basedir, 'target/ehr/q3/verify.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results*.locations.flatten()*.physicalLocation*.artifactLocation*.uri.unique() == ['exports/q3/person.csv', 'exports/q3/visit_occurrence.csv']

// The comparison with the receipt in receipts/, as the recipe asks for it.
def json = new JsonSlurper().parse(new File(basedir, 'target/ehr/q3/verify.json'))
assert json.previousUpload.receipt == 'receipts/q2/deploy.json'
assert json.previousUpload.tables.find { it.table == 'visit_occurrence' }.subMap(['before', 'after']) == [before: 3, after: 4]

// No GitHub output outside GitHub.
assert !log.any { it.startsWith('::') }
return true
