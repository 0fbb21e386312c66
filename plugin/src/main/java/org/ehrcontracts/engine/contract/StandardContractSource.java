package org.ehrcontracts.engine.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds shipped contracts on a class path and other contracts in the file system.
 *
 * <p>Relative paths resolve against the referring contract's folder (on the class path or on disk),
 * or against the base folder (the project) at the top.
 *
 * @since 0.1.0
 */
public final class StandardContractSource implements ContractSource {

  private final Path baseDir;
  private final ClassLoader classLoader;

  /**
   * A source for a project.
   *
   * @param baseDir the folder top-level relative paths resolve against
   * @param classLoader the loader that holds the shipped contracts (the plugin's own)
   */
  public StandardContractSource(Path baseDir, ClassLoader classLoader) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
    this.classLoader = classLoader;
  }

  @Override
  public Optional<ContractText> open(String reference, Optional<ContractText> from)
      throws IOException {
    if (ContractSource.isName(reference)) {
      return resource(SHIPPED + reference + ".yaml");
    }
    if (reference.startsWith(CLASSPATH)) {
      return resource(normalize(reference.substring(CLASSPATH.length())));
    }
    if (from.isPresent() && from.get().onClasspath()) {
      String parent = from.get().source().substring(CLASSPATH.length());
      int slash = parent.lastIndexOf('/');
      return resource(normalize(parent.substring(0, slash + 1) + reference));
    }
    Path dir = from.map(f -> Path.of(f.source()).getParent()).orElse(baseDir);
    Path file = dir.resolve(reference).normalize();
    if (Files.isDirectory(file)) {
      return Optional.empty(); // a folder is no contract: reported as not found, with the name
    }
    try {
      return Optional.of(ContractText.of(file.toString(), display(file), Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Optional<ContractText> resource(String name) throws IOException {
    try (InputStream in = classLoader.getResourceAsStream(name)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(ContractText.of(CLASSPATH + name, name, in.readAllBytes()));
    }
  }

  private String display(Path file) {
    return file.startsWith(baseDir) ? baseDir.relativize(file).toString() : file.toString();
  }

  private static String normalize(String resource) {
    return Path.of("/" + resource).normalize().toString().substring(1).replace('\\', '/');
  }
}
