package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The wiring of {@code ehr:generate}: parameters, skip precedence and failure types. */
@MojoTest
class GenerateMojoTest {

  private static final String POM = "src/test/resources/unit/generate/pom.xml";
  private static final String WORK = "target/generate-mojo-test/";

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "output", value = WORK + "wiring")
  @MojoParameter(name = "defects", value = "key.duplicate:2")
  @MojoParameter(name = "overwrite", value = "true") // a second test run replaces the first's
  void writesTheExportAndItsManifest(GenerateMojo mojo) throws Exception {
    assertDoesNotThrow(mojo::execute);
    Path out = Path.of(WORK + "wiring");
    assertEquals(21, Files.readAllLines(out.resolve("2026-01-01-v1/person.csv")).size());
    String manifest = Files.readString(out.resolve("generate.json"));
    assertTrue(manifest.contains("\"rule\": \"key.duplicate\""), manifest);
    assertFalse(Files.exists(out.resolve("2026-01-01-v1.crosswalk.csv")), "raw data has none");
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void skipComesBeforeAnyWork(GenerateMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "generateSkip", value = "true")
  @MojoParameter(name = "contract", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(GenerateMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "output", value = WORK + "no-persons")
  @MojoParameter(name = "persons", value = "0")
  void noPersonsIsAFailureNamingTheParameter(GenerateMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "<persons> (ehr.generate.persons) must be at least 1, not 0", failure.getMessage());
    assertFalse(Files.exists(Path.of(WORK + "no-persons")));
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "output", value = WORK + "bad-date")
  @MojoParameter(name = "asOf", value = "2026-13-01")
  void aBadReferenceDateIsAFailure(GenerateMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(failure.getMessage().contains("YYYY-MM-DD"), failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "generate", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "output", value = WORK + "taken")
  void aNonEmptyOutputIsRefusedWithTheOverwriteProperty(GenerateMojo mojo) throws Exception {
    Path taken = Path.of(WORK + "taken");
    Files.createDirectories(taken);
    Files.writeString(taken.resolve("mine.txt"), "kept");
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure.getMessage().endsWith("(-Dehr.generate.overwrite=true)."), failure.getMessage());
    assertEquals("kept", Files.readString(taken.resolve("mine.txt")));
  }
}
