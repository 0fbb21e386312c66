package org.ehrcontracts.engine.verify;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.ehrcontracts.engine.contract.Column;
import org.ehrcontracts.engine.contract.DeidentificationPolicy;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.format.DateTimeField;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.format.TimeOfDay;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * The {@code deid.*} compliance checks of a de-identified row that judge its cells: dates on
 * January 1, datetimes at midnight with January's offset, times at midnight, emptied columns empty,
 * and person ids issued by the crosswalk. (The age limit, a fact of the person, is {@link
 * PersonFacts}'.)
 */
final class DeidChecks {

  private final RowProblems problems;
  private final TablePlan plan;
  private final int[] fieldOf;

  private final Severity notTruncated;
  private final Severity offset;
  private final Severity timeNotTruncated;
  private final Severity notBlanked;
  private final Severity personId;

  /** The crosswalk's ids when person references are proven, else null. */
  private final PersonIds personIds;

  DeidChecks(RowProblems problems, ExportState state, int[] fieldOf) {
    this.problems = problems;
    this.plan = problems.plan;
    this.fieldOf = fieldOf;
    notTruncated = plan.severity(Rule.DEID_DATE_NOT_TRUNCATED);
    personId = plan.personRefs.length > 0 ? plan.severity(Rule.DEID_PERSON_ID) : null;
    personIds = personId != null ? state.personIds : null;
    offset = plan.zone != null ? plan.severity(Rule.DEID_OFFSET) : null;
    timeNotTruncated = plan.zone != null ? plan.severity(Rule.DEID_TIME_NOT_TRUNCATED) : null;
    notBlanked = plan.zone != null ? plan.severity(Rule.DEID_NOT_BLANKED) : null;
  }

  /** Whether person references are proven against a crosswalk. */
  boolean provesPersonIds() {
    return personIds != null;
  }

  /** A date or datetime that parsed: January 1, midnight, and the offset January has. */
  void temporal(CsvRecord record, int c, int f, ParsedDateTime parsed) {
    if (plan.truncated[c]
        && notTruncated != null
        && (parsed.month() != 1
            || parsed.day() != 1
            || parsed.hour() != 0
            || parsed.minute() != 0
            || parsed.second() != 0
            || parsed.nanos() != 0)
        && problems.wants(Rule.DEID_DATE_NOT_TRUNCATED)) {
      problems.sample(
          Rule.DEID_DATE_NOT_TRUNCATED,
          notTruncated,
          record,
          c,
          f,
          "column '"
              + plan.columns[c].name()
              + "' is not January 1"
              + (parsed.hasTime() ? " 00:00:00" : "")
              + " of its year");
    }
    if (plan.offsetChecked[c] && offset != null && parsed.hasZone()) {
      offset(record, c, f, parsed);
    }
  }

  /**
   * A de-identified datetime carries the offset January 1 has in the policy's zone, whatever its
   * own date had: any other offset tells the season. A zone name must be the policy's own. {@code
   * Z} and {@code UTC}, the same all year, tell nothing and stay as they are.
   */
  private void offset(CsvRecord record, int c, int f, ParsedDateTime parsed) {
    // The token's first byte tells Z, a numeric offset and a zone name apart without building a
    // ZoneId (which boxes the offset) for every row.
    int at = parsed.start(DateTimeField.OFFSET);
    int first = record.ascii(f) ? record.buffer()[record.start(f) + at] : -1;
    if (first == 'Z' && parsed.end(DateTimeField.OFFSET) - at == 1) {
      return;
    }
    String why;
    ZoneId written = first == '+' || first == '-' ? null : parsed.zone();
    if (written == null || written instanceof ZoneOffset) {
      int expected = plan.januaryOffset(parsed.year());
      if (parsed.offsetSeconds() == expected) {
        return;
      }
      why =
          "' has an offset other than "
              + offsetText(expected)
              + ", the offset of January 1 in "
              + zoneText(plan.zone);
    } else {
      if (plan.zone.normalized().equals(written.normalized())
          || written.normalized().equals(ZoneOffset.UTC)) {
        return;
      }
      why = "' names a zone other than the policy's " + zoneText(plan.zone);
    }
    if (problems.wants(Rule.DEID_OFFSET)) {
      problems.sample(
          Rule.DEID_OFFSET, offset, record, c, f, "column '" + plan.columns[c].name() + why);
    }
  }

  /** A valid time of day: midnight where the policy truncates times. */
  void time(CsvRecord record, int c, int f, byte[] bytes, int from, int to) {
    if (timeNotTruncated != null
        && plan.actions[c] == DeidentificationPolicy.Action.TRUNCATE_TIME
        && !TimeOfDay.isMidnight(bytes, from, to)
        && problems.wants(Rule.DEID_TIME_NOT_TRUNCATED)) {
      problems.sample(
          Rule.DEID_TIME_NOT_TRUNCATED,
          timeNotTruncated,
          record,
          c,
          f,
          "column '" + plan.columns[c].name() + "' is not midnight (00:00:00)");
    }
  }

  /** A value where the policy leaves none: {@code times: blank}, or a blanked column. */
  void notBlank(CsvRecord record, int c, int f) {
    Column column = plan.columns[c];
    if (column.type() == ColumnType.TIME) {
      if (timeNotTruncated != null && problems.wants(Rule.DEID_TIME_NOT_TRUNCATED)) {
        problems.sample(
            Rule.DEID_TIME_NOT_TRUNCATED,
            timeNotTruncated,
            record,
            c,
            f,
            "column '" + column.name() + "' holds a time; the policy empties it");
      }
    } else if (notBlanked != null && problems.wants(Rule.DEID_NOT_BLANKED)) {
      int chars = record.codePoints(f);
      problems.sample(
          Rule.DEID_NOT_BLANKED,
          notBlanked,
          record,
          c,
          f,
          "column '"
              + column.name()
              + "' holds a value of "
              + chars
              + (chars == 1 ? " character" : " characters")
              + "; the policy empties it");
    }
  }

  /** Proves the person ids of a de-identified row against the crosswalk's new ids. */
  void personIds(CsvRecord record) {
    int[] refs = plan.personRefs;
    for (int i = 0; i < refs.length; i++) {
      int c = refs[i];
      int f = fieldOf[c];
      if (f < 0 || f >= record.size() || record.isEmpty(f)) {
        continue;
      }
      RowCondition when = plan.personRefWhen[i];
      if (when != null && !when.holds(record, fieldOf)) {
        continue;
      }
      long id = Values.parseLong(record.buffer(), record.start(f), record.end(f));
      PersonIds.Kind kind;
      if (id == Values.NOT_A_LONG) {
        if (plan.columns[c].type() == ColumnType.INTEGER) {
          continue; // a type.integer problem already
        }
        kind = PersonIds.Kind.UNKNOWN;
      } else {
        kind = personIds.kind(id);
      }
      if (kind != PersonIds.Kind.ISSUED && problems.wants(Rule.DEID_PERSON_ID)) {
        problems.sample(
            Rule.DEID_PERSON_ID,
            personId,
            record,
            c,
            f,
            "column '"
                + plan.columns[c].name()
                + (kind == PersonIds.Kind.ORIGINAL
                    ? "' holds an original person id, not the new id the crosswalk gives it"
                    : "' holds a value that is not an id issued by the crosswalk"));
      }
    }
  }

  /** An offset as datetimes write it: {@code +00:00}, {@code -05:00}. */
  static String offsetText(int seconds) {
    int minutes = Math.abs(seconds) / 60;
    return String.format(
        Locale.ROOT, "%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
  }

  private static String zoneText(ZoneId zone) {
    return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }
}
