package org.ehrcontracts.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.ehrcontracts.engine.deploy.BucketChecker;
import org.ehrcontracts.gcs.GcsBlobStore;
import org.ehrcontracts.gcs.GcsSettings;
import org.ehrcontracts.gcs.GcsSetupException;

/**
 * Checks that the account and the bucket work for {@code ehr:deploy}, with a small synthetic test
 * file: writes it to {@code ehr-check/<time>-<random>/probe.csv}, reads it back and compares
 * checksums, lists the folder, deletes it where allowed, and reports each permission as granted or
 * denied, with the fix.
 *
 * <p>With {@code -Dehr.checkBucket.sample} it loads the plugin's synthetic sample export (the one
 * of {@code it/sample-hpo}) into the folder instead and leaves it there, as the DRC's alpha
 * instructions had sites do with their test data set.
 *
 * @since 0.1.0
 */
@Mojo(name = "check-bucket", requiresProject = false, threadSafe = true)
public class CheckBucketMojo extends AbstractGcsMojo {

  /** Where the sample export is kept among the plugin's resources. */
  static final String SAMPLE = "ehr/sample/alpha/";

  /**
   * The folder the test files go to. Default: {@code ehr-check/<UTC time>-<random>}, which the DRC
   * does not process. A {@code YYYY-MM-DD-vN} name makes a sample look like a submission.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.FOLDER)
  private String folder;

  /**
   * Loads the shipped synthetic sample export (7 alpha tables, 40 persons) instead of one probe
   * file, and leaves it in the bucket.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.CHECK_BUCKET_SAMPLE, defaultValue = "false")
  private boolean sample;

  /**
   * Skips this goal only.
   *
   * @since 0.1.0
   */
  @Parameter(property = PropertyNames.CHECK_BUCKET_SKIP, defaultValue = "false")
  private boolean checkBucketSkip;

  /** With Maven's decrypter of {@code settings.xml} secrets. */
  @Inject
  public CheckBucketMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "check-bucket";
  }

  @Override
  protected boolean goalSkip() {
    return checkBucketSkip;
  }

  @Override
  protected String goalSkipProperty() {
    return PropertyNames.CHECK_BUCKET_SKIP;
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    GcsSettings gcs = gcsSettings();
    String target = folder();
    GcsBlobStore store;
    try {
      store = GcsBlobStore.connect(gcs);
    } catch (GcsSetupException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    Log log = getLog();
    log.info(
        "Checking gs://"
            + gcs.bucket()
            + " as "
            + store.principal()
            + " with "
            + (sample ? "the synthetic sample export" : "a probe file")
            + " in gs://"
            + gcs.bucket()
            + "/"
            + target
            + "/");
    BucketChecker.Result result;
    Path work = null;
    try {
      work = Files.createTempDirectory("ehr-check-bucket");
      List<Path> files = sample ? sampleFiles(work) : List.of(probe(work));
      result =
          new BucketChecker(store, new MavenDiagnostics(log), MavenRemedies.INSTANCE)
              .check(target, files, sample);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write the test files: " + e.getMessage(), e);
    } finally {
      store.close();
      delete(work);
    }
    for (BucketChecker.Permission permission : result.permissions()) {
      String line =
          String.format(
              Locale.ROOT,
              "  %-24s %-10s %s",
              permission.permission(),
              permission.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              permission.detail());
      switch (permission.status()) {
        case GRANTED, NOT_TESTED -> log.info(line);
        case DENIED, FAILED -> {
          if (permission.neededByDeploy()) {
            log.error(line);
          } else {
            log.warn(line);
          }
        }
      }
    }
    for (String problem : result.problems()) {
      log.error("  " + problem);
    }
    for (String kept : result.kept()) {
      log.info("  left in the bucket: " + kept);
    }
    if (!result.passed()) {
      throw new MojoFailureException(
          "gs://"
              + gcs.bucket()
              + " is not ready for ehr:deploy as "
              + store.principal()
              + ": see the lines above for what failed and how to fix it.");
    }
    log.info("gs://" + gcs.bucket() + " is ready for ehr:deploy as " + store.principal() + ".");
  }

  private String folder() throws MojoFailureException {
    if (folder != null && !folder.isBlank()) {
      String given = folder.trim();
      if (given.startsWith("/") || given.endsWith("/") || given.contains("//")) {
        throw new MojoFailureException(
            "<folder> (" + PropertyNames.FOLDER + ") must not start or end with '/': " + given);
      }
      return given;
    }
    byte[] random = new byte[2];
    new SecureRandom().nextBytes(random);
    return "ehr-check/"
        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        + "-"
        + HexFormat.of().formatHex(random);
  }

  /** One small synthetic CSV: no data about anyone. */
  private Path probe(Path work) throws IOException {
    String content =
        "\"probe\",\"tool\",\"written\"\r\n\"ehr-check\",\"ehr-maven-plugin "
            + (pluginVersion == null ? "dev" : pluginVersion)
            + "\",\""
            + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + "\"\r\n";
    return Files.writeString(work.resolve("probe.csv"), content, StandardCharsets.UTF_8);
  }

  /** The shipped sample export, copied out of the plugin's resources. */
  static List<Path> sampleFiles(Path work) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String name : sampleNames()) {
      try (InputStream in =
          CheckBucketMojo.class.getClassLoader().getResourceAsStream(SAMPLE + name)) {
        if (in == null) {
          throw new IOException("the plugin lacks its sample file " + SAMPLE + name);
        }
        Path file = work.resolve(name);
        Files.copy(in, file);
        files.add(file);
      }
    }
    return files;
  }

  /** The names of the sample's files, from its index. */
  static List<String> sampleNames() throws IOException {
    try (InputStream in =
        CheckBucketMojo.class.getClassLoader().getResourceAsStream(SAMPLE + "files.txt")) {
      if (in == null) {
        throw new IOException("the plugin lacks " + SAMPLE + "files.txt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .toList();
    }
  }

  private static void delete(Path work) {
    if (work == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(work)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A temporary directory; the system cleans it up.
    }
  }
}
