package io.corral.remote.master.ha;

import io.corral.remote.api.client.ZkUrl;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** A real ZooKeeper server on a loopback port, and clients for it. */
public final class ZkTesting implements AutoCloseable {
  private final TestingServer server;
  private final List<CuratorFramework> clients = new ArrayList<>();

  private ZkTesting(TestingServer server) {
    this.server = server;
  }

  public static ZkTesting start() throws Exception {
    // bound to loopback only (ZooKeeper would otherwise listen on every address)
    InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 2000, 60,
        java.util.Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
    return new ZkTesting(new TestingServer(spec, true));
  }

  /** A three-server ensemble on loopback ports. */
  public static org.apache.curator.test.TestingCluster ensemble() throws Exception {
    List<InstanceSpec> specs = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      specs.add(new InstanceSpec(null, -1, -1, -1, true, id, 500, 60,
          java.util.Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"));
    }
    org.apache.curator.test.TestingCluster cluster = new org.apache.curator.test.TestingCluster(specs);
    cluster.start();
    return cluster;
  }

  public String connectString() {
    return "127.0.0.1:" + server.getPort();
  }

  public ZkUrl url(String path) {
    return ZkUrl.parse("zk://" + connectString() + path);
  }

  public CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.newClient(connectString(), 10_000, 5_000, new RetryOneTime(100));
    c.start();
    if (!c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException("cannot connect to the test ZooKeeper at " + connectString());
    }
    clients.add(c);
    return c;
  }

  /** Stops the server, keeping its data and port, as a crash of the ensemble would. */
  public void stopServer() throws java.io.IOException {
    server.stop();
  }

  @Override
  public void close() {
    clients.forEach(CuratorFramework::close);
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test ZooKeeper", e);
    }
  }
}
