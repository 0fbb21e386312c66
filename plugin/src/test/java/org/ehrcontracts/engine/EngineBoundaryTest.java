package org.ehrcontracts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the engine free of Maven and Google Cloud, so that it runs and tests without either, and
 * free of Maven's words for its settings.
 */
class EngineBoundaryTest {

  private static final Path ENGINE = Path.of("src/main/java/org/ehrcontracts/engine");
  private static final Pattern PACKAGE =
      Pattern.compile("^package (org\\.ehrcontracts\\.engine[\\w.]*);", Pattern.MULTILINE);

  /** An import of an engine class (or of a class nested in one), giving its package. */
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(org\\.ehrcontracts\\.engine(?:\\.[a-z]\\w*)*)\\.[A-Z]",
          Pattern.MULTILINE);

  @Test
  void engineImportsNeitherMavenNorGoogleCloud() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(ENGINE)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(EngineBoundaryTest::importsForbidden)
              .map(Path::toString)
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  /**
   * The engine says what to do with a typed remedy; only the Maven package knows that a setting is
   * given as {@code -Dehr....} (jib's {@code MavenHelpfulSuggestions}).
   */
  @Test
  void engineNamesNoMavenProperty() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(ENGINE)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> read(p).contains("-Dehr."))
              .map(Path::toString)
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  /**
   * The engine's packages import each other without a cycle (jib's style guide), so each can be
   * read and tested with only what is below it; the contract model holds compiled expressions, so
   * the expression language must not reach back into it.
   */
  @Test
  void enginePackagesFormNoCycle() throws IOException {
    Map<String, Set<String>> imports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ENGINE)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = read(file);
        Matcher declared = PACKAGE.matcher(text);
        if (!declared.find()) {
          continue;
        }
        String from = declared.group(1);
        Set<String> to = imports.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher imported = IMPORT.matcher(text);
        while (imported.find()) {
          if (!imported.group(1).equals(from)) {
            to.add(imported.group(1));
          }
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (String start : imports.keySet()) {
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.add(List.of(start));
      Set<String> seen = new HashSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.poll();
        for (String next : imports.getOrDefault(path.get(path.size() - 1), Set.of())) {
          if (next.equals(start)) {
            cycles.add(String.join(" -> ", path) + " -> " + start);
          } else if (seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            paths.add(longer);
          }
        }
      }
    }
    assertEquals(List.of(), cycles);
  }

  @Test
  void problemModelDependsOnNothingElseOfOurs() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(ENGINE.resolve("problem"))) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> read(p).lines().anyMatch(l -> l.startsWith("import org.ehrcontracts")))
              .map(Path::toString)
              .toList();
    }
    assertEquals(List.of(), offenders);
  }

  private static boolean importsForbidden(Path file) {
    return read(file)
        .lines()
        .anyMatch(
            line ->
                line.startsWith("import org.apache.maven")
                    || line.startsWith("import com.google.cloud")
                    || line.startsWith("import org.codehaus.plexus"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
