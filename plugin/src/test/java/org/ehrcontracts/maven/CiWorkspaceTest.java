package org.ehrcontracts.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checkout each CI server names, and only under that server. */
class CiWorkspaceTest {

  @Test
  void eachServerNamesItsCheckout() {
    assertEquals(
        Optional.of(Path.of("/home/runner/work/site/site")),
        CiWorkspace.of(
            Map.of("GITHUB_ACTIONS", "true", "GITHUB_WORKSPACE", "/home/runner/work/site/site")));
    assertEquals(
        Optional.of(Path.of("/builds/hpo/site")),
        CiWorkspace.of(Map.of("GITLAB_CI", "true", "CI_PROJECT_DIR", "/builds/hpo/site")));
    assertEquals(
        Optional.of(Path.of("/var/jenkins_home/workspace/site")),
        CiWorkspace.of(
            Map.of(
                "JENKINS_URL",
                "https://jenkins.example/",
                "WORKSPACE",
                "/var/jenkins_home/workspace/site")));
  }

  @Test
  void aVariableCountsOnlyUnderItsServer() {
    assertEquals(Optional.empty(), CiWorkspace.of(Map.of("WORKSPACE", "/home/me/site")));
    assertEquals(Optional.empty(), CiWorkspace.of(Map.of("CI_PROJECT_DIR", "/builds/hpo/site")));
    assertEquals(Optional.empty(), CiWorkspace.of(Map.of("GITHUB_WORKSPACE", "/w")));
    assertEquals(
        Optional.empty(), CiWorkspace.of(Map.of("GITLAB_CI", "true", "CI_PROJECT_DIR", " ")));
    // GitHub's runner image may carry a Jenkins variable; the server the build runs on wins.
    assertEquals(
        Optional.of(Path.of("/w")),
        CiWorkspace.of(
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_WORKSPACE", "/w",
                "JENKINS_URL", "https://jenkins.example/",
                "WORKSPACE", "/j")));
  }
}
