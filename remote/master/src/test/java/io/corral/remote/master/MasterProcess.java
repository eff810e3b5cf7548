package io.corral.remote.master;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** A master in its own JVM, for tests that kill it with SIGKILL: {@code MasterProcess <state-dir> <port>}. */
public final class MasterProcess {
  private MasterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", Integer.parseInt(args[1]))
        .withStateDir(Path.of(args[0])).withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5,
            Duration.ofMillis(100));
    MasterServer server = MasterServer.start(config);
    System.out.println("listening " + server.url());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
