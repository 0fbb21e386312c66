package org.ehrcontracts.engine.seal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ToolRef;

/**
 * The manifest {@value #FILE_NAME} that {@code ehr:deidentify} writes into its output and {@code
 * ehr:deploy} reads back: what was written, with sizes and checksums, under a {@link ManifestSeal}.
 *
 * <p>Members that a hand-written or older manifest may lack read as {@code null}; {@link
 * #sealedContent()} and {@link Seal#toSeal()} say whether the sealed parts are all there.
 *
 * @param tool the tool that wrote it
 * @param contract the contract it was de-identified under
 * @param asOf the reference date, {@code yyyy-MM-dd}
 * @param created when it was written, ISO-8601 in UTC, to the second
 * @param files every written file by name, in the order written
 * @param seal the seal over {@link #sealedContent()}
 * @since 0.1.0
 */
public record DeidManifest(
    ToolRef tool,
    ContractRef contract,
    String asOf,
    String created,
    Map<String, Entry> files,
    Seal seal) {

  /**
   * The manifest's file name in a de-identified export.
   *
   * @since 0.1.0
   */
  public static final String FILE_NAME = ".ehr-deid.json";

  /** Copies the files, keeping their order; a missing map reads as empty. */
  public DeidManifest {
    files = files == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * A manifest of written files under a seal made over them.
   *
   * @since 0.1.0
   */
  public static DeidManifest of(
      ToolRef tool,
      ContractRef contract,
      String asOf,
      String created,
      List<ManifestSeal.FileEntry> files,
      ManifestSeal seal) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (ManifestSeal.FileEntry file : files) {
      entries.put(file.name(), new Entry(file.rows(), file.bytes(), file.crc32c()));
    }
    return new DeidManifest(
        tool,
        contract,
        asOf,
        created,
        entries,
        new Seal(seal.algorithm(), seal.keyId(), seal.value()));
  }

  /**
   * What the seal covers, if every part of it is there.
   *
   * @since 0.1.0
   */
  public Optional<ManifestSeal.Content> sealedContent() {
    if (contract == null || contract.name() == null || contract.sha256() == null || asOf == null) {
      return Optional.empty();
    }
    List<ManifestSeal.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, Entry> file : files.entrySet()) {
      Entry entry = file.getValue();
      if (entry == null
          || entry.rows() == null
          || entry.bytes() == null
          || entry.crc32c() == null) {
        return Optional.empty();
      }
      entries.add(
          new ManifestSeal.FileEntry(file.getKey(), entry.rows(), entry.bytes(), entry.crc32c()));
    }
    return Optional.of(new ManifestSeal.Content(contract.name(), contract.sha256(), asOf, entries));
  }

  /**
   * One written file.
   *
   * @param rows its data rows
   * @param bytes its size
   * @param crc32c its CRC32C, in hex
   * @since 0.1.0
   */
  public record Entry(Long rows, Long bytes, String crc32c) {}

  /**
   * The seal as the manifest writes it.
   *
   * @param algorithm {@value ManifestSeal#ALGORITHM}
   * @param key the id of the site key that made it
   * @param hmac the HMAC, in hex
   * @since 0.1.0
   */
  public record Seal(String algorithm, String key, String hmac) {

    /**
     * The seal, if every part of it is there.
     *
     * @since 0.1.0
     */
    public Optional<ManifestSeal> toSeal() {
      return algorithm == null || key == null || hmac == null
          ? Optional.empty()
          : Optional.of(new ManifestSeal(algorithm, key, hmac));
    }

    /** Never shows the HMAC. */
    @Override
    public String toString() {
      return "Seal[" + algorithm + ", key " + key + "]";
    }
  }
}
