package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output and crosswalk paths are judged where they really are: a symbolic link does not hide that
 * an output (not yet created) would sit inside the export.
 */
class LinkedFoldersTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void anOutputInsideTheExportThroughALinkIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.persons("100001,1950,6,15,,\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), f.export);
    Path output = link.resolve("deid/export");
    DeidRequest base = f.request(AS_OF, RandomIds.secure());
    DeidRequest request =
        DeidRequest.of(base.contract(), f.export, output, f.crosswalk)
            .withAsOf(AS_OF)
            .withVerify(false);
    DeidException e = assertThrows(DeidException.class, () -> f.run(request));
    assertEquals(DeidException.Reason.LOCATION, e.reason());
    Path real = f.export.toRealPath();
    assertTrue(
        e.getMessage().startsWith("The output " + real.resolve("deid/export") + " (")
            && e.getMessage().contains(") lies inside the export " + real + ", "),
        e.getMessage());
    assertFalse(Files.exists(f.export.resolve("deid")), "nothing is written into the export");
  }
}
