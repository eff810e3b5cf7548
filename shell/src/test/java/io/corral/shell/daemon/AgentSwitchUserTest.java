package io.corral.shell.daemon;

import io.corral.remote.agent.isolation.Isolator;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral agent --no-switch-user}, started as the launchers start it, says so before anything else. */
class AgentSwitchUserTest {
  @TempDir Path dir;

  private static String startAndReadUntilRegistered(MasterServer master, Path dir, List<String> extra) throws Exception {
    Path credential = Files.writeString(dir.resolve("credential"), master.bootstrapCredential() + "\n");
    Path work = dir.resolve("work");
    Path output = dir.resolve("agent.out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "agent", "--master", master.url(), "--work-dir", work.toString(), "--credential-file",
        credential.toString(), "--resources", "cpus:1;mem:256"));
    command.addAll(extra);
    Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(work.resolve("agent-id")));
      return Files.readString(output);
    } finally {
      agent.destroyForcibly().waitFor();
      Isolator.removeAgentCgroups(work);
    }
  }

  @Test
  void withoutSwitchingTheAgentSaysTasksRunAsItsOwnUser() throws Exception {
    try (MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0))) {
      String user = System.getProperty("user.name");
      String off = startAndReadUntilRegistered(master, Files.createDirectories(dir.resolve("off")),
          List.of("--no-switch-user"));
      String first = off.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
      assertTrue(first.contains("corral agent: --no-switch-user: every task runs as this agent's user '" + user
          + "', whatever user it names"), off);
      assertTrue(off.contains("task identity: --no-switch-user"), off);

      String on = startAndReadUntilRegistered(master, Files.createDirectories(dir.resolve("on")), List.of());
      assertTrue(on.contains("task identity: tasks run as the user they name (command.user, else the framework's"
          + " user)"), on);
      assertFalse(on.contains("--no-switch-user:"), on);
    }
  }
}
