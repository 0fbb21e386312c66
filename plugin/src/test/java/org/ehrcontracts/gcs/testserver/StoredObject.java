package org.ehrcontracts.gcs.testserver;

import java.time.Instant;
import java.util.Map;

/**
 * An object held by {@link FakeGcsServer}, with the checksums it recorded when the object was
 * written.
 *
 * <p>The checksums describe the bytes as uploaded; {@link FakeGcsServer#corruptStoredBytes} changes
 * the bytes but not the checksums, as bit rot would.
 *
 * @param bucket the bucket name
 * @param name the object name
 * @param data the stored bytes (a copy)
 * @param generation the generation, increasing across all writes of the server
 * @param metageneration the metageneration, 1 for every written object
 * @param contentType the content type
 * @param metadata the custom metadata
 * @param md5Hash the MD5 of the uploaded bytes, base64
 * @param crc32c the CRC32C of the uploaded bytes, base64 of 4 big-endian bytes
 * @param created when the generation was written
 */
public record StoredObject(
    String bucket,
    String name,
    byte[] data,
    long generation,
    long metageneration,
    String contentType,
    Map<String, String> metadata,
    String md5Hash,
    String crc32c,
    Instant created) {

  /** Copies the bytes and the metadata. */
  public StoredObject {
    data = data.clone();
    metadata = Map.copyOf(metadata);
  }

  /** Returns a copy of the stored bytes. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Returns the number of stored bytes. */
  public long size() {
    return data.length;
  }

  static StoredObject written(
      String bucket,
      String name,
      byte[] data,
      long generation,
      String contentType,
      Map<String, String> metadata,
      Instant created) {
    return new StoredObject(
        bucket,
        name,
        data,
        generation,
        1,
        contentType,
        metadata,
        Checksums.md5(data),
        Checksums.crc32c(data),
        created);
  }

  StoredObject withBytesKeepingChecksums(byte[] newData) {
    return new StoredObject(
        bucket,
        name,
        newData,
        generation,
        metageneration,
        contentType,
        metadata,
        md5Hash,
        crc32c,
        created);
  }

  @Override
  public String toString() {
    return "gs://" + bucket + "/" + name + "#" + generation + " (" + data.length + " bytes)";
  }
}
