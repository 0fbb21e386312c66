package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.ehrcontracts.gcs.CredentialSource;
import org.ehrcontracts.gcs.GcsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the GCS parameters and a settings.xml server become {@link GcsSettings}. */
class GcsAccessTest {

  private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"a@b\"}";

  @TempDir Path dir;

  @Test
  void aServerPasswordHoldsTheKeysJson() throws Exception {
    GcsSettings settings = settings(null, "aou", server("aou", KEY, null));

    CredentialSource.KeyJson key = (CredentialSource.KeyJson) settings.credentials().orElseThrow();
    assertEquals(KEY, key.json());
    assertEquals("settings.xml server 'aou'", key.origin());
    assertFalse(key.toString().contains("service_account"));
  }

  @Test
  void aServerPrivateKeyNamesTheKeyFile() throws Exception {
    Path file = Files.writeString(dir.resolve("key.json"), KEY);

    GcsSettings settings = settings(null, "aou", server("aou", null, file.toString()));

    assertEquals(file, ((CredentialSource.KeyFile) settings.credentials().orElseThrow()).path());
  }

  @Test
  void aPasswordThatIsNotJsonIsRefusedWithoutBeingShown() {
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> settings(null, "aou", server("aou", "hunter2", null)));

    assertTrue(e.getMessage().contains("must be a service-account key's JSON"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void aKeyFileAndAServerAreOneTooMany() throws Exception {
    Path file = Files.writeString(dir.resolve("key.json"), KEY);

    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () -> settings(file.toFile(), "aou", server("aou", KEY, null)));

    assertTrue(e.getMessage().startsWith("Give either <credentials>"), e.getMessage());
  }

  @Test
  void aDecryptionProblemIsAFailure() {
    Settings settings = new Settings();
    settings.addServer(server("aou", "{encrypted}", null));
    SettingsDecrypter failing =
        request ->
            result(request.getServers().get(0), List.of(problem("master password is missing")));

    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () ->
                GcsAccess.settings(
                    new GcsAccess.Parameters("bkt", null, null, null, "aou"),
                    settings,
                    failing,
                    dir.toFile(),
                    Map.of()));

    assertEquals(
        "Cannot decrypt settings.xml server 'aou': master password is missing", e.getMessage());
  }

  @Test
  void aDryRunTriesTheBucketOnlyWithSomeCredentials() throws Exception {
    GcsSettings none =
        GcsSettings.of("bkt", Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    GcsSettings emulator =
        GcsSettings.of(
            "bkt",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of("STORAGE_EMULATOR_HOST", "localhost:1"));

    assertEquals(
        Optional.of("no credentials were given and Application Default Credentials are not set up"),
        GcsAccess.offlineReason(none, Map.of("CLOUDSDK_CONFIG", dir.toString())));
    assertEquals(
        Optional.empty(),
        GcsAccess.offlineReason(none, Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/k.json")));
    Files.writeString(dir.resolve("application_default_credentials.json"), "{}");
    assertEquals(
        Optional.empty(), GcsAccess.offlineReason(none, Map.of("CLOUDSDK_CONFIG", dir.toString())));
    assertEquals(Optional.empty(), GcsAccess.offlineReason(emulator, Map.of()));
  }

  private GcsSettings settings(File credentials, String serverId, Server server)
      throws MojoFailureException {
    Settings settings = new Settings();
    settings.addServer(server);
    return GcsAccess.settings(
        new GcsAccess.Parameters("bkt", null, null, credentials, serverId),
        settings,
        request -> result(request.getServers().get(0), List.of()),
        dir.toFile(),
        Map.of());
  }

  private static Server server(String id, String password, String privateKey) {
    Server server = new Server();
    server.setId(id);
    server.setPassword(password);
    server.setPrivateKey(privateKey);
    return server;
  }

  private static SettingsDecryptionResult result(Server server, List<SettingsProblem> problems) {
    return new SettingsDecryptionResult() {
      @Override
      public Server getServer() {
        return server;
      }

      @Override
      public List<Server> getServers() {
        return List.of(server);
      }

      @Override
      public org.apache.maven.settings.Proxy getProxy() {
        return null;
      }

      @Override
      public List<org.apache.maven.settings.Proxy> getProxies() {
        return List.of();
      }

      @Override
      public List<SettingsProblem> getProblems() {
        return problems;
      }
    };
  }

  private static SettingsProblem problem(String message) {
    return new SettingsProblem() {
      @Override
      public Severity getSeverity() {
        return Severity.ERROR;
      }

      @Override
      public String getMessage() {
        return message;
      }

      @Override
      public String getSource() {
        return "settings.xml";
      }

      @Override
      public int getLineNumber() {
        return -1;
      }

      @Override
      public int getColumnNumber() {
        return -1;
      }

      @Override
      public String getLocation() {
        return "settings.xml";
      }

      @Override
      public Exception getException() {
        return null;
      }
    };
  }
}
