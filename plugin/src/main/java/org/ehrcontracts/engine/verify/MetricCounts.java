package org.ehrcontracts.engine.verify;

import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongIntHashMap;
import com.carrotsearch.hppc.LongLongHashMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.ehrcontracts.engine.csv.CsvRecord;
import org.ehrcontracts.engine.format.ParsedDateTime;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.metrics.Metric;

/**
 * The counts of the DRC scorecard's metrics over one part's rows ({@link MetricPlan} says which):
 * concept, unit and route successes, dates after death, ends before starts, dates and datetimes
 * that disagree, erroneous dates, events outside their visit, unknown persons and visits, the empty
 * cells and zero concepts of every column, and a fingerprint of every row for duplicates.
 *
 * <p>It reads what the other families found: the dates {@link ValueChecks} parsed, the key sets,
 * deaths and visit spans of the tables read before. Everything is counted in primitives; nothing is
 * allocated per row. The verifier merges the parts' counts in file order ({@link MetricTotals}).
 */
final class MetricCounts {

  /** No visit span: the visit table has no row of that id with a start. */
  static final int OPEN_END = Integer.MAX_VALUE;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long NONE = PartChecker.NONE;

  final MetricPlan plan;
  private final int[] fieldOf;
  private final ValueChecks values;

  /** Rows counted: the part's rows of the right width. */
  long rows;

  long conceptOk;
  long unitOk;
  long routeOk;
  long withDeath;
  long afterDeath;
  long endBeforeStart;
  long dateDisparity;
  long erroneous;
  long visitDisparity;

  /**
   * Per column, the cells that are empty (counted by {@link PartChecker}, which looks at every cell
   * anyway, for every row of the right width) or a zero concept (counted here).
   */
  final long[] missing;

  /** The columns whose 0 is a missing concept, for completeness. */
  private final int[] conceptColumns;

  /** A fingerprint of each row of the duplicates, in file order; null when not counted. */
  final LongArrayList fingerprints;

  /**
   * The start and end day of each visit by its id, packed; null unless another table asks. Paid
   * from the run's budget as it grows: the spans cannot spill (every row of the tables that refer
   * to the visits looks its visit up), so over the budget the run stops.
   */
  final PaidMap spans;

  /** The file as messages name it, and the budget, for the words of a refusal. */
  private final String file;

  private final Memory budget;

  private final boolean completeness;
  private final boolean endOrder;
  private final boolean disparity;
  private final boolean erroneousDates;
  private final boolean duplicates;

  private final ConceptFacts facts;
  private final String unitDomain;
  private final String routeDomain;
  private final LongIntHashMap deaths;
  private final LongLongHashMap visitSpans;

  /**
   * The runs of adjacent fields of the fingerprint, as first and last field pairs: every field but
   * the primary key's; the last run ends at the row's last field, however many it has.
   */
  private final int[] runs;

  /** The last concept id looked up per concept column (concept, unit, route), and its answer. */
  private final long[] lastId = {NONE, NONE, NONE};

  private final boolean[] lastOk = new boolean[3];

  /** The part's keys, which spill to make room for the spans before the run is stopped. */
  private final RowKeys keys;

  MetricCounts(
      TablePlan table, ExportState state, int[] fieldOf, ValueChecks values, RowKeys keys) {
    this.keys = keys;
    this.plan = table.metrics;
    this.fieldOf = fieldOf;
    this.values = values;
    missing = new long[fieldOf.length];
    conceptColumns = conceptColumns(plan);
    completeness = plan.counts(Metric.COMPLETENESS);
    endOrder = plan.counts(Metric.END_BEFORE_START);
    disparity = plan.counts(Metric.DATE_DATETIME_DISPARITY);
    erroneousDates = plan.counts(Metric.ERRONEOUS_DATES);
    duplicates = plan.counts(Metric.DUPLICATES);
    facts = plan.facts;
    unitDomain = Metric.UNIT_SUCCESS.fixedDomain().orElseThrow();
    routeDomain = Metric.ROUTE_SUCCESS.fixedDomain().orElseThrow();
    deaths = deaths(plan, state);
    visitSpans = visitSpans(plan, state);
    fingerprints = duplicates ? new LongArrayList() : null;
    spans = plan.spanKey >= 0 ? new PaidMap(state.budget) : null;
    file = table.file;
    budget = state.budget.memory;
    runs = runs(plan, fieldOf);
  }

  /** The fingerprint's runs of fields: the gaps between the primary key's fields. */
  private static int[] runs(MetricPlan plan, int[] fieldOf) {
    int width = 0;
    for (int f : fieldOf) {
      width = Math.max(width, f + 1);
    }
    boolean[] key = new boolean[width + 1];
    for (int c : plan.primaryKey) {
      if (fieldOf[c] >= 0) {
        key[fieldOf[c]] = true;
      }
    }
    IntArrayList runs = new IntArrayList();
    for (int f = 0; f <= width; f++) {
      if (key[f]) {
        continue;
      }
      int first = f;
      while (f + 1 <= width && !key[f + 1]) {
        f++;
      }
      runs.add(first, f == width ? Integer.MAX_VALUE : f);
    }
    return runs.toArray();
  }

  private static int[] conceptColumns(MetricPlan plan) {
    int n = 0;
    for (boolean concept : plan.conceptColumns) {
      n += concept ? 1 : 0;
    }
    int[] columns = new int[n];
    for (int c = 0, k = 0; c < plan.conceptColumns.length; c++) {
      if (plan.conceptColumns[c]) {
        columns[k++] = c;
      }
    }
    return columns;
  }

  /**
   * Whether person id failure is counted and the person table's keys are known (in memory or
   * spilled). The rows whose person they lack are {@link RowKeys}' orphans of the person key.
   */
  static boolean knowsPersonKeys(MetricPlan plan, ExportState state) {
    return plan.counts(Metric.PERSON_ID_FAILURE) && state.knows(plan.personKeySet);
  }

  /** The persons' days of death, when data after death is counted and they are known. */
  static LongIntHashMap deaths(MetricPlan plan, ExportState state) {
    return plan.counts(Metric.DATA_AFTER_DEATH) ? state.deathDays : null;
  }

  /** Whether visit id failure is counted and the visit table's keys are known. */
  static boolean knowsVisitKeys(MetricPlan plan, ExportState state) {
    return plan.counts(Metric.VISIT_ID_FAILURE) && state.knows(plan.visitKeySet);
  }

  /** The visits' spans, when the visit date disparity is counted and they are known. */
  static LongLongHashMap visitSpans(MetricPlan plan, ExportState state) {
    return plan.counts(Metric.VISIT_DATE_DISPARITY) ? state.spans.get(plan.visitTable) : null;
  }

  /** Counts a row whose cells are checked (so {@link ValueChecks#days} holds its dates). */
  void row(CsvRecord record) {
    rows++;
    if (completeness) {
      zeros(record);
    }
    if (facts != null) {
      if (plan.concept >= 0 && standard(record, plan.concept, plan.domain, 0)) {
        conceptOk++;
      }
      if (plan.unit >= 0 && standard(record, plan.unit, unitDomain, 1)) {
        unitOk++;
      }
      if (plan.route >= 0 && standard(record, plan.route, routeDomain, 2)) {
        routeOk++;
      }
    }
    long[] days = values.days;
    long start = day(days, plan.startDate, plan.startDatetime);
    if (endOrder) {
      long end = day(days, plan.endDate, plan.endDatetime);
      if (start != NONE && end != NONE && start > end) {
        endBeforeStart++;
      }
    }
    if (disparity
        && (disparate(days, plan.startDate, plan.startDatetime)
            || disparate(days, plan.endDate, plan.endDatetime))) {
      dateDisparity++;
    }
    if (erroneousDates && start != NONE && start < plan.earliestDay) {
      erroneous++;
    }
    if (deaths != null) {
      death(record, start);
    }
    if (visitSpans != null) {
      visit(record, days);
    }
    if (duplicates) {
      fingerprint(record);
    }
    if (spans != null && start != NONE) {
      long id = integer(record, plan.spanKey);
      if (id != Values.NOT_A_LONG) {
        long end = day(days, plan.endDate, plan.endDatetime);
        // One comparison a row: the budget is asked only when the map must grow.
        if (!spans.room() && !(keys.spillForRoom() && spans.room())) {
          throw spansOverBudget(file, rows, budget);
        }
        spans.put(id, pack(start, end == NONE ? OPEN_END : end));
      }
    }
  }

  /** The refusal of the visits' spans, which need more than the budget and cannot spill. */
  static NotEnoughMemoryException spansOverBudget(String file, long rows, Memory budget) {
    return new NotEnoughMemoryException(
        file,
        rows,
        Runtime.getRuntime().maxMemory(),
        budget,
        true,
        "the visits' start and end days (for the scorecard's visit date disparity)",
        null);
  }

  /** Counts the zero concepts of the row's concept columns (the empty cells are counted). */
  private void zeros(CsvRecord record) {
    int size = record.size();
    byte[] bytes = record.buffer();
    for (int c : conceptColumns) {
      int f = fieldOf[c];
      if (f >= 0
          && f < size
          && !record.isEmpty(f)
          && isZero(bytes, record.start(f), record.end(f))) {
        missing[c]++;
      }
    }
  }

  /** Whether the concept of a column is known, standard and of the domain. */
  private boolean standard(CsvRecord record, int column, String domain, int slot) {
    long id = integer(record, column);
    if (id == Values.NOT_A_LONG) {
      return false;
    }
    // Exports are often sorted or clustered by concept: the last answer is the likely next one.
    if (id != lastId[slot]) {
      lastId[slot] = id;
      lastOk[slot] = facts.standardIn(id, domain);
    }
    return lastOk[slot];
  }

  private void death(CsvRecord record, long start) {
    long id = integer(record, plan.person);
    if (id == Values.NOT_A_LONG) {
      return; // empty, or a type problem of its own
    }
    int died = deaths.getOrDefault(id, Integer.MIN_VALUE);
    if (died != Integer.MIN_VALUE) {
      withDeath++;
      if (start != NONE && start > (long) died + plan.graceDays) {
        afterDeath++;
      }
    }
  }

  private void visit(CsvRecord record, long[] days) {
    long id = integer(record, plan.visit);
    if (id == Values.NOT_A_LONG) {
      return;
    }
    int slot = visitSpans.indexOf(id);
    if (!visitSpans.indexExists(slot)) {
      return;
    }
    long span = visitSpans.indexGet(slot);
    long first = span >> 32;
    long last = (int) span;
    long date = plan.startDate >= 0 ? days[plan.startDate] : NONE;
    long datetime = plan.startDatetime >= 0 ? days[plan.startDatetime] : NONE;
    // A date must lie within the visit's days; a datetime's day, as written, may be one day out,
    // as a time written in another zone than the visit's can be.
    if ((date != NONE && (date < first || date > last))
        || (datetime != NONE && (datetime < first - 1 || datetime > last + 1))) {
      visitDisparity++;
    }
  }

  /**
   * Whether a date and its datetime disagree as the DRC reads them: the datetime's UTC date minus
   * the date is below 0 or above 1 (a time late in the evening west of Greenwich is the next day in
   * UTC).
   */
  private boolean disparate(long[] days, int date, int datetime) {
    if (date < 0 || datetime < 0 || days[date] == NONE || days[datetime] == NONE) {
      return false;
    }
    ParsedDateTime parsed = values.parsed(datetime);
    long utcDay = Math.floorDiv(parsed.epochSecond(), 86_400L);
    long difference = utcDay - days[date];
    return difference < 0 || difference > 1;
  }

  /**
   * A 64-bit fingerprint of the row's fields but the primary key's, as written: rows with the same
   * fingerprint are the same row (two different rows share one with a chance of about n²/2⁶⁵, one
   * in 1.5 million for 5 million rows).
   */
  private void fingerprint(CsvRecord record) {
    if (plan.concept >= 0) {
      int f = fieldOf[plan.concept];
      if (f >= 0
          && f < record.size()
          && !record.isEmpty(f)
          && isZero(record.buffer(), record.start(f), record.end(f))) {
        return; // rows without a concept are not duplicates to the DRC
      }
    }
    byte[] bytes = record.buffer();
    int last = record.size() - 1;
    long hash = 0x9E3779B97F4A7C15L ^ last;
    // Each run of adjacent fields is hashed as one span of bytes, separators and quotes included.
    for (int r = 0; r < runs.length; r += 2) {
      if (runs[r] > last) {
        break;
      }
      hash = hash(bytes, record.start(runs[r]), record.end(Math.min(runs[r + 1], last)), hash);
    }
    fingerprints.add(Values.mix(hash));
  }

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;

  /**
   * Mixes bytes into a hash: xxHash64's rounds, on four lanes of eight bytes at a time so that the
   * multiplications of a long row do not wait on each other, then eight bytes and the tail.
   */
  static long hash(byte[] bytes, int from, int to, long seed) {
    long h = seed ^ ((to - from) * P2);
    int p = from;
    if (to - p >= 32) {
      long v1 = h + P1 + P2;
      long v2 = h + P2;
      long v3 = h;
      long v4 = h - P1;
      for (; p + 32 <= to; p += 32) {
        v1 = round(v1, (long) LONGS.get(bytes, p));
        v2 = round(v2, (long) LONGS.get(bytes, p + 8));
        v3 = round(v3, (long) LONGS.get(bytes, p + 16));
        v4 = round(v4, (long) LONGS.get(bytes, p + 24));
      }
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
    }
    for (; p + 8 <= to; p += 8) {
      h = round(h, (long) LONGS.get(bytes, p));
    }
    if (p == to) {
      return h;
    }
    if (to - from >= 8) {
      // The last eight bytes, some hashed already: one word rather than a loop over the tail.
      return round(h, (long) LONGS.get(bytes, to - 8));
    }
    long tail = 0;
    for (int shift = 0; p < to; p++, shift += 8) {
      tail |= (bytes[p] & 0xffL) << shift;
    }
    return round(h, tail);
  }

  private static long round(long accumulator, long input) {
    return Long.rotateLeft(accumulator + input * P2, 31) * P1;
  }

  /** A start and an end day in one long. */
  static long pack(long first, long last) {
    return (first << 32) | (last & 0xffffffffL);
  }

  /** The day of a start or an end: its date's, else its datetime's as written; else NONE. */
  private static long day(long[] days, int date, int datetime) {
    if (date >= 0 && days[date] != NONE) {
      return days[date];
    }
    return datetime >= 0 ? days[datetime] : NONE;
  }

  /** The whole number in a column, or NOT_A_LONG when it is empty or none. */
  private long integer(CsvRecord record, int column) {
    int f = fieldOf[column];
    if (f < 0 || f >= record.size() || record.isEmpty(f)) {
      return Values.NOT_A_LONG;
    }
    return Values.parseLong(record.buffer(), record.start(f), record.end(f));
  }

  /** Whether a non-empty integer cell is 0 ({@code 0}, {@code 00}, {@code -0}). */
  private static boolean isZero(byte[] bytes, int from, int to) {
    byte first = bytes[from];
    if (to - from == 1) {
      return first == '0';
    }
    return (first == '0' || first == '-' || first == '+') && Values.parseLong(bytes, from, to) == 0;
  }
}
