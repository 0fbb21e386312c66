package org.ehrcontracts.engine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.expr.Expression;
import org.ehrcontracts.engine.expr.RowValues;
import org.ehrcontracts.engine.expr.Truth;
import org.ehrcontracts.engine.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups ({@code lookups:}, read as {@code name.value}) and references to other tables' rows. */
class LookupsAndReferencesTest {

  private static final String HEAD =
      "contract: c\nversion: 1.0.0\n"
          + "lookups:\n"
          + "  ranges:\n"
          + "    file: ranges.csv\n"
          + "    keys: [ measurement_concept_id, unit_concept_id ]\n"
          + "    values: { low: float, high: float }\n";

  private static final String TABLES =
      "tables:\n"
          + "  person:\n"
          + "    primaryKey: [ person_id ]\n"
          + "    columns:\n"
          + "      - { name: person_id, type: integer }\n"
          + "      - { name: year_of_birth, type: integer }\n"
          + "      - { name: person_source_value, type: string }\n"
          + "  measurement:\n"
          + "    columns:\n"
          + "      - { name: person_id, type: integer, references: person.person_id }\n"
          + "      - { name: measurement_concept_id, type: integer }\n"
          + "      - { name: unit_concept_id, type: integer }\n"
          + "      - { name: value_as_number, type: float }\n"
          + "      - { name: unit_source_value, type: string }\n"
          + "    checks:\n";

  @Test
  void aLookupIsLoadedOnceAndReadForTheRowsKey(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ranges.csv"),
        "measurement_concept_id,unit_concept_id,low,high,source\n"
            + "3027018,8541,20,300,synthetic\n"
            + "\n"
            + "3004501,8840,10,,synthetic\n");
    Contract contract =
        load(
            dir,
            HEAD
                + TABLES
                + "      - { id: m.range, assert: value_as_number between ranges.low and"
                + " ranges.high }\n");
    Lookup ranges = contract.lookups().get("ranges");
    assertEquals(2, ranges.table().size());
    assertEquals(List.of("low", "high"), ranges.table().valueNames());
    Expression range = contract.tables().get("measurement").checks().get(0).assertionExpression();
    assertEquals(Truth.TRUE, range.evaluate(row("1", "3027018", "8541", "72", ""), null));
    assertEquals(Truth.FALSE, range.evaluate(row("1", "3027018", "8541", "720", ""), null));
    // Not listed, or no unit: not applicable, the default.
    assertEquals(Truth.NOT_APPLICABLE, range.evaluate(row("1", "3027018", "8753", "1", ""), null));
    assertEquals(Truth.NOT_APPLICABLE, range.evaluate(row("1", "3027018", "", "1", ""), null));
    // An empty high: the upper bound is not applicable, the lower one still holds.
    assertEquals(Truth.FALSE, range.evaluate(row("1", "3004501", "8840", "5", ""), null));
    assertEquals(Truth.NOT_APPLICABLE, range.evaluate(row("1", "3004501", "8840", "50", ""), null));
  }

  @Test
  void anUnlistedKeyFailsWhenTheLookupSaysSo(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ranges.csv"),
        "measurement_concept_id,unit_concept_id,low,high\n3027018,8541,20,300\n");
    Contract contract =
        load(
            dir,
            HEAD.replace("    values:", "    unlisted: fail\n    values:")
                + TABLES
                + "      - { id: m.range, assert: value_as_number between ranges.low and"
                + " ranges.high }\n"
                + "      - { id: m.not, assert: not (value_as_number > ranges.high) }\n");
    List<Check> checks = contract.tables().get("measurement").checks();
    Expression range = checks.get(0).assertionExpression();
    assertEquals(Truth.FALSE, range.evaluate(row("1", "3027018", "8753", "1", ""), null));
    assertEquals(Truth.TRUE, range.evaluate(row("1", "3027018", "8541", "30", ""), null));
    // An empty key is still not applicable: value.required says whether it may be empty.
    assertEquals(Truth.NOT_APPLICABLE, range.evaluate(row("1", "3027018", "", "1", ""), null));
    assertEquals(
        Truth.FALSE,
        checks.get(1).assertionExpression().evaluate(row("1", "1", "2", "3", ""), null));
  }

  @Test
  void problemsOfTheLookupFileAreLocatedInIt(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ranges.csv"),
        "measurement_concept_id,unit_concept_id,low,high\n"
            + "3027018,8541,20,300\n"
            + "3027018,8541,25,250\n"
            + "3004501,mg,10,1000\n"
            + "3004501,8840,ten,1000\n"
            + "3004501,-1,10,1000\n");
    assertEquals(
        List.of(
            "ranges.csv:3:1: error: this key is listed already, at line 2; list a key once"
                + " [contract.invalid-value]",
            "ranges.csv:4:2: error: key 'unit_concept_id' must be a whole number"
                + " [contract.invalid-value]",
            "ranges.csv:5:3: error: 'low' must be a number [contract.invalid-value]",
            "ranges.csv:6:1: error: a key of two columns takes whole numbers from 0 to 4294967295"
                + " in each [contract.invalid-value]"),
        problems(dir, HEAD + TABLES + "      - { id: m.range, assert: ranges.low > 0 }\n"));
  }

  @Test
  void aMissingColumnOrFileIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ranges.csv"), "measurement_concept_id,unit_concept,low,hig\n1,2,3,4\n");
    assertEquals(
        List.of(
            "ranges.csv:1:1: error: the lookup file has no column 'unit_concept_id' in its header"
                + " (did you mean 'unit_concept'?) [contract.unknown-reference]",
            "ranges.csv:1:1: error: the lookup file has no column 'high' in its header"
                + " (did you mean 'hig'?) [contract.unknown-reference]"),
        problems(dir, HEAD + TABLES + "      - { id: m.range, assert: value_as_number > 0 }\n"));
    Files.delete(dir.resolve("ranges.csv"));
    assertEquals(
        List.of(
            "c.yaml:5:11: error: no lookup file at 'ranges.csv' (paths are relative to the"
                + " contract) [contract.not-found]"),
        problems(dir, HEAD + TABLES + "      - { id: m.range, assert: value_as_number > 0 }\n"));
  }

  @Test
  void aConceptSetFileIsFoundBesideTheContractAsALookupFileIs(@TempDir Path dir) throws Exception {
    String yaml =
        "contract: c\nversion: 1.0.0\n"
            + "conceptSets:\n"
            + "  units:\n"
            + "    file: site_units.csv\n"
            + "tables:\n"
            + "  measurement:\n"
            + "    columns:\n"
            + "      - { name: unit_concept_id, type: integer, concepts: units }\n";
    // A bare file name is a path beside the contract, not a shipped name.
    assertEquals(
        List.of(
            "c.yaml:5:11: error: no concept file at 'site_units.csv' (paths are relative to the"
                + " contract) [contract.not-found]"),
        problems(dir, yaml));
    Files.writeString(dir.resolve("site_units.csv"), "concept_id,concept_name\n8840,mg/dL\n");
    ConceptSet units = load(dir, yaml).conceptSets().get("units");
    assertTrue(units.contains(8840));
    assertFalse(units.contains(8841));
  }

  @Test
  void aDeclarationThatCannotWorkIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("ranges.csv"), "a,b\n1,2\n");
    assertEquals(
        List.of(
            "c.yaml:6:11: error: lookup 'ranges' has 3 keys; a lookup has one or two"
                + " [contract.invalid-value]",
            "c.yaml:7:30: error: value 'b' of lookup 'ranges' is 'date'; a lookup's values are"
                + " integer or float [contract.invalid-value]",
            "c.yaml:8:15: error: unlisted is one of fail, not-applicable, not 'sometimes'"
                + " [contract.invalid-value]"),
        problems(
            dir,
            "contract: c\nversion: 1.0.0\nlookups:\n  ranges:\n    file: ranges.csv\n"
                + "    keys: [ x, y, z ]\n    values: { a: integer, b: date }\n"
                + "    unlisted: sometimes\n"));
  }

  @Test
  void aCheckThatReadsAnUnknownNameSaysWhatIsKnown(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("ranges.csv"), "measurement_concept_id,unit_concept_id,low,high\n1,2,3,4\n");
    assertEquals(
        List.of(
            "c.yaml:16:9: error: check 'p.a': assert does not compile at character 1: lookup"
                + " 'ranges' is keyed by measurement_concept_id, unit_concept_id, but table"
                + " 'person' has no column 'measurement_concept_id'; its key columns must be"
                + " integer columns of the row [contract.expression]",
            "c.yaml:17:9: error: check 'p.b': assert does not compile at character 1: table"
                + " 'person' has no column that references measurement.measurement_id"
                + " (references: measurement.measurement_id), so its rows have no measurement"
                + " row to read [contract.expression]",
            "c.yaml:18:9: error: check 'p.c': assert does not compile at character 1:"
                + " 'person.year_of_birth' names the row's own table; write the column alone:"
                + " year_of_birth [contract.expression]",
            "c.yaml:26:9: error: check 'm.a': assert does not compile at character 1: lookup"
                + " 'ranges' has no value 'hgh' (did you mean 'high'?); its values are low, high"
                + " [contract.expression]",
            "c.yaml:27:9: error: check 'm.b': assert does not compile at character 1: unknown"
                + " lookup or table 'range' (did you mean 'ranges'?) [contract.expression]",
            "c.yaml:28:9: error: check 'm.c': assert does not compile at character 1: table"
                + " 'person' has no column 'year_of_brith' (did you mean 'year_of_birth'?)"
                + " [contract.expression]",
            "c.yaml:29:9: error: check 'm.d': assert does not compile at character 7: column"
                + " 'person_source_value' of table 'person' is string; a check reads integer,"
                + " float, date and datetime columns of another table [contract.expression]"),
        problems(
            dir,
            HEAD
                + "tables:\n"
                + "  person:\n"
                + "    primaryKey: [ person_id ]\n"
                + "    columns:\n"
                + "      - { name: person_id, type: integer }\n"
                + "      - { name: year_of_birth, type: integer }\n"
                + "      - { name: person_source_value, type: string }\n"
                + "    checks:\n"
                + "      - { id: p.a, assert: ranges.low > 1 }\n"
                + "      - { id: p.b, assert: measurement.value_as_number > 1 }\n"
                + "      - { id: p.c, assert: person.year_of_birth > 1 }\n"
                + "  measurement:\n"
                + "    primaryKey: [ measurement_id ]\n"
                + "    columns:\n"
                + "      - { name: measurement_id, type: integer }\n"
                + "      - { name: person_id, type: integer, references: person.person_id }\n"
                + "      - { name: value_as_number, type: float }\n"
                + "    checks:\n"
                + "      - { id: m.a, assert: ranges.hgh > 1 }\n"
                + "      - { id: m.b, assert: range.low > 1 }\n"
                + "      - { id: m.c, assert: person.year_of_brith > 1 }\n"
                + "      - { id: m.d, assert: \"'a' = person.person_source_value\" }\n"));
  }

  private static RowValues row(String... cells) {
    return index -> cells[index];
  }

  private static Contract load(Path dir, String yaml) throws Exception {
    Files.writeString(dir.resolve("c.yaml"), yaml);
    return new ContractLoader(
            new StandardContractSource(dir, LookupsAndReferencesTest.class.getClassLoader()))
        .load("c.yaml");
  }

  private static List<String> problems(Path dir, String yaml) throws Exception {
    Files.writeString(dir.resolve("c.yaml"), yaml);
    ContractLoader loader =
        new ContractLoader(
            new StandardContractSource(dir, LookupsAndReferencesTest.class.getClassLoader()));
    ContractException e = assertThrows(ContractException.class, () -> loader.load("c.yaml"));
    return e.problems().stream().map(Problem::format).toList();
  }
}
