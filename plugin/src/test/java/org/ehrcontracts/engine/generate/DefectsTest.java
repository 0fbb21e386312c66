package org.ehrcontracts.engine.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.diagnostics.DiagnosticsListener;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;
import org.ehrcontracts.engine.verify.FileResult;
import org.ehrcontracts.engine.verify.RuleResult;
import org.ehrcontracts.engine.verify.VerifyResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every defect the generator can plant makes exactly its rule fire, as often as asked, at the
 * places {@code generate.json} lists, and no other error rule.
 */
class DefectsTest {

  private static final int COUNT = 3;

  /** What each shipped contract has a place for: a shrinking list is a regression. */
  private static final Map<String, List<String>> PLANTABLE =
      Map.of(
          "omop-base",
          List.of(
              "file.unknown",
              "csv.row-width",
              "value.required",
              "type.integer",
              "type.datetime",
              "value.length",
              "value.concept",
              "key.duplicate",
              "key.foreign"),
          "aou-ehr-alpha",
          List.of(
              "file.unknown",
              "csv.row-width",
              "value.required",
              "type.integer",
              "type.float",
              "type.date",
              "type.datetime",
              "value.length",
              "value.concept",
              "key.duplicate",
              "key.foreign",
              "deid.age-limit",
              "deid.not-blanked"),
          "aou-ehr-current",
          List.of(
              "file.unknown",
              "csv.row-width",
              "value.required",
              "type.integer",
              "type.float",
              "type.date",
              "type.datetime",
              "type.time",
              "value.length",
              "value.concept",
              "key.duplicate",
              "key.foreign",
              "check.expression"),
          "aou-ehr-current-deid",
          List.of(
              "file.unknown",
              "csv.row-width",
              "value.required",
              "type.integer",
              "type.float",
              "type.date",
              "type.datetime",
              "type.time",
              "value.length",
              "value.concept",
              "key.duplicate",
              "key.foreign",
              "check.expression",
              "deid.age-limit",
              "deid.not-blanked"));

  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> eachPlantedDefectFiresItsRuleOnly() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : GeneratorTest.SHIPPED) {
      for (Rule rule : Defects.SUPPORTED) {
        tests.add(
            DynamicTest.dynamicTest(name + " " + rule.id(), () -> plantAndVerify(name, rule)));
      }
    }
    return tests.stream();
  }

  private void plantAndVerify(String name, Rule rule) throws Exception {
    Contract contract = GeneratorTest.LOADER.load(name);
    GenerateRequest request =
        GenerateRequest.of(contract, temp.resolve(name + "-" + rule.id()))
            .with(60, 3, List.of(new Defect(rule, COUNT)));
    boolean plantable = PLANTABLE.get(name).contains(rule.id());
    Generator generator = new Generator(DiagnosticsListener.silent());
    if (!plantable) {
      GenerateException e =
          assertThrows(GenerateException.class, () -> generator.generate(request));
      assertTrue(
          e.getMessage().startsWith("cannot plant a " + rule.id() + " defect: "), e.getMessage());
      return;
    }
    GenerateResult result = generator.generate(request);
    VerifyResult verified =
        GeneratorTest.verify(contract, result, GenerateRequest.requiresDeidentified(contract));
    long fired = 0;
    List<Problem> samples = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (FileResult file : verified.files()) {
      for (RuleResult found : file.rules()) {
        if (found.rule().equals(rule.id())) {
          fired += found.count();
          samples.addAll(found.samples());
        } else if (found.severity() == Severity.ERROR) {
          others.add(file.file() + " " + found.rule() + " x" + found.count());
        }
      }
    }
    assertEquals(List.of(), others, "other error rules fired");
    assertEquals(COUNT, fired, GeneratorTest.problems(verified, Severity.INFO).toString());
    assertEquals(COUNT, result.planted().size());
    String folder = result.export().getFileName().toString();
    TreeSet<String> reported = new TreeSet<>();
    for (Problem problem : samples) {
      reported.add(problem.at().file() + ":" + problem.at().line());
    }
    TreeSet<String> listed = new TreeSet<>();
    for (Planted planted : result.planted()) {
      assertEquals(rule.id(), planted.rule());
      listed.add(folder + "/" + planted.file() + ":" + planted.line());
    }
    assertEquals(listed, reported);
  }

  @Test
  void unknownRuleIdsAreRefusedWithTheSupportedOnesAndAHint() {
    GenerateException typo =
        assertThrows(GenerateException.class, () -> Defects.parse(List.of("key.duplicat:2")));
    assertTrue(
        typo.getMessage()
            .startsWith("'key.duplicat' is not a rule id (did you mean 'key.duplicate'?);"),
        typo.getMessage());
    assertTrue(typo.getMessage().endsWith(Defects.supportedIds()), typo.getMessage());
    GenerateException unplantable =
        assertThrows(GenerateException.class, () -> Defects.parse(List.of("csv.syntax")));
    assertTrue(
        unplantable.getMessage().startsWith("'csv.syntax' is a rule, but not one ehr:generate can"),
        unplantable.getMessage());
    GenerateException count =
        assertThrows(GenerateException.class, () -> Defects.parse(List.of("key.foreign:0")));
    assertTrue(count.getMessage().contains("not a whole number from 1"), count.getMessage());
  }

  @Test
  void countsAddUpAndDefaultToOne() throws Exception {
    assertEquals(
        List.of(new Defect(Rule.KEY_DUPLICATE, 4), new Defect(Rule.KEY_FOREIGN, 1)),
        Defects.parse(List.of("key.duplicate:3", " key.foreign ", "key.duplicate")));
  }
}
