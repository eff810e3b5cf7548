package io.corral.shell.cmd;

import io.corral.remote.agent.AgentConfig;
import io.corral.remote.agent.AgentDaemon;
import io.corral.remote.agent.TaskRuntimes;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ShellSession;
import io.corral.shell.client.ClusterView;
import io.corral.shell.client.MasterClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real master on a loopback port and real agents (process runtime) in this JVM, with a shell
 * session pointed at them ({@code CORRAL_MASTER}) and {@code CORRAL_HOME} in a temporary directory.
 */
final class TestCluster implements AutoCloseable {
  final MasterServer master;
  final List<AgentDaemon> agents = new ArrayList<>();
  final Path home;
  private final ShellSession previous;

  /** Two agents, node-a on rack r1 and node-b on rack r2. */
  static TestCluster twoRacks(Path dir) throws Exception {
    Map<String, Map<String, String>> agents = new java.util.TreeMap<>();
    agents.put("node-a", Map.of("rack", "r1"));
    agents.put("node-b", Map.of("rack", "r2"));
    return new TestCluster(dir, agents);
  }

  TestCluster(Path dir, Map<String, Map<String, String>> agentAttributes) throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    home = dir.resolve("corral-home");
    try {
      for (Map.Entry<String, Map<String, String>> a : agentAttributes.entrySet()) {
        agents.add(AgentDaemon.start(new AgentConfig(uri(), dir.resolve(a.getKey()), master.bootstrapCredential(),
            "cpus:2;mem:512;disk:1024;ports:[31000-31009]", a.getValue(), a.getKey(), Duration.ofSeconds(1)),
            TaskRuntimes.forThisPlatform()));
      }
      await(() -> ClusterView.fetch(new MasterClient(uri())).agents().size() == agentAttributes.size(), "agents registered");
    } catch (Exception | Error e) {
      close();
      throw e;
    }
    previous = ShellSession.install(new ShellSession(Map.of("CORRAL_MASTER", master.url(), "CORRAL_HOME", home.toString())));
  }

  URI uri() {
    return URI.create(master.url());
  }

  ClusterView view() {
    return ClusterView.fetch(new MasterClient(uri()));
  }

  /** Waits (at most 20 s) for {@code condition}. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }

  @Override
  public void close() {
    for (AgentDaemon a : agents) {
      a.close();
    }
    master.close();
    if (previous != null) {
      ShellSession.install(previous);
    }
  }
}
