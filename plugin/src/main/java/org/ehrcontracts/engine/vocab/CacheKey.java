package org.ehrcontracts.engine.vocab;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * What a cached index was built from: the format, the folder, the ancestor scope, which files the
 * folder had, and for each file read its name, size, modification time and the SHA-256 of its first
 * megabyte. A cache entry whose key differs in any byte is stale.
 *
 * <p>Size and time alone miss a file replaced by another of the same size whose time was kept
 * ({@code cp -p}, an unpacked archive); the first megabyte's digest catches that for any real
 * vocabulary release, at a cost of a few milliseconds.
 */
final class CacheKey {

  /** How much of each file the digest covers. */
  static final int DIGEST_BYTES = 1 << 20;

  private final byte[] bytes;
  private final String fileName;
  private final AncestorScope scope;

  private CacheKey(byte[] bytes, String fileName, AncestorScope scope) {
    this.bytes = bytes;
    this.fileName = fileName;
    this.scope = scope;
  }

  /**
   * The key of a load.
   *
   * @param folder the vocabulary folder
   * @param present every file the folder has
   * @param read the files the load reads, by kind
   * @param scope the ancestor scope
   */
  static CacheKey of(
      Path folder, Set<VocabularyFile> present, Map<VocabularyFile, Path> read, AncestorScope scope)
      throws IOException {
    String where = folder.toRealPath().toString();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(VocabularyCache.FORMAT);
      out.writeUTF(where);
      out.writeUTF(scope.key());
      int mask = 0;
      for (VocabularyFile file : present) {
        mask |= 1 << file.ordinal();
      }
      out.writeInt(mask);
      for (Map.Entry<VocabularyFile, Path> entry : read.entrySet()) {
        Path file = entry.getValue();
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        out.writeInt(entry.getKey().ordinal());
        out.writeUTF(file.getFileName().toString());
        out.writeLong(attributes.size());
        out.writeLong(attributes.lastModifiedTime().toMillis());
        out.write(headDigest(file));
      }
    }
    String name =
        "vocabulary-"
            + HexFormat.of()
                .formatHex(
                    sha256((where + '\0' + scope.key()).getBytes(StandardCharsets.UTF_8)), 0, 8)
            + ".bin";
    return new CacheKey(buffer.toByteArray(), name, scope);
  }

  /** The key's bytes, as the cache stores them. */
  byte[] bytes() {
    return bytes.clone();
  }

  /** Whether stored key bytes are this key. */
  boolean matches(byte[] stored) {
    return Arrays.equals(bytes, stored);
  }

  /** The ancestor scope of the load. */
  AncestorScope scope() {
    return scope;
  }

  /** The cache file's name: one per folder and scope, so that a new release replaces the old. */
  String fileName() {
    return fileName;
  }

  private static byte[] headDigest(Path file) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    long left = DIGEST_BYTES;
    try (FileChannel channel = FileChannel.open(file)) {
      while (left > 0) {
        buffer.clear();
        if (left < buffer.capacity()) {
          buffer.limit((int) left);
        }
        int read = channel.read(buffer);
        if (read < 0) {
          break;
        }
        buffer.flip();
        digest.update(buffer);
        left -= read;
      }
    }
    return digest.digest();
  }

  private static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
