package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deploy.DeployReceipts;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.export.Crosswalk;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.vocab.AncestorScope;
import org.ehrcontracts.engine.vocab.VocabularyLoader;
import org.ehrcontracts.engine.vocab.VocabularyRequest;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule fixture suite: every folder {@code cases/<rule-id>/<case>/} holds a {@code
 * contract.yaml}, an {@code export/} folder of CSV files, an optional {@code case.properties} and
 * the exact problem lines the verifier finds ({@code expected.txt}, empty for a passing case).
 *
 * <p>Each case runs twice: as one part per file, and with every file split at almost every line, so
 * that keys, duplicates, foreign keys, line numbers, counts and sample order are proven to be the
 * same however a large file is cut into parts.
 *
 * <p>{@code case.properties} keys: {@code asOf} (default 2020-01-01), {@code deidentified} (default
 * false), {@code samples} (default 100), {@code rules} and {@code skipRules} (comma lists, as
 * {@code -Dehr.verify.rules} and {@code -Dehr.verify.skipRules}), {@code crosswalk} (the private
 * crosswalk, relative to the case folder: a {@code .csv} file, or a folder where {@code
 * export.crosswalk.csv} is looked for, as {@code -Dehr.deid.crosswalk}), {@code previousUpload} (a
 * {@code deploy.json} receipt relative to the case folder, shown as {@code receipts/<name>}, as
 * {@code -Dehr.verify.previousUpload}).
 */
class RuleCasesTest {

  static final Path CASES = Path.of("src/test/resources/cases");

  /** Small enough that every fixture file is cut into parts of about a line each. */
  private static final long TINY_PARTS = 1;

  @TempDir static Path empty;

  @TestFactory
  Stream<DynamicNode> ruleCases() throws IOException {
    return ruleFolders().stream()
        .map(
            rule ->
                dynamicContainer(
                    rule.getFileName().toString(),
                    caseFolders(rule).stream()
                        .map(
                            folder ->
                                dynamicTest(
                                    folder.getFileName().toString(),
                                    folder.toUri(),
                                    () -> check(folder)))));
  }

  /** The rule folders of the suite, by name. */
  static List<Path> ruleFolders() throws IOException {
    try (Stream<Path> list = Files.list(CASES)) {
      return list.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static List<Path> caseFolders(Path rule) {
    try (Stream<Path> list = Files.list(rule)) {
      return list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void check(Path folder) throws Exception {
    List<String> expected = expected(folder);
    Outcome whole = run(folder, Verifier.PART_BYTES);
    assertEquals(
        String.join("\n", expected),
        String.join("\n", whole.lines()),
        () -> "problem lines of " + CASES.relativize(folder));
    if (whole.result() != null) {
      Outcome parts = run(folder, TINY_PARTS);
      assertEquals(
          summary(whole.result()),
          summary(parts.result()),
          () -> "a split run of " + CASES.relativize(folder) + " differs from a one-part run");
    }
  }

  private static List<String> expected(Path folder) throws IOException {
    Path file = folder.resolve("expected.txt");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.lines().filter(line -> !line.isEmpty()).toList();
  }

  /** What a case finds: its problem lines, and the result (null when the contract failed). */
  record Outcome(List<String> lines, VerifyResult result) {}

  /** Loads a case's contract and verifies its export with parts of about {@code partBytes}. */
  static Outcome run(Path folder, long partBytes) throws Exception {
    Properties properties = new Properties();
    Path file = folder.resolve("case.properties");
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      }
    }
    Contract contract;
    try {
      contract =
          new ContractLoader(
                  new StandardContractSource(folder, RuleCasesTest.class.getClassLoader()))
              .load("contract.yaml");
    } catch (ContractException e) {
      return new Outcome(e.problems().stream().map(Problem::format).toList(), null);
    }
    Path export = folder.resolve("export");
    if (!Files.isDirectory(export)) {
      export = Files.createDirectories(empty.resolve("export"));
    }
    VerifyRequest request =
        new VerifyRequest(
            contract,
            export,
            LocalDate.parse(properties.getProperty("asOf", "2020-01-01")),
            Boolean.parseBoolean(properties.getProperty("deidentified", "false")),
            2,
            Integer.parseInt(properties.getProperty("samples", "100")),
            words(properties.getProperty("rules", "")),
            words(properties.getProperty("skipRules", "")),
            "test",
            Optional.ofNullable(properties.getProperty("crosswalk"))
                .map(c -> Crosswalk.locate(folder.resolve(c), "export")));
    String receipt = properties.getProperty("previousUpload");
    if (receipt != null) {
      request =
          request.withPreviousUpload(
              DeployReceipts.previousUpload(folder.resolve(receipt), "receipts/" + receipt));
    }
    Path vocabulary = folder.resolve("vocabulary");
    if (Files.isDirectory(vocabulary)) {
      // A case's own small Athena download; no cache, so that the case reads its files.
      request =
          request.withVocabulary(
              new VocabularyLoader(DiagnosticsListener.silent())
                  .load(
                      new VocabularyRequest(
                          vocabulary,
                          Optional.empty(),
                          AncestorScope.of(
                              contract
                                  .vocabulary()
                                  .map(v -> v.units().keySet())
                                  .orElse(java.util.Set.of())))));
    }
    VerifyResult result = new Verifier(DiagnosticsListener.silent(), partBytes).verify(request);
    List<String> lines = new ArrayList<>();
    for (FileResult fileResult : result.files()) {
      for (RuleResult rule : fileResult.rules()) {
        for (Problem problem : rule.samples()) {
          lines.add(problem.format());
        }
      }
    }
    return new Outcome(lines, result);
  }

  /**
   * Everything a result says except timings: files, statuses, rows, counts and samples, and the
   * scorecard's counts.
   */
  private static String summary(VerifyResult result) {
    StringBuilder text = new StringBuilder();
    for (FileResult file : result.files()) {
      text.append(file.file())
          .append(' ')
          .append(file.status())
          .append(" rows=")
          .append(file.rows())
          .append(" crc=")
          .append(file.crc32c().orElse("-"))
          .append('\n');
      for (RuleResult rule : file.rules()) {
        text.append("  ")
            .append(rule.rule())
            .append(rule.check().map(c -> "#" + c).orElse(""))
            .append(' ')
            .append(rule.severity())
            .append(" x")
            .append(rule.count())
            .append(rule.thresholdHeld() ? " held" : "")
            .append('\n');
        for (Problem problem : rule.samples()) {
          text.append("    ").append(problem.format()).append('\n');
        }
      }
    }
    for (TableScores table : result.scorecard().tables()) {
      text.append(table.table()).append(" scores rows=").append(table.rows()).append('\n');
      for (Score score : table.scores()) {
        text.append("  ")
            .append(score.metric())
            .append(score.column().map(c -> " " + c).orElse(""))
            .append(' ')
            .append(score.status())
            .append(' ')
            .append(score.count())
            .append('/')
            .append(score.rows())
            .append('\n');
      }
    }
    return text.toString();
  }

  private static Set<String> words(String list) {
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(w -> !w.isEmpty())
        .collect(Collectors.toSet());
  }
}
