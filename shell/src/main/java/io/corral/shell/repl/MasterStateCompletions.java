package io.corral.shell.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.shell.ShellSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Live values read from the current master's {@code /master/state}, cached for two seconds; a
 * master that does not answer within a second gives empty lists.
 */
final class MasterStateCompletions implements LiveCompletions {
  private static final Duration FRESH = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ShellSession session;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private JsonNode state;
  private URI stateOf;
  private long fetchedAt;

  MasterStateCompletions(ShellSession session) {
    this.session = session;
  }

  private synchronized JsonNode state() {
    URI master = session.master();
    long now = System.nanoTime();
    if (state != null && master.equals(stateOf) && now - fetchedAt < FRESH.toNanos()) {
      return state;
    }
    JsonNode fresh;
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(master.resolve("/master/state"))
          .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
      fresh = response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fresh = JSON.createObjectNode();
    } catch (Exception e) {
      fresh = JSON.createObjectNode();
    }
    state = fresh;
    stateOf = master;
    fetchedAt = now;
    return fresh;
  }

  private List<Value> collect(BiConsumer<JsonNode, Map<String, String>> walk) {
    Map<String, String> values = new LinkedHashMap<>();
    walk.accept(state(), values);
    List<Value> list = new ArrayList<>();
    values.forEach((value, description) -> list.add(new Value(value, description)));
    return list;
  }

  @Override
  public List<Value> agents() {
    return collect((s, out) -> s.path("slaves").forEach(a -> out.put(a.path("id").asText(), a.path("hostname").asText())));
  }

  @Override
  public List<Value> tasks() {
    return collect((s, out) -> s.path("frameworks").forEach(f -> f.path("tasks")
        .forEach(t -> out.put(t.path("id").asText(), t.path("name").asText()))));
  }

  @Override
  public List<Value> taskNames() {
    return collect((s, out) -> s.path("frameworks").forEach(f -> f.path("tasks")
        .forEach(t -> out.putIfAbsent(t.path("name").asText(), t.path("id").asText()))));
  }

  @Override
  public List<Value> frameworks() {
    return collect((s, out) -> s.path("frameworks").forEach(f -> out.put(f.path("id").asText(), f.path("name").asText())));
  }

  @Override
  public List<Value> hosts() {
    return collect((s, out) -> s.path("slaves").forEach(a -> out.putIfAbsent(a.path("hostname").asText(), a.path("id").asText())));
  }

  @Override
  public List<Value> roles() {
    return collect((s, out) -> s.path("frameworks").forEach(f -> f.path("roles")
        .forEach(r -> out.putIfAbsent(r.asText(), "role"))));
  }
}
