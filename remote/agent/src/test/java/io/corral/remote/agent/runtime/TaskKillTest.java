package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.TIMEOUT;
import static io.corral.remote.agent.runtime.TaskFixture.awaitOutput;
import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static io.corral.remote.agent.runtime.TaskFixture.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TaskKillTest {
  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path dir;

  @Test
  void aKillReachesTheWholeProcessTree() throws Exception {
    RunningTask task = tasks.shell(dir, "sleep 1000 & sleep 1000; ");
    ProcessHandle supervisor = ProcessHandle.of(task.pid()).orElseThrow();
    Await.until("both sleeps run", TIMEOUT, () -> sleeps(supervisor).size() == 2);
    List<ProcessHandle> tree = supervisor.descendants().toList();

    task.kill(Duration.ofSeconds(10));

    ExitStatus s = exitOf(task);
    assertEquals(15, s.signal(), s.message());
    Await.until("every process of the task is gone", TIMEOUT,
        () -> Await.gone(supervisor) && tree.stream().allMatch(Await::gone));
  }

  @Test
  void withoutSetsidAKillStillReachesTheDescendants() throws Exception {
    LinuxProcessRuntime noSetsid = new LinuxProcessRuntime(SharedTimer.INSTANCE,
        io.corral.remote.agent.isolation.Isolator.none(), Optional.empty(), System.getenv());
    RunningTask task = tasks.launch(noSetsid, TaskLaunch.shell("t", dir, "sleep 1000 & sleep 1000; "));
    ProcessHandle supervisor = ProcessHandle.of(task.pid()).orElseThrow();
    Await.until("both sleeps run", TIMEOUT, () -> sleeps(supervisor).size() == 2);
    assertEquals(ProcStat.of(ProcessHandle.current().pid()).orElseThrow().session(),
        ProcStat.of(task.pid()).orElseThrow().session(), "the agent's session");
    List<ProcessHandle> tree = supervisor.descendants().toList();

    task.kill(Duration.ofSeconds(10));

    assertEquals(15, exitOf(task).signal());
    Await.until("every process of the task is gone", TIMEOUT, () -> tree.stream().allMatch(Await::gone));
  }

  @Test
  void aTaskThatHandlesTermEndsOnItsOwnTerms() throws Exception {
    RunningTask task = tasks.shell(dir, "trap 'echo bye; exit 3' TERM; echo ready; while true; do sleep 0.1; done");
    awaitOutput(dir, "ready");

    task.kill(Duration.ofSeconds(10));

    assertEquals(ExitStatus.exited(3), exitOf(task));
    assertTrue(read(dir.resolve("stdout")).contains("bye"));
  }

  @Test
  void aTaskThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
    RunningTask task = tasks.shell(dir, "trap '' TERM; echo ready; while true; do sleep 0.1; done");
    awaitOutput(dir, "ready");
    ProcessHandle supervisor = ProcessHandle.of(task.pid()).orElseThrow();
    List<ProcessHandle> tree = supervisor.descendants().toList();

    task.kill(Duration.ofMillis(300));

    assertEquals(new ExitStatus(-1, 9, "killed by signal 9 (SIGKILL)"), exitOf(task));
    assertEquals("137", read(dir.resolve(".corral/exit_status")).trim(), "recorded for a later agent");
    Await.until("every process of the task is gone", TIMEOUT,
        () -> Await.gone(supervisor) && tree.stream().allMatch(Await::gone));
  }

  @Test
  void aKillWithoutGraceIsImmediate() throws Exception {
    RunningTask task = tasks.shell(dir, "trap '' TERM; sleep 1000");
    task.kill(Duration.ZERO);
    assertEquals(9, exitOf(task).signal());
  }

  @Test
  void processesLeftBehindEndWithTheTask() throws Exception {
    RunningTask task = tasks.shell(dir, "sleep 1000 & echo $! > bg.pid");
    assertTrue(exitOf(task).success());
    ProcessHandle background = ProcessHandle.of(Long.parseLong(read(dir.resolve("bg.pid")).trim())).orElse(null);
    if (background != null) {
      Await.until("the background sleep is gone", TIMEOUT, () -> Await.gone(background));
    }
  }

  @Test
  void killingAnEndedTaskChangesNothing() throws Exception {
    RunningTask task = tasks.shell(dir, "exit 2");
    ExitStatus before = exitOf(task);
    task.kill(Duration.ZERO);
    assertEquals(before, exitOf(task));
    assertFalse(read(dir.resolve(".corral/exit_status")).isEmpty());
  }

  private static List<ProcessHandle> sleeps(ProcessHandle supervisor) {
    return supervisor.descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
        .toList();
  }
}
