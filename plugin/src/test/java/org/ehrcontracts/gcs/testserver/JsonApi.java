package org.ehrcontracts.gcs.testserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The router of the JSON API, with the bucket, object and download handlers. */
final class JsonApi {

  /** {@code /[download/|upload/]storage/v1/b[/{bucket}[/o[/{object}]]]}, names still encoded. */
  private static final Pattern ROUTE =
      Pattern.compile("/(download/|upload/)?storage/v1/b(?:/([^/]+)(/o(?:/(.+))?)?)?");

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final int DEFAULT_PAGE_SIZE = 1000;

  private final ObjectStore store;
  private final String endpoint;
  private final Uploads uploads;

  JsonApi(ObjectStore store, String endpoint) {
    this.store = store;
    this.endpoint = endpoint;
    this.uploads = new Uploads(store, endpoint);
  }

  ApiResponse handle(ApiRequest request) {
    Matcher route = ROUTE.matcher(request.path());
    if (route.matches()) {
      String api = route.group(1) == null ? "" : route.group(1);
      String bucket = decode(route.group(2));
      boolean objects = route.group(3) != null;
      String object = decode(route.group(4));
      String method = request.method();

      if (api.equals("upload/") && objects && object == null) {
        if (method.equals("POST")) {
          return uploads.start(request, bucket);
        }
        if (method.equals("PUT")) {
          return uploads.put(request);
        }
      } else if (api.equals("download/") && object != null && method.equals("GET")) {
        return media(request, bucket, object);
      } else if (api.isEmpty() && bucket == null) {
        if (method.equals("GET")) {
          return listBuckets(request);
        }
        if (method.equals("POST")) {
          return insertBucket(request);
        }
      } else if (api.isEmpty() && !objects) {
        if (method.equals("GET")) {
          return ApiResponse.json(200, Json.bucket(store.bucket(bucket), endpoint));
        }
        if (method.equals("DELETE")) {
          store.deleteBucket(bucket);
          return ApiResponse.empty(204, Map.of());
        }
      } else if (api.isEmpty() && object == null) {
        if (method.equals("GET")) {
          return listObjects(request, bucket);
        }
      } else if (api.isEmpty()) {
        if (method.equals("GET")) {
          return "media".equals(request.query("alt"))
              ? media(request, bucket, object)
              : ApiResponse.json(200, Json.object(read(request, bucket, object), endpoint));
        }
        if (method.equals("DELETE")) {
          store.delete(bucket, object, Preconditions.from(request.queryMap()));
          return ApiResponse.empty(204, Map.of());
        }
      }
    }
    throw new GcsError(
        501,
        "notImplemented",
        "FakeGcsServer does not implement " + request.method() + " " + request.path());
  }

  /** Keeps what a cut connection delivered, where the protocol would keep it. */
  void keepPartial(ApiRequest request) {
    if (request.method().equals("PUT") && request.path().startsWith("/upload/")) {
      uploads.keepPartial(request, request.body());
    }
  }

  private ApiResponse insertBucket(ApiRequest request) {
    String name = Json.string(Json.parse(request.body()), "name");
    if (name == null || name.isEmpty()) {
      throw GcsError.badRequest("Required field: name");
    }
    return ApiResponse.json(200, Json.bucket(store.createBucket(name), endpoint));
  }

  private ApiResponse listBuckets(ApiRequest request) {
    String prefix = request.queryMap().getOrDefault("prefix", "");
    NavigableMap<String, ObjectStore.StoredBucket> entries = new TreeMap<>();
    store.buckets().stream()
        .filter(bucket -> bucket.name().startsWith(prefix))
        .forEach(bucket -> entries.put(bucket.name(), bucket));
    Page<ObjectStore.StoredBucket> page = Page.of(request, entries);
    JsonArray items = new JsonArray();
    page.entries().forEach(entry -> items.add(Json.bucket(entry.getValue(), endpoint)));
    return ApiResponse.json(200, page.toJson("storage#buckets", items, new JsonArray()));
  }

  /** Lists objects with {@code prefix}, {@code delimiter} and page tokens, as GCS does. */
  private ApiResponse listObjects(ApiRequest request, String bucket) {
    Map<String, String> query = request.queryMap();
    String prefix = query.getOrDefault("prefix", "");
    String delimiter = query.getOrDefault("delimiter", "");
    String startOffset = query.getOrDefault("startOffset", "");
    String endOffset = query.get("endOffset");
    // One sorted sequence of objects and collapsed prefixes (null values), as GCS pages both.
    NavigableMap<String, StoredObject> entries = new TreeMap<>();
    for (StoredObject object : store.list(bucket)) {
      String name = object.name();
      if (!name.startsWith(prefix)
          || name.compareTo(startOffset) < 0
          || (endOffset != null && name.compareTo(endOffset) >= 0)) {
        continue;
      }
      int cut = delimiter.isEmpty() ? -1 : name.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        entries.put(name.substring(0, cut + delimiter.length()), null);
      } else {
        entries.put(name, object);
      }
    }
    Page<StoredObject> page = Page.of(request, entries);
    JsonArray items = new JsonArray();
    JsonArray prefixes = new JsonArray();
    for (Map.Entry<String, StoredObject> entry : page.entries()) {
      if (entry.getValue() == null) {
        prefixes.add(entry.getKey());
      } else {
        items.add(Json.object(entry.getValue(), endpoint));
      }
    }
    return ApiResponse.json(200, page.toJson("storage#objects", items, prefixes));
  }

  /** One page of a sorted listing; the page token is the last key of the page, base64. */
  private record Page<T>(List<Map.Entry<String, T>> entries, String nextPageToken) {

    static <T> Page<T> of(ApiRequest request, NavigableMap<String, T> all) {
      String token = request.query("pageToken");
      NavigableMap<String, T> remaining =
          token == null || token.isEmpty()
              ? all
              : all.tailMap(
                  new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), false);
      String maxResults = request.query("maxResults");
      int size = maxResults == null ? DEFAULT_PAGE_SIZE : Integer.parseInt(maxResults);
      List<Map.Entry<String, T>> entries =
          remaining.entrySet().stream().limit(size).collect(Collectors.toList());
      String next =
          remaining.size() > size
              ? Base64.getUrlEncoder()
                  .encodeToString(entries.get(size - 1).getKey().getBytes(StandardCharsets.UTF_8))
              : null;
      return new Page<>(entries, next);
    }

    /** Renders the page; GCS leaves out empty {@code items} and {@code prefixes}. */
    JsonObject toJson(String kind, JsonArray items, JsonArray prefixes) {
      JsonObject json = new JsonObject();
      json.addProperty("kind", kind);
      if (nextPageToken != null) {
        json.addProperty("nextPageToken", nextPageToken);
      }
      if (!items.isEmpty()) {
        json.add("items", items);
      }
      if (!prefixes.isEmpty()) {
        json.add("prefixes", prefixes);
      }
      return json;
    }
  }

  /** Finds an object for a read, honouring {@code generation} and the preconditions. */
  private StoredObject read(ApiRequest request, String bucket, String name) {
    StoredObject object = store.get(bucket, name);
    String generation = request.query("generation");
    if (generation != null && !generation.equals(Long.toString(object.generation()))) {
      throw GcsError.notFound("No such object: " + bucket + "/" + name + "#" + generation);
    }
    Preconditions.from(request.queryMap()).check(object);
    return object;
  }

  /** Answers {@code alt=media}, with 206 and {@code Content-Range} for a {@code Range} request. */
  private ApiResponse media(ApiRequest request, String bucket, String name) {
    StoredObject object = read(request, bucket, name);
    byte[] data = object.data();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", object.contentType());
    headers.put("ETag", Json.etag(object));
    headers.put("x-goog-generation", Long.toString(object.generation()));
    headers.put("x-goog-metageneration", Long.toString(object.metageneration()));
    headers.put("x-goog-stored-content-length", Long.toString(object.size()));
    headers.put("x-goog-stored-content-encoding", "identity");
    headers.put("x-goog-storage-class", "STANDARD");
    headers.put("x-goog-hash", "crc32c=" + object.crc32c() + ",md5=" + object.md5Hash());
    headers.put("Accept-Ranges", "bytes");

    String range = request.header("range");
    if (range == null) {
      return new ApiResponse(200, headers, data);
    }
    Matcher matcher = RANGE.matcher(range.trim());
    if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
      throw GcsError.badRequest("Invalid Range: " + range);
    }
    long size = data.length;
    long first;
    long last;
    if (matcher.group(1).isEmpty()) {
      first = Math.max(0, size - Long.parseLong(matcher.group(2)));
      last = size - 1;
    } else {
      first = Long.parseLong(matcher.group(1));
      last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, parse(matcher.group(2)));
    }
    if (first >= size || last < first) {
      throw new GcsError(
          416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
    }
    headers.put("Content-Range", "bytes " + first + "-" + last + "/" + size);
    return new ApiResponse(
        206, headers, Arrays.copyOfRange(data, (int) first, Math.toIntExact(last + 1)));
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Decodes a path segment; unlike a query, {@code +} is a literal plus here. */
  private static String decode(String rawSegment) {
    return rawSegment == null
        ? null
        : URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
