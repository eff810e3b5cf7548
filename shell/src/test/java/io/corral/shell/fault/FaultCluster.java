package io.corral.shell.fault;

import io.corral.remote.agent.isolation.Isolator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/**
 * A master and its agents as real {@code corral} processes on loopback, with fast failure
 * detection (pings every 2 s, 3 missed pings make an agent unreachable, heartbeats every 2 s),
 * the frameworks that talk to them and the task processes they run. {@link #close} kills every
 * process the test started (daemons with their process groups, every task process) and closes
 * every framework, whatever state the test left them in.
 */
final class FaultCluster implements AutoCloseable {
  static final int PING_SECONDS = 2;
  static final int MAX_MISSED_PINGS = 3;
  static final String AGENT_RESOURCES = "cpus:2;mem:1024";

  final Path root;
  final Path stateDir;
  final URI uri;
  final Operator operator;
  final TaskProcesses tasks;
  private final int port;
  private final List<Daemon> daemons = new ArrayList<>();
  private final List<FaultFramework> frameworks = new ArrayList<>();
  private Daemon master;
  private int started;

  FaultCluster(Path root) {
    this.root = root;
    this.stateDir = root.resolve("master-state");
    this.port = freePort();
    this.uri = URI.create("http://127.0.0.1:" + port);
    this.operator = new Operator(uri);
    this.tasks = new TaskProcesses(root.resolve("pids"));
  }

  /** Starts {@code corral master} (again, after a crash: same port, same state dir) and waits until it serves. */
  Daemon startMaster() {
    Daemon m = start("master", List.of("master", "--listen", "127.0.0.1:" + port, "--state-dir", stateDir.toString(),
        "--agent-ping-seconds", Integer.toString(PING_SECONDS), "--max-missed-pings", Integer.toString(MAX_MISSED_PINGS),
        "--heartbeat-seconds", "2"));
    master = m;
    Deadline.await(Duration.ofSeconds(60), () -> "master " + m + " answering GET /health; log:\n" + m.logText(), () -> {
      if (!m.alive()) {
        throw new AssertionError("master exited with " + m.exitCode() + "; log:\n" + m.logText());
      }
      return operator.get("/health").statusCode() == 200 && Files.exists(credentialFile());
    });
    return m;
  }

  Daemon master() {
    return master;
  }

  Path credentialFile() {
    return stateDir.resolve("agent-credential");
  }

  String credential() {
    try {
      return Files.readString(credentialFile()).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path workDir(String hostname) {
    return root.resolve("agents").resolve(hostname);
  }

  /**
   * Starts {@code corral agent} for {@code hostname} (its work dir is the hostname's, so a restart
   * finds its id and tasks) and waits until this process has registered.
   */
  Daemon startAgent(String hostname) {
    Path work = workDir(hostname);
    Daemon a = start("agent-" + hostname, List.of("agent", "--master", uri.toString(), "--credential-file",
        credentialFile().toString(), "--work-dir", work.toString(), "--resources", AGENT_RESOURCES,
        "--hostname", hostname));
    Deadline.await(Duration.ofSeconds(60), () -> a + " registered; log:\n" + a.logText(), () -> {
      if (!a.alive()) {
        throw new AssertionError(a + " exited with " + a.exitCode() + "; log:\n" + a.logText());
      }
      return a.logText().contains("registered with ") && Files.exists(work.resolve("agent-id"));
    });
    return a;
  }

  /** The id the agent of {@code hostname} keeps in its work dir. */
  String agentId(String hostname) {
    try {
      return Files.readString(workDir(hostname).resolve("agent-id")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Protos.AgentID agentIdProto(String hostname) {
    return Protos.AgentID.newBuilder().setValue(agentId(hostname)).build();
  }

  /** The sandbox of a task on the agent of {@code hostname} (ids made file-safe as the agent's TaskStore does). */
  Path sandbox(String hostname, Protos.FrameworkID framework, String taskId) {
    return workDir(hostname).resolve("sandboxes").resolve(safe(framework.getValue())).resolve(safe(taskId));
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  FaultFramework framework(String name, boolean partitionAware, double failoverSeconds) throws IOException {
    FaultFramework f = FaultFramework.subscribe(uri, name, partitionAware, failoverSeconds, null);
    frameworks.add(f);
    return f;
  }

  /** Subscribes again under an existing framework id (after a master failover or a lost connection). */
  FaultFramework resubscribe(String name, boolean partitionAware, double failoverSeconds, Protos.FrameworkID id) {
    FaultFramework f = Deadline.await(Duration.ofSeconds(30), name + " subscribed again as " + id.getValue(),
        () -> FaultFramework.subscribe(uri, name, partitionAware, failoverSeconds, id));
    frameworks.add(f);
    return f;
  }

  /**
   * Launches one sleeper per framework on the agent of {@code hostname}, each on an offer of its
   * own: offers of one agent go to one framework at a time, so each launches when its turn comes.
   */
  void launchSleepers(Map<FaultFramework, String> taskIds, String hostname, int seconds) throws IOException {
    Protos.AgentID agent = agentIdProto(hostname);
    Map<FaultFramework, String> waiting = new LinkedHashMap<>(taskIds);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!waiting.isEmpty()) {
      for (java.util.Iterator<Map.Entry<FaultFramework, String>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<FaultFramework, String> e = it.next();
        java.util.Optional<Protos.Offer> offer = e.getKey().takeOffer(o -> o.getAgentId().equals(agent));
        if (offer.isPresent()) {
          e.getKey().launch(offer.get(), tasks.sleeper(e.getValue(), agent, seconds));
          it.remove();
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("no offer from " + hostname + " within 30 s for " + waiting.keySet().stream()
            .map(f -> f.name + " (seen " + f.types() + ")").toList());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
  }

  /** The pid of the task's one start, once it has written it; fails if it started more than once or does not run. */
  long onlyStart(String taskId) {
    List<Long> starts = Deadline.await(Duration.ofSeconds(10), taskId + " wrote its pid", () -> {
      List<Long> s = tasks.starts(taskId);
      return s.isEmpty() ? null : s;
    });
    if (starts.size() != 1 || !TaskProcesses.alive(starts.get(0))) {
      throw new AssertionError(taskId + " should run once; its starts: " + starts + ", alive: " + tasks.liveStarts(taskId));
    }
    return starts.get(0);
  }

  private Daemon start(String name, List<String> args) {
    started++;
    Daemon d = Daemon.start(name, root.resolve("logs").resolve(started + "-" + name + ".log"), root.resolve("home"), args);
    daemons.add(d);
    return d;
  }

  /** What the master says of agents and tasks now, for failure messages (never throws). */
  String describe() {
    try {
      var agents = operator.agents();
      return "GET_AGENTS agents " + agents.getAgentsList().stream()
          .map(a -> a.getAgentInfo().getId().getValue() + (a.getActive() ? " active" : " inactive")).toList()
          + ", recovered " + agents.getRecoveredAgentsList().stream().map(a -> a.getId().getValue()).toList()
          + "; GET_TASKS " + operator.taskListings();
    } catch (Exception | AssertionError e) {
      return "(the master does not answer: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    frameworks.forEach(FaultFramework::close);
    for (Daemon d : daemons) {
      d.destroy();
    }
    tasks.killAll();
    // The agents were killed with their tasks: their cgroups are left for no later start to clean.
    Path agents = root.resolve("agents");
    if (Files.isDirectory(agents)) {
      try (var dirs = Files.list(agents)) {
        dirs.forEach(Isolator::removeAgentCgroups);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
