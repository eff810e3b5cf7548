package io.corral.remote.master.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** The master's Marathon API ({@code /v2}) and metrics over plain HTTP, as an outside client reaches them. */
final class MarathonHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI master;

  MarathonHttp(URI master) {
    this.master = master;
  }

  /** Creates an app; the master answers 201 once the app and its deployment are committed. */
  void createApp(String json) throws IOException, InterruptedException {
    expect(201, "POST", "/v2/apps", json);
  }

  void deleteApp(String id) throws IOException, InterruptedException {
    expect(200, "DELETE", "/v2/apps" + id, null);
  }

  /** {@code /v2/apps/{id}}'s {@code app}, or a JSON null once the app is gone. */
  JsonNode app(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", "/v2/apps" + id, null);
    if (r.statusCode() == 404) {
      return JSON.nullNode();
    }
    return body(r, 200, "GET /v2/apps" + id).path("app");
  }

  JsonNode tasks(String id) throws IOException, InterruptedException {
    return get("/v2/apps" + id + "/tasks").path("tasks");
  }

  JsonNode apps() throws IOException, InterruptedException {
    return get("/v2/apps").path("apps");
  }

  JsonNode deployments() throws IOException, InterruptedException {
    return get("/v2/deployments");
  }

  /** Offers the master has sent to any framework since it started ({@code master/offers_sent}). */
  long offersSent() throws IOException, InterruptedException {
    return get("/metrics/snapshot").path("master/offers_sent").asLong();
  }

  /**
   * Asks {@code read} every {@code pollMillis} until {@code done} holds, and returns the nanoTime of
   * the answer that did; fails after {@code within} naming {@code what} and the last answer.
   */
  long await(Read read, Predicate<JsonNode> done, long pollMillis, Duration within, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (done.test(last)) {
        return System.nanoTime();
      }
      Thread.sleep(pollMillis); // polling interval, as an operator's client polls
    }
    throw new IllegalStateException("not " + what + " after " + within.toSeconds() + " s; last answer: "
        + abbreviate(String.valueOf(last)));
  }

  /** One read of the API. */
  interface Read {
    JsonNode get() throws IOException, InterruptedException;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return body(send("GET", path, null), 200, "GET " + path);
  }

  private void expect(int status, String method, String path, String json) throws IOException, InterruptedException {
    body(send(method, path, json), status, method + " " + path);
  }

  private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(master.resolve(path)).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> r, int expected, String what) throws IOException {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
  }

  private static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "...";
  }
}
