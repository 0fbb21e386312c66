package org.ehrcontracts.corpus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;

/**
 * What the two malformed-input corpora share: where they are, how a case's manifest reads, the
 * planted markers, and the checks that nothing the user sees leaks a marker or a stack trace.
 *
 * <p>A case's manifest is its {@code expected.txt}: {@code #} lines say what the case is, every
 * other line is one expected problem as {@code file:line:column: severity [rule]} (the console line
 * without its message), in the order the engine reports them, then any outcome lines the corpus
 * defines ({@code deidentify: ...}, {@code fails: ...}).
 */
final class Corpus {

  /** The corpora, under the test resources. */
  static final Path ROOT = Path.of("src/test/resources/org/ehrcontracts/corpus");

  /**
   * Every cell of the corpora that stands for health data (an address, a lab's text, a name) holds
   * a marker that starts so; none may reach a message, a report or de-identified output.
   */
  static final String MARKER = "ZQX";

  /** Original person ids of the export corpus are 91000xx; none may leave in words or in output. */
  static final Pattern ORIGINAL_ID = Pattern.compile("(?<![0-9])91000[0-9]{2}(?![0-9])");

  /**
   * What a message must not hold: an exception's name, a stack frame, or a class of the engine, the
   * JDK or a library it uses (a contract's own words, such as a tag it names, are its own).
   */
  private static final Pattern INTERNALS =
      Pattern.compile(
          "Exception|Error:|\\.java:\\d+\\)|\\b(org\\.(ehrcontracts|yaml|snakeyaml|apache)"
              + "|java\\.(lang|io|nio|util)|sun|com\\.(google|fasterxml|carrotsearch))\\.");

  /** No console line may be longer: a long header name or cell is cut, not echoed. */
  static final int MAX_LINE = 1_000;

  private Corpus() {}

  /** The case folders of a corpus, by name. */
  static List<String> cases(Path corpus) throws IOException {
    try (Stream<Path> list = Files.list(corpus)) {
      return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * A case's manifest lines, without its {@code #} comments; it must have one, saying what it is.
   */
  static List<String> expected(Path folder) throws IOException {
    List<String> lines =
        Files.readString(folder.resolve("expected.txt"), StandardCharsets.UTF_8).lines().toList();
    assertTrue(
        lines.stream().anyMatch(line -> line.startsWith("# ")),
        () -> folder + ": expected.txt says in a # line what the case is");
    return lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  /** A case's {@code case.properties}, empty when it has none. */
  static Properties properties(Path folder) throws IOException {
    Properties properties = new Properties();
    Path file = folder.resolve("case.properties");
    if (Files.exists(file)) {
      try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    return properties;
  }

  /** A problem as a manifest line: where, how serious and which rule, without the message. */
  static String line(Problem problem) {
    return problem.at() + ": " + problem.severity().label() + " [" + problem.rule() + "]";
  }

  /** Fails when a text the user sees holds a marker, an original id or the engine's internals. */
  static void assertClean(String what, String text) {
    assertFalse(text.contains(MARKER), () -> what + " shows a planted marker");
    assertFalse(ORIGINAL_ID.matcher(text).find(), () -> what + " shows an original person id");
    assertFalse(
        INTERNALS.matcher(text).find(),
        () -> what + " shows a class name or stack trace: " + cut(text));
  }

  /** Fails when a console line is longer than {@link #MAX_LINE}. */
  static void assertShort(String what, String line) {
    assertTrue(
        line.length() <= MAX_LINE,
        () -> what + " has a line of " + line.length() + " characters: " + cut(line));
  }

  private static String cut(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** What the engine told a listener, as lines. */
  static final class Recorder implements DiagnosticsListener {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void problem(Problem problem) {
      lines.add(problem.format());
    }

    @Override
    public synchronized void progress(String message) {
      lines.add(message);
    }

    @Override
    public synchronized void debug(Supplier<String> message) {
      lines.add(message.get());
    }
  }

  /**
   * The lines of standard error that belong to an exception or a stack trace (a worker thread that
   * died); the rest there is the fuzzing agent's instrumentation notes.
   */
  static List<String> traces(String stderr) {
    return stderr
        .lines()
        .filter(l -> !l.startsWith("INFO: Instrumented "))
        .filter(l -> l.contains("Exception") || l.contains("Error") || l.startsWith("\tat "))
        .toList();
  }

  /** Work that may throw anything. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} with what the JVM prints to standard error captured (an uncaught exception on
   * a worker thread prints there), and returns that text; the work's own exception passes through.
   */
  static String stderrDuring(Work work) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(tee);
      work.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
