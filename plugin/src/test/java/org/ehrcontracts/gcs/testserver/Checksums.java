package org.ehrcontracts.gcs.testserver;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/** The two object checksums of GCS, in the base64 form of its JSON API. */
public final class Checksums {

  private Checksums() {}

  /** Returns the CRC32C of {@code data} as base64 of its 4 big-endian bytes. */
  public static String crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    byte[] bigEndian = ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array();
    return Base64.getEncoder().encodeToString(bigEndian);
  }

  /** Returns the MD5 digest of {@code data} in base64. */
  public static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }
}
