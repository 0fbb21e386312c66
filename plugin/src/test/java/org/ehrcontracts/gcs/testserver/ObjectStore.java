package org.ehrcontracts.gcs.testserver;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The buckets and the latest generation of each object, in memory, behind one lock. */
final class ObjectStore {

  /** A bucket's own fields. */
  record StoredBucket(String name, Instant created) {}

  private final Clock clock;
  private final NavigableMap<String, StoredBucket> buckets = new TreeMap<>();
  private final Map<String, NavigableMap<String, StoredObject>> objects = new TreeMap<>();
  private long lastGeneration;

  ObjectStore(Clock clock) {
    this.clock = clock;
  }

  /** Returns the current time, to the millisecond as GCS shows it. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  synchronized StoredBucket createBucket(String name) {
    if (buckets.containsKey(name)) {
      throw GcsError.conflict(
          "Your previous request to create the named bucket succeeded and you already own it.");
    }
    StoredBucket bucket = new StoredBucket(name, now());
    buckets.put(name, bucket);
    objects.put(name, new TreeMap<>());
    return bucket;
  }

  synchronized StoredBucket bucket(String name) {
    StoredBucket bucket = buckets.get(name);
    if (bucket == null) {
      throw GcsError.notFound("The specified bucket does not exist.");
    }
    return bucket;
  }

  synchronized List<StoredBucket> buckets() {
    return List.copyOf(buckets.values());
  }

  synchronized void deleteBucket(String name) {
    bucket(name);
    if (!objects.get(name).isEmpty()) {
      throw GcsError.conflict("The bucket you tried to delete is not empty.");
    }
    buckets.remove(name);
    objects.remove(name);
  }

  /** Returns the object, or {@code null}; throws 404 when the bucket does not exist. */
  synchronized StoredObject find(String bucket, String name) {
    bucket(bucket);
    return objects.get(bucket).get(name);
  }

  synchronized StoredObject get(String bucket, String name) {
    StoredObject object = find(bucket, name);
    if (object == null) {
      throw GcsError.notFound("No such object: " + bucket + "/" + name);
    }
    return object;
  }

  /** Returns the objects of a bucket in name order. */
  synchronized List<StoredObject> list(String bucket) {
    bucket(bucket);
    return new ArrayList<>(objects.get(bucket).values());
  }

  /** Writes a new generation after checking the preconditions against the current one. */
  synchronized StoredObject write(
      String bucket,
      String name,
      byte[] data,
      String contentType,
      Map<String, String> metadata,
      Preconditions preconditions) {
    preconditions.check(find(bucket, name));
    Instant created = now();
    // GCS generations are microsecond timestamps; keep them strictly increasing.
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    lastGeneration = Math.max(lastGeneration + 1, micros);
    StoredObject object =
        StoredObject.written(bucket, name, data, lastGeneration, contentType, metadata, created);
    objects.get(bucket).put(name, object);
    return object;
  }

  synchronized void delete(String bucket, String name, Preconditions preconditions) {
    StoredObject current = get(bucket, name);
    preconditions.check(current);
    objects.get(bucket).remove(name);
  }

  /** Flips one bit of the stored bytes and keeps the recorded checksums. */
  synchronized void corrupt(String bucket, String name) {
    StoredObject object = get(bucket, name);
    byte[] data = object.data();
    if (data.length == 0) {
      throw new IllegalStateException("cannot corrupt an empty object: " + object);
    }
    data[data.length / 2] ^= 0x01;
    objects.get(bucket).put(name, object.withBytesKeepingChecksums(data));
  }
}
