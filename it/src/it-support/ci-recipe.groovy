// What the CI-recipe ITs (verify-fail-gitlab-ci, verify-fail-jenkins) check alike, as closures:
// a script gets them with `def ci = evaluate(new File(ciSupport))` (ciSupport: it/pom.xml's
// scriptVariables), so that the recipe is read, its goals compared and its reports found and
// parsed the same way for each CI system.
import java.nio.file.FileSystems
import java.nio.file.Files

[
  // The code block of `fence` ('yaml', 'groovy') right after <!-- recipe: name --> in docs/ci.md:
  // the recipe as users copy it.
  recipe: { String ciRecipes, String name, String fence ->
    def doc = new File(ciRecipes).text
    String marker = "<!-- recipe: ${name} -->"
    int mark = doc.indexOf(marker)
    assert mark >= 0 : "docs/ci.md has no ${name} recipe"
    String opening = '```' + fence + '\n'
    int open = doc.indexOf(opening, mark)
    assert open >= 0 && doc.substring(mark, open).trim() == marker
    int start = open + opening.length()
    doc.substring(start, doc.indexOf('\n```', start))
  },

  // The goals and flags the IT's build ran (invoker.properties), which the recipe must run too.
  goals: { File basedir ->
    def invoker = new Properties()
    new File(basedir, 'invoker.properties').withReader { invoker.load(it) }
    invoker.getProperty('invoker.goals')
  },

  // The files under the project that a report pattern of the recipe names, as the CI system reads
  // it relative to its checkout (a pattern ending in / is the folder's whole tree); at least one.
  matching: { File basedir, String pattern ->
    def glob = pattern.endsWith('/') ? pattern + '**' : pattern
    def matcher = FileSystems.default.getPathMatcher('glob:' + glob)
    def root = basedir.toPath()
    def found = []
    Files.walk(root).withCloseable { paths ->
      paths.filter { Files.isRegularFile(it) && matcher.matches(root.relativize(it)) }.forEach { found << it.toFile() }
    }
    assert !found.isEmpty() : "the recipe names ${pattern}, which matches no file after the build"
    found
  },

  // A JUnit report of a failed verify: one test suite whose failures are counted right; returns
  // how many. The JDK's parser: the scripts' Groovy has no groovy-xml.
  junitFailures: { File file ->
    def factory = javax.xml.parsers.DocumentBuilderFactory.newInstance()
    factory.setFeature('http://apache.org/xml/features/disallow-doctype-decl', true)
    def junit = factory.newDocumentBuilder().parse(file).documentElement
    assert junit.tagName == 'testsuite'
    int failures = junit.getAttribute('failures') as int
    assert failures > 0
    assert junit.getElementsByTagName('failure').length == failures
    failures
  },
]
