package org.ehrcontracts.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the engine free of Maven and Google Cloud, so that it runs and tests without either, and
 * free of Maven's words for its settings.
 */
class EngineBoundaryTest {

  private static final Path ENGINE = Path.of("src/main/java/org/ehrcontracts/engine");

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
