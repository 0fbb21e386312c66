package org.ehrcontracts.gcs.testserver;

import com.google.gson.JsonElement;
import java.util.Map;

/** An answer: status, extra headers and body bytes (empty for none). */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

  ApiResponse {
    headers = Map.copyOf(headers);
  }

  static ApiResponse json(int status, JsonElement json) {
    return new ApiResponse(
        status, Map.of("Content-Type", "application/json; charset=UTF-8"), Json.bytes(json));
  }

  static ApiResponse empty(int status, Map<String, String> headers) {
    return new ApiResponse(status, headers, new byte[0]);
  }
}
