package io.corral.remote.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The master's {@code /v2} over real HTTP, for tests: JSON in, status and JSON out, and waiting on a condition. */
final class MarathonHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI master;
  /** The {@code Authorization} header sent with every request, or null for none. */
  private final String authorization;

  /** An answer: its status, its JSON (a JSON null when empty), and its headers (first value of each). */
  record Reply(int status, JsonNode body, Map<String, String> headers) {}

  MarathonHttp(String masterUrl) {
    this(masterUrl, null);
  }

  /** Sends {@code authorization} (e.g. {@code Bearer <token>}, {@code Basic ...}) with every request. */
  MarathonHttp(String masterUrl, String authorization) {
    this.master = URI.create(masterUrl);
    this.authorization = authorization;
  }

  Reply send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(master.resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json;
    try {
      json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    } catch (JsonProcessingException notJson) {
      json = JSON.getNodeFactory().textNode(r.body()); // e.g. the master's plain-text 401
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    r.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    return new Reply(r.statusCode(), json, headers);
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    Reply r = send("GET", path, null);
    if (r.status() != 200) {
      throw new IllegalStateException("GET " + path + ": " + r.status() + " " + r.body());
    }
    return r.body();
  }

  JsonNode app(String id) throws IOException, InterruptedException {
    return get("/v2/apps/" + id).path("app");
  }

  /** Reads {@code path} until {@code until} holds (polling every 50 ms), or fails after {@code within} with the last answer. */
  JsonNode await(String path, Predicate<JsonNode> until, Duration within, String what)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(within);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = get(path);
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(50); // polling interval of a condition with a deadline, not a synchronisation
    }
    throw new AssertionError("timed out after " + within + " waiting for " + what + "; last " + path + ": " + last);
  }

  /**
   * Removes every app and waits until their instances are gone: tasks outlive their agent by
   * design, so a test that ended without this would leave processes (and their ports) behind.
   */
  void removeAll() throws IOException, InterruptedException {
    for (JsonNode app : get("/v2/apps").path("apps")) {
      send("DELETE", "/v2/apps" + app.path("id").asText() + "?force=true", null);
    }
    await("/v2/tasks", n -> n.path("tasks").isEmpty(), Duration.ofSeconds(20), "every instance stopped");
  }

  /**
   * An agent's {@code ports} resource of {@code count} ports nothing on this machine listens on now
   * (the kernel's choice), so that tasks binding their host ports do not meet other programs there.
   */
  static String freePorts(int count) throws IOException {
    TreeSet<Integer> ports = new TreeSet<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      while (ports.size() < count) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        ports.add(s.getLocalPort());
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    return "ports:[" + String.join(",", ports.stream().map(p -> p + "-" + p).toList()) + "]";
  }

  /** The text of {@code file} once it exists and is not empty. */
  String awaitFile(Path file) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(file)) {
        String text = Files.readString(file);
        if (!text.isBlank() && text.endsWith("\n")) {
          return text;
        }
      }
      Thread.sleep(50); // polling interval of a condition with a deadline
    }
    throw new AssertionError("no " + file + " after 20 s");
  }

  /** Waits until the app runs {@code running} instances (healthy ones when {@code healthy}) and no deployment is left. */
  JsonNode awaitSteady(String id, int running, boolean healthy, Duration within) throws IOException, InterruptedException {
    return await("/v2/apps/" + id, n -> {
      JsonNode app = n.path("app");
      return app.path("tasksRunning").asInt() == running && app.path("deployments").isEmpty()
          && (!healthy || app.path("tasksHealthy").asInt() == running) && app.path("tasks").size() == running;
    }, within, id + " at " + running + (healthy ? " healthy" : " running") + " instances").path("app");
  }
}
