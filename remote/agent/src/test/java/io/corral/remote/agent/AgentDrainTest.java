package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.agent.runtime.Await;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.TestFramework;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drain-style stop of a real agent process: SIGTERM kills every task (with its children),
 * the framework hears TASK_KILLED, and the agent exits only once the master acknowledged them.
 */
class AgentDrainTest {
  @TempDir Path work;

  @Test
  void sigtermWithDrainKillsTheTasksAndWaitsForTheirAcknowledgedEnds() throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = work.resolve("agent.log");
    Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentProcess.class.getName(),
        master.url(), work.resolve("agent").toString(), master.bootstrapCredential(), "drain")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Await.until("the agent process registered", Duration.ofSeconds(30),
        () -> read(log).lines().anyMatch(l -> l.startsWith("agent ")));
    try (TestFramework f = TestFramework.subscribe(URI.create(master.url()), "drained", false).acknowledgingEverything()) {
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("one", offer, "cpus:0.1;mem:32", "echo $$ > pid; exec sleep 1000"),
          TestFramework.task("two", offer, "cpus:0.1;mem:32", "sleep 1000 & echo $! > pid; wait"));
      f.awaitUpdate("one", Protos.TaskState.TASK_RUNNING);
      f.awaitUpdate("two", Protos.TaskState.TASK_RUNNING);
      Path sandboxes = work.resolve("agent").resolve("sandboxes").resolve(TaskStore.safe(f.id().getValue()));
      List<Path> pidFiles = List.of(sandboxes.resolve("one").resolve("pid"), sandboxes.resolve("two").resolve("pid"));
      Await.until("both tasks wrote their pids", Duration.ofSeconds(10),
          () -> pidFiles.stream().allMatch(p -> Files.isRegularFile(p) && readable(p)));
      List<ProcessHandle> processes = pidFiles.stream()
          .map(p -> ProcessHandle.of(Long.parseLong(read(p))).orElseThrow()).toList();

      agent.destroy(); // SIGTERM
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent stopped");
      assertEquals("drained true", read(work.resolve("agent").resolve("drain-result")), "the agent's log: " + read(log));
      f.awaitUpdate("one", Protos.TaskState.TASK_KILLED);
      f.awaitUpdate("two", Protos.TaskState.TASK_KILLED);
      for (ProcessHandle p : processes) {
        assertTrue(Await.gone(p), "process " + p.pid() + " of a drained task is gone");
      }
      try (Stream<Path> done = Files.list(sandboxes)) {
        assertEquals(2, done.filter(s -> Files.exists(s.resolve(".corral").resolve("done"))).count(),
            "both ends were acknowledged before the agent exited");
      }
    } finally {
      agent.toHandle().destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
      master.close();
    }
  }

  private static boolean readable(Path p) {
    return !read(p).isEmpty();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p).trim();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
