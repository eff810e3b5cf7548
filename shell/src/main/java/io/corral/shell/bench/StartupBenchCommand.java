package io.corral.shell.bench;

import io.corral.shell.ExitCodes;
import io.corral.shell.daemon.UpCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Start-up of one-shot commands next to {@code docker ps}: a master (and local agent) in this
 * process, then each command (by default {@code status}, {@code agents -o json} and
 * {@code tasks --all}) through {@code scripts/corral}, optionally through a second launcher (an
 * earlier build) too, and {@code docker ps}, N times each as separate processes, taking turns so
 * that all see the same machine load. Prints the median wall time and the median CPU time of each
 * (CPU is what a loaded machine distorts least); the last line is
 * {@code startup_ratio=<median of the first command / docker median>}.
 */
@Command(
    name = "startup",
    description = {"Time one-shot commands (default: status, agents -o json, tasks --all) against a master in this "
      + "process, and 'docker ps', N times each; with --compare, a second launcher's too, in the same run. "
      + "docker talks to DOCKER_HOST (or its default socket); without an engine it still measures the CLI's start, "
      + "and the output says which. Last line: startup_ratio=<first command's median / docker median>."})
final class StartupBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Measured runs of each (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--launcher", paramLabel = "FILE", description = "The corral launcher (default: scripts/corral of this checkout).")
  Path launcher;

  @Option(names = "--compare", paramLabel = "FILE",
      description = "A second corral launcher (e.g. scripts/corral of an earlier build's checkout), timed in the same run.")
  Path compare;

  @Option(names = "--command", paramLabel = "WORDS", split = ",",
      description = "Commands to time, as corral's words, separated by commas (default: status,agents -o json,tasks --all).")
  List<String> commands;

  @Option(names = "--docker", paramLabel = "CMD", defaultValue = "docker", description = "The docker CLI (default: ${DEFAULT-VALUE}).")
  String docker;

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
    }
    List<String> timed = commands == null || commands.isEmpty() ? List.of("status", "agents -o json", "tasks --all") : commands;
    List<Path> launchers = new ArrayList<>(List.of(launcher != null ? launcher : findLauncher()));
    if (compare != null) {
      launchers.add(compare);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("corral-bench-startup");
    try (UpCommand.Cluster cluster = UpCommand.start(dir, 0, true)) {
      Map<String, String> env = Map.of("CORRAL_MASTER", cluster.master().url(), "CORRAL_HOME", dir.resolve("home").toString());
      List<Timed> subjects = new ArrayList<>();
      for (String words : timed) {
        for (Path script : launchers) {
          List<String> command = new ArrayList<>(List.of(script.toString()));
          command.addAll(Arrays.asList(words.strip().split("\\s+")));
          subjects.add(new Timed("corral " + words.strip(), script, command, env, new double[runs], new double[runs]));
        }
      }
      Timed dockerPs = new Timed("docker ps", null, List.of(docker, "ps"), Map.of(), new double[runs], new double[runs]);
      // One unmeasured run of each: the first corral run after a build writes the class-data archive.
      for (Timed t : subjects) {
        Run first = time(t.command, t.env);
        if (first.exitCode != 0) {
          throw new IllegalStateException("'" + String.join(" ", t.command) + "' exited with " + first.exitCode + ": " + first.stderr);
        }
      }
      Run dockerFirst = time(dockerPs.command, Map.of());
      for (int i = 0; i < runs; i++) {
        StringBuilder line = new StringBuilder("run " + (i + 1) + ":");
        for (Timed t : List.copyOf(concat(subjects, dockerPs))) {
          Run r = time(t.command, t.env);
          t.millis[i] = r.millis;
          t.cpuMillis[i] = r.cpuMillis;
          line.append(String.format(Locale.ROOT, " %.0f", r.millis));
        }
        err.println(line.append(" ms"));
        err.flush();
      }
      String engine = dockerFirst.exitCode == 0 ? "an engine answered" : "no engine answered (docker CLI start and a failed connect only)";
      out.printf(Locale.ROOT, "medians over %d runs, wall and CPU (user+system) time:%n", runs);
      for (Timed t : subjects) {
        out.printf(Locale.ROOT, "%-28s %6.0f ms  cpu %6.0f ms  (%s)%n", t.label, median(t.millis), median(t.cpuMillis), t.launcher);
      }
      out.printf(Locale.ROOT, "%-28s %6.0f ms  cpu %6.0f ms  (%s)%n", dockerPs.label, median(dockerPs.millis),
          median(dockerPs.cpuMillis), engine);
      out.printf(Locale.ROOT, "startup_ratio=%.2f%n", median(subjects.get(0).millis) / median(dockerPs.millis));
      out.flush();
    } finally {
      deleteTree(dir);
    }
    return ExitCodes.OK;
  }

  private static List<Timed> concat(List<Timed> subjects, Timed last) {
    List<Timed> all = new ArrayList<>(subjects);
    all.add(last);
    return all;
  }

  /** One command line being timed: its label, the launcher it goes through (null: not corral), its runs. */
  private record Timed(String label, Path launcher, List<String> command, Map<String, String> env, double[] millis,
      double[] cpuMillis) {}

  private record Run(double millis, double cpuMillis, int exitCode, String stderr) {}

  /**
   * Wall time, and CPU time as the growth of this process's reaped children's time (the child is
   * waited for, so its CPU, and its own children's, is added to ours when it ends).
   */
  private static Run time(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    File errFile = File.createTempFile("corral-bench", ".err");
    try {
      builder.redirectError(errFile);
      double cpuBefore = ProcessCpu.reapedChildren();
      long start = System.nanoTime();
      Process p = builder.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", command) + "' did not end within 60 s");
      }
      double millis = (System.nanoTime() - start) / 1e6;
      double cpuMillis = (ProcessCpu.reapedChildren() - cpuBefore) * 1000;
      return new Run(millis, cpuMillis, p.exitValue(), Files.readString(errFile.toPath()).strip());
    } finally {
      Files.deleteIfExists(errFile.toPath());
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** scripts/corral beside the jar this runs from (shell/target/corral.jar), else under the working directory. */
  private static Path findLauncher() {
    try {
      Path jar = Path.of(StartupBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar.getParent(); p != null; p = p.getParent()) {
        Path candidate = p.resolve("scripts").resolve("corral");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    } catch (Exception e) {
      // fall through to the working directory
    }
    Path candidate = Path.of("scripts", "corral").toAbsolutePath();
    if (Files.isExecutable(candidate)) {
      return candidate;
    }
    throw new IllegalStateException("cannot find scripts/corral; pass --launcher FILE");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
