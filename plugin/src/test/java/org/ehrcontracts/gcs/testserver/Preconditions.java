package org.ehrcontracts.gcs.testserver;

import java.util.Map;

/**
 * The generation preconditions of a request; a {@code null} field is absent.
 *
 * <p>{@code ifGenerationMatch=0} means the object must not exist. Failed preconditions answer 412
 * for reads too (GCS answers 304 for a failed {@code ifGenerationNotMatch} on a read).
 */
record Preconditions(
    Long ifGenerationMatch,
    Long ifGenerationNotMatch,
    Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {

  static Preconditions from(Map<String, String> query) {
    return new Preconditions(
        number(query, "ifGenerationMatch"),
        number(query, "ifGenerationNotMatch"),
        number(query, "ifMetagenerationMatch"),
        number(query, "ifMetagenerationNotMatch"));
  }

  private static Long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.valueOf(value);
    } catch (NumberFormatException e) {
      throw GcsError.badRequest("Invalid value for " + name + ": " + value);
    }
  }

  /**
   * Throws a 412 error unless the preconditions hold for {@code current} ({@code null}: absent).
   */
  void check(StoredObject current) {
    Long generation = current == null ? null : current.generation();
    Long metageneration = current == null ? null : current.metageneration();
    boolean holds =
        (ifGenerationMatch == null
                || (ifGenerationMatch == 0
                    ? current == null
                    : ifGenerationMatch.equals(generation)))
            && (ifGenerationNotMatch == null
                || (ifGenerationNotMatch == 0
                    ? current != null
                    : !ifGenerationNotMatch.equals(generation)))
            && (ifMetagenerationMatch == null || ifMetagenerationMatch.equals(metageneration))
            && (ifMetagenerationNotMatch == null
                || !ifMetagenerationNotMatch.equals(metageneration));
    if (!holds) {
      throw GcsError.preconditionFailed(
          "At least one of the pre-conditions you specified did not hold.");
    }
  }
}
