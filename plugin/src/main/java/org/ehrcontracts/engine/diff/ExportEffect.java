package org.ehrcontracts.engine.diff;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.ehrcontracts.engine.report.BaselineComparison;
import org.ehrcontracts.engine.report.JsonReportWriter;
import org.ehrcontracts.engine.report.VerifyDocument;
import org.ehrcontracts.engine.verify.Verifier;
import org.ehrcontracts.engine.verify.VerifyRequest;
import org.ehrcontracts.engine.verify.VerifyResult;

/**
 * What a contract change does to one export: the export verified under both contracts, and per file
 * and rule the problems that appear and disappear (counts only, never a value).
 *
 * <p>The two runs are matched as {@code ehr:verify} matches a run with its baseline ({@link
 * BaselineComparison}): by file, rule, check, column and the message's shape.
 *
 * @param export the export's name
 * @param before the verdict under the older contract
 * @param after the verdict under the newer contract
 * @param changes each file and rule whose problems appear or disappear
 * @since 0.2.0
 */
public record ExportEffect(
    String export,
    VerifyDocument.Summary before,
    VerifyDocument.Summary after,
    List<BaselineComparison.Change> changes) {

  /** Copies the list. */
  public ExportEffect {
    Objects.requireNonNull(export, "export");
    changes = List.copyOf(changes);
  }

  /**
   * Verifies an export under both contracts with the engine's verifier.
   *
   * @param verifier the verifier
   * @param underFrom the request with the older contract
   * @param underTo the same request with the newer contract
   * @throws IOException if a file of the export cannot be read
   */
  public static ExportEffect measure(
      Verifier verifier, VerifyRequest underFrom, VerifyRequest underTo) throws IOException {
    return of(verifier.verify(underFrom), verifier.verify(underTo));
  }

  /** Compares the two verifications of one export. */
  public static ExportEffect of(VerifyResult underFrom, VerifyResult underTo) {
    VerifyDocument before = JsonReportWriter.document(underFrom);
    BaselineComparison comparison = BaselineComparison.compare(before, "from", underTo);
    List<BaselineComparison.Change> changed =
        comparison.changes().stream().filter(c -> c.added() > 0 || c.fixed() > 0).toList();
    return new ExportEffect(
        underTo.export(), before.summary(), JsonReportWriter.document(underTo).summary(), changed);
  }

  /** How many problems appear. */
  public long appeared() {
    return changes.stream().mapToLong(BaselineComparison.Change::added).sum();
  }

  /** How many problems disappear. */
  public long disappeared() {
    return changes.stream().mapToLong(BaselineComparison.Change::fixed).sum();
  }
}
