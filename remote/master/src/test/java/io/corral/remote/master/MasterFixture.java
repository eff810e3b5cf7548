package io.corral.remote.master;

import io.corral.remote.master.sim.SimulatedAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real master on a loopback port (state in {@code stateDir}, or in memory), and simulated agents for it. */
final class MasterFixture implements AutoCloseable {
  final MasterServer master;
  final HttpClient http = HttpClient.newHttpClient();
  final List<AutoCloseable> closeables = new ArrayList<>();

  MasterFixture(Path stateDir) {
    this(stateDir, 0);
  }

  MasterFixture(Path stateDir, int port) {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", port).withStateDir(stateDir)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    master = MasterServer.start(config);
  }

  MasterFixture(MasterConfig config) {
    master = MasterServer.start(config);
  }

  /** Over a master the test started itself (e.g. with its own clock). */
  MasterFixture(MasterServer started) {
    master = started;
  }

  URI uri() {
    return URI.create(master.url());
  }

  SimulatedAgent agent(String hostname, String resources, Map<String, String> attributes, SimulatedAgent.Mode mode)
      throws IOException {
    SimulatedAgent a = SimulatedAgent.start(uri(), master.bootstrapCredential(), hostname, resources, attributes, mode);
    closeables.add(a);
    return a;
  }

  TestFramework framework(String name, boolean protobuf) throws IOException {
    TestFramework f = TestFramework.subscribe(uri(), name, protobuf);
    closeables.add(f);
    return f;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    master.close();
  }
}
