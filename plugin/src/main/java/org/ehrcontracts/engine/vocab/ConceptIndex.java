package org.ehrcontracts.engine.vocab;

/**
 * Finds a concept id's position among sorted ids: a directory of the ids' high bits narrows the
 * search to a bucket, which a binary search finishes.
 *
 * <p>A plain binary search over 6 million ids touches about 23 cache lines per lookup; the
 * directory (about one int per four concepts, a few megabytes) cuts that to the handful of lines of
 * one bucket, without the memory of a hash table.
 */
final class ConceptIndex {

  private final int[] ids;
  private final int shift;
  private final int[] directory;

  /** Indexes ids that are ascending, distinct and from 0 to {@link Integer#MAX_VALUE}. */
  ConceptIndex(int[] ids) {
    this.ids = ids;
    int buckets = Integer.highestOneBit(Math.max(1, ids.length / 4));
    this.shift = 31 - Integer.numberOfTrailingZeros(buckets);
    this.directory = new int[buckets + 1];
    int bucket = 0;
    for (int i = 0; i < ids.length; i++) {
      int b = ids[i] >>> shift;
      while (bucket < b) {
        directory[++bucket] = i;
      }
    }
    while (bucket < buckets) {
      directory[++bucket] = ids.length;
    }
  }

  /** The sorted ids themselves, shared: never to be changed. */
  int[] ids() {
    return ids;
  }

  int size() {
    return ids.length;
  }

  /** The position of a concept id, or {@link Vocabulary#NOT_FOUND}. */
  int indexOf(long id) {
    if (id < 0 || id > Integer.MAX_VALUE) {
      return Vocabulary.NOT_FOUND;
    }
    int key = (int) id;
    int b = key >>> shift;
    int lo = directory[b];
    int hi = directory[b + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = ids[mid];
      if (v < key) {
        lo = mid + 1;
      } else if (v > key) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return Vocabulary.NOT_FOUND;
  }

  /** The bytes the index holds. */
  long footprintBytes() {
    return 4L * ids.length + 4L * directory.length;
  }
}
