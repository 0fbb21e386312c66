package org.ehrcontracts.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.problem.Rule;
import org.junit.jupiter.api.Test;

/**
 * Keeps rule ids, their documentation and their fixture cases together: every {@link Rule} has a
 * section in {@code docs/rules.md} with its default severity and an example line, every id but
 * {@code contract.*} has a fixture case in which it fires, every fixture folder is a rule id, and
 * every problem line the documentation quotes is one the plugin prints (in a fixture's {@code
 * expected.txt} or an invoker IT's {@code verify.groovy}), and every case it names exists.
 *
 * <p>The {@code vocabulary.*} rules are about loading a vocabulary, not about an export, so their
 * cases are a suite of their own ({@code vocabulary-cases/}, run by {@code VocabularyCasesTest});
 * every other rule's cases are verify's ({@code cases/}, run by {@code RuleCasesTest}).
 */
class RuleCatalogCoverageTest {

  private static final Path DOC = Path.of("../docs/rules.md");
  private static final Path CASES = Path.of("src/test/resources/cases");
  private static final Path VOCABULARY_CASES = Path.of("src/test/resources/vocabulary-cases");
  private static final Path ITS = Path.of("../it/src/it");

  /** A problem line: {@code file[:line[:column]]: severity: message [rule.id]...}. */
  private static final Pattern PROBLEM_LINE =
      Pattern.compile("^\\S+?(:\\d+){0,2}: (error|warning|info): .* \\[([a-z0-9.-]+)\\].*$");

  @Test
  void everyRuleHasADocumentedSection() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      String section = section(doc, rule.docAnchor());
      if (section == null) {
        problems.add(rule.id() + ": no section <a id=\"" + rule.docAnchor() + "\"></a>");
        continue;
      }
      if (!section.contains("### " + rule.id() + "\n")) {
        problems.add(rule.id() + ": the section has no heading '### " + rule.id() + "'");
      }
      if (!section.contains("**Default severity:** " + rule.defaultSeverity().label())) {
        problems.add(rule.id() + ": the section does not give its default severity");
      }
      if (!section.contains("[" + rule.id() + "]")) {
        problems.add(rule.id() + ": the section quotes no problem line of the rule");
      }
      if (!section.contains("**Fix:**")) {
        problems.add(rule.id() + ": the section does not say how to fix it");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyDataRuleHasAFailingFixtureCase() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String id : RuleCatalog.all().keySet()) {
      if (id.startsWith("contract.")) {
        continue;
      }
      Path folder = casesOf(id).resolve(id);
      if (!Files.isDirectory(folder)) {
        problems.add(id + ": no folder " + folder);
        continue;
      }
      if (expectedLines(folder).noneMatch(line -> line.contains("[" + id + "]"))) {
        problems.add(id + ": no case of " + folder + " expects a problem of the rule");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyFixtureFolderIsARuleId() throws IOException {
    List<String> misplaced = new ArrayList<>();
    for (Path cases : List.of(CASES, VOCABULARY_CASES)) {
      try (Stream<Path> folders = Files.list(cases)) {
        folders
            .filter(Files::isDirectory)
            .map(f -> f.getFileName().toString())
            .filter(name -> !RuleCatalog.isKnown(name) || !casesOf(name).equals(cases))
            .map(name -> cases.resolve(name).toString())
            .forEach(misplaced::add);
      }
    }
    assertEquals(List.of(), misplaced);
  }

  @Test
  void everyQuotedProblemLineIsOneThePluginPrints() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    List<String> printed;
    try (Stream<String> lines = expectedLines(CASES);
        Stream<String> vocabulary = expectedLines(VOCABULARY_CASES)) {
      printed = Stream.concat(lines, vocabulary).toList();
    }
    StringBuilder its = new StringBuilder();
    try (Stream<Path> scripts = Files.walk(ITS)) {
      for (Path script : scripts.filter(p -> p.endsWith("verify.groovy")).toList()) {
        its.append(Files.readString(script, StandardCharsets.UTF_8));
      }
    }
    List<String> unknown = new ArrayList<>();
    int quoted = 0;
    for (String line : codeLines(doc, "text")) {
      Matcher matcher = PROBLEM_LINE.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      quoted++;
      if (!printed.contains(line) && !its.toString().contains(line)) {
        unknown.add(line);
      }
    }
    assertEquals(List.of(), unknown, "problem lines in docs/rules.md that no case prints");
    assertEquals(true, quoted > RuleCatalog.all().size(), "docs/rules.md quotes too few lines");
  }

  @Test
  void everyCaseTheDocumentationNamesExists() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Matcher named = Pattern.compile("`([a-z]+\\.[a-z0-9-]+/[a-z0-9-]+)`").matcher(doc);
    List<String> missing = new ArrayList<>();
    while (named.find()) {
      if (!Files.isDirectory(casesOf(named.group(1)).resolve(named.group(1)))) {
        missing.add(named.group(1));
      }
    }
    assertEquals(List.of(), missing);
  }

  /** The suite of a rule's cases (or of a case named {@code rule-id/case}). */
  private static Path casesOf(String id) {
    return id.startsWith("vocabulary.") ? VOCABULARY_CASES : CASES;
  }

  /** The text from a rule's anchor to the next anchor, or null. */
  private static String section(String doc, String id) {
    String anchor = "<a id=\"" + id + "\"></a>";
    int start = doc.indexOf(anchor);
    if (start < 0) {
      return null;
    }
    int end = doc.indexOf("<a id=\"", start + anchor.length());
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  /** The lines of the fenced code blocks of a language. */
  private static List<String> codeLines(String doc, String language) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : doc.split("\n", -1)) {
      if (line.startsWith("```")) {
        inside = !inside && line.equals("```" + language);
        continue;
      }
      if (inside) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Every expected problem line under a folder of cases. */
  private static Stream<String> expectedLines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(p -> p.endsWith("expected.txt")).toList()) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines.stream();
  }
}
