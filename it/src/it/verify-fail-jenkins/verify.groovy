import groovy.json.JsonSlurper

def ci = evaluate(new File(ciSupport))

// The recipe, as users copy it: the code block after <!-- recipe: jenkins --> in docs/ci.md.
def pipeline = ci.recipe(ciRecipes, 'jenkins', 'groovy')
def quoted = { String key -> (pipeline =~ /${key}\s*:?\s*'([^']*)'/).collect { it[1] } }

// Its one sh step is this build: the same goals and flags, after "./mvnw -B".
assert quoted('sh') == ['./mvnw -B ' + ci.goals(basedir)]
assert pipeline.contains('post {') && pipeline.contains('always {')
assert pipeline.contains('enabledForFailure: true')

def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO] BUILD FAILURE')
assert log.contains("[ERROR] q3/visit_occurrence.csv:3:4: error: column 'visit_start_date' must be a real date written YYYY-MM-DD, found a value shaped '9999-99-99' [type.date] (contract ehr/contracts/aou-ehr-alpha.yaml:58:9)")

// Every report the recipe names, relative to WORKSPACE (this project), as Jenkins reads them.
def matching = { String pattern -> ci.matching(basedir, pattern) }

def junitFiles = quoted('testResults').collectMany { matching(it) }
assert junitFiles*.name == ['junit.xml']
ci.junitFailures(junitFiles[0])

def sarifFiles = (pipeline =~ /sarif\([^)]*pattern:\s*'([^']*)'/).collect { it[1] }.collectMany { matching(it) }
assert sarifFiles*.name == ['verify.sarif']
def sarif = new JsonSlurper().parse(sarifFiles[0])
assert sarif.version == '2.1.0'
def uris = sarif.runs[0].results*.locations.flatten()*.physicalLocation*.artifactLocation*.uri.unique()
assert uris == ['exports/q3/person.csv', 'exports/q3/visit_occurrence.csv']
uris.each { assert new File(basedir, it).isFile() : "${it} is no file of the workspace" }
sarif.runs[0].results.each { r ->
  def region = r.locations[0].physicalLocation.region
  assert region.startLine >= 1
}

def html = new File(new File(basedir, quoted('reportDir')[0]), quoted('reportFiles')[0])
assert html.isFile()
assert html.text.startsWith('<!DOCTYPE html>')
assert html.text.contains("<h2 id='previous-upload'>Since the last upload (2026-06-30, folder 2026-06-30-v1, receipt receipts/q2/deploy.json)</h2>")

def archived = quoted('artifacts').collectMany { matching(it) }*.name as Set
assert archived.containsAll(['verify.json', 'verify.html', 'junit.xml', 'verify.sarif'])

assert !log.any { it.startsWith('::') }
return true
