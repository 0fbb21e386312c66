package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.ehrcontracts.engine.remedy.Remedy;
import org.ehrcontracts.engine.remedy.Remedy.Setting;
import org.junit.jupiter.api.Test;

/** The words Maven users read for the engine's remedies. */
class MavenRemediesTest {

  private final MavenRemedies words = MavenRemedies.INSTANCE;

  @Test
  void goalsAreMavenCommands() {
    assertEquals("mvn ehr:verify", words.of(Remedy.RunVerify.export()));
    assertEquals(
        "mvn ehr:verify -Dehr.exports=" + Path.of("out", "x") + " -Dehr.verify.deidentified=true",
        words.of(Remedy.RunVerify.deidentified(Path.of("out", "x"))));
    assertEquals("mvn ehr:deidentify", words.of(new Remedy.RunDeidentify()));
  }

  @Test
  void settingsAreUserProperties() {
    assertEquals("-Dehr.folder", words.of(new Remedy.LeaveOut(Setting.FOLDER)));
    assertEquals(
        "-Dehr.deploy.overwrite=true", words.of(new Remedy.TurnOn(Setting.DEPLOY_OVERWRITE)));
    assertEquals("-Dehr.bucket", words.of(new Remedy.Give(Setting.BUCKET)));
    assertEquals("-Dehr.gcs.serverId", words.of(new Remedy.Give(Setting.GCS_SERVER_ID)));
  }

  @Test
  void parametersAreNamedAsInThePom() {
    assertEquals(
        "<crosswalk> (property ehr.deid.crosswalk)",
        words.of(new Remedy.Parameter(Setting.DEID_CROSSWALK)));
    assertEquals(
        "parameter <bucket>, property ehr.bucket", words.of(new Remedy.Parameter(Setting.BUCKET)));
    assertEquals("<exports> (ehr.exports)", words.of(new Remedy.Parameter(Setting.EXPORTS)));
    assertEquals(
        "<directory> (ehr.deploy.directory)",
        words.of(new Remedy.Parameter(Setting.DEPLOY_DIRECTORY)));
  }

  @Test
  void everySettingHasAPropertyOfPropertyNames() {
    for (Setting setting : Setting.values()) {
      assertEquals(true, MavenRemedies.property(setting).startsWith("ehr."), setting.name());
    }
  }
}
