package org.ehrcontracts.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.verify.RowComparison;

/** The words every report uses for the comparison with the last upload ({@code previousUpload}). */
final class PreviousUploadText {

  private PreviousUploadText() {}

  /**
   * {@code Since the last upload (2026-09-30, folder 2026-09-30-v1, receipt receipts/deploy.json)}.
   */
  static String heading(RowComparison comparison) {
    String day = comparison.uploaded().length() >= 10 ? comparison.uploaded().substring(0, 10) : "";
    return "Since the last upload ("
        + (day.isEmpty() ? "" : day + ", ")
        + "folder "
        + comparison.folder()
        + ", receipt "
        + comparison.receipt()
        + ")";
  }

  /** The rows then, or {@code not uploaded}. */
  static String before(RowComparison.TableChange change) {
    return change.before().isPresent() ? ReportText.count(change.before().getAsLong()) : "-";
  }

  /** The rows now, or {@code 0 (no file)}. */
  static String after(RowComparison.TableChange change) {
    return ReportText.count(change.after()) + (change.present() ? "" : " (no file)");
  }

  /** The change: {@code -40 %}, or why there is none. */
  static String change(RowComparison.TableChange change) {
    if (change.change().isPresent()) {
      return RowComparison.percent(change.change().getAsDouble());
    }
    return change.before().isPresent() ? "new rows" : "not uploaded then";
  }

  /** The verdict: the problem's severity, or {@code ok}. */
  static String verdict(RowComparison.TableChange change) {
    return change.severity().map(s -> s.label()).orElse("ok");
  }

  /** The table as rows of cells: table, then, now, change, verdict; with a heading row first. */
  static List<String[]> rows(RowComparison comparison) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"table", "then", "now", "change", ""});
    for (RowComparison.TableChange change : comparison.tables()) {
      rows.add(
          new String[] {
            change.table(), before(change), after(change), change(change), verdict(change)
          });
    }
    return rows;
  }

  /** The HTML section, after the files; empty without a receipt. */
  static String html(Optional<RowComparison> previous) {
    if (previous.isEmpty()) {
      return "";
    }
    RowComparison comparison = previous.get();
    StringBuilder html = new StringBuilder();
    html.append("<h2 id='previous-upload'>")
        .append(HtmlReportWriter.escape(heading(comparison)))
        .append("</h2>\n<table>\n<thead><tr><th scope='col'>Table</th>")
        .append(
            "<th scope='col' class='num'>Rows then</th><th scope='col' class='num'>Rows now</th>")
        .append(
            "<th scope='col' class='num'>Change</th><th scope='col'>Verdict</th></tr></thead>\n")
        .append("<tbody>\n");
    for (RowComparison.TableChange change : comparison.tables()) {
      String verdict = verdict(change);
      html.append("<tr><td class='mono'>")
          .append(HtmlReportWriter.escape(change.table()))
          .append("</td><td class='num'>")
          .append(HtmlReportWriter.escape(before(change)))
          .append("</td><td class='num'>")
          .append(HtmlReportWriter.escape(after(change)))
          .append("</td><td class='num'>")
          .append(HtmlReportWriter.escape(change(change)))
          .append("</td><td")
          .append(change.severity().isPresent() ? " class='" + verdict + "'" : "")
          .append(">")
          .append(verdict)
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    return html.toString();
  }

  /** The Markdown section of the job summary; empty without a receipt. */
  static String markdown(Optional<RowComparison> previous) {
    if (previous.isEmpty()) {
      return "";
    }
    RowComparison comparison = previous.get();
    StringBuilder md = new StringBuilder();
    md.append("\n#### ").append(GithubActions.cell(heading(comparison))).append("\n\n");
    md.append("| Table | Rows then | Rows now | Change | |\n");
    md.append("|---|--:|--:|--:|---|\n");
    for (RowComparison.TableChange change : comparison.tables()) {
      String verdict = verdict(change);
      md.append("| ")
          .append(GithubActions.cell(change.table()))
          .append(" | ")
          .append(before(change))
          .append(" | ")
          .append(after(change))
          .append(" | ")
          .append(change(change))
          .append(" | ")
          .append(change.severity().isPresent() ? "**" + verdict + "**" : verdict)
          .append(" |\n");
    }
    return md.toString();
  }
}
