package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A new runtime instance stands for the agent after a restart: it knows nothing but the sandbox. */
class TaskRecoveryTest {
  static final String WAIT_FOR_GO = "while [ ! -e go ]; do sleep 0.05; done; exit 7";

  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path dir;

  @Test
  void aRunningTaskIsFoundAgainAndItsExitSeen() throws Exception {
    RunningTask original = tasks.launch(TaskLaunch.shell("waiter", dir, WAIT_FOR_GO));

    RunningTask recovered = TaskFixture.newRuntime().recover("waiter", dir).orElseThrow();
    assertEquals(original.pid(), recovered.pid());
    assertEquals("waiter", recovered.taskId());
    assertFalse(recovered.exit().isDone());

    Files.createFile(dir.resolve("go"));
    assertEquals(ExitStatus.exited(7), exitOf(recovered));
  }

  @Test
  void aTaskThatEndedWhileTheAgentWasDownReportsItsStatus() throws Exception {
    exitOf(tasks.launch(TaskLaunch.shell("quick", dir, "exit 5")));

    RunningTask recovered = TaskFixture.newRuntime().recover("quick", dir).orElseThrow();
    assertTrue(recovered.exit().isDone());
    assertEquals(ExitStatus.exited(5), exitOf(recovered));
  }

  @Test
  void aRecoveredTaskCanBeKilled() throws Exception {
    tasks.launch(TaskLaunch.shell("waiter", dir, WAIT_FOR_GO));
    RunningTask recovered = TaskFixture.newRuntime().recover("waiter", dir).orElseThrow();
    recovered.kill(Duration.ofSeconds(10));
    assertEquals(15, exitOf(recovered).signal());
  }

  @Test
  void aProcessThatReusedThePidIsNotMistakenForTheTask() throws Exception {
    RunningTask original = tasks.launch(TaskLaunch.shell("waiter", dir, WAIT_FOR_GO));
    Path recordFile = dir.resolve(".corral/task.properties");
    SupervisorRecord record = SupervisorRecord.read(recordFile).orElseThrow();
    // The recorded pid now belongs to a process that started at another time.
    record.withStartTicks(record.startTicks() + 1).write(recordFile);

    RunningTask recovered = TaskFixture.newRuntime().recover("waiter", dir).orElseThrow();
    ExitStatus s = exitOf(recovered);
    assertEquals(new ExitStatus(-1, 0, "exit status unknown (" + SupervisedTask.ENDED_WHILE_DOWN + ")"), s);

    recovered.kill(Duration.ZERO);
    assertTrue(ProcStat.isRunning(original.pid(), record.startTicks()), "a stranger is never signalled");
    assertFalse(original.exit().isDone());
  }

  @Test
  void aSandboxWithoutARecordRecoversNothing() throws Exception {
    assertTrue(TaskFixture.newRuntime().recover("never", dir).isEmpty());
    exitOf(tasks.launch(TaskLaunch.shell("mine", dir, "true")));
    assertTrue(TaskFixture.newRuntime().recover("someone-else", dir).isEmpty());
  }

  @Test
  void theRecordSurvivesARoundTrip() throws Exception {
    SupervisorRecord r = new SupervisorRecord("a task=with \\ odd: chars\n", 42, 1234, 42, 1_700_000_000_000L, "/x y");
    Path file = dir.resolve("record");
    r.write(file);
    assertEquals(r, SupervisorRecord.read(file).orElseThrow());
    assertTrue(SupervisorRecord.read(dir.resolve("absent")).isEmpty());
  }
}
