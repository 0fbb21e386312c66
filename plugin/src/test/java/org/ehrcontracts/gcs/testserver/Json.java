package org.ehrcontracts.gcs.testserver;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON rendering of buckets and objects, and reading of request resources, with Gson. */
final class Json {

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private Json() {}

  static byte[] bytes(JsonElement json) {
    return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a request body holding one JSON object; an empty body is an empty object. */
  static JsonObject parse(byte[] body) {
    if (body.length == 0) {
      return new JsonObject();
    }
    try {
      return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw GcsError.badRequest("Parse Error: the body is not a JSON object");
    }
  }

  /** Returns a string member, or {@code null} when it is absent or JSON null. */
  static String string(JsonObject json, String member) {
    JsonElement value = json.get(member);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  /** Returns the {@code metadata} member as a map, dropping null values. */
  static Map<String, String> metadata(JsonObject resource) {
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonElement member = resource.get("metadata");
    if (member != null && member.isJsonObject()) {
      member.getAsJsonObject().entrySet().stream()
          .filter(e -> !e.getValue().isJsonNull())
          .forEach(e -> metadata.put(e.getKey(), e.getValue().getAsString()));
    }
    return metadata;
  }

  /** Percent-encodes one path segment, {@code /} included. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static JsonObject bucket(ObjectStore.StoredBucket bucket, String endpoint) {
    JsonObject json = new JsonObject();
    json.addProperty("kind", "storage#bucket");
    json.addProperty("id", bucket.name());
    json.addProperty("selfLink", endpoint + "/storage/v1/b/" + segment(bucket.name()));
    json.addProperty("projectNumber", "0");
    json.addProperty("name", bucket.name());
    json.addProperty("timeCreated", bucket.created().toString());
    json.addProperty("updated", bucket.created().toString());
    json.addProperty("metageneration", "1");
    json.addProperty("location", "US");
    json.addProperty("locationType", "multi-region");
    json.addProperty("storageClass", "STANDARD");
    json.addProperty("etag", "CAE=");
    return json;
  }

  static JsonObject object(StoredObject object, String endpoint) {
    String path = "/b/" + segment(object.bucket()) + "/o/" + segment(object.name());
    JsonObject json = new JsonObject();
    json.addProperty("kind", "storage#object");
    json.addProperty("id", object.bucket() + "/" + object.name() + "/" + object.generation());
    json.addProperty("selfLink", endpoint + "/storage/v1" + path);
    json.addProperty(
        "mediaLink",
        endpoint
            + "/download/storage/v1"
            + path
            + "?generation="
            + object.generation()
            + "&alt=media");
    json.addProperty("name", object.name());
    json.addProperty("bucket", object.bucket());
    json.addProperty("generation", Long.toString(object.generation()));
    json.addProperty("metageneration", Long.toString(object.metageneration()));
    json.addProperty("contentType", object.contentType());
    json.addProperty("storageClass", "STANDARD");
    json.addProperty("size", Long.toString(object.size()));
    json.addProperty("md5Hash", object.md5Hash());
    json.addProperty("crc32c", object.crc32c());
    json.addProperty("etag", etag(object));
    json.addProperty("timeCreated", object.created().toString());
    json.addProperty("updated", object.created().toString());
    json.addProperty("timeStorageClassUpdated", object.created().toString());
    if (!object.metadata().isEmpty()) {
      JsonObject metadata = new JsonObject();
      object.metadata().forEach(metadata::addProperty);
      json.add("metadata", metadata);
    }
    return json;
  }

  static String etag(StoredObject object) {
    return "\"" + object.generation() + "-" + object.metageneration() + "\"";
  }
}
