package io.corral.remote.services.app;

/**
 * One of an app's {@code healthChecks}. The port is {@code portIndex} into the app's ports or a
 * fixed {@code port} (at most one of them; neither for COMMAND). {@code maxConsecutiveFailures} 0
 * means failures never kill the instance.
 */
public record HealthCheck(Protocol protocol, String path, Integer portIndex, Integer port, String command,
    int gracePeriodSeconds, int intervalSeconds, int timeoutSeconds, int maxConsecutiveFailures,
    int delaySeconds, boolean ignoreHttp1xx, IpProtocol ipProtocol) {

  public enum Protocol {
    MESOS_HTTP,
    MESOS_HTTPS,
    MESOS_TCP,
    COMMAND,
    HTTP,
    HTTPS,
    TCP;

    public boolean http() {
      return this == HTTP || this == HTTPS || this == MESOS_HTTP || this == MESOS_HTTPS;
    }

    public boolean https() {
      return this == HTTPS || this == MESOS_HTTPS;
    }

    public boolean tcp() {
      return this == TCP || this == MESOS_TCP;
    }
  }

  public enum IpProtocol {
    IPv4,
    IPv6
  }

  public static final int DEFAULT_GRACE_PERIOD = 300;
  public static final int DEFAULT_INTERVAL = 60;
  public static final int DEFAULT_TIMEOUT = 20;
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
  public static final int DEFAULT_DELAY = 15;

  public HealthCheck {
    if (protocol == null || ipProtocol == null) {
      throw new IllegalArgumentException("a health check needs a protocol");
    }
    if (protocol == Protocol.COMMAND ? command == null : portIndex == null && port == null) {
      throw new IllegalArgumentException(protocol == Protocol.COMMAND ? "a COMMAND health check needs a command"
          : "a " + protocol + " health check needs a port or portIndex");
    }
    if (gracePeriodSeconds < 0 || intervalSeconds < 0 || timeoutSeconds < 0 || maxConsecutiveFailures < 0
        || delaySeconds < 0) {
      throw new IllegalArgumentException("a health check's times and counts must be 0 or more");
    }
  }
}
