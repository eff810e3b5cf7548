package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.SchedulerClient;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.api.client.ZkUrl;
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
 * both CAs (one PEM file) is sent from the follower to the leader and subscribes there; or they
 * share one CA ({@code --tls-ca}) and one {@code ca.pem} verifies them all.
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
    return master(url, name, MasterTls.generated(List.of()));
  }

  private HaMasterServer master(ZkUrl url, String name, MasterTls tls) {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(dir.resolve(name))
        .withTls(tls)
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

  @Test
  void mastersGivenOneCaAreTrustedThroughItAloneAndFoundInZooKeeperAsHttps() throws Exception {
    MasterCertificates.ensure(dir.resolve("ca-maker"), List.of("127.0.0.1"));
    Path ca = dir.resolve("ca-maker/tls/ca.pem");
    Path caKey = dir.resolve("ca-maker/tls/ca-key.pem");
    ZkUrl url = zk.url("/shared");
    HaMasterServer leader = master(url, "a", MasterTls.fromCa(ca, caKey, List.of()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(leader::leading);
    HaMasterServer follower = master(url, "b", MasterTls.fromCa(ca, caKey, List.of()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> follower.leader().isPresent());

    assertEquals(Files.readString(ca), Files.readString(dir.resolve("b/tls/ca.pem")),
        "each master's tls/ca.pem is the shared CA, for clients on its host");
    assertTrue(Files.notExists(dir.resolve("a/tls/ca-key.pem")), "no CA key of the master's own is made");
    List<URI> found = io.corral.remote.api.client.ZkMasters.find(url, Duration.ofSeconds(5));
    assertEquals(List.of(URI.create(leader.url()), URI.create(follower.url())), found);
    assertTrue(found.stream().allMatch(u -> u.getScheme().equals("https")), found.toString());

    ClientTls tls = ClientTls.trusting(ca);
    for (URI master : found) {
      tls.connect("127.0.0.1", master.getPort(), true, 5000).close(); // verified against the one CA
    }
    try (SchedulerClient client = SchedulerClient.subscribe(found.get(1), TestFramework.info("one-ca").build(), false,
        event -> { }, cause -> { }, Duration.ofSeconds(10), tls)) {
      assertTrue(!client.frameworkId().getValue().isEmpty());
    }
  }

  @Test
  void aMasterRefusesACaKeyThatIsNotTheCasOwn() throws Exception {
    MasterCertificates.ensure(dir.resolve("one"), List.of("127.0.0.1"));
    MasterCertificates.ensure(dir.resolve("two"), List.of("127.0.0.1"));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MasterCertificates.ensure(dir.resolve("m"), List.of("127.0.0.1"), dir.resolve("one/tls/ca.pem"),
            dir.resolve("two/tls/ca-key.pem")));
    assertEquals("the key in " + dir.resolve("two/tls/ca-key.pem") + " is not the key of the CA certificate in "
        + dir.resolve("one/tls/ca.pem"), e.getMessage());
    IllegalArgumentException notCa = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MasterCertificates.ensure(dir.resolve("m"), List.of("127.0.0.1"), dir.resolve("one/tls/server.pem"),
            dir.resolve("one/tls/server-key.pem")));
    assertTrue(notCa.getMessage().endsWith(") is not a CA certificate"), notCa.getMessage());
  }
}
