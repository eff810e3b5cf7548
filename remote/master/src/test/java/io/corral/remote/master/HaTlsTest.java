package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.master.ha.ZkUrl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several masters with TLS: each serves HTTPS with a CA of its own, and a framework that trusts
 * both CAs (one PEM file) is sent from the follower to the leader and subscribes there.
 */
class HaTlsTest {
  @TempDir Path dir;
  private ZkTesting zk;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = ZkTesting.start();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    zk.close();
  }

  private HaMasterServer master(ZkUrl url, String name) {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir.resolve(name))
        .withTls(MasterTls.generated(List.of()))
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    HaMasterServer m = HaMasterServer.start(config, new HaMasterServer.Options(url, Duration.ofSeconds(5), null, 0),
        reason -> { });
    closeables.add(m);
    return m;
  }

  @Test
  void aFollowerSendsAFrameworkToTheLeaderOverHttps() throws Exception {
    ZkUrl url = zk.url("/tls");
    HaMasterServer leader = master(url, "a");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(leader::leading);
    HaMasterServer follower = master(url, "b");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> follower.leader().isPresent());
    assertTrue(leader.url().startsWith("https://") && follower.url().startsWith("https://"), follower.url());

    Path both = dir.resolve("both-cas.pem");
    Files.writeString(both, Files.readString(dir.resolve("a/tls/ca.pem")) + Files.readString(dir.resolve("b/tls/ca.pem")));
    ClientTls tls = ClientTls.trusting(both);
    try (SchedulerClient client = SchedulerClient.subscribe(URI.create(follower.url()),
        TestFramework.info("ha-tls").build(), false, event -> { }, cause -> { }, Duration.ofSeconds(10), tls)) {
      assertTrue(!client.frameworkId().getValue().isEmpty());
      assertEquals(202, client.send(org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
          .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.REVIVE).build()).get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
  }
}
