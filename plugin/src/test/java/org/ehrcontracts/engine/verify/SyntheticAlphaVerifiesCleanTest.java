package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synthetic alpha export passes aou-ehr-alpha with no problem at all, at any severity. */
class SyntheticAlphaVerifiesCleanTest {

  @Test
  void syntheticAlphaExportHasNoProblems(@TempDir Path dir) throws Exception {
    SyntheticAlphaExport.builder().persons(300).seed(7).build().writeTo(dir);
    Contract alpha =
        new ContractLoader(
                new StandardContractSource(
                    Path.of("."), SyntheticAlphaVerifiesCleanTest.class.getClassLoader()))
            .load("aou-ehr-alpha");

    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    alpha,
                    dir,
                    SyntheticAlphaExport.REFERENCE_DATE,
                    false,
                    2,
                    10,
                    Set.of(),
                    Set.of(),
                    "test"));

    List<String> problems = new ArrayList<>();
    for (FileResult file : result.files()) {
      file.rules().forEach(r -> r.samples().forEach(p -> problems.add(p.format())));
      assertEquals(FileStatus.PASSED, file.status(), file.file());
    }
    assertEquals(List.of(), problems);
    assertEquals(7, result.files().size());
  }
}
