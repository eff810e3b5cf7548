package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.TIMEOUT;
import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real thing: the agent's JVM dies of SIGKILL, the task lives on, a new agent sees its exit. */
class AgentKillTest {
  @TempDir
  Path dir;

  private Process agent;
  private RunningTask recovered;

  @Test
  void aTaskOutlivesTheAgentsSigkillAndANewAgentSeesItsExit() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    agent = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        AgentStandIn.class.getName(), dir.toString(), "survivor", TaskRecoveryTest.WAIT_FOR_GO)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long pid = Long.parseLong(line.substring("pid ".length()));

    agent.destroyForcibly();  // SIGKILL
    agent.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(137, agent.exitValue());

    recovered = TaskFixture.newRuntime().recover("survivor", dir).orElseThrow();
    assertEquals(pid, recovered.pid());
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the task outlived the agent");
    Files.createFile(dir.resolve("go"));
    assertEquals(ExitStatus.exited(7), exitOf(recovered));
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (agent != null) {
      agent.destroyForcibly();
    }
    if (recovered != null) {
      recovered.kill(Duration.ZERO);
      exitOf(recovered);
    }
  }
}
