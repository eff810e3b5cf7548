package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static io.corral.remote.agent.runtime.TaskFixture.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LinuxProcessRuntimeTest {
  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path dir;

  @Test
  void trueExitsZero() throws Exception {
    ExitStatus s = exitOf(tasks.shell(dir, "true"));
    assertTrue(s.success());
    assertEquals(new ExitStatus(0, 0, "exited with code 0"), s);
  }

  @Test
  void theExitCodeIsReported() throws Exception {
    ExitStatus s = exitOf(tasks.shell(dir, "exit 3"));
    assertFalse(s.success());
    assertEquals(new ExitStatus(3, 0, "exited with code 3"), s);
    assertEquals("3", read(dir.resolve(".corral/exit_status")).trim());
  }

  @Test
  void outputIsAppendedToTheSandboxFiles() throws Exception {
    Path sandbox = dir.resolve("not/yet/there");
    Files.createDirectories(sandbox);
    Files.writeString(sandbox.resolve("stdout"), "earlier\n");
    assertTrue(exitOf(tasks.shell(sandbox, "echo out; echo err >&2")).success());
    assertEquals("earlier\nout\n", read(sandbox.resolve("stdout")));
    assertEquals("err\n", read(sandbox.resolve("stderr")));
  }

  @Test
  void theSandboxIsCreatedAndIsTheWorkingDirectory() throws Exception {
    Path sandbox = dir.resolve("a/b/c");
    assertTrue(exitOf(tasks.shell(sandbox, "pwd")).success());
    assertEquals(sandbox.toString(), read(sandbox.resolve("stdout")).trim());
  }

  @Test
  void aGivenWorkingDirectoryIsUsed() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    Path sandbox = dir.resolve("sandbox");
    assertTrue(exitOf(tasks.launch(TaskLaunch.shell("t", sandbox, "pwd").withWorkingDirectory(work))).success());
    assertEquals(work.toString(), read(sandbox.resolve("stdout")).trim());
  }

  @Test
  void theTaskGetsACleanEnvironmentWithItsVariablesAndTheSandbox() throws Exception {
    LinuxProcessRuntime runtime = TaskFixture.newRuntime(
        Map.of("PATH", System.getenv("PATH"), "HOME", "/home/agent", "AGENT_SECRET", "s3cr3t"));
    TaskLaunch launch = TaskLaunch.shell("web.1", dir, "printf '%s|%s|%s|%s|%s\\n' \"$GREETING\" \"$HOME\" "
        + "\"$MESOS_SANDBOX\" \"$CORRAL_SANDBOX\" \"$MESOS_TASK_ID\"; env")
        .withEnvironment(Map.of("GREETING", "hello world", "MESOS_SANDBOX", "/not/the/sandbox"));
    assertTrue(exitOf(tasks.launch(runtime, launch)).success());
    List<String> lines = read(dir.resolve("stdout")).lines().toList();
    assertEquals("hello world|/home/agent|" + dir + "|" + dir + "|web.1", lines.get(0));
    Set<String> names = lines.stream().skip(1).map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toCollection(TreeSet::new));
    names.removeAll(Set.of("PWD", "OLDPWD", "SHLVL", "_"));
    assertEquals(new TreeSet<>(Set.of("PATH", "HOME", "GREETING", "MESOS_SANDBOX", "CORRAL_SANDBOX", "MESOS_TASK_ID")), names);
  }

  @Test
  void anArgvRunsWithoutAShell() throws Exception {
    assertTrue(exitOf(tasks.launch(TaskLaunch.command("t", dir, List.of("printf", "%s|", "a b", "$HOME")))).success());
    assertEquals("a b|$HOME|", read(dir.resolve("stdout")));
  }

  @Test
  void aCommandThatIsNotFoundEndsWith127() throws Exception {
    ExitStatus shell = exitOf(tasks.shell(dir.resolve("shell"), "no-such-command-anywhere"));
    assertEquals(new ExitStatus(127, 0, "exited with code 127 (command not found)"), shell);
    assertTrue(read(dir.resolve("shell/stderr")).contains("not found"));
    // Not even a shell builtin: "exit 3" is a program name here, not the supervisor's own exit.
    ExitStatus argv = exitOf(tasks.launch(TaskLaunch.command("t", dir.resolve("argv"), List.of("exit", "3"))));
    assertEquals(127, argv.exitCode());
  }

  @Test
  void aTaskKilledByASignalReportsTheSignal() throws Exception {
    ExitStatus s = exitOf(tasks.shell(dir, "kill -USR1 $$"));
    assertEquals(new ExitStatus(-1, 10, "killed by signal 10 (SIGUSR1)"), s);
  }

  @Test
  void unusableDirectoriesAreLaunchErrors() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "in the way");
    LaunchException sandbox = assertThrows(LaunchException.class, () -> tasks.shell(file.resolve("sandbox"), "true"));
    assertTrue(sandbox.getMessage().contains("cannot create the sandbox"), sandbox.getMessage());
    LaunchException work = assertThrows(LaunchException.class,
        () -> tasks.launch(TaskLaunch.shell("t", dir, "true").withWorkingDirectory(dir.resolve("missing"))));
    assertTrue(work.getMessage().contains("does not exist"), work.getMessage());
  }

  @Test
  void aRelaunchIntoAUsedSandboxDoesNotReportThePreviousStatus() throws Exception {
    assertEquals(4, exitOf(tasks.shell(dir, "exit 4")).exitCode());
    RunningTask second = tasks.shell(dir, "sleep 1000");
    assertFalse(second.exit().isDone());
    assertFalse(Files.exists(dir.resolve(".corral/exit_status")));
    second.kill(java.time.Duration.ZERO);
    assertEquals(9, exitOf(second).signal());
  }

  @Test
  void theSupervisorIsInItsOwnSessionAndRecordedInTheSandbox() throws Exception {
    RunningTask task = tasks.shell(dir, "echo ready; sleep 1000");
    TaskFixture.awaitOutput(dir, "ready");
    ProcStat stat = ProcStat.of(task.pid()).orElseThrow();
    SupervisorRecord record = SupervisorRecord.read(dir.resolve(".corral/task.properties")).orElseThrow();
    assertEquals(task.pid(), record.pid());
    assertEquals(stat.startTicks(), record.startTicks());
    assertEquals(task.pid(), stat.session());
    assertEquals(task.pid(), stat.processGroup());
    assertEquals(task.pid(), record.processGroup());
    assertTrue(Arrays.asList(ProcessHandle.of(task.pid()).orElseThrow().info().arguments().orElseThrow())
        .contains(SupervisorCommand.NAME));
  }
}
