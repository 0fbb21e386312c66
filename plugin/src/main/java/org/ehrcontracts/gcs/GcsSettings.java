package org.ehrcontracts.gcs;

import com.google.api.gax.retrying.RetrySettings;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a bucket: the bucket, the endpoint, the project and the credentials.
 *
 * @param bucket the bucket's name
 * @param endpoint the JSON API endpoint, such as {@code http://127.0.0.1:4443}, if not Google's
 * @param emulator whether the endpoint is an emulator (from {@code STORAGE_EMULATOR_HOST} or a
 *     plain-HTTP endpoint), which is used without credentials
 * @param projectId the Google Cloud project, if given
 * @param credentials where the credentials come from; ignored for an emulator unless explicit
 * @param chunkSize the size of resumable upload chunks, a multiple of 256 KiB
 * @param retrySettings the client's retries, or empty for its defaults
 * @since 0.1.0
 */
public record GcsSettings(
    String bucket,
    Optional<String> endpoint,
    boolean emulator,
    Optional<String> projectId,
    Optional<CredentialSource> credentials,
    int chunkSize,
    Optional<RetrySettings> retrySettings) {

  /** The environment variable that Google's tools read for an emulator's address. */
  public static final String EMULATOR_VARIABLE = "STORAGE_EMULATOR_HOST";

  /** 16 MiB: big enough to be fast, small enough to resend after a cut connection. */
  public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

  /** Checks the parts. */
  public GcsSettings {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(retrySettings, "retrySettings");
    if (chunkSize < 256 * 1024 || chunkSize % (256 * 1024) != 0) {
      throw new IllegalArgumentException("chunkSize must be a multiple of 256 KiB");
    }
  }

  /**
   * Settings from the goal's parameters and the environment.
   *
   * <p>The endpoint is the given one, else {@code STORAGE_EMULATOR_HOST} (with {@code http://} in
   * front when it has no scheme). An endpoint from that variable, or any plain-HTTP endpoint, is an
   * emulator.
   *
   * @param bucket the bucket
   * @param endpoint the {@code endpoint} parameter, if set
   * @param projectId the {@code projectId} parameter, if set
   * @param credentials explicit credentials, if any (else ADC, or none for an emulator)
   * @param environment the process environment
   * @since 0.1.0
   */
  public static GcsSettings of(
      String bucket,
      Optional<String> endpoint,
      Optional<String> projectId,
      Optional<CredentialSource> credentials,
      Map<String, String> environment) {
    Optional<String> fromEnvironment =
        Optional.ofNullable(environment.get(EMULATOR_VARIABLE)).filter(v -> !v.isBlank());
    Optional<String> chosen =
        endpoint.filter(e -> !e.isBlank()).or(() -> fromEnvironment).map(GcsSettings::withScheme);
    boolean emulator =
        (endpoint.filter(e -> !e.isBlank()).isEmpty() && fromEnvironment.isPresent())
            || chosen.map(e -> e.toLowerCase(Locale.ROOT).startsWith("http://")).orElse(false);
    return new GcsSettings(
        bucket,
        chosen,
        emulator,
        projectId.filter(p -> !p.isBlank()),
        credentials,
        DEFAULT_CHUNK_SIZE,
        Optional.empty());
  }

  /** The same settings with other client retries. */
  public GcsSettings withRetrySettings(RetrySettings settings) {
    return new GcsSettings(
        bucket, endpoint, emulator, projectId, credentials, chunkSize, Optional.of(settings));
  }

  /** The same settings with another chunk size. */
  public GcsSettings withChunkSize(int size) {
    return new GcsSettings(bucket, endpoint, emulator, projectId, credentials, size, retrySettings);
  }

  private static String withScheme(String endpoint) {
    String trimmed = endpoint.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.contains("://") ? trimmed : "http://" + trimmed;
  }
}
