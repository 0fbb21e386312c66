package org.ehrcontracts.gcs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the GCS credentials come from.
 *
 * @since 0.1.0
 */
public sealed interface CredentialSource
    permits CredentialSource.ApplicationDefault,
        CredentialSource.KeyFile,
        CredentialSource.KeyJson {

  /** Words for messages and debug output; never the secret itself. */
  String describe();

  /**
   * Application Default Credentials: {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code gcloud auth
   * application-default login}, or the machine's service account on Google Cloud.
   */
  record ApplicationDefault() implements CredentialSource {
    @Override
    public String describe() {
      return "Application Default Credentials";
    }
  }

  /**
   * A service-account key file (JSON).
   *
   * @param path the file
   * @param origin where the path was given, such as {@code <credentials>}
   */
  record KeyFile(Path path, String origin) implements CredentialSource {
    /** Checks the parts. */
    public KeyFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String describe() {
      return "the service-account key file " + path + " (" + origin + ")";
    }
  }

  /**
   * A service-account key's JSON itself, as held by a {@code settings.xml} server's password.
   *
   * @param json the key (a secret: never logged)
   * @param origin where it came from, such as {@code settings.xml server 'aou-bucket'}
   */
  record KeyJson(String json, String origin) implements CredentialSource {
    /** Checks the parts. */
    public KeyJson {
      Objects.requireNonNull(json, "json");
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public String describe() {
      return "the service-account key in " + origin;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
      return "KeyJson[" + origin + "]";
    }
  }
}
