package org.ehrcontracts.engine.contract;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code ehr:deidentify} does to an export; data only.
 *
 * <p>Deny by default: {@link #decisions()} holds a decision for every column of every table of the
 * contract, made by the column's type (numbers kept, dates and times truncated, person references
 * replaced, free text blanked) or by the policy ({@code keep}, {@code blank}, {@code drop}); a text
 * column that neither decides is a contract error, so a column added later cannot leave unseen.
 *
 * @param required the export must be de-identified before upload
 * @param dateColumns the date and datetime columns to truncate
 * @param crosswalk how person-id replacements are kept
 * @param idDigits how many digits the new person ids have
 * @param maxAge persons older than this on the reference date are removed, if set
 * @param asOf the reference date for the age; empty means the run date
 * @param blank the columns the policy empties in the output
 * @param timeZone the zone whose January 1 offset every datetime with an offset is written with
 * @param times what happens to time-of-day columns
 * @param keep the text columns the policy copies as they are
 * @param drop the tables the policy does not write
 * @param withheldTables every table that is not written: the identifying ones and {@code drop}
 * @param decisions what happens to each column, by table and column, in contract order
 * @since 0.1.0
 */
public record DeidentificationPolicy(
    boolean required,
    List<ColumnRef> dateColumns,
    Crosswalk crosswalk,
    int idDigits,
    Optional<Integer> maxAge,
    Optional<LocalDate> asOf,
    List<ColumnRef> blank,
    ZoneId timeZone,
    TimeAction times,
    List<ColumnRef> keep,
    List<String> drop,
    Set<String> withheldTables,
    Map<ColumnRef, ColumnDecision> decisions) {

  /** Copies the collections, keeping the decisions' order. */
  public DeidentificationPolicy {
    dateColumns = List.copyOf(dateColumns);
    blank = List.copyOf(blank);
    keep = List.copyOf(keep);
    drop = List.copyOf(drop);
    withheldTables = Set.copyOf(withheldTables);
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
  }

  /** The decision for a column; columns the contract does not know are blanked. */
  public ColumnDecision decision(String table, String column) {
    ColumnDecision decision = decisions.get(new ColumnRef(table, column));
    if (decision != null) {
      return decision;
    }
    return withheldTables.contains(table)
        ? new ColumnDecision(Action.WITHHELD, "the table is not written")
        : new ColumnDecision(Action.BLANK, "not a column of the contract: nothing of it is kept");
  }

  /** Whether a table is never written to de-identified output. */
  public boolean withholds(String table) {
    return withheldTables.contains(table);
  }

  /**
   * The offset that midnight of January 1 of {@code year} has in {@link #timeZone}: the one offset
   * every de-identified datetime of that year is written with.
   */
  public ZoneOffset januaryOffset(int year) {
    return ZoneOffset.ofTotalSeconds(
        org.ehrcontracts.engine.format.DateTimeFormats.januaryOffsetSeconds(timeZone, year));
  }

  /** How person-id replacements are kept between runs. */
  public enum Crosswalk {
    /** Kept in a private file and reused: a person keeps the same number. */
    PERSISTENT,
    /** New numbers on every run. */
    PER_SUBMISSION
  }

  /** What happens to a column of type {@code time}. */
  public enum TimeAction {
    /** Becomes midnight, {@code 00:00:00} in the value's own form. */
    ZERO,
    /** Becomes empty. */
    BLANK
  }

  /** What happens to a column's values. */
  public enum Action {
    /** Copied as they are. */
    KEEP,
    /** Emptied. */
    BLANK,
    /** A date or datetime: January 1 of its year, midnight, the policy's offset. */
    TRUNCATE_DATE,
    /** A time of day: midnight. */
    TRUNCATE_TIME,
    /** A person id: the person's new number; rows of persons removed or unknown go. */
    REPLACE_PERSON,
    /** The month or day of birth: 1. */
    BIRTH_PART,
    /** The column's table is not written at all. */
    WITHHELD;

    /** The word reports use: {@code keep}, {@code truncate-date}, ... */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * What happens to one column, and why.
   *
   * @param action what happens
   * @param why the reason in words, for reports: "integer: kept", "policy: blanked", ...
   */
  public record ColumnDecision(Action action, String why) {}
}
