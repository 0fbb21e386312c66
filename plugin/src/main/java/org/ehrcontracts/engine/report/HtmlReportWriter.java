package org.ehrcontracts.engine.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ehrcontracts.engine.contract.ContractOrigin;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * The report of a verification for people, {@code verify.html}: one self-contained page.
 *
 * <p>The page has inline CSS and one inline script of its own, and no font, image or link, so that
 * it opens offline, in a CI artefact viewer or from an e-mail, and prints well. Problems come
 * errors first: the files with errors, then those with warnings, then the rest, and in each file
 * the rules by severity. Problem groups are {@code <details>} elements, so that they collapse
 * without script; when the export has errors, only the error groups are open. The script adds a
 * filter by severity and rule (also read from the address, as in {@code
 * verify.html#severity=error&rule=type.date}) and opens every group for printing; a
 * Content-Security-Policy lets no other script run. All text is HTML-escaped.
 *
 * <p>When the contract lists metrics, a section after the files shows the DRC scorecard ({@link
 * ScorecardHtml}): each table's metrics as inline-SVG bars against their targets.
 *
 * @since 0.1.0
 */
public final class HtmlReportWriter {

  /**
   * The report's file name.
   *
   * @since 0.1.0
   */
  public static final String FILE_NAME = "verify.html";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

  private static final DateTimeFormatter STARTED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  // The template has no double quote: the QDox parser of maven-plugin-plugin's descriptor goal
  // fails on double quotes in text blocks. Colours keep a contrast of at least 7:1 against their
  // background (WCAG AAA), and every
  // status and severity is also spelled out, so that nothing depends on colour alone.
  private static final String PAGE =
      """
      <!DOCTYPE html>
      <html lang='en'>
      <head>
      <meta charset='utf-8'>
      <meta name='viewport' content='width=device-width, initial-scale=1'>
      ${csp}
      <title>${status}: ${export} (ehr:verify)</title>
      <style>
      :root { color-scheme: light; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 76rem; padding: 1.5rem; color: #1a1a1a; background: #fff;
        font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial,
        sans-serif; }
      h1 { font-size: 1.6rem; margin: 0 0 .75rem; }
      h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .2rem;
        border-bottom: 1px solid #c8c8c8; }
      h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
      code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono',
        monospace; font-size: .9em; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
        margin: 0; }
      dl.facts dt { font-weight: 600; }
      dl.facts dd { margin: 0; }
      .totals { font-size: 1.05rem; margin: 1rem 0 0; }
      .badge { display: inline-block; padding: .05em .55em; border: 1px solid transparent;
        border-radius: .3em; font-size: .8em; font-weight: 700; letter-spacing: .04em;
        vertical-align: middle; }
      .passed { background: #1b5e20; color: #fff; }
      .failed { background: #b00020; color: #fff; }
      .sev { font-weight: 700; text-transform: uppercase; font-size: .8em; letter-spacing: .04em; }
      .error { color: #b00020; }
      .warning { color: #7a4100; }
      .info { color: #0b4f8a; }
      .st-passed { color: #1b5e20; }
      .st-warnings { color: #7a4100; }
      .st-failed { color: #b00020; }
      .st-missing { color: #b00020; }
      .st-absent, .st-not-checked { color: #5f6368; }
      .muted { color: #555; }
      table { border-collapse: collapse; width: 100%; margin: .25rem 0; }
      th, td { text-align: left; vertical-align: top; padding: .3rem .6rem;
        border-bottom: 1px solid #ddd; }
      thead th { border-bottom: 2px solid #999; }
      .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      details { border: 1px solid #ccc; border-radius: .3rem; margin: .6rem 0; }
      summary { cursor: pointer; padding: .45rem .7rem; background: #f4f4f4; }
      details[open] > summary { border-bottom: 1px solid #ccc; }
      details > :not(summary) { margin-left: .7rem; margin-right: .7rem; }
      details > table { width: calc(100% - 1.4rem); }
      .held { border: 1px solid #0b4f8a; color: #0b4f8a; border-radius: .3em; padding: 0 .4em;
        font-size: .8em; }
      .note { margin: .5rem .7rem; padding: .3rem .6rem; border-left: 3px solid #777;
        background: #fafafa; }
      #filter { margin: .5rem 0 1rem; }
      #filter fieldset { border: 1px solid #ccc; border-radius: .3rem; display: flex;
        flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; }
      footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid #c8c8c8;
        font-size: .9rem; color: #333; }
      footer h2 { font-size: 1rem; border: 0; margin-top: 0; }
      .mk-met { color: #1b5e20; }
      .mk-missed { color: #b00020; }
      .mk-no-target, .mk-not-computed { color: #0b4f8a; }
      svg.bar { vertical-align: middle; }
      .scale { font-size: .85em; }
      section.score h3 { margin-top: 1.2rem; }
      section.score table { table-layout: fixed; }
      section.score details > table { width: calc(100% - 1.4rem); }
      section.score th:nth-child(1) { width: 15rem; }
      section.score th:nth-child(2), section.score th:nth-child(3) { width: 6.5rem; }
      section.score th:nth-child(4) { width: 7.5rem; }
      section.score td { overflow-wrap: anywhere; }
      section.score td.mono { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      @media print {
        body { max-width: none; padding: 0; font-size: 10pt; }
        * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        summary { background: none; list-style: none; }
        summary::-webkit-details-marker { display: none; }
        tr, summary, .note { break-inside: avoid; }
        h2, h3 { break-after: avoid; }
        #filter { display: none; }
      }
      </style>
      </head>
      <body>
      <header>
      <h1>Export <span class='mono'>${export}</span> <span class='badge ${statusClass}'>${status}</span></h1>
      <dl class='facts'>
      <dt>Contract</dt><dd>${contract} ${contractVersion} <span class='mono muted' title='SHA-256 ${digest}'>sha256:${shortDigest}</span></dd>
      <dt>Started</dt><dd>${started}, took ${duration}</dd>
      <dt>Checked as</dt><dd>${deidentified}</dd>
      <dt>Vocabulary</dt><dd>${vocabulary}</dd>
      <dt>Tool</dt><dd>ehr-maven-plugin ${toolVersion}</dd>
      </dl>
      <p class='totals'>${totals}</p>
      </header>
      <main>
      <h2>Files</h2>
      <table>
      <thead><tr><th scope='col'>File</th><th scope='col'>Table</th><th scope='col'>Status</th><th scope='col' class='num'>Rows</th><th scope='col' class='num'>Bytes</th><th scope='col' class='num'>Errors</th><th scope='col' class='num'>Warnings</th><th scope='col' class='num'>Infos</th></tr></thead>
      <tbody>
      ${fileRows}</tbody>
      </table>
      ${previousUpload}${scorecard}<h2>Problems</h2>
      ${filter}<div id='problems'>
      ${problems}</div>
      </main>
      <footer>
      <h2>Contract lineage</h2>
      <ol>
      ${lineage}</ol>
      <p>Messages name files, lines, columns and rules only; this page holds no cell values.</p>
      </footer>
      ${script}</body>
      </html>
      """;

  // Plain ES5 without '<', '>', double quotes or '//', so that it sits in the page as it is.
  private static final String SCRIPT =
      """
      (function () {
        var form = document.getElementById('filter');
        if (!form) { return; }
        form.hidden = false;
        var boxes = form.querySelectorAll('input[name=severity]');
        var select = form.querySelector('select[name=rule]');
        var groups = document.querySelectorAll('#problems details');
        var sections = document.querySelectorAll('#problems section');
        function apply() {
          var shown = {};
          Array.prototype.forEach.call(boxes, function (box) { shown[box.value] = box.checked; });
          Array.prototype.forEach.call(groups, function (group) {
            group.hidden = !shown[group.getAttribute('data-severity')]
                || (select.value !== '' && group.getAttribute('data-rule') !== select.value);
            if (!group.hidden && select.value !== '') { group.open = true; }
          });
          Array.prototype.forEach.call(sections, function (section) {
            section.hidden = section.querySelector('details:not([hidden])') === null;
          });
        }
        var wanted = {};
        location.hash.replace(/^#/, '').split('&').forEach(function (pair) {
          var parts = pair.split('=');
          if (parts.length === 2) { wanted[parts[0]] = decodeURIComponent(parts[1]); }
        });
        if (wanted.severity) {
          var levels = wanted.severity.split(',');
          Array.prototype.forEach.call(boxes, function (box) {
            box.checked = levels.indexOf(box.value) !== -1;
          });
        }
        if (wanted.rule) {
          Array.prototype.forEach.call(select.options, function (option) {
            if (option.value === wanted.rule) { select.value = wanted.rule; }
          });
        }
        form.addEventListener('change', apply);
        apply();
        window.addEventListener('beforeprint', function () {
          Array.prototype.forEach.call(groups, function (group) { group.open = true; });
        });
      })();
      """;

  /** Only the page's own script may run, and nothing may be loaded. */
  private static final String CSP =
      "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none';"
          + " style-src 'unsafe-inline'; script-src 'sha256-"
          + sha256(SCRIPT)
          + "'\">";

  private HtmlReportWriter() {}

  /**
   * Renders a verification result as one self-contained HTML page.
   *
   * @param result what verification found
   * @return the page
   * @since 0.1.0
   */
  public static String render(VerifyResult result) {
    boolean passed = ReportText.passed(result);
    return fill(
        Map.ofEntries(
            Map.entry("status", passed ? "PASSED" : "FAILED"),
            Map.entry("statusClass", passed ? "passed" : "failed"),
            Map.entry("export", escape(result.export())),
            Map.entry("contract", escape(result.contract())),
            Map.entry("contractVersion", escape(result.contractVersion())),
            Map.entry("digest", escape(result.contractDigest())),
            Map.entry("shortDigest", escape(ReportText.shortDigest(result.contractDigest()))),
            Map.entry("started", STARTED.format(result.started().truncatedTo(ChronoUnit.SECONDS))),
            Map.entry("duration", escape(ReportText.duration(result.duration()))),
            Map.entry(
                "deidentified",
                result.deidentified() ? "de-identified data" : "identified data (deid.* not run)"),
            Map.entry("toolVersion", escape(result.toolVersion())),
            Map.entry(
                "vocabulary",
                escape(
                    result
                        .vocabulary()
                        .map(v -> v.describe())
                        .orElse("none: the concept.* rules were skipped"))),
            Map.entry("totals", escape(totals(result))),
            Map.entry("fileRows", fileRows(result)),
            Map.entry("scorecard", ScorecardHtml.section(result)),
            Map.entry("previousUpload", PreviousUploadText.html(result.previousUpload())),
            Map.entry("csp", CSP),
            Map.entry("filter", filter(result)),
            Map.entry("script", "<script>" + SCRIPT + "</script>\n"),
            Map.entry("problems", problems(result)),
            Map.entry("lineage", lineage(result))));
  }

  /**
   * Escapes text for HTML content and quoted attributes, dropping control characters and unpaired
   * surrogates (which UTF-8 cannot encode).
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                  boolean control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
                  if (!control && (c < 0xd800 || c > 0xdfff)) {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }

  private static String totals(VerifyResult result) {
    return ReportText.count(ReportText.presentFiles(result), "file")
        + ", "
        + ReportText.count(result.rows(), "row")
        + ": "
        + ReportText.count(result.count(Severity.ERROR), "error")
        + ", "
        + ReportText.count(result.count(Severity.WARNING), "warning")
        + ", "
        + ReportText.count(result.count(Severity.INFO), "info");
  }

  private static String fileRows(VerifyResult result) {
    StringBuilder rows = new StringBuilder();
    for (FileResult file : result.files()) {
      String status = ReportText.status(file.status());
      rows.append("<tr><td class='mono'>")
          .append(escape(file.file()))
          .append("</td><td>")
          .append(escape(file.table().orElse("")))
          .append("</td><td class='sev st-")
          .append(status)
          .append("'>")
          .append(escape(ReportText.statusWord(file.status())))
          .append("</td>");
      num(rows, file.rows());
      num(rows, file.bytes());
      for (Severity severity : Severity.values()) {
        num(rows, file.count(severity));
      }
      rows.append("</tr>\n");
    }
    return rows.toString();
  }

  private static void num(StringBuilder rows, long n) {
    rows.append("<td class='num'>").append(ReportText.count(n)).append("</td>");
  }

  private static String problems(VerifyResult result) {
    boolean errors = result.count(Severity.ERROR) > 0;
    StringBuilder html = new StringBuilder();
    for (FileResult file : errorsFirst(result.files())) {
      if (file.rules().isEmpty()) {
        continue;
      }
      html.append("<section>\n<h3 class='mono'>").append(escape(file.file())).append("</h3>\n");
      List<RuleResult> rules = new ArrayList<>(file.rules());
      rules.sort(Comparator.comparing(RuleResult::severity));
      for (RuleResult rule : rules) {
        group(html, rule, !errors || rule.severity() == Severity.ERROR);
      }
      html.append("</section>\n");
    }
    return html.length() == 0 ? "<p>No problems.</p>\n" : html.toString();
  }

  /** The files with errors first, then those with warnings, then the rest, each in their order. */
  static List<FileResult> errorsFirst(List<FileResult> files) {
    List<FileResult> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparingInt(HtmlReportWriter::worst));
    return sorted;
  }

  private static int worst(FileResult file) {
    return file.rules().stream()
        .filter(r -> r.count() > 0)
        .mapToInt(r -> r.severity().ordinal())
        .min()
        .orElse(Severity.values().length);
  }

  /**
   * The filter above the problems, hidden until the script shows it: a box per severity with its
   * count, and a choice of the rules that fired.
   */
  private static String filter(VerifyResult result) {
    Set<String> rules = new TreeSet<>();
    for (FileResult file : result.files()) {
      for (RuleResult rule : file.rules()) {
        rules.add(rule.rule());
      }
    }
    if (rules.isEmpty()) {
      return "";
    }
    StringBuilder html = new StringBuilder("<form id='filter' hidden>\n<fieldset>");
    html.append("<legend>Show</legend>\n");
    for (Severity severity : Severity.values()) {
      html.append("<label><input type='checkbox' name='severity' value='")
          .append(severity.label())
          .append("' checked> ")
          .append(ReportText.count(result.count(severity), severity.label()))
          .append("</label>\n");
    }
    html.append("<label>rule <select name='rule'><option value=''>every rule</option>");
    for (String rule : rules) {
      html.append("<option>").append(escape(rule)).append("</option>");
    }
    return html.append("</select></label>\n</fieldset>\n</form>\n").toString();
  }

  private static void group(StringBuilder html, RuleResult rule, boolean open) {
    String severity = rule.severity().label();
    html.append("<details data-severity='")
        .append(severity)
        .append("' data-rule='")
        .append(escape(rule.rule()))
        .append(open ? "' open>" : "'>")
        .append("\n<summary><span class='sev ")
        .append(severity)
        .append("'>")
        .append(severity)
        .append("</span> <code>")
        .append(escape(rule.rule()))
        .append("</code>");
    rule.check().ifPresent(c -> html.append(" check <code>").append(escape(c)).append("</code>"));
    html.append(": ").append(ReportText.count(rule.count(), "problem"));
    if (rule.thresholdHeld()) {
      html.append(" <span class='held' title='the contract's threshold tolerates this count'>")
          .append("threshold held</span>");
    }
    html.append("</summary>\n");
    rule.note().ifPresent(n -> html.append("<p class='note'>").append(escape(n)).append("</p>\n"));
    if (!rule.samples().isEmpty()) {
      html.append("<table>\n<thead><tr><th scope='col' class='num'>Line</th>")
          .append("<th scope='col'>Column</th><th scope='col'>Message</th></tr></thead>\n")
          .append("<tbody>\n");
      for (Problem problem : rule.samples()) {
        sample(html, rule, problem);
      }
      html.append("</tbody>\n</table>\n");
    }
    long more = rule.count() - rule.samples().size();
    if (more > 0) {
      html.append("<p class='muted'>")
          .append(
              rule.samples().isEmpty()
                  ? "No sample kept."
                  : "... and " + ReportText.count(more) + " more not shown.")
          .append("</p>\n");
    }
    html.append("</details>\n");
  }

  private static void sample(StringBuilder html, RuleResult rule, Problem problem) {
    html.append("<tr><td class='num'>")
        .append(problem.at().line() > 0 ? ReportText.count(problem.at().line()) : "")
        .append("</td><td class='mono'>")
        .append(escape(problem.field().orElse("")))
        .append("</td><td>");
    if (problem.severity() != rule.severity()) {
      // A sample kept before a threshold changed the rule's severity says so itself.
      html.append("<span class='sev ")
          .append(problem.severity().label())
          .append("'>")
          .append(problem.severity().label())
          .append("</span> ");
    }
    html.append(escape(problem.message()));
    problem
        .contractAt()
        .ifPresent(
            c ->
                html.append(" <span class='muted mono'>(contract ")
                    .append(escape(c.toString()))
                    .append(")</span>"));
    html.append("</td></tr>\n");
  }

  private static String lineage(VerifyResult result) {
    StringBuilder html = new StringBuilder();
    for (ContractOrigin origin : result.lineage()) {
      html.append("<li>")
          .append(escape(origin.name()))
          .append(' ')
          .append(escape(origin.version()))
          .append(" <span class='mono muted'>")
          .append(escape(origin.source()))
          .append("</span></li>\n");
    }
    return html.toString();
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** Fills the template's placeholders in one pass, so that no value is itself filled. */
  private static String fill(Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(PAGE);
    StringBuilder page = new StringBuilder(PAGE.length() * 2);
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for ${" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(page, Matcher.quoteReplacement(value));
    }
    return matcher.appendTail(page).toString();
  }
}
