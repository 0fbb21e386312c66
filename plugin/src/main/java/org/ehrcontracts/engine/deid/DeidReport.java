package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.json.ContractRef;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The reports of a de-identification: {@code deid.json}, a small self-contained {@code deid.html},
 * and the lines for the build log.
 *
 * <p>They hold counts, file and column names, the reference date and the contract; never an id, a
 * date of a row or any other value, so they can be shared like the verification reports.
 *
 * @since 0.1.0
 */
public final class DeidReport {

  /**
   * The machine-readable report's file name.
   *
   * @since 0.1.0
   */
  public static final String JSON = "deid.json";

  /**
   * The page's file name.
   *
   * @since 0.1.0
   */
  public static final String HTML = "deid.html";

  private DeidReport() {}

  /**
   * Writes {@code deid.json} and {@code deid.html} into {@code <directory>/<output name>/}, each
   * atomically.
   *
   * @param result what de-identification did
   * @param directory the folder that holds a folder per de-identified export
   * @return the files written
   * @throws IOException if a file cannot be written
   * @since 0.1.0
   */
  public static List<Path> write(DeidResult result, Path directory) throws IOException {
    Path folder = directory.resolve(result.output().getFileName().toString());
    Files.createDirectories(folder);
    Path json = folder.resolve(JSON);
    Path html = folder.resolve(HTML);
    writeAtomically(json, json(result));
    writeAtomically(html, html(result));
    return List.of(json, html);
  }

  /**
   * Renders {@code deid.json}.
   *
   * @since 0.1.0
   */
  public static String json(DeidResult r) {
    return JsonDocuments.write(document(r));
  }

  /**
   * The document {@code deid.json} of a result.
   *
   * @since 0.1.0
   */
  public static DeidDocument document(DeidResult r) {
    DeidResult.Ids ids = r.ids();
    List<DeidDocument.File> files = new ArrayList<>();
    for (DeidResult.FileStats f : r.files()) {
      files.add(
          new DeidDocument.File(
              f.file(),
              f.table(),
              f.rowsIn(),
              f.rowsOut(),
              new DeidDocument.Removed(
                  f.removedWithPersons(),
                  f.removedUnlinked(),
                  f.removedCascade(),
                  f.removedMalformed()),
              f.idsReplaced(),
              f.datesTruncated(),
              f.timesTruncated(),
              f.datesUnparseable(),
              f.valuesBlanked(),
              f.bytes(),
              f.crc32c()));
    }
    List<DeidDocument.Decision> decisions = new ArrayList<>();
    for (Map.Entry<ColumnRef, DeidentificationPolicy.ColumnDecision> e : r.decisions().entrySet()) {
      decisions.add(
          new DeidDocument.Decision(
              e.getKey().table(),
              e.getKey().column(),
              e.getValue().action().word(),
              e.getValue().why()));
    }
    return new DeidDocument(
        ToolRef.of(r.toolVersion()),
        ContractRef.of(r.contract(), r.contractVersion(), r.contractDigest()),
        r.export(),
        r.output().toString(),
        r.asOf().toString(),
        r.maxAge().isPresent() ? r.maxAge().getAsInt() : null,
        r.started().truncatedTo(ChronoUnit.MILLIS).toString(),
        r.duration().toMillis(),
        r.persons(),
        new DeidDocument.Ids(
            ids.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            ids.digits(),
            ids.reused(),
            ids.issued(),
            ids.reissued(),
            ids.stored()),
        new DeidDocument.Summary(r.rowsIn(), r.rowsOut(), r.bytesOut()),
        files,
        new DeidDocument.Columns(
            names(r.personColumns()),
            names(r.dateColumns()),
            names(r.birthParts()),
            names(r.blanked())),
        decisions,
        r.notWritten(),
        r.notCopied(),
        new DeidDocument.Verifications(
            r.input().map(DeidReport::verification).orElse(null),
            r.verification().map(DeidReport::verification).orElse(null)));
  }

  private static List<String> names(List<ColumnRef> columns) {
    return columns.stream().map(ColumnRef::toString).toList();
  }

  private static DeidDocument.Verification verification(VerifyResult result) {
    return new DeidDocument.Verification(
        result.rows(),
        result.count(Severity.ERROR),
        result.count(Severity.WARNING),
        result.count(Severity.INFO));
  }

  /**
   * The lines for the build log: one per file, then the persons and ids.
   *
   * @since 0.1.0
   */
  public static List<String> console(DeidResult r) {
    List<String> lines = new ArrayList<>();
    int width = 4;
    int inWidth = 1;
    int outWidth = 1;
    for (DeidResult.FileStats f : r.files()) {
      width = Math.max(width, f.file().length());
      inWidth = Math.max(inWidth, String.format(Locale.ROOT, "%,d", f.rowsIn()).length());
      outWidth = Math.max(outWidth, String.format(Locale.ROOT, "%,d", f.rowsOut()).length());
    }
    for (DeidResult.FileStats f : r.files()) {
      long removed = f.rowsIn() - f.rowsOut();
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  %-" + width + "s  %," + inWidth + "d rows in  %," + outWidth + "d out",
                  f.file(),
                  f.rowsIn(),
                  f.rowsOut()));
      if (removed > 0) {
        line.append(String.format(Locale.ROOT, "   %,d removed (", removed));
        List<String> why = new ArrayList<>();
        if (f.removedWithPersons() > 0) {
          why.add(String.format(Locale.ROOT, "%,d of removed persons", f.removedWithPersons()));
        }
        if (f.removedUnlinked() > 0) {
          why.add(String.format(Locale.ROOT, "%,d of unknown persons", f.removedUnlinked()));
        }
        if (f.removedCascade() > 0) {
          why.add(String.format(Locale.ROOT, "%,d referring to removed rows", f.removedCascade()));
        }
        if (f.removedMalformed() > 0) {
          why.add(
              String.format(
                  Locale.ROOT,
                  "%,d with more or fewer fields than the header",
                  f.removedMalformed()));
        }
        line.append(String.join(", ", why)).append(')');
      }
      if (f.datesUnparseable() > 0) {
        line.append(
            String.format(Locale.ROOT, "; %,d unreadable dates emptied", f.datesUnparseable()));
      }
      lines.add(line.toString());
    }
    for (DeidResult.NotWritten n : r.notWritten()) {
      lines.add("  " + n.file() + "  not written: " + n.why());
    }
    DeidResult.Persons p = r.persons();
    StringBuilder persons =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Persons: %,d kept, %,d removed as older than %s on %s",
                p.kept(),
                p.removedForAge(),
                r.maxAge().isPresent() ? String.valueOf(r.maxAge().getAsInt()) : "(no limit)",
                r.asOf()));
    if (p.removedWithoutBirthYear() > 0) {
      persons.append(
          String.format(
              Locale.ROOT, ", %,d removed without a year of birth", p.removedWithoutBirthYear()));
    }
    if (p.withoutId() > 0) {
      persons.append(
          String.format(Locale.ROOT, ", %,d person rows without an id removed", p.withoutId()));
    }
    if (p.unknownReferenced() > 0) {
      persons.append(
          String.format(
              Locale.ROOT,
              "; %,d person ids referred to but missing from the person table (their rows removed)",
              p.unknownReferenced()));
    }
    lines.add(persons.toString());
    DeidResult.Ids ids = r.ids();
    lines.add(
        String.format(
            Locale.ROOT,
            "New ids (%d digits, %s crosswalk): %,d reused, %,d new%s",
            ids.digits(),
            ids.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            ids.reused(),
            ids.issued(),
            ids.reissued() > 0
                ? String.format(
                    Locale.ROOT,
                    ", %,d renumbered because their old number is an original id of this export",
                    ids.reissued())
                : ""));
    return lines;
  }

  /**
   * Renders {@code deid.html}, one self-contained page.
   *
   * @since 0.1.0
   */
  public static String html(DeidResult r) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<title>De-identification of ").append(esc(r.export())).append("</title>\n");
    h.append(
        "<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}"
            + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}"
            + "table.words th,table.words td{text-align:left}"
            + "code{background:#f4f4f4;padding:0 .2em}</style>\n</head>\n<body>\n");
    h.append("<h1>De-identification of <code>").append(esc(r.export())).append("</code></h1>\n");
    h.append("<p>Contract <code>")
        .append(esc(r.contract()))
        .append(' ')
        .append(esc(r.contractVersion()))
        .append("</code>, reference date ")
        .append(r.asOf())
        .append(", age limit ")
        .append(r.maxAge().isPresent() ? String.valueOf(r.maxAge().getAsInt()) : "none")
        .append(", tool ")
        .append(esc(r.toolVersion()))
        .append(".</p>\n");
    DeidResult.Persons p = r.persons();
    h.append("<h2>Persons</h2>\n<table>\n");
    row(h, "person rows read", p.rows());
    row(h, "persons kept", p.kept());
    row(h, "removed: older than the limit", p.removedForAge());
    row(h, "removed: no year of birth", p.removedWithoutBirthYear());
    row(h, "removed: person rows without an id", p.withoutId());
    row(h, "ids referred to but missing from the person table", p.unknownReferenced());
    DeidResult.Ids ids = r.ids();
    row(h, "new ids reused from the crosswalk", ids.reused());
    row(h, "new ids issued", ids.issued());
    row(h, "new ids renumbered", ids.reissued());
    h.append("</table>\n<h2>Files</h2>\n<table>\n<tr><th>file</th><th>rows in</th>")
        .append("<th>rows out</th><th>of removed persons</th><th>of unknown persons</th>")
        .append("<th>referring to removed rows</th><th>malformed rows</th><th>ids replaced</th>")
        .append("<th>dates truncated</th><th>times truncated</th>")
        .append("<th>unreadable dates emptied</th><th>values blanked</th><th>bytes</th>")
        .append("<th>CRC32C</th></tr>\n");
    for (DeidResult.FileStats f : r.files()) {
      h.append("<tr><td>").append(esc(f.file())).append("</td>");
      for (long n :
          new long[] {
            f.rowsIn(),
            f.rowsOut(),
            f.removedWithPersons(),
            f.removedUnlinked(),
            f.removedCascade(),
            f.removedMalformed(),
            f.idsReplaced(),
            f.datesTruncated(),
            f.timesTruncated(),
            f.datesUnparseable(),
            f.valuesBlanked(),
            f.bytes()
          }) {
        h.append("<td>").append(String.format(Locale.ROOT, "%,d", n)).append("</td>");
      }
      h.append("<td><code>").append(esc(f.crc32c())).append("</code></td></tr>\n");
    }
    h.append("</table>\n<h2>Columns</h2>\n<table>\n");
    columnRow(h, "person ids replaced", r.personColumns());
    columnRow(h, "dates set to January 1", r.dateColumns());
    columnRow(h, "birth month and day set to 1", r.birthParts());
    columnRow(h, "emptied", r.blanked());
    h.append("</table>\n");
    if (!r.notWritten().isEmpty()) {
      h.append("<h2>Tables not written</h2>\n<table class=\"words\">\n")
          .append("<tr><th>file</th><th>why</th></tr>\n");
      for (DeidResult.NotWritten n : r.notWritten()) {
        h.append("<tr><td><code>").append(esc(n.file())).append("</code></td>");
        h.append("<td style=\"text-align:left\">").append(esc(n.why())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Every column's decision</h2>\n<table class=\"words\">\n")
        .append("<tr><th>table</th><th>column</th><th>decision</th><th>why</th></tr>\n");
    for (Map.Entry<ColumnRef, DeidentificationPolicy.ColumnDecision> e : r.decisions().entrySet()) {
      h.append("<tr><td>").append(esc(e.getKey().table())).append("</td><td><code>");
      h.append(esc(e.getKey().column())).append("</code></td><td>");
      h.append(esc(e.getValue().action().word())).append("</td><td style=\"text-align:left\">");
      h.append(esc(e.getValue().why())).append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (!r.notCopied().isEmpty()) {
      h.append("<p>Not copied: ");
      for (int i = 0; i < r.notCopied().size(); i++) {
        h.append(i > 0 ? ", " : "").append("<code>").append(esc(r.notCopied().get(i)));
        h.append("</code>");
      }
      h.append(".</p>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String label, long n) {
    h.append("<tr><td>").append(esc(label)).append("</td><td>");
    h.append(String.format(Locale.ROOT, "%,d", n)).append("</td></tr>\n");
  }

  private static void columnRow(StringBuilder h, String label, List<ColumnRef> columns) {
    h.append("<tr><td>").append(esc(label)).append("</td><td style=\"text-align:left\">");
    for (int i = 0; i < columns.size(); i++) {
      h.append(i > 0 ? ", " : "").append("<code>").append(esc(columns.get(i).toString()));
      h.append("</code>");
    }
    h.append("</td></tr>\n");
  }

  private static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void writeAtomically(Path target, String content) throws IOException {
    ReportFiles.writeAtomically(target, content);
  }
}
