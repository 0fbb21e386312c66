package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ehrcontracts.engine.seal.ManifestSeal;
import org.ehrcontracts.engine.seal.SiteKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's seal: made with the site key beside the crosswalk, over what was written. */
class DeidentifierSealTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void theManifestIsSealedWithTheKeyBesideTheCrosswalk() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n", "100002,1960,1,2,,\n");
    f.visits("1,100001,2017-01-05,,a\n");
    f.run(AS_OF);

    Path keyFile = f.crosswalk.getParent().resolve(SiteKey.FILE_NAME);
    assertTrue(Files.isRegularFile(keyFile), "the key sits beside the crosswalk");
    assertFalse(f.outTree().stream().anyMatch(p -> p.contains(SiteKey.FILE_NAME)));
    SiteKey key = SiteKey.load(f.crosswalk.getParent()).orElseThrow();

    // Read untyped, not as DeidManifest, so that the seal is checked against the text itself.
    Map<?, ?> manifest =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readValue(f.out(Deidentifier.MANIFEST), Map.class);
    Map<?, ?> seal = (Map<?, ?>) manifest.get("seal");
    assertEquals(List.of("algorithm", "key", "hmac"), new ArrayList<>(seal.keySet()));
    assertEquals("HMAC-SHA256", seal.get("algorithm"));
    assertEquals(key.id(), seal.get("key"));
    assertEquals(
        SiteKey.Check.VALID,
        key.check(content(manifest), new ManifestSeal("HMAC-SHA256", key.id(), hmac(seal))));
    String keyHex = HexFormat.of().formatHex(Files.readAllBytes(keyFile));
    assertFalse(f.out(Deidentifier.MANIFEST).contains(keyHex), "the key is not in the output");
  }

  @Test
  void aRerunReusesTheKey() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    f.run(AS_OF);
    Path keyFile = f.crosswalk.getParent().resolve(SiteKey.FILE_NAME);
    byte[] key = Files.readAllBytes(keyFile);
    f.run(AS_OF);
    assertArrayEquals(key, Files.readAllBytes(keyFile));
  }

  private static String hmac(Map<?, ?> seal) {
    return (String) seal.get("hmac");
  }

  private static ManifestSeal.Content content(Map<?, ?> manifest) {
    Map<?, ?> contract = (Map<?, ?>) manifest.get("contract");
    List<ManifestSeal.FileEntry> files = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) manifest.get("files")).entrySet()) {
      Map<?, ?> file = (Map<?, ?>) e.getValue();
      files.add(
          new ManifestSeal.FileEntry(
              (String) e.getKey(),
              (Long) file.get("rows"),
              (Long) file.get("bytes"),
              (String) file.get("crc32c")));
    }
    return new ManifestSeal.Content(
        (String) contract.get("name"),
        (String) contract.get("sha256"),
        (String) manifest.get("asOf"),
        files);
  }
}
