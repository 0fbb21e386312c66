package org.ehrcontracts.engine.deid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A second JVM on the test class path, for tests that need another process: locks, kills. */
public final class ChildJvm {

  private ChildJvm() {}

  /** A process builder that runs {@code main}'s {@code main} method with {@code args}. */
  static ProcessBuilder of(Class<?> main, String... args) {
    return new ProcessBuilder(command(main, args));
  }

  /** The command line of {@link #of}: java, the class path, {@code main}, {@code args}. */
  public static List<String> command(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
