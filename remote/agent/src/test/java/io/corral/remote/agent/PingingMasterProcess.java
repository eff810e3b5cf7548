package io.corral.remote.agent;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A master in its own JVM that pings agents every {@code <ping-ms>}, for tests that freeze it with
 * SIGSTOP: {@code PingingMasterProcess <state-dir> <ping-ms>}. It prints {@code listening <url>}.
 */
public final class PingingMasterProcess {
  private PingingMasterProcess() {}

  /** A started master process and its URL. */
  record Started(Process process, String url) {}

  /** Starts one on this test classpath and returns once it listens (at most 30 s); its further output is dropped. */
  static Started start(Path stateDir, Duration ping) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        PingingMasterProcess.class.getName(), stateDir.toString(), Long.toString(ping.toMillis()))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith("listening ")) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return new Started(p, line.substring("listening ".length()).trim());
      }
    }
    p.toHandle().destroyForcibly();
    throw new AssertionError("the master process did not start; last line: " + line);
  }

  public static void main(String[] args) throws InterruptedException {
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(Path.of(args[0]))
        .withTimings(Duration.ofSeconds(15), Duration.ofMillis(Long.parseLong(args[1])), 5, Duration.ofMillis(100));
    MasterServer server = MasterServer.start(config);
    System.out.println("listening " + server.url());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
