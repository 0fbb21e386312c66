package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The wiring of {@code ehr:verify}: parameters, skip precedence and failure types. */
@MojoTest
class VerifyMojoTest {

  private static final String POM = "src/test/resources/unit/verify/pom.xml";

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "exports", value = "../it/sample-hpo/export")
  void verifiesTheSampleExport(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void skipComesBeforeAnyWork(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "verifySkip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "contract", value = "no-such-contract")
  void anUnknownContractIsAFailure(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("The contract 'no-such-contract' has 1 problem"));
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "target/no-such-export")
  void aMissingExportDirectoryIsAFailureNamingTheParameter(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("parameter <exports>"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "src/test/resources/unit/verify")
  void problemsFailTheBuild(VerifyMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().startsWith("The export does not meet contract aou-ehr-alpha"),
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  @MojoParameter(name = "exports", value = "src/test/resources/unit/verify")
  @MojoParameter(name = "failOn", value = "never")
  void failOnNeverOnlyReports(VerifyMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }
}
