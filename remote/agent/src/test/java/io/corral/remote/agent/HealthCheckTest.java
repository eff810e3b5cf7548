package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.remote.agent.runtime.LinuxAccounts;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks end to end: a real master, a real agent in this JVM, tasks that are real processes,
 * checked over loopback, and a plain Mesos framework that reads {@code healthy} in its updates.
 */
class HealthCheckTest {
  static final Protos.TaskStatus.Reason HEALTH = Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED;
  @TempDir Path work;
  MasterServer master;
  AgentDaemon agent;

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:4;mem:1024", Map.of(), "health-node", Duration.ofMillis(500)),
        TaskRuntimes.forThisPlatform());
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.drain(Duration.ofSeconds(5));
    }
    if (master != null) {
      master.close();
    }
  }

  /** Checks at once and often, failures ignored for long enough that a starting JVM is not killed. */
  static Protos.HealthCheck.Builder quickCheck(int consecutiveFailures) {
    return Protos.HealthCheck.newBuilder().setDelaySeconds(0).setIntervalSeconds(0.3).setTimeoutSeconds(2)
        .setGracePeriodSeconds(30).setConsecutiveFailures(consecutiveFailures);
  }

  static Protos.TaskInfo checked(String id, Protos.Offer offer, String command, Protos.HealthCheck.Builder check) {
    return TestFramework.task(id, offer, "cpus:0.1;mem:64", command).toBuilder().setHealthCheck(check).build();
  }

  /** The next TASK_RUNNING of {@code taskId} that says {@code healthy}. */
  static Protos.TaskStatus awaitHealth(TestFramework f, String taskId, boolean healthy) throws InterruptedException {
    Protos.TaskStatus s = f.await(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_RUNNING
        && e.getUpdate().getStatus().hasHealthy() && e.getUpdate().getStatus().getHealthy() == healthy,
        "UPDATE " + taskId + " TASK_RUNNING healthy=" + healthy).getUpdate().getStatus();
    assertEquals(HEALTH, s.getReason(), s.toString());
    assertTrue(s.hasUuid(), "a health update is acknowledged like any other");
    return s;
  }

  static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private Path sandbox(TestFramework f, String taskId) {
    return work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue())).resolve(taskId);
  }

  private static long unhealthyUpdates(TestFramework f, String taskId) {
    return f.seen.stream().filter(e -> e.hasUpdate() && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_RUNNING
        && e.getUpdate().getStatus().hasHealthy() && !e.getUpdate().getStatus().getHealthy()).count();
  }

  @Test
  void anHttpCheckReportsHealthEachChangeAndKillsAfterConsecutiveFailures() throws Exception {
    int port = freeLoopbackPort();
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", true).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, checked("web", offer, HealthServer.command(port), quickCheck(3).setIntervalSeconds(0.5)
          .setType(Protos.HealthCheck.Type.HTTP).setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(port)
              .setPath("/health"))));
      Protos.TaskStatus running = f.awaitUpdate("web", Protos.TaskState.TASK_RUNNING);
      assertFalse(running.hasHealthy(), "TASK_RUNNING itself says nothing of health: " + running);

      Protos.TaskStatus healthy = awaitHealth(f, "web", true);
      assertTrue(healthy.getMessage().contains("HTTP 200"), healthy.getMessage());
      Path file = sandbox(f, "web").resolve("healthy");
      Files.delete(file);
      Protos.TaskStatus unhealthy = awaitHealth(f, "web", false);
      assertTrue(unhealthy.getMessage().contains("HTTP 503"), unhealthy.getMessage());
      Files.writeString(file, "again");
      awaitHealth(f, "web", true);
      long before = unhealthyUpdates(f, "web");
      assertTrue(before < 3, "failures then healthy again: nothing killed");

      Files.delete(file);
      Protos.TaskStatus killed = f.awaitUpdate("web", Protos.TaskState.TASK_KILLED);
      assertTrue(killed.hasHealthy() && !killed.getHealthy(), "the end of a task killed for its health: " + killed);
      assertTrue(killed.getMessage().contains("health check failed (3 of 3 failures in a row"), killed.getMessage());
      assertEquals(before + 3, unhealthyUpdates(f, "web"), "each counted failure is reported, as Mesos' executors do");
    }
  }

  @Test
  void aTcpCheckFailsOnceTheTaskStopsListening() throws Exception {
    int port = freeLoopbackPort();
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, checked("tcp", offer, HealthServer.command(port), quickCheck(2)
          .setType(Protos.HealthCheck.Type.TCP).setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(port))));
      Protos.TaskStatus healthy = awaitHealth(f, "tcp", true);
      assertTrue(healthy.getMessage().contains("connected to 127.0.0.1:" + port), healthy.getMessage());
      Files.writeString(sandbox(f, "tcp").resolve("closed"), "");
      Protos.TaskStatus unhealthy = awaitHealth(f, "tcp", false);
      assertTrue(unhealthy.getMessage().contains("127.0.0.1:" + port), unhealthy.getMessage());
      Protos.TaskStatus killed = f.awaitUpdate("tcp", Protos.TaskState.TASK_KILLED);
      assertFalse(killed.getHealthy());
    }
  }

  @Test
  void aCommandCheckRunsInTheSandbox() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, checked("cmd", offer, "echo > marker; exec sleep 1000", quickCheck(2)
          .setType(Protos.HealthCheck.Type.COMMAND).setCommand(Protos.CommandInfo.newBuilder().setValue("test -f marker"))));
      Protos.TaskStatus healthy = awaitHealth(f, "cmd", true);
      assertTrue(healthy.getMessage().contains("command 'test -f marker' exited with 0"), healthy.getMessage());
      Files.delete(sandbox(f, "cmd").resolve("marker"));
      Protos.TaskStatus unhealthy = awaitHealth(f, "cmd", false);
      assertTrue(unhealthy.getMessage().contains("exited with 1"), unhealthy.getMessage());
      Protos.TaskStatus killed = f.awaitUpdate("cmd", Protos.TaskState.TASK_KILLED);
      assertFalse(killed.getHealthy());
    }
  }

  @Test
  void aCommandCheckRunsAsTheTasksUser() throws Exception {
    assumeTrue(LinuxAccounts.effectiveUid() == 0, "switching users needs an agent running as root");
    assumeTrue(LinuxAccounts.lookup("nobody").isPresent(), "this host has no user nobody");
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Protos.TaskInfo task = checked("as-nobody", offer, "exec sleep 1000", quickCheck(2)
          .setType(Protos.HealthCheck.Type.COMMAND).setCommand(Protos.CommandInfo.newBuilder()
              .setValue("[ \"$(id -un)\" = nobody ] && [ \"$USER\" = nobody ] && [ \"$PWD\" = \"$MESOS_SANDBOX\" ]")));
      f.launch(offer, task.toBuilder().setCommand(task.getCommand().toBuilder().setUser("nobody")).build());
      awaitHealth(f, "as-nobody", true);
      DockerTaskTest.kill(f, "as-nobody");
      f.awaitUpdate("as-nobody", Protos.TaskState.TASK_KILLED);
    }
  }

  @Test
  void theMasterRefusesBadHealthChecksNamingTheField() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", true).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Map<String, Protos.HealthCheck.Builder> bad = Map.of(
          "port-zero", quickCheck(3).setType(Protos.HealthCheck.Type.HTTP)
              .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(0)),
          "port-high", quickCheck(3).setType(Protos.HealthCheck.Type.TCP)
              .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(70000)),
          "no-tcp", quickCheck(3).setType(Protos.HealthCheck.Type.TCP),
          "nan", quickCheck(3).setType(Protos.HealthCheck.Type.TCP).setIntervalSeconds(Double.NaN)
              .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(8080)),
          "negative", quickCheck(3).setType(Protos.HealthCheck.Type.TCP).setDelaySeconds(-1)
              .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(8080)),
          "no-command", quickCheck(3).setType(Protos.HealthCheck.Type.COMMAND),
          "no-type", quickCheck(3).setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(8080)));
      Map<String, String> expected = Map.of(
          "port-zero", "health_check.http.port: 0 is not a port (1 to 65535)",
          "port-high", "health_check.tcp.port: 70000 is not a port (1 to 65535)",
          "no-tcp", "health_check.tcp: must be set for a TCP health check",
          "nan", "health_check.interval_seconds: NaN is not a finite number",
          "negative", "health_check.delay_seconds: -1 is below the minimum of 0",
          "no-command", "health_check.command: must be set for a COMMAND health check",
          "no-type", "health_check.type: must be set (COMMAND, HTTP or TCP)");
      f.launch(offer, bad.entrySet().stream().map(e -> checked(e.getKey(), offer, "sleep 1000", e.getValue()))
          .toArray(Protos.TaskInfo[]::new));
      for (Map.Entry<String, String> e : expected.entrySet()) {
        Protos.TaskStatus error = f.awaitUpdate(e.getKey(), Protos.TaskState.TASK_ERROR);
        assertEquals(e.getValue(), error.getMessage());
        assertEquals(Protos.TaskStatus.Reason.REASON_TASK_INVALID, error.getReason());
      }
      assertTrue(agent.tasks().isEmpty(), "nothing reached the agent: " + agent.tasks().keySet());
    }
  }
}
