package io.corral.shell.daemon;

import io.corral.core.model.AgentInfo;
import io.corral.core.resources.Resources;
import io.corral.remote.agent.runtime.docker.DockerEngine;
import io.corral.remote.api.client.MasterAddresses;
import io.corral.remote.agent.isolation.IsolationOptions;
import io.corral.shell.ExitCodes;
import io.corral.shell.client.CorralHome;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code corral agent} with daemon options only, the way launchers ({@code bin/corral-agent}, the
 * systemd unit) start it, run without building the picocli command tree: that is about a third of
 * an agent's CPU from start to registration, which twenty hosts started at once feel. Anything else
 * (a subcommand, {@code --help}, an unknown or repeated option, a value the checks of
 * {@link AgentCommand} would refuse) is left to picocli, which gives the usual messages and exit
 * codes; the daemon itself runs the same code either way ({@link AgentCommand#runDaemon}).
 */
public final class AgentFastStart {
  private static final Set<String> VALUED = Set.of("--master", "--work-dir", "--credential-file", "--resources",
      "--attributes", "--hostname", "--docker-host", "--drain-timeout", "--ca-file",
      "--usage-interval");

  private AgentFastStart() {}

  /** The agent's exit code, or empty when the command line is not one this path takes. */
  public static OptionalInt run(String[] args, Map<String, String> env) {
    Map<String, String> values = parse(args);
    if (values == null) {
      return OptionalInt.empty();
    }
    boolean drain = values.containsKey("--drain");
    String master = values.get("--master");
    List<URI> masters;
    Path dir;
    Path credFile;
    long drainTimeout;
    Map<String, String> attrs;
    DockerEngine engine;
    java.time.Duration usageInterval;
    try {
      // A bad --master (or zk:// without ZooKeeper's client) takes the picocli path, which says why.
      masters = MasterAddresses.parse(master);
      // paths: InvalidPathException is an IllegalArgumentException
      CorralHome home = CorralHome.from(env);
      dir = values.containsKey("--work-dir") ? Path.of(values.get("--work-dir")) : home.agentDir();
      credFile = values.containsKey("--credential-file") ? Path.of(values.get("--credential-file"))
          : home.masterDir().resolve("agent-credential");
      drainTimeout = Long.parseLong(values.getOrDefault("--drain-timeout", "30"));
      if (values.containsKey("--resources")) {
        Resources.parse(values.get("--resources"));
      }
      attrs = AgentInfo.parseAttributes(values.get("--attributes"));
      engine = DockerRuntimes.engine(values.get("--docker-host"));
      usageInterval = AgentCommand.usageInterval(Double.parseDouble(values.getOrDefault("--usage-interval", "5")));
    } catch (IllegalArgumentException e) {
      return OptionalInt.empty();
    }
    Path caFile = values.containsKey("--ca-file") ? Path.of(values.get("--ca-file")) : null;
    if (!Files.isReadable(credFile) || drainTimeout < 1 || usageInterval == null || caFile != null && !Files.isReadable(caFile)) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(AgentCommand.runDaemon(master, masters, dir, credFile, values.get("--resources"), attrs,
          values.get("--hostname"), engine, drain, drainTimeout, caFile, !values.containsKey("--no-switch-user"),
          IsolationOptions.defaults(), usageInterval));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.of(ExitCodes.FAILED);
    } catch (Exception e) {
      String message = e.getMessage();
      System.err.println("error: " + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message));
      return OptionalInt.of(ExitCodes.FAILED);
    }
  }

  /**
   * {@code agent} followed by daemon options ({@code --name value} or {@code --name=value}, each
   * once, {@code --master} among them) as a map ({@code --drain} and {@code --no-switch-user} map to
   * ""), else null.
   */
  static Map<String, String> parse(String[] args) {
    if (args.length < 2 || !args[0].equals("agent")) {
      return null;
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--drain") || arg.equals("--drain-on-stop")) {
        if (values.put("--drain", "") != null) {
          return null;
        }
        continue;
      }
      if (arg.equals("--no-switch-user")) {
        if (values.put(arg, "") != null) {
          return null;
        }
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      if (!VALUED.contains(name) || values.containsKey(name)) {
        return null;
      }
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        return null;
      }
      values.put(name, value);
    }
    return values.containsKey("--master") ? values : null;
  }
}
