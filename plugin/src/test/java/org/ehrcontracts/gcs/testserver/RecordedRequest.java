package org.ehrcontracts.gcs.testserver;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the server saw it, with the status it answered.
 *
 * @param method the HTTP method, such as {@code PUT}
 * @param path the raw (still percent-encoded) path, such as {@code /storage/v1/b/bkt/o/a%2Fb.csv}
 * @param query the decoded query parameters (the first value of each)
 * @param headers the request headers, keys in lower case (the first value of each)
 * @param status the response status, {@link #PENDING} while the request is being handled (as fault
 *     predicates see it), or {@link #CONNECTION_CUT} when a fault dropped the connection
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    int status) {

  /** The status of a request that has not been answered yet. */
  public static final int PENDING = 0;

  /** The status of a request whose connection a fault closed without an answer. */
  public static final int CONNECTION_CUT = -1;

  /** Copies the maps. */
  public RecordedRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** Returns whether the method equals {@code method} and the path starts with {@code prefix}. */
  public boolean is(String method, String pathPrefix) {
    return this.method.equals(method) && path.startsWith(pathPrefix);
  }

  /** Returns a query parameter, or {@code null}. */
  public String query(String name) {
    return query.get(name);
  }

  /** Returns a request header (case-insensitive), or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  RecordedRequest withStatus(int newStatus) {
    return new RecordedRequest(method, path, query, headers, newStatus);
  }

  @Override
  public String toString() {
    String range = header("content-range");
    return method
        + " "
        + path
        + (query.isEmpty() ? "" : " " + query)
        + (range == null ? "" : " [" + range + "]")
        + " -> "
        + (status == CONNECTION_CUT ? "cut" : String.valueOf(status));
  }
}
