package io.corral.shell.bench;

import io.corral.shell.ExitCodes;
import io.corral.shell.daemon.UpCommand;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Start-up of a one-shot command next to {@code docker ps}: a master (and local agent) in this
 * process, then {@code scripts/corral agents -o json} and {@code docker ps} run N times each as
 * separate processes, alternating so both see the same machine load. Prints medians; the last line
 * is {@code startup_ratio=<corral median / docker median>}.
 */
@Command(
    name = "startup",
    description = {"Time 'scripts/corral agents -o json' against a running master, and 'docker ps', N times each.",
      "docker talks to DOCKER_HOST (or its default socket); without an engine it still measures the CLI's start,",
      "and the output says which. Last line: startup_ratio=<corral median / docker median>."})
final class StartupBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Measured runs of each (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--launcher", paramLabel = "FILE", description = "The corral launcher (default: scripts/corral of this checkout).")
  Path launcher;

  @Option(names = "--docker", paramLabel = "CMD", defaultValue = "docker", description = "The docker CLI (default: ${DEFAULT-VALUE}).")
  String docker;

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
    }
    Path script = launcher != null ? launcher : findLauncher();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("corral-bench-startup");
    try (UpCommand.Cluster cluster = UpCommand.start(dir, 0, true)) {
      Map<String, String> env = Map.of("CORRAL_MASTER", cluster.master().url(), "CORRAL_HOME", dir.resolve("home").toString());
      List<String> corral = List.of(script.toString(), "agents", "-o", "json");
      List<String> dockerPs = List.of(docker, "ps");
      // One unmeasured run of each: the first corral run after a build writes the class-data archive.
      Run first = time(corral, env);
      if (first.exitCode != 0) {
        throw new IllegalStateException("'" + String.join(" ", corral) + "' exited with " + first.exitCode + ": " + first.stderr);
      }
      Run dockerFirst = time(dockerPs, Map.of());
      double[] corralMs = new double[runs];
      double[] dockerMs = new double[runs];
      for (int i = 0; i < runs; i++) {
        corralMs[i] = time(corral, env).millis;
        dockerMs[i] = time(dockerPs, Map.of()).millis;
        err.printf(Locale.ROOT, "run %d: corral %.0f ms, docker %.0f ms%n", i + 1, corralMs[i], dockerMs[i]);
        err.flush();
      }
      double corralMedian = median(corralMs);
      double dockerMedian = median(dockerMs);
      String engine = dockerFirst.exitCode == 0 ? "an engine answered" : "no engine answered (docker CLI start and a failed connect only)";
      out.printf(Locale.ROOT, "corral agents -o json: median %.0f ms over %d runs (%s)%n", corralMedian, runs, script);
      out.printf(Locale.ROOT, "docker ps:             median %.0f ms over %d runs; %s%n", dockerMedian, runs, engine);
      out.printf(Locale.ROOT, "startup_ratio=%.2f%n", corralMedian / dockerMedian);
      out.flush();
    } finally {
      deleteTree(dir);
    }
    return ExitCodes.OK;
  }

  private record Run(double millis, int exitCode, String stderr) {}

  private static Run time(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    File errFile = File.createTempFile("corral-bench", ".err");
    try {
      builder.redirectError(errFile);
      long start = System.nanoTime();
      Process p = builder.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + String.join(" ", command) + "' did not end within 60 s");
      }
      double millis = (System.nanoTime() - start) / 1e6;
      return new Run(millis, p.exitValue(), Files.readString(errFile.toPath()).strip());
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
