package org.ehrcontracts.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.DeidException;
import org.ehrcontracts.engine.deid.DeidReport;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.DeidResult;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.deid.InputRejectedException;
import org.ehrcontracts.engine.deid.OutputRejectedException;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.report.ConsoleReport;
import org.ehrcontracts.engine.report.GithubActions;
import org.ehrcontracts.engine.report.HtmlReportWriter;
import org.ehrcontracts.engine.report.JsonReportWriter;
import org.ehrcontracts.engine.report.JunitReportWriter;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-export corpus: every folder {@code corpus/exports/<case>/} holds an {@code export/}
 * folder (or, in {@code case.properties}, the name of a generator below for what git cannot hold:
 * links, a 1 MB header name, a line longer than a part, an unreadable file) and its manifest {@code
 * expected.txt}. Each is verified against the corpus contract {@code corpus/exports/contract.yaml},
 * then de-identified with {@code force}, as {@code -Dehr.deid.force} does.
 *
 * <p>Each case must find exactly the problems of its manifest, at their places, and end with the
 * manifest's {@code deidentify:} outcome: {@code written} (forced through; the output holds no
 * planted marker and no original person id) or {@code refused <reason>} (a {@link DeidException},
 * nothing written). No exception other than those may escape, nothing may be printed to standard
 * error, no message, report or log line may hold a marker, an original id, a class name or a line
 * over {@link Corpus#MAX_LINE} characters, and the input must be byte for byte as it was.
 *
 * <p>A manifest may instead end in {@code fails: <exception>} for input that cannot be read at all
 * (an I/O failure the goals report as such); the same rules apply to its message.
 */
class MalformedExportCorpusTest {

  static final Path CORPUS = Corpus.ROOT.resolve("exports");

  /** The run's reference date: later dates are in the future, ages are taken on it. */
  private static final LocalDate AS_OF = LocalDate.of(2020, 1, 1);

  private static final String PERSON_HEADER =
      "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,person_source_value";
  private static final String PERSON_ROWS =
      "9100001,8507,1961,4,12,ZQXaddrone\n9100002,8532,1975,11,3,ZQXaddrtwo\n";

  private static Contract contract;

  @TempDir Path dir;

  @BeforeAll
  static void loadContract() throws Exception {
    contract =
        new ContractLoader(
                new StandardContractSource(
                    CORPUS, MalformedExportCorpusTest.class.getClassLoader()))
            .load("contract.yaml");
  }

  static List<String> cases() throws IOException {
    return Corpus.cases(CORPUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyItsProblemsAndLeaksNothing(String name) throws Exception {
    Path folder = CORPUS.resolve(name);
    Path export = dir.resolve("in/export");
    copy(folder.resolve("export"), export);
    Properties properties = Corpus.properties(folder);
    String generator = properties.getProperty("generate");
    if (generator != null) {
      generate(generator, export);
    }
    Map<String, String> before = digests(export);
    List<String> found = new ArrayList<>();
    Corpus.Recorder log = new Corpus.Recorder();

    String stderr =
        Corpus.stderrDuring(
            () -> {
              VerifyResult result;
              try {
                result = new Verifier(log).verify(request(export));
              } catch (IOException e) {
                found.add("fails: " + e.getClass().getSimpleName());
                Corpus.assertClean("the I/O failure's message", String.valueOf(e.getMessage()));
                return;
              }
              for (FileResult file : result.files()) {
                for (RuleResult rule : file.rules()) {
                  for (Problem problem : rule.samples()) {
                    found.add(Corpus.line(problem));
                  }
                }
              }
              assertReportsClean(result);
              found.add(deidentify(export, log));
            });

    assertEquals(
        String.join("\n", Corpus.expected(folder)),
        String.join("\n", found),
        () -> "problems and outcome of " + name);
    assertEquals(List.of(), Corpus.traces(stderr), "what a thread printed to standard error");
    for (String line : log.lines) {
      Corpus.assertClean("the log line", line);
      Corpus.assertShort("the log", line);
    }
    assertEquals(before, digests(export), "the input is never modified");
  }

  private static VerifyRequest request(Path export) {
    return new VerifyRequest(contract, export, AS_OF, false, 2, 100, Set.of(), Set.of(), "test");
  }

  /** Every report of a verification: none shows a marker, an id, internals or a long line. */
  private static void assertReportsClean(VerifyResult result) {
    for (ConsoleReport.Line line : ConsoleReport.render(result, 100)) {
      Corpus.assertClean("the console report", line.text());
      Corpus.assertShort("the console report", line.text());
    }
    for (String annotation : GithubActions.annotations(result, 100)) {
      Corpus.assertClean("a GitHub annotation", annotation);
      Corpus.assertShort("the GitHub annotations", annotation);
    }
    Corpus.assertClean("the GitHub summary", GithubActions.summaryMarkdown(result));
    Corpus.assertClean("verify.json", JsonReportWriter.render(result));
    Corpus.assertClean("verify.html", HtmlReportWriter.render(result));
    Corpus.assertClean("junit.xml", JunitReportWriter.render(result));
  }

  /**
   * De-identifies the export with force, and says how it ended: {@code written}, or {@code refused}
   * and why. Written output holds no marker and no original id; a refusal writes nothing.
   */
  private String deidentify(Path export, Corpus.Recorder log) throws Exception {
    Path output = dir.resolve("out/export");
    DeidRequest request =
        DeidRequest.of(contract, export, output, dir.resolve("private/crosswalk.csv"))
            .withAsOf(AS_OF)
            .withForce(true);
    DeidResult result;
    try {
      result = new Deidentifier(log).deidentify(request);
    } catch (DeidException e) {
      Corpus.assertClean("the refusal", e.getMessage());
      assertFalse(Files.exists(output), "a refused run writes no output");
      if (e instanceof InputRejectedException) {
        throw new AssertionError("a forced run is never refused for its input's errors", e);
      }
      String detail = e instanceof OutputRejectedException o ? " " + o.rules() : "";
      return "deidentify: refused " + e.reason() + detail;
    }
    for (String line : DeidReport.console(result)) {
      Corpus.assertClean("the deidentify console report", line);
      Corpus.assertShort("the deidentify console report", line);
    }
    Corpus.assertClean("deid.json", DeidReport.json(result));
    Corpus.assertClean("deid.html", DeidReport.html(result));
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(Corpus.MARKER), () -> file.getFileName() + " holds a marker");
        assertFalse(
            Corpus.ORIGINAL_ID.matcher(text).find(),
            () -> file.getFileName() + " holds an original person id");
      }
    }
    return "deidentify: written";
  }

  /**
   * Builds what git cannot hold (or should not: megabytes) into a case's export.
   *
   * @param generator the {@code generate} value of the case's {@code case.properties}
   */
  private void generate(String generator, Path export) throws IOException {
    Path person = export.resolve("person.csv");
    switch (generator) {
      case "symlinked-file" -> {
        Path elsewhere = dir.resolve("elsewhere/person.csv");
        Files.createDirectories(elsewhere.getParent());
        Files.writeString(elsewhere, PERSON_HEADER + "\n" + PERSON_ROWS, StandardCharsets.UTF_8);
        Files.createSymbolicLink(person, elsewhere);
      }
      case "dangling-symlink" -> Files.createSymbolicLink(person, dir.resolve("nowhere.csv"));
      case "unreadable-file" -> {
        Files.writeString(person, PERSON_HEADER + "\n" + PERSON_ROWS, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(person, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(person), "the file stays readable (running as root)");
      }
      case "unreadable-folder" -> {
        Files.writeString(person, PERSON_HEADER + "\n" + PERSON_ROWS, StandardCharsets.UTF_8);
        Path folder = Files.createDirectories(export.resolve("extracts"));
        Files.writeString(folder.resolve("notes.csv"), "ZQXnote\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(folder), "the folder stays readable (running as root)");
      }
      case "long-header-name" -> {
        // A header name of 1 MB: shown as its length, never echoed.
        String name = Corpus.MARKER + "a".repeat(1 << 20);
        Files.writeString(
            person,
            PERSON_HEADER + "," + name + "\n" + PERSON_ROWS.replace("\n", ",1\n"),
            StandardCharsets.UTF_8);
      }
      case "huge-line" -> {
        // One cell of 20 MB, longer than a part of a split file (16 MB).
        String cell = Corpus.MARKER + "b".repeat(20 << 20);
        Files.writeString(
            person,
            PERSON_HEADER + "\n9100001,8507,1961,4,12," + cell + "\n" + PERSON_ROWS.substring(35),
            StandardCharsets.UTF_8);
      }
      default -> throw new IllegalArgumentException("no generator " + generator);
    }
  }

  /** Copies a case's export folder, which may be absent (generated cases). */
  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /**
   * Every entry of a folder with its content's digest, a link's target, or that it is unreadable.
   */
  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
            digests.put(root.relativize(path).toString(), "folder");
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path path, BasicFileAttributes attributes)
              throws IOException {
            String key = root.relativize(path).toString();
            if (attributes.isSymbolicLink()) {
              digests.put(key, "-> " + Files.readSymbolicLink(path));
            } else if (!Files.isReadable(path)) {
              digests.put(key, "unreadable");
            } else {
              digests.put(key, HexFormat.of().formatHex(sha256(Files.readAllBytes(path))));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path path, IOException e) {
            digests.put(root.relativize(path).toString(), "unreadable");
            return FileVisitResult.CONTINUE;
          }
        });
    return digests;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
