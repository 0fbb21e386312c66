package org.ehrcontracts.engine.contract;

/**
 * The text of one contract (or concept) file and where it came from.
 *
 * @param source a unique id of the file: {@code classpath:ehr/contracts/x.yaml} or an absolute path
 * @param display the name to show in messages
 * @param text the file's content
 * @since 0.1.0
 */
public record ContractText(String source, String display, String text) {

  /** Whether the file came from the class path. */
  public boolean onClasspath() {
    return source.startsWith(ContractSource.CLASSPATH);
  }
}
