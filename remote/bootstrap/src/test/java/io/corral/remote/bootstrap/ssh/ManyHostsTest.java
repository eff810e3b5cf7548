package io.corral.remote.bootstrap.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corral.remote.bootstrap.testing.OpenSshHost;
import io.corral.remote.bootstrap.testing.TestKeys;
import io.corral.remote.bootstrap.testing.TestUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ten sessions at once through one connector to five real sshd hosts, all new to one shared known_hosts. */
class ManyHostsTest {
  @TempDir Path dir;

  @Test
  void concurrentAcceptNewWritesEachHostLineExactlyOnce() throws Exception {
    TestKeys.UserKey key = TestKeys.generate(dir.resolve("keys"), "id_ed25519", "ed25519");
    List<OpenSshHost> hosts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try (SshConnector connector = SshConnectors.create(Optional.empty())) {
      for (int i = 0; i < 5; i++) {
        hosts.add(OpenSshHost.builder(dir.resolve("host" + i), "127.0.0." + (11 + i)).authorize(key).start());
      }
      Path knownHosts = dir.resolve("shared/known_hosts");
      SshOptions options = new SshOptions(List.of(key.privateKey()), Optional.empty(), Optional.empty(), false,
          knownHosts, true, Optional.empty(), Duration.ofSeconds(60));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        OpenSshHost host = hosts.get(i % 5);
        int n = i;
        results.add(pool.submit(() -> {
          go.await();
          try (RemoteSession session = connector.connect(host.target(TestUsers.currentUser()), options)) {
            return session.exec("echo " + n, Duration.ofSeconds(60)).stdout().strip();
          }
        }));
      }
      go.countDown();
      List<String> answers = new ArrayList<>();
      for (Future<String> result : results) {
        answers.add(result.get(60, TimeUnit.SECONDS));
      }
      Collections.sort(answers);
      assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), answers);

      List<String> expected = new ArrayList<>();
      for (OpenSshHost host : hosts) {
        expected.add(host.knownHostsLine());
      }
      List<String> lines = new ArrayList<>(Files.readAllLines(knownHosts));
      Collections.sort(lines);
      Collections.sort(expected);
      assertEquals(expected, lines, "each host exactly once, no torn or lost lines");
    } finally {
      pool.shutdownNow();
      hosts.forEach(OpenSshHost::close);
    }
  }
}
