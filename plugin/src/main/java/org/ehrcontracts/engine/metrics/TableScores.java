package org.ehrcontracts.engine.metrics;

import java.util.List;

/**
 * The scorecard of one table: its metrics, in the order of {@link Metric}, completeness last with a
 * score per column.
 *
 * @param table the contract table
 * @param file the file it was read from
 * @param rows the rows the metrics count: the file's data rows of the right width
 * @param scores the scores
 * @since 0.2.0
 */
public record TableScores(String table, String file, long rows, List<Score> scores) {

  /** Copies the list. */
  public TableScores {
    scores = List.copyOf(scores);
  }

  /** The scores that miss their target. */
  public List<Score> missed() {
    return scores.stream().filter(s -> s.status() == Score.Status.MISSED).toList();
  }

  /** How many scores have that status. */
  public long count(Score.Status status) {
    return scores.stream().filter(s -> s.status() == status).count();
  }
}
