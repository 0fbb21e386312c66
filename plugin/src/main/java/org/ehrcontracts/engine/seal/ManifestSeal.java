package org.ehrcontracts.engine.seal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The seal of a de-identification manifest and the content it covers.
 *
 * <p>The sealed content is the contract's name and SHA-256, the reference date, and every written
 * file's name, rows, bytes and CRC32C, in file-name order. It is encoded as a sequence of
 * length-prefixed UTF-8 fields behind a version tag, so that no two contents share an encoding (a
 * name with a comma or a line break cannot pose as two fields). What the manifest says besides
 * (tool version, creation time) is information, not evidence, and is not sealed.
 *
 * @param algorithm always {@value #ALGORITHM}
 * @param keyId the {@link SiteKey#id() id} of the key that made it
 * @param value the HMAC, 64 lower-case hex digits
 * @since 0.1.0
 */
public record ManifestSeal(String algorithm, String keyId, String value) {

  /** The only algorithm there is. */
  public static final String ALGORITHM = "HMAC-SHA256";

  /** Tags the encoding, so that a later one cannot be mistaken for this. */
  private static final String VERSION = "ehr-deid-manifest-seal/1";

  /** Checks the parts. */
  public ManifestSeal {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(value, "value");
  }

  /** Never shows the HMAC. */
  @Override
  public String toString() {
    return "ManifestSeal[" + algorithm + ", key " + keyId + "]";
  }

  /**
   * One written file as the manifest lists it.
   *
   * @param name its file name in the output
   * @param rows its data rows
   * @param bytes its size
   * @param crc32c its CRC32C, in hex
   * @since 0.1.0
   */
  public record FileEntry(String name, long rows, long bytes, String crc32c) {

    /** Checks the parts. */
    public FileEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(crc32c, "crc32c");
    }
  }

  /**
   * What the seal covers.
   *
   * @param contractName the contract's name
   * @param contractSha256 the contract's SHA-256, in hex (compared in lower case)
   * @param asOf the reference date, as the manifest writes it
   * @param files the written files, in any order
   * @since 0.1.0
   */
  public record Content(
      String contractName, String contractSha256, String asOf, List<FileEntry> files) {

    /** Checks the parts and copies the list. */
    public Content {
      Objects.requireNonNull(contractName, "contractName");
      Objects.requireNonNull(contractSha256, "contractSha256");
      Objects.requireNonNull(asOf, "asOf");
      files = List.copyOf(files);
    }

    /** The canonical bytes the HMAC is taken over. */
    byte[] canonical() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      field(out, VERSION);
      field(out, contractName);
      field(out, contractSha256.toLowerCase(Locale.ROOT));
      field(out, asOf);
      List<FileEntry> sorted =
          files.stream().sorted(Comparator.comparing(FileEntry::name)).toList();
      field(out, Integer.toString(sorted.size()));
      for (FileEntry file : sorted) {
        field(out, file.name());
        field(out, Long.toString(file.rows()));
        field(out, Long.toString(file.bytes()));
        field(out, file.crc32c().toLowerCase(Locale.ROOT));
      }
      return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
  }
}
