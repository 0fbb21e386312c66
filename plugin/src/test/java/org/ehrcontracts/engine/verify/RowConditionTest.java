package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.csv.CsvIssue;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.csv.CsvScanner;
import org.ehrcontracts.engine.csv.RecordHandler;
import org.ehrcontracts.engine.problem.Location;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier's fast condition answers as the contract's, which de-identification uses. */
class RowConditionTest {

  /** Cells as written between the quotes of a field: doubled quotes stand for one. */
  private static final String[] CELLS = {
    "56",
    " 56",
    "56 ",
    "\t56",
    "+56",
    "-56",
    "056",
    "5 6",
    "56.0",
    "5e1",
    "",
    "  ",
    "1147314",
    "Person",
    "person",
    " person",
    "P\u00e9rson",
    "Person\u2003",
    "\"\"Person\"\"",
    "x\"\"y",
    "99999999999999999999",
    "-9223372036854775807",
  };

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theFastPathAgreesWithTheContractsCondition(boolean numeric) throws IOException {
    ForeignKey.Condition condition =
        new ForeignKey.Condition(
            "domain",
            numeric ? List.of("56", "1147314") : List.of("Person", "\"Person\""),
            numeric,
            Location.of("c.yaml", 1, 1));
    RowCondition fast = new RowCondition(1, condition);
    StringBuilder csv = new StringBuilder();
    for (String cell : CELLS) {
      csv.append("\"1\",\"").append(cell).append("\"\r\n");
    }
    List<Boolean> held = new ArrayList<>();
    List<Boolean> matched = new ArrayList<>();
    int[] fieldOf = {0, 1};
    new CsvScanner(Dialect.DEFAULT)
        .scan(
            csv.toString().getBytes(StandardCharsets.UTF_8),
            new RecordHandler() {
              @Override
              public void record(CsvRecord record) {
                held.add(fast.holds(record, fieldOf));
                matched.add(!record.isEmpty(1) && condition.matches(record.text(1)));
              }

              @Override
              public void issue(CsvIssue issue, long line, int field) {}
            });
    assertEquals(CELLS.length, held.size());
    assertEquals(matched, held);
    assertEquals(numeric ? 7 : 3, held.stream().filter(b -> b).count(), "cells that hold");
  }
}
