package org.ehrcontracts.engine.vocab;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.util.Threads;

/**
 * Loads an Athena vocabulary folder into a {@link Vocabulary}, from the binary cache when it holds
 * the folder's files as they are, otherwise from the files (and then caches it).
 *
 * <p>Files are found by their Athena names, ignoring case; columns by their header names. Each file
 * is read in one streaming pass over its bytes, keeping only what the index needs (concept names
 * are never kept). A load checks the headers of all its files first, then stops at the first
 * malformed row, and reports each problem with its file, line and column under a {@code
 * vocabulary.*} rule.
 *
 * <p>Cost, measured by {@code VocabularyBenchmark} on 6 million synthetic concepts of Athena's
 * widths, two busy cores, files in the page cache: the index holds 49 MB (72 MB with "Maps to");
 * reading CONCEPT.csv (800 MB) takes about 2.5 to 4.5 s with a peak of about 180 MB of heap while
 * it sorts; a 1.4 GB CONCEPT_RELATIONSHIP.csv, read on a second thread beside it, brings that to
 * about 7 to 9 s and 170 to 270 MB; the cache reads the index back in about 0.15 s.
 * CONCEPT_ANCESTOR is read only for the ancestors the request names ({@link AncestorScope}).
 *
 * @since 0.2.0
 */
public final class VocabularyLoader {

  private final DiagnosticsListener listener;

  /** A loader that reports its progress (one line a load) and its cache decisions (debug). */
  public VocabularyLoader(DiagnosticsListener listener) {
    this.listener = listener;
  }

  /**
   * Loads a vocabulary folder.
   *
   * @throws VocabularyException if the folder or CONCEPT.csv is missing, a file cannot be read, or
   *     one is not in Athena's format; a cache that cannot be read or written is never a reason
   */
  public Vocabulary load(VocabularyRequest request) throws VocabularyException {
    long start = System.nanoTime();
    Path folder = request.folder();
    String name = displayName(folder);
    if (!Files.isDirectory(folder)) {
      throw new VocabularyException(
          name,
          List.of(
              problem(
                  Rule.VOCABULARY_NOT_FOUND,
                  Location.of(name),
                  "the vocabulary folder does not exist; unpack Athena's download there, or name the"
                      + " folder that holds its CONCEPT.csv")));
    }
    Map<VocabularyFile, Path> present = locate(name, folder);
    if (!present.containsKey(VocabularyFile.CONCEPT)) {
      throw new VocabularyException(
          name,
          List.of(
              problem(
                  Rule.VOCABULARY_NOT_FOUND,
                  Location.of(name + "/" + VocabularyFile.CONCEPT.fileName()),
                  "the vocabulary folder has no CONCEPT.csv; Athena's download has CONCEPT.csv"
                      + " (required) and CONCEPT_RELATIONSHIP.csv, CONCEPT_ANCESTOR.csv and"
                      + " VOCABULARY.csv (read when present)")));
    }
    Map<VocabularyFile, Path> read = new EnumMap<>(present);
    if (request.ancestors().isNone()) {
      read.remove(VocabularyFile.CONCEPT_ANCESTOR);
    }
    List<Problem> unreadable = new ArrayList<>();
    for (Map.Entry<VocabularyFile, Path> file : read.entrySet()) {
      if (!Files.isRegularFile(file.getValue())) {
        unreadable.add(
            problem(
                Rule.VOCABULARY_UNREADABLE,
                Location.of(display(name, file.getValue())),
                "the file cannot be read: it is not a regular file"));
      }
    }
    if (!unreadable.isEmpty()) {
      throw new VocabularyException(name, unreadable);
    }

    Optional<VocabularyCache> cache = request.cacheFolder().map(VocabularyCache::new);
    CacheKey key = null;
    if (cache.isPresent()) {
      try {
        key = CacheKey.of(folder, present.keySet(), read, request.ancestors());
      } catch (IOException e) {
        listener.debug(() -> name + "/: no cache key, reading the files: " + e);
      }
    }
    if (key != null) {
      VocabularyCache.Lookup lookup = cache.get().read(key);
      if (lookup.vocabulary().isPresent()) {
        Vocabulary vocabulary = lookup.vocabulary().get();
        listener.progress(summary(name, vocabulary, "read from the cache", start));
        return vocabulary;
      }
      listener.debug(() -> name + "/: " + lookup.reason() + "; reading the files");
    }

    Vocabulary vocabulary =
        new Vocabulary(parse(name, present.keySet(), read, request.ancestors()), false);
    String cached = "";
    if (key != null) {
      cached =
          cache(
              name,
              cache.get(),
              key,
              folder,
              present.keySet(),
              read,
              request.ancestors(),
              vocabulary);
    }
    listener.progress(summary(name, vocabulary, "read from its files" + cached, start));
    return vocabulary;
  }

  /** Writes the cache, unless the files changed while they were read; never fails. */
  private String cache(
      String name,
      VocabularyCache cache,
      CacheKey key,
      Path folder,
      Set<VocabularyFile> present,
      Map<VocabularyFile, Path> read,
      AncestorScope scope,
      Vocabulary vocabulary) {
    try {
      CacheKey after = CacheKey.of(folder, present, read, scope);
      if (!after.matches(key.bytes())) {
        listener.debug(() -> name + "/: the files changed while read; not cached");
        return "";
      }
      Path file = cache.write(key, vocabulary);
      listener.debug(() -> name + "/: cached in " + file);
      return " and cached";
    } catch (IOException e) {
      listener.progress(
          name
              + "/: the cache cannot be written in "
              + cache.folder()
              + " ("
              + e.getMessage()
              + "); the next build reads the files again");
      return "";
    }
  }

  private Vocabulary.Parts parse(
      String name, Set<VocabularyFile> present, Map<VocabularyFile, Path> read, AncestorScope scope)
      throws VocabularyException {
    Map<VocabularyFile, AthenaReader> readers = new EnumMap<>(VocabularyFile.class);
    Map<VocabularyFile, int[]> columns = new EnumMap<>(VocabularyFile.class);
    VocabularyFile current = VocabularyFile.CONCEPT;
    ExecutorService pool = null;
    try {
      List<Problem> problems = new ArrayList<>();
      for (Map.Entry<VocabularyFile, Path> file : read.entrySet()) {
        current = file.getKey();
        try {
          AthenaReader reader = AthenaReader.open(file.getValue(), display(name, file.getValue()));
          readers.put(file.getKey(), reader);
          columns.put(
              file.getKey(), reader.columns(file.getKey().fileName(), file.getKey().columns()));
        } catch (AthenaFormatException e) {
          problems.add(e.problem());
        }
      }
      if (!problems.isEmpty()) {
        throw new VocabularyException(name, problems);
      }
      // CONCEPT_RELATIONSHIP's "Maps to" rows need no CONCEPT until they are resolved: read both
      // files at once (on two cores, the load takes the longer of the two instead of their sum).
      Future<AthenaParser.MapsTo> relationships = null;
      long[] relationshipNanos = new long[1];
      if (readers.containsKey(VocabularyFile.CONCEPT_RELATIONSHIP)) {
        AthenaReader reader = readers.get(VocabularyFile.CONCEPT_RELATIONSHIP);
        int[] positions = columns.get(VocabularyFile.CONCEPT_RELATIONSHIP);
        pool = Threads.fixedPool(1, Threads.daemon("ehr-vocabulary-relationships"));
        relationships =
            pool.submit(
                () -> {
                  long started = System.nanoTime();
                  AthenaParser.MapsTo rows = AthenaParser.mapsToRows(reader, positions);
                  relationshipNanos[0] = System.nanoTime() - started;
                  return rows;
                });
      }
      current = VocabularyFile.CONCEPT;
      long t = System.nanoTime();
      AthenaParser.Concepts concepts =
          AthenaParser.concepts(
              readers.get(current),
              columns.get(current),
              Files.size(read.get(VocabularyFile.CONCEPT)));
      t = read(name, current, t);
      ConceptIndex index = new ConceptIndex(concepts.ids());
      int[] mapsTo = null;
      if (relationships != null) {
        current = VocabularyFile.CONCEPT_RELATIONSHIP;
        AthenaParser.MapsTo rows = result(relationships);
        mapsTo = AthenaParser.mapsTo(rows, index, concepts.flags());
        long resolved = System.nanoTime() - t;
        listener.debug(
            () ->
                String.format(
                    Locale.ROOT,
                    "%s/: CONCEPT_RELATIONSHIP.csv read in %.2f s beside CONCEPT.csv, its %,d Maps to"
                        + " rows resolved %.2f s after it",
                    name,
                    relationshipNanos[0] / 1e9,
                    rows.count(),
                    resolved / 1e9));
        t = System.nanoTime();
      }
      Ancestry ancestry = null;
      if (readers.containsKey(VocabularyFile.CONCEPT_ANCESTOR)) {
        current = VocabularyFile.CONCEPT_ANCESTOR;
        ancestry = AthenaParser.ancestry(readers.get(current), columns.get(current), scope);
        t = read(name, current, t);
      }
      String release = "";
      if (readers.containsKey(VocabularyFile.VOCABULARY)) {
        current = VocabularyFile.VOCABULARY;
        release = AthenaParser.release(readers.get(current), columns.get(current));
        read(name, current, t);
      }
      return new Vocabulary.Parts(
          concepts.ids(),
          concepts.flags(),
          concepts.domains(),
          concepts.classes(),
          concepts.domainNames(),
          concepts.classNames(),
          mapsTo,
          ancestry,
          scope,
          release,
          present);
    } catch (AthenaFormatException e) {
      throw new VocabularyException(name, List.of(e.problem()));
    } catch (IOException e) {
      throw new VocabularyException(
          name,
          List.of(
              problem(
                  Rule.VOCABULARY_UNREADABLE,
                  Location.of(display(name, read.get(current))),
                  "the file cannot be read: " + reason(e))),
          e);
    } finally {
      if (pool != null) {
        // After a problem in CONCEPT, the other file's reading is of no use: stop it first.
        Threads.stop(pool, Duration.ofSeconds(5));
      }
      for (AthenaReader reader : readers.values()) {
        try {
          reader.close();
        } catch (IOException e) {
          // Read to the end already, or failed with a problem that says so.
        }
      }
    }
  }

  /** The result of a file read on another thread, with the exceptions it was read with. */
  private static <T> T result(Future<T> future) throws IOException, AthenaFormatException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the vocabulary was read");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AthenaFormatException malformed) {
        throw malformed;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** A debug line with the time a file took to read; returns the time now. */
  private long read(String name, VocabularyFile file, long since) {
    long now = System.nanoTime();
    listener.debug(
        () ->
            String.format(
                Locale.ROOT, "%s/: %s read in %.2f s", name, file.fileName(), (now - since) / 1e9));
    return now;
  }

  /**
   * The vocabulary files of a folder by kind, matched by name ignoring case (the exact Athena
   * spelling first).
   */
  private static Map<VocabularyFile, Path> locate(String name, Path folder)
      throws VocabularyException {
    Map<VocabularyFile, Path> found = new EnumMap<>(VocabularyFile.class);
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      stream.forEach(entries::add);
    } catch (IOException e) {
      throw new VocabularyException(
          name,
          List.of(
              problem(
                  Rule.VOCABULARY_UNREADABLE,
                  Location.of(name),
                  "the vocabulary folder cannot be read: " + reason(e))),
          e);
    }
    entries.sort(null);
    for (VocabularyFile file : VocabularyFile.values()) {
      for (Path entry : entries) {
        String entryName = entry.getFileName().toString();
        if (entryName.equals(file.fileName())) {
          found.put(file, entry);
        }
      }
      if (!found.containsKey(file)) {
        for (Path entry : entries) {
          if (entry.getFileName().toString().equalsIgnoreCase(file.fileName())) {
            found.put(file, entry);
            break;
          }
        }
      }
    }
    return found;
  }

  private static String summary(String name, Vocabulary vocabulary, String how, long start) {
    return String.format(
        Locale.ROOT,
        "%s/: %s, %,d concepts%s, %s in %.2f s",
        name,
        releaseWords(vocabulary),
        vocabulary.size(),
        vocabulary.hasMapsTo() ? " with Maps to" : "",
        how,
        (System.nanoTime() - start) / 1e9);
  }

  private static String releaseWords(Vocabulary vocabulary) {
    if (!vocabulary.release().isEmpty()) {
      return "release " + vocabulary.release();
    }
    return vocabulary.files().contains(VocabularyFile.VOCABULARY)
        ? "no release (VOCABULARY.csv has no row None)"
        : "no release (no VOCABULARY.csv)";
  }

  /** The folder's own name, as problems show it. */
  private static String displayName(Path folder) {
    Path fileName = folder.toAbsolutePath().normalize().getFileName();
    return fileName == null ? folder.toString() : fileName.toString();
  }

  private static String display(String name, Path file) {
    return name + "/" + file.getFileName();
  }

  private static Problem problem(Rule rule, Location at, String message) {
    return Problem.of(rule, rule.defaultSeverity(), at, message);
  }

  /** An I/O error in words, without the class names of Java. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "it was removed while the vocabulary was read";
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
