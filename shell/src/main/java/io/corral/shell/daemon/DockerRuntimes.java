package io.corral.shell.daemon;

import io.corral.core.model.OsFamily;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.agent.windows.DockerEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The Docker runtime of an agent started from the command line: {@code --docker-host}, else
 * {@code DOCKER_HOST}, else the platform's default endpoint. Whether an engine answers there is
 * said on stderr at start; Docker tasks fail with the engine's reason while none does.
 */
final class DockerRuntimes {
  private DockerRuntimes() {}

  /** The engine's client (nothing sent yet); a malformed URI is a usage error. */
  static DockerEngine engine(String option, CommandSpec spec) {
    try {
      return engine(option);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (option != null ? "--docker-host: " : "DOCKER_HOST: ")
          + e.getMessage());
    }
  }

  /** The engine at {@code option}, else $DOCKER_HOST, else the platform's default; malformed: IllegalArgumentException. */
  static DockerEngine engine(String option) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    String given = option != null ? option : System.getenv("DOCKER_HOST");
    return DockerEngine.at(DockerEndpoints.host(windows ? OsFamily.WINDOWS : OsFamily.LINUX, given));
  }

  /** Says whether the engine answers, and gives the agent its runtime either way. */
  static DockerRuntime forAgent(DockerEngine engine, Path workDir) {
    Optional<String> version = engine.probe(Duration.ofSeconds(5));
    System.err.println(version.map(v -> "corral agent: Docker engine " + v + " at " + engine.host())
        .orElse("corral agent: no Docker engine answers at " + engine.host() + "; Docker tasks fail until one does"));
    return DockerRuntime.on(engine, workDir);
  }
}
