package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The wiring of {@code ehr:deidentify}: parameters, skip precedence and failure types. */
@MojoTest
class DeidentifyMojoTest {

  private static final String POM = "src/test/resources/unit/deidentify/pom.xml";
  private static final String WORK = "target/deidentify-mojo-test/";

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "outputDirectory", value = WORK + "wiring/deid")
  @MojoParameter(name = "crosswalk", value = WORK + "wiring/private")
  @MojoParameter(name = "reportDirectory", value = WORK + "wiring/reports")
  void deidentifiesTheSampleExport(DeidentifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
    Path work = Path.of(WORK + "wiring");
    assertTrue(Files.isRegularFile(work.resolve("deid/export/person.csv")));
    assertTrue(Files.isRegularFile(work.resolve("deid/export/.ehr-deid.json")));
    assertTrue(Files.isRegularFile(work.resolve("private/export.crosswalk.csv")));
    assertTrue(Files.isRegularFile(work.resolve("reports/deid-reports/export/deid.json")));
    assertTrue(Files.isRegularFile(work.resolve("reports/deid-reports/export/verify.json")));
    assertTrue(Files.isRegularFile(work.resolve("reports/export/verify.json")));
    assertFalse(Files.exists(work.resolve("deid/export/export.crosswalk.csv")));
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void skipComesBeforeAnyWork(DeidentifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "deidentifySkip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(DeidentifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "contract", value = "omop-base")
  @MojoParameter(name = "outputDirectory", value = WORK + "no-policy/deid")
  @MojoParameter(name = "crosswalk", value = WORK + "no-policy/private")
  void aContractWithoutAPolicyIsAFailure(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().contains("has no deidentification: policy"), failure.getMessage());
    assertFalse(Files.exists(Path.of(WORK + "no-policy")));
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "outputDirectory", value = WORK + "beside/deid")
  @MojoParameter(name = "crosswalk", value = WORK + "beside/deid/private")
  void aCrosswalkInsideTheOutputIsAFailure(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("must never sit beside"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "outputDirectory", value = "../it/sample-hpo/export/deid")
  void anOutputInsideTheExportIsAFailure(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("lies inside the export"), failure.getMessage());
    assertFalse(Files.exists(Path.of("../it/sample-hpo/export/deid")));
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "outputDirectory", value = WORK + "clash")
  @MojoParameter(name = "crosswalk", value = WORK + "clash-private")
  @MojoParameter(name = "reportDirectory", value = WORK + "clash/export")
  void reportsInsideTheOutputAreAFailure(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().contains("would put reports into the output"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "asOf", value = "1 December 2017")
  void aBadReferenceDateIsAFailureNamingTheParameter(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("<asOf> (ehr.deid.asOf)"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "src/test/resources/unit/deidentify")
  @MojoParameter(name = "outputDirectory", value = WORK + "rejected/deid")
  @MojoParameter(name = "crosswalk", value = WORK + "rejected/private")
  @MojoParameter(name = "reportDirectory", value = WORK + "rejected/reports")
  void inputErrorsAreAFailureAndNothingIsWritten(DeidentifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("nothing was de-identified"), failure.getMessage());
    assertTrue(failure.getMessage().contains("-Dehr.deid.force=true"), failure.getMessage());
    assertFalse(Files.exists(Path.of(WORK + "rejected/deid")));
    assertTrue(Files.isRegularFile(Path.of(WORK + "rejected/reports/deidentify/verify.json")));
  }

  @Test
  @InjectMojo(goal = "deidentify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "outputDirectory", value = WORK + "unwritable/deid")
  @MojoParameter(name = "crosswalk", value = WORK + "unwritable/private")
  @MojoParameter(name = "reportDirectory", value = WORK + "unwritable/reports/deid-reports")
  void reportsThatCannotBeWrittenStopThePublishInWords(DeidentifyMojo mojo) throws Exception {
    // A file where the reports' folder would go: no directory can be made under it (a full disk
    // or a read-only folder fails the same way, and DiskFullTest tries the former for real).
    Path reports = Path.of(WORK + "unwritable/reports");
    Files.createDirectories(reports.getParent());
    Files.deleteIfExists(reports);
    Files.writeString(reports, "not a folder");
    MojoExecutionException failure = assertThrows(MojoExecutionException.class, mojo::execute);
    assertTrue(
        failure.getMessage().startsWith("Cannot write the reports to "), failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "so the de-identified output was not published and the previous output and"
                    + " crosswalk are unchanged"),
        failure.getMessage());
    assertFalse(Files.exists(Path.of(WORK + "unwritable/deid/export")), "no output published");
    assertFalse(
        Files.exists(Path.of(WORK + "unwritable/private/export.crosswalk.csv")),
        "no crosswalk published");
  }
}
