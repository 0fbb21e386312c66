package org.ehrcontracts.engine.contract;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ehr:deidentify} does to an export; data only.
 *
 * @param required the export must be de-identified before upload
 * @param dateColumns the date and datetime columns to truncate
 * @param crosswalk how person-id replacements are kept
 * @param idDigits how many digits the new person ids have
 * @param maxAge persons older than this on the reference date are removed, if set
 * @param asOf the reference date for the age; empty means the run date
 * @param blank the columns emptied in the output
 * @since 0.1.0
 */
public record DeidentificationPolicy(
    boolean required,
    List<ColumnRef> dateColumns,
    Crosswalk crosswalk,
    int idDigits,
    Optional<Integer> maxAge,
    Optional<LocalDate> asOf,
    List<ColumnRef> blank) {

  /** Copies the lists. */
  public DeidentificationPolicy {
    dateColumns = List.copyOf(dateColumns);
    blank = List.copyOf(blank);
  }

  /** How person-id replacements are kept between runs. */
  public enum Crosswalk {
    /** Kept in a private file and reused: a person keeps the same number. */
    PERSISTENT,
    /** New numbers on every run. */
    PER_SUBMISSION
  }
}
