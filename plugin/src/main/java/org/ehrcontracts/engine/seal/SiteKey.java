package org.ehrcontracts.engine.seal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ehrcontracts.engine.util.PrivateFiles;

/**
 * A site's secret key for sealing de-identification manifests: {@value #BYTES} random bytes in the
 * file {@value #FILE_NAME} of the private folder that holds the crosswalk.
 *
 * <p>The first {@code ehr:deidentify} of a private folder creates it from a {@link SecureRandom},
 * owner-only ({@code rw-------}, in a folder created {@code rwx------}) where the file system has
 * POSIX permissions, and publishes it atomically without ever replacing a key that is there (two
 * builds racing to create it end up with the same key). Later runs reuse it. {@code ehr:deploy}
 * reads it from the same folder: an output sealed with a key that folder does not hold is refused.
 * Neither the key nor an HMAC appears in any message, log or {@link #toString()}.
 *
 * @since 0.1.0
 */
public final class SiteKey {

  /** The key file's name in the private folder. */
  public static final String FILE_NAME = "ehr-deid-seal.key";

  /** The key's length. */
  public static final int BYTES = 32;

  private static final String MAC = "HmacSHA256";

  private final byte[] key;
  private final String id;

  private SiteKey(byte[] key) {
    this.key = key.clone();
    // An id names the key without revealing it: the HMAC of a fixed label, shortened.
    this.id =
        hmac(this.key, "ehr-deid-seal key id".getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** Where the key of a private folder is. */
  public static Path file(Path privateDirectory) {
    return privateDirectory.resolve(FILE_NAME);
  }

  /**
   * The private folder of a crosswalk file: its own folder, whether the crosswalk was given as a
   * folder (one file per export) or as a single {@code .csv} file.
   */
  public static Path directoryOf(Path crosswalk) {
    Path parent = crosswalk.toAbsolutePath().normalize().getParent();
    return parent != null ? parent : crosswalk.toAbsolutePath();
  }

  /**
   * Reads the key of a private folder.
   *
   * @return the key, or empty if the folder has no key file
   * @throws IOException if the file cannot be read or is not a key ({@value #BYTES} bytes)
   */
  public static Optional<SiteKey> load(Path privateDirectory) throws IOException {
    Path file = file(privateDirectory);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is not a regular file");
    }
    long size = Files.size(file);
    if (size != BYTES) {
      throw new IOException(file + " is not a seal key: it has " + size + " bytes, not " + BYTES);
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != BYTES) {
      throw new IOException(file + " changed while it was read");
    }
    return Optional.of(new SiteKey(bytes));
  }

  /**
   * Reads the key of a private folder, creating the folder and the key on first use.
   *
   * @throws IOException if it cannot be read or written
   */
  public static SiteKey loadOrCreate(Path privateDirectory) throws IOException {
    Optional<SiteKey> existing = load(privateDirectory);
    if (existing.isPresent()) {
      return existing.get();
    }
    Path directory = privateDirectory.toAbsolutePath();
    PrivateFiles.folder(directory);
    byte[] bytes = new byte[BYTES];
    new SecureRandom().nextBytes(bytes);
    Path file = file(directory);
    Path temp = PrivateFiles.temporarySibling(directory, FILE_NAME);
    FileAttribute<?>[] attributes = PrivateFiles.ownerOnly(directory);
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      publish(temp, file);
    } catch (FileAlreadyExistsException e) {
      // Another build created the key first: use theirs, so both outputs share one key.
    } finally {
      Files.deleteIfExists(temp);
    }
    return load(directory)
        .orElseThrow(() -> new IOException(file + " vanished right after it was written"));
  }

  /** Puts the complete temporary file in place, never replacing a key that is there. */
  private static void publish(Path temp, Path file) throws IOException {
    try {
      // A hard link is atomic and fails when the name is taken; a rename would replace it.
      Files.createLink(file, temp);
    } catch (UnsupportedOperationException e) {
      Files.move(temp, file);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      // A file system without hard links: a move that refuses to replace.
      Files.move(temp, file);
    }
  }

  /** The key's id: 16 hex digits that name it without revealing it. */
  public String id() {
    return id;
  }

  /** Seals a manifest's content. */
  public ManifestSeal seal(ManifestSeal.Content content) {
    return new ManifestSeal(ManifestSeal.ALGORITHM, id, hmac(key, content.canonical()));
  }

  /** What a seal says about a manifest's content, with this key. */
  public enum Check {
    /** The content is what the key sealed. */
    VALID,
    /** The seal was made with another key (another site, or another private folder). */
    OTHER_KEY,
    /** The seal is of this key but not of this content: the manifest was changed. */
    ALTERED,
    /** Not a seal this version can check. */
    UNKNOWN_ALGORITHM
  }

  /** Checks a seal against content, in constant time. */
  public Check check(ManifestSeal.Content content, ManifestSeal seal) {
    if (!seal.algorithm().equals(ManifestSeal.ALGORITHM)) {
      return Check.UNKNOWN_ALGORITHM;
    }
    if (!seal.keyId().equals(id)) {
      return Check.OTHER_KEY;
    }
    byte[] expected = hmac(key, content.canonical()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = seal.value().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Check.VALID : Check.ALTERED;
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "SiteKey[" + id + "]";
  }

  private static String hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key, MAC));
      return HexFormat.of().formatHex(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      // Every Java platform has HmacSHA256.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
