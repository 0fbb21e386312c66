package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut into many parts reports what it reports in one piece: each part's problems are taken
 * as the part is merged, their lines moved to the file's, and a cut that falls inside a quoted
 * field (the file is checked again whole) reports nothing twice.
 */
class PartProblemsTest {

  @TempDir Path dir;

  @Test
  void manyPartsReportTheSameProblemsAsOnePiece() throws Exception {
    Path export = export(false);
    List<String> whole = problems(export, Long.MAX_VALUE / 4, 100);
    assertTrue(whole.size() > 30, whole::toString);
    for (long bytes : new long[] {1, 17, 64, 300}) {
      assertEquals(whole, problems(export, bytes, 100), "parts of " + bytes + " bytes");
    }
    // With few samples, the first ones of the file are kept, whichever part they are in.
    List<String> few = problems(export, Long.MAX_VALUE / 4, 3);
    assertEquals(few, problems(export, 64, 3));
  }

  @Test
  void aCutInsideAQuotedFieldReportsNothingTwice() throws Exception {
    Path export = export(true);
    List<String> whole = problems(export, Long.MAX_VALUE / 4, 100);
    assertTrue(whole.stream().anyMatch(p -> p.contains("value.required")), whole::toString);
    for (long bytes : new long[] {1, 17, 64, 300}) {
      assertEquals(whole, problems(export, bytes, 100), "parts of " + bytes + " bytes");
    }
  }

  /** 120 rows, every fifth with an empty required cell, every seventh not a whole number. */
  private Path export(boolean multiLine) throws Exception {
    Files.writeString(
        dir.resolve("contract.yaml"),
        """
        contract: parts-test
        version: 1.0.0
        tables:
          note:
            primaryKey: [ note_id ]
            columns:
              - { name: note_id, type: integer, required: true }
              - { name: note_text, type: text }
              - { name: person_id, type: integer, required: true }
        """);
    Path export = Files.createDirectories(dir.resolve("export"));
    StringBuilder csv = new StringBuilder("note_id,note_text,person_id\n");
    for (int i = 1; i <= 120; i++) {
      String text = multiLine && i % 11 == 0 ? "\"line one\nline two, still the field\"" : "text";
      String person = i % 5 == 0 ? "" : i % 7 == 0 ? "x" + i : String.valueOf(i);
      csv.append(i).append(',').append(text).append(',').append(person).append('\n');
    }
    Files.writeString(export.resolve("note.csv"), csv);
    return export;
  }

  private List<String> problems(Path export, long partBytes, int samples) throws Exception {
    Contract contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("contract.yaml");
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent(), partBytes)
            .verify(
                VerifyRequest.builder(contract, export)
                    .asOf(java.time.LocalDate.of(2020, 1, 1))
                    .threads(2)
                    .samples(samples)
                    .build());
    List<String> found = new ArrayList<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        found.add(file.file() + " " + rule.rule() + " " + rule.count());
        for (Problem problem : rule.samples()) {
          found.add("  " + problem.format());
        }
      }
    }
    return found;
  }
}
