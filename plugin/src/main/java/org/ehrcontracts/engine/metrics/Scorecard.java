package org.ehrcontracts.engine.metrics;

import java.util.List;
import java.util.Optional;

/**
 * The DRC data-quality scorecard of one export: per table, each metric the contract lists, with its
 * target and how it stands.
 *
 * @param vocabulary whether a vocabulary answered the concept metrics; without one they are not
 *     computed
 * @param release the vocabulary's release, if it names one
 * @param tables the tables read, in the contract's order, each with at least one score
 * @since 0.2.0
 */
public record Scorecard(boolean vocabulary, Optional<String> release, List<TableScores> tables) {

  /** No scorecard: the contract lists no metrics, or no table was read. */
  public static final Scorecard NONE = new Scorecard(false, Optional.empty(), List.of());

  /** Copies the list. */
  public Scorecard {
    tables = List.copyOf(tables);
  }

  /** Whether there is nothing to show. */
  public boolean isEmpty() {
    return tables.isEmpty();
  }

  /** How many scores of all tables have that status. */
  public long count(Score.Status status) {
    return tables.stream().mapToLong(t -> t.count(status)).sum();
  }
}
