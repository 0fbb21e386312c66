package org.ehrcontracts.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;

/**
 * Any text as a contract that extends a shipped one: loading either gives a contract or a {@link
 * ContractException} with located problems; never another exception, a hang or a stack overflow.
 */
class ContractLoaderFuzzTest {

  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("ehr-contract-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "15s")
  void anyTextLoadsOrIsRefusedWithProblems(byte[] data) throws Exception {
    Path file = DIR.resolve("contract.yaml");
    Files.write(file, data);
    ContractLoader loader =
        new ContractLoader(new StandardContractSource(DIR, getClass().getClassLoader()));
    try {
      loader.load("contract.yaml");
    } catch (ContractException e) {
      if (e.problems().isEmpty()) {
        throw new AssertionError("a refusal must say why", e);
      }
    }
  }
}
