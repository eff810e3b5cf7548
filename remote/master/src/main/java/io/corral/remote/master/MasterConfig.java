package io.corral.remote.master;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a master runs. Defaults follow Mesos: heartbeats every 15 s, agents pinged every 15 s and
 * unreachable after 5 missed pings, one allocation per second. {@code stateDir} null keeps state
 * in memory only.
 */
public record MasterConfig(String host, int port, Path stateDir, Duration heartbeatInterval, Duration agentPingInterval,
    int maxMissedPings, Duration allocationInterval, int maxBodyBytes, Duration offerTimeout) {

  public static final int DEFAULT_PORT = 5050;

  public static MasterConfig defaults() {
    return new MasterConfig("127.0.0.1", DEFAULT_PORT, null, Duration.ofSeconds(15), Duration.ofSeconds(15), 5,
        Duration.ofSeconds(1), 4 * 1024 * 1024, null);
  }

  public MasterConfig withListen(String newHost, int newPort) {
    return new MasterConfig(newHost, newPort, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, maxBodyBytes, offerTimeout);
  }

  public MasterConfig withStateDir(Path dir) {
    return new MasterConfig(host, port, dir, heartbeatInterval, agentPingInterval, maxMissedPings, allocationInterval,
        maxBodyBytes, offerTimeout);
  }

  public MasterConfig withTimings(Duration heartbeat, Duration ping, int misses, Duration allocation) {
    return new MasterConfig(host, port, stateDir, heartbeat, ping, misses, allocation, maxBodyBytes, offerTimeout);
  }

  public MasterConfig withMaxBodyBytes(int bytes) {
    return new MasterConfig(host, port, stateDir, heartbeatInterval, agentPingInterval, maxMissedPings,
        allocationInterval, bytes, offerTimeout);
  }

  public Duration agentTimeout() {
    return agentPingInterval.multipliedBy(maxMissedPings);
  }
}
