package io.corral.shell.daemon;

import io.corral.remote.master.HaMasterServer;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.remote.master.MasterTls;
import io.corral.remote.api.client.ZkUrl;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      "Binds to loopback unless --listen names another address. Stops cleanly on SIGTERM or Ctrl-C.",
      "With --zk, masters elect a leader in ZooKeeper, which keeps the state there;",
      "the others answer 307 with the leader's address. A master that loses its",
      "leadership or its ZooKeeper session exits with code 5 (restart it to contend again)."
    },
    footer = {
      "%nExamples:",
      "  corral master                                   # 127.0.0.1:5050, state in ~/.corral/master",
      "  corral master --listen 0.0.0.0:5050 --state-dir /var/lib/corral   # HTTPS, CA in /var/lib/corral/tls/ca.pem",
      "  corral master --listen 10.0.0.5:5050 --tls on --tls-cert master.pem --tls-key master-key.pem",
      "  corral master --listen 10.0.0.5:5050 --zk zk://10.0.0.1:2181,10.0.0.2:2181/corral",
      "  corral master --listen 10.0.0.6:5050 --zk zk://10.0.0.1:2181/corral --tls-ca ca.pem --tls-ca-key ca-key.pem",
      "%nAgents register with the credential the master writes to <state-dir>/agent-credential (mode 0600).",
      "With TLS, agents and clients verify the master with --ca-file <state-dir>/tls/ca.pem (see docs/security.md)."
    })
public final class MasterCommand implements Callable<Integer> {
  private final ShellSession session;

  @Spec CommandSpec spec;

  MasterCommand(ShellSession session) {
    this.session = session;
  }

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5050",
      description = "Address to serve on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where durable state, the agent credential and master.log live (default: $CORRAL_HOME/master,"
          + " ~/.corral/master without CORRAL_HOME).")
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

  @Option(names = "--max-completed-tasks-per-framework", paramLabel = "N", defaultValue = "1000",
      description = "Ended tasks kept per framework, newest first, in memory and in the state (default: ${DEFAULT-VALUE}).")
  int maxCompletedTasks;

  @Option(names = "--max-completed-frameworks", paramLabel = "N", defaultValue = "50",
      description = "Removed frameworks whose ended tasks are kept (default: ${DEFAULT-VALUE}).")
  int maxCompletedFrameworks;

  @Option(names = "--zk", paramLabel = "zk://HOST:PORT[,HOST:PORT]/PATH",
      description = "Run as one of several masters, electing a leader and keeping state in ZooKeeper under PATH.")
  String zk;

  @Option(names = "--zk-session-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long ZooKeeper keeps a silent master's session, e.g. 10s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
  String zkSessionTimeout;

  @Option(names = "--advertise", paramLabel = "HOST:PORT",
      description = "The address other masters send clients to (with --zk; default: the --listen address).")
  String advertise;

  @Option(names = "--tls", paramLabel = "auto|on|off",
      description = "HTTPS only on the master's port. auto: a CA and server certificate of the master's own in"
          + " <state-dir>/tls (clients trust <state-dir>/tls/ca.pem); on: the certificate given by --tls-cert and"
          + " --tls-key; off: plain HTTP. Default: off on a loopback --listen address, auto otherwise.")
  String tls;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate (chain) to serve with --tls on.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "PEM private key (unencrypted, PKCS#8 or OpenSSL form) of --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "With --tls auto: issue this master's server certificate from the CA certificate in FILE"
          + " (with its key in --tls-ca-key) instead of a CA of its own, so that several masters (--zk) share one"
          + " CA and clients need one ca.pem. The certificate is copied to <state-dir>/tls/ca.pem.")
  Path tlsCa;

  @Option(names = "--tls-ca-key", paramLabel = "FILE", description = "The PEM private key of --tls-ca (keep it 0600).")
  Path tlsCaKey;

  @Option(names = "--authenticate", negatable = true, paramLabel = "",
      description = "Ask callers of the Mesos APIs, /master/state, /metrics and /files for credentials: HTTP Basic"
          + " from --credentials, or 'Bearer <operator token>' (<state-dir>/operator-token); /health stays open."
          + " Default: on with --tls auto|on, off otherwise.")
  Boolean authenticate;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Principals and secrets for HTTP Basic, in Mesos' JSON ({\"credentials\": [{\"principal\": \"fw1\","
          + " \"secret\": \"...\"}]}), read again when it changes.")
  Path credentials;

  @Option(names = "--acls", paramLabel = "FILE",
      description = "What authenticated principals may do, in Mesos' ACL JSON (register_frameworks, teardown_frameworks,"
          + " drain_agents, mark_agents_gone, deactivate_agents, reactivate_agents, update_weights, update_quotas,"
          + " permissive), and what they may read (view_frameworks, view_tasks, view_roles, get_quotas,"
          + " access_sandboxes, view_executors; reads are filtered). Without it a principal may only read, all of it,"
          + " and register and drive its own frameworks.")
  Path acls;

  @Option(names = "--services-role", paramLabel = "ROLE", defaultValue = MasterConfig.DEFAULT_SERVICES_ROLE,
      description = "The role under which the built-in service scheduler (/v2, 'corral service') takes offers;"
          + " give it quota or a weight like any role (default: ${DEFAULT-VALUE}).")
  String servicesRole;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Options from a YAML file, one per line without the leading '--' (e.g. 'state-dir: /var/lib/corral/master',"
          + " 'authenticate: true'); options given on the command line win.")
  Path config;

  @Override
  public Integer call() throws Exception {
    if (config != null) {
      DaemonConfigFile.apply(spec, config);
    }
    HostPort address = HostPort.parse(listen, spec);
    if (zk == null && advertise != null) {
      throw new ParameterException(spec.commandLine(), "--advertise needs --zk");
    }
    HaMasterServer.Options ha = zk == null ? null : haOptions();
    if (pingSeconds < 1 || maxMissedPings < 1 || heartbeatSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "ping, heartbeat and missed-ping settings must be at least 1");
    }
    if (maxCompletedTasks < 0 || maxCompletedFrameworks < 0) {
      throw new ParameterException(spec.commandLine(), "--max-completed-tasks-per-framework and --max-completed-frameworks"
          + " must be at least 0");
    }
    MasterTls masterTls = tls(address.host(), ha);
    MasterConfig.Authentication authentication = authentication(masterTls != null);
    Path dir = stateDir();
    DaemonLog.teeStderrTo(dir.resolve("master.log"));
    MasterConfig config = MasterConfig.defaults().withListen(address.host(), address.port()).withStateDir(dir)
        .withTimings(Duration.ofSeconds(heartbeatSeconds), Duration.ofSeconds(pingSeconds), maxMissedPings,
            Duration.ofSeconds(1))
        .withCompletedRetention(maxCompletedTasks, maxCompletedFrameworks)
        .withTls(masterTls)
        .withAuthentication(authentication)
        .withServicesRole(servicesRole(servicesRole));
    if (ha != null) {
      return runHa(config, ha, dir);
    }
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

  /** {@code --state-dir}, else {@code <home>/master}. */
  Path stateDir() {
    return stateDir != null ? stateDir : session.corralHome().masterDir();
  }

  private String servicesRole(String role) {
    String problem = InputRules.roleProblem("--services-role", role);
    if (problem != null || "*".equals(role)) {
      throw new ParameterException(spec.commandLine(), (problem != null ? problem
          : "the service scheduler needs a role of its own, not '*'"));
    }
    return role;
  }

  /** Whom the master asks for credentials: null for nobody. */
  private MasterConfig.Authentication authentication(boolean tlsOn) {
    boolean on = authenticate != null ? authenticate : tlsOn;
    if (!on) {
      if (credentials != null || acls != null) {
        throw new ParameterException(spec.commandLine(), (credentials != null ? "--credentials" : "--acls")
            + " needs --authenticate");
      }
      return null;
    }
    if (credentials != null && !Files.isReadable(credentials)) {
      throw new ParameterException(spec.commandLine(), "cannot read the credentials file " + credentials);
    }
    if (acls != null && !Files.isReadable(acls)) {
      throw new ParameterException(spec.commandLine(), "cannot read the ACLs file " + acls);
    }
    return new MasterConfig.Authentication(credentials, acls);
  }

  /** The TLS the options ask for: null for plain HTTP. */
  private MasterTls tls(String listenHost, HaMasterServer.Options ha) {
    String mode = tls == null ? (isLoopback(listenHost) ? "off" : "auto") : tls.trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("on") && (tlsCert != null || tlsKey != null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key need --tls on");
    }
    if (!mode.equals("auto") && (tlsCa != null || tlsCaKey != null)) {
      throw new ParameterException(spec.commandLine(), "--tls-ca and --tls-ca-key need --tls auto");
    }
    if ((tlsCa == null) != (tlsCaKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-ca and --tls-ca-key go together");
    }
    List<String> advertised = ha == null || ha.advertiseHost() == null ? List.of() : List.of(ha.advertiseHost());
    return switch (mode) {
      case "off" -> null;
      case "auto" -> {
        if (tlsCa == null) {
          yield MasterTls.generated(advertised);
        }
        for (Path file : List.of(tlsCa, tlsCaKey)) {
          if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file);
          }
        }
        yield MasterTls.fromCa(tlsCa, tlsCaKey, advertised);
      }
      case "on" -> {
        if (tlsCert == null || tlsKey == null) {
          throw new ParameterException(spec.commandLine(), "--tls on needs --tls-cert FILE and --tls-key FILE (PEM)");
        }
        for (Path file : List.of(tlsCert, tlsKey)) {
          if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file);
          }
        }
        yield MasterTls.fromFiles(tlsCert, tlsKey);
      }
      default -> throw new ParameterException(spec.commandLine(), "--tls must be auto, on or off, not '" + tls + "'");
    };
  }

  /** Whether {@code host} is a loopback address (or {@code localhost}), without asking DNS. */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  private HaMasterServer.Options haOptions() {
    ZkUrl url;
    try {
      url = ZkUrl.parse(zk);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Duration timeout = duration(zkSessionTimeout);
    if (timeout.toMillis() < 100 || timeout.toMinutes() > 10) {
      throw new ParameterException(spec.commandLine(), "--zk-session-timeout must be between 100ms and 10m");
    }
    HostPort advertised = advertise == null ? null : HostPort.parse(advertise, spec);
    if (advertised != null && advertised.port() == 0) {
      throw new ParameterException(spec.commandLine(), "--advertise needs a port other than 0");
    }
    return new HaMasterServer.Options(url, timeout, advertised == null ? null : advertised.host(),
        advertised == null ? 0 : advertised.port());
  }

  private Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(text.trim());
    if (!m.matches()) {
      throw new ParameterException(spec.commandLine(), "invalid duration '" + text + "' (e.g. 10s, 500ms, 1m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** One of several masters: serves until stopped, or exits with {@link ExitCodes#LEADERSHIP_LOST} once deposed. */
  private int runHa(MasterConfig config, HaMasterServer.Options ha, Path dir) throws InterruptedException {
    AtomicInteger exit = new AtomicInteger(ExitCodes.OK);
    CountDownLatch stopped = new CountDownLatch(1);
    HaMasterServer server = HaMasterServer.start(config, ha, reason -> {
      System.err.println("corral master: lost leadership (" + reason + "); exiting with code "
          + ExitCodes.LEADERSHIP_LOST);
      exit.set(ExitCodes.LEADERSHIP_LOST);
      stopped.countDown();
    });
    Thread hook = new Thread(() -> {
      System.err.println("corral master: stopping");
      server.close();
      stopped.countDown();
    }, "corral-master-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println("corral master " + server.masterId() + " serving " + server.url() + ", contending under "
        + ha.zk());
    System.err.println("agent credential (once leading): " + dir.resolve(MasterServer.CREDENTIAL_FILE));
    stopped.await();
    if (exit.get() != ExitCodes.OK) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException stopping) {
        return exit.get(); // the hook is closing the master already
      }
      server.close();
    }
    return exit.get();
  }
}
