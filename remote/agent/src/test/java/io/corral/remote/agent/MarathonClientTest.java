package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mesosphere.marathon.client.Marathon;
import mesosphere.marathon.client.MarathonClient;
import mesosphere.marathon.client.MarathonException;
import mesosphere.marathon.client.model.v2.App;
import mesosphere.marathon.client.model.v2.Result;
import mesosphere.marathon.client.model.v2.Task;
import mesosphere.marathon.client.model.v2.VersionedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unmodified third-party Marathon client, {@code com.mesosphere:marathon-client} 0.6.3 from
 * Maven Central (Feign and Gson), drives Corral's {@code /v2} against a real master and agent:
 * create, read, tasks, scale, versions, restart, deployments, delete, server info, and Marathon's
 * errors as its {@link MarathonException}.
 */
class MarathonClientTest {
  private static final Duration STEADY = Duration.ofSeconds(30);
  @TempDir Path work;

  @Test
  void theMarathonJavaClientWorksUnchanged() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:2;mem:1024;ports:[31000-31099]", Map.of(), "node-1", null),
        TaskRuntimes.forThisPlatform());
    MarathonHttp v2 = new MarathonHttp(master.url());
    try {
      Marathon marathon = MarathonClient.getInstance(master.url());
      App app = new App();
      app.setId("/clients/sleeper");
      app.setCmd("sleep 300");
      app.setInstances(2);
      app.setCpus(0.1);
      app.setMem(16.0);
      app.setLabels(Map.of("team", "blue"));
      app.setConstraints(List.of(List.of("hostname", "MAX_PER", "5")));
      VersionedApp created = marathon.createApp(app);
      assertEquals("/clients/sleeper", created.getId());
      assertNotNull(created.getVersion());

      v2.awaitSteady("clients/sleeper", 2, false, STEADY);
      App read = marathon.getApp("/clients/sleeper").getApp();
      assertEquals(2, read.getTasksRunning());
      assertEquals("blue", read.getLabels().get("team"));
      assertEquals(2, read.getTasks().size());
      Task task = read.getTasks().iterator().next();
      assertEquals("node-1", task.getHost());
      assertEquals("/clients/sleeper", task.getAppId());
      assertEquals(2, marathon.getAppTasks("/clients/sleeper").getTasks().size());
      assertTrue(marathon.getApps().getApps().stream().anyMatch(a -> a.getId().equals("/clients/sleeper")));
      assertEquals(2, marathon.getTasks().getTasks().size());

      App scale = new App();
      scale.setInstances(3);
      Result scaled = marathon.updateApp("/clients/sleeper", scale, false);
      assertFalse(scaled.getDeploymentId().isEmpty());
      v2.awaitSteady("clients/sleeper", 3, false, STEADY);
      assertTrue(marathon.getAppVersions("/clients/sleeper").getVersions().size() >= 2);

      Result restarted = marathon.restartApp("/clients/sleeper", false);
      assertNotNull(restarted.getVersion());
      v2.await("/v2/apps/clients/sleeper", n -> n.path("app").path("deployments").isEmpty()
          && n.path("app").path("tasks").findValuesAsText("version").stream()
              .allMatch(restarted.getVersion()::equals) && n.path("app").path("tasksRunning").asInt() == 3,
          STEADY, "every instance restarted at the new version");
      assertTrue(marathon.getDeployments().isEmpty());
      assertNotNull(marathon.getServerInfo());

      MarathonException missing = assertThrows(MarathonException.class, () -> marathon.getApp("/clients/none"));
      assertEquals(404, missing.getStatus());
      App duplicate = new App();
      duplicate.setId("/clients/sleeper");
      duplicate.setCmd("sleep 1");
      assertEquals(409, assertThrows(MarathonException.class, () -> marathon.createApp(duplicate)).getStatus());

      marathon.deleteApp("/clients/sleeper");
      v2.await("/v2/tasks", n -> n.path("tasks").isEmpty(), STEADY, "every instance stopped");
      assertTrue(marathon.getApps().getApps().isEmpty());
    } finally {
      v2.removeAll();
      agent.close();
      master.close();
    }
  }
}
