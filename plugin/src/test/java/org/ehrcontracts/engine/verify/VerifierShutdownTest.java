package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file's CRC32C is in the result, however the checksum tasks and the checks interleave: the
 * pool is not interrupted under a checksum still being read (a race that failed one run in a few
 * hundred with {@code ClosedByInterruptException}).
 */
class VerifierShutdownTest {

  @TempDir Path dir;

  @Test
  void manyShortVerificationsAllHaveTheirChecksums() throws Exception {
    Path export = dir.resolve("export");
    SyntheticAlphaExport.builder().persons(5).build().writeTo(export);
    Contract contract =
        new ContractLoader(new StandardContractSource(dir, getClass().getClassLoader()))
            .load("aou-ehr-alpha");
    Verifier verifier = new Verifier(DiagnosticsListener.silent());
    for (int i = 0; i < 150; i++) {
      VerifyResult result =
          verifier.verify(
              new VerifyRequest(
                  contract,
                  export,
                  LocalDate.of(2017, 12, 1),
                  false,
                  2,
                  10,
                  Set.of(),
                  Set.of(),
                  "test"));
      assertEquals(7, result.files().stream().filter(f -> f.crc32c().isPresent()).count());
    }
  }
}
