package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract that truncated dates cannot meet: the output is verified, found to break a rule the
 * input kept, and the run refuses it; nothing is written and the crosswalk is not replaced.
 */
class ContradictionTest {

  private static final LocalDate AS_OF = LocalDate.of(2017, 12, 1);

  @TempDir Path dir;

  @Test
  void anOutputThatBreaksARuleTheInputKeptIsRefused() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    // Visits keyed by their date: two dates of one year become one.
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("primaryKey: [ visit_id ]", "primaryKey: [ start_date ]"));
    f.persons("100001,1950,6,15,,\n");
    f.visits("1,100001,2016-02-29,,a\n", "2,100001,2016-03-01,,b\n");
    DeidRequest request = f.request(AS_OF, RandomIds.secure()).withVerify(true);
    OutputRejectedException e = assertThrows(OutputRejectedException.class, () -> f.run(request));
    assertTrue(e.getMessage().contains("key"), e.getMessage());
    assertFalse(Files.exists(f.output), "nothing is written");
    assertFalse(Files.exists(f.crosswalk), "no crosswalk is written");
  }
}
