package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.MesosJson;
import io.corral.remote.master.sim.SimulatedAgent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a master process: everything it had committed is back after a restart, nothing doubled. */
class MasterRestartTest {
  @TempDir Path stateDir;

  private Process startMaster(int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MasterProcess.class.getName(),
        stateDir.toString(), Integer.toString(port)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith("listening ")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    p.destroyForcibly();
    throw new AssertionError("master process did not start; last line: " + line);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Response.GetState state(HttpClient http, URI master) throws Exception {
    Call call = Call.newBuilder().setType(Call.Type.GET_STATE).build();
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(master.resolve("/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call))).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return MesosJson.parse(r.body(), Response.newBuilder()).build().getGetState();
  }

  @Test
  void killNineAndRestartKeepsAgentsFrameworksAndTasks() throws Exception {
    int port = freePort();
    URI uri = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    Process master = startMaster(port);
    String credential = Files.readString(stateDir.resolve(MasterServer.CREDENTIAL_FILE)).trim();
    SimulatedAgent agent = SimulatedAgent.start(uri, credential, "node-a", "cpus:8;mem:4096", Map.of("rack", "r1"),
        SimulatedAgent.Mode.RUN_UNTIL_KILLED);
    Protos.FrameworkID frameworkId;
    try (TestFramework f = TestFramework.subscribe(uri, "survivor", false)) {
      frameworkId = f.id();
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("a", offer, "cpus:1;mem:64", "sleep 1000"),
          TestFramework.task("b", offer, "cpus:1;mem:64", "sleep 1000"));
      f.acknowledge(f.awaitUpdate("a", Protos.TaskState.TASK_RUNNING));
      f.acknowledge(f.awaitUpdate("b", Protos.TaskState.TASK_RUNNING));
    }
    assertEquals(2, state(http, uri).getGetTasks().getTasksCount());

    master.toHandle().destroyForcibly();
    master.waitFor(10, TimeUnit.SECONDS);
    agent.disconnect();
    master = startMaster(port);
    try {
      Response.GetState after = state(http, uri);
      assertEquals(List.of("a", "b"), after.getGetTasks().getTasksList().stream().map(t -> t.getTaskId().getValue())
          .sorted().toList());
      assertTrue(after.getGetTasks().getTasksList().stream().allMatch(t -> t.getState() == Protos.TaskState.TASK_RUNNING));
      assertEquals(1, after.getGetFrameworks().getFrameworksCount());
      assertEquals(frameworkId, after.getGetFrameworks().getFrameworks(0).getFrameworkInfo().getId());
      assertEquals(1, after.getGetAgents().getAgentsCount() + after.getGetAgents().getRecoveredAgentsCount());

      agent.register();
      Protos.FrameworkInfo info = TestFramework.info("survivor").setId(frameworkId).build();
      try (TestFramework again = TestFramework.subscribe(uri, info, true)) {
        assertEquals(frameworkId, again.id());
        again.call(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
            .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.RECONCILE)
            .setReconcile(org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.newBuilder()).build());
        again.awaitUpdate("a", Protos.TaskState.TASK_RUNNING);
        again.awaitUpdate("b", Protos.TaskState.TASK_RUNNING);
        Protos.Offer offer = again.awaitOffer();
        assertEquals("cpus:6;mem:3968", io.corral.remote.api.convert.ResourceConversion.fromMesos(
            offer.getResourcesList()).format(), "the running tasks' resources are still in use, not offered twice");
      }
      Response.GetState last = state(http, uri);
      assertEquals(2, last.getGetTasks().getTasksCount(), "no task lost or duplicated");
      assertEquals(1, last.getGetAgents().getAgentsCount());
    } finally {
      agent.close();
      master.toHandle().destroyForcibly();
      master.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
