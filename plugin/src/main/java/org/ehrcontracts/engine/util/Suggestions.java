package org.ehrcontracts.engine.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name a mistyped one most likely meant, for "did you mean ...?" hints.
 *
 * @since 0.1.0
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}: equal ignoring case, or within an edit distance of a
   * third of the typed length (at least 1, at most 3).
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    String lower = typed.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, typed.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(typed)) {
        continue;
      }
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** A " (did you mean 'x'?)" suffix, or an empty string. */
  public static String hint(String typed, Collection<String> candidates) {
    return closest(typed, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** The Levenshtein distance between two strings. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
