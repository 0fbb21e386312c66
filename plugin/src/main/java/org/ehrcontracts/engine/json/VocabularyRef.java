package org.ehrcontracts.engine.json;

/**
 * The vocabulary a verification checked concept ids against, as reports show it.
 *
 * @param release the release ({@code VOCABULARY.csv}'s {@code None} row), or empty when the
 *     download does not say
 * @param concepts how many concepts {@code CONCEPT.csv} has
 * @since 0.2.0
 */
public record VocabularyRef(String release, long concepts) {

  /** The release as a report shows it: {@code v5.0 30-AUG-24}, or {@code unknown release}. */
  public String describe() {
    return (release == null || release.isEmpty() ? "unknown release" : "release " + release)
        + String.format(java.util.Locale.ROOT, ", %,d concepts", concepts);
  }
}
