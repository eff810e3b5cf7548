package io.corral.remote.agent;

import io.corral.remote.api.client.ZkUrl;
import io.corral.remote.master.HaMasterServer;
import io.corral.remote.master.MasterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * One of several masters, in its own JVM, for tests that kill it with SIGKILL:
 * {@code HaMasterProcess <zk url>}. Prints {@code listening <url>}, then, once elected,
 * {@code leading <bootstrap credential>}; exits with 1 when not elected within 30 s.
 */
public final class HaMasterProcess {
  private HaMasterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100));
    HaMasterServer server = HaMasterServer.start(config,
        new HaMasterServer.Options(ZkUrl.parse(args[0]), Duration.ofSeconds(5), null, 0), reason -> System.exit(2));
    System.out.println("listening " + server.url());
    System.out.flush();
    Instant deadline = Instant.now().plusSeconds(30);
    while (!server.leading()) {
      if (Instant.now().isAfter(deadline)) {
        System.out.println("not elected within 30 s");
        System.exit(1);
      }
      Thread.sleep(20); // polling interval of a condition with a deadline
    }
    System.out.println("leading " + server.bootstrapCredential().orElseThrow());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
