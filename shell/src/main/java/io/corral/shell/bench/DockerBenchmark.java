package io.corral.shell.bench;

import io.corral.core.resources.Resources;
import io.corral.remote.agent.AgentConfig;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.api.client.SchedulerClient;
import io.corral.remote.api.convert.ResourceConversion;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Corral's overhead over Docker: the time from a framework's ACCEPT to TASK_RUNNING for a Docker task
 * (an in-process master and agent, the framework over the real scheduler API), against the time the
 * docker CLI takes for {@code docker run -d} of the same image, command, limits and network on the
 * same engine. The two kinds of run alternate, after unmeasured warm-up runs of each.
 */
final class DockerBenchmark {
  static final String COMMAND = "sleep 600";
  static final String RESOURCES = "cpus:0.1;mem:32";
  private static final Duration WAIT = Duration.ofSeconds(60);

  record Options(int runs, int warmups, String image, String dockerHost, String dockerCli, String network) {}

  record Result(double[] corralMillis, double[] dockerMillis) {}

  private final Options options;
  private final Consumer<String> progress;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<String, Long> runningAt = new ConcurrentHashMap<>();
  private SchedulerClient framework;

  private DockerBenchmark(Options options, Consumer<String> progress) {
    this.options = options;
    this.progress = progress;
  }

  static Result run(Options options, Path workDir, Consumer<String> progress) throws Exception {
    return new DockerBenchmark(options, progress).run(workDir);
  }

  private Result run(Path workDir) throws Exception {
    try (DockerEngine probe = DockerEngine.at(options.dockerHost())) {
      if (probe.probe(Duration.ofSeconds(5)).isEmpty()) {
        throw new IOException("no Docker engine answers at " + options.dockerHost() + " (pass --docker-host)");
      }
    }
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withStateDir(workDir.resolve("master"))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50)));
    AgentDaemon agent = null;
    try {
      agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), workDir.resolve("agent"),
          master.bootstrapCredential(), "cpus:4;mem:4096", Map.of(), "bench-node", Duration.ofSeconds(3)),
          TaskRuntimes.forThisPlatform(), DockerRuntime.on(DockerEngine.at(options.dockerHost()), workDir.resolve("agent")));
      framework = SchedulerClient.subscribe(URI.create(master.url()),
          Protos.FrameworkInfo.newBuilder().setUser(System.getProperty("user.name")).setName("docker-bench").build(), true,
          this::receive, cause -> { }, Duration.ofSeconds(10));
      double[] corral = new double[options.runs()];
      double[] docker = new double[options.runs()];
      for (int i = 0; i < options.warmups(); i++) {
        corralRun("warmup-" + i);
        dockerRun();
      }
      for (int i = 0; i < options.runs(); i++) {
        corral[i] = corralRun("run-" + i);
        docker[i] = dockerRun();
        progress.accept(String.format(Locale.ROOT, "run %d: corral %.1f ms, docker run -d %.1f ms",
            i + 1, corral[i], docker[i]));
      }
      return new Result(corral, docker);
    } finally {
      if (framework != null) {
        framework.close();
      }
      if (agent != null) {
        agent.drain(Duration.ofSeconds(20));
      }
      master.close();
    }
  }

  private void receive(Event e) {
    if (e.getType() == Event.Type.UPDATE) {
      Protos.TaskStatus s = e.getUpdate().getStatus();
      if (s.getState() == Protos.TaskState.TASK_RUNNING) {
        runningAt.putIfAbsent(s.getTaskId().getValue(), System.nanoTime());
      }
      if (s.hasUuid()) {
        framework.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build());
      }
    }
    events.add(e);
  }

  /** One task from ACCEPT to TASK_RUNNING, in milliseconds; then it is killed (not timed). */
  private double corralRun(String taskId) throws Exception {
    Protos.Offer offer = await(e -> e.getType() == Event.Type.OFFERS, "an offer").getOffers().getOffers(0);
    Protos.TaskInfo task = Protos.TaskInfo.newBuilder().setName(taskId).setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
        .setAgentId(offer.getAgentId())
        .addAllResources(ResourceConversion.toMesos(Resources.parse(RESOURCES), null))
        .setCommand(Protos.CommandInfo.newBuilder().setValue(COMMAND))
        .setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder().setNanoseconds(0)))
        .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
            .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder().setImage(options.image()).setNetwork(network())))
        .build();
    Call accept = Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
        .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
            .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
        .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0))).build();
    long start = System.nanoTime();
    framework.send(accept);
    Event update = await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() != Protos.TaskState.TASK_STARTING, "TASK_RUNNING of " + taskId);
    Protos.TaskStatus status = update.getUpdate().getStatus();
    if (status.getState() != Protos.TaskState.TASK_RUNNING) {
      throw new IOException("task " + taskId + " did not start: " + status.getState() + " " + status.getMessage());
    }
    double millis = (runningAt.get(taskId) - start) / 1e6;
    framework.call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(task.getTaskId()))
        .build());
    await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == Protos.TaskState.TASK_KILLED, "TASK_KILLED of " + taskId);
    return millis;
  }

  /** One {@code docker run -d} with the same image, command, limits and network, in milliseconds; then removed. */
  private double dockerRun() throws Exception {
    Resources r = Resources.parse(RESOURCES);
    List<String> argv = new ArrayList<>(List.of(options.dockerCli(), "run", "-d", "--network", networkName(),
        "--cpus", String.valueOf(r.scalar("cpus")), "--memory", (long) r.scalar("mem") + "m",
        "--entrypoint", "/bin/sh", options.image(), "-c", COMMAND));
    long start = System.nanoTime();
    String id = docker(argv);
    double millis = (System.nanoTime() - start) / 1e6;
    docker(List.of(options.dockerCli(), "rm", "-f", id));
    return millis;
  }

  private String docker(List<String> argv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("DOCKER_HOST", options.dockerHost());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run the docker CLI '" + options.dockerCli() + "' (pass --docker-cli): " + e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv.subList(0, 2)) + " failed: " + out);
    }
    return out.lines().reduce((a, b) -> b).orElse("");
  }

  private Protos.ContainerInfo.DockerInfo.Network network() {
    return switch (options.network()) {
      case "host" -> Protos.ContainerInfo.DockerInfo.Network.HOST;
      case "none" -> Protos.ContainerInfo.DockerInfo.Network.NONE;
      default -> Protos.ContainerInfo.DockerInfo.Network.BRIDGE;
    };
  }

  private String networkName() {
    return options.network();
  }

  private Event await(Predicate<Event> wanted, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new IOException("no " + what + " within " + WAIT.toSeconds() + " s");
      }
      if (wanted.test(e)) {
        return e;
      }
    }
  }
}
