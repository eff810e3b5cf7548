package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v2} on a master that authenticates, with a real agent running a plain (non-Docker) app:
 * no credentials, no answer; the operator's token may do everything; a principal, by its secret
 * or by a principal token, may read services but not change them.
 */
class ServicesAuthenticationTest {
  private static final Duration STEADY = Duration.ofSeconds(20);
  @TempDir Path work;

  private static String basic(String principal, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** A principal token for {@code principal}, made with the operator's token. */
  private static String principalToken(MasterServer master, String principal) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(master.url() + "/api/corral/v1")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + master.operatorToken())
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"CREATE_TOKEN\",\"principal\":\"" + principal + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void anyoneAuthenticatedMayReadButOnlyTheOperatorMayChange() throws Exception {
    Path credentials = Files.writeString(work.resolve("credentials.json"),
        "{\"credentials\":[{\"principal\":\"fw1\",\"secret\":\"one\"}]}");
    MasterServer master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100))
        .withAuthentication(new MasterConfig.Authentication(credentials)));
    AgentDaemon agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:2;mem:512;ports:[31400-31409]", Map.of(), "node-1", null),
        TaskRuntimes.forThisPlatform());
    try {
      MarathonHttp nobody = new MarathonHttp(master.url());
      MarathonHttp operator = new MarathonHttp(master.url(), "Bearer " + master.operatorToken());
      MarathonHttp bySecret = new MarathonHttp(master.url(), basic("fw1", "one"));
      MarathonHttp byToken = new MarathonHttp(master.url(), "Bearer " + principalToken(master, "fw1"));
      MarathonHttp wrongSecret = new MarathonHttp(master.url(), basic("fw1", "two"));
      String app = "{\"id\": \"guarded\", \"cmd\": \"sleep 300\", \"instances\": 1, \"cpus\": 0.1, \"mem\": 16}";

      MarathonHttp.Reply anonymous = nobody.send("GET", "/v2/apps", null);
      assertEquals(401, anonymous.status(), anonymous.body().toString());
      assertEquals("Basic realm=\"corral\"", anonymous.headers().get("WWW-Authenticate"));
      assertEquals(401, nobody.send("POST", "/v2/apps", app).status());
      assertEquals(401, nobody.send("GET", "/v2/events", null).status());
      assertEquals(401, wrongSecret.send("GET", "/v2/apps", null).status());
      assertEquals(0, operator.get("/v2/apps").path("apps").size(), "nothing was created");

      MarathonHttp.Reply created = operator.send("POST", "/v2/apps", app);
      assertEquals(201, created.status(), created.body().toString());
      JsonNode running = operator.awaitSteady("guarded", 1, false, STEADY);
      String taskId = running.path("tasks").path(0).path("id").asText();

      for (MarathonHttp principal : new MarathonHttp[] {bySecret, byToken}) {
        assertEquals("/guarded", principal.get("/v2/apps").path("apps").path(0).path("id").asText());
        assertEquals(taskId, principal.get("/v2/apps/guarded").path("app").path("tasks").path(0).path("id").asText());
        assertEquals(taskId, principal.get("/v2/tasks").path("tasks").path(0).path("id").asText());

        MarathonHttp.Reply post = principal.send("POST", "/v2/apps", app.replace("guarded", "other"));
        assertEquals(403, post.status(), post.body().toString());
        assertTrue(post.body().path("message").asText().contains("operator"), post.body().toString());
        assertEquals(403, principal.send("PUT", "/v2/apps/guarded", "{\"instances\": 2}").status());
        assertEquals(403, principal.send("DELETE", "/v2/apps/guarded", null).status());
        assertEquals(403, principal.send("POST", "/v2/apps/guarded/restart", null).status());
      }
      JsonNode after = operator.app("guarded");
      assertEquals(1, after.path("instances").asInt(), "nothing a principal asked for happened: " + after);
      assertEquals(taskId, after.path("tasks").path(0).path("id").asText());
      assertEquals(404, operator.send("GET", "/v2/apps/other", null).status());

      assertEquals(200, operator.send("PUT", "/v2/apps/guarded", "{\"instances\": 2}").status());
      operator.awaitSteady("guarded", 2, false, STEADY);
      assertEquals(200, operator.send("DELETE", "/v2/apps/guarded", null).status());
      operator.await("/v2/tasks", n -> n.path("tasks").isEmpty(), STEADY, "every instance stopped");
    } finally {
      try {
        new MarathonHttp(master.url(), "Bearer " + master.operatorToken()).removeAll();
      } finally {
        agent.close();
        master.close();
      }
    }
  }
}
