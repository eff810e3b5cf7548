package io.corral.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServicesBenchCommandTest {
  @Test
  void smallRunPrintsEveryFigure() {
    CommandRun run = CommandRun.corral("bench", "services", "--agents", "2", "--instances", "4", "--services", "3",
        "--steady-seconds", "1", "--in-memory");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    Map<String, String> figures = run.outLines().stream().filter(l -> l.matches("[a-z_]+=\\S+"))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    double first = number(figures, "apply_to_first_running_s");
    double running = number(figures, "apply_to_running_s");
    double healthy = number(figures, "apply_to_healthy_s");
    assertTrue(first > 0 && first <= running && running <= healthy && healthy < 60, run.out());
    // The replacement waits for the launch backoff (1 s) before it can be offered anything.
    assertEquals(1, number(figures, "backoff_s"), run.out());
    double replace = number(figures, "replace_s");
    assertTrue(replace >= 1 && replace < 60, run.out());
    assertTrue(number(figures, "services_to_healthy_s") > 0, run.out());
    double loop = number(figures, "steady_loop_cpu_ms_per_s");
    assertTrue(loop >= 0 && loop < 1000, run.out());
    double process = number(figures, "steady_process_cpu_pct");
    assertTrue(process >= loop / 10 && process < 100 * Runtime.getRuntime().availableProcessors(), run.out());
    // Nothing waits for a launch, so the service scheduler has suppressed its offers.
    assertEquals(0, number(figures, "steady_offers"), run.out());
    assertTrue(run.err().contains("2 simulated agents registered"), run.err());
    assertTrue(run.err().contains("/bench/warmup-1: first of 4 instances running"), run.err());
  }

  @Test
  void refusesAnEmptyWindow() {
    CommandRun run = CommandRun.corral("bench", "services", "--steady-seconds", "0");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().startsWith("error: --steady-seconds must be at least 1, got 0"), run.err());
  }

  private static double number(Map<String, String> figures, String key) {
    String value = figures.get(key);
    assertTrue(value != null, "no " + key + "= in " + figures);
    return Double.parseDouble(value);
  }
}
