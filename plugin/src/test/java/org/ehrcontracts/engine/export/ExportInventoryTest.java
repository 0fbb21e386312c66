package org.ehrcontracts.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportInventoryTest {

  private static Contract alpha() throws Exception {
    return new ContractLoader(
            new StandardContractSource(Path.of("."), ExportInventoryTest.class.getClassLoader()))
        .load("aou-ehr-alpha");
  }

  @Test
  void theDeidentificationManifestIsOursNotUnknown(@TempDir Path dir) throws Exception {
    Contract alpha = alpha();
    Files.writeString(dir.resolve("person.csv"), "\"person_id\"\r\n");
    Files.writeString(dir.resolve(".ehr-deid.json"), "{}");
    Files.writeString(dir.resolve("notes.txt"), "x");

    ExportInventory inventory = ExportInventory.scan(alpha, dir);

    assertEquals(List.of(".ehr-deid.json"), inventory.tolerated());
    assertEquals(List.of("notes.txt"), inventory.unknown());
    assertEquals(
        "the contract does not know the file Person.CSV; file names are case-sensitive:"
            + " did you mean person.csv?",
        inventory.describeUnknown("Person.CSV"));
  }

  @Test
  void whatHasATableFilesNameInsteadIsSaid(@TempDir Path dir) throws Exception {
    Contract alpha = alpha();
    Files.createDirectories(dir.resolve("person.csv"));
    Files.createSymbolicLink(dir.resolve("measurement.csv"), dir.resolve("nowhere.csv"));
    Files.createDirectories(dir.resolve("2019-12-01-v1"));
    Files.writeString(dir.resolve("2019-12-01-v1/visit_occurrence.csv"), "x");

    ExportInventory inventory = ExportInventory.scan(alpha, dir);

    assertEquals(
        " (person.csv is a folder, not a file)",
        inventory.whyMissing(alpha.tables().get("person")));
    assertEquals(
        " (measurement.csv is a symbolic link to a file that does not exist)",
        inventory.whyMissing(alpha.tables().get("measurement")));
    assertEquals("", inventory.whyMissing(alpha.tables().get("drug_exposure")));
    assertEquals(
        "the contract does not know the file 2019-12-01-v1/visit_occurrence.csv;"
            + " visit_occurrence.csv is the file of table 'visit_occurrence': is the export the"
            + " folder 2019-12-01-v1?",
        inventory.describeUnknown("2019-12-01-v1/visit_occurrence.csv"));
  }

  @Test
  void aFolderThatCannotBeListedIsAnIoFailureNamingIt(@TempDir Path dir) throws Exception {
    Path locked = Files.createDirectories(dir.resolve("extracts"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assumeFalse(Files.isReadable(locked), "the folder stays readable (running as root)");
      Contract alpha = alpha();
      AccessDeniedException e =
          assertThrows(AccessDeniedException.class, () -> ExportInventory.scan(alpha, dir));
      assertEquals(locked.toString(), e.getFile());
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static String header(Contract contract, String table) {
    return String.join(
        ",",
        contract.tables().get(table).columns().stream().map(c -> "\"" + c.name() + "\"").toList());
  }

  @Test
  void aMisnamedFileWithATablesHeaderIsNamedAsThatTable(@TempDir Path dir) throws Exception {
    Contract alpha = alpha();
    Files.writeString(
        dir.resolve("condition.csv"),
        "\uFEFF" + header(alpha, "condition_occurrence") + "\r\n1\r\n");
    Files.writeString(dir.resolve("drugs.csv"), header(alpha, "drug_exposure") + "\n");
    // Every name a column, but not every required column: a partial extract, not a look-alike.
    Files.writeString(dir.resolve("visits.csv"), "\"visit_occurrence_id\"\r\n");
    // A column the table does not have.
    Files.writeString(
        dir.resolve("procedures.csv"), header(alpha, "procedure_occurrence") + ",\"extra\"\r\n");
    // No line break in what is read: no header to judge by.
    Files.writeString(
        dir.resolve("measurements.csv"), "a".repeat(ExportInventory.HEADER_BYTES + 10));

    ExportInventory inventory = ExportInventory.scan(alpha, dir);

    assertEquals(
        java.util.Map.of(
            "condition.csv", alpha.tables().get("condition_occurrence"),
            "drugs.csv", alpha.tables().get("drug_exposure")),
        inventory.lookalikes());
    assertEquals(
        "the contract does not know the file condition.csv; its header is that of table"
            + " 'condition_occurrence', whose file is missing: did you mean"
            + " condition_occurrence.csv?",
        inventory.describeUnknown("condition.csv"));
    assertEquals(
        " (condition.csv has this table's header: is it the file, misnamed?)",
        inventory.whyMissing(alpha.tables().get("condition_occurrence")));
    assertEquals(
        "the contract does not know the file visits.csv", inventory.describeUnknown("visits.csv"));
    assertEquals("", inventory.whyMissing(alpha.tables().get("procedure_occurrence")));
  }

  @Test
  void aHeaderTwoMissingTablesShareNamesNeither() throws Exception {
    Contract alpha = alpha();
    var person = alpha.tables().get("person");
    // The person table's required columns alone; a second candidate with the same columns.
    List<String> required =
        person.columns().stream().filter(c -> c.required()).map(c -> c.name()).toList();
    assertEquals(
        java.util.Optional.of(person), ExportInventory.lookalike(required, List.of(person)));
    assertEquals(
        java.util.Optional.empty(), ExportInventory.lookalike(required, List.of(person, person)));
    assertEquals(java.util.Optional.empty(), ExportInventory.lookalike(List.of(), List.of(person)));
  }
}
