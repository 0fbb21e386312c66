package org.ehrcontracts.engine.verify;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;

/** Prints what the verifier finds in a directory; for development. */
final class VerifyDebug {
  private VerifyDebug() {}

  public static void main(String[] args) throws Exception {
    Contract contract =
        new ContractLoader(
                new StandardContractSource(Path.of("."), VerifyDebug.class.getClassLoader()))
            .load(args[0]);
    VerifyResult result =
        new Verifier(DiagnosticsListener.silent())
            .verify(
                new VerifyRequest(
                    contract,
                    Path.of(args[1]),
                    LocalDate.now(),
                    args.length > 2,
                    2,
                    5,
                    Set.of(),
                    Set.of(),
                    "dev"));
    for (FileResult file : result.files()) {
      System.out.println(file.file() + " " + file.status() + " rows=" + file.rows());
      for (RuleResult rule : file.rules()) {
        System.out.println(
            "  "
                + rule.rule()
                + rule.check().map(c -> "#" + c).orElse("")
                + " "
                + rule.severity()
                + " x"
                + rule.count());
        rule.samples().forEach(p -> System.out.println("    " + p.format()));
      }
    }
    System.out.println(result.duration());
  }
}
