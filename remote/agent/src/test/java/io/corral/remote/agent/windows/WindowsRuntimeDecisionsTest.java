package io.corral.remote.agent.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corral.remote.agent.runtime.ExitStatus;
import io.corral.remote.agent.runtime.LaunchException;
import io.corral.remote.agent.runtime.TaskLaunch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every decision of the Windows process runtime, pinned to exact values. No Windows host runs
 * here: {@link WindowsKernel} (the JNA calls that carry these out) is not exercised, and nothing in
 * these tests loads JNA.
 */
class WindowsRuntimeDecisionsTest {
  private static final Path SANDBOX = Path.of("sandboxes", "f", "t-1");
  private static final Map<String, String> AGENT_ENV = Map.of("SystemRoot", "C:\\Windows", "Path",
      "C:\\Windows\\system32", "SECRET_TOKEN", "do-not-pass", "TEMP", "C:\\Temp");

  @Test
  void shellCommandsGoThroughCmdOrPowerShellAndProgramsAreQuoted() throws Exception {
    assertEquals("cmd.exe /d /s /c \"echo a & echo \"b c\"\"",
        WindowsLaunchPlan.commandLine(TaskLaunch.shell("t-1", SANDBOX, "echo a & echo \"b c\"")));
    TaskLaunch ps = TaskLaunch.shell("t-1", SANDBOX, "Write-Output 'hi'")
        .withEnvironment(Map.of(WindowsLaunchPlan.SHELL_VARIABLE, "PowerShell"));
    assertEquals("powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
        + "VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGgAaQAnAA==", WindowsLaunchPlan.commandLine(ps));
    assertEquals("C:\\tools\\app.exe \"two words\" \"say \\\"hi\\\"\" end\\",
        WindowsLaunchPlan.commandLine(TaskLaunch.command("t-1", SANDBOX,
            List.of("C:\\tools\\app.exe", "two words", "say \"hi\"", "end\\"))));
    LaunchException bash = assertThrows(LaunchException.class, () -> WindowsLaunchPlan.commandLine(
        TaskLaunch.shell("t-1", SANDBOX, "ls").withEnvironment(Map.of(WindowsLaunchPlan.SHELL_VARIABLE, "bash"))));
    assertEquals("task t-1: CORRAL_WINDOWS_SHELL must be cmd or powershell, not 'bash'", bash.getMessage());
  }

  @Test
  void theEnvironmentIsTheEssentialsAndTheTasksOwnSortedAsWindowsWants() throws Exception {
    TaskLaunch launch = TaskLaunch.shell("t-1", SANDBOX, "set").withEnvironment(Map.of("app_mode", "x", "PATH", "D:\\bin"));
    Map<String, String> env = WindowsLaunchPlan.environment(launch, AGENT_ENV);
    assertEquals("app_mode=x\0MESOS_SANDBOX=" + SANDBOX + "\0MESOS_TASK_ID=t-1\0Path=D:\\bin\0"
        + "SystemRoot=C:\\Windows\0TEMP=C:\\Temp\0\0", WindowsLaunchPlan.environmentBlock(env),
        "the task's PATH replaces the agent's whatever the case; secrets of the agent stay out");
    assertThrows(LaunchException.class, () -> WindowsLaunchPlan.environment(
        TaskLaunch.shell("t-1", SANDBOX, "set").withEnvironment(Map.of("A=B", "c")), AGENT_ENV));
  }

  @Test
  void theProcessStartsSuspendedInItsOwnGroupOutsideTheAgentsJob() {
    assertEquals(0x04 | 0x200 | 0x400 | 0x01000000 | 0x08000000, WindowsLaunchPlan.CREATION_FLAGS);
    assertEquals(0x090006_04, WindowsLaunchPlan.CREATION_FLAGS);
  }

  @Test
  void jobObjectStructuresCarryTheLimitsAtTheirOffsets() throws Exception {
    WindowsLaunchPlan plan = WindowsLaunchPlan.of(TaskLaunch.shell("t-1", SANDBOX, "x").withLimits(2, 512),
        AGENT_ENV, 8, "3f2a");
    assertEquals("Local\\corral-task-3f2a", plan.jobName());
    assertEquals(SANDBOX.toString(), plan.workingDirectory());
    ByteBuffer limits = ByteBuffer.wrap(plan.extendedLimits()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(144, plan.extendedLimits().length);
    assertEquals(0x100, limits.getInt(16), "LimitFlags: JOB_OBJECT_LIMIT_PROCESS_MEMORY, no KILL_ON_JOB_CLOSE");
    assertEquals(512L * 1024 * 1024, limits.getLong(112), "ProcessMemoryLimit");
    for (int i = 0; i < 144; i++) {
      if ((i < 16 || i >= 20) && (i < 112 || i >= 120)) {
        assertEquals(0, plan.extendedLimits()[i], "byte " + i + " is zero");
      }
    }
    assertArrayEquals(new byte[] {5, 0, 0, 0, (byte) 0xc4, 0x09, 0, 0}, plan.cpuRate(),
        "ControlFlags ENABLE|HARD_CAP, CpuRate 2500 (2 of 8 cpus)");
    WindowsLaunchPlan unlimited = WindowsLaunchPlan.of(TaskLaunch.shell("t-1", SANDBOX, "x"), AGENT_ENV, 8, "u");
    assertNull(unlimited.extendedLimits());
    assertNull(unlimited.cpuRate());
  }

  @Test
  void killAsksFirstAndExitCodesReadAsWindowsPrintsThem() {
    assertEquals(List.of("taskkill.exe", "/T", "/PID", "4242"), WindowsLaunchPlan.gracefulKill(4242));
    assertEquals(ExitStatus.exited(3), WindowsLaunchPlan.exitStatus(3));
    assertEquals("exited with status 0xC0000005", WindowsLaunchPlan.exitStatus(0xC0000005).message());
    assertEquals(0xC0000005, WindowsLaunchPlan.exitStatus(0xC0000005).exitCode());
  }

  @Test
  void recoveryTrustsARecordedExitThenThePidWithItsCreationTime(@TempDir Path dir) throws Exception {
    WindowsProcessRecord record = new WindowsProcessRecord("t-1", 4242, 133_000_000_000_000_000L,
        "Local\\corral-task-3f2a", 1_700_000_000_000L);
    Path file = dir.resolve(WindowsProcessRecord.FILE);
    record.write(file);
    assertEquals(Optional.of(record), WindowsProcessRecord.read(file));
    assertEquals(Optional.empty(), WindowsProcessRecord.read(dir.resolve("absent")));

    Optional<WindowsProcessRecord> r = Optional.of(record);
    assertEquals(new WindowsProcessRecord.Recovery.Ended(7),
        WindowsProcessRecord.recover(Optional.of(7), r, Optional.of(133_000_000_000_000_000L)));
    assertEquals(new WindowsProcessRecord.Recovery.Reattach(record),
        WindowsProcessRecord.recover(Optional.empty(), r, Optional.of(133_000_000_000_000_000L)));
    assertEquals(new WindowsProcessRecord.Recovery.Lost("pid 4242 now belongs to another process; the task ended"
        + " while the agent was down"), WindowsProcessRecord.recover(Optional.empty(), r, Optional.of(1L)));
    assertEquals(new WindowsProcessRecord.Recovery.Lost("the task's process ended while the agent was down"),
        WindowsProcessRecord.recover(Optional.empty(), r, Optional.empty()));
    assertEquals(new WindowsProcessRecord.Recovery.NeverStarted(),
        WindowsProcessRecord.recover(Optional.empty(), Optional.empty(), Optional.empty()));
  }
}
