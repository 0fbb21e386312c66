package org.ehrcontracts.maven;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's checkout as the CI server running the build names it, which reports name files
 * from: {@code GITHUB_WORKSPACE} under GitHub Actions ({@code GITHUB_ACTIONS=true}), {@code
 * CI_PROJECT_DIR} under GitLab CI ({@code GITLAB_CI=true}), {@code WORKSPACE} under Jenkins ({@code
 * JENKINS_URL} set). Each server's variable counts only under that server: a {@code WORKSPACE} left
 * in a developer's shell must not move a local build's paths.
 */
final class CiWorkspace {

  private CiWorkspace() {}

  /** The checkout, if the build runs on one of these servers and it names one. */
  static Optional<Path> of(Map<String, String> environment) {
    if ("true".equals(environment.get("GITHUB_ACTIONS"))) {
      return path(environment.get("GITHUB_WORKSPACE"));
    }
    if ("true".equals(environment.get("GITLAB_CI"))) {
      return path(environment.get("CI_PROJECT_DIR"));
    }
    String jenkins = environment.get("JENKINS_URL");
    if (jenkins != null && !jenkins.isBlank()) {
      return path(environment.get("WORKSPACE"));
    }
    return Optional.empty();
  }

  private static Optional<Path> path(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
