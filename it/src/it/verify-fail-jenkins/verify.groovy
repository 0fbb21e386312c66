import groovy.json.JsonSlurper
import java.nio.file.FileSystems
import java.nio.file.Files

// The recipe, as users copy it: the code block after <!-- recipe: jenkins --> in docs/ci.md.
def doc = new File(ciRecipes).text
int mark = doc.indexOf('<!-- recipe: jenkins -->')
assert mark >= 0 : 'docs/ci.md has no Jenkins recipe'
int open = doc.indexOf('```groovy\n', mark)
assert open >= 0 && doc.substring(mark, open).trim() == '<!-- recipe: jenkins -->'
int start = open + '```groovy\n'.length()
def pipeline = doc.substring(start, doc.indexOf('\n```', start))
def quoted = { String key -> (pipeline =~ /${key}\s*:?\s*'([^']*)'/).collect { it[1] } }

// Its one sh step is this build: the same goals and flags, after "./mvnw -B".
def invoker = new Properties()
new File(basedir, 'invoker.properties').withReader { invoker.load(it) }
assert quoted('sh') == ['./mvnw -B ' + invoker.getProperty('invoker.goals')]
assert pipeline.contains('post {') && pipeline.contains('always {')
assert pipeline.contains('enabledForFailure: true')

def log = new File(basedir, 'build.log').text.readLines()
assert log.contains('[INFO] BUILD FAILURE')
assert log.contains("[ERROR] q3/visit_occurrence.csv:3:4: error: column 'visit_start_date' must be a real date written YYYY-MM-DD, found a value shaped '9999-99-99' [type.date] (contract ehr/contracts/aou-ehr-alpha.yaml:58:9)")

// Every report the recipe names, relative to WORKSPACE (this project), as Jenkins reads them.
def matching = { String pattern ->
  def matcher = FileSystems.default.getPathMatcher('glob:' + pattern)
  def root = basedir.toPath()
  def found = []
  Files.walk(root).withCloseable { paths ->
    paths.filter { Files.isRegularFile(it) && matcher.matches(root.relativize(it)) }.forEach { found << it.toFile() }
  }
  assert !found.isEmpty() : "the recipe names ${pattern}, which matches no file after the build"
  found
}

def junitFiles = quoted('testResults').collectMany { matching(it) }
assert junitFiles*.name == ['junit.xml']
// The JDK's parser: the scripts' Groovy has no groovy-xml.
def factory = javax.xml.parsers.DocumentBuilderFactory.newInstance()
factory.setFeature('http://apache.org/xml/features/disallow-doctype-decl', true)
def junit = factory.newDocumentBuilder().parse(junitFiles[0]).documentElement
assert junit.tagName == 'testsuite'
int failures = junit.getAttribute('failures') as int
assert failures > 0
assert junit.getElementsByTagName('failure').length == failures

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
