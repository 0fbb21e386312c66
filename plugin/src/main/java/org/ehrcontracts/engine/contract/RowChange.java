package org.ehrcontracts.engine.contract;

import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;

/**
 * How much a table's row count may change since the last upload ({@code rowChange:}, at the top of
 * a contract or of a table), in percent of the rows uploaded then.
 *
 * <p>A change beyond a {@code warning} limit is a {@code table.row-change} warning, beyond an
 * {@code error} limit an error. A table's own setting wins key by key over the contract's.
 *
 * @param warningDrop a warning when the rows fall by more than this many percent
 * @param warningGrowth a warning when they grow by more than this many percent
 * @param errorDrop an error when they fall by more than this many percent
 * @param errorGrowth an error when they grow by more than this many percent
 * @param note why the limits are what they are; shown in reports
 * @since 0.2.0
 */
public record RowChange(
    Optional<Limit> warningDrop,
    Optional<Limit> warningGrowth,
    Optional<Limit> errorDrop,
    Optional<Limit> errorGrowth,
    Optional<String> note) {

  /** No limits: the figures are shown, nothing is judged. */
  public static final RowChange NONE =
      new RowChange(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * One limit.
   *
   * @param percent the change it allows, in percent, at least 0
   * @param at where the contract says it
   * @since 0.2.0
   */
  public record Limit(double percent, Location at) {}

  /** Whether any limit is set. */
  public boolean judges() {
    return warningDrop.isPresent()
        || warningGrowth.isPresent()
        || errorDrop.isPresent()
        || errorGrowth.isPresent();
  }

  /** These settings, each absent one taken from {@code wider} (the contract's, for a table's). */
  public RowChange over(RowChange wider) {
    return new RowChange(
        warningDrop.or(wider::warningDrop),
        warningGrowth.or(wider::warningGrowth),
        errorDrop.or(wider::errorDrop),
        errorGrowth.or(wider::errorGrowth),
        note.or(wider::note));
  }

  /**
   * The contract's settings and its tables' own.
   *
   * @param contract the top-level {@code rowChange:}
   * @param tables each table's {@code rowChange:}, by table name, where it has one
   * @since 0.2.0
   */
  public record Settings(RowChange contract, Map<String, RowChange> tables) {

    /** A contract without {@code rowChange:} anywhere. */
    public static final Settings NONE = new Settings(RowChange.NONE, Map.of());

    /** Copies the map. */
    public Settings {
      tables = Map.copyOf(tables);
    }

    /** The settings of one table: its own, else the contract's, key by key. */
    public RowChange of(String table) {
      RowChange own = tables.get(table);
      return own == null ? contract : own.over(contract);
    }
  }
}
