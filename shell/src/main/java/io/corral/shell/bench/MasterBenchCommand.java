package io.corral.shell.bench;

import io.corral.remote.master.sim.MasterBenchmark;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral bench master}: task throughput of a real master with simulated agents. */
@Command(
    name = "master",
    description = {
      "Measure a real master's task throughput: simulated agents over the real agent protocol report tasks",
      "RUNNING then FINISHED at once; a framework over the real scheduler API launches and acknowledges.",
      "Prints launch-to-finished-and-acknowledged tasks per second; the last line is tasks_per_s=<number>."
    })
final class MasterBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", defaultValue = "1000", description = "Simulated agents (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--tasks", paramLabel = "T", defaultValue = "20000", description = "Tasks to run (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--warmup-tasks", paramLabel = "W", defaultValue = "60000",
      description = {"Tasks run first, unmeasured, by other frameworks in rounds of 20000, each followed by a pause until",
          "the JIT compilers are idle, so the measured run sees a warmed-up master (default: ${DEFAULT-VALUE}; 0: a cold JVM)."})
  int warmupTasks;

  @Option(names = "--in-memory", description = "Keep master state in memory instead of SQLite in a temporary directory.")
  boolean inMemory;

  @Option(names = "--tls", paramLabel = "on|off", defaultValue = "off",
      description = "on: the master serves HTTPS only with a CA of its own, verified by the agents and the framework"
          + " (default: ${DEFAULT-VALUE}).")
  String tls;

  @Option(names = "--authenticate", description = "The master asks the framework for credentials (the operator token)"
      + " on every call.")
  boolean authenticate;

  @Override
  public Integer call() throws Exception {
    if (agents < 1 || tasks < 1 || warmupTasks < 0) {
      throw new ParameterException(spec.commandLine(), "--agents and --tasks must be at least 1");
    }
    if (!tls.equals("on") && !tls.equals("off")) {
      throw new ParameterException(spec.commandLine(), "--tls must be on or off, not '" + tls + "'");
    }
    if (tls.equals("on") && inMemory) {
      throw new ParameterException(spec.commandLine(), "--tls on keeps its CA in the state directory: drop --in-memory");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = inMemory ? null : Files.createTempDirectory("corral-bench-master");
    try {
      MasterBenchmark.Result r = MasterBenchmark.run(agents, tasks, warmupTasks, dir, tls.equals("on"), authenticate,
          line -> err.println(line));
      out.println(String.format(Locale.ROOT, "agents %d, tasks %d, state %s, tls %s, authentication %s", r.agents(),
          r.tasks(), inMemory ? "in memory" : "SQLite", tls, authenticate ? "on" : "off"));
      out.println(String.format(Locale.ROOT, "setup      %8.2f s", r.setupSeconds()));
      out.println(String.format(Locale.ROOT, "run        %8.2f s", r.runSeconds()));
      out.println(String.format(Locale.ROOT, "cpu        %8.3f ms per task (master, simulated agents and framework together)",
          r.cpuMillisPerTask()));
      r.cpuByThread().forEach((thread, seconds) ->
          out.println(String.format(Locale.ROOT, "  %-28s %6.2f s", thread, seconds)));
      out.println(String.format(Locale.ROOT, "tasks_per_s=%.0f", r.tasksPerSecond()));
      return ExitCodes.OK;
    } finally {
      if (dir != null) {
        try (var files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
