package org.ehrcontracts.engine.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.ehrcontracts.engine.util.Suggestions;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * Every report format of a verification, by name, in the one place they are registered.
 *
 * <p>{@code verify.json} is always written, whatever is chosen: it is the record of the run that
 * {@code ehr:deploy}'s interlocks read back, and leaving it out would make a later deploy refuse an
 * export that passed. Choosing formats chooses what else is written.
 *
 * @since 0.2.0
 */
public final class ReportFormats {

  /** {@code verify.json}. */
  public static final ReportFormat JSON =
      new FileReport(
          "json", JsonReportWriter.FILE_NAME, (r, c) -> JsonReportWriter.render(r, c.comparison()));

  /** {@code verify.html}. */
  public static final ReportFormat HTML =
      new FileReport("html", HtmlReportWriter.FILE_NAME, (r, c) -> HtmlReportWriter.render(r));

  /** {@code junit.xml}. */
  public static final ReportFormat JUNIT =
      new FileReport("junit", JunitReportWriter.FILE_NAME, (r, c) -> JunitReportWriter.render(r));

  /** {@code verify.sarif}. */
  public static final ReportFormat SARIF =
      new FileReport(
          "sarif", SarifReportWriter.FILE_NAME, (r, c) -> SarifReportWriter.render(r, c.paths()));

  /** {@code codequality.json}, GitLab's Code Quality report. */
  public static final ReportFormat CODEQUALITY =
      new FileReport(
          "codequality",
          CodeQualityReportWriter.FILE_NAME,
          (r, c) -> CodeQualityReportWriter.render(r, c.paths()));

  /** GitHub Actions' annotations and job summary, written only when the build runs there. */
  public static final ReportFormat GITHUB = new GithubReport();

  /** Every format, in the order they are written. */
  public static final List<ReportFormat> ALL =
      List.of(JSON, HTML, JUNIT, SARIF, CODEQUALITY, GITHUB);

  private ReportFormats() {}

  /**
   * The names of every format.
   *
   * @since 0.2.0
   */
  public static List<String> names() {
    return ALL.stream().map(ReportFormat::name).toList();
  }

  /**
   * The format of a name, if there is one.
   *
   * @since 0.2.0
   */
  public static Optional<ReportFormat> named(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /**
   * The names that are no format, each as {@code 'x'} with a "did you mean" hint where one is
   * close.
   *
   * @since 0.2.0
   */
  public static List<String> unknown(Collection<String> names) {
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      if (named(name).isEmpty()) {
        unknown.add("'" + name + "'" + Suggestions.hint(name, names()));
      }
    }
    return List.copyOf(unknown);
  }

  /**
   * The formats to write for these names: all of them when none is given, and {@code json} always.
   *
   * @param names format names, each known (see {@link #unknown})
   * @return the formats, in writing order
   * @throws IllegalArgumentException if a name is no format
   * @since 0.2.0
   */
  public static List<ReportFormat> selected(Collection<String> names) {
    if (names.isEmpty()) {
      return ALL;
    }
    Set<ReportFormat> chosen = new LinkedHashSet<>();
    for (String name : names) {
      chosen.add(named(name).orElseThrow(() -> new IllegalArgumentException("no format: " + name)));
    }
    chosen.add(JSON);
    return ALL.stream().filter(chosen::contains).toList();
  }

  /** A report that is one file in the export's report folder. */
  private record FileReport(
      String name, String fileName, BiFunction<VerifyResult, ReportContext, String> render)
      implements ReportFormat {

    @Override
    public List<Path> write(VerifyResult result, Path folder, ReportContext context)
        throws IOException {
      Path target = folder.resolve(fileName);
      ReportFiles.writeAtomically(target, render.apply(result, context));
      return List.of(target);
    }
  }

  /** GitHub's annotations and job summary: nothing in the folder. */
  private static final class GithubReport implements ReportFormat {

    @Override
    public String name() {
      return "github";
    }

    @Override
    public List<Path> write(VerifyResult result, Path folder, ReportContext context)
        throws IOException {
      if (context.workflow().isPresent()) {
        WorkflowOutput out = context.workflow().get();
        out.annotate(GithubActions.annotations(result, context.maxPerRule(), context.paths()));
        out.summarize(GithubActions.summaryMarkdown(result, context));
      }
      return List.of();
    }
  }
}
