package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad Docker options are usage errors with one clear line, before anything starts. */
class DockerOptionsTest {
  @TempDir Path dir;

  @Test
  void aDockerHostThatIsNotAUriIsAUsageError() throws Exception {
    Path credential = Files.writeString(dir.resolve("credential"), "id.secret\n");
    CommandRun run = CommandRun.corral("agent", "--master", "http://127.0.0.1:1", "--credential-file",
        credential.toString(), "--work-dir", dir.resolve("agent").toString(), "--docker-host", "/var/run/docker.sock");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: --docker-host: the Docker host '/var/run/docker.sock' must start with"
        + " unix://, npipe:// or tcp://"), run.err());
    assertTrue(Files.notExists(dir.resolve("agent")), "nothing started");
  }

  @Test
  void benchDockerChecksItsOptions() {
    CommandRun network = CommandRun.corral("bench", "docker", "--network", "overlay");
    assertEquals(ExitCodes.USAGE, network.exitCode());
    assertTrue(network.err().startsWith("error: --network must be bridge, host or none, not 'overlay'"), network.err());
    CommandRun runs = CommandRun.corral("bench", "docker", "--runs", "0");
    assertEquals(ExitCodes.USAGE, runs.exitCode());
    assertTrue(runs.err().startsWith("error: --runs must be at least 1"), runs.err());
  }
}
