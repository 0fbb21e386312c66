package org.ehrcontracts.engine.verify;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.contract.Presence;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * The results of what the verifier does not read: missing, unknown and withheld files, and an
 * export whose person ids cannot be proven. Each is one problem at most, or none.
 */
final class UnreadFiles {

  private UnreadFiles() {}

  /** The tables a de-identified export must not hold: none for raw data. */
  static Set<String> withheld(VerifyRequest request) {
    if (!request.deidentified()) {
      return Set.of();
    }
    return request
        .contract()
        .deidentification()
        .map(DeidentificationPolicy::withheldTables)
        .orElse(Set.of());
  }

  /** The file of a table that de-identified data never holds, reported without being read. */
  static FileResult withheldFile(Table table, String export, RuleSettings settings, long bytes) {
    Rule rule = Rule.DEID_IDENTIFYING_TABLE;
    if (!settings.enabled(rule)) {
      return new FileResult(
          table.file(),
          Optional.of(table.name()),
          FileStatus.NOT_CHECKED,
          0,
          bytes,
          Optional.empty(),
          List.of());
    }
    Severity severity = settings.severity(rule);
    Problem problem =
        new Problem(
            rule,
            severity,
            Location.of(export + "/" + table.file()),
            Optional.empty(),
            Optional.of(table.at()),
            "table '"
                + table.name()
                + "' is "
                + (table.identifying()
                    ? "identifying (identifying: true)"
                    : "dropped by the policy (deidentification.drop)")
                + " and never part of de-identified data, yet its file is here");
    return new FileResult(
        table.file(),
        Optional.of(table.name()),
        statusOf(severity),
        0,
        bytes,
        Optional.empty(),
        List.of(new RuleResult(rule, severity, 1, List.of(problem), settings.note(rule), false)));
  }

  /**
   * The result of a table whose file the export lacks.
   *
   * @param why what has the file's name instead, in words to append, or empty
   */
  static FileResult missing(
      Table table, String export, RuleSettings settings, boolean withheld, String why) {
    // A withheld table is missing from de-identified data by design.
    if (withheld || table.presence() == Presence.OPTIONAL || !settings.enabled(Rule.FILE_MISSING)) {
      return new FileResult(
          table.file(),
          Optional.of(table.name()),
          FileStatus.ABSENT,
          0,
          0,
          Optional.empty(),
          List.of());
    }
    Severity severity = table.presence() == Presence.REQUIRED ? Severity.ERROR : Severity.WARNING;
    Problem problem =
        new Problem(
            Rule.FILE_MISSING,
            severity,
            Location.of(export + "/" + table.file()),
            Optional.empty(),
            Optional.of(table.at()),
            "the "
                + table.presence().name().toLowerCase(Locale.ROOT)
                + " file "
                + table.file()
                + " of table '"
                + table.name()
                + "' is missing"
                + why);
    return new FileResult(
        table.file(),
        Optional.of(table.name()),
        FileStatus.MISSING,
        0,
        0,
        Optional.empty(),
        List.of(
            new RuleResult(
                Rule.FILE_MISSING,
                severity,
                1,
                List.of(problem),
                settings.note(Rule.FILE_MISSING),
                false)));
  }

  /**
   * Whether the person references of the export are to be proven against a crosswalk: de-identified
   * data under a policy, with the rule on somewhere (a table may turn it on for itself).
   */
  static boolean provesPersonIds(VerifyRequest request, RuleSettings global) {
    Contract contract = request.contract();
    if (!request.deidentified() || contract.deidentification().isEmpty()) {
      return false;
    }
    if (global.enabled(PERSON_ID)) {
      return true;
    }
    for (Table table : contract.tables().values()) {
      if (new RuleSettings(contract, table, request).enabled(PERSON_ID)) {
        return true;
      }
    }
    return false;
  }

  static final Rule PERSON_ID = Rule.DEID_PERSON_ID;

  /**
   * The one problem of an export whose person ids cannot be proven: an unproven claim of
   * de-identification is not a pass. It stands for the export, under the name {@value
   * #UNPROVEN_FILE}.
   */
  static FileResult unproven(String export, String whyNot, RuleSettings settings) {
    Severity severity = settings.severity(PERSON_ID);
    Problem problem =
        Problem.of(
            PERSON_ID,
            severity,
            Location.of(export),
            "the person ids could not be checked: " + whyNot);
    return new FileResult(
        UNPROVEN_FILE,
        Optional.empty(),
        statusOf(severity),
        0,
        0,
        Optional.empty(),
        List.of(
            new RuleResult(
                PERSON_ID, severity, 1, List.of(problem), settings.note(PERSON_ID), false)));
  }

  /** The status of a file whose only problem has this severity. */
  static FileStatus statusOf(Severity severity) {
    return severity == Severity.ERROR
        ? FileStatus.FAILED
        : severity == Severity.WARNING ? FileStatus.WARNINGS : FileStatus.PASSED;
  }

  /** The name the result of unproven person ids goes under: the crosswalk that was missing. */
  static final String UNPROVEN_FILE = "(crosswalk)";

  static FileResult unknown(String export, String name, String message, RuleSettings settings) {
    if (!settings.enabled(Rule.FILE_UNKNOWN)) {
      return new FileResult(
          name, Optional.empty(), FileStatus.NOT_CHECKED, 0, 0, Optional.empty(), List.of());
    }
    Severity severity = settings.severity(Rule.FILE_UNKNOWN);
    Problem problem =
        Problem.of(Rule.FILE_UNKNOWN, severity, Location.of(export + "/" + name), message);
    return new FileResult(
        name,
        Optional.empty(),
        FileStatus.NOT_CHECKED,
        0,
        0,
        Optional.empty(),
        List.of(
            new RuleResult(
                Rule.FILE_UNKNOWN,
                severity,
                1,
                List.of(problem),
                settings.note(Rule.FILE_UNKNOWN),
                false)));
  }
}
