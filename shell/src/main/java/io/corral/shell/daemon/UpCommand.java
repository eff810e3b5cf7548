package io.corral.shell.daemon;

import io.corral.remote.agent.AgentConfig;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral up}: a one-machine cluster in one process, an embedded master and a local agent. */
@Command(
    name = "up",
    description = {
      "Run a one-machine cluster in this process: a master on loopback and an agent on this machine.",
      "Mesos frameworks can connect to it at once. Ctrl-C stops both; tasks keep running and are found again next time."
    },
    footer = {"%nExample:", "  corral up                      # master on http://127.0.0.1:5050, state in ~/.corral"})
public final class UpCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  UpCommand(ShellSession session) {
    this.session = session;
  }

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5050", description = "Master port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Where master state and agent sandboxes live (default: $CORRAL_HOME, else ~/.corral).")
  Path stateDir;

  @Option(names = "--no-local-agent", negatable = false, description = "Start the master only.")
  boolean noLocalAgent;

  /** A running one-machine cluster. */
  public record Cluster(MasterServer master, AgentDaemon agent) implements AutoCloseable {
    @Override
    public void close() {
      if (agent != null) {
        agent.close();
      }
      master.close();
    }
  }

  /** Starts the master and (unless told not to) a local agent; used by the command and by tests. */
  public static Cluster start(Path dir, int port, boolean localAgent) throws Exception {
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", port)
        .withStateDir(dir.resolve("master")));
    try {
      AgentDaemon agent = !localAgent ? null : AgentDaemon.start(new AgentConfig(URI.create(master.url()),
          dir.resolve("agent"), master.bootstrapCredential(), null, Map.of(), null, Duration.ofSeconds(3)),
          TaskRuntimes.forThisPlatform(), localDocker(dir.resolve("agent")));
      return new Cluster(master, agent);
    } catch (Exception | Error e) {
      master.close();
      throw e;
    }
  }

  /** The local agent runs Docker tasks on the engine at $DOCKER_HOST (or the default socket). */
  private static DockerRuntime localDocker(Path workDir) {
    try {
      return DockerRuntimes.forAgent(DockerRuntimes.engine(null), workDir);
    } catch (IllegalArgumentException e) {
      System.err.println("corral: DOCKER_HOST: " + e.getMessage() + "; the local agent runs no Docker tasks");
      return null;
    }
  }

  /** {@code --state-dir}, else the home: {@code master/} and {@code agent/} in it. */
  Path stateDir() {
    return stateDir != null ? stateDir : session.home();
  }

  @Override
  public Integer call() throws Exception {
    Path dir = stateDir();
    Cluster cluster = start(dir, port, !noLocalAgent);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "corral-up-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("corral is up: master " + cluster.master().url()
        + (cluster.agent() == null ? "" : ", local agent " + cluster.agent().agentId()));
    out.println("  Mesos frameworks:  " + cluster.master().url() + "/api/v1/scheduler");
    out.println("  state:             " + cluster.master().url() + "/master/state");
    out.println("  more agents:       corral agent --master " + cluster.master().url() + " --credential-file "
        + dir.resolve("master").resolve(MasterServer.CREDENTIAL_FILE) + " --work-dir <dir>");
    out.println("Ctrl-C stops it.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
