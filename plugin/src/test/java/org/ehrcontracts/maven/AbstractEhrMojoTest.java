package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.File;
import org.junit.jupiter.api.Test;

/** What a goal run outside any project makes of the defaults Maven cannot resolve there. */
class AbstractEhrMojoTest {

  private static final File HERE = new File("/work/site");

  @Test
  void theUnresolvedBasedirBecomesTheCurrentDirectory() {
    assertEquals(
        new File("/work/site/target/ehr"),
        AbstractEhrMojo.standalone(new File("${project.basedir}/target/ehr"), HERE));
  }

  @Test
  void aPathMavenMadeAbsoluteAroundTheExpressionIsRepaired() {
    assertEquals(
        new File("/work/site/target/ehr/deid"),
        AbstractEhrMojo.standalone(
            new File("/work/site/${project.basedir}/target/ehr/deid"), HERE));
  }

  @Test
  void theExpressionAloneIsTheDirectory() {
    assertEquals(HERE, AbstractEhrMojo.standalone(new File("${project.basedir}"), HERE));
  }

  @Test
  void resolvedPathsAndMissingValuesAreLeftAlone() {
    File resolved = new File("/work/site/target/ehr");
    assertSame(resolved, AbstractEhrMojo.standalone(resolved, HERE));
    assertNull(AbstractEhrMojo.standalone(null, HERE));
  }
}
