package org.ehrcontracts.engine.json;

/**
 * A document is not valid JSON, or not of the shape its type expects. The message says where (line,
 * column and the path of member names) and never repeats a value.
 *
 * @since 0.1.0
 */
public final class JsonDocumentException extends Exception {

  private static final long serialVersionUID = 1L;

  JsonDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
