package org.ehrcontracts.engine.contract;

import java.util.Optional;

/**
 * Where an export keeps its persons, their birth and their death.
 *
 * @param table the table with one row per person
 * @param id its identifier column
 * @param birthYear the year-of-birth column
 * @param birthMonth the month-of-birth column
 * @param birthDay the day-of-birth column
 * @param birthDatetime the birth datetime column
 * @param deathTable the table with dates of death
 * @param deathDate its date column
 * @since 0.1.0
 */
public record PersonModel(
    String table,
    String id,
    Optional<String> birthYear,
    Optional<String> birthMonth,
    Optional<String> birthDay,
    Optional<String> birthDatetime,
    Optional<String> deathTable,
    Optional<String> deathDate) {

  /** The person id column. */
  public ColumnRef idColumn() {
    return new ColumnRef(table, id);
  }
}
