package io.corral.shell.daemon;

import io.corral.core.model.AgentInfo;
import io.corral.core.resources.Resources;
import io.corral.remote.agent.AgentConfig;
import io.corral.remote.api.client.ClientTls;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.remote.agent.runtime.TaskRuntime;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.agent.runtime.docker.DockerRuntime;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import io.corral.remote.api.client.MasterAddresses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import io.corral.shell.cmd.AgentsCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral agent}: the daemon on every node. */
@Command(
    name = "agent",
    description = {
      "Run an agent: register with the master, run the tasks it launches, report their states.",
      "SIGTERM stops the agent and leaves its tasks running: the next start finds them again.",
      "With --drain-on-stop, SIGTERM first kills every task (kill policy grace period, then force) and waits",
      "until the master has acknowledged their ends (at most --drain-timeout), then stops.",
      "An agent the master marks gone kills its tasks, forgets its agent id and exits with code 6; started",
      "again, it registers as a new agent.",
      "A task runs as the user it names (command.user, else its framework's user); an agent that is to run tasks",
      "as other users runs as root. --no-switch-user runs every task as the agent's own user.",
      "Tasks are isolated with cgroups (v1 or v2, detected): mem is a hard limit, cpus a share and (with",
      "--cgroups-enable-cfs, the default) a hard quota, disk the sandbox's size, --task-max-pids the processes",
      "of one task. A task over its memory or disk ends TASK_FAILED (REASON_CONTAINER_LIMITATION_MEMORY or _DISK).",
      "Where cgroups cannot be used the agent does not start unless --isolation none says to run tasks without",
      "limits. See docs/isolation.md."
    },
    footer = {
      "%nExamples:",
      "  corral agent --master http://10.0.0.1:5050 --credential-file /etc/corral/agent-credential",
      "  corral agent --master https://10.0.0.1:5050 --ca-file /etc/corral/ca.pem --credential-file /etc/corral/agent-credential",
      "  corral agent --master http://127.0.0.1:5050 --work-dir /tmp/a2 --resources 'cpus:2;mem:2048' --attributes 'rack:r1'",
      "  corral agent --master http://127.0.0.1:5050 --docker-host unix:///run/user/1000/docker.sock",
      "  corral agent --master http://127.0.0.1:5050 --no-switch-user   # tasks run as this user, whatever they name",
      "  corral agent --master http://127.0.0.1:5050 --no-cgroups-enable-cfs --disk-watch-interval 1m",
      "  corral agent --master http://127.0.0.1:5050 --isolation none   # no cgroups here: tasks run without limits",
      "  corral agent show node-1        # the same as 'corral agents show node-1' (also drain, deactivate, reactivate, gone)"
    },
    subcommands = {AgentsCommand.ShowAgent.class, AgentsCommand.Drain.class, AgentsCommand.Deactivate.class,
      AgentsCommand.Reactivate.class, AgentsCommand.Gone.class})
public final class AgentCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  AgentCommand(ShellSession session) {
    this.session = session;
  }

  // Not required = true: picocli would then also demand it before 'agent show ID' and the other
  // subcommands, which name their master their own way. Checked in call().
  @Option(names = "--master", paramLabel = "URL", description = "The master, e.g. http://127.0.0.1:5050, several "
      + "separated by commas, or zk://HOST:PORT/PATH (required to run an agent).")
  String master;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Sandboxes and agent state (default: $CORRAL_HOME/agent, ~/.corral/agent without CORRAL_HOME).")
  Path workDir;

  @Option(names = "--credential-file", paramLabel = "FILE",
      description = "The credential the master issued (default: $CORRAL_HOME/master/agent-credential, the"
          + " credential of a master on this machine with the default state directory).")
  Path credentialFile;

  @Option(names = "--ca-file", paramLabel = "FILE",
      description = "PEM file of the CA(s) an https:// master is verified with, e.g. the master's <state-dir>/tls/ca.pem"
          + " (default: the JDK's trust store).")
  Path caFile;

  @Option(names = "--resources", paramLabel = "RES", description = "Override detected resources, e.g. 'cpus:2;mem:2048'.")
  String resources;

  @Option(names = "--attributes", paramLabel = "ATTRS", description = "Attributes, e.g. 'rack:r1;zone:a' (os is always set).")
  String attributes;

  @Option(names = "--hostname", paramLabel = "NAME", description = "The name reported to the master (default: detected).")
  String hostname;

  @Option(names = "--docker-host", paramLabel = "URI", description = "The Docker engine for Docker tasks (default:"
      + " $DOCKER_HOST, else unix:///var/run/docker.sock on Linux, npipe:////./pipe/docker_engine on Windows).")
  String dockerHost;

  @Option(names = "--no-switch-user", negatable = false,
      description = "Run every task as this agent's own user, whatever user the task or its framework names"
          + " (default: as that user, which needs an agent running as root; see docs/security.md).")
  boolean noSwitchUser;

  @Option(names = {"--drain-on-stop", "--drain"},
      description = "On SIGTERM, kill every task and wait until the master acknowledged their ends before stopping.")
  boolean drain;

  @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long --drain-on-stop waits for the tasks' ends to be acknowledged (default: ${DEFAULT-VALUE}).")
  long drainTimeoutSeconds;

  @Option(names = "--usage-interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "How often each running task's cpu, memory and sandbox size are sampled and reported to the"
          + " master, for GET_CONTAINERS and 'corral top'; 0 turns sampling off (default: ${DEFAULT-VALUE}).")
  double usageIntervalSeconds;

  @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "cgroups",
      description = "cgroups: enforce each task's cpus, mem, disk and pids (the agent refuses to start where it cannot);"
          + " none: run tasks without limits (default: ${DEFAULT-VALUE}).")
  String isolation;

  @Option(names = "--cgroups-enable-cfs", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Make cpus a hard CFS quota as well as a share; --no-cgroups-enable-cfs leaves idle cpu to"
          + " whoever wants it (default: on, see docs/isolation.md).")
  boolean cfs;

  @Option(names = "--task-max-pids", paramLabel = "N", defaultValue = "" + IsolationOptions.DEFAULT_MAX_PIDS,
      description = "The most processes and threads one task may have at once (default: ${DEFAULT-VALUE}).")
  int taskMaxPids;

  @Option(names = "--disk-watch-interval", paramLabel = "DURATION", defaultValue = "15s",
      description = "How often each sandbox's size is measured against the task's disk, e.g. 15s, 500ms, 1m"
          + " (default: ${DEFAULT-VALUE}).")
  String diskWatchInterval;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Options from a YAML file, one per line without the leading '--' (e.g. 'work-dir: /var/lib/corral/agent',"
          + " 'isolation: cgroups'); options given on the command line win.")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (config != null) {
      DaemonConfigFile.apply(spec, config);
    }
    if (master == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--master=URL'");
    }
    List<URI> masters;
    try {
      masters = MasterAddresses.parse(master);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid --master '" + master + "': " + e.getMessage());
    }
    Path dir = workDir();
    Path credFile = credentialFile();
    if (!Files.isReadable(credFile)) {
      throw new ParameterException(spec.commandLine(), "cannot read the credential file " + credFile
          + " (pass --credential-file; the master writes one to <state-dir>/agent-credential)");
    }
    if (drainTimeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--drain-timeout must be at least 1 second, not " + drainTimeoutSeconds);
    }
    Duration usageInterval = usageInterval(usageIntervalSeconds);
    if (usageInterval == null) {
      throw new ParameterException(spec.commandLine(), "--usage-interval must be 0 (off) or at least 0.1 seconds, not "
          + usageIntervalSeconds);
    }
    Map<String, String> attrs;
    try {
      if (resources != null) {
        Resources.parse(resources);
      }
      attrs = AgentInfo.parseAttributes(attributes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    DockerEngine engine = DockerRuntimes.engine(dockerHost, spec);
    if (caFile != null && !Files.isReadable(caFile)) {
      throw new ParameterException(spec.commandLine(), "cannot read the CA file " + caFile);
    }
    return runDaemon(master, masters, dir, credFile, resources, attrs, hostname, engine, drain, drainTimeoutSeconds,
        caFile, !noSwitchUser, isolationOptions(), usageInterval);
  }

  private IsolationOptions isolationOptions() {
    IsolationOptions options = switch (isolation) {
      case "cgroups" -> IsolationOptions.defaults();
      case "none" -> IsolationOptions.none();
      default -> throw new ParameterException(spec.commandLine(), "--isolation is cgroups or none, not '" + isolation + "'");
    };
    Matcher m = Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(diskWatchInterval.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ParameterException(spec.commandLine(), "invalid --disk-watch-interval '" + diskWatchInterval
          + "' (e.g. 15s, 500ms, 1m)");
    }
    long n = Long.parseLong(m.group(1));
    Duration interval = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
    if (taskMaxPids < 1) {
      throw new ParameterException(spec.commandLine(), "--task-max-pids must be at least 1, not " + taskMaxPids);
    }
    return options.withCfs(options.cgroups() && cfs).withMaxPids(taskMaxPids).withDiskWatchInterval(interval);
  }

  /** {@code --work-dir}, else {@code <home>/agent}. */
  Path workDir() {
    return workDir != null ? workDir : session.corralHome().agentDir();
  }

  /** {@code --credential-file}, else the one a master with the default state directory writes. */
  Path credentialFile() {
    return credentialFile != null ? credentialFile : session.corralHome().masterDir().resolve("agent-credential");
  }

  /** {@code --usage-interval} as a duration, or null when it is not one the agent takes. */
  static Duration usageInterval(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0 || seconds > 86_400 || seconds > 0 && seconds < 0.1) {
      return null;
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /**
   * Runs the agent until SIGTERM ({@link ExitCodes#OK}) or until the master marks it gone
   * ({@link ExitCodes#AGENT_GONE}), once the command line has been checked: {@code masters} are the
   * ones {@code master} names (a URL, a list, or {@code zk://}, read again at re-registrations).
   */
  static int runDaemon(String master, List<URI> masters, Path dir, Path credFile, String resources, Map<String, String> attrs,
      String hostname, DockerEngine engine, boolean drain, long drainTimeoutSeconds, Path caFile, boolean switchUser,
      IsolationOptions isolation, Duration usageInterval) throws Exception {
    DaemonLog.teeStderrTo(dir.resolve("agent.log"));
    if (!switchUser) {
      System.err.println("corral agent: --no-switch-user: every task runs as this agent's user '"
          + System.getProperty("user.name") + "', whatever user it names");
    }
    AgentConfig config = new AgentConfig(masters.get(0), dir, Files.readString(credFile).trim(), resources, attrs,
        hostname, null, masters.subList(1, masters.size()), MasterAddresses.source(master), caFile, switchUser,
        usageInterval);
    if (config.caFile() != null) {
      // the agent's connections to the master (registration, calls) verify an https master with this
      ClientTls.share(ClientTls.trusting(config.caFile()));
    }
    // A host without usable cgroups stops the agent here (IsolationUnavailable), before it registers.
    TaskRuntime runtime = TaskRuntimes.forAgent(isolation, dir);
    DockerRuntime docker = DockerRuntimes.forAgent(engine, dir);
    AgentDaemon agent;
    try {
      agent = AgentDaemon.start(config, runtime, docker);
    } catch (IOException | RuntimeException e) {
      // The agent never ran: its (empty) parent cgroups go again.
      runtime.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<String> gone = new AtomicReference<>();
    Thread hook = new Thread(() -> {
      System.err.println("corral agent: stopping" + (drain ? " and killing its tasks" : "; tasks keep running"));
      if (drain) {
        boolean drained = agent.drain(Duration.ofSeconds(drainTimeoutSeconds));
        System.err.println("corral agent: " + (drained ? "every task ended and was acknowledged"
            : "stopped after " + drainTimeoutSeconds + " s with task ends not yet acknowledged; the next start reports them"));
      } else {
        agent.close();
      }
      stopped.countDown();
    }, "corral-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    agent.stopped().thenAccept(reason -> {
      gone.set(reason);
      stopped.countDown();
    });
    System.err.println("corral agent " + (agent.agentId() == null ? "(not registered yet)" : agent.agentId())
        + " for " + String.join(",", masters.stream().map(URI::toString).toList()) + ", work dir " + dir);
    stopped.await();
    if (gone.get() == null) {
      return ExitCodes.OK;
    }
    try {
      // The agent has stopped itself; the hook would only say that its tasks keep running.
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // SIGTERM came at the same time and its hook runs: the exit code is the JVM's now
    }
    System.err.println("corral agent: the master marked this agent gone (" + gone.get() + "); stopping");
    return ExitCodes.AGENT_GONE;
  }
}
