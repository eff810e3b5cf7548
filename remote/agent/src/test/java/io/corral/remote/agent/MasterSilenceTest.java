package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.MasterServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master frozen with SIGSTOP: its kernel keeps the agent's connection open and answers keepalive
 * probes, so only the agent's silence watchdog can tell. The agent leaves the connection after
 * two ping intervals (2 s here) and registers again, which the thawed master takes.
 */
class MasterSilenceTest {
  @TempDir Path work;

  private static void signal(String name, Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
  }

  @Test
  void anAgentLeavesAFrozenMastersConnectionAndRegistersAgainWhenItThaws() throws Exception {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "SIGSTOP");
    PingingMasterProcess.Started master = PingingMasterProcess.start(work.resolve("master"), Duration.ofSeconds(1));
    AgentDaemon agent = null;
    try {
      String credential = Files.readString(work.resolve("master").resolve(MasterServer.CREDENTIAL_FILE)).trim();
      agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"), credential,
          "cpus:1;mem:256", Map.of(), "patient-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform());
      AgentDaemon a = agent;
      String id = agent.agentId();
      assertEquals(1, agent.registrations());
      Await.until("the master lists the agent as active", Duration.ofSeconds(10), () -> active(master.url(), id));

      signal("STOP", master.process());
      long frozen = System.nanoTime();
      Await.until("the agent gives up the silent master's connection", Duration.ofSeconds(15), () -> !a.registered());
      Duration noticed = Duration.ofNanos(System.nanoTime() - frozen);
      // The last ping came at most one interval before the freeze, so the 2 s limit ends at least 1 s after it.
      assertTrue(noticed.compareTo(Duration.ofSeconds(1)) >= 0, "left after " + noticed.toMillis() + " ms, not before");

      signal("CONT", master.process());
      Await.until("the agent is registered again", Duration.ofSeconds(30), () -> a.registered() && a.registrations() >= 2);
      assertEquals(id, agent.agentId(), "the same agent, registered again");
      Await.until("the master lists the agent as active again", Duration.ofSeconds(10), () -> active(master.url(), id));
    } finally {
      if (agent != null) {
        agent.close();
      }
      master.process().toHandle().destroyForcibly();
      master.process().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean active(String master, String agentId) {
    try {
      return OperatorApi.active(master, agentId);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
