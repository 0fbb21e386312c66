package org.ehrcontracts.engine.diff;

/**
 * What a contract change means for a site whose export passed under the contract before it.
 *
 * <p>The constants are in the order a reviewer reads them.
 *
 * @since 0.2.0
 */
public enum Impact {
  /** An export that passed may now fail: a column removed, a rule made stricter. */
  BREAKING("breaking"),
  /**
   * The de-identification policy lets more of a person out: a column kept that was blanked, a table
   * written that was withheld, an older age limit. No export fails for it, which is why it is shown
   * apart and needs its own consent.
   */
  LOOSENS_DEIDENTIFICATION("loosens de-identification"),
  /** Every export that passed still passes. */
  COMPATIBLE("compatible");

  private final String label;

  Impact(String label) {
    this.label = label;
  }

  /** The words reports use. */
  public String label() {
    return label;
  }

  /** The word of {@code diff.json}: {@code breaking}, {@code loosens-deidentification}, ... */
  public String id() {
    return label.replace(' ', '-').replace("de-identification", "deidentification");
  }
}
