package org.ehrcontracts.gcs.testserver;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A fault that {@link FakeGcsServer} injects into the requests a predicate selects.
 *
 * <p>A fault acts on the requests it matches after letting {@code skip} of them through, and on at
 * most {@code times} of them. Build one from an action and narrow it:
 *
 * <pre>{@code
 * server.inject(Fault.respond(503).on("PUT", "/upload/").times(2));   // the next two upload PUTs
 * server.inject(Fault.respond(429).afterSkipping(4));                 // the 5th request
 * server.inject(Fault.cutConnection(100_000).on("PUT", "/upload/").afterSkipping(1));
 * }</pre>
 *
 * @param matcher selects the requests (their status is {@link RecordedRequest#PENDING})
 * @param skip how many matching requests pass untouched first
 * @param times on how many matching requests the fault acts
 * @param action what the fault does
 */
public record Fault(Predicate<RecordedRequest> matcher, int skip, int times, Action action) {

  /** Checks the arguments. */
  public Fault {
    Objects.requireNonNull(matcher, "matcher");
    Objects.requireNonNull(action, "action");
    if (skip < 0 || times < 1) {
      throw new IllegalArgumentException("skip must be >= 0 and times >= 1");
    }
  }

  /** What a fault does to a request. */
  public sealed interface Action permits Respond, CutConnection, Delay, CorruptBody {}

  /**
   * Answers with an error status (such as 503 or 429) and a GCS error body, without handling the
   * request.
   *
   * @param status the HTTP status
   */
  public record Respond(int status) implements Action {}

  /**
   * Reads at most {@code afterBodyBytes} bytes of the request body, then closes the connection
   * without an answer.
   *
   * <p>Bytes read from a resumable upload {@code PUT} are kept in the session, as GCS may keep what
   * it received, so the client must ask for the persisted size and resume from there.
   *
   * @param afterBodyBytes how many body bytes to read before closing
   */
  public record CutConnection(long afterBodyBytes) implements Action {}

  /**
   * Waits before handling the request.
   *
   * @param duration how long to wait
   */
  public record Delay(Duration duration) implements Action {}

  /** Flips one bit in the middle of the request body before handling it, as a bad link might. */
  public record CorruptBody() implements Action {}

  /** Returns a fault answering the next request with {@code status}. */
  public static Fault respond(int status) {
    return of(new Respond(status));
  }

  /** Returns a fault closing the connection of the next request after {@code afterBodyBytes}. */
  public static Fault cutConnection(long afterBodyBytes) {
    return of(new CutConnection(afterBodyBytes));
  }

  /** Returns a fault delaying the next request by {@code duration}. */
  public static Fault delay(Duration duration) {
    return of(new Delay(duration));
  }

  /** Returns a fault corrupting the body of the next request. */
  public static Fault corruptBody() {
    return of(new CorruptBody());
  }

  private static Fault of(Action action) {
    return new Fault(request -> true, 0, 1, action);
  }

  /**
   * Returns this fault restricted to requests with {@code method} and a path under {@code prefix}.
   */
  public Fault on(String method, String pathPrefix) {
    return when(request -> request.is(method, pathPrefix));
  }

  /** Returns this fault restricted to requests that also match {@code predicate}. */
  public Fault when(Predicate<RecordedRequest> predicate) {
    return new Fault(matcher.and(predicate), skip, times, action);
  }

  /** Returns this fault letting the first {@code count} matching requests through. */
  public Fault afterSkipping(int count) {
    return new Fault(matcher, count, times, action);
  }

  /** Returns this fault acting on {@code count} matching requests. */
  public Fault times(int count) {
    return new Fault(matcher, skip, count, action);
  }

  /** Returns this fault acting on every matching request. */
  public Fault always() {
    return times(Integer.MAX_VALUE);
  }
}
