package org.ehrcontracts.engine.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ehrcontracts.engine.contract.ColumnRef;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the policy does to each column and which headers it trusts (issue 14), by the fixture's
 * contract: the columns of each role in contract order, a blanked required column refused, and the
 * reason given for each kind of header that cannot be trusted.
 */
class RolesTest {

  @TempDir Path dir;

  private Contract contract() throws Exception {
    return new DeidFixture(dir).loadContract();
  }

  @Test
  void eachRoleListsItsColumnsInContractOrder() throws Exception {
    Roles roles = Roles.of(contract());
    assertEquals(
        List.of(
            new ColumnRef("person", "person_id"),
            new ColumnRef("visit", "person_id"),
            new ColumnRef("observation", "person_id")),
        roles.personColumns);
    assertEquals(List.of(new ColumnRef("person", "person_source_value")), roles.blanked);
  }

  @Test
  void eachUntrustedHeaderSaysWhy() throws Exception {
    Contract contract = contract();
    Roles roles = Roles.of(contract);
    Table visit = contract.table("visit").orElseThrow();
    List<String> good = List.of("visit_id", "person_id", "start_date", "start_datetime", "note");
    assertEquals(Optional.empty(), roles.headerMismatch(visit, good));
    assertEquals(
        Optional.of("its header names a column twice"),
        roles.headerMismatch(
            visit, List.of("visit_id", "person_id", "start_date", "start_date", "note")));
    assertEquals(
        Optional.of("its header has 1 name that is not a column of visit"),
        roles.headerMismatch(
            visit, List.of("visit_id", "person_id", "start_date", "start_datetime", "notes")));
    assertEquals(
        Optional.of("its header has 2 names that are not columns of visit"),
        roles.headerMismatch(
            visit, List.of("visit_id", "person", "start_date", "start_datetime", "notes")));
    assertEquals(
        Optional.of("its header lacks column start_datetime"),
        roles.headerMismatch(visit, List.of("visit_id", "person_id", "start_date", "note")));
    assertEquals(
        Optional.of("its header does not list the columns in the contract's order"),
        roles.headerMismatch(
            visit, List.of("person_id", "visit_id", "start_date", "start_datetime", "note")));
  }

  @Test
  void aJaggedTableMayLeaveOutTrailingColumnsButNeverAPersonReference() throws Exception {
    DeidFixture f = new DeidFixture(dir);
    f.contract(
        DeidFixture.CONTRACT
            .formatted("persistent")
            .replace("lineEnding: any }", "lineEnding: any, jaggedRows: true }"));
    Contract contract = f.loadContract();
    Roles roles = Roles.of(contract);
    Table visit = contract.table("visit").orElseThrow();
    assertEquals(Optional.empty(), roles.headerMismatch(visit, List.of("visit_id", "person_id")));
    assertEquals(
        Optional.of("its header lacks column person_id"),
        roles.headerMismatch(visit, List.of("visit_id")));
  }
}
