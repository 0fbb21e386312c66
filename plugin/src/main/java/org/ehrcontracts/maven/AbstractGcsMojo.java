package org.ehrcontracts.maven;

import java.io.File;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.ehrcontracts.gcs.GcsSettings;

/**
 * The goals that reach a GCS bucket ({@code ehr:deploy}, {@code ehr:check-bucket}): the bucket, the
 * endpoint, the project and the credentials, declared once, and {@code settings.xml} servers read
 * through Maven's decrypter.
 *
 * @since 0.2.0
 */
public abstract class AbstractGcsMojo extends AbstractEhrMojo {

  /**
   * The bucket's name, without {@code gs://} (the DRC names each site's bucket).
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.BUCKET, required = true)
  protected String bucket;

  /**
   * The GCS JSON API endpoint, for tests and private endpoints, such as {@code
   * http://127.0.0.1:4443}. Default: the {@code STORAGE_EMULATOR_HOST} environment variable, else
   * Google's. A plain-HTTP endpoint is an emulator and is used without credentials.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.GCS_ENDPOINT)
  protected String endpoint;

  /**
   * The Google Cloud project; object uploads need none.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.GCS_PROJECT_ID)
  protected String projectId;

  /**
   * The path of a service-account key file (JSON). Default: the key of {@code serverId}, else
   * Application Default Credentials ({@code gcloud auth application-default login}).
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.GCS_CREDENTIALS)
  protected File credentials;

  /**
   * The id of a {@code settings.xml} server holding the service-account key: its {@code
   * <privateKey>} is the key file's path, or its {@code <password>} the key's JSON (encrypt it with
   * {@code mvn --encrypt-password}).
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.GCS_SERVER_ID)
  protected String serverId;

  /** Maven's settings, for {@code serverId}. */
  @Parameter(defaultValue = "${settings}", readonly = true)
  protected Settings settings;

  /** The plugin's version, for the probe and the receipt. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  protected String pluginVersion;

  private final SettingsDecrypter decrypter;

  /** With Maven's decrypter of {@code settings.xml} secrets. */
  protected AbstractGcsMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  /** The bucket and how to reach it, credentials from the key file or the settings.xml server. */
  protected GcsSettings gcsSettings() throws MojoFailureException {
    return GcsAccess.settings(
        new GcsAccess.Parameters(bucket, endpoint, projectId, credentials, serverId),
        settings,
        decrypter,
        basedir,
        System.getenv());
  }
}
