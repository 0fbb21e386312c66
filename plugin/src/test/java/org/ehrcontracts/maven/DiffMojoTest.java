package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.ehrcontracts.engine.diff.DiffDocument;
import org.ehrcontracts.engine.json.JsonDocuments;
import org.junit.jupiter.api.Test;

/** The wiring of {@code ehr:diff}: parameters, skip precedence, defaults and failure types. */
@MojoTest
class DiffMojoTest {

  private static final String POM = "src/test/resources/unit/diff/pom.xml";

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  @MojoParameter(name = "diffSkip", value = "true")
  @MojoParameter(name = "from", value = "no-such-contract")
  void goalSkipComesBeforeAnyWork(DiffMojo mojo) {
    assertDoesNotThrow(mojo::execute);
  }

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  void withoutAContractItSaysWhichParametersToSet(DiffMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "No contract to compare: set <to> (-Dehr.diff.to=...) or <contract> (-Dehr.contract=...),"
            + " and <from> (-Dehr.diff.from=...).",
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  @MojoParameter(name = "contract", value = "aou-ehr-current")
  void aShippedNameHasNoLastCommitToCompareWith(DiffMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "No older contract: set <from> (-Dehr.diff.from=...): a shipped name, a path or"
            + " git:REVISION:PATH.",
        failure.getMessage());
  }

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "from", value = "aou-ehr-current")
  @MojoParameter(name = "contract", value = "aou-ehr-current")
  @MojoParameter(name = "reportDirectory", value = "target/diff-mojo-test/same")
  void theSameContractPassesAndSaysSo(DiffMojo mojo) throws Exception {
    mojo.github = new GithubActionsOutput(Map.of());
    assertDoesNotThrow(mojo::execute);
    DiffDocument read =
        JsonDocuments.read(
            Path.of("target/diff-mojo-test/same/diff/diff.json"), DiffDocument.class);
    assertEquals(new DiffDocument.Summary(0, 0, 0, "compatible"), read.summary());
  }

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "from", value = "aou-ehr-current-deid")
  @MojoParameter(name = "to", value = "aou-ehr-current")
  @MojoParameter(name = "reportDirectory", value = "target/diff-mojo-test/loosening")
  @MojoParameter(name = "allowBreaking", value = "true")
  void allowBreakingDoesNotCoverALooseningOfDeidentification(DiffMojo mojo) throws Exception {
    Path summary = Files.createTempFile("step-summary", ".md");
    mojo.github = new GithubActionsOutput(Map.of("GITHUB_STEP_SUMMARY", summary.toString()));
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "The contract change has 1 change that loosens de-identification (listed above"),
        failure.getMessage());
    assertTrue(
        failure.getMessage().endsWith("accept it with -Dehr.diff.allowDeidLoosening=true."),
        failure.getMessage());
    String markdown = Files.readString(Path.of("target/diff-mojo-test/loosening/diff/diff.md"));
    assertEquals(markdown + System.lineSeparator(), Files.readString(summary));
    assertTrue(markdown.contains("> [!WARNING]\n> **1 change loosens de-identification**"));
    Files.delete(summary);
  }

  @Test
  @InjectMojo(goal = "diff", pom = POM)
  @MojoParameter(name = "basedir", value = "${basedir}")
  @MojoParameter(name = "from", value = "git:HEAD")
  @MojoParameter(name = "to", value = "aou-ehr-current")
  void aMalformedGitReferenceIsAFailure(DiffMojo mojo) {
    MojoFailureException failure = assertThrows(MojoFailureException.class, mojo::execute);
    assertEquals(
        "Cannot read the contract git:HEAD: 'git:HEAD' is not a git reference: write"
            + " git:REVISION:PATH, such as git:HEAD~1:contracts/site.yaml",
        failure.getMessage());
  }
}
