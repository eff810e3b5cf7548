package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health checks of Docker tasks against the real engine: an HTTP check of a container port reaches
 * the host port it is published on, and a COMMAND check runs inside the container.
 */
class DockerHealthCheckTest {
  @TempDir Path work;
  DockerTestEngine docker;
  MasterServer master;
  AgentDaemon agent;

  @BeforeEach
  void start() throws Exception {
    docker = DockerTestEngine.require();
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), agentDir(), master.bootstrapCredential(),
        "cpus:4;mem:1024", Map.of(), "docker-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform(),
        docker.runtime(agentDir()));
  }

  private Path agentDir() {
    return work.resolve("agent");
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.drain(Duration.ofSeconds(5));
    }
    if (master != null) {
      master.close();
    }
    if (docker != null) {
      docker.removeAll(agentDir());
      docker.close();
    }
  }

  private static int freeOfferedPort(Protos.Offer offer) {
    for (long[] range : ResourceConversion.fromMesos(offer.getResourcesList()).ranges("ports")) {
      for (long p = range[0]; p <= range[1]; p++) {
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress("0.0.0.0", (int) p));
          return (int) p;
        } catch (IOException inUse) {
          // try the next one
        }
      }
    }
    throw new AssertionError("no free port among the offer's ports");
  }

  @Test
  void aMappedContainerPortAndACommandInTheContainerAreChecked() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "health", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      int hostPort = freeOfferedPort(offer);
      Protos.TaskInfo.Builder web = DockerTaskTest.dockerTask("web", offer,
          "cpus:0.2;mem:64;ports:[" + hostPort + "-" + hostPort + "]", "echo ok > page; exec httpd -f -p 8080 -h .",
          Protos.ContainerInfo.DockerInfo.Network.BRIDGE);
      web.getContainerBuilder().getDockerBuilder().addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping
          .newBuilder().setHostPort(hostPort).setContainerPort(8080).setProtocol("tcp"));
      web.setHealthCheck(HealthCheckTest.quickCheck(2).setType(Protos.HealthCheck.Type.HTTP)
          .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/page")));
      Protos.TaskInfo.Builder cmd = DockerTaskTest.dockerTask("cmd", offer, "cpus:0.2;mem:64",
          "echo > marker; exec sleep 1000", Protos.ContainerInfo.DockerInfo.Network.NONE);
      cmd.setHealthCheck(HealthCheckTest.quickCheck(2).setType(Protos.HealthCheck.Type.COMMAND)
          .setCommand(Protos.CommandInfo.newBuilder().setValue("test -f marker && [ \"$CHECKED\" = yes ]")
              .setEnvironment(Protos.Environment.newBuilder().addVariables(Protos.Environment.Variable.newBuilder()
                  .setName("CHECKED").setValue("yes")))));
      f.launch(offer, web.build(), cmd.build());

      Protos.TaskStatus webHealthy = HealthCheckTest.awaitHealth(f, "web", true);
      assertTrue(webHealthy.getMessage().contains("HTTP 200 from http://127.0.0.1:" + hostPort + "/page"),
          webHealthy.getMessage());
      Protos.TaskStatus cmdHealthy = HealthCheckTest.awaitHealth(f, "cmd", true);
      assertTrue(cmdHealthy.getMessage().contains("exited with 0 in the container"), cmdHealthy.getMessage());

      Path sandboxes = agentDir().resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue()));
      Files.delete(sandboxes.resolve("web").resolve("page"));
      Files.delete(sandboxes.resolve("cmd").resolve("marker"));
      Protos.TaskStatus webUnhealthy = HealthCheckTest.awaitHealth(f, "web", false);
      assertTrue(webUnhealthy.getMessage().contains("HTTP 404"), webUnhealthy.getMessage());
      HealthCheckTest.awaitHealth(f, "cmd", false);
      assertFalse(f.awaitUpdate("web", Protos.TaskState.TASK_KILLED).getHealthy());
      assertFalse(f.awaitUpdate("cmd", Protos.TaskState.TASK_KILLED).getHealthy());
    }
  }
}
