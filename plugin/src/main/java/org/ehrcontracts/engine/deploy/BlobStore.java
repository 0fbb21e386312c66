package org.ehrcontracts.engine.deploy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where exports go: a bucket of named objects, as GCS has them.
 *
 * <p>The GCS adapter ({@code org.ehrcontracts.gcs.GcsBlobStore}) implements it; tests also use a
 * local directory. Every failure is a {@link BlobStoreException} whose {@link
 * BlobStoreException.Kind} says what kind of failure it is, so the engine can retry, skip or
 * explain it without knowing the store.
 *
 * @since 0.1.0
 */
public interface BlobStore {

  /** The bucket's name, without {@code gs://}. */
  String bucket();

  /**
   * Who the store acts as, in words for messages: a service account's e-mail address, or a phrase
   * such as "your Application Default Credentials". Never a secret.
   */
  String principal();

  /**
   * Lists the objects whose names start with {@code prefix}.
   *
   * @param prefix the name prefix, such as {@code 2026-03-05-v1/}, or empty for the whole bucket
   * @param delimiter {@code /} to collapse deeper names into {@link Listing#prefixes()}, or empty
   */
  Listing list(String prefix, String delimiter) throws BlobStoreException;

  /** The object of that name, or empty when there is none. */
  Optional<StoredBlob> stat(String name) throws BlobStoreException;

  /**
   * Stores a file as an object, only if the preconditions hold.
   *
   * <p>Large files go up in resumable chunks; transient failures are retried inside.
   *
   * @return the stored object as the store describes it
   * @throws BlobStoreException {@link BlobStoreException.Kind#PRECONDITION_FAILED} when the object
   *     exists (or no longer has the expected generation), {@link
   *     BlobStoreException.Kind#CHECKSUM_MISMATCH} when the bytes received do not have the
   *     precondition's CRC32C
   */
  StoredBlob upload(String name, Path file, Preconditions preconditions) throws BlobStoreException;

  /** Reads a whole (small) object. */
  byte[] read(String name) throws BlobStoreException;

  /**
   * Deletes exactly that generation of an object.
   *
   * @return whether it was there to delete
   */
  boolean delete(String name, long generation) throws BlobStoreException;
}
