package org.ehrcontracts.gcs;

import java.util.regex.Pattern;

/**
 * Takes secrets out of client messages before they reach a log or report: bearer tokens, access
 * tokens, resumable upload ids (which let anyone write to the session) and private keys.
 */
final class Redaction {

  private static final Pattern[] SECRETS = {
    Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
    Pattern.compile("(?i)((?:access_token|upload_id|id_token|refresh_token|key)=)[^&\\s\"']+"),
    Pattern.compile(
        "(?i)(\"(?:access_token|refresh_token|id_token|private_key)\"\\s*:\\s*\")[^\"]*"),
    Pattern.compile(
        "(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"),
  };

  private Redaction() {}

  /**
   * A copy of an exception chain whose messages are redacted, with the same classes named and the
   * same stack traces, so that {@code mvn -e} shows where a failure came from but no secret.
   */
  static Throwable sanitize(Throwable e) {
    if (e == null) {
      return null;
    }
    Throwable copy =
        new Redacted(
            e.getClass().getName() + ": " + redact(String.valueOf(e.getMessage())),
            sanitize(e.getCause() == e ? null : e.getCause()));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /** An exception of the client, retold without secrets. */
  static final class Redacted extends Exception {
    private static final long serialVersionUID = 1L;

    Redacted(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The text with every secret replaced by {@code [redacted]}. */
  static String redact(String text) {
    String result = text;
    for (Pattern secret : SECRETS) {
      result = secret.matcher(result).replaceAll("$1[redacted]");
    }
    return result;
  }
}
