package org.ehrcontracts.engine.vocab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the rows of Athena's files into the vocabulary's arrays, one file at a time, stopping at
 * the first malformed row.
 */
final class AthenaParser {

  private static final byte[] MAPS_TO = "Maps to".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONE = "None".getBytes(StandardCharsets.US_ASCII);

  /** A domain is a byte: Athena has about 50 domains. */
  static final int MAX_DOMAINS = 256;

  /** A class is a short: Athena has about 450 classes. */
  static final int MAX_CLASSES = 65536;

  private AthenaParser() {}

  /** CONCEPT's columns, sorted by id. */
  record Concepts(
      int[] ids,
      byte[] flags,
      byte[] domains,
      short[] classes,
      String[] domainNames,
      String[] classNames) {}

  /**
   * Reads CONCEPT.
   *
   * @param columns the positions of {@link VocabularyFile#CONCEPT}'s columns
   * @param bytes the file's size, to size the arrays
   */
  static Concepts concepts(AthenaReader reader, int[] columns, long bytes)
      throws IOException, AthenaFormatException {
    int idColumn = columns[0];
    int domainColumn = columns[1];
    int classColumn = columns[2];
    int standardColumn = columns[3];
    int invalidColumn = columns[4];
    // Athena's rows average about 115 bytes; start a little above that count and grow if needed.
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, bytes / 96));
    int[] ids = new int[capacity];
    byte[] flags = new byte[capacity];
    byte[] domains = new byte[capacity];
    short[] classes = new short[capacity];
    ByteInterner domainNames = new ByteInterner(MAX_DOMAINS);
    ByteInterner classNames = new ByteInterner(MAX_CLASSES);
    int n = 0;
    boolean ascending = true;
    int last = -1;
    while (reader.next()) {
      int id = reader.conceptId(idColumn);
      int flag = standardBits(reader, standardColumn) | invalidBits(reader, invalidColumn);
      int domain =
          domainNames.intern(
              reader.buffer(), reader.start(domainColumn), reader.length(domainColumn));
      if (domain < 0) {
        throw reader.malformed(
            reader.line(),
            domainColumn + 1,
            "CONCEPT has more than " + MAX_DOMAINS + " distinct domain_id values");
      }
      int conceptClass =
          classNames.intern(reader.buffer(), reader.start(classColumn), reader.length(classColumn));
      if (conceptClass < 0) {
        throw reader.malformed(
            reader.line(),
            classColumn + 1,
            "CONCEPT has more than " + MAX_CLASSES + " distinct concept_class_id values");
      }
      if (n == ids.length) {
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, n + (n >> 1) + 16L);
        ids = Arrays.copyOf(ids, grown);
        flags = Arrays.copyOf(flags, grown);
        domains = Arrays.copyOf(domains, grown);
        classes = Arrays.copyOf(classes, grown);
      }
      ids[n] = id;
      flags[n] = (byte) flag;
      domains[n] = (byte) domain;
      classes[n] = (short) conceptClass;
      n++;
      ascending &= id > last;
      last = id;
    }
    if (ascending) {
      return new Concepts(
          Arrays.copyOf(ids, n),
          Arrays.copyOf(flags, n),
          Arrays.copyOf(domains, n),
          Arrays.copyOf(classes, n),
          domainNames.names(),
          classNames.names());
    }
    // Athena's CONCEPT is not in id order. Sort (id, row) pairs, which also finds duplicates with
    // the rows they are on, and permute the other columns along.
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (long) ids[i] << 32 | i;
    }
    ids = null;
    Arrays.parallelSort(keys);
    int[] sortedIds = new int[n];
    byte[] sortedFlags = new byte[n];
    byte[] sortedDomains = new byte[n];
    short[] sortedClasses = new short[n];
    for (int i = 0; i < n; i++) {
      long key = keys[i];
      int id = (int) (key >>> 32);
      int row = (int) key;
      if (i > 0 && id == sortedIds[i - 1]) {
        int earlier = (int) keys[i - 1];
        // Every row is one line, after the header: row r is on line r + 2.
        throw reader.malformed(
            row + 2L,
            idColumn + 1,
            "concept_id "
                + id
                + " is on line "
                + (earlier + 2L)
                + " as well; each concept has one row");
      }
      sortedIds[i] = id;
      sortedFlags[i] = flags[row];
      sortedDomains[i] = domains[row];
      sortedClasses[i] = classes[row];
    }
    return new Concepts(
        sortedIds,
        sortedFlags,
        sortedDomains,
        sortedClasses,
        domainNames.names(),
        classNames.names());
  }

  private static int standardBits(AthenaReader reader, int column) throws AthenaFormatException {
    int length = reader.length(column);
    if (length == 0) {
      return 0;
    }
    if (length == 1) {
      byte b = reader.firstByte(column);
      if (b == 'S') {
        return Vocabulary.STANDARD_S;
      }
      if (b == 'C') {
        return Vocabulary.STANDARD_C;
      }
    }
    throw reader.malformedValue(column, "S, C or empty");
  }

  private static int invalidBits(AthenaReader reader, int column) throws AthenaFormatException {
    int length = reader.length(column);
    if (length == 0) {
      return 0;
    }
    if (length == 1) {
      byte b = reader.firstByte(column);
      if (b == 'D') {
        return Vocabulary.INVALID_D;
      }
      if (b == 'U') {
        return Vocabulary.INVALID_U;
      }
    }
    throw reader.malformedValue(column, "D, U or empty");
  }

  /**
   * Reads CONCEPT_RELATIONSHIP's valid "Maps to" rows between two different concepts, as pairs
   * {@code from << 32 | to} (the first {@code count} of {@code pairs}). Needs no CONCEPT, so that
   * it can run while CONCEPT is read.
   */
  record MapsTo(long[] pairs, int count) {}

  static MapsTo mapsToRows(AthenaReader reader, int[] columns)
      throws IOException, AthenaFormatException {
    int fromColumn = columns[0];
    int toColumn = columns[1];
    int relationshipColumn = columns[2];
    int invalidColumn = columns[3];
    long[] pairs = new long[1 << 16];
    int n = 0;
    while (reader.next()) {
      if (!reader.is(relationshipColumn, MAPS_TO) || reader.length(invalidColumn) != 0) {
        continue;
      }
      int from = reader.conceptId(fromColumn);
      int to = reader.conceptId(toColumn);
      if (from == to) {
        continue;
      }
      if (n == pairs.length) {
        pairs = Arrays.copyOf(pairs, (int) Math.min(Integer.MAX_VALUE - 8, n * 2L));
      }
      pairs[n++] = (long) from << 32 | to;
    }
    return new MapsTo(pairs, n);
  }

  /**
   * For each concept, the lowest id of CONCEPT it "Maps to", or {@link Vocabulary#NO_MAPPING};
   * {@code flags} gets {@link Vocabulary#MAPS_TO_SEVERAL} where there are more. Rows from or to a
   * concept CONCEPT lacks are left out.
   */
  static int[] mapsTo(MapsTo rows, ConceptIndex index, byte[] flags) {
    long[] pairs = rows.pairs();
    // In id order, the lookups of the sources walk the index forwards instead of jumping about,
    // and each source's targets come lowest first.
    Arrays.sort(pairs, 0, rows.count());
    int[] mapsTo = new int[index.size()];
    Arrays.fill(mapsTo, Vocabulary.NO_MAPPING);
    int previousFrom = -1;
    int i = Vocabulary.NOT_FOUND;
    for (int k = 0; k < rows.count(); k++) {
      int from = (int) (pairs[k] >>> 32);
      int to = (int) pairs[k];
      if (from != previousFrom) {
        i = index.indexOf(from);
        previousFrom = from;
      }
      if (i == Vocabulary.NOT_FOUND || index.indexOf(to) == Vocabulary.NOT_FOUND) {
        continue;
      }
      int current = mapsTo[i];
      if (current == Vocabulary.NO_MAPPING) {
        mapsTo[i] = to;
      } else if (current != to) {
        flags[i] |= Vocabulary.MAPS_TO_SEVERAL;
      }
    }
    return mapsTo;
  }

  /** Reads the rows of CONCEPT_ANCESTOR whose ancestor the scope includes. */
  static Ancestry ancestry(AthenaReader reader, int[] columns, AncestorScope scope)
      throws IOException, AthenaFormatException {
    int ancestorColumn = columns[0];
    int descendantColumn = columns[1];
    long[] pairs = new long[1024];
    int n = 0;
    while (reader.next()) {
      int ancestor = reader.conceptId(ancestorColumn);
      if (!scope.includes(ancestor)) {
        continue;
      }
      int descendant = reader.conceptId(descendantColumn);
      if (n == pairs.length) {
        pairs = Arrays.copyOf(pairs, (int) Math.min(Integer.MAX_VALUE - 8, n * 2L));
      }
      pairs[n++] = (long) ancestor << 32 | descendant;
    }
    return Ancestry.ofPairs(pairs, n);
  }

  /** The {@code vocabulary_version} of VOCABULARY's row {@code None}, or empty. */
  static String release(AthenaReader reader, int[] columns)
      throws IOException, AthenaFormatException {
    String release = "";
    while (reader.next()) {
      if (release.isEmpty() && reader.is(columns[0], NONE)) {
        release = reader.text(columns[1]).trim();
      }
    }
    return release;
  }
}
