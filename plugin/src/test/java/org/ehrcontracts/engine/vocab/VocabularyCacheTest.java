package org.ehrcontracts.engine.vocab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary cache: hits, what makes an entry stale, and that a bad cache never fails a load. */
class VocabularyCacheTest {

  @TempDir Path dir;
  private Path folder;
  private Path cache;
  private final List<String> progress = new ArrayList<>();
  private final List<String> debug = new ArrayList<>();

  @BeforeEach
  void vocabulary() throws IOException {
    folder = AthenaFolder.full(dir.resolve("vocabulary"));
    cache = dir.resolve("cache");
  }

  private Vocabulary load() throws VocabularyException {
    return load(AncestorScope.none());
  }

  private Vocabulary load(AncestorScope scope) throws VocabularyException {
    progress.clear();
    debug.clear();
    return new VocabularyLoader(Recording.both(progress, debug))
        .load(new VocabularyRequest(folder, Optional.of(cache), scope));
  }

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.sorted().toList();
    }
  }

  @Test
  void theSecondLoadReadsTheCacheAndAnswersTheSame() throws Exception {
    Vocabulary first = load(AncestorScope.all());
    assertFalse(first.fromCache());
    assertTrue(progress.get(0).contains(" read from its files and cached in "), progress.get(0));
    assertEquals(1, cacheFiles().size());
    assertTrue(
        cacheFiles().get(0).getFileName().toString().matches("vocabulary-[0-9a-f]{16}\\.bin"));

    Vocabulary second = load(AncestorScope.all());
    assertTrue(second.fromCache());
    assertEquals(
        "vocabulary/: release v5.0 27-FEB-25, 15 concepts with Maps to, read from the" + " cache",
        progress.get(0).replaceAll(" in [0-9.]+ s$", ""));
    assertSameIndex(first, second);
    assertEquals(first.files(), second.files());
    assertEquals("v5.0 27-FEB-25", second.release());
    assertTrue(second.isDescendant(21601855, 1551860));
    assertArrayEquals(first.descendants(21601855), second.descendants(21601855));
    assertTrue(second.mapsToSeveralAt(second.indexOf(1567956)));
    assertEquals(first.footprintBytes(), second.footprintBytes());
  }

  static void assertSameIndex(Vocabulary expected, Vocabulary actual) {
    Vocabulary.Parts a = expected.parts();
    Vocabulary.Parts b = actual.parts();
    assertArrayEquals(a.ids(), b.ids());
    assertArrayEquals(a.flags(), b.flags());
    assertArrayEquals(a.domains(), b.domains());
    assertArrayEquals(a.classes(), b.classes());
    assertArrayEquals(a.domainNames(), b.domainNames());
    assertArrayEquals(a.classNames(), b.classNames());
    assertArrayEquals(a.mapsTo(), b.mapsTo());
    assertEquals(a.ancestry() == null, b.ancestry() == null);
    if (a.ancestry() != null) {
      assertArrayEquals(a.ancestry().ancestors(), b.ancestry().ancestors());
      assertArrayEquals(a.ancestry().starts(), b.ancestry().starts());
      assertArrayEquals(a.ancestry().descendants(), b.ancestry().descendants());
    }
    assertEquals(a.ancestorScope(), b.ancestorScope());
    assertEquals(a.release(), b.release());
  }

  @Test
  void aVocabularyOfManyConceptsAndFewNamesRoundTrips() throws Exception {
    // Eight bytes a concept and little else: the payload's counts are checked against its size.
    List<String> rows = new ArrayList<>();
    rows.add(AthenaFolder.CONCEPT);
    for (int id = 1; id <= 20_000; id++) {
      rows.add(id * 3 + "|c|D|V|K|" + (id % 2 == 0 ? "S" : "") + "|x|1|2|");
    }
    Files.delete(folder.resolve("CONCEPT_RELATIONSHIP.csv"));
    AthenaFolder.write(folder, "CONCEPT.csv", rows);
    Vocabulary first = load();
    Vocabulary second = load();
    assertTrue(second.fromCache(), debug.toString());
    assertSameIndex(first, second);
    assertTrue(second.isStandard(60_000));
    assertFalse(second.isStandard(59_997));
  }

  @Test
  void aChangedConceptFileIsReadAgain() throws Exception {
    load();
    List<String> rows = new ArrayList<>(AthenaFolder.CONCEPTS);
    rows.add("8551|UNKNOWN|Gender|Gender|Gender||U|19700101|20171231|D");
    AthenaFolder.write(folder, "CONCEPT.csv", rows);
    Vocabulary changed = load();
    assertFalse(changed.fromCache());
    assertEquals(16, changed.size());
    assertTrue(
        debug
            .get(0)
            .endsWith(" is stale: the vocabulary files or the request changed; reading the files"),
        debug.get(0));
    assertTrue(load().fromCache());
  }

  @Test
  void aFileOfTheSameSizeAndTimeButOtherBytesIsReadAgain() throws Exception {
    Path concept = folder.resolve("CONCEPT.csv");
    FileTime time = Files.getLastModifiedTime(concept);
    assertTrue(load().isStandard(8507));
    String text = Files.readString(concept, StandardCharsets.UTF_8);
    // 8507 becomes a classification concept: one byte changes, the length and the time do not.
    Files.writeString(
        concept,
        text.replace(
            "8507\tMALE\tGender\tGender\tGender\tS", "8507\tMALE\tGender\tGender\tGender\tC"),
        StandardCharsets.UTF_8);
    Files.setLastModifiedTime(concept, time);
    assertEquals(text.length(), Files.size(concept));
    Vocabulary changed = load();
    assertFalse(changed.fromCache());
    assertFalse(changed.isStandard(8507));
  }

  @Test
  void aNewOrRemovedOptionalFileIsReadAgain() throws Exception {
    Files.delete(folder.resolve("CONCEPT_RELATIONSHIP.csv"));
    assertFalse(load().hasMapsTo());
    assertTrue(load().fromCache());
    AthenaFolder.write(folder, "CONCEPT_RELATIONSHIP.csv", AthenaFolder.RELATIONSHIPS);
    Vocabulary added = load();
    assertFalse(added.fromCache());
    assertTrue(added.hasMapsTo());
    Files.delete(folder.resolve("VOCABULARY.csv"));
    Vocabulary removed = load();
    assertFalse(removed.fromCache());
    assertEquals("", removed.release());
  }

  @Test
  void theAncestorFileCountsOnlyWhenItIsRead() throws Exception {
    load();
    AthenaFolder.write(
        folder, "CONCEPT_ANCESTOR.csv", List.of(AthenaFolder.ANCESTOR, "320128|320128|0|0"));
    assertTrue(load().fromCache(), "not read without ancestors asked for");
    Vocabulary all = load(AncestorScope.all());
    assertFalse(all.fromCache());
    assertArrayEquals(new int[0], all.descendants(21601855));
    // Each scope has its own file, so two projects with different scopes do not take turns.
    assertEquals(2, cacheFiles().size());
    assertTrue(load().fromCache());
    assertTrue(load(AncestorScope.all()).fromCache());
    assertFalse(load(AncestorScope.of(List.of(320128L))).fromCache());
    assertTrue(load(AncestorScope.of(List.of(320128L))).isDescendant(320128, 320128));
  }

  @Test
  void aTruncatedCorruptOrForeignCacheFileIsRebuilt() throws Exception {
    Vocabulary first = load(AncestorScope.all());
    Path file = cacheFiles().get(0);
    byte[] good = Files.readAllBytes(file);

    List<Damage> damages =
        List.of(
            new Damage("cut short", Arrays.copyOf(good, good.length - 7), "is truncated"),
            new Damage("empty", new byte[0], "is truncated"),
            new Damage("a byte changed", flipped(good, good.length - 3), "fails its checksum"),
            new Damage(
                "another file",
                "not a cache at all".getBytes(StandardCharsets.US_ASCII),
                "is not a vocabulary cache"),
            new Damage("another format", withFormat(good, 99), "has format 99, not 1"),
            new Damage("bytes appended", appended(good, 4), "has bytes after its payload"));
    for (Damage damage : damages) {
      Files.write(file, damage.bytes());
      Vocabulary rebuilt = load(AncestorScope.all());
      assertFalse(rebuilt.fromCache(), damage.name());
      assertSameIndex(first, rebuilt);
      assertTrue(
          debug.get(0).contains(" " + damage.reason() + "; reading the files"),
          damage.name() + ": " + debug.get(0));
      assertArrayEquals(good, Files.readAllBytes(file), "rewritten whole: " + damage.name());
      assertTrue(load(AncestorScope.all()).fromCache(), damage.name());
    }
  }

  private record Damage(String name, byte[] bytes, String reason) {}

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 0x20;
    return copy;
  }

  private static byte[] withFormat(byte[] bytes, int format) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(8, format);
    return copy;
  }

  /** Appends zero bytes and claims them as payload, so that only the payload's end is wrong. */
  private static byte[] appended(byte[] bytes, int extra) {
    byte[] copy = Arrays.copyOf(bytes, bytes.length + extra);
    ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    int at = 16 + buffer.getInt(12);
    buffer.putLong(at, buffer.getLong(at) + extra);
    return copy;
  }

  @Test
  void aCacheThatCannotBeWrittenOnlyCostsTime() throws Exception {
    Files.writeString(cache, "a file where the cache folder should be");
    Vocabulary vocabulary = load();
    assertEquals(15, vocabulary.size());
    assertEquals(2, progress.size(), String.valueOf(progress));
    assertTrue(
        progress.get(0).startsWith("vocabulary/: the cache cannot be written in "),
        progress.get(0));
    assertTrue(progress.get(0).endsWith("; the next build reads the files again"), progress.get(0));
    assertFalse(load().fromCache());
  }

  @Test
  void buildsThatLoadAtOnceShareOneIntactCache() throws Exception {
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Vocabulary>> loads = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Vocabulary> task =
            () -> {
              start.await();
              Vocabulary last = null;
              for (int round = 0; round < 10; round++) {
                last =
                    new VocabularyLoader(DiagnosticsListener.silent())
                        .load(
                            new VocabularyRequest(folder, Optional.of(cache), AncestorScope.all()));
                assertEquals(15, last.size());
                assertTrue(last.isDescendant(21601855, 1545958));
              }
              return last;
            };
        loads.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Vocabulary> load : loads) {
        assertEquals(OptionalLong.of(320128), load.get().mapsTo(45591453));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, cacheFiles().size(), "no temporary file is left: " + cacheFiles());
    assertTrue(load(AncestorScope.all()).fromCache());
  }

  @Test
  void abandonedTemporaryFilesAndLongUnusedCachesAreRemoved() throws Exception {
    Files.createDirectories(cache);
    Instant old = Instant.now().minus(Duration.ofDays(61));
    Path abandoned = Files.writeString(cache.resolve(".vocabulary-0123.bin.99.tmp"), "half");
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path writing = Files.writeString(cache.resolve(".vocabulary-0123.bin.98.tmp"), "being written");
    Path unused = Files.writeString(cache.resolve("vocabulary-0123456789abcdef.bin"), "old");
    Files.setLastModifiedTime(unused, FileTime.from(old));
    Path recent = Files.writeString(cache.resolve("vocabulary-fedcba9876543210.bin"), "recent");
    Path other = Files.writeString(cache.resolve("notes.txt"), "not ours");
    Files.setLastModifiedTime(other, FileTime.from(old));

    load();
    assertFalse(Files.exists(abandoned));
    assertFalse(Files.exists(unused));
    assertTrue(Files.exists(writing), "another build may be writing it");
    assertTrue(Files.exists(recent));
    assertTrue(Files.exists(other));
  }

  @Test
  void aHitMarksTheCacheFileAsUsed() throws Exception {
    load();
    Path file = cacheFiles().get(0);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    assertTrue(load().fromCache());
    assertTrue(
        Files.getLastModifiedTime(file)
            .toInstant()
            .isAfter(Instant.now().minus(Duration.ofDays(1))));
  }

  @Test
  void theDefaultFolderFollowsXdgCacheHome() {
    String home = dir.resolve("home").toString();
    Path xdg = dir.resolve("xdg");
    assertEquals(
        xdg.resolve("ehr-contracts/vocabulary"),
        VocabularyCache.defaultFolder(
            name -> name.equals("XDG_CACHE_HOME") ? xdg.toString() : null, home));
    // The XDG specification ignores a relative path; so do we, as we do an empty one.
    for (String ignored : new String[] {null, "", "  ", "relative/cache"}) {
      assertEquals(
          Path.of(home, ".cache", "ehr-contracts", "vocabulary"),
          VocabularyCache.defaultFolder(name -> ignored, home));
    }
    assertTrue(VocabularyCache.defaultFolder().isAbsolute());
  }
}
