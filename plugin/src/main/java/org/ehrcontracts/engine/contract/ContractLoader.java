package org.ehrcontracts.engine.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ehrcontracts.engine.problem.Location;
import org.ehrcontracts.engine.problem.Problem;
import org.ehrcontracts.engine.problem.Rule;
import org.ehrcontracts.engine.problem.Severity;

/**
 * Loads a contract by name or path: parses each file of its {@code extends:} chain safely, checks
 * its structure, merges the chain and binds the result to the {@link Contract} model.
 *
 * <p>All problems of a contract are collected and thrown together as a {@link ContractException}
 * before any data is read.
 *
 * @since 0.1.0
 */
public final class ContractLoader {

  /** How many contracts an {@code extends:} chain may have. */
  static final int MAX_CHAIN = 16;

  private final ContractSource source;

  /** A loader that finds contract files through {@code source}. */
  public ContractLoader(ContractSource source) {
    this.source = source;
  }

  /**
   * Loads the contract a reference names.
   *
   * @param reference a shipped name or a path (see {@link ContractSource#open})
   * @throws ContractException with every problem found, each located in its YAML file
   * @throws IOException if a contract file exists but cannot be read
   */
  public Contract load(String reference) throws ContractException, IOException {
    List<Problem> problems = new ArrayList<>();
    Deque<Parsed> chain = new ArrayDeque<>();
    Optional<ContractText> from = Optional.empty();
    String next = reference;
    Location referredAt = Location.of(reference);
    boolean stopped = false;
    while (next != null) {
      Optional<ContractText> text = source.open(next, from);
      if (text.isEmpty()) {
        problems.add(notFound(next, referredAt, from.isEmpty()));
        stopped = true;
        break;
      }
      ContractText file = text.get();
      if (chain.stream().anyMatch(p -> p.text().source().equals(file.source()))
          || chain.size() >= MAX_CHAIN) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_EXTENDS_CYCLE,
                Severity.ERROR,
                referredAt,
                "'extends: "
                    + next
                    + "' closes a circle of contracts (or a chain longer than "
                    + MAX_CHAIN
                    + ")"));
        stopped = true;
        break;
      }
      if (file.notText().isPresent()) {
        String[] at = file.notText().get().split(":");
        problems.add(
            Problem.of(
                Rule.CONTRACT_SYNTAX,
                Severity.ERROR,
                Location.of(file.display(), Long.parseLong(at[0]), Integer.parseInt(at[1])),
                "the file is not UTF-8 text (is it compressed, or saved in another encoding?);"
                    + " save the contract as UTF-8 YAML"));
        stopped = true;
        break;
      }
      YNode root = YamlTreeReader.read(file.display(), file.text(), problems);
      if (root == null) {
        stopped = true;
        break;
      }
      if (!(root instanceof YNode.YMap map)) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_TYPE,
                Severity.ERROR,
                root.at(),
                "a contract must be a map of keys, but is " + root.kind()));
        stopped = true;
        break;
      }
      ShapeChecker.check(map, LanguageShapes.CONTRACT, problems);
      requireIdentity(map, problems);
      chain.push(new Parsed(file, map));
      YNode parent = map.get("extends");
      next = parent instanceof YNode.YScalar scalar ? scalar.text() : null;
      referredAt = parent == null ? referredAt : parent.at();
      from = Optional.of(file);
    }
    // Unknown keys and a missing contract: or version: leave the tree bindable (the binder ignores
    // the one and defaults the other), so references and expressions are checked in the same run;
    // anything else (syntax, a value of the wrong kind, a file not found) stops here.
    if (stopped || !problems.stream().allMatch(ContractLoader::leavesTreeBindable)) {
      throw new ContractException(reference, problems);
    }

    YNode.YMap merged = null;
    List<ContractOrigin> lineage = new ArrayList<>();
    Map<String, ContractText> files = new LinkedHashMap<>();
    MessageDigest digest = sha256();
    for (Parsed parsed : chain) {
      merged = TreeMerger.merge(merged, parsed.root(), problems);
      lineage.add(
          new ContractOrigin(
              scalar(parsed.root(), "contract"),
              scalar(parsed.root(), "version"),
              parsed.text().source()));
      files.put(parsed.text().display(), parsed.text());
      digest.update(parsed.text().text().getBytes(StandardCharsets.UTF_8));
    }
    if (!problems.stream().allMatch(ContractLoader::leavesTreeBindable)) {
      throw new ContractException(reference, problems);
    }
    int beforeBinding = problems.size();
    ContractBinder binder = new ContractBinder(source, files, digest, problems);
    Contract contract = binder.bind(merged, lineage);
    boolean bound = problems.size() == beforeBinding;
    List<Problem> compiling = new ArrayList<>();
    contract = CompiledParts.compile(contract, compiling, binder.incompleteTables());
    for (Problem problem : compiling) {
      // After a binding problem, only the expressions are news: the binder has already reported
      // a broken column format, which compiling reports again.
      if (bound || problem.rule().equals(Rule.CONTRACT_EXPRESSION.id())) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new ContractException(reference, problems);
    }
    return contract;
  }

  private static boolean leavesTreeBindable(Problem problem) {
    return problem.rule().equals(Rule.CONTRACT_UNKNOWN_KEY.id())
        || problem.rule().equals(Rule.CONTRACT_MISSING_KEY.id());
  }

  private static void requireIdentity(YNode.YMap map, List<Problem> problems) {
    for (String key : List.of("contract", "version")) {
      if (map.get(key) == null) {
        problems.add(
            Problem.of(
                Rule.CONTRACT_MISSING_KEY,
                Severity.ERROR,
                Location.of(map.at().file(), 1, 1),
                "every contract file needs '" + key + ":'"));
      }
    }
  }

  private static Problem notFound(String reference, Location at, boolean top) {
    String message =
        ContractSource.isName(reference)
            ? "no shipped contract is named '"
                + reference
                + "' (the shipped ones are in the "
                + "ehr-contracts jar under ehr/contracts/; a file path must end in .yaml or .yml)"
            : "no contract file at '" + reference + "'";
    return Problem.of(
        Rule.CONTRACT_NOT_FOUND, Severity.ERROR, top ? Location.of(reference) : at, message);
  }

  private static String scalar(YNode.YMap map, String key) {
    return map.get(key) instanceof YNode.YScalar s ? s.text() : "";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The hex form of a finished digest. */
  static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  private record Parsed(ContractText text, YNode.YMap root) {}
}
