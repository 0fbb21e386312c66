package org.ehrcontracts.gcs.testserver;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upload protocols of the JSON API that the client uses: multipart and resumable.
 *
 * <p>{@code uploadType=media} is left out: client 2.63 sends small objects as multipart and
 * everything else as resumable.
 */
final class Uploads {

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (?:\\*|(\\d+)-(\\d+))/(\\*|\\d+)");

  private final ObjectStore store;
  private final String endpoint;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Uploads(ObjectStore store, String endpoint) {
    this.store = store;
    this.endpoint = endpoint;
  }

  /** Handles {@code POST /upload/storage/v1/b/{bucket}/o?uploadType=...}. */
  ApiResponse start(ApiRequest request, String bucket) {
    store.bucket(bucket);
    String uploadType = request.query("uploadType");
    if ("multipart".equals(uploadType)) {
      List<Multipart.Part> parts = Multipart.parse(request.header("content-type"), request.body());
      if (parts.size() != 2) {
        throw GcsError.badRequest("A multipart upload has 2 parts, not " + parts.size());
      }
      JsonObject resource = Json.parse(parts.get(0).content());
      Target target = Target.of(bucket, request, resource, parts.get(1).contentType());
      return created(complete(target, parts.get(1).content(), request.header("x-goog-hash")));
    }
    if ("resumable".equals(uploadType)) {
      JsonObject resource = Json.parse(request.body());
      Target target = Target.of(bucket, request, resource, request.header("x-upload-content-type"));
      // GCS checks preconditions when the session starts, and again when it completes.
      target.preconditions().check(store.find(bucket, target.name()));
      String id = UUID.randomUUID().toString();
      sessions.put(id, new Session(target));
      String location =
          endpoint
              + "/upload/storage/v1/b/"
              + Json.segment(bucket)
              + "/o?uploadType=resumable&upload_id="
              + id;
      return ApiResponse.empty(200, Map.of("Location", location));
    }
    throw GcsError.badRequest("Unsupported uploadType: " + uploadType);
  }

  /** Handles a {@code PUT} to a resumable session: a chunk, a final chunk or a status query. */
  ApiResponse put(ApiRequest request) {
    Session session = session(request);
    synchronized (session) {
      if (session.result != null) {
        return created(session.result);
      }
      byte[] body = request.body();
      ContentRange range = ContentRange.parse(request.header("content-range"), body.length);
      if (range.hasBytes()) {
        if (range.length() != body.length) {
          throw GcsError.badRequest(
              "Content-Range " + range + " does not match a body of " + body.length + " bytes");
        }
        session.append(range.first(), body, body.length);
      }
      long received = session.data.size();
      if (range.total() >= 0 && received > range.total()) {
        throw GcsError.badRequest(
            "Received " + received + " bytes, more than the declared " + range.total());
      }
      if (range.total() == received) {
        session.result =
            complete(session.target, session.data.toByteArray(), request.header("x-goog-hash"));
        return created(session.result);
      }
      return incomplete(received);
    }
  }

  /** Keeps the bytes of a resumable {@code PUT} whose connection a fault is about to cut. */
  void keepPartial(ApiRequest request, byte[] partialBody) {
    Session session = sessions.get(String.valueOf(request.query("upload_id")));
    ContentRange range;
    try {
      range = ContentRange.parse(request.header("content-range"), partialBody.length);
    } catch (GcsError e) {
      return;
    }
    if (session != null && range.hasBytes()) {
      synchronized (session) {
        if (session.result == null && range.first() <= session.data.size()) {
          session.append(range.first(), partialBody, partialBody.length);
          // Like GCS: once every byte of the declared total is in, the object is final, even if
          // the connection breaks before the answer; a status query then gets the object.
          if (range.total() >= 0 && session.data.size() == range.total()) {
            try {
              session.result =
                  complete(
                      session.target, session.data.toByteArray(), request.header("x-goog-hash"));
            } catch (GcsError e) {
              // Left unfinished: the client's next request for the session learns why.
            }
          }
        }
      }
    }
  }

  private Session session(ApiRequest request) {
    Session session = sessions.get(String.valueOf(request.query("upload_id")));
    if (session == null) {
      throw GcsError.notFound("No such upload session: " + request.query("upload_id"));
    }
    return session;
  }

  /** Answers 308 with the persisted range; no {@code Range} header means nothing persisted. */
  private static ApiResponse incomplete(long received) {
    Map<String, String> headers =
        received == 0 ? Map.of() : Map.of("Range", "bytes=0-" + (received - 1));
    return ApiResponse.empty(308, headers);
  }

  private ApiResponse created(StoredObject object) {
    return ApiResponse.json(200, Json.object(object, endpoint));
  }

  /** Checks the declared checksums and the preconditions, then stores the object. */
  private StoredObject complete(Target target, byte[] data, String hashHeader) {
    verify("CRC32C", target.crc32c(), Checksums.crc32c(data));
    verify("MD5 hash", target.md5(), Checksums.md5(data));
    if (hashHeader != null) {
      for (String hash : hashHeader.split(",")) {
        String[] kindAndValue = hash.trim().split("=", 2);
        if (kindAndValue.length == 2 && kindAndValue[0].equals("crc32c")) {
          verify("CRC32C", kindAndValue[1], Checksums.crc32c(data));
        } else if (kindAndValue.length == 2 && kindAndValue[0].equals("md5")) {
          verify("MD5 hash", kindAndValue[1], Checksums.md5(data));
        }
      }
    }
    return store.write(
        target.bucket(),
        target.name(),
        data,
        target.contentType(),
        target.metadata(),
        target.preconditions());
  }

  private static void verify(String kind, String provided, String calculated) {
    if (provided != null && !provided.equals(calculated)) {
      throw GcsError.badRequest(
          "Provided "
              + kind
              + " \""
              + provided
              + "\" doesn't match calculated "
              + kind
              + " \""
              + calculated
              + "\".");
    }
  }

  /** Where an upload goes and what the client declared about it. */
  private record Target(
      String bucket,
      String name,
      String contentType,
      Map<String, String> metadata,
      String crc32c,
      String md5,
      Preconditions preconditions) {

    static Target of(String bucket, ApiRequest request, JsonObject resource, String partType) {
      String name = Json.string(resource, "name");
      if (name == null) {
        name = request.query("name");
      }
      if (name == null || name.isEmpty()) {
        throw GcsError.badRequest("Required parameter: name");
      }
      String contentType = Json.string(resource, "contentType");
      if (contentType == null) {
        contentType = partType != null ? partType : "application/octet-stream";
      }
      return new Target(
          bucket,
          name,
          contentType,
          Json.metadata(resource),
          Json.string(resource, "crc32c"),
          Json.string(resource, "md5Hash"),
          Preconditions.from(request.queryMap()));
    }
  }

  /** A resumable upload session; guarded by its own monitor. */
  private static final class Session {
    final Target target;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    StoredObject result;

    Session(Target target) {
      this.target = target;
    }

    /** Appends the bytes from {@code first} on; bytes the session already holds are skipped. */
    void append(long first, byte[] bytes, int count) {
      long received = data.size();
      if (first > received) {
        throw GcsError.badRequest(
            "Content-Range starts at " + first + " but only " + received + " bytes were received");
      }
      int overlap = Math.toIntExact(received - first);
      if (overlap < count) {
        data.write(bytes, overlap, count - overlap);
      }
    }
  }

  /**
   * A {@code Content-Range} of a resumable {@code PUT}: {@code first} is -1 for {@code bytes *},
   * {@code total} is -1 for {@code /*}.
   */
  private record ContentRange(long first, long last, long total) {

    static ContentRange parse(String header, int bodyLength) {
      if (header == null) {
        // A PUT without Content-Range carries the whole object.
        return bodyLength == 0
            ? new ContentRange(-1, -1, 0)
            : new ContentRange(0, bodyLength - 1, bodyLength);
      }
      Matcher matcher = CONTENT_RANGE.matcher(header.trim());
      if (!matcher.matches()) {
        throw GcsError.badRequest("Invalid Content-Range: " + header);
      }
      long total = matcher.group(3).equals("*") ? -1 : Long.parseLong(matcher.group(3));
      if (matcher.group(1) == null) {
        return new ContentRange(-1, -1, total);
      }
      return new ContentRange(
          Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), total);
    }

    boolean hasBytes() {
      return first >= 0;
    }

    long length() {
      return last - first + 1;
    }

    @Override
    public String toString() {
      return "bytes "
          + (hasBytes() ? first + "-" + last : "*")
          + "/"
          + (total < 0 ? "*" : String.valueOf(total));
    }
  }
}
