package org.ehrcontracts.engine.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.ehrcontracts.engine.json.ToolRef;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.report.BaselineComparison;
import org.ehrcontracts.engine.report.ConsoleReport;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.report.VerifyDocument;

/**
 * The reports of a contract diff: console lines, {@code diff.md} (for a job summary) and {@code
 * diff.json}.
 *
 * <p>A console line is compiler-style, {@code contracts/site.yaml:14:9: breaking: column
 * person.year_of_birth maxLength: 50 -> 40; stricter: ... [column.max-length]}; breaking changes
 * are errors, those that loosen de-identification warnings, compatible ones infos. No line holds a
 * value of an export: the effect on an export is counts per file and rule.
 *
 * @since 0.2.0
 */
public final class DiffReport {

  /** The Markdown report's file name. */
  public static final String MARKDOWN = "diff.md";

  /** The JSON report's file name. */
  public static final String JSON = "diff.json";

  private DiffReport() {}

  /** The console lines: the changes, breaking first, a total, then each export's effect. */
  public static List<ConsoleReport.Line> console(ContractDiff diff, List<ExportEffect> effects) {
    List<ConsoleReport.Line> lines = new ArrayList<>();
    lines.add(
        ConsoleReport.Line.info(
            "Comparing contract "
                + side(diff.from())
                + " with "
                + side(diff.to())
                + " (extends: resolved)"));
    for (Change change : diff.changes()) {
      lines.add(
          new ConsoleReport.Line(
              level(change.impact()),
              change.at().map(Object::toString).orElse(diff.to().reference())
                  + ": "
                  + change.impact().label()
                  + ": "
                  + change.text()
                  + " ["
                  + change.kind().id()
                  + "]"));
    }
    lines.add(ConsoleReport.Line.info(total(diff)));
    for (ExportEffect effect : effects) {
      lines.add(
          ConsoleReport.Line.info(
              "Export "
                  + effect.export()
                  + ": "
                  + verdict(effect.before())
                  + " under "
                  + diff.from().name()
                  + " "
                  + diff.from().version()
                  + ", "
                  + verdict(effect.after())
                  + " under "
                  + diff.to().name()
                  + " "
                  + diff.to().version()
                  + effectCounts(effect)));
      for (BaselineComparison.Change c : effect.changes()) {
        lines.add(
            ConsoleReport.Line.info(
                String.format(
                    Locale.ROOT,
                    "  %s: %s (%s): %,d new, %,d gone",
                    c.file(),
                    c.rule() + c.check().map(k -> " " + k).orElse(""),
                    c.severity().label(),
                    c.added(),
                    c.fixed())));
      }
    }
    return lines;
  }

  /** {@code Changes: 2 breaking, 0 loosening de-identification, 3 compatible}. */
  public static String total(ContractDiff diff) {
    if (diff.changes().isEmpty()) {
      return "No change that can change a verdict: every export is judged alike by both.";
    }
    return String.format(
        Locale.ROOT,
        "Changes: %d breaking, %d loosening de-identification, %d compatible",
        diff.count(Impact.BREAKING),
        diff.count(Impact.LOOSENS_DEIDENTIFICATION),
        diff.count(Impact.COMPATIBLE));
  }

  /** {@code diff.md}: the job summary's section. */
  public static String markdown(ContractDiff diff, List<ExportEffect> effects) {
    StringBuilder md = new StringBuilder();
    md.append("### Contract change: ")
        .append(side(diff.from()))
        .append(" → ")
        .append(side(diff.to()))
        .append("\n\n");
    long breaking = diff.count(Impact.BREAKING);
    long loosening = diff.count(Impact.LOOSENS_DEIDENTIFICATION);
    if (loosening > 0) {
      md.append("> [!WARNING]\n> **")
          .append(loosening)
          .append(loosening == 1 ? " change loosens" : " changes loosen")
          .append(" de-identification**: more of a person leaves the site.");
      for (Change change : diff.of(Impact.LOOSENS_DEIDENTIFICATION)) {
        md.append("\n> - ").append(cell(change.text()));
      }
      md.append("\n\n");
    }
    if (breaking > 0) {
      md.append("**")
          .append(breaking)
          .append(breaking == 1 ? " breaking change" : " breaking changes")
          .append(
              "**: an export that passed under the old contract may fail under the new one.\n\n");
    } else if (!diff.changes().isEmpty()) {
      md.append("No breaking change: every export that passed still passes.\n\n");
    }
    if (diff.changes().isEmpty()) {
      md.append("No change that can change a verdict.\n");
    } else {
      md.append("| impact | change | kind | where |\n|---|---|---|---|\n");
      for (Change change : diff.changes()) {
        md.append("| ")
            .append(change.impact() == Impact.COMPATIBLE ? "" : "**")
            .append(change.impact().label())
            .append(change.impact() == Impact.COMPATIBLE ? "" : "**")
            .append(" | ")
            .append(cell(change.text()))
            .append(" | `")
            .append(change.kind().id())
            .append("` | ")
            .append(change.at().map(a -> "`" + a + "`").orElse(""))
            .append(" |\n");
      }
    }
    for (ExportEffect effect : effects) {
      md.append("\n#### Effect on export `")
          .append(effect.export())
          .append("`\n\n")
          .append(verdict(effect.before()))
          .append(" → ")
          .append(
              "failed".equals(effect.after().status())
                  ? "**" + verdict(effect.after()) + "**"
                  : verdict(effect.after()))
          .append("\n\n");
      if (effect.changes().isEmpty()) {
        md.append("The same problems under both contracts.\n");
      } else {
        md.append("| file | rule | severity | new | gone |\n|---|---|---|---:|---:|\n");
        for (BaselineComparison.Change c : effect.changes()) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | `%s` | %s | %,d | %,d |%n",
                  cell(c.file()),
                  c.rule() + c.check().map(k -> " " + k).orElse(""),
                  c.severity().label(),
                  c.added(),
                  c.fixed()));
        }
      }
    }
    return md.toString().replace(System.lineSeparator(), "\n");
  }

  /** {@code diff.json}'s record. */
  public static DiffDocument document(
      ContractDiff diff, List<ExportEffect> effects, String toolVersion) {
    List<DiffDocument.Item> items = new ArrayList<>();
    for (Change c : diff.changes()) {
      items.add(
          new DiffDocument.Item(
              c.kind().id(),
              c.impact().id(),
              c.subject(),
              c.before(),
              c.after(),
              c.why(),
              c.at().map(Object::toString).orElse(null)));
    }
    List<DiffDocument.Export> exports = new ArrayList<>();
    for (ExportEffect effect : effects) {
      List<DiffDocument.Problems> problems = new ArrayList<>();
      for (BaselineComparison.Change c : effect.changes()) {
        problems.add(
            new DiffDocument.Problems(
                c.file(),
                c.rule(),
                c.check().orElse(null),
                c.severity().label(),
                c.added(),
                c.fixed()));
      }
      exports.add(
          new DiffDocument.Export(
              effect.export(), verdictOf(effect.before()), verdictOf(effect.after()), problems));
    }
    long breaking = diff.count(Impact.BREAKING);
    long loosening = diff.count(Impact.LOOSENS_DEIDENTIFICATION);
    return new DiffDocument(
        ToolRef.of(toolVersion),
        diff.from(),
        diff.to(),
        new DiffDocument.Summary(
            breaking,
            loosening,
            diff.count(Impact.COMPATIBLE),
            breaking > 0
                ? Impact.BREAKING.id()
                : loosening > 0 ? Impact.LOOSENS_DEIDENTIFICATION.id() : Impact.COMPATIBLE.id()),
        items,
        exports);
  }

  /**
   * Writes {@code diff.md} and {@code diff.json} into {@code directory} (created if needed), each
   * through a temporary file and an atomic move.
   *
   * @return the files written
   * @throws IOException if they cannot be written
   */
  public static List<Path> write(
      Path directory, ContractDiff diff, List<ExportEffect> effects, String toolVersion)
      throws IOException {
    Files.createDirectories(directory);
    Path md = directory.resolve(MARKDOWN);
    Path json = directory.resolve(JSON);
    ReportFiles.writeAtomically(md, markdown(diff, effects));
    ReportFiles.writeAtomically(json, JsonDocuments.write(document(diff, effects, toolVersion)));
    return List.of(md, json);
  }

  private static DiffDocument.Verdict verdictOf(VerifyDocument.Summary s) {
    return new DiffDocument.Verdict(s.status(), s.errors(), s.warnings(), s.infos());
  }

  private static String verdict(VerifyDocument.Summary s) {
    return String.format(
        Locale.ROOT,
        "%s (%,d %s, %,d %s)",
        s.status(),
        s.errors(),
        s.errors() == 1 ? "error" : "errors",
        s.warnings(),
        s.warnings() == 1 ? "warning" : "warnings");
  }

  private static String effectCounts(ExportEffect effect) {
    return effect.changes().isEmpty()
        ? "; the same problems under both"
        : String.format(
            Locale.ROOT,
            "; %,d new %s, %,d gone",
            effect.appeared(),
            effect.appeared() == 1 ? "problem" : "problems",
            effect.disappeared());
  }

  private static Severity level(Impact impact) {
    return switch (impact) {
      case BREAKING -> Severity.ERROR;
      case LOOSENS_DEIDENTIFICATION -> Severity.WARNING;
      case COMPATIBLE -> Severity.INFO;
    };
  }

  private static String side(ContractDiff.Side side) {
    return side.name() + " " + side.version() + " (" + side.reference() + ")";
  }

  /**
   * Text safe in a Markdown table cell: no pipe, no line break, and no {@code <} that could open
   * HTML (a contract's text comes from a pull request).
   */
  private static String cell(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replaceAll("[\\r\\n]+", " ");
  }

  /**
   * GitHub Actions workflow commands for the changes that fail the build: {@code ::error} for a
   * breaking change, {@code ::warning} for one that loosens de-identification, each on the line of
   * the newer contract that declares it where that file is in the repository, so that GitHub shows
   * it on the pull request's diff. Compatible changes get none.
   *
   * @param diff the diff
   * @param repositoryPath a contract file as the diff names it, to its path in the repository;
   *     empty for a file that is not there (a shipped contract, a file at a git revision)
   * @return the commands, breaking first
   */
  public static List<String> annotations(
      ContractDiff diff, java.util.function.Function<String, Optional<String>> repositoryPath) {
    List<String> commands = new ArrayList<>();
    for (Change change : diff.changes()) {
      if (change.impact() == Impact.COMPATIBLE) {
        continue;
      }
      StringBuilder command =
          new StringBuilder(change.impact() == Impact.BREAKING ? "::error " : "::warning ");
      Optional<String> file = change.at().flatMap(at -> repositoryPath.apply(at.file()));
      if (file.isPresent()) {
        command.append("file=").append(property(file.get()));
        if (change.at().get().line() > 0) {
          command.append(",line=").append(change.at().get().line());
        }
        command.append(',');
      }
      command
          .append("title=")
          .append(property("ehr:diff " + change.impact().label() + " [" + change.kind().id() + "]"))
          .append("::")
          .append(data(change.text()));
      commands.add(command.toString());
    }
    return commands;
  }

  /** Escapes a command's message as the runner expects ({@code %}, CR and LF). */
  private static String data(String value) {
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a command property: as {@link #data}, and also {@code :} and {@code ,}. */
  private static String property(String value) {
    return data(value).replace(":", "%3A").replace(",", "%2C");
  }
}
