package org.ehrcontracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.deid.DeidException;
import org.ehrcontracts.engine.deid.DeidRequest;
import org.ehrcontracts.engine.deid.Deidentifier;
import org.ehrcontracts.engine.deploy.Crc32c;
import org.ehrcontracts.engine.deploy.DeployRequest;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.report.ReportFiles;
import org.ehrcontracts.engine.seal.ManifestSeal;
import org.ehrcontracts.engine.seal.SiteKey;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * A site's project directory for deploy tests: a copy of the shipped synthetic sample export, the
 * reports {@code ehr:verify} writes, and the manifest {@code ehr:deidentify} writes.
 *
 * <p>Layout, as a Maven project has it: {@code <root>/export/}, {@code <root>/target/ehr/} (the
 * report directory), {@code <root>/target/ehr/deid/export/} and {@code <root>/target/ehr/private/}.
 */
public final class DeployFixture {

  /** The shipped sample export, from the plugin module's directory. */
  public static final Path SAMPLE = Path.of("../it/sample-hpo/export");

  /** The date every fixture plans for. */
  public static final LocalDate TODAY = LocalDate.of(2026, 3, 5);

  private static final ContractLoader LOADER =
      new ContractLoader(
          new StandardContractSource(
              Path.of("src/test/resources/deploy"), DeployFixture.class.getClassLoader()));

  private final Path root;
  private Path crosswalk;

  private DeployFixture(Path root) {
    this.root = root;
  }

  /** A project in {@code root} with an empty export folder, for a test to fill. */
  public static DeployFixture empty(Path root) throws IOException {
    DeployFixture fixture = new DeployFixture(root);
    Files.createDirectories(fixture.export());
    return fixture;
  }

  /** A project in {@code root} with a copy of the sample export. */
  public static DeployFixture sample(Path root) throws IOException {
    DeployFixture fixture = new DeployFixture(root);
    copy(SAMPLE, fixture.export());
    return fixture;
  }

  /**
   * Loads a contract: {@code alpha-identified.yaml} (the alpha tables, no de-identification, the
   * DRC folder rule) or a shipped name such as {@code aou-ehr-alpha}.
   */
  public static Contract contract(String reference) {
    try {
      return LOADER.load(reference);
    } catch (Exception e) {
      throw new IllegalStateException("cannot load " + reference + ": " + e, e);
    }
  }

  public Path root() {
    return root;
  }

  public Path export() {
    return root.resolve("export");
  }

  public Path reports() {
    return root.resolve("target/ehr");
  }

  public Path deidentified() {
    return reports().resolve("deid/export");
  }

  public Path privateDirectory() {
    return reports().resolve("private");
  }

  /** Verifies a directory as {@code ehr:verify} does and writes its reports. */
  public VerifyResult verify(Contract contract, Path directory, boolean deidentified)
      throws IOException {
    return verify(contract, directory, deidentified, Set.of(), Set.of());
  }

  /**
   * Verifies a directory as {@code ehr:verify -Dehr.verify.rules=... -Dehr.verify.skipRules=...}.
   */
  public VerifyResult verify(
      Contract contract,
      Path directory,
      boolean deidentified,
      Set<String> onlyRules,
      Set<String> skipRules)
      throws IOException {
    VerifyRequest request =
        new VerifyRequest(
            contract, directory, TODAY, deidentified, 2, 100, onlyRules, skipRules, "test");
    if (deidentified) {
      // As ehr:verify -Dehr.verify.deidentified does: person ids proven against the crosswalk.
      request =
          request.withCrosswalk(
              crosswalk != null ? crosswalk : privateDirectory().resolve("export.crosswalk.csv"));
    }
    VerifyResult result = new Verifier(DiagnosticsListener.silent()).verify(request);
    ReportFiles.write(result, reports());
    return result;
  }

  /**
   * Runs the de-identifier as {@code ehr:deidentify} does, with the reference date {@link #TODAY}:
   * the output goes to {@link #deidentified()}, the crosswalk and the site key to {@link
   * #privateDirectory()}.
   */
  public Path deidentify(Contract contract) throws IOException {
    return deidentify(contract, privateDirectory().resolve("export.crosswalk.csv"));
  }

  /** The same with another crosswalk file, whose folder then holds the site key. */
  public Path deidentify(Contract contract, Path crosswalk) throws IOException {
    this.crosswalk = crosswalk;
    try {
      new Deidentifier(DiagnosticsListener.silent())
          .deidentify(
              DeidRequest.of(contract, export(), deidentified(), crosswalk).withAsOf(TODAY));
    } catch (DeidException e) {
      throw new IllegalStateException(e);
    }
    return deidentified();
  }

  /**
   * Makes a stand-in for the output of {@code ehr:deidentify}: the export's files copied to the
   * de-identified directory, with the manifest in the shape that goal writes, sealed with the site
   * key of {@link #privateDirectory()}. Its files are the raw sample's, so it does not pass {@code
   * ehr:verify} with the {@code deid.*} rules.
   */
  public Path fakeDeidentified(Contract contract) throws IOException {
    copy(export(), deidentified());
    writeManifest(deidentified(), contract.name(), contract.version(), contract.digest());
    return deidentified();
  }

  /**
   * Writes {@code .ehr-deid.json} for the CSV files of a directory as they are now, sealed with the
   * site key of {@link #privateDirectory()} (created if need be).
   */
  public void writeManifest(Path directory, String name, String version, String digest)
      throws IOException {
    SiteKey key = SiteKey.loadOrCreate(privateDirectory());
    List<ManifestSeal.FileEntry> entries = entries(directory);
    ManifestSeal seal = key.seal(new ManifestSeal.Content(name, digest, "2026-03-05", entries));
    Files.writeString(
        directory.resolve(".ehr-deid.json"),
        manifest(name, version, digest, entries, Optional.of(seal)));
  }

  /**
   * Writes {@code .ehr-deid.json} for the CSV files of a directory as they are now, with the right
   * checksums but without a seal: a manifest written by hand.
   */
  public static void writeUnsealedManifest(
      Path directory, String name, String version, String digest) throws IOException {
    Files.writeString(
        directory.resolve(".ehr-deid.json"),
        manifest(name, version, digest, entries(directory), Optional.empty()));
  }

  private static List<ManifestSeal.FileEntry> entries(Path directory) throws IOException {
    List<ManifestSeal.FileEntry> entries = new ArrayList<>();
    try (Stream<Path> list = Files.list(directory)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        long rows;
        try (Stream<String> lines = Files.lines(file)) {
          rows = lines.count() - 1;
        }
        entries.add(
            new ManifestSeal.FileEntry(
                file.getFileName().toString(), rows, Files.size(file), Crc32c.of(file)));
      }
    }
    return entries;
  }

  private static String manifest(
      String name,
      String version,
      String digest,
      List<ManifestSeal.FileEntry> entries,
      Optional<ManifestSeal> seal) {
    StringBuilder files = new StringBuilder();
    for (ManifestSeal.FileEntry entry : entries) {
      if (files.length() > 0) {
        files.append(",\n");
      }
      files.append(
          String.format(
              "    \"%s\": {\"rows\": %d, \"bytes\": %d, \"crc32c\": \"%s\"}",
              entry.name(), entry.rows(), entry.bytes(), entry.crc32c()));
    }
    return "{\n  \"tool\": {\"name\": \"ehr-maven-plugin\", \"version\": \"test\"},\n"
        + "  \"contract\": {\"name\": \""
        + name
        + "\", \"version\": \""
        + version
        + "\", \"sha256\": \""
        + digest
        + "\"},\n  \"asOf\": \"2026-03-05\",\n  \"created\": \"2026-03-05T10:00:00Z\",\n"
        + "  \"files\": {\n"
        + files
        + "\n  }"
        + seal.map(
                s ->
                    ",\n  \"seal\": {\"algorithm\": \""
                        + s.algorithm()
                        + "\", \"key\": \""
                        + s.keyId()
                        + "\", \"hmac\": \""
                        + s.value()
                        + "\"}")
            .orElse("")
        + "\n}\n";
  }

  /** A request to deploy the export to a bucket, today's next free folder, 2 threads. */
  public DeployRequest request(Contract contract, String bucket) {
    return new DeployRequest(
        contract,
        export(),
        Optional.empty(),
        reports().resolve("deid"),
        privateDirectory(),
        reports(),
        bucket,
        Optional.empty(),
        TODAY,
        false,
        false,
        2,
        "test");
  }

  /** The same request with another folder, directory, overwrite or dry-run setting. */
  public static DeployRequest with(
      DeployRequest r,
      Optional<String> folder,
      Optional<Path> directory,
      boolean overwrite,
      boolean dryRun) {
    return new DeployRequest(
        r.contract(),
        r.export(),
        directory,
        r.deidentifiedRoot(),
        r.privateDirectory(),
        r.sealKeyDirectory(),
        r.reportDirectory(),
        r.bucket(),
        folder,
        r.today(),
        overwrite,
        dryRun,
        r.threads(),
        r.toolVersion());
  }

  /** Appends a line to a file, as an editor would. */
  public static void touch(Path file) {
    try {
      Files.writeString(file, Files.readString(file) + "\"x\"\r\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
