package org.ehrcontracts.gcs.testserver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reader of {@code multipart/related} bodies, as sent by {@code uploadType=multipart}. */
final class Multipart {

  /** One part: its {@code Content-Type} (or {@code null}) and its bytes. */
  record Part(String contentType, byte[] content) {}

  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
  private static final byte[] CRLF = {'\r', '\n'};

  private Multipart() {}

  static List<Part> parse(String contentType, byte[] body) {
    Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!boundary.find()) {
      throw GcsError.badRequest("Multipart upload without a boundary: " + contentType);
    }
    String value = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
    byte[] delimiter = ("--" + value).getBytes(StandardCharsets.ISO_8859_1);
    byte[] nextDelimiter = concat(CRLF, delimiter);

    List<Part> parts = new ArrayList<>();
    int position = indexOf(body, delimiter, 0);
    while (position >= 0) {
      position += delimiter.length;
      if (startsWith(body, position, new byte[] {'-', '-'})) {
        return parts;
      }
      position += CRLF.length;
      String partType = null;
      while (!startsWith(body, position, CRLF)) {
        int lineEnd = indexOf(body, CRLF, position);
        if (lineEnd < 0) {
          break;
        }
        String line = new String(body, position, lineEnd - position, StandardCharsets.ISO_8859_1);
        if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
          partType = line.substring("content-type:".length()).trim();
        }
        position = lineEnd + CRLF.length;
      }
      int start = position + CRLF.length;
      int end = indexOf(body, nextDelimiter, start);
      if (end < 0) {
        break;
      }
      parts.add(new Part(partType, Arrays.copyOfRange(body, start, end)));
      position = end + CRLF.length;
    }
    throw GcsError.badRequest("Malformed multipart body");
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] result = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }

  private static boolean startsWith(byte[] data, int from, byte[] prefix) {
    return from + prefix.length <= data.length
        && Arrays.equals(data, from, from + prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    for (int i = from; i <= data.length - pattern.length; i++) {
      if (startsWith(data, i, pattern)) {
        return i;
      }
    }
    return -1;
  }
}
