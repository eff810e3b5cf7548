package io.corral.shell.bench;

import io.corral.core.model.OsFamily;
import io.corral.remote.agent.windows.DockerEndpoints;
import io.corral.shell.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral bench docker}: Corral's overhead over Docker itself for starting a container. */
@Command(
    name = "docker",
    description = {
      "Measure Corral's overhead over Docker: ACCEPT to TASK_RUNNING of a Docker task (in-process master and",
      "agent, a framework over the real scheduler API) against `docker run -d` of the same image and command on",
      "the same engine, alternating. Prints medians and p90s; the last line is overhead_ratio=<corral/docker>."
    },
    footer = {"%nExample:", "  corral bench docker --docker-cli /usr/bin/docker --runs 20"})
final class DockerBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "20", description = "Measured runs of each (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup-runs", paramLabel = "W", defaultValue = "3",
      description = "Unmeasured runs of each first (default: ${DEFAULT-VALUE}).")
  int warmups;

  @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "corral-test/busybox:2",
      description = "An image on the engine with /bin/sh and sleep (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(names = "--docker-host", paramLabel = "URI",
      description = "The engine (default: $DOCKER_HOST, else the platform's default socket or pipe).")
  String dockerHost;

  @Option(names = "--docker-cli", paramLabel = "PATH", defaultValue = "docker",
      description = "The docker client for the baseline (default: ${DEFAULT-VALUE} from PATH).")
  String dockerCli;

  @Option(names = "--network", paramLabel = "NET", defaultValue = "bridge",
      description = "bridge, host or none, for both (default: ${DEFAULT-VALUE}).")
  String network;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || warmups < 0) {
      throw new ParameterException(spec.commandLine(), "--runs must be at least 1 and --warmup-runs at least 0");
    }
    if (!Set.of("bridge", "host", "none").contains(network)) {
      throw new ParameterException(spec.commandLine(), "--network must be bridge, host or none, not '" + network + "'");
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    String host = DockerEndpoints.host(windows ? OsFamily.WINDOWS : OsFamily.LINUX,
        dockerHost != null ? dockerHost : System.getenv("DOCKER_HOST"));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = Files.createTempDirectory("corral-bench-docker");
    try {
      DockerBenchmark.Result r = DockerBenchmark.run(new DockerBenchmark.Options(runs, warmups, image, host, dockerCli,
          network), dir, line -> {
            err.println(line);
            err.flush();
          });
      CycleStats corral = CycleStats.of(r.corralMillis());
      CycleStats docker = CycleStats.of(r.dockerMillis());
      out.println(String.format(Locale.ROOT, "image %s, network %s, engine %s, %d runs of each", image, network, host, runs));
      out.println(String.format(Locale.ROOT, "corral ACCEPT to TASK_RUNNING  median %7.1f ms  p90 %7.1f ms",
          corral.median(), corral.p90()));
      out.println(String.format(Locale.ROOT, "docker run -d                  median %7.1f ms  p90 %7.1f ms",
          docker.median(), docker.p90()));
      out.println(String.format(Locale.ROOT, "overhead_ratio=%.2f", corral.median() / docker.median()));
      return ExitCodes.OK;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
