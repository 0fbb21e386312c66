package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.ExportRef;
import org.ehrcontracts.engine.json.JsonDocumentException;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.verify.PreviousUpload;

/**
 * The receipt of a deploy, {@code <reportDirectory>/<export name>/deploy.json}.
 *
 * <p>The document has {@code tool}, {@code contract}, {@code export} (name and the directory
 * uploaded), {@code bucket}, {@code folder}, {@code started}, {@code durationMillis}, {@code
 * status} ({@code complete} or {@code failed}), {@code failure}, {@code summary} and {@code
 * objects}: for each file its {@code file}, {@code object}, {@code bytes}, {@code crc32c} (8 hex
 * digits), {@code action} ({@code uploaded}, {@code already-there}, {@code failed}, {@code
 * not-attempted}), {@code replaced}, {@code generation} and {@code time} (when the stored
 * generation was written), {@code message}, and {@code rows} (its data rows, as {@code ehr:verify}
 * counted them, which the next {@code ehr:verify} compares with: {@code previousUpload}). It holds
 * no credentials and no cell value.
 *
 * @since 0.1.0
 */
public final class DeployReceipts {

  /**
   * The receipt's file name.
   *
   * @since 0.1.0
   */
  public static final String FILE_NAME = "deploy.json";

  private DeployReceipts() {}

  /**
   * Renders a receipt as JSON.
   *
   * @since 0.1.0
   */
  public static String render(DeployReceipt receipt) {
    return JsonDocuments.write(document(receipt));
  }

  /**
   * The document of a receipt.
   *
   * @since 0.1.0
   */
  public static DeployDocument document(DeployReceipt receipt) {
    DeployPlan plan = receipt.plan();
    List<DeployDocument.ObjectEntry> objects = new ArrayList<>();
    for (DeployReceipt.ObjectReceipt object : receipt.objects()) {
      objects.add(
          new DeployDocument.ObjectEntry(
              object.file(),
              object.object(),
              object.size(),
              object.crc32c(),
              action(object.action()),
              object.replaced(),
              object.generation().isPresent() ? object.generation().getAsLong() : null,
              object.time().map(t -> t.truncatedTo(ChronoUnit.MILLIS).toString()).orElse(null),
              object.message().orElse(null),
              plan.rows().get(object.file())));
    }
    return new DeployDocument(
        ToolRef.of(plan.toolVersion()),
        ContractRef.of(plan.contract(), plan.contractVersion(), plan.contractDigest()),
        new ExportRef(plan.exportName(), plan.source().toString()),
        plan.bucket(),
        plan.folder(),
        receipt.started().truncatedTo(ChronoUnit.MILLIS).toString(),
        receipt.duration().toMillis(),
        receipt.complete() ? "complete" : "failed",
        receipt.failure().orElse(null),
        new DeployDocument.Summary(
            receipt.objects().size(),
            receipt.count(DeployReceipt.Action.UPLOADED),
            receipt.count(DeployReceipt.Action.ALREADY_THERE),
            receipt.count(DeployReceipt.Action.FAILED),
            receipt.count(DeployReceipt.Action.NOT_ATTEMPTED),
            receipt.bytesUploaded()),
        objects);
  }

  /**
   * Writes the receipt atomically to {@code <reportDirectory>/<export name>/deploy.json}.
   *
   * @return the file written
   * @since 0.1.0
   */
  public static Path write(DeployReceipt receipt) throws IOException {
    Path file = location(receipt.plan().reportDirectory(), receipt.plan().exportName());
    Files.createDirectories(file.getParent());
    ReportFiles.writeAtomically(file, render(receipt));
    return file;
  }

  /**
   * Reads a receipt as the last upload that {@code ehr:verify} compares each table's rows with.
   *
   * @param file the receipt
   * @param shown how to name it in messages
   * @return the upload; its {@code rows} are empty for a receipt of an older version, which has no
   *     row counts
   * @throws IOException if it cannot be read
   * @throws JsonDocumentException if it is no receipt
   * @since 0.2.0
   */
  public static PreviousUpload previousUpload(Path file, String shown)
      throws IOException, JsonDocumentException {
    DeployDocument doc = JsonDocuments.read(file, DeployDocument.class);
    Map<String, Long> rows = new LinkedHashMap<>();
    for (DeployDocument.ObjectEntry object : doc.objects()) {
      if (object.file() != null && object.rows() != null && object.rows() >= 0) {
        rows.put(object.file(), object.rows());
      }
    }
    return new PreviousUpload(
        shown,
        doc.folder() == null ? "?" : doc.folder(),
        doc.started() == null ? "" : doc.started(),
        rows);
  }

  /**
   * The newest complete receipt of a deploy with the named contract in a folder: its own {@code
   * deploy.json}, or that of one of its subfolders ({@code <reportDirectory>/<export
   * name>/deploy.json}). Files that are no readable receipt are passed over.
   *
   * @param folder the folder, such as the report directory
   * @param contract the contract's name
   * @return the receipt, if there is one
   * @throws IOException if the folder cannot be listed
   * @since 0.2.0
   */
  public static Optional<Path> newest(Path folder, String contract) throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(folder.resolve(FILE_NAME));
    if (Files.isDirectory(folder)) {
      try (Stream<Path> children = Files.list(folder)) {
        children
            .filter(Files::isDirectory)
            .map(child -> child.resolve(FILE_NAME))
            .sorted()
            .forEach(candidates::add);
      }
    }
    Path best = null;
    String bestStarted = "";
    for (Path candidate : candidates) {
      if (!Files.isRegularFile(candidate)) {
        continue;
      }
      DeployDocument doc;
      try {
        doc = JsonDocuments.read(candidate, DeployDocument.class);
      } catch (IOException | JsonDocumentException e) {
        continue;
      }
      boolean sameContract = doc.contract() != null && contract.equals(doc.contract().name());
      // ISO-8601 instants in UTC to the millisecond sort as text.
      if ("complete".equals(doc.status())
          && sameContract
          && doc.started() != null
          && doc.started().compareTo(bestStarted) > 0) {
        best = candidate;
        bestStarted = doc.started();
      }
    }
    return Optional.ofNullable(best);
  }

  /** Where the receipt of an export goes. */
  static Path location(Path reportDirectory, String exportName) {
    return reportDirectory.resolve(exportName).resolve(FILE_NAME);
  }

  static String action(DeployReceipt.Action action) {
    return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The parts of an earlier receipt that decide whether its folder can be resumed.
   *
   * @param bucket its bucket
   * @param folder its folder
   * @param started when it started
   * @param files each file's name, with its size and CRC32C
   */
  record Previous(String bucket, String folder, String started, Map<String, String> files) {}

  /** Reads an earlier receipt of the export, if there is a readable one. */
  static Optional<Previous> previous(Path reportDirectory, String exportName) {
    Path file = location(reportDirectory, exportName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    DeployDocument doc;
    try {
      doc = JsonDocuments.read(file, DeployDocument.class);
    } catch (IOException | JsonDocumentException e) {
      return Optional.empty();
    }
    if (doc.bucket() == null || doc.folder() == null) {
      return Optional.empty();
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (DeployDocument.ObjectEntry object : doc.objects()) {
      if (object.file() == null || object.bytes() == null || object.crc32c() == null) {
        return Optional.empty();
      }
      files.put(object.file(), object.bytes() + ":" + object.crc32c().toLowerCase(Locale.ROOT));
    }
    return Optional.of(
        new Previous(
            doc.bucket(), doc.folder(), doc.started() == null ? "?" : doc.started(), files));
  }

  /** The size and checksum key of plan items, to compare with {@link Previous#files()}. */
  static Map<String, String> fingerprint(List<PlanItem> items) {
    Map<String, String> files = new LinkedHashMap<>();
    for (PlanItem item : items) {
      files.put(item.file(), item.size() + ":" + item.crc32c().toLowerCase(Locale.ROOT));
    }
    return files;
  }
}
