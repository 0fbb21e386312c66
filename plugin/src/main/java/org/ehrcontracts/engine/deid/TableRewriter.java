package org.ehrcontracts.engine.deid;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.format.DateTimeFormats;

/**
 * Rewrites the records of one table file, batch by batch, into an {@link OutputFile}: drops the
 * rows of removed and unknown persons (and rows that point at rows dropped before), replaces person
 * ids, truncates dates as bytes, sets birth parts to 1 and empties blanked columns.
 *
 * <p>Untouched fields are copied as their bytes, quotes included, in runs: the bytes from the first
 * untouched field of a run to the last one's closing quote are one copy. A rewritten field keeps
 * its quotes (with {@code quoting: all}, gets them); each record keeps its own line break. The
 * header line is copied as it is.
 */
final class TableRewriter {

  private final Table table;
  private final Roles roles;
  private final PersonMap persons;
  private final OutputFile out;
  private final byte delimiter;
  private final byte quote;
  private final boolean quoteAll;
  private final boolean personTable;
  private final Map<String, DroppedKeys> cascadeFrom;
  private final Map<String, DroppedKeys> tracked;

  private boolean awaitingHeader;

  /** Why the whole table is dropped (its header cannot be trusted), or null. */
  private String rejected;

  // The last person id seen in each person column, and its replacement as digits: rows of one
  // person usually come together, so most rows need neither a lookup nor a conversion.
  private long[] lastOriginal;
  private long[] lastLookup;
  private byte[][] lastDigits;
  private int[] lastDigitCount;

  // Per field position, once the header (or the contract's order) is known.
  private byte[] roleOf;
  private DateTimeFormats[] formatsOf;
  private int[] personSlotOf;
  private int[] personFields;
  // Per person slot: the field of the column whose value says whether the slot holds a person id
  // in a row (-1: always), the condition, and whether it does in the current row.
  private int[] conditionFields;
  private ForeignKey.Condition[] conditions;
  private boolean[] active;
  private int width;
  private int[] cascadeFields;
  private DroppedKeys[] cascadeSets;
  private int[] trackedFields;
  private DroppedKeys[] trackedSets;

  long rowsIn;
  long rowsOut;
  long removedWithPersons;
  long removedUnlinked;
  long removedCascade;
  long removedMalformed;
  long timesTruncated;
  long idsReplaced;
  long datesTruncated;
  long datesUnparseable;
  long valuesBlanked;

  /** The distinct ids of persons the person table lacks, counted for the report. */
  final PaidKeys unknownPersons;

  /** What the sets that grow with the rows are paid from; refused above it. */
  private final PersonMap.Budget budget;

  /** The file as messages name it ({@code export/measurement.csv}). */
  private final String display;

  /**
   * A rewriter for one table.
   *
   * @param cascadeFrom for columns of this table with a foreign key, the dropped keys of the
   *     referenced column, by column name
   * @param tracked for columns of this table that later tables refer to, where to put the values of
   *     dropped rows, by column name
   * @param budget what {@link #unknownPersons} and the tracked keys are paid from
   * @param display the file as messages name it
   */
  TableRewriter(
      Table table,
      Roles roles,
      PersonMap persons,
      OutputFile out,
      Map<String, DroppedKeys> cascadeFrom,
      Map<String, DroppedKeys> tracked,
      PersonMap.Budget budget,
      String display) {
    Dialect dialect = roles.contract.dialect();
    this.table = table;
    this.roles = roles;
    this.persons = persons;
    this.out = out;
    this.delimiter = (byte) dialect.delimiter();
    this.quote = (byte) dialect.quote();
    this.quoteAll = dialect.quoteAll();
    this.personTable = table.name().equals(roles.person.table());
    this.cascadeFrom = cascadeFrom;
    this.tracked = tracked;
    this.budget = budget;
    this.display = display;
    this.unknownPersons = new PaidKeys(budget);
    this.awaitingHeader = dialect.header();
    if (!awaitingHeader) {
      bind(table.columns().stream().map(c -> c.name()).toList());
    }
  }

  /** What a refusal of the unknown persons' ids says needed the memory. */
  static String unknownPersonsWhat(long ids, long bytes) {
    return String.format(
        java.util.Locale.ROOT,
        "the ids of persons the person table lacks (counted for the report: %,d ids, %,d MB)",
        ids,
        bytes >> 20);
  }

  /** Why the table was dropped whole, if it was. */
  Optional<String> rejected() {
    return Optional.ofNullable(rejected);
  }

  /** Assigns each field position the role of the column the header names there. */
  private void bind(List<String> names) {
    int n = names.size();
    roleOf = new byte[n];
    formatsOf = new DateTimeFormats[n];
    personSlotOf = new int[n];
    int people = 0;
    int cascades = 0;
    int tracks = 0;
    for (int f = 0; f < n; f++) {
      String name = names.get(f);
      personSlotOf[f] = -1;
      if (table.column(name).isEmpty()) {
        // A column the contract does not know cannot be classified, so nothing of it is kept.
        roleOf[f] = Roles.BLANK;
        continue;
      }
      roleOf[f] = roles.role(table.name(), name);
      if (roleOf[f] == Roles.DATE) {
        formatsOf[f] = roles.formats(table.name(), name);
      }
      if (roles.isPersonReference(table.name(), name)) {
        personSlotOf[f] = people++;
      }
      if (cascadeFrom.containsKey(name)) {
        cascades++;
      }
      if (tracked.containsKey(name)) {
        tracks++;
      }
    }
    width = n;
    personFields = new int[people];
    conditionFields = new int[people];
    conditions = new ForeignKey.Condition[people];
    active = new boolean[people];
    lastOriginal = new long[people];
    lastLookup = new long[people];
    lastDigits = new byte[people][20];
    lastDigitCount = new int[people];
    java.util.Arrays.fill(lastOriginal, Bytes.NOT_A_NUMBER);
    cascadeFields = new int[cascades];
    cascadeSets = new DroppedKeys[cascades];
    trackedFields = new int[tracks];
    trackedSets = new DroppedKeys[tracks];
    cascades = 0;
    tracks = 0;
    for (int f = 0; f < n; f++) {
      String name = names.get(f);
      if (personSlotOf[f] >= 0) {
        int k = personSlotOf[f];
        personFields[k] = f;
        conditionFields[k] = -1;
        Optional<ForeignKey.Condition> when = roles.condition(table.name(), name);
        if (when.isPresent()) {
          conditions[k] = when.get();
          conditionFields[k] = names.indexOf(when.get().column());
        }
      }
      if (table.column(name).isEmpty()) {
        continue;
      }
      DroppedKeys from = cascadeFrom.get(name);
      if (from != null) {
        cascadeFields[cascades] = f;
        cascadeSets[cascades++] = from;
      }
      DroppedKeys to = tracked.get(name);
      if (to != null) {
        trackedFields[tracks] = f;
        trackedSets[tracks++] = to;
      }
    }
  }

  /** Rewrites every record of a batch. */
  void rewrite(RecordBatch batch) throws IOException {
    for (int r = 0; r < batch.records; r++) {
      if (awaitingHeader) {
        awaitingHeader = false;
        int first = batch.firstField[r];
        String[] names = new String[batch.size(r)];
        for (int i = 0; i < names.length; i++) {
          names[i] = batch.text(first + i).trim();
        }
        rejected = roles.headerMismatch(table, List.of(names)).orElse(null);
        bind(List.of(names));
        if (rejected == null) {
          copyWhole(batch, r);
        }
      } else if (rejected != null) {
        rowsIn++;
        removedMalformed++;
      } else {
        row(batch, r);
      }
    }
  }

  private void copyWhole(RecordBatch batch, int r) throws IOException {
    int first = batch.firstField[r];
    int from = batch.rawStart(first);
    int to = batch.rawEnd(first + batch.size(r) - 1);
    out.ensure(to - from + 2);
    byte[] o = out.buffer();
    int p = out.position();
    System.arraycopy(batch.data, from, o, p, to - from);
    out.position(lineBreak(batch.lineBreaks[r], o, p + to - from));
  }

  private void row(RecordBatch batch, int r) throws IOException {
    rowsIn++;
    byte[] in = batch.data;
    int[] starts = batch.starts;
    int[] ends = batch.ends;
    int first = batch.firstField[r];
    int n = batch.size(r);
    if (n > width || (n < width && !table.jaggedRows())) {
      // Fields the header does not name, or a row cut short: nothing says which value is which.
      drop(batch, r, 3);
      return;
    }
    for (int k = 0; k < personFields.length; k++) {
      int f = personFields[k];
      active[k] = true;
      int c = conditionFields[k];
      if (conditions[k] != null) {
        // A conditional reference holds a person id only where its condition holds; a row whose
        // condition cannot be read might be about a person, so it goes.
        if (c < 0 || c >= n || starts[first + c] == ends[first + c]) {
          drop(batch, r, 1);
          return;
        }
        active[k] = conditions[k].matches(batch.text(first + c));
        if (!active[k]) {
          continue;
        }
      }
      if (f >= n || starts[first + f] == ends[first + f]) {
        // No person to link to an age or a new number: the row might be anyone's.
        drop(batch, r, 1);
        return;
      }
      long original = Bytes.parseLong(in, starts[first + f], ends[first + f]);
      if (original == Bytes.NOT_A_NUMBER) {
        drop(batch, r, 1);
        return;
      }
      long id;
      if (original == lastOriginal[k]) {
        id = lastLookup[k];
      } else {
        id = persons.lookup(original);
        lastOriginal[k] = original;
        lastLookup[k] = id;
        if (id > 0) {
          lastDigitCount[k] = Bytes.writeLong(id, lastDigits[k], 0);
        }
      }
      if (id == PersonMap.UNKNOWN) {
        // One comparison a row: the budget is asked only when the set must grow.
        if (!unknownPersons.room()) {
          throw budget.overBudget(
              display, rowsIn, unknownPersonsWhat(unknownPersons.size(), unknownPersons.bytes()));
        }
        unknownPersons.add(original);
        drop(batch, r, 1);
        return;
      }
      if (id == PersonMap.GONE) {
        drop(batch, r, 0);
        return;
      }
    }
    for (int k = 0; k < cascadeFields.length; k++) {
      int f = cascadeFields[k];
      if (f < n
          && starts[first + f] != ends[first + f]
          && cascadeSets[k].contains(Bytes.key(in, starts[first + f], ends[first + f]))) {
        drop(batch, r, 2);
        return;
      }
    }
    write(batch, r);
    rowsOut++;
  }

  /**
   * Drops a row: 0 with its person, 1 as unlinked, 2 as referring to a dropped row, 3 as malformed.
   */
  private void drop(RecordBatch batch, int r, int why) {
    switch (why) {
      case 0 -> removedWithPersons++;
      case 1 -> removedUnlinked++;
      case 2 -> removedCascade++;
      default -> removedMalformed++;
    }
    int first = batch.firstField[r];
    int n = batch.size(r);
    for (int k = 0; k < trackedFields.length; k++) {
      int f = first + trackedFields[k];
      if (trackedFields[k] < n
          && batch.starts[f] != batch.ends[f]
          && !trackedSets[k].add(Bytes.key(batch.data, batch.starts[f], batch.ends[f]))) {
        throw budget.overBudget(
            display,
            rowsIn,
            String.format(
                java.util.Locale.ROOT,
                "the keys of dropped rows (%s, so that the rows that refer to them go too: %,d"
                    + " keys, %,d MB)",
                trackedSets[k].column,
                trackedSets[k].size(),
                trackedSets[k].bytes() >> 20));
      }
    }
  }

  private void write(RecordBatch batch, int r) throws IOException {
    byte[] in = batch.data;
    byte[] flags = batch.flags;
    int first = batch.firstField[r];
    int n = batch.size(r);
    int raw = batch.rawEnd(first + n - 1) - batch.rawStart(first);
    // Room for the worst case: every byte doubled, quotes added, ids of 19 digits, a line break.
    out.ensure(2 * raw + 2 * n + 20 * personFields.length + 2);
    byte[] o = out.buffer();
    int p = out.position();
    int run = -1;
    for (int i = 0; i < n; i++) {
      int f = first + i;
      byte role = i < roleOf.length ? roleOf[i] : Roles.BLANK;
      boolean quoted = (flags[f] & RecordBatch.QUOTED) != 0;
      boolean unreadable = false;
      if (role == Roles.DATE || role == Roles.TIME) {
        // Truncated in the batch already, by the scanning thread (see DateTruncation): copied as
        // it is now, or emptied when it was in no accepted form.
        if ((flags[f] & RecordBatch.UNPARSEABLE) != 0) {
          datesUnparseable++;
          unreadable = true;
          role = Roles.BLANK;
        } else {
          if (batch.starts[f] != batch.ends[f]) {
            if (role == Roles.DATE) {
              datesTruncated++;
            } else {
              timesTruncated++;
            }
          }
          role = Roles.COPY;
        }
      } else if (role == Roles.PERSON && !active[personSlotOf[i]]) {
        role = Roles.COPY;
      }
      if (role == Roles.COPY && (quoted || !quoteAll)) {
        if (run < 0) {
          if (i > 0) {
            o[p++] = delimiter;
          }
          run = batch.rawStart(f);
        }
        continue;
      }
      if (run >= 0) {
        int length = batch.rawEnd(f - 1) - run;
        System.arraycopy(in, run, o, p, length);
        p += length;
        run = -1;
      }
      if (i > 0) {
        o[p++] = delimiter;
      }
      boolean q = quoteAll || quoted;
      if (q) {
        o[p++] = quote;
      }
      boolean empty = batch.starts[f] == batch.ends[f];
      switch (role) {
        case Roles.COPY -> p = copyEscaped(in, batch.starts[f], batch.ends[f], o, p);
        case Roles.PERSON -> {
          if (!empty) {
            int k = personSlotOf[i];
            int count = lastDigitCount[k];
            System.arraycopy(lastDigits[k], 0, o, p, count);
            p += count;
            idsReplaced++;
          }
        }
        case Roles.BIRTH_PART -> {
          if (!empty) {
            o[p++] = '1';
          }
        }
        default -> {
          if (!empty && !unreadable) {
            valuesBlanked++;
          }
        }
      }
      if (q) {
        o[p++] = quote;
      }
    }
    if (run >= 0) {
      int length = batch.rawEnd(first + n - 1) - run;
      System.arraycopy(in, run, o, p, length);
      p += length;
    }
    out.position(lineBreak(batch.lineBreaks[r], o, p));
  }

  /** Copies a value between quotes: escaped quotes stay doubled, lone ones are doubled. */
  private int copyEscaped(byte[] in, int from, int to, byte[] o, int p) {
    for (int i = from; i < to; i++) {
      byte b = in[i];
      o[p++] = b;
      if (b == quote) {
        o[p++] = quote;
        if (i + 1 < to && in[i + 1] == quote) {
          i++;
        }
      }
    }
    return p;
  }

  private static int lineBreak(int kind, byte[] o, int p) {
    if (kind == 2) {
      o[p++] = '\r';
    }
    if (kind > 0) {
      o[p++] = '\n';
    }
    return p;
  }

  /**
   * Truncates the dates of records in a batch, in place, on the thread that filled the batch; the
   * rewriting thread then copies them like any other field. One per scanning thread: it reuses a
   * parse holder and a character view. Made once the header is bound.
   */
  DateTruncation dates() {
    java.time.ZoneId zone = roles.policy.timeZone();
    if (roleOf == null || rejected != null) {
      return new DateTruncation(new int[0], new DateTimeFormats[0], new int[0], zone);
    }
    int count = 0;
    int times = 0;
    for (byte role : roleOf) {
      count += role == Roles.DATE ? 1 : 0;
      times += role == Roles.TIME ? 1 : 0;
    }
    int[] fields = new int[count];
    DateTimeFormats[] forms = new DateTimeFormats[count];
    int[] timeFields = new int[times];
    for (int i = 0, k = 0, t = 0; i < roleOf.length; i++) {
      if (roleOf[i] == Roles.DATE) {
        fields[k] = i;
        forms[k++] = formatsOf[i];
      } else if (roleOf[i] == Roles.TIME) {
        timeFields[t++] = i;
      }
    }
    return new DateTruncation(fields, forms, timeFields, zone);
  }
}
