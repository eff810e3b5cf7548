package io.corral.shell.daemon;

import static io.corral.shell.ShellRun.corral;
import static io.corral.shell.ShellRun.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.HaMasterServer;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.ha.ZkTesting;
import io.corral.remote.api.client.ZkUrl;
import io.corral.shell.ExitCodes;
import io.corral.shell.ShellRun;
import io.corral.shell.ShellSession;
import io.corral.shell.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** {@code corral master --zk} options, and operator commands pointed at a follower, a list, or ZooKeeper. */
class HaCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void badHaOptionsAreUsageErrors() {
    ShellRun zk = corral("master", "--zk", "127.0.0.1:2181/corral");
    assertEquals(ExitCodes.USAGE, zk.exitCode(), zk::toString);
    assertTrue(zk.err().contains("invalid ZooKeeper address"), zk::toString);
    ShellRun root = corral("master", "--zk", "zk://127.0.0.1:2181/");
    assertEquals(ExitCodes.USAGE, root.exitCode(), root::toString);
    assertTrue(root.err().contains("needs a path below the root"), root::toString);
    ShellRun timeout = corral("master", "--zk", "zk://127.0.0.1:2181/corral", "--zk-session-timeout", "ten");
    assertEquals(ExitCodes.USAGE, timeout.exitCode(), timeout::toString);
    assertTrue(timeout.err().contains("invalid duration 'ten'"), timeout::toString);
    ShellRun advertise = corral("master", "--advertise", "10.0.0.5:5050");
    assertEquals(ExitCodes.USAGE, advertise.exitCode(), advertise::toString);
    assertTrue(advertise.err().contains("--advertise needs --zk"), advertise::toString);
    ShellRun list = corral("status", "--master", "http://127.0.0.1:5050,ftp://x");
    assertEquals(ExitCodes.USAGE, list.exitCode(), list::toString);
    assertTrue(list.err().contains("'ftp://x' in the list"), list::toString);
  }

  @Test
  void aMasterProcessThatLosesItsLeadershipExitsWithCode5(@TempDir Path dir) throws Exception {
    try (ZkTesting zk = ZkTesting.start()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path log = dir.resolve("stderr.log");
      Process master = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "master", "--listen", "127.0.0.1:0", "--state-dir", dir.resolve("state").toString(),
          "--zk", zk.url("/exits").toString(), "--zk-session-timeout", "5s")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        CuratorFramework client = zk.client();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains(" leads at "));
        String node = client.getChildren().forPath("/exits").stream().filter(n -> n.startsWith("json.info_"))
            .findFirst().orElseThrow();
        assertTrue(Files.exists(dir.resolve("state").resolve("agent-credential")), "the leader wrote the credential");
        client.delete().forPath("/exits/" + node);
        assertTrue(master.waitFor(30, TimeUnit.SECONDS), "the deposed master exits");
        assertEquals(ExitCodes.LEADERSHIP_LOST, master.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("corral master: lost leadership"), Files.readString(log));
      } finally {
        master.destroyForcibly();
      }
    }
  }

  @Test
  void operatorCommandsReachTheLeaderThroughAFollowerAListOrZooKeeper() throws Exception {
    try (ZkTesting zk = ZkTesting.start()) {
      ZkUrl url = zk.url("/corral");
      MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0);
      HaMasterServer.Options options = new HaMasterServer.Options(url, Duration.ofSeconds(5), null, 0);
      try (HaMasterServer leader = HaMasterServer.start(config, options, reason -> { })) {
        await().atMost(Duration.ofSeconds(20)).until(leader::leading);
        try (HaMasterServer follower = HaMasterServer.start(config, options, reason -> { })) {
          await().atMost(Duration.ofSeconds(20)).until(() -> follower.leader().isPresent());
          for (String master : new String[] {follower.url(), "http://127.0.0.1:1," + follower.url(), url.toString()}) {
            String id = JSON.readTree(ok("status", "--master", master, "-o", "json").out())
                .path("master").path("master_info").path("id").asText();
            assertEquals(leader.masterId(), id, "status through " + master);
          }
          ShellSession previous = ShellSession.install(new ShellSession(java.util.Map.of()));
          try { // the shell's own --master stays in its session: a session of this call's own
            String id = JSON.readTree(ok("--master", url.toString(), "status", "-o", "json").out())
                .path("master").path("master_info").path("id").asText();
            assertEquals(leader.masterId(), id, "the shell's own --master takes zk:// too");
          } finally {
            ShellSession.install(previous);
          }
          for (String named : new String[] {"http://127.0.0.1:1," + follower.url(), url.toString()}) {
            previous = ShellSession.install(new ShellSession(java.util.Map.of("CORRAL_MASTER", named)));
            try { // CORRAL_MASTER takes a list or zk:// as --master does
              String id = JSON.readTree(ok("status", "-o", "json").out())
                  .path("master").path("master_info").path("id").asText();
              assertEquals(leader.masterId(), id, "status with CORRAL_MASTER=" + named);
            } finally {
              ShellSession.install(previous);
            }
          }
          previous = ShellSession.install(new ShellSession(java.util.Map.of("CORRAL_MASTER", zk.url("/nobody").toString())));
          try {
            ShellRun nobody = corral("status");
            assertEquals(ExitCodes.USAGE, nobody.exitCode(), nobody::toString);
            assertTrue(nobody.err().contains("CORRAL_MASTER: no master is registered under"), nobody::toString);
          } finally {
            ShellSession.install(previous);
          }
          ShellRun none = corral("status", "--master", zk.url("/nobody").toString());
          assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
          assertTrue(none.err().contains("no master is registered under"), none::toString);
        }
      }
    }
  }
}
