package org.ehrcontracts.engine.expr;

import com.carrotsearch.hppc.LongIntHashMap;
import java.util.List;
import java.util.Objects;
import org.ehrcontracts.engine.types.ColumnType;

/**
 * A table of values by key, loaded once with its contract, that expressions read as {@code
 * name.column} for the key of the row they are evaluated on: a lookup such as the plausible range
 * of each measurement concept and unit.
 *
 * <p>Keys are one or two integers (concept ids), packed into one {@code long} (two keys as two
 * 32-bit halves, each from 0 to 2<sup>32</sup>-1), and found in a primitive hash map: no {@code
 * String} and no boxing per row. Values are integers or floats, one array per column, indexed by
 * the key's row. Instances are immutable once built, and thread-safe.
 *
 * @since 0.3.0
 */
public final class LookupTable {

  /** What {@link #pack} returns for a key that no table can hold. */
  static final long NO_KEY = Long.MIN_VALUE;

  private final String name;
  private final int keyCount;
  private final List<String> valueNames;
  private final List<ColumnType> valueTypes;
  private final boolean unlistedFails;
  private final LongIntHashMap rows;
  private final long[][] values;

  private LookupTable(Builder builder) {
    this.name = builder.name;
    this.keyCount = builder.keyCount;
    this.valueNames = builder.valueNames;
    this.valueTypes = builder.valueTypes;
    this.unlistedFails = builder.unlistedFails;
    this.rows = builder.rows;
    this.values = new long[valueNames.size()][];
    for (int c = 0; c < values.length; c++) {
      long[] column = new long[builder.size];
      System.arraycopy(builder.values[c], 0, column, 0, builder.size);
      values[c] = column;
    }
  }

  /**
   * The lookup's name, as the contract declares it.
   *
   * @since 0.3.0
   */
  public String name() {
    return name;
  }

  /**
   * How many key columns the table has: 1 or 2.
   *
   * @since 0.3.0
   */
  public int keyCount() {
    return keyCount;
  }

  /**
   * The value columns' names, in declaration order.
   *
   * @since 0.3.0
   */
  public List<String> valueNames() {
    return valueNames;
  }

  /**
   * The value columns' types ({@link ColumnType#INTEGER} or {@link ColumnType#FLOAT}).
   *
   * @since 0.3.0
   */
  public List<ColumnType> valueTypes() {
    return valueTypes;
  }

  /**
   * Whether a row whose key is not in the table fails the checks that read it, rather than being
   * not applicable to them.
   *
   * @since 0.3.0
   */
  public boolean unlistedFails() {
    return unlistedFails;
  }

  /**
   * How many keys the table holds.
   *
   * @since 0.3.0
   */
  public int size() {
    return rows.size();
  }

  /** One integer key as a table key: itself. */
  static long pack(long key) {
    return key;
  }

  /** Two integer keys as one, or {@link #NO_KEY} when either is outside 0..2^32-1. */
  static long pack(long first, long second) {
    if (first < 0 || first > 0xFFFF_FFFFL || second < 0 || second > 0xFFFF_FFFFL) {
      return NO_KEY;
    }
    return (first << 32) | second;
  }

  /** The row of a packed key, or -1. */
  int row(long key) {
    int slot = rows.indexOf(key);
    return rows.indexExists(slot) ? rows.indexGet(slot) : -1;
  }

  /**
   * The raw value of a column at a row: an integer, or a float's bits; {@link #absent} if empty.
   */
  long raw(int row, int column) {
    return values[column][row];
  }

  /** The raw value that stands for an empty cell. */
  static long absent() {
    return Numbers.NA;
  }

  /** A float as it is stored: its bits, with -0.0 as 0.0 so that no value is {@link #absent}. */
  static long floatBits(double value) {
    return Double.doubleToRawLongBits(value == 0 ? 0.0 : value);
  }

  /**
   * Builds a table row by row.
   *
   * @since 0.3.0
   */
  public static final class Builder {
    private final String name;
    private final int keyCount;
    private final List<String> valueNames;
    private final List<ColumnType> valueTypes;
    private final boolean unlistedFails;
    private final LongIntHashMap rows = new LongIntHashMap();
    private long[][] values;
    private int size;

    /**
     * Starts a table.
     *
     * @param name the lookup's name
     * @param keyCount 1 or 2
     * @param valueNames the value columns
     * @param valueTypes their types, integer or float
     * @param unlistedFails see {@link LookupTable#unlistedFails()}
     * @since 0.3.0
     */
    public Builder(
        String name,
        int keyCount,
        List<String> valueNames,
        List<ColumnType> valueTypes,
        boolean unlistedFails) {
      if (keyCount < 1 || keyCount > 2) {
        throw new IllegalArgumentException("a lookup has one or two keys, not " + keyCount);
      }
      if (valueNames.size() != valueTypes.size()) {
        throw new IllegalArgumentException("one type per value column");
      }
      for (ColumnType type : valueTypes) {
        if (type != ColumnType.INTEGER && type != ColumnType.FLOAT) {
          throw new IllegalArgumentException("lookup values are integers or floats, not " + type);
        }
      }
      this.name = Objects.requireNonNull(name, "name");
      this.keyCount = keyCount;
      this.valueNames = List.copyOf(valueNames);
      this.valueTypes = List.copyOf(valueTypes);
      this.unlistedFails = unlistedFails;
      this.values = new long[valueNames.size()][16];
    }

    /**
     * Whether a key can be held: one key any integer but the smallest, two keys each from 0 to
     * 2<sup>32</sup>-1.
     *
     * @since 0.3.0
     */
    public boolean fits(long[] keys) {
      return key(keys) != NO_KEY;
    }

    /**
     * Adds a row.
     *
     * @param keys the key's integers, {@link #keyCount} of them, each {@link #fits fitting}
     * @param integers the integer value of each integer column (ignored for float columns)
     * @param floats the value of each float column (ignored for integer columns)
     * @param empty which values are empty cells
     * @return false, adding nothing, when the key is in the table already
     * @since 0.3.0
     */
    public boolean add(long[] keys, long[] integers, double[] floats, boolean[] empty) {
      long key = key(keys);
      if (key == NO_KEY) {
        throw new IllegalArgumentException("the key does not fit");
      }
      if (rows.containsKey(key)) {
        return false;
      }
      if (values.length > 0 && size == values[0].length) {
        grow();
      }
      for (int c = 0; c < values.length; c++) {
        values[c][size] =
            empty[c]
                ? absent()
                : valueTypes.get(c) == ColumnType.INTEGER ? integers[c] : floatBits(floats[c]);
      }
      rows.put(key, size++);
      return true;
    }

    private void grow() {
      for (int c = 0; c < values.length; c++) {
        values[c] = java.util.Arrays.copyOf(values[c], values[c].length * 2);
      }
    }

    private long key(long[] keys) {
      if (keys.length != keyCount) {
        throw new IllegalArgumentException(keyCount + " keys expected");
      }
      if (keyCount == 1) {
        return keys[0] == NO_KEY ? NO_KEY : pack(keys[0]);
      }
      return pack(keys[0], keys[1]);
    }

    /**
     * The table.
     *
     * @since 0.3.0
     */
    public LookupTable build() {
      return new LookupTable(this);
    }
  }
}
