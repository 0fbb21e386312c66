package org.ehrcontracts.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportInventoryTest {

  @Test
  void theDeidentificationManifestIsOursNotUnknown(@TempDir Path dir) throws Exception {
    Contract alpha =
        new ContractLoader(
                new StandardContractSource(
                    Path.of("."), ExportInventoryTest.class.getClassLoader()))
            .load("aou-ehr-alpha");
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
}
