package io.corral.remote.api.convert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.apache.mesos.v1.Protos;

/**
 * The rules a task's {@code health_check} must pass, shared by the master (which refuses the task at
 * ACCEPT) and the agent (which runs the check). As {@link InputRules}, each check returns null or a
 * message that starts with the field's path ({@code "health_check.http.port: 0 is not a port (1 to
 * 65535)"}). Mesos' own rules (a type, the type's part, non-negative durations, an {@code http} or
 * {@code https} scheme, a path starting with {@code /}), plus what running the check needs: a port
 * that exists, finite durations that fit in a {@link java.time.Duration}, a command without NUL.
 */
public final class HealthCheckRules {
  /** The longest duration Mesos' {@code Duration} holds, in seconds; also this field's limit. */
  public static final double MAX_SECONDS = 9_223_372_036d;
  private static final int MAX_COMMAND_BYTES = 64 * 1024;

  private HealthCheckRules() {}

  /** The first problem of {@code check}, found at {@code field} (e.g. {@code "health_check"}), or null. */
  public static String problem(String field, Protos.HealthCheck check) {
    String problem = typeProblem(field, check);
    for (String seconds : new String[] {"delay_seconds", "interval_seconds", "timeout_seconds", "grace_period_seconds"}) {
      if (problem != null) {
        return problem;
      }
      problem = InputRules.numberProblem(field + "." + seconds, seconds(check, seconds), 0, MAX_SECONDS);
    }
    return problem;
  }

  private static double seconds(Protos.HealthCheck check, String name) {
    return switch (name) {
      case "delay_seconds" -> check.getDelaySeconds();
      case "interval_seconds" -> check.getIntervalSeconds();
      case "timeout_seconds" -> check.getTimeoutSeconds();
      default -> check.getGracePeriodSeconds();
    };
  }

  private static String typeProblem(String field, Protos.HealthCheck check) {
    if (!check.hasType()) {
      return field + ".type: must be set (COMMAND, HTTP or TCP)";
    }
    return switch (check.getType()) {
      case HTTP -> check.hasHttp() ? httpProblem(field + ".http", check.getHttp())
          : field + ".http: must be set for an HTTP health check";
      case TCP -> check.hasTcp() ? portProblem(field + ".tcp.port", check.getTcp().getPort())
          : field + ".tcp: must be set for a TCP health check";
      case COMMAND -> check.hasCommand() ? commandProblem(field + ".command", check.getCommand())
          : field + ".command: must be set for a COMMAND health check";
      default -> field + ".type: " + check.getType() + " is not a health check type (COMMAND, HTTP or TCP)";
    };
  }

  private static String httpProblem(String field, Protos.HealthCheck.HTTPCheckInfo http) {
    String problem = portProblem(field + ".port", http.getPort());
    if (problem == null && http.hasScheme()) {
      String scheme = http.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        problem = field + ".scheme: " + InputRules.show(http.getScheme()) + " is neither http nor https";
      }
    }
    if (problem == null && !http.getPath().isEmpty()) {
      problem = pathProblem(field + ".path", http.getPath());
    }
    for (int i = 0; problem == null && i < http.getStatusesCount(); i++) {
      long status = Integer.toUnsignedLong(http.getStatuses(i));
      if (status < 100 || status > 599) {
        problem = field + ".statuses[" + i + "]: " + status + " is not an HTTP status (100 to 599)";
      }
    }
    return problem;
  }

  private static String pathProblem(String field, String path) {
    if (!path.startsWith("/")) {
      return field + ": " + InputRules.show(path) + " does not start with '/'";
    }
    String text = InputRules.textProblem(field, path, InputRules.MAX_NAME_BYTES);
    if (text != null) {
      return text;
    }
    try {
      new URI("http://127.0.0.1" + path);
      return null;
    } catch (URISyntaxException e) {
      return field + ": " + InputRules.show(path) + " is not a URL path: " + e.getReason();
    }
  }

  /** Ports are {@code uint32} on the wire: read as unsigned, so 2^32-1 is not taken for -1. */
  private static String portProblem(String field, int port) {
    long p = Integer.toUnsignedLong(port);
    return p < 1 || p > 65535 ? field + ": " + p + " is not a port (1 to 65535)" : null;
  }

  private static String commandProblem(String field, Protos.CommandInfo command) {
    if (command.getValue().isEmpty()) {
      return field + ".value: must not be empty (the " + (command.getShell() ? "shell command" : "program") + " to run)";
    }
    String problem = InputRules.textProblem(field + ".value", command.getValue(), MAX_COMMAND_BYTES);
    for (int i = 0; problem == null && i < command.getArgumentsCount(); i++) {
      problem = InputRules.textProblem(field + ".arguments[" + i + "]", command.getArguments(i), MAX_COMMAND_BYTES);
    }
    for (int i = 0; problem == null && i < command.getEnvironment().getVariablesCount(); i++) {
      Protos.Environment.Variable v = command.getEnvironment().getVariables(i);
      String name = field + ".environment.variables[" + i + "]";
      if (v.getName().isEmpty() || v.getName().indexOf('=') >= 0) {
        problem = name + ".name: " + InputRules.show(v.getName()) + " is not a variable name";
      } else {
        problem = InputRules.textProblem(name + ".value", v.getValue(), MAX_COMMAND_BYTES);
      }
    }
    return problem;
  }
}
