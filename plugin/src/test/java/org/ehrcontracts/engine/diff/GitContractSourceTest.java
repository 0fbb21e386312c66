package org.ehrcontracts.engine.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.ehrcontracts.engine.contract.Contract;
import org.ehrcontracts.engine.contract.ContractException;
import org.ehrcontracts.engine.contract.ContractLoader;
import org.ehrcontracts.engine.contract.StandardContractSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitContractSourceTest {

  @TempDir Path repo;

  private final PersonIdent someone = new PersonIdent("Test", "test@example.org");

  private StandardContractSource plain() {
    return new StandardContractSource(repo, getClass().getClassLoader());
  }

  private void commit(String message) throws Exception {
    try (Git git = Git.open(repo.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage(message).setAuthor(someone).setCommitter(someone).call();
    }
  }

  private void write(String path, String text) throws Exception {
    Files.createDirectories(repo.resolve(path).getParent());
    Files.writeString(repo.resolve(path), text);
  }

  private static String base(String version, String maxLength) {
    return "contract: base\nversion: "
        + version
        + "\nperson: { table: person, id: person_id }\ntables:\n  person:\n    columns:\n"
        + "      - { name: person_id, type: integer, required: true }\n"
        + "      - { name: person_source_value, type: string, maxLength: "
        + maxLength
        + " }\n";
  }

  private Contract load(String reference) throws Exception {
    try (GitContractSource source = GitContractSource.open(repo, reference, plain())) {
      return new ContractLoader(source).load(reference);
    }
  }

  @Test
  void readsTheContractAndItsParentAsTheRevisionHoldsThem() throws Exception {
    Git.init().setDirectory(repo.toFile()).call().close();
    write("contracts/site.yaml", "contract: site\nversion: 1.0.0\nextends: ./base.yaml\n");
    write("contracts/base.yaml", base("1.0.0", "50"));
    commit("first");
    write("contracts/base.yaml", base("2.0.0", "40"));
    commit("second");
    write("contracts/base.yaml", base("3.0.0", "30")); // in the work tree only

    Contract first = load("git:HEAD~1:contracts/site.yaml");
    Contract second = load("git:HEAD:contracts/site.yaml");

    assertEquals("1.0.0", first.lineage().get(0).version());
    assertEquals(
        50, first.table("person").get().column("person_source_value").get().maxLength().getAsInt());
    assertEquals("2.0.0", second.lineage().get(0).version());
    assertEquals("HEAD~1:contracts/base.yaml", first.table("person").get().at().file());
    ContractDiff diff =
        ContractDiffer.diff(
            first, "git:HEAD~1:contracts/site.yaml", second, "git:HEAD:contracts/site.yaml");
    assertEquals(
        "HEAD:contracts/base.yaml:8:9: breaking: column person.person_source_value maxLength:"
            + " 50 -> 40; stricter: longer values now fail (value.length) [column.max-length]",
        DiffReport.console(diff, java.util.List.of()).get(1).text());
  }

  @Test
  void saysWhatIsWrongWithTheReference() throws Exception {
    GitRevisionException noRepo =
        assertThrows(
            GitRevisionException.class,
            () -> GitContractSource.open(repo, "git:HEAD:site.yaml", plain()));
    assertEquals(
        "'git:HEAD:site.yaml' names a git revision, but "
            + repo.toRealPath()
            + " is in no git repository",
        noRepo.getMessage().replace(repo.toString(), repo.toRealPath().toString()));

    Git.init().setDirectory(repo.toFile()).call().close();
    write("site.yaml", base("1.0.0", "50"));
    commit("first");
    GitRevisionException unknown =
        assertThrows(
            GitRevisionException.class,
            () -> GitContractSource.open(repo, "git:v9.9:site.yaml", plain()));
    assertEquals(
        "the git repository "
            + repo.toFile()
            + " has no revision 'v9.9' (in 'git:v9.9:site.yaml'); a shallow clone may lack it:"
            + " fetch it first (git fetch --depth=2, or fetch-depth: 0 in actions/checkout)",
        unknown.getMessage());
    GitRevisionException malformed =
        assertThrows(
            GitRevisionException.class, () -> GitContractSource.open(repo, "git:HEAD", plain()));
    assertEquals(
        "'git:HEAD' is not a git reference: write git:REVISION:PATH, such as"
            + " git:HEAD~1:contracts/site.yaml",
        malformed.getMessage());
    ContractException missing =
        assertThrows(ContractException.class, () -> load("git:HEAD:other.yaml"));
    assertEquals(
        "git:HEAD:other.yaml: error: no contract file at 'git:HEAD:other.yaml' [contract.not-found]",
        missing.problems().get(0).toString());
  }
}
