package org.ehrcontracts.maven;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Speaks GitHub Actions' workflow-command protocol when the build runs there.
 *
 * <p>Annotations ({@code ::error file=...,line=...::...}) must start a line of the process's
 * standard output, which Maven's log (with its {@code [ERROR]} prefix) cannot do; so this class,
 * and only this one, writes to the standard output descriptor. The job summary is appended to the
 * file GitHub names in {@code GITHUB_STEP_SUMMARY}.
 */
final class GithubActionsOutput {

  private final Map<String, String> environment;
  private final PrintStream out;

  GithubActionsOutput(Map<String, String> environment) {
    this(environment, null);
  }

  /** Output that prints commands to {@code out}, or to the standard output descriptor if null. */
  GithubActionsOutput(Map<String, String> environment, PrintStream out) {
    this.environment = environment;
    this.out = out;
  }

  /** The environment the build runs in. */
  Map<String, String> environment() {
    return environment;
  }

  /** Whether the build runs in GitHub Actions. */
  boolean active() {
    return "true".equals(environment.get("GITHUB_ACTIONS"));
  }

  /** Prints workflow commands at the start of standard-output lines. */
  void annotate(List<String> commands) {
    @SuppressWarnings("resource") // standard output stays open
    PrintStream out =
        this.out != null
            ? this.out
            : new PrintStream(
                new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    for (String command : commands) {
      out.println(command);
    }
    out.flush();
  }

  /** Appends Markdown to the job summary, if GitHub gave a summary file. */
  void summarize(String markdown) throws IOException {
    String file = environment.get("GITHUB_STEP_SUMMARY");
    if (file == null || file.isBlank()) {
      return;
    }
    Files.writeString(
        Path.of(file),
        markdown + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
