package org.ehrcontracts.gcs.testserver;

import java.util.Map;

/** A request as the handlers see it: the recorded line and headers plus the inflated body. */
record ApiRequest(RecordedRequest line, byte[] body) {

  String method() {
    return line.method();
  }

  String path() {
    return line.path();
  }

  String query(String name) {
    return line.query(name);
  }

  Map<String, String> queryMap() {
    return line.query();
  }

  String header(String name) {
    return line.header(name);
  }
}
