package org.ehrcontracts.engine.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.RowChange;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Compares each table's rows with the last upload's ({@code table.row-change}): a table that lost
 * or gained more rows than the contract's {@code rowChange:} allows gets a problem on its file.
 *
 * <p>Rows are compared per file name, as the receipt lists them; a table the export now lacks has 0
 * rows. A table not uploaded then is shown without a change; so is one that had no rows then.
 */
final class RowChanges {

  /** The files with the problems added, and the comparison for the reports. */
  record Applied(List<FileResult> files, RowComparison comparison) {}

  private RowChanges() {}

  static Applied apply(
      VerifyRequest request, PreviousUpload upload, String export, List<FileResult> files) {
    Contract contract = request.contract();
    Set<String> withheld = UnreadFiles.withheld(request);
    Map<String, Integer> byTable = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      int index = i;
      files.get(i).table().ifPresent(t -> byTable.putIfAbsent(t, index));
    }
    List<FileResult> out = new ArrayList<>(files);
    List<RowComparison.TableChange> changes = new ArrayList<>();
    for (Table table : contract.tables().values()) {
      Integer index = byTable.get(table.name());
      if (index == null || withheld.contains(table.name())) {
        continue;
      }
      FileResult file = out.get(index);
      boolean present = file.status() != FileStatus.MISSING && file.status() != FileStatus.ABSENT;
      Long before = upload.rows().get(table.file());
      if (before == null && !present) {
        continue;
      }
      long after = present ? file.rows() : 0;
      OptionalDouble change = OptionalDouble.empty();
      if (before != null && before > 0) {
        change = OptionalDouble.of((after - before) * 100.0 / before);
      } else if (before != null && after == 0) {
        change = OptionalDouble.of(0);
      }
      Optional<Problem> problem = Optional.empty();
      RuleSettings settings = new RuleSettings(contract, table, request);
      RowChange limits = contract.rowChange().of(table.name());
      if (change.isPresent() && settings.enabled(Rule.TABLE_ROW_CHANGE)) {
        problem =
            judge(limits, change.getAsDouble())
                .map(
                    crossed ->
                        problem(
                            crossed,
                            settings.explicitSeverity(Rule.TABLE_ROW_CHANGE),
                            upload,
                            export,
                            table,
                            before,
                            after,
                            present));
      }
      changes.add(
          new RowComparison.TableChange(
              table.name(),
              table.file(),
              before == null ? OptionalLong.empty() : OptionalLong.of(before),
              after,
              present,
              change,
              problem.map(Problem::severity)));
      if (problem.isPresent()) {
        Problem found = problem.get();
        List<RuleResult> rules = new ArrayList<>(file.rules());
        rules.add(
            new RuleResult(
                Rule.TABLE_ROW_CHANGE,
                found.severity(),
                1,
                List.of(found),
                settings.note(Rule.TABLE_ROW_CHANGE).or(limits::note),
                false));
        out.set(
            index,
            new FileResult(
                file.file(),
                file.table(),
                worse(file.status(), found.severity()),
                file.rows(),
                file.bytes(),
                file.crc32c(),
                rules));
      }
    }
    return new Applied(
        out, new RowComparison(upload.receipt(), upload.folder(), upload.uploaded(), changes));
  }

  /** The limit a change crosses, errors before warnings. */
  record Crossed(RowChange.Limit limit, Severity severity, boolean drop) {}

  static Optional<Crossed> judge(RowChange limits, double change) {
    if (change < 0) {
      double drop = -change;
      if (limits.errorDrop().isPresent() && drop > limits.errorDrop().get().percent()) {
        return Optional.of(new Crossed(limits.errorDrop().get(), Severity.ERROR, true));
      }
      if (limits.warningDrop().isPresent() && drop > limits.warningDrop().get().percent()) {
        return Optional.of(new Crossed(limits.warningDrop().get(), Severity.WARNING, true));
      }
    } else if (change > 0) {
      if (limits.errorGrowth().isPresent() && change > limits.errorGrowth().get().percent()) {
        return Optional.of(new Crossed(limits.errorGrowth().get(), Severity.ERROR, false));
      }
      if (limits.warningGrowth().isPresent() && change > limits.warningGrowth().get().percent()) {
        return Optional.of(new Crossed(limits.warningGrowth().get(), Severity.WARNING, false));
      }
    }
    return Optional.empty();
  }

  private static Problem problem(
      Crossed crossed,
      Optional<Severity> setting,
      PreviousUpload upload,
      String export,
      Table table,
      long before,
      long after,
      boolean present) {
    double change = (after - before) * 100.0 / before;
    String limit =
        RowComparison.percent(
            crossed.drop() ? -crossed.limit().percent() : crossed.limit().percent());
    String message =
        String.format(
            Locale.ROOT,
            "%s: %,d rows%s, %,d at the last upload (%s, receipt %s): %s, the contract %s %s %s",
            table.name(),
            after,
            present ? "" : " (no file)",
            before,
            upload.day(),
            upload.receipt(),
            RowComparison.percent(change),
            crossed.severity() == Severity.ERROR ? "fails the export" : "warns",
            crossed.drop() ? "below" : "above",
            limit);
    return new Problem(
        Rule.TABLE_ROW_CHANGE,
        setting.orElse(crossed.severity()),
        Location.of(export + "/" + table.file()),
        Optional.empty(),
        Optional.of(crossed.limit().at()),
        message);
  }

  private static FileStatus worse(FileStatus status, Severity severity) {
    if (status == FileStatus.MISSING || status == FileStatus.NOT_CHECKED) {
      return status;
    }
    if (status == FileStatus.ABSENT) {
      // A file the contract lets the export leave out, that the last upload had: now a problem.
      return severity == Severity.INFO ? status : FileStatus.MISSING;
    }
    FileStatus now = UnreadFiles.statusOf(severity);
    return now.ordinal() > status.ordinal() ? now : status;
  }
}
