package io.corral.shell.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
  @TempDir Path dir;

  @Test
  void upStartsAMasterWithALocalAgentRegistered() throws Exception {
    try (UpCommand.Cluster cluster = UpCommand.start(dir, 0, true)) {
      HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(cluster.master().url() + "/master/state")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, state.statusCode());
      assertTrue(state.body().contains(cluster.agent().agentId()), state.body());
      assertTrue(state.body().contains("\"os\":\"linux\""), state.body());
      assertTrue(Files.exists(dir.resolve("master").resolve("agent-credential")));
      assertTrue(Files.exists(dir.resolve("agent").resolve("agent-id")));
    }
  }
}
