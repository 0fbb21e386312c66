package org.ehrcontracts.maven;

import com.google.api.gax.retrying.RetrySettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.ehrcontracts.gcs.CredentialSource;
import org.ehrcontracts.gcs.GcsSettings;

/**
 * Turns the GCS parameters the goals share into {@link GcsSettings}, reading a {@code settings.xml}
 * server through Maven's decrypter.
 *
 * <p>A server holds a service-account key in one of two ways: {@code <privateKey>} is the path of
 * the key file, or {@code <password>} is the key's JSON itself (best encrypted with {@code mvn
 * --encrypt-password}). Its {@code <username>} is not used.
 */
final class GcsAccess {

  /** Retries for a dry run's look at the bucket: it should not hang on a missing network. */
  static final RetrySettings QUICK =
      RetrySettings.newBuilder()
          .setMaxAttempts(2)
          .setInitialRetryDelayDuration(Duration.ofMillis(500))
          .setRetryDelayMultiplier(2.0)
          .setMaxRetryDelayDuration(Duration.ofSeconds(2))
          .setTotalTimeoutDuration(Duration.ofSeconds(20))
          .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
          .setRpcTimeoutMultiplier(1.0)
          .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
          .build();

  /**
   * The shared parameters.
   *
   * @param bucket the bucket
   * @param endpoint the endpoint, or null
   * @param projectId the project, or null
   * @param credentials a key file, or null
   * @param serverId a settings.xml server id, or null
   */
  record Parameters(
      String bucket, String endpoint, String projectId, File credentials, String serverId) {}

  private GcsAccess() {}

  /** The settings, resolving credentials from the key file or the settings.xml server. */
  static GcsSettings settings(
      Parameters parameters,
      Settings settings,
      SettingsDecrypter decrypter,
      File basedir,
      Map<String, String> environment)
      throws MojoFailureException {
    if (parameters.bucket() == null || parameters.bucket().isBlank()) {
      throw new MojoFailureException(
          "No bucket is given: set <bucket> or -D" + PropertyNames.BUCKET + "=NAME.");
    }
    boolean keyFile = parameters.credentials() != null;
    boolean server = parameters.serverId() != null && !parameters.serverId().isBlank();
    if (keyFile && server) {
      throw new MojoFailureException(
          "Give either <credentials> ("
              + PropertyNames.GCS_CREDENTIALS
              + ") or <serverId> ("
              + PropertyNames.GCS_SERVER_ID
              + "), not both.");
    }
    Optional<CredentialSource> credentials = Optional.empty();
    if (keyFile) {
      File file = absolute(parameters.credentials(), basedir);
      if (!file.isFile()) {
        throw new MojoFailureException(
            "The service-account key file "
                + file
                + " does not exist (parameter <credentials>, property "
                + PropertyNames.GCS_CREDENTIALS
                + ").");
      }
      credentials =
          Optional.of(
              new CredentialSource.KeyFile(
                  file.toPath(), "<credentials>, " + PropertyNames.GCS_CREDENTIALS));
    } else if (server) {
      credentials = Optional.of(fromServer(parameters.serverId(), settings, decrypter, basedir));
    }
    return GcsSettings.of(
        parameters.bucket().trim(),
        Optional.ofNullable(parameters.endpoint()),
        Optional.ofNullable(parameters.projectId()),
        credentials,
        environment);
  }

  private static CredentialSource fromServer(
      String id, Settings settings, SettingsDecrypter decrypter, File basedir)
      throws MojoFailureException {
    Server server = settings == null ? null : settings.getServer(id);
    String origin = "settings.xml server '" + id + "'";
    if (server == null) {
      throw new MojoFailureException(
          "settings.xml has no <server> with the id '"
              + id
              + "' (parameter <serverId>, property "
              + PropertyNames.GCS_SERVER_ID
              + "). See docs/deploy.md for what it holds.");
    }
    SettingsDecryptionResult result =
        decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    for (SettingsProblem problem : result.getProblems()) {
      if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
        // The problem's message names the failure, not the secret.
        throw new MojoFailureException("Cannot decrypt " + origin + ": " + problem.getMessage());
      }
    }
    Server decrypted = result.getServer();
    String privateKey = decrypted.getPrivateKey();
    String password = decrypted.getPassword();
    boolean hasKey = privateKey != null && !privateKey.isBlank();
    boolean hasPassword = password != null && !password.isBlank();
    if (hasKey && hasPassword) {
      throw new MojoFailureException(
          origin
              + " has both <privateKey> and <password>; give one: <privateKey> is the path of a"
              + " service-account key file, <password> the key's JSON itself.");
    }
    if (hasKey) {
      File file = absolute(new File(privateKey.trim()), basedir);
      if (!file.isFile()) {
        throw new MojoFailureException(
            "The <privateKey> of " + origin + " names a key file that does not exist: " + file);
      }
      return new CredentialSource.KeyFile(file.toPath(), origin + " <privateKey>");
    }
    if (hasPassword) {
      if (!password.trim().startsWith("{")) {
        throw new MojoFailureException(
            "The <password> of "
                + origin
                + " must be a service-account key's JSON (the whole key file, best encrypted with"
                + " mvn --encrypt-password); to name a key file, use <privateKey>.");
      }
      return new CredentialSource.KeyJson(password.trim(), origin);
    }
    throw new MojoFailureException(
        origin
            + " has neither <privateKey> (the path of a service-account key file) nor <password>"
            + " (the key's JSON).");
  }

  /**
   * Why a dry run should not try the bucket, if it should not: without explicit credentials, an
   * emulator or an Application Default Credentials file, trying would only wait on the network (or
   * on the metadata server of a machine that is not on Google Cloud).
   */
  static Optional<String> offlineReason(GcsSettings settings, Map<String, String> environment) {
    if (settings.credentials().isPresent() || settings.emulator()) {
      return Optional.empty();
    }
    if (environment.containsKey("GOOGLE_APPLICATION_CREDENTIALS")) {
      return Optional.empty();
    }
    Path config =
        environment.containsKey("CLOUDSDK_CONFIG")
            ? Path.of(environment.get("CLOUDSDK_CONFIG"))
            : environment.containsKey("APPDATA")
                ? Path.of(environment.get("APPDATA"), "gcloud")
                : Path.of(System.getProperty("user.home"), ".config", "gcloud");
    if (Files.isRegularFile(config.resolve("application_default_credentials.json"))) {
      return Optional.empty();
    }
    return Optional.of(
        "no credentials were given and Application Default Credentials are not set up");
  }

  private static File absolute(File file, File basedir) {
    return file.isAbsolute() || basedir == null ? file : new File(basedir, file.getPath());
  }
}
