package org.ehrcontracts.engine.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.report.JsonReader;
import org.ehrcontracts.engine.report.JsonWriter;
import org.ehrcontracts.engine.report.ReportFiles;

/**
 * The receipt of a deploy, {@code <reportDirectory>/<export name>/deploy.json}.
 *
 * <p>The document has {@code tool}, {@code contract}, {@code export} (name and the directory
 * uploaded), {@code bucket}, {@code folder}, {@code started}, {@code durationMillis}, {@code
 * status} ({@code complete} or {@code failed}), {@code failure}, {@code summary} and {@code
 * objects}: for each file its {@code file}, {@code object}, {@code bytes}, {@code crc32c} (8 hex
 * digits), {@code action} ({@code uploaded}, {@code already-there}, {@code failed}, {@code
 * not-attempted}), {@code replaced}, {@code generation} and {@code time} (when the stored
 * generation was written), and {@code message}. It holds no credentials.
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
    DeployPlan plan = receipt.plan();
    JsonWriter json = new JsonWriter().beginObject();
    json.name("tool").beginObject();
    json.name("name").value("ehr-maven-plugin");
    json.name("version").value(plan.toolVersion());
    json.endObject();
    json.name("contract").beginObject();
    json.name("name").value(plan.contract());
    json.name("version").value(plan.contractVersion());
    json.name("sha256").value(plan.contractDigest());
    json.endObject();
    json.name("export").beginObject();
    json.name("name").value(plan.exportName());
    json.name("directory").value(plan.source().toString());
    json.endObject();
    json.name("bucket").value(plan.bucket());
    json.name("folder").value(plan.folder());
    json.name("started").value(receipt.started().truncatedTo(ChronoUnit.MILLIS).toString());
    json.name("durationMillis").value(receipt.duration().toMillis());
    json.name("status").value(receipt.complete() ? "complete" : "failed");
    json.name("failure").value(receipt.failure().orElse(null));
    json.name("summary").beginObject();
    json.name("files").value(receipt.objects().size());
    json.name("uploaded").value(receipt.count(DeployReceipt.Action.UPLOADED));
    json.name("alreadyThere").value(receipt.count(DeployReceipt.Action.ALREADY_THERE));
    json.name("failed").value(receipt.count(DeployReceipt.Action.FAILED));
    json.name("notAttempted").value(receipt.count(DeployReceipt.Action.NOT_ATTEMPTED));
    json.name("bytesUploaded").value(receipt.bytesUploaded());
    json.endObject();
    json.name("objects").beginArray();
    for (DeployReceipt.ObjectReceipt object : receipt.objects()) {
      json.beginObject();
      json.name("file").value(object.file());
      json.name("object").value(object.object());
      json.name("bytes").value(object.size());
      json.name("crc32c").value(object.crc32c());
      json.name("action").value(action(object.action()));
      json.name("replaced").value(object.replaced());
      if (object.generation().isPresent()) {
        json.name("generation").value(object.generation().getAsLong());
      } else {
        json.name("generation").nullValue();
      }
      json.name("time")
          .value(object.time().map(t -> t.truncatedTo(ChronoUnit.MILLIS).toString()).orElse(null));
      json.name("message").value(object.message().orElse(null));
      json.endObject();
    }
    json.endArray();
    return json.endObject().toString();
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
    try {
      Object doc = JsonReader.parse(Files.readString(file, StandardCharsets.UTF_8));
      Optional<String> bucket = JsonDoc.string(doc, "bucket");
      Optional<String> folder = JsonDoc.string(doc, "folder");
      if (bucket.isEmpty() || folder.isEmpty()) {
        return Optional.empty();
      }
      Map<String, String> files = new LinkedHashMap<>();
      for (Object object : JsonDoc.list(doc, "objects")) {
        Optional<String> name = JsonDoc.string(object, "file");
        Optional<Long> bytes = JsonDoc.number(object, "bytes");
        Optional<String> crc = JsonDoc.string(object, "crc32c");
        if (name.isEmpty() || bytes.isEmpty() || crc.isEmpty()) {
          return Optional.empty();
        }
        files.put(name.get(), bytes.get() + ":" + crc.get().toLowerCase(Locale.ROOT));
      }
      return Optional.of(
          new Previous(
              bucket.get(), folder.get(), JsonDoc.string(doc, "started").orElse("?"), files));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
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
