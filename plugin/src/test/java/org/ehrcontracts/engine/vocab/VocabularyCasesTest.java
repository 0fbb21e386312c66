package org.ehrcontracts.engine.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The fixture suite of the {@code vocabulary.*} rules: every folder {@code
 * vocabulary-cases/<rule-id>/<case>/} holds a {@code vocabulary/} folder (or none, for a folder
 * that does not exist), an optional {@code case.properties} ({@code ancestors}: {@code none}, the
 * default, or {@code all}) and the exact problem lines of its load ({@code expected.txt}, empty for
 * a passing case).
 *
 * <p>These rules are about loading a vocabulary, before any export is read, so their cases are not
 * verify's ({@code cases/}); {@code RuleCatalogCoverageTest} holds both suites to the same
 * standard.
 */
class VocabularyCasesTest {

  /** The suite's folder, relative to the plugin module. */
  static final Path CASES = Path.of("src/test/resources/vocabulary-cases");

  @TestFactory
  Stream<DynamicNode> vocabularyCases() throws IOException {
    return folders(CASES).stream()
        .map(
            rule ->
                dynamicContainer(
                    rule.getFileName().toString(),
                    folders(rule).stream()
                        .map(
                            folder ->
                                dynamicTest(
                                    folder.getFileName().toString(),
                                    folder.toUri(),
                                    () -> check(folder)))));
  }

  private static void check(Path folder) throws IOException {
    List<String> expected =
        Files.readString(folder.resolve("expected.txt"), StandardCharsets.UTF_8)
            .lines()
            .filter(line -> !line.isEmpty())
            .toList();
    assertEquals(
        String.join("\n", expected),
        String.join("\n", run(folder)),
        () -> "problem lines of " + CASES.relativize(folder));
  }

  /** The problem lines of a case's load, none if it loads. */
  static List<String> run(Path folder) throws IOException {
    Properties properties = new Properties();
    Path file = folder.resolve("case.properties");
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    AncestorScope scope =
        "all".equals(properties.getProperty("ancestors", "none"))
            ? AncestorScope.all()
            : AncestorScope.none();
    try {
      new VocabularyLoader(DiagnosticsListener.silent())
          .load(new VocabularyRequest(folder.resolve("vocabulary"), Optional.empty(), scope));
      return List.of();
    } catch (VocabularyException e) {
      return e.problems().stream().map(Problem::format).toList();
    }
  }

  private static List<Path> folders(Path parent) {
    try (Stream<Path> list = Files.list(parent)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
