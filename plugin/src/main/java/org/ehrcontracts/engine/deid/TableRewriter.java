package org.ehrcontracts.engine.deid;

import com.carrotsearch.hppc.LongHashSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.contract.Dialect;
import org.ehrcontracts.engine.contract.ForeignKey;
import org.ehrcontracts.engine.contract.Table;
import org.ehrcontracts.engine.format.DateTimeFormats;
import org.ehrcontracts.engine.format.ParsedDateTime;

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
  final LongHashSet unknownPersons = new LongHashSet();

  /**
   * A rewriter for one table.
   *
   * @param cascadeFrom for columns of this table with a foreign key, the dropped keys of the
   *     referenced column, by column name
   * @param tracked for columns of this table that later tables refer to, where to put the values of
   *     dropped rows, by column name
   */
  TableRewriter(
      Table table,
      Roles roles,
      PersonMap persons,
      OutputFile out,
      Map<String, DroppedKeys> cascadeFrom,
      Map<String, DroppedKeys> tracked) {
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
    this.awaitingHeader = dialect.header();
    if (!awaitingHeader) {
      bind(table.columns().stream().map(c -> c.name()).toList());
    }
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
      if (trackedFields[k] < n && batch.starts[f] != batch.ends[f]) {
        trackedSets[k].add(Bytes.key(batch.data, batch.starts[f], batch.ends[f]));
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
        // Truncated in the batch already, by the scanning thread (see Dates): copied as it is
        // now, or emptied when it was in no accepted form.
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
  Dates dates() {
    java.time.ZoneId zone = roles.policy.timeZone();
    if (roleOf == null || rejected != null) {
      return new Dates(new int[0], new DateTimeFormats[0], new int[0], zone);
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
    return new Dates(fields, forms, timeFields, zone);
  }

  /**
   * Truncates date and time fields of batched records in place. A date becomes January 1 of its
   * year, a datetime midnight of that day with the offset January 1 has in the policy's zone (so
   * that no row's offset tells its season), a time of day midnight. Each field remembers its last
   * value and what it became: exports are mostly sorted by person and date, so a value often
   * repeats the one before and needs no parsing.
   */
  static final class Dates {
    private static final int REMEMBERED = 64;

    private final int[] fields;
    private final DateTimeFormats[] formats;
    private final int[] timeFields;
    private final java.time.ZoneId zone;
    private final ParsedDateTime parsed = new ParsedDateTime();
    private final AsciiChars chars = new AsciiChars();
    private final byte[][] lastIn;
    private final byte[][] lastOut;
    private final int[] lastLength;
    private int offsetYear = Integer.MIN_VALUE;
    private int offsetSeconds;

    private Dates(
        int[] fields, DateTimeFormats[] formats, int[] timeFields, java.time.ZoneId zone) {
      this.fields = fields;
      this.formats = formats;
      this.timeFields = timeFields;
      this.zone = zone;
      this.lastIn = new byte[fields.length][REMEMBERED];
      this.lastOut = new byte[fields.length][REMEMBERED];
      this.lastLength = new int[fields.length];
    }

    /** The offset of January 1 of a year in the policy's zone; one year is remembered. */
    private int januaryOffset(int year) {
      if (year != offsetYear) {
        offsetSeconds = DateTimeFormats.januaryOffsetSeconds(zone, year);
        offsetYear = year;
      }
      return offsetSeconds;
    }

    /** Truncates the dates and times of record {@code r}, or flags them when they do not parse. */
    void apply(RecordBatch batch, int r) {
      int first = batch.firstField[r];
      int n = batch.size(r);
      for (int t : timeFields) {
        if (t < n) {
          time(batch, first + t);
        }
      }
      for (int k = 0; k < fields.length; k++) {
        if (fields[k] >= n) {
          continue;
        }
        int f = first + fields[k];
        int start = batch.starts[f];
        int end = batch.ends[f];
        if (start == end) {
          continue;
        }
        if ((batch.flags[f] & (RecordBatch.ASCII | RecordBatch.ESCAPED)) == RecordBatch.ASCII) {
          int length = end - start;
          byte[] data = batch.data;
          if (length == lastLength[k]
              && java.util.Arrays.equals(data, start, end, lastIn[k], 0, length)) {
            System.arraycopy(lastOut[k], 0, data, start, length);
            continue;
          }
          // The value's bytes are its characters: parse through a view, then overwrite the
          // month, day, time, fraction and offset digits in place.
          chars.set(data, start, end);
          if (formats[k].parse(chars, parsed) >= 0) {
            boolean remember = length <= REMEMBERED;
            if (remember) {
              System.arraycopy(data, start, lastIn[k], 0, length);
            }
            parsed.truncateToYear(data, start);
            parsed.replaceOffset(data, start, januaryOffset(parsed.year()));
            if (remember) {
              System.arraycopy(data, start, lastOut[k], 0, length);
              lastLength[k] = length;
            }
          } else {
            batch.flags[f] |= RecordBatch.UNPARSEABLE;
          }
          continue;
        }
        // Rare: non-ASCII characters or quotes. Truncation changes digits only, so a value that
        // parses keeps its length in bytes.
        String truncated = formats[k].truncateToYear(batch.text(f), zone);
        byte[] bytes = truncated == null ? null : truncated.getBytes(StandardCharsets.UTF_8);
        if (bytes != null
            && bytes.length == end - start
            && (batch.flags[f] & RecordBatch.ESCAPED) == 0) {
          System.arraycopy(bytes, 0, batch.data, start, bytes.length);
        } else {
          batch.flags[f] |= RecordBatch.UNPARSEABLE;
        }
      }
    }

    /**
     * A time of day, {@code hh:mm}, {@code hh:mm:ss} or {@code hh:mm:ss.f}, becomes midnight in the
     * same form; anything else is flagged to be emptied.
     */
    private static void time(RecordBatch batch, int f) {
      int start = batch.starts[f];
      int end = batch.ends[f];
      if (start == end) {
        return;
      }
      if (!isTime(batch.data, start, end) || (batch.flags[f] & RecordBatch.ESCAPED) != 0) {
        batch.flags[f] |= RecordBatch.UNPARSEABLE;
        return;
      }
      for (int i = start; i < end; i++) {
        if (batch.data[i] != ':' && batch.data[i] != '.') {
          batch.data[i] = '0';
        }
      }
    }

    /** Whether the bytes are a time of day: 00-23 hours, 00-59 minutes and seconds. */
    static boolean isTime(byte[] b, int from, int to) {
      int length = to - from;
      if (length != 5 && length != 8 && (length < 10 || length > 18)) {
        return false;
      }
      if (!digits(b, from, 2) || b[from + 2] != ':' || !digits(b, from + 3, 2)) {
        return false;
      }
      int hours = (b[from] - '0') * 10 + b[from + 1] - '0';
      if (hours > 23 || b[from + 3] > '5') {
        return false;
      }
      if (length == 5) {
        return true;
      }
      if (b[from + 5] != ':' || !digits(b, from + 6, 2) || b[from + 6] > '5') {
        return false;
      }
      return length == 8 || (b[from + 8] == '.' && digits(b, from + 9, length - 9));
    }

    private static boolean digits(byte[] b, int from, int count) {
      for (int i = from; i < from + count; i++) {
        if (b[i] < '0' || b[i] > '9') {
          return false;
        }
      }
      return true;
    }
  }

  /** ASCII bytes seen as characters, without copying. */
  private static final class AsciiChars implements CharSequence {
    private byte[] bytes;
    private int from;
    private int to;

    void set(byte[] source, int start, int end) {
      bytes = source;
      from = start;
      to = end;
    }

    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      return (char) bytes[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(bytes, from + start, end - start, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }
  }
}
