package io.corral.shell.cmd;

import static io.corral.shell.ShellRun.corral;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master that is not there, or that goes away while a command uses it: exit 4 and one clear line. */
class MasterGoneTest {
  @TempDir Path dir;

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachableMasterIsExit4WithTheReason() throws Exception {
    String url = "http://127.0.0.1:" + closedPort();
    ShellSession previous = ShellSession.install(new ShellSession(Map.of("CORRAL_HOME", dir.toString())));
    try {
      for (String[] args : new String[][] {{"status", "--master", url}, {"agents", "-o", "json", "--master", url},
          {"run", "--master", url, "--", "true"}, {"kill", "--master", url, "x"}, {"offers", "--master", url},
          {"version", "--master", url}, {"explain", "--cpus", "1", "--master", url}, {"logs", "--master", url, "some-task"},
          {"quota", "set", "--master", url, "dev", "cpus:1"}, {"agents", "drain", "--master", url, "a-1"}}) {
        ShellRun r = corral(args);
        assertEquals(ExitCodes.MASTER_UNREACHABLE, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
        assertEquals("error: cannot reach the master at " + url + ": connection refused", r.err().strip(), String.join(" ", args));
      }
      ShellSession.install(new ShellSession(Map.of("CORRAL_MASTER", url, "CORRAL_HOME", dir.toString())));
      ShellSession.current().liveValues().invalidate();
      assertEquals(java.util.List.of(), ShellSession.current().liveValues().agentIds(), "never throws when the master is down");
      assertEquals(java.util.List.of(), ShellSession.current().liveValues().taskNames());
      ShellRun fromEnv = corral("tasks");
      assertEquals(ExitCodes.MASTER_UNREACHABLE, fromEnv.exitCode(), fromEnv::toString);
      ShellRun verbose = corral("tasks", "--verbose");
      assertTrue(verbose.err().contains("java.net.ConnectException"), "--verbose shows the stack trace");
    } finally {
      ShellSession.install(previous);
    }
  }

  @Test
  void aMasterThatDiesDuringRunWaitIsExit4() throws Exception {
    TestCluster cluster = new TestCluster(dir, Map.of("node-a", Map.of()));
    try {
      CompletableFuture<ShellRun> run = CompletableFuture.supplyAsync(() -> corral("run", "--name", "doomed", "--wait", "--", "sleep 5"));
      TestCluster.await(() -> cluster.view().liveTasks().stream()
          .anyMatch(t -> t.getName().equals("doomed") && t.getState() == Protos.TaskState.TASK_RUNNING), "the task running");
      String url = cluster.master.url();
      cluster.master.close();
      ShellRun r = run.get(20, TimeUnit.SECONDS);
      assertEquals(ExitCodes.MASTER_UNREACHABLE, r.exitCode(), r::toString);
      assertEquals(1, r.outLines().size(), "the task id was printed first: " + r);
      assertTrue(r.err().strip().endsWith("error: lost the master at " + url + ": the master closed the connection"),
          r::toString);
    } finally {
      cluster.close();
    }
  }
}
