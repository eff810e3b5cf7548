package io.corral.remote.master;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a master runs. Defaults follow Mesos: heartbeats every 15 s, agents pinged every 15 s and
 * unreachable after 5 missed pings, one allocation per second. {@code stateDir} null keeps state
 * in memory only. Ended tasks are kept as Mesos keeps them: the last {@code maxCompletedTasksPerFramework}
 * of each framework, and those of the last {@code maxCompletedFrameworks} removed frameworks.
 * {@code tls} null serves plain HTTP; otherwise HTTPS only, see {@link MasterTls}. {@code authentication}
 * null asks no caller of the Mesos APIs for credentials.
 */
public record MasterConfig(String host, int port, Path stateDir, Duration heartbeatInterval, Duration agentPingInterval,
    int maxMissedPings, Duration allocationInterval, int maxBodyBytes, Duration offerTimeout,
    int maxCompletedTasksPerFramework, int maxCompletedFrameworks, MasterTls tls, Authentication authentication,
    String servicesRole) {

  /**
   * The Mesos APIs, state, metrics and files need credentials: HTTP Basic from
   * {@code credentialsFile} (Mesos' JSON; null: none, only the operator token) or a bearer token.
   * {@code aclsFile} (Mesos' ACL JSON; null: none) says what principals may do besides reading.
   */
  public record Authentication(Path credentialsFile, Path aclsFile) {
    public Authentication(Path credentialsFile) {
      this(credentialsFile, null);
    }
  }

  public static final int DEFAULT_PORT = 5050;
  /** The service scheduler's role unless {@code --services-role} names another. */
  public static final String DEFAULT_SERVICES_ROLE = "corral-services";
  /** Mesos' {@code --max_completed_tasks_per_framework} default. */
  public static final int DEFAULT_MAX_COMPLETED_TASKS = 1000;
  /** Mesos' {@code --max_completed_frameworks} default. */
  public static final int DEFAULT_MAX_COMPLETED_FRAMEWORKS = 50;

  public static MasterConfig defaults() {
    return new MasterConfig("127.0.0.1", DEFAULT_PORT, null, Duration.ofSeconds(15), Duration.ofSeconds(15), 5,
        Duration.ofSeconds(1), 4 * 1024 * 1024, null, DEFAULT_MAX_COMPLETED_TASKS, DEFAULT_MAX_COMPLETED_FRAMEWORKS, null,
        null, DEFAULT_SERVICES_ROLE);
  }

  /** How many ended tasks to keep per framework, and for how many removed frameworks. */
  public MasterConfig withCompletedRetention(int tasksPerFramework, int frameworks) {
    if (tasksPerFramework < 0 || frameworks < 0) {
      throw new IllegalArgumentException("completed task and framework limits must be at least 0");
    }
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout, tasksPerFramework, frameworks, tls, authentication, servicesRole);
  }

  public MasterConfig withListen(String newHost, int newPort) {
    return new MasterConfig(newHost, newPort, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, tls, authentication, servicesRole);
  }

  public MasterConfig withStateDir(Path dir) {
    return new MasterConfig(host, port, dir, heartbeatInterval, agentPingInterval, maxMissedPings, allocationInterval,
        maxBodyBytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, tls, authentication, servicesRole);
  }

  public MasterConfig withTimings(Duration heartbeat, Duration ping, int misses, Duration allocation) {
    return new MasterConfig(host, port, stateDir, heartbeat, ping, misses, allocation, maxBodyBytes, offerTimeout,
        maxCompletedTasksPerFramework, maxCompletedFrameworks, tls, authentication, servicesRole);
  }

  public MasterConfig withMaxBodyBytes(int bytes) {
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, bytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, tls, authentication, servicesRole);
  }

  /** Serves HTTPS only, as {@code newTls} says; null: plain HTTP. */
  public MasterConfig withTls(MasterTls newTls) {
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, newTls,
        authentication, servicesRole);
  }

  /** Authenticates callers of the Mesos APIs as {@code newAuthentication} says; null: nobody is asked. */
  public MasterConfig withAuthentication(Authentication newAuthentication) {
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, tls,
        newAuthentication, servicesRole);
  }

  /** The role the service scheduler takes offers under (quota and weight like any role's). */
  public MasterConfig withServicesRole(String role) {
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout, maxCompletedTasksPerFramework, maxCompletedFrameworks, tls,
        authentication, role);
  }

  /** {@code https} with TLS, {@code http} without. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }

  public Duration agentTimeout() {
    return agentPingInterval.multipliedBy(maxMissedPings);
  }
}
