package io.corral.remote.agent.runtime;

import static io.corral.remote.agent.runtime.TaskFixture.exitOf;
import static io.corral.remote.agent.runtime.TaskFixture.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a task brings reaches it literally: the supervisor's script never parses it. */
class SupervisorQuotingTest {
  static final String NASTY = "it's \"$HOME\" `touch pwned` $(touch pwned) \\n\nsecond line; exit 9 # 'end";

  @RegisterExtension
  final TaskFixture tasks = new TaskFixture();

  @TempDir
  Path dir;

  @Test
  void theScriptIsAConstantAndTheCommandOneArgument() {
    SandboxFiles files = new SandboxFiles(dir);
    List<String> shell = SupervisorCommand.argv(Optional.empty(), TaskLaunch.shell("t", dir, NASTY), files, Optional.empty());
    assertEquals(List.of(SupervisorCommand.SHELL, "-c", SupervisorCommand.SCRIPT, SupervisorCommand.NAME,
        files.stdout().toString(), files.stderr().toString(), files.exitStatus().toString(), "", "shell", NASTY), shell);
    List<String> argv = SupervisorCommand.argv(Optional.of(Path.of("/usr/bin/setsid")),
        TaskLaunch.command("t", dir, List.of("printf", NASTY)), files, Optional.of(Path.of("/cg/cgroup.procs")));
    assertEquals(List.of("/usr/bin/setsid", SupervisorCommand.SHELL, "-c", SupervisorCommand.SCRIPT),
        argv.subList(0, 4));
    assertEquals(List.of("/cg/cgroup.procs", "exec", "printf", NASTY), argv.subList(argv.size() - 4, argv.size()));
  }

  @Test
  void anArgumentIsPassedLiterally() throws Exception {
    assertTrue(exitOf(tasks.launch(TaskLaunch.command("t", dir, List.of("printf", "%s", NASTY)))).success());
    assertEquals(NASTY, read(dir.resolve("stdout")));
    assertFalse(dir.resolve("pwned").toFile().exists());
  }

  @Test
  void anEnvironmentValueIsPassedLiterally() throws Exception {
    TaskLaunch launch = TaskLaunch.shell("t", dir, "printf '%s' \"$NASTY\"").withEnvironment(Map.of("NASTY", NASTY));
    assertTrue(exitOf(tasks.launch(launch)).success());
    assertEquals(NASTY, read(dir.resolve("stdout")));
  }

  @Test
  void aShellCommandIsInterpretedOnlyByItsOwnShell() throws Exception {
    String command = "printf '%s|' \"it's\" '$HOME `x`' \"a\nb\"; printf '%s' \"$0\"";
    assertTrue(exitOf(tasks.shell(dir, command)).success());
    assertEquals("it's|$HOME `x`|a\nb|/bin/sh", read(dir.resolve("stdout")));
  }

  @Test
  void oddSandboxPathsAndTaskIdsWork() throws Exception {
    Path sandbox = dir.resolve("it's \"odd\" $HOME `x` ; dir\nwith a newline");
    TaskLaunch launch = TaskLaunch.shell("task 'one' $x", sandbox, "echo out; echo \"$MESOS_TASK_ID\"; exit 4");
    assertEquals(4, exitOf(tasks.launch(launch)).exitCode());
    assertEquals("out\ntask 'one' $x\n", read(sandbox.resolve("stdout")));
  }

  @Test
  void variablesTheKernelCannotPassAreLaunchErrors() {
    assertThrows(LaunchException.class,
        () -> tasks.launch(TaskLaunch.shell("t", dir, "true").withEnvironment(Map.of("A=B", "x"))));
    assertThrows(LaunchException.class, () -> tasks.launch(TaskLaunch.command("t", dir, List.of("echo", "a\0b"))));
  }
}
