package org.ehrcontracts.engine.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteKeyTest {

  @TempDir Path dir;

  private static final ManifestSeal.Content CONTENT =
      new ManifestSeal.Content(
          "aou-ehr-alpha",
          "ABCDEF0123",
          "2026-03-05",
          List.of(
              new ManifestSeal.FileEntry("visit_occurrence.csv", 110, 9000, "0a0b0c0d"),
              new ManifestSeal.FileEntry("person.csv", 10, 500, "01020304")));

  @Test
  void theFirstUseCreatesAnOwnerOnlyKeyInAnOwnerOnlyFolderAndLaterUsesReuseIt() throws Exception {
    Path folder = dir.resolve("private");
    SiteKey first = SiteKey.loadOrCreate(folder);
    Path file = folder.resolve(SiteKey.FILE_NAME);
    assertEquals(SiteKey.BYTES, Files.size(file));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(
          "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }
    byte[] bytes = Files.readAllBytes(file);
    SiteKey again = SiteKey.loadOrCreate(folder);
    assertArrayEquals(bytes, Files.readAllBytes(file), "the key is never replaced");
    assertEquals(first.id(), again.id());
    assertEquals(first.seal(CONTENT), again.seal(CONTENT));
    try (Stream<Path> left = Files.list(folder)) {
      assertEquals(List.of(file), left.toList(), "no temporary file stays");
    }
  }

  @Test
  void buildsRacingToCreateTheKeyEndUpWithOne() throws Exception {
    Path folder = dir.resolve("private");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<String> create = () -> SiteKey.loadOrCreate(folder).id();
      List<Future<String>> ids = pool.invokeAll(List.of(create, create, create, create));
      String id = SiteKey.load(folder).orElseThrow().id();
      for (Future<String> future : ids) {
        assertEquals(id, future.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSealVerifiesItsContentInAnyFileOrderAndNothingElse() throws Exception {
    SiteKey key = SiteKey.loadOrCreate(dir);
    ManifestSeal seal = key.seal(CONTENT);
    assertEquals(ManifestSeal.ALGORITHM, seal.algorithm());
    assertEquals(key.id(), seal.keyId());
    assertEquals(64, seal.value().length());
    assertEquals(SiteKey.Check.VALID, key.check(CONTENT, seal));
    ManifestSeal.Content reordered =
        new ManifestSeal.Content(
            "aou-ehr-alpha",
            "abcdef0123",
            "2026-03-05",
            List.of(CONTENT.files().get(1), CONTENT.files().get(0)));
    assertEquals(SiteKey.Check.VALID, key.check(reordered, seal));

    for (ManifestSeal.Content edited :
        List.of(
            new ManifestSeal.Content("aou-ehr-beta", "abcdef0123", "2026-03-05", CONTENT.files()),
            new ManifestSeal.Content("aou-ehr-alpha", "abcdef0124", "2026-03-05", CONTENT.files()),
            new ManifestSeal.Content("aou-ehr-alpha", "abcdef0123", "2026-03-06", CONTENT.files()),
            new ManifestSeal.Content(
                "aou-ehr-alpha", "abcdef0123", "2026-03-05", CONTENT.files().subList(0, 1)),
            new ManifestSeal.Content(
                "aou-ehr-alpha",
                "abcdef0123",
                "2026-03-05",
                List.of(
                    CONTENT.files().get(0),
                    new ManifestSeal.FileEntry("person.csv", 11, 500, "01020304"))),
            new ManifestSeal.Content(
                "aou-ehr-alpha",
                "abcdef0123",
                "2026-03-05",
                List.of(
                    CONTENT.files().get(0),
                    new ManifestSeal.FileEntry("person.csv", 10, 501, "01020304"))),
            new ManifestSeal.Content(
                "aou-ehr-alpha",
                "abcdef0123",
                "2026-03-05",
                List.of(
                    CONTENT.files().get(0),
                    new ManifestSeal.FileEntry("person.csv", 10, 500, "01020305"))),
            new ManifestSeal.Content(
                "aou-ehr-alpha",
                "abcdef0123",
                "2026-03-05",
                List.of(
                    CONTENT.files().get(0),
                    CONTENT.files().get(1),
                    new ManifestSeal.FileEntry("pii_name.csv", 1, 20, "01020305"))))) {
      assertEquals(SiteKey.Check.ALTERED, key.check(edited, seal), edited.toString());
    }
    ManifestSeal forged =
        new ManifestSeal(seal.algorithm(), seal.keyId(), "0".repeat(seal.value().length()));
    assertEquals(SiteKey.Check.ALTERED, key.check(CONTENT, forged));
    assertEquals(
        SiteKey.Check.UNKNOWN_ALGORITHM,
        key.check(CONTENT, new ManifestSeal("SHA-256", seal.keyId(), seal.value())));
  }

  @Test
  void fieldsCannotPoseAsOtherFields() throws Exception {
    SiteKey key = SiteKey.loadOrCreate(dir);
    ManifestSeal.Content a =
        new ManifestSeal.Content(
            "a", "b", "c", List.of(new ManifestSeal.FileEntry("d", 1, 2, "e")));
    ManifestSeal.Content b =
        new ManifestSeal.Content(
            "ab", "", "c", List.of(new ManifestSeal.FileEntry("d", 1, 2, "e")));
    assertNotEquals(key.seal(a).value(), key.seal(b).value());
  }

  @Test
  void anotherFoldersKeyIsAnotherKey() throws Exception {
    SiteKey here = SiteKey.loadOrCreate(dir.resolve("a"));
    SiteKey there = SiteKey.loadOrCreate(dir.resolve("b"));
    assertNotEquals(here.id(), there.id());
    assertEquals(SiteKey.Check.OTHER_KEY, there.check(CONTENT, here.seal(CONTENT)));
    ManifestSeal posing =
        new ManifestSeal(ManifestSeal.ALGORITHM, there.id(), here.seal(CONTENT).value());
    assertEquals(SiteKey.Check.ALTERED, there.check(CONTENT, posing));
  }

  @Test
  void noKeyIsEmptyAndAFileOfAnotherSizeIsNotAKey() throws Exception {
    assertTrue(SiteKey.load(dir).isEmpty());
    Files.write(dir.resolve(SiteKey.FILE_NAME), new byte[5]);
    IOException e = assertThrows(IOException.class, () -> SiteKey.load(dir));
    assertTrue(e.getMessage().contains("not a seal key"), e.getMessage());
    assertThrows(IOException.class, () -> SiteKey.loadOrCreate(dir));
    assertEquals(5, Files.size(dir.resolve(SiteKey.FILE_NAME)), "a bad key is not replaced");
  }

  @Test
  void neitherTheKeyNorTheHmacIsShown() throws Exception {
    SiteKey key = SiteKey.loadOrCreate(dir);
    String hex = HexFormat.of().formatHex(Files.readAllBytes(dir.resolve(SiteKey.FILE_NAME)));
    ManifestSeal seal = key.seal(CONTENT);
    assertFalse(key.toString().contains(hex));
    assertFalse(seal.toString().contains(seal.value()));
    assertFalse(key.id().contains(hex.substring(0, 16)));
  }

  @Test
  void theKeyOfACrosswalkIsInItsFolder() {
    assertEquals(
        dir.resolve("private").toAbsolutePath(),
        SiteKey.directoryOf(dir.resolve("private/export.crosswalk.csv")));
  }
}
