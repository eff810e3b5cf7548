package io.corral.shell.daemon;

import io.corral.remote.agent.isolation.Isolator;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import io.corral.shell.ExitCodes;
import io.corral.shell.Main;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral agent}, started as the launchers start it, and marked gone by the master: it exits with code 6. */
class AgentGoneExitTest {
  @TempDir Path dir;

  @Test
  void anAgentTheMasterMarksGoneExitsWithCode6AndSaysWhy() throws Exception {
    try (MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0))) {
      Path credential = Files.writeString(dir.resolve("credential"), master.bootstrapCredential() + "\n");
      Path work = dir.resolve("work");
      Path output = dir.resolve("agent.out");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "agent", "--master", master.url(), "--work-dir", work.toString(), "--credential-file", credential.toString(),
          "--resources", "cpus:1;mem:256").redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try {
        Path idFile = work.resolve("agent-id");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(idFile));
        String id = Files.readString(idFile).trim();
        HttpResponse<String> gone = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(master.url() + "/api/v1")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":"
                + "{\"agent_id\":{\"value\":\"" + id + "\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, gone.statusCode(), gone.body());

        assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "the agent exits");
        String out = Files.readString(output);
        assertEquals(ExitCodes.AGENT_GONE, agent.exitValue(), out);
        assertTrue(out.contains("corral agent: the master marked this agent gone (marked gone by an operator); stopping"),
            out);
        assertFalse(out.contains("tasks keep running"), "the SIGTERM hook did not speak: " + out);
        assertFalse(Files.exists(idFile), "a later start registers a new agent");
      } finally {
        agent.destroyForcibly().waitFor();
        Isolator.removeAgentCgroups(work);
      }
    }
  }
}
