package io.corral.shell.daemon;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code corral master}: the headless master daemon. */
@Command(
    name = "master",
    description = {
      "Run a master: the Mesos v1 scheduler and operator APIs, the agent endpoint, durable state.",
      "Binds to loopback unless --listen names another address. Stops cleanly on SIGTERM or Ctrl-C."
    },
    footer = {
      "%nExamples:",
      "  corral master                                   # 127.0.0.1:5050, state in ~/.corral/master",
      "  corral master --listen 0.0.0.0:5050 --state-dir /var/lib/corral",
      "%nAgents register with the credential the master writes to <state-dir>/agent-credential (mode 0600)."
    })
public final class MasterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5050",
      description = "Address to serve on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where durable state, the agent credential and master.log live (default: ~/.corral/master).")
  Path stateDir;

  @Option(names = "--agent-ping-seconds", paramLabel = "S", defaultValue = "15",
      description = "Seconds between pings to agents (default: ${DEFAULT-VALUE}).")
  int pingSeconds;

  @Option(names = "--max-missed-pings", paramLabel = "N", defaultValue = "5",
      description = "Pings an agent may miss before it is unreachable (default: ${DEFAULT-VALUE}).")
  int maxMissedPings;

  @Option(names = "--heartbeat-seconds", paramLabel = "S", defaultValue = "15",
      description = "Seconds between HEARTBEAT events to frameworks (default: ${DEFAULT-VALUE}).")
  int heartbeatSeconds;

  @Override
  public Integer call() throws Exception {
    HostPort address = HostPort.parse(listen, spec);
    if (pingSeconds < 1 || maxMissedPings < 1 || heartbeatSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "ping, heartbeat and missed-ping settings must be at least 1");
    }
    Path dir = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".corral", "master");
    DaemonLog.teeStderrTo(dir.resolve("master.log"));
    MasterConfig config = MasterConfig.defaults().withListen(address.host(), address.port()).withStateDir(dir)
        .withTimings(Duration.ofSeconds(heartbeatSeconds), Duration.ofSeconds(pingSeconds), maxMissedPings,
            Duration.ofSeconds(1));
    MasterServer server = MasterServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("corral master: stopping");
      server.close();
      stopped.countDown();
    }, "corral-master-shutdown"));
    System.err.println("corral master " + server.masterId() + " serving " + server.url());
    System.err.println("agent credential: " + dir.resolve(MasterServer.CREDENTIAL_FILE));
    stopped.await();
    return ExitCodes.OK;
  }
}
