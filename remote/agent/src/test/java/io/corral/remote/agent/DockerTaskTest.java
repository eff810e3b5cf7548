package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker tasks end to end: a real master, a real agent, a real dockerd, a framework over the scheduler API. */
class DockerTaskTest {
  @TempDir Path work;
  DockerTestEngine docker;
  MasterServer master;
  AgentDaemon agent;

  @BeforeEach
  void start() throws Exception {
    docker = DockerTestEngine.require();
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = startAgent(docker.runtime(agentDir()));
  }

  private Path agentDir() {
    return work.resolve("agent");
  }

  private AgentDaemon startAgent(DockerRuntime runtime) throws Exception {
    return AgentDaemon.start(new AgentConfig(URI.create(master.url()), agentDir(), master.bootstrapCredential(),
        "cpus:4;mem:1024", Map.of(), "docker-node", Duration.ofMillis(500)), TaskRuntimes.forThisPlatform(), runtime);
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

  static Protos.TaskInfo.Builder dockerTask(String id, Protos.Offer offer, String resources, String command,
      Protos.ContainerInfo.DockerInfo.Network network) {
    return TestFramework.task(id, offer, resources, command).toBuilder()
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
            .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage(DockerTestEngine.IMAGE).setNetwork(network)));
  }

  static void kill(TestFramework f, String taskId) throws IOException {
    f.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))).build());
  }

  private Path sandbox(TestFramework f, String taskId) {
    return agentDir().resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue())).resolve(taskId);
  }

  /** A port of the offer that nothing on this (shared) machine listens on now. */
  private static int freeOfferedPort(Protos.Offer offer) throws IOException {
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

  private static String readAll(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(1000);
      try (InputStream in = s.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aContainerGetsItsLimitsAndPortAndIsKilled() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "web", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      assertTrue(offer.getAttributesList().stream().anyMatch(a -> a.getName().equals("docker")
          && a.getText().getValue().equals("true")), "an agent whose engine answers says docker:true " + offer);
      int hostPort = freeOfferedPort(offer);
      Protos.TaskInfo.Builder task = dockerTask("web", offer, "cpus:0.5;mem:64;ports:[" + hostPort + "-" + hostPort + "]",
          "while true; do nc -l -p 8080 -e echo corral-says-hello; done", Protos.ContainerInfo.DockerInfo.Network.BRIDGE);
      task.getContainerBuilder().getDockerBuilder().addPortMappings(Protos.ContainerInfo.DockerInfo.PortMapping.newBuilder()
          .setHostPort(hostPort).setContainerPort(8080).setProtocol("tcp"));
      f.launch(offer, task.build());
      f.awaitUpdate("web", Protos.TaskState.TASK_STARTING);
      Protos.TaskStatus running = f.awaitUpdate("web", Protos.TaskState.TASK_RUNNING);
      assertTrue(running.getMessage().startsWith("container corral-web-"), running.getMessage());

      List<Container> containers = docker.containers(agentDir(), "web");
      assertEquals(1, containers.size(), "one container labelled with the task and this agent");
      InspectContainerResponse inspect = docker.client.inspectContainerCmd(containers.get(0).getId()).exec();
      HostConfig host = inspect.getHostConfig();
      assertEquals(500_000_000L, host.getNanoCPUs());
      assertEquals(64L * 1024 * 1024, host.getMemory());
      assertEquals("bridge", host.getNetworkMode());
      assertEquals(f.id().getValue(), inspect.getConfig().getLabels().get(DockerRuntime.LABEL_FRAMEWORK));

      String[] answer = {""};
      DockerTestEngine.await("the container answers on host port " + hostPort, Duration.ofSeconds(30), () -> {
        answer[0] = readAll(hostPort);
        return !answer[0].isEmpty();
      });
      assertEquals("corral-says-hello\n", answer[0]);

      kill(f, "web");
      Protos.TaskStatus killed = f.awaitUpdate("web", Protos.TaskState.TASK_KILLED);
      assertTrue(killed.getMessage().contains("SIGKILL"), "sh as pid 1 ignores SIGTERM: " + killed.getMessage());
      DockerTestEngine.await("the container is removed", Duration.ofSeconds(30),
          () -> docker.containers(agentDir(), "web").isEmpty());
    }
  }

  @Test
  void exitCodesOutputAndMemoryKillsReachTheFrameworkAndTheSandbox() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "batch", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Protos.TaskInfo.Builder plain = dockerTask("plain", offer, "cpus:0.1;mem:32", "x",
          Protos.ContainerInfo.DockerInfo.Network.NONE);
      plain.setCommand(Protos.CommandInfo.newBuilder().setShell(false).setValue("echo").addArguments("no")
          .addArguments("shell"));
      Protos.TaskInfo.Builder ok = dockerTask("ok", offer, "cpus:0.1;mem:32",
          "echo out $GREETING $MESOS_TASK_ID; echo err >&2; pwd", Protos.ContainerInfo.DockerInfo.Network.NONE);
      ok.setCommand(ok.getCommand().toBuilder().setEnvironment(Protos.Environment.newBuilder()
          .addVariables(Protos.Environment.Variable.newBuilder().setName("GREETING").setValue("hi"))));
      f.launch(offer, ok.build(), plain.build(),
          dockerTask("three", offer, "cpus:0.1;mem:32", "exit 3", Protos.ContainerInfo.DockerInfo.Network.NONE).build(),
          dockerTask("hungry", offer, "cpus:0.1;mem:16", "a=xxxxxxxxxxxxxxxx; while true; do a=$a$a; done",
              Protos.ContainerInfo.DockerInfo.Network.NONE).build());

      Protos.TaskStatus failed = f.awaitUpdate("three", Protos.TaskState.TASK_FAILED);
      assertEquals("exited with code 3", failed.getMessage());
      f.awaitUpdate("ok", Protos.TaskState.TASK_FINISHED);
      assertEquals("out hi ok\n/mnt/mesos/sandbox\n", Files.readString(sandbox(f, "ok").resolve("stdout")));
      assertEquals("err\n", Files.readString(sandbox(f, "ok").resolve("stderr")));
      f.awaitUpdate("plain", Protos.TaskState.TASK_FINISHED);
      assertEquals("no shell\n", Files.readString(sandbox(f, "plain").resolve("stdout")));
      Protos.TaskStatus oom = f.awaitUpdate("hungry", Protos.TaskState.TASK_FAILED);
      assertEquals("Memory limit exceeded: the kernel's OOM killer ended the container (out of the task's memory"
          + " limit) (killed by signal 9 (SIGKILL))", oom.getMessage());
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY, oom.getReason());
    }
  }

  @Test
  void aMissingImageFailsTheTaskWithAReadableMessage() throws Exception {
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "hopeful", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Protos.TaskInfo.Builder task = dockerTask("nowhere", offer, "cpus:0.1;mem:32", "true",
          Protos.ContainerInfo.DockerInfo.Network.NONE);
      task.getContainerBuilder().getDockerBuilder().setImage("corral-test/no-such-image:1");
      f.launch(offer, task.build());
      Protos.TaskStatus failed = f.awaitUpdate("nowhere", Protos.TaskState.TASK_FAILED);
      assertTrue(failed.getMessage().startsWith("could not launch: image 'corral-test/no-such-image:1' is not on this"
          + " agent and cannot be pulled: "), failed.getMessage());
      assertTrue(docker.containers(agentDir(), "nowhere").isEmpty(), "no container left");
    }
  }

  @Test
  void aContainerRunsAsTheTasksUserAndAUserTheImageLacksFailsTheTask() throws Exception {
    // The test image has no /etc/passwd: a numeric user is one Docker takes without it, a name is not.
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "users", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      Protos.TaskInfo.Builder other = dockerTask("other", offer, "cpus:0.1;mem:32", "id -u; id -g",
          Protos.ContainerInfo.DockerInfo.Network.NONE);
      other.getCommandBuilder().setUser("65534:65534");
      Protos.TaskInfo.Builder own = dockerTask("own", offer, "cpus:0.1;mem:32", "id -u",
          Protos.ContainerInfo.DockerInfo.Network.NONE);
      Protos.TaskInfo.Builder ghost = dockerTask("ghost", offer, "cpus:0.1;mem:32", "true",
          Protos.ContainerInfo.DockerInfo.Network.NONE);
      ghost.getCommandBuilder().setUser("no-such-user-7f3a");
      f.launch(offer, other.build(), own.build(), ghost.build());
      f.awaitUpdate("other", Protos.TaskState.TASK_FINISHED);
      f.awaitUpdate("own", Protos.TaskState.TASK_FINISHED);
      assertEquals("65534\n65534\n", Files.readString(sandbox(f, "other").resolve("stdout")));
      assertEquals("0\n", Files.readString(sandbox(f, "own").resolve("stdout")),
          "the framework's user is the agent's (root): the image's own user, root here");
      Protos.TaskStatus failed = f.awaitUpdate("ghost", Protos.TaskState.TASK_FAILED);
      assertTrue(failed.getMessage().startsWith("could not launch: ")
          && failed.getMessage().contains("unable to find user no-such-user-7f3a"), failed.getMessage());
      assertEquals(Protos.TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, failed.getReason());
    }
  }

  @Test
  void anAgentWhoseEngineDoesNotAnswerFailsDockerTasksWithTheReason() throws Exception {
    agent.close();
    Path socket = work.resolve("no-engine.sock");
    agent = startAgent(DockerRuntime.on(io.corral.remote.agent.runtime.docker.DockerEngine.at("unix://" + socket),
        agentDir()));
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "unlucky", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      assertTrue(offer.getAttributesList().stream().anyMatch(a -> a.getName().equals("docker")
          && a.getText().getValue().equals("false")), "an agent whose engine is silent says docker:false " + offer);
      f.launch(offer, dockerTask("engineless", offer, "cpus:0.1;mem:32", "true",
          Protos.ContainerInfo.DockerInfo.Network.NONE).build());
      Protos.TaskStatus failed = f.awaitUpdate("engineless", Protos.TaskState.TASK_FAILED);
      assertTrue(failed.getMessage().contains("on the Docker engine at unix://" + socket), failed.getMessage());
    }
  }

  @Test
  void anAgentWithoutADockerRuntimeFailsDockerTasks() throws Exception {
    agent.close();
    agent = startAgent(null);
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "misplaced", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, dockerTask("nodocker", offer, "cpus:0.1;mem:32", "true",
          Protos.ContainerInfo.DockerInfo.Network.NONE).build());
      Protos.TaskStatus failed = f.awaitUpdate("nodocker", Protos.TaskState.TASK_FAILED);
      assertEquals("could not launch: this agent runs no Docker tasks: it was started without a Docker engine",
          failed.getMessage());
    }
  }

  @Test
  void aContainerOfAFrameworkTheMasterNoLongerKnowsIsKilledAndRemoved() throws Exception {
    agent.close();
    master.close();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", port)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    master = MasterServer.start(config);
    agent = startAgent(docker.runtime(agentDir()));
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "forgotten", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, dockerTask("left", offer, "cpus:0.1;mem:32", "sleep 1000",
          Protos.ContainerInfo.DockerInfo.Network.NONE).build());
      f.awaitUpdate("left", Protos.TaskState.TASK_RUNNING);
    }
    agent.close();
    master.close();
    assertEquals(1, docker.containers(agentDir(), "left").size(), "the container outlives the agent");
    master = MasterServer.start(config);
    agent = startAgent(docker.runtime(agentDir()));
    DockerTestEngine.await("the master's KILL removed the container", Duration.ofSeconds(30),
        () -> docker.containers(agentDir(), "left").isEmpty());
    // The end of the killed task may wait for a status update retry (10 s, then 20 s more) on a busy machine.
    DockerTestEngine.await("the agent holds no task", Duration.ofSeconds(60), () -> agent.tasks().isEmpty());
  }
}
