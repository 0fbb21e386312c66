package org.ehrcontracts.engine.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.metrics.ConceptFacts;
import org.ehrcontracts.engine.metrics.Metric;
import org.ehrcontracts.engine.metrics.Score;
import org.ehrcontracts.engine.metrics.TableScores;
import org.ehrcontracts.testing.SyntheticAlphaExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alpha contract's scorecard on the synthetic alpha export, which the generator keeps
 * clean (no end before its start, every datetime on its date's day, every event in its visit, no
 * orphan): every target it can judge without a vocabulary is met, the concept metrics say they need
 * one, and the scorecard's counts are the same in one part and in many.
 */
class ShippedScorecardTest {

  @TempDir Path dir;

  @Test
  void theSyntheticAlphaExportMeetsEveryTargetTheScorecardCanJudge() throws Exception {
    SyntheticAlphaExport.builder().persons(300).seed(7).build().writeTo(dir);
    Contract alpha =
        new ContractLoader(new StandardContractSource(Path.of("."), getClass().getClassLoader()))
            .load("aou-ehr-alpha");
    VerifyResult result = new Verifier(DiagnosticsListener.silent()).verify(request(alpha));
    assertEquals(
        List.of(
            "person",
            "location",
            "visit_occurrence",
            "condition_occurrence",
            "procedure_occurrence",
            "drug_exposure",
            "measurement"),
        result.scorecard().tables().stream().map(TableScores::table).toList());
    for (TableScores table : result.scorecard().tables()) {
      assertEquals(
          result.files().stream()
              .filter(f -> f.table().orElse("").equals(table.table()))
              .findFirst()
              .orElseThrow()
              .rows(),
          table.rows());
      for (Score score : table.scores()) {
        String what =
            table.table() + " " + score.metric() + score.column().map(c -> " " + c).orElse("");
        assertTrue(score.status() != Score.Status.MISSED, what);
        if (score.status() == Score.Status.NOT_COMPUTED) {
          assertTrue(score.metric().needsVocabulary(), what);
          assertEquals(Optional.of("needs the vocabulary"), score.reason(), what);
        }
      }
    }
    // The visits' own metrics, and one that reads them from another table.
    Score disparity =
        ScorecardTest.score(
            ScorecardTest.table(result, "measurement"), Metric.VISIT_DATE_DISPARITY);
    assertEquals(Score.Status.MET, disparity.status());
    assertEquals(0, disparity.count());

    // Any concept is a standard one of the right domain: every concept metric is met, but for
    // concept 0, which the export does not use in its main concept columns.
    ConceptFacts everything =
        new ConceptFacts() {
          @Override
          public boolean known(long conceptId) {
            return true;
          }

          @Override
          public boolean standard(long conceptId) {
            return conceptId != 0;
          }

          @Override
          public String domain(long conceptId) {
            return null;
          }

          @Override
          public boolean standardIn(long conceptId, String domainId) {
            return conceptId != 0;
          }
        };
    VerifyResult withVocabulary =
        new Verifier(DiagnosticsListener.silent(), 4096)
            .verify(request(alpha).withConcepts(everything));
    assertEquals(
        Score.Status.MET,
        ScorecardTest.score(
                ScorecardTest.table(withVocabulary, "condition_occurrence"), Metric.CONCEPT_SUCCESS)
            .status());
    assertEquals(
        summary(result, false),
        summary(withVocabulary, false),
        "a split run differs from one part");
  }

  private VerifyRequest request(Contract contract) {
    return new VerifyRequest(
        contract,
        dir,
        SyntheticAlphaExport.REFERENCE_DATE,
        false,
        2,
        10,
        Set.of(),
        Set.of(),
        "test");
  }

  /** Every count but the concept metrics', which the second run has and the first has not. */
  private static String summary(VerifyResult result, boolean concepts) {
    StringBuilder text = new StringBuilder();
    for (TableScores table : result.scorecard().tables()) {
      for (Score score : table.scores()) {
        if (concepts || !score.metric().needsVocabulary()) {
          text.append(table.table())
              .append(' ')
              .append(score.metric())
              .append(score.column().orElse(""))
              .append(' ')
              .append(score.count())
              .append('/')
              .append(score.rows())
              .append('\n');
        }
      }
    }
    return text.toString();
  }
}
