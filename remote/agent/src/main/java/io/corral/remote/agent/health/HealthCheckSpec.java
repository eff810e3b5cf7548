package io.corral.remote.agent.health;

import io.corral.remote.api.convert.HealthCheckRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mesos.v1.Protos;

/**
 * A task's health check as the agent runs it, read from Mesos' {@code HealthCheck} with its defaults
 * (delay 15 s, interval 10 s, timeout 20 s, 3 consecutive failures, grace period 10 s).
 *
 * @param timeout how long one check may take; {@link Duration#ZERO} means no limit, as in Mesos
 * @param http set for an HTTP check, else null
 * @param tcpPort the port of a TCP check, else 0
 * @param command set for a COMMAND check, else null
 * @param ipv6 checks {@code ::1} instead of {@code 127.0.0.1} (the check's {@code protocol} is IPv6)
 */
public record HealthCheckSpec(Type type, Duration delay, Duration interval, Duration timeout, long consecutiveFailures,
    Duration gracePeriod, Http http, int tcpPort, Command command, boolean ipv6) {

  public enum Type { HTTP, TCP, COMMAND }

  /** {@code scheme://host:port/path}; healthy on 200 to 399, or on one of {@code statuses} when there are any. */
  public record Http(String scheme, int port, String path, List<Integer> statuses) {
    public Http {
      statuses = List.copyOf(statuses);
    }

    public boolean healthy(int status) {
      return statuses.isEmpty() ? status >= 200 && status <= 399 : statuses.contains(status);
    }

    public Http withPort(int other) {
      return new Http(scheme, other, path, statuses);
    }
  }

  /** A shell command ({@code sh -c value}) or a program with arguments, with its own variables. */
  public record Command(boolean shell, String value, List<String> arguments, Map<String, String> environment) {
    public Command {
      arguments = List.copyOf(arguments);
      environment = Map.copyOf(environment);
    }

    /**
     * What to execute: {@code sh -c value}, or the program and its arguments; as Mesos has it,
     * {@code arguments} is the whole argv, its first entry the program's name.
     */
    public List<String> argv() {
      List<String> argv = new ArrayList<>();
      if (shell) {
        argv.addAll(List.of("/bin/sh", "-c", value));
      } else if (value == null || value.isEmpty()) {
        argv.addAll(arguments);
      } else {
        argv.add(value);
        if (arguments.size() > 1) {
          argv.addAll(arguments.subList(1, arguments.size()));
        }
      }
      return argv;
    }
  }

  /**
   * The check {@code check} describes.
   *
   * @throws IllegalArgumentException when it breaks {@link HealthCheckRules} (the master refuses such
   *     tasks; an agent may still be handed one by an older master)
   */
  public static HealthCheckSpec from(Protos.HealthCheck check) {
    String problem = HealthCheckRules.problem("health_check", check);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Http http = null;
    int tcpPort = 0;
    Command command = null;
    boolean ipv6 = false;
    switch (check.getType()) {
      case HTTP -> {
        Protos.HealthCheck.HTTPCheckInfo h = check.getHttp();
        String path = h.getPath().isEmpty() ? "/" : h.getPath();
        String scheme = h.hasScheme() ? h.getScheme().toLowerCase(Locale.ROOT) : "http";
        http = new Http(scheme, h.getPort(), path, h.getStatusesList());
        ipv6 = h.getProtocol() == Protos.NetworkInfo.Protocol.IPv6;
      }
      case TCP -> {
        tcpPort = check.getTcp().getPort();
        ipv6 = check.getTcp().getProtocol() == Protos.NetworkInfo.Protocol.IPv6;
      }
      default -> {
        Protos.CommandInfo c = check.getCommand();
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnvironment().getVariablesList().forEach(v -> env.put(v.getName(), v.getValue()));
        command = new Command(!c.hasShell() || c.getShell(), c.getValue(), c.getArgumentsList(), env);
      }
    }
    return new HealthCheckSpec(Type.valueOf(check.getType().name()), seconds(check.getDelaySeconds()),
        seconds(check.getIntervalSeconds()), seconds(check.getTimeoutSeconds()),
        Integer.toUnsignedLong(check.getConsecutiveFailures()), seconds(check.getGracePeriodSeconds()), http, tcpPort,
        command, ipv6);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(Math.min(s * 1e9, Long.MAX_VALUE)));
  }

  /** What the check looks at, for messages: "HTTP GET http://127.0.0.1:8080/health", "TCP 127.0.0.1:5432". */
  public String describe(int port) {
    String host = ipv6 ? "[::1]" : "127.0.0.1";
    return switch (type) {
      case HTTP -> "HTTP GET " + http.scheme() + "://" + host + ":" + port + http.path();
      case TCP -> "TCP " + host + ":" + port;
      case COMMAND -> "command '" + (command.shell() ? command.value() : String.join(" ", command.argv())) + "'";
    };
  }
}
