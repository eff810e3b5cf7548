package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.api.MesosJson;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Principal tokens over real HTTP against a real master: created, listed and revoked with the
 * operator token at {@code /api/corral/v1}, and used as {@code Bearer} exactly as the principal's
 * secret would be; expiry, revocation and a restart.
 */
class PrincipalTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  /** How far the master's clock is ahead of the real one: a token's expiry is passed by moving it. */
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  private MasterFixture master(Path stateDir) throws Exception {
    Path credentials = dir.resolve("credentials.json");
    if (!Files.exists(credentials)) {
      Files.writeString(credentials, "{\"credentials\":[{\"principal\":\"fw2\",\"secret\":\"two\"}]}");
    }
    MasterConfig config = MasterConfig.defaults().withListen("127.0.0.1", 0).withStateDir(stateDir)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(50))
        .withAuthentication(new MasterConfig.Authentication(credentials));
    return new MasterFixture(MasterServer.start(config, () -> Instant.now().plus(ahead.get())));
  }

  private static String basic(String principal, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static HttpResponse<String> post(MasterFixture m, String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(m.uri().resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return m.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A token call with the operator token, which must succeed; its answer. */
  private static JsonNode tokenCall(MasterFixture m, String body) throws Exception {
    HttpResponse<String> r = post(m, NodeCalls.PATH, body, bearer(m.master.operatorToken()));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode create(MasterFixture m, String principal) throws Exception {
    return tokenCall(m, "{\"type\":\"CREATE_TOKEN\",\"principal\":\"" + principal + "\"}");
  }

  private static HttpResponse<String> getState(MasterFixture m, String authorization) throws Exception {
    return post(m, "/api/v1", "{\"type\":\"GET_STATE\"}", authorization);
  }

  private static HttpResponse<InputStream> subscribe(MasterFixture m, Protos.FrameworkInfo info, String authorization)
      throws Exception {
    Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1/scheduler")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .header("Authorization", authorization)
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String body(HttpResponse<InputStream> r) throws Exception {
    try (InputStream in = r.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Every line written to System.err meanwhile: slf4j-simple writes each log line to System.err as it is then. */
  private static final class LogCapture implements AutoCloseable {
    private final java.io.PrintStream original = System.err;
    private final java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();

    LogCapture() {
      System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
        @Override
        public void write(int b) {
          original.write(b);
          synchronized (lines) {
            lines.write(b);
          }
        }

        @Override
        public void write(byte[] b, int off, int len) {
          original.write(b, off, len);
          synchronized (lines) {
            lines.write(b, off, len);
          }
        }
      }, true, StandardCharsets.UTF_8));
    }

    String text() {
      synchronized (lines) {
        return lines.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }

  @Test
  void aTokenAuthenticatesAsItsPrincipalUntilItIsRevoked() throws Exception {
    try (LogCapture logs = new LogCapture(); MasterFixture m = master(null)) {
      JsonNode created = tokenCall(m,
          "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\",\"description\":\"CI deploys\"}");
      String token = created.get("token").asText();
      String id = created.get("id").asText();
      assertTrue(token.startsWith("crl_") && token.length() >= 4 + 43, token.length() + " characters");
      assertEquals("fw1", created.get("principal").asText());
      assertEquals("CI deploys", created.get("description").asText());
      assertEquals("active", created.get("state").asText());
      assertFalse(created.has("expires_at"), "no expiry unless asked for");

      assertEquals(200, getState(m, bearer(token)).statusCode(), "reads as fw1");
      String weights =
          "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"role\":\"r\",\"weight\":2}]}}";
      HttpResponse<String> change = post(m, "/api/v1", weights, bearer(token));
      assertEquals(403, change.statusCode());
      assertTrue(change.body().contains("principal fw1 may only read"), change.body());

      HttpResponse<InputStream> subscribed = subscribe(m, TestFramework.info("deployer").build(), bearer(token));
      assertEquals(200, subscribed.statusCode());
      try (InputStream stream = subscribed.body()) {
        String start = new String(stream.readNBytes(200), StandardCharsets.UTF_8);
        int at = start.indexOf("\"value\":\"");
        String frameworkId = start.substring(at + 9, start.indexOf('"', at + 9));
        HttpResponse<String> frameworks = post(m, "/api/v1", "{\"type\":\"GET_FRAMEWORKS\"}", bearer(token));
        assertTrue(frameworks.body().contains("\"principal\":\"fw1\""), frameworks.body());

        HttpResponse<InputStream> takeover = subscribe(m, TestFramework.info("deployer")
            .setId(Protos.FrameworkID.newBuilder().setValue(frameworkId)).build(), basic("fw2", "two"));
        assertEquals(403, takeover.statusCode());
        assertTrue(body(takeover).contains("belongs to principal 'fw1', not to principal 'fw2'"));
      }

      JsonNode listed = tokenCall(m, "{\"type\":\"GET_TOKENS\"}").get("tokens");
      assertEquals(1, listed.size(), listed.toString());
      assertEquals(id, listed.get(0).get("id").asText());
      assertTrue(listed.get(0).has("last_used_at"), listed.toString());
      assertFalse(listed.toString().contains(token.substring(4)), "the list never shows the token");
      assertFalse(listed.get(0).has("token"));

      JsonNode revoked = tokenCall(m, "{\"type\":\"REVOKE_TOKEN\",\"id\":\"" + id + "\"}");
      assertEquals("revoked", revoked.get("state").asText());
      assertTrue(revoked.get("revoked_now").asBoolean());
      HttpResponse<String> refused = getState(m, bearer(token));
      assertEquals(401, refused.statusCode());
      assertEquals("401: unknown or revoked token", refused.body());
      assertFalse(tokenCall(m, "{\"type\":\"REVOKE_TOKEN\",\"id\":\"" + id + "\"}").get("revoked_now").asBoolean(),
          "revoking again changes nothing");

      HttpResponse<String> unknown = post(m, NodeCalls.PATH, "{\"type\":\"REVOKE_TOKEN\",\"id\":\"nope\"}",
          bearer(m.master.operatorToken()));
      assertEquals(404, unknown.statusCode());
      assertTrue(unknown.body().contains("no token with id 'nope'"), unknown.body());

      String logged = logs.text();
      assertTrue(logged.contains("token " + id + " for principal fw1 created"), logged);
      assertTrue(logged.contains("token " + id + " for principal fw1 revoked"), logged);
      assertFalse(logged.contains(token.substring(4)), "the token is never logged");
    }
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    try (MasterFixture m = master(null)) {
      JsonNode created = tokenCall(m, "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\",\"expires_in_seconds\":3600}");
      String token = created.get("token").asText();
      Instant expiresAt = Instant.parse(created.get("expires_at").asText());
      assertEquals(200, getState(m, bearer(token)).statusCode());

      ahead.set(Duration.ofMinutes(61));
      HttpResponse<String> refused = getState(m, bearer(token));
      assertEquals(401, refused.statusCode());
      assertEquals("401: token " + created.get("id").asText() + " expired at " + expiresAt, refused.body());
      assertEquals("expired", tokenCall(m, "{\"type\":\"GET_TOKENS\"}").get("tokens").get(0).get("state").asText());
    }
  }

  @Test
  void onlyTheOperatorTokenManagesTokens() throws Exception {
    try (MasterFixture m = master(null)) {
      String token = create(m, "fw1").get("token").asText();
      String list = "{\"type\":\"GET_TOKENS\"}";
      assertEquals(401, post(m, NodeCalls.PATH, list, null).statusCode());
      assertEquals(401, post(m, NodeCalls.PATH, list, bearer("crl_not-a-token")).statusCode());
      assertEquals(401, post(m, NodeCalls.PATH, list, basic("fw2", "wrong")).statusCode());
      HttpResponse<String> byPrincipal = post(m, NodeCalls.PATH, "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw2\"}",
          basic("fw2", "two"));
      assertEquals(403, byPrincipal.statusCode());
      assertTrue(byPrincipal.body().contains("principal fw2 may not make them"), byPrincipal.body());
      HttpResponse<String> byToken = post(m, NodeCalls.PATH, list, bearer(token));
      assertEquals(403, byToken.statusCode());
      assertTrue(byToken.body().contains("principal fw1"), byToken.body());

      String operator = bearer(m.master.operatorToken());
      for (String malformed : new String[] {
        "{\"type\":\"CREATE_TOKEN\"}",
        "{\"type\":\"CREATE_TOKEN\",\"principal\":\"\"}",
        "{\"type\":\"CREATE_TOKEN\",\"principal\":\"a:b\"}",
        "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\",\"expires_in_seconds\":0}",
        "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\",\"expires_in_seconds\":\"30d\"}",
        "{\"type\":\"CREATE_TOKEN\",\"principal\":\"fw1\",\"description\":7}",
        "{\"type\":\"REVOKE_TOKEN\"}",
        "[1]",
        "{not json"}) {
        HttpResponse<String> r = post(m, NodeCalls.PATH, malformed, operator);
        assertEquals(400, r.statusCode(), malformed + ": " + r.body());
      }
      assertEquals(1, tokenCall(m, list).get("tokens").size(), "no refused call created a token");
    }
  }

  @Test
  void tokensAndTheirRevocationsSurviveARestart() throws Exception {
    Path state = dir.resolve("state");
    String kept;
    String revoked;
    String keptId;
    try (MasterFixture m = master(state)) {
      JsonNode first = create(m, "fw1");
      kept = first.get("token").asText();
      keptId = first.get("id").asText();
      JsonNode second = create(m, "fw3");
      revoked = second.get("token").asText();
      tokenCall(m, "{\"type\":\"REVOKE_TOKEN\",\"id\":\"" + second.get("id").asText() + "\"}");
    }
    try (MasterFixture m = master(state)) {
      assertEquals(200, getState(m, bearer(kept)).statusCode());
      assertEquals(401, getState(m, bearer(revoked)).statusCode());
      JsonNode tokens = tokenCall(m, "{\"type\":\"GET_TOKENS\"}").get("tokens");
      assertEquals(2, tokens.size(), tokens.toString());
      assertEquals(keptId, tokens.get(0).get("id").asText());
      assertEquals("active", tokens.get(0).get("state").asText());
      assertEquals("revoked", tokens.get(1).get("state").asText());
    }
  }
}
