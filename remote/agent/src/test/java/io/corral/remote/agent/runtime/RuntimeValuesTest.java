package io.corral.remote.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ExitStatus and TaskLaunch. */
class RuntimeValuesTest {
  @Test
  void shellStatusesAbove128AreSignals() {
    assertEquals(new ExitStatus(0, 0, "exited with code 0"), ExitStatus.fromShellStatus(0));
    assertEquals(new ExitStatus(3, 0, "exited with code 3"), ExitStatus.fromShellStatus(3));
    assertEquals(new ExitStatus(128, 0, "exited with code 128"), ExitStatus.fromShellStatus(128));
    assertEquals(new ExitStatus(-1, 9, "killed by signal 9 (SIGKILL)"), ExitStatus.fromShellStatus(137));
    assertEquals(new ExitStatus(-1, 15, "killed by signal 15 (SIGTERM)"), ExitStatus.fromShellStatus(143));
    assertEquals("exited with code 127 (command not found)", ExitStatus.fromShellStatus(127).message());
    assertEquals("killed by signal 40 (signal 40)", ExitStatus.killedBy(40).message());
  }

  @Test
  void onlyAZeroExitIsASuccess() {
    assertTrue(ExitStatus.exited(0).success());
    assertFalse(ExitStatus.exited(1).success());
    assertFalse(ExitStatus.killedBy(9).success());
    assertFalse(ExitStatus.unknown("why").success());
    assertEquals("exit status unknown (why)", ExitStatus.unknown("why").message());
    assertEquals("killed by signal 6 (SIGABRT)", new ExitStatus(-1, 6, null).message());
  }

  @Test
  void aLaunchHasEitherACommandOrAnArgv() {
    Path sandbox = Path.of("/tmp/x");
    assertThrows(IllegalArgumentException.class,
        () -> new TaskLaunch("t", sandbox, List.of("a"), "b", Map.of(), null, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new TaskLaunch("t", sandbox, List.of(), null, Map.of(), null, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> TaskLaunch.shell("t", sandbox, "x").withLimits(-1, 0));
    TaskLaunch argv = new TaskLaunch("t", sandbox, List.of("a"), null, null, null, 0, 0);
    assertFalse(argv.isShell());
    assertEquals(Map.of(), argv.environment());
    assertEquals(sandbox, argv.effectiveWorkingDirectory());
  }
}
