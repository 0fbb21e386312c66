package org.ehrcontracts.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-contract corpus: every folder {@code corpus/contracts/<case>/} holds a {@code
 * contract.yaml} (with the parents and concept files it names, or, in {@code case.properties}, the
 * name of a generator below for what is too large to keep) and its manifest {@code expected.txt}.
 *
 * <p>Loading each must find exactly the problems of its manifest, at their places in the YAML, and
 * nothing else: a contract that loads ends its manifest in {@code loads}. No exception other than
 * {@link ContractException} may escape (no parser exception, no stack overflow, no hang: the test
 * would not end), nothing may be printed to standard error, and no message may name a class, show a
 * stack frame or run longer than {@link Corpus#MAX_LINE} characters.
 */
class MalformedContractCorpusTest {

  static final Path CORPUS = Corpus.ROOT.resolve("contracts");

  @TempDir Path dir;

  static List<String> cases() throws IOException {
    return Corpus.cases(CORPUS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyItsProblemsInTheYaml(String name) throws Exception {
    Path folder = CORPUS.resolve(name);
    copy(folder, dir);
    String generator = Corpus.properties(folder).getProperty("generate");
    if (generator != null) {
      generate(generator);
    }
    List<String> found = new ArrayList<>();
    List<String> messages = new ArrayList<>();

    String stderr =
        Corpus.stderrDuring(
            () -> {
              try {
                new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
                    .load("contract.yaml");
                found.add("loads");
              } catch (ContractException e) {
                messages.add(e.getMessage());
                for (Problem problem : e.problems()) {
                  found.add(Corpus.line(problem));
                  messages.add(problem.format());
                }
              }
            });

    assertEquals(
        String.join("\n", Corpus.expected(folder)),
        String.join("\n", found),
        () -> "problems of " + name);
    assertEquals(List.of(), Corpus.traces(stderr), "what the loader printed to standard error");
    for (String message : messages) {
      Corpus.assertClean("the problem", message);
      Corpus.assertShort("the problem", message);
    }
  }

  /** Writes what the corpus does not keep (megabytes, or many small files) into the case. */
  private void generate(String generator) throws IOException {
    String head = "contract: corpus-contract\nversion: 1.0.0\n";
    switch (generator) {
      case "too-large" -> {
        // Over the 3 MB limit, in comments: the limit holds whatever the file says.
        StringBuilder text = new StringBuilder(head);
        String comment = "# " + "a generous comment ".repeat(5) + "\n";
        while (text.length() <= 3 << 20) {
          text.append(comment);
        }
        Files.writeString(dir.resolve("contract.yaml"), text, StandardCharsets.UTF_8);
      }
      case "extends-chain-too-long" -> {
        // Twenty contracts in a line, each extending the next: longer than a chain may be.
        Files.writeString(dir.resolve("contract.yaml"), head + "extends: p1.yaml\n");
        for (int i = 1; i <= 20; i++) {
          String parent = i < 20 ? "extends: p" + (i + 1) + ".yaml\n" : "";
          Files.writeString(
              dir.resolve("p" + i + ".yaml"),
              "contract: p" + i + "\nversion: 1.0.0\n" + parent,
              StandardCharsets.UTF_8);
        }
      }
      default -> throw new IllegalArgumentException("no generator " + generator);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals("expected.txt")) {
          Files.copy(source, target);
        }
      }
    }
  }
}
