package org.ehrcontracts.engine.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.contract.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderMatchTest {

  static Table plain;
  static Table jagged;

  @BeforeAll
  static void load(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("contract.yaml"),
        """
        contract: header-match
        version: 1.0.0
        tables:
          plain:
            file: plain.csv
            columns:
              - { name: a, type: integer, required: true }
              - { name: b, type: integer }
              - { name: c, type: integer }
          ragged:
            file: ragged.csv
            jaggedRows: true
            columns:
              - { name: a, type: integer, required: true }
              - { name: b, type: integer }
              - { name: c, type: integer }
              - { name: d, type: integer }
        """);
    var contract =
        new ContractLoader(
                new StandardContractSource(folder, HeaderMatchTest.class.getClassLoader()))
            .load("contract.yaml");
    plain = contract.table("plain").orElseThrow();
    jagged = contract.table("ragged").orElseThrow();
  }

  @Test
  void anExactHeaderMapsByName() {
    HeaderMatch match = HeaderMatch.of(plain, List.of("a", "b", "c"), true);
    assertTrue(match.exact());
    assertArrayEquals(new int[] {0, 1, 2}, match.fieldOf());
  }

  @Test
  void misfitsAreEachFound() {
    HeaderMatch match = HeaderMatch.of(plain, List.of("b", "a", "x", "b"), true);
    assertFalse(match.exact());
    assertEquals(List.of(3), match.duplicates());
    assertEquals(1, match.firstPosition("a"));
    assertEquals(List.of(2), match.unknown());
    assertEquals(List.of(2), match.missing(), "column c");
    assertEquals(0, match.outOfOrder());
    assertArrayEquals(new int[] {1, 0, -1}, match.fieldOf());
    assertEquals(-1, HeaderMatch.of(plain, List.of("b", "a", "c"), false).outOfOrder());
  }

  @Test
  void aJaggedTableMayLeaveOutOnlyTrailingOptionalColumns() {
    assertTrue(HeaderMatch.of(jagged, List.of("a", "b"), true).exact());
    HeaderMatch middle = HeaderMatch.of(jagged, List.of("a", "c"), true);
    assertEquals(List.of(1), middle.missing(), "b is not trailing");
    assertEquals(1, middle.outOfOrder());
    assertEquals(
        List.of(), HeaderMatch.of(jagged, List.of("a", "x"), true).missing(), "b..d trail");
    assertEquals(List.of(0), HeaderMatch.of(jagged, List.of("b"), true).missing(), "a is required");
  }

  @Test
  void dataOnLineOneNamesNoColumn() {
    HeaderMatch match = HeaderMatch.of(plain, List.of("12", "1 Main St", "1970-01-01"), true);
    assertTrue(match.namesNoColumn());
    assertEquals(List.of(0, 1, 2), match.missing());
    assertFalse(match.toString().contains("Main"), "no header cell in its text");
  }
}
