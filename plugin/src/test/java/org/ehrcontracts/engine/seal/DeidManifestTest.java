package org.ehrcontracts.engine.seal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.junit.jupiter.api.Test;

/** {@link DeidManifest}: the text of {@code .ehr-deid.json}, its round trip and its sealed part. */
class DeidManifestTest {

  private static final String DIGEST = "ab".repeat(32);
  private static final ManifestSeal SEAL =
      new ManifestSeal(ManifestSeal.ALGORITHM, "0123456789abcdef", "cd".repeat(32));
  private static final List<ManifestSeal.FileEntry> FILES =
      List.of(
          new ManifestSeal.FileEntry("visit_occurrence.csv", 12, 3456, "a1b2c3d4"),
          new ManifestSeal.FileEntry("person.csv", 34, 5867, "0a1b2c3d"));
  private static final DeidManifest MANIFEST =
      DeidManifest.of(
          ToolRef.of("0.1.0-SNAPSHOT"),
          ContractRef.of("aou-ehr-alpha", "1.0.0", DIGEST),
          "2017-12-01",
          "2026-11-27T03:02:30Z",
          FILES,
          SEAL);

  @Test
  void theTextKeepsItsMembersInTheDocumentedOrder() {
    assertEquals(
        "{\n"
            + "  \"tool\": {\n"
            + "    \"name\": \"ehr-maven-plugin\",\n"
            + "    \"version\": \"0.1.0-SNAPSHOT\"\n"
            + "  },\n"
            + "  \"contract\": {\n"
            + "    \"name\": \"aou-ehr-alpha\",\n"
            + "    \"version\": \"1.0.0\",\n"
            + "    \"sha256\": \""
            + DIGEST
            + "\"\n"
            + "  },\n"
            + "  \"asOf\": \"2017-12-01\",\n"
            + "  \"created\": \"2026-11-27T03:02:30Z\",\n"
            + "  \"files\": {\n"
            + "    \"visit_occurrence.csv\": {\n"
            + "      \"rows\": 12,\n"
            + "      \"bytes\": 3456,\n"
            + "      \"crc32c\": \"a1b2c3d4\"\n"
            + "    },\n"
            + "    \"person.csv\": {\n"
            + "      \"rows\": 34,\n"
            + "      \"bytes\": 5867,\n"
            + "      \"crc32c\": \"0a1b2c3d\"\n"
            + "    }\n"
            + "  },\n"
            + "  \"seal\": {\n"
            + "    \"algorithm\": \"HMAC-SHA256\",\n"
            + "    \"key\": \"0123456789abcdef\",\n"
            + "    \"hmac\": \""
            + "cd".repeat(32)
            + "\"\n"
            + "  }\n"
            + "}\n",
        JsonDocuments.write(MANIFEST));
  }

  @Test
  void readsBackAsTheSameManifestWithTheContentItSeals() throws JsonDocumentException {
    DeidManifest read = JsonDocuments.read(JsonDocuments.write(MANIFEST), DeidManifest.class);

    assertEquals(MANIFEST, read);
    assertEquals(List.of("visit_occurrence.csv", "person.csv"), List.copyOf(read.files().keySet()));
    assertEquals(
        Optional.of(new ManifestSeal.Content("aou-ehr-alpha", DIGEST, "2017-12-01", FILES)),
        read.sealedContent());
    assertEquals(Optional.of(SEAL), read.seal().toSeal());
  }

  @Test
  void aManifestWithPartsMissingHasNoSealedContentAndNoSeal() throws JsonDocumentException {
    DeidManifest partial =
        JsonDocuments.read(
            "{\"contract\": {\"name\": \"c\", \"sha256\": \"00\"}, \"asOf\": \"2017-12-01\","
                + " \"files\": {\"person.csv\": {\"rows\": 1, \"crc32c\": \"00000000\"}},"
                + " \"seal\": {\"algorithm\": \"HMAC-SHA256\", \"key\": \"k\"}}",
            DeidManifest.class);

    assertEquals(Optional.empty(), partial.sealedContent(), "bytes is missing");
    assertEquals(Optional.empty(), partial.seal().toSeal(), "hmac is missing");
    assertEquals(Optional.empty(), JsonDocuments.read("{}", DeidManifest.class).sealedContent());
  }

  @Test
  void aManifestOfTheWrongShapeIsRefusedSayingWhere() {
    JsonDocumentException e =
        assertThrows(
            JsonDocumentException.class,
            () ->
                JsonDocuments.read(
                    "{\"files\": {\"person.csv\": {\"rows\": \"34\"}}}", DeidManifest.class));

    assertTrue(
        e.getMessage().startsWith("files.person.csv.rows (line 1, column 35) must be a number"),
        e.getMessage());
  }
}
