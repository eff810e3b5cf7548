package io.corral.shell.bench;

import io.corral.remote.master.sim.ServicesBenchmark;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral bench services}: the service scheduler of a real master, over its Marathon API. */
@Command(
    name = "services",
    description = {
      "Measure the master's service scheduler through its Marathon API (/v2 over HTTP on loopback), with",
      "simulated agents that report tasks STARTING, RUNNING, then healthy as real agents do: the time from",
      "POST /v2/apps of one app until all its instances run and are healthy, the time to replace a failed",
      "instance, and the master's CPU while many small apps hold steady. One key=value line per figure."
    })
final class ServicesBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", defaultValue = "50",
      description = "Simulated agents, each " + ServicesBenchmark.AGENT_RESOURCES + " (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--instances", paramLabel = "I", defaultValue = "100",
      description = "Instances of the one app applied and timed (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--services", paramLabel = "S", defaultValue = "100",
      description = "Apps that hold steady while the master's CPU is measured (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--instances-per-service", paramLabel = "K", defaultValue = "2",
      description = "Instances of each of those apps (default: ${DEFAULT-VALUE}).")
  int instancesPerService;

  @Option(names = "--steady-seconds", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long the steady apps are measured (default: ${DEFAULT-VALUE}).")
  int steadySeconds;

  @Option(names = "--backoff-seconds", paramLabel = "SECONDS", defaultValue = "1",
      description = {"The apps' backoffSeconds: how long the replacement of a failed instance waits before",
          "its launch (default: ${DEFAULT-VALUE}, as Marathon's)."})
  int backoffSeconds;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "1",
      description = {"Times the app is applied and removed, unmeasured, before the measured apply: the master",
          "has run its paths once, as a long-running one has (default: ${DEFAULT-VALUE}; 0: a cold JVM)."})
  int warmup;

  @Option(names = "--in-memory",
      description = "Keep master state in memory instead of SQLite in a temporary directory.")
  boolean inMemory;

  @Override
  public Integer call() throws Exception {
    atLeast("--agents", agents, 1);
    atLeast("--instances", instances, 1);
    atLeast("--services", services, 1);
    atLeast("--instances-per-service", instancesPerService, 1);
    atLeast("--steady-seconds", steadySeconds, 1);
    atLeast("--backoff-seconds", backoffSeconds, 0);
    atLeast("--warmup", warmup, 0);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = inMemory ? null : Files.createTempDirectory("corral-bench-services");
    try {
      ServicesBenchmark.Result r = ServicesBenchmark.run(new ServicesBenchmark.Settings(agents, instances, services,
          instancesPerService, Duration.ofSeconds(steadySeconds), backoffSeconds, warmup, dir), err::println);
      print(out, r);
      return ExitCodes.OK;
    } finally {
      if (dir != null) {
        try (var files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private void print(PrintWriter out, ServicesBenchmark.Result r) {
    out.println(String.format(Locale.ROOT, "agents %d (%s), state %s, allocation every %d ms, backoff %d s,"
        + " warm-up applies %d", agents, ServicesBenchmark.AGENT_RESOURCES, inMemory ? "in memory" : "SQLite",
        r.allocationInterval().toMillis(), backoffSeconds, warmup));
    out.println(String.format(Locale.ROOT, "apply    1 app of %d instances (MESOS_HTTP check, delay 0 s): first running"
        + " in %.2f s, all in %.2f s, all healthy with no deployment in %.2f s", instances, r.applyToFirstRunning(),
        r.applyToRunning(), r.applyToHealthy()));
    out.println(String.format(Locale.ROOT, "replace  1 instance failed: a replacement healthy in %.2f s"
        + " (of which the launch backoff %d s)", r.replace(), backoffSeconds));
    out.println(String.format(Locale.ROOT, "steady   %d apps of %d instances, healthy in %.2f s; over %.1f s"
        + " (after %d s to settle):", services, instancesPerService, r.servicesToHealthy(), r.steadySeconds(),
        ServicesBenchmark.SETTLE.toSeconds()));
    out.println(String.format(Locale.ROOT, "  master loop %.3f ms CPU per s, process %.3f %% of a core, %d offers",
        r.steadyLoopCpuMillisPerSecond(), r.steadyProcessCpuPercent(), r.steadyOffers()));
    r.steadyCpuByThread().forEach((thread, seconds) ->
        out.println(String.format(Locale.ROOT, "  %-28s %8.1f ms", abbreviate(thread), seconds * 1000)));
    out.println(String.format(Locale.ROOT, "apply_to_first_running_s=%.3f", r.applyToFirstRunning()));
    out.println(String.format(Locale.ROOT, "apply_to_running_s=%.3f", r.applyToRunning()));
    out.println(String.format(Locale.ROOT, "apply_to_healthy_s=%.3f", r.applyToHealthy()));
    out.println(String.format(Locale.ROOT, "replace_s=%.3f", r.replace()));
    out.println(String.format(Locale.ROOT, "backoff_s=%d", backoffSeconds));
    out.println(String.format(Locale.ROOT, "services_to_healthy_s=%.3f", r.servicesToHealthy()));
    out.println(String.format(Locale.ROOT, "steady_loop_cpu_ms_per_s=%.3f", r.steadyLoopCpuMillisPerSecond()));
    out.println(String.format(Locale.ROOT, "steady_process_cpu_pct=%.3f", r.steadyProcessCpuPercent()));
    out.println(String.format(Locale.ROOT, "steady_offers=%d", r.steadyOffers()));
  }

  /** Jetty names its acceptor after the whole connector; its first words say enough. */
  private static String abbreviate(String thread) {
    return thread.length() <= 28 ? thread : thread.substring(0, 27) + "~";
  }

  private void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
    }
  }
}
