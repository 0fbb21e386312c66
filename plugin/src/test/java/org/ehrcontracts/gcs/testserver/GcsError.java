package org.ehrcontracts.gcs.testserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** An error answer in the JSON API's shape, thrown by request handlers. */
final class GcsError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String reason;

  GcsError(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  static GcsError badRequest(String message) {
    return new GcsError(400, "invalid", message);
  }

  static GcsError notFound(String message) {
    return new GcsError(404, "notFound", message);
  }

  static GcsError conflict(String message) {
    return new GcsError(409, "conflict", message);
  }

  static GcsError preconditionFailed(String message) {
    return new GcsError(412, "conditionNotMet", message);
  }

  /** Returns the error GCS answers with this status when it fails for its own reasons. */
  static GcsError injected(int status) {
    return switch (status) {
      case 429 ->
          new GcsError(429, "rateLimitExceeded", "The rate of change requests is too high.");
      case 503 -> new GcsError(503, "backendError", "Backend Error (injected)");
      default -> new GcsError(status, "injected", "Injected failure " + status);
    };
  }

  int status() {
    return status;
  }

  /** Returns {@code {"error":{"code":..,"message":..,"errors":[..]}}}. */
  JsonObject toJson() {
    JsonObject detail = new JsonObject();
    detail.addProperty("message", getMessage());
    detail.addProperty("domain", "global");
    detail.addProperty("reason", reason);
    JsonArray errors = new JsonArray();
    errors.add(detail);
    JsonObject error = new JsonObject();
    error.addProperty("code", status);
    error.addProperty("message", getMessage());
    error.add("errors", errors);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body;
  }
}
