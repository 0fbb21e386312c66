package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.LongIntHashMap;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * What a row says of its person, and what the person's other rows say of it: the year of birth
 * (kept from the person table, checked for plausibility and, in de-identified data, the age limit),
 * the day of death (kept from the death table), and every other date of a row against both.
 */
final class PersonFacts {

  private final RowProblems problems;
  private final TablePlan plan;
  private final ExportState state;
  private final int[] fieldOf;
  private final ValueChecks values;

  private final Severity beforeBirth;
  private final Severity birthYearRule;
  private final Severity afterDeath;
  private final Severity ageLimit;
  private final long maxBirthYear;
  private final int maxAge;

  /** The policy's reference date for ages: its own date, or the run's reference date. */
  private final LocalDate ageAsOf;

  /**
   * The person table's years of birth by person id, else null. Paid from the run's budget as it
   * grows, as {@link #deathDays} is: every row of the tables read later looks its person up, so
   * they cannot spill, and over the budget the run stops.
   */
  final PaidIntMap birthYears;

  /** The death table's days of death (epoch days) by person id, else null. */
  final PaidIntMap deathDays;

  /** The part's keys, which spill to make room for the facts before the run is stopped. */
  private final RowKeys keys;

  PersonFacts(
      RowProblems problems, ExportState state, int[] fieldOf, ValueChecks values, RowKeys keys) {
    this.keys = keys;
    this.problems = problems;
    this.plan = problems.plan;
    this.state = state;
    this.fieldOf = fieldOf;
    this.values = values;
    beforeBirth = plan.severity(Rule.PLAUSIBILITY_BEFORE_BIRTH);
    birthYearRule = plan.severity(Rule.PLAUSIBILITY_BIRTH_YEAR);
    afterDeath = plan.severity(Rule.PLAUSIBILITY_AFTER_DEATH);
    ageLimit = plan.severity(Rule.DEID_AGE_LIMIT);
    maxBirthYear =
        (long) plan.request.asOf().getYear() - plan.contract.plausibility().birthYearMinAge();
    maxAge = plan.contract.deidentification().flatMap(p -> p.maxAge()).orElse(Integer.MAX_VALUE);
    ageAsOf = plan.contract.deidentification().flatMap(p -> p.asOf()).orElse(plan.request.asOf());
    birthYears = plan.personTable ? new PaidIntMap(state.budget) : null;
    deathDays = plan.deathTable ? new PaidIntMap(state.budget) : null;
  }

  /**
   * The refusal of the persons' facts, which need more than the budget and cannot spill.
   *
   * @param rows the rows read of the part (or of the file, when merged)
   */
  static NotEnoughMemoryException overBudget(String file, long rows, Memory budget) {
    return new NotEnoughMemoryException(
        file,
        rows,
        Runtime.getRuntime().maxMemory(),
        budget,
        true,
        "the persons' years of birth and days of death",
        null);
  }

  /**
   * The row's facts, once its cells are checked (so {@link ValueChecks#days} holds its dates).
   *
   * @param rows the part's rows so far, for the words of a refusal
   */
  void row(CsvRecord record, long rows) {
    int pf = fieldOf[plan.personColumn];
    if (pf < 0 || pf >= record.size()) {
      return;
    }
    long person = Values.parseLong(record.buffer(), record.start(pf), record.end(pf));
    if (person == Values.NOT_A_LONG) {
      return;
    }
    if (plan.personTable) {
      personRow(record, person, rows);
      return;
    }
    long[] days = values.days;
    if (plan.deathTable && plan.deathDate >= 0 && days[plan.deathDate] != PartChecker.NONE) {
      // One comparison a row: the budget is asked only when the map must grow.
      if (!deathDays.room() && !(keys.spillForRoom() && deathDays.room())) {
        throw overBudget(plan.file, rows, state.budget.memory);
      }
      deathDays.put(person, (int) days[plan.deathDate]);
    }
    LongIntHashMap births = state.birthYears;
    LongIntHashMap deaths = state.deathDays;
    int grace = plan.contract.plausibility().afterDeathGraceDays();
    for (int c = 0; c < days.length; c++) {
      if (days[c] == PartChecker.NONE) {
        continue;
      }
      if (beforeBirth != null && births != null) {
        int born = births.getOrDefault(person, Integer.MIN_VALUE);
        if (born != Integer.MIN_VALUE
            && values.years[c] < born
            && problems.wants(Rule.PLAUSIBILITY_BEFORE_BIRTH)) {
          problems.sample(
              Rule.PLAUSIBILITY_BEFORE_BIRTH,
              beforeBirth,
              record,
              c,
              fieldOf[c],
              "column '"
                  + plan.columns[c].name()
                  + "' is in a year before the person's year of birth");
        }
      }
      if (afterDeath != null && deaths != null && !plan.deathTable) {
        int died = deaths.getOrDefault(person, Integer.MIN_VALUE);
        if (died != Integer.MIN_VALUE
            && days[c] > (long) died + grace
            && problems.wants(Rule.PLAUSIBILITY_AFTER_DEATH)) {
          problems.sample(
              Rule.PLAUSIBILITY_AFTER_DEATH,
              afterDeath,
              record,
              c,
              fieldOf[c],
              "column '"
                  + plan.columns[c].name()
                  + "' is more than "
                  + grace
                  + " days after the person's death");
        }
      }
    }
  }

  private void personRow(CsvRecord record, long person, long rows) {
    long[] days = values.days;
    int year = intValue(record, plan.birthYear);
    if (year == Integer.MIN_VALUE
        && plan.birthDatetime >= 0
        && days[plan.birthDatetime] != PartChecker.NONE) {
      year = values.years[plan.birthDatetime];
    }
    if (year == Integer.MIN_VALUE) {
      return;
    }
    if (!birthYears.room() && !(keys.spillForRoom() && birthYears.room())) {
      throw overBudget(plan.file, rows, state.budget.memory);
    }
    birthYears.put(person, year);
    if (birthYearRule != null && plan.birthYear >= 0) {
      int min = plan.contract.plausibility().birthYearMin();
      if ((year < min || year > maxBirthYear) && problems.wants(Rule.PLAUSIBILITY_BIRTH_YEAR)) {
        problems.sample(
            Rule.PLAUSIBILITY_BIRTH_YEAR,
            birthYearRule,
            record,
            plan.birthYear,
            fieldOf[plan.birthYear],
            year < min
                ? "year of birth is before " + min
                : "year of birth makes the person younger than "
                    + plan.contract.plausibility().birthYearMinAge()
                    + " in "
                    + plan.request.asOf().getYear());
      }
    }
    if (ageLimit != null && plan.request.deidentified() && maxAge != Integer.MAX_VALUE) {
      LocalDate born = birthDate(record, year);
      // De-identified data keeps only the year of birth (January 1): the person may have been born
      // on any day of it, so only one too old even if born on December 31 is certainly too old. A
      // site person born 1936-12-02 is 80 on 2017-12-01 and rightly kept, but reads as 1936-01-01.
      if (born != null && born.getDayOfYear() == 1) {
        born = born.withDayOfYear(born.lengthOfYear());
      }
      if (born != null
          && Period.between(born, ageAsOf).getYears() > maxAge
          && problems.wants(Rule.DEID_AGE_LIMIT)) {
        problems.sample(
            Rule.DEID_AGE_LIMIT,
            ageLimit,
            record,
            plan.personColumn,
            fieldOf[plan.personColumn],
            "the person is older than " + maxAge + " on " + ageAsOf);
      }
    }
  }

  private LocalDate birthDate(CsvRecord record, int year) {
    if (plan.birthDatetime >= 0 && values.days[plan.birthDatetime] != PartChecker.NONE) {
      return LocalDate.ofEpochDay(values.days[plan.birthDatetime]);
    }
    int month = intValue(record, plan.birthMonth);
    int day = intValue(record, plan.birthDay);
    try {
      return LocalDate.of(year, month < 1 ? 1 : month, day < 1 ? 1 : day);
    } catch (DateTimeException e) {
      return LocalDate.of(year, 1, 1);
    }
  }

  private int intValue(CsvRecord record, int column) {
    if (column < 0) {
      return Integer.MIN_VALUE;
    }
    int f = fieldOf[column];
    if (f < 0 || f >= record.size()) {
      return Integer.MIN_VALUE;
    }
    long value = Values.parseLong(record.buffer(), record.start(f), record.end(f));
    return value == Values.NOT_A_LONG || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE
        ? Integer.MIN_VALUE
        : (int) value;
  }
}
