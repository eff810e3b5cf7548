package io.corral.shell.bench;

import io.corral.core.bench.DeclineOffersScenario;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Times allocation cycles of Mesos' DeclineOffers shape. Progress goes to stderr, the summary to
 * stdout, whose last line is {@code cycle_ms=<median>} for scripts that track the figure.
 */
@Command(
    name = "allocator",
    description = {
      "Time allocation cycles of Mesos' DeclineOffers benchmark shape.",
      "%nEach cycle declines every outstanding offer with a filter that never expires (untimed),"
          + " then runs one allocation (timed). Cycle times go to stderr; the summary goes to"
          + " stdout and ends with cycle_ms=<median milliseconds per cycle>.%n"
    })
final class AllocatorBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", defaultValue = "10000",
      description = "Agents in the cluster (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--frameworks", paramLabel = "M", defaultValue = "1000",
      description = "Frameworks receiving offers (default: ${DEFAULT-VALUE}).")
  int frameworks;

  @Option(names = "--cycles", paramLabel = "C", defaultValue = "20",
      description = "Measured cycles (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "10",
      description = "Unmeasured cycles run first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() {
    requireAtLeast("--agents", agents, 1);
    requireAtLeast("--frameworks", frameworks, 1);
    requireAtLeast("--cycles", cycles, 1);
    requireAtLeast("--warmup", warmup, 0);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    long setupStart = System.nanoTime();
    DeclineOffersScenario scenario = DeclineOffersScenario.create(agents, frameworks);
    double setupMillis = millisSince(setupStart);
    err.printf(Locale.ROOT, "setup: %.2f ms, %d agents, %d frameworks%n",
        setupMillis, agents, frameworks);
    for (int i = 1; i <= warmup; i++) {
      runCycle(scenario, "warmup " + i, err);
    }
    double[] millis = new double[cycles];
    for (int i = 1; i <= cycles; i++) {
      millis[i - 1] = runCycle(scenario, "cycle " + i, err);
    }
    err.flush();

    CycleStats stats = CycleStats.of(millis);
    out.printf(Locale.ROOT, "agents %d, frameworks %d, %d cycles after %d warmup%n",
        agents, frameworks, cycles, warmup);
    out.printf(Locale.ROOT, "setup  %10.2f ms%n", setupMillis);
    out.printf(Locale.ROOT, "median %10.2f ms%n", stats.median());
    out.printf(Locale.ROOT, "p90    %10.2f ms%n", stats.p90());
    out.printf(Locale.ROOT, "min    %10.2f ms%n", stats.min());
    out.printf(Locale.ROOT, "max    %10.2f ms%n", stats.max());
    out.printf(Locale.ROOT, "cycle_ms=%.2f%n", stats.median());
    out.flush();
    return ExitCodes.OK;
  }

  private static double runCycle(DeclineOffersScenario scenario, String label, PrintWriter err) {
    scenario.declineOutstanding();
    long start = System.nanoTime();
    int offers = scenario.allocate();
    double millis = millisSince(start);
    err.printf(Locale.ROOT, "%s: %.2f ms, %d offers%n", label, millis, offers);
    return millis;
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private void requireAtLeast(String option, int value, int minimum) {
    if (value < minimum) {
      throw new ParameterException(spec.commandLine(),
          option + " must be at least " + minimum + ", got " + value);
    }
  }
}
