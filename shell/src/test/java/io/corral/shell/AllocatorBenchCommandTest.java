package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocatorBenchCommandTest {
  @Test
  void smallScenarioEndsWithTheMedianCycleTime() {
    CommandRun run = CommandRun.corral(
        "bench", "allocator", "--agents", "50", "--frameworks", "5", "--cycles", "2",
        "--warmup", "0");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    List<String> lines = run.outLines();
    assertTrue(lines.get(lines.size() - 1).matches("cycle_ms=\\d+\\.\\d\\d"), run.out());
    assertTrue(run.err().contains("cycle 2: "), run.err());
  }

  @ParameterizedTest
  @CsvSource({
    "--agents, 0, '--agents must be at least 1, got 0'",
    "--frameworks, -3, '--frameworks must be at least 1, got -3'",
    "--cycles, 0, '--cycles must be at least 1, got 0'",
    "--warmup, -1, '--warmup must be at least 0, got -1'"
  })
  void rejectsOutOfRangeCounts(String option, String value, String message) {
    CommandRun run = CommandRun.corral("bench", "allocator", option, value);

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: " + message), run.err());
    assertTrue(run.err().contains("try 'corral bench allocator --help'"), run.err());
  }

  @Test
  void nonNumericCountIsUsageError() {
    CommandRun run = CommandRun.corral("bench", "allocator", "--agents", "many");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: --agents: 'many' is not a whole number\n"), run.err());
  }
}
