package io.corral.remote.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.master.MasterConfig;
import io.corral.remote.master.MasterServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marathon's event stream ({@code GET /v2/events}, server-sent events) from a real master with a
 * real agent, read with the JDK's HTTP client as any SSE client would: attached first, then the
 * deployment, the instance's status and health, and the deployment's end; {@code event_type}
 * narrows the stream to the types asked for.
 */
class ServicesEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WITHIN = Duration.ofSeconds(20);
  @TempDir Path work;
  private MasterServer master;
  private AgentDaemon agent;
  private MarathonHttp v2;
  private final List<EventSource> streams = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    master = MasterServer.start(MasterConfig.defaults().withListen("127.0.0.1", 0)
        .withTimings(Duration.ofSeconds(15), Duration.ofSeconds(15), 5, Duration.ofMillis(100)));
    agent = AgentDaemon.start(new AgentConfig(URI.create(master.url()), work.resolve("agent"),
        master.bootstrapCredential(), "cpus:2;mem:1024;ports:[31300-31319]", Map.of(), "node-1", null),
        TaskRuntimes.forThisPlatform());
    v2 = new MarathonHttp(master.url());
  }

  @AfterEach
  void stop() throws Exception {
    streams.forEach(EventSource::close);
    try {
      v2.removeAll();
    } finally {
      agent.close();
      master.close();
    }
  }

  /** One server-sent event: its {@code event:} name and its {@code data:} as JSON. */
  record Event(String type, JsonNode data) {}

  /** A {@code /v2/events} stream read line by line on its own thread into a queue. */
  static final class EventSource implements AutoCloseable {
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    final HttpResponse<Stream<String>> response;

    EventSource(String url) throws Exception {
      response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofLines());
      lines = response.body();
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      String[] type = {null};
      StringBuilder data = new StringBuilder();
      try {
        lines.forEach(line -> {
          if (line.startsWith("event:")) {
            type[0] = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          } else if (line.isEmpty() && data.length() > 0) {
            try {
              events.add(new Event(type[0], JSON.readTree(data.toString())));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            type[0] = null;
            data.setLength(0);
          }
        });
      } catch (RuntimeException e) {
        // the stream was closed by the test, or the master went away: no more events
      }
    }

    /** The next event that matches, after skipping others (all seen are returned in {@code seen}). */
    Event next(Predicate<Event> wanted, String what, List<Event> seen) throws InterruptedException {
      Instant deadline = Instant.now().plus(WITHIN);
      while (Instant.now().isBefore(deadline)) {
        Event e = events.poll(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
          break;
        }
        seen.add(e);
        if (wanted.test(e)) {
          return e;
        }
      }
      throw new AssertionError("no " + what + " within " + WITHIN + "; seen " + seen);
    }

    Event next(String type, List<Event> seen) throws InterruptedException {
      return next(e -> e.type().equals(type), type, seen);
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  private EventSource events(String query) throws Exception {
    EventSource s = new EventSource(master.url() + "/v2/events" + query);
    streams.add(s);
    return s;
  }

  private static int indexOf(List<Event> seen, Predicate<Event> which) {
    for (int i = 0; i < seen.size(); i++) {
      if (which.test(seen.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aCreateIsFollowedFromDeploymentToRunningInstanceToSuccess() throws Exception {
    EventSource stream = events("");
    assertEquals(200, stream.response.statusCode());
    assertTrue(stream.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
        stream.response.headers().toString());
    List<Event> seen = new ArrayList<>();
    Event attached = stream.next(e -> true, "the first event", seen);
    assertEquals("event_stream_attached", attached.type());
    assertEquals("event_stream_attached", attached.data().path("eventType").asText());

    MarathonHttp.Reply created = v2.send("POST", "/v2/apps",
        "{\"id\": \"/events/one\", \"cmd\": \"sleep 300\", \"cpus\": 0.1, \"mem\": 16}");
    assertEquals(201, created.status(), created.body().toString());
    String deploymentId = created.headers().get("Marathon-Deployment-Id");

    Event info = stream.next("deployment_info", seen);
    assertEquals("deployment_info", info.data().path("eventType").asText());
    Event running = stream.next(e -> e.type().equals("status_update_event")
        && e.data().path("taskStatus").asText().equals("TASK_RUNNING"), "a TASK_RUNNING status_update_event", seen);
    assertEquals("/events/one", running.data().path("appId").asText(), running.data().toString());
    String taskId = running.data().path("taskId").asText();
    assertTrue(taskId.startsWith("events_one."), taskId);
    assertEquals("node-1", running.data().path("host").asText(), running.data().toString());
    Event success = stream.next("deployment_success", seen);
    assertEquals(info.data().path("id").asText(), success.data().path("id").asText(), "the same deployment");
    assertEquals(deploymentId, success.data().path("id").asText(), "the deployment the create answered with");
    assertEquals(List.of(taskId), v2.app("events/one").findValuesAsText("id").stream()
        .filter(id -> id.startsWith("events_one.")).toList());
    assertTrue(indexOf(seen, e -> e == info) < indexOf(seen, e -> e == running)
        && indexOf(seen, e -> e == running) < indexOf(seen, e -> e == success), "in order: " + seen);
  }

  @Test
  void aHealthCheckedInstanceBecomingHealthyIsAnEventBeforeTheDeploymentSucceeds() throws Exception {
    EventSource stream = events("");
    List<Event> seen = new ArrayList<>();
    stream.next("event_stream_attached", seen);
    assertEquals(201, v2.send("POST", "/v2/apps", "{\"id\": \"checked\", \"cmd\": \"sleep 300\", \"cpus\": 0.1,"
        + " \"mem\": 16, \"healthChecks\": [{\"protocol\": \"COMMAND\", \"command\": {\"value\": \"true\"},"
        + " \"gracePeriodSeconds\": 10, \"intervalSeconds\": 1, \"timeoutSeconds\": 5, \"delaySeconds\": 0}]}").status());
    Event healthy = stream.next("health_status_changed_event", seen);
    assertEquals("/checked", healthy.data().path("appId").asText(), healthy.data().toString());
    assertTrue(healthy.data().path("alive").asBoolean(), healthy.data().toString());
    String taskId = healthy.data().path("taskId").asText();
    assertTrue(taskId.startsWith("checked."), taskId);
    stream.next("deployment_success", seen);
    JsonNode app = v2.app("checked");
    assertEquals(1, app.path("tasksHealthy").asInt(), app.toString());
    assertEquals(taskId, app.path("tasks").path(0).path("id").asText());
  }

  @Test
  void eventTypeKeepsOnlyTheTypesAskedFor() throws Exception {
    EventSource statuses = events("?event_type=status_update_event");
    EventSource two = events("?event_type=status_update_event&event_type=deployment_success");
    EventSource everything = events("");
    List<Event> all = new ArrayList<>();
    everything.next("event_stream_attached", all);

    assertEquals(201, v2.send("POST", "/v2/apps",
        "{\"id\": \"filtered\", \"cmd\": \"sleep 300\", \"cpus\": 0.1, \"mem\": 16}").status());
    everything.next("deployment_success", all);
    // A later event on every stream, so that anything the filtered streams let through has arrived.
    assertEquals(200, v2.send("DELETE", "/v2/apps/filtered", null).status());
    everything.next(e -> e.type().equals("status_update_event")
        && e.data().path("taskStatus").asText().equals("TASK_KILLED"), "the instance killed", all);

    List<Event> onlyStatuses = new ArrayList<>();
    statuses.next(e -> e.data().path("taskStatus").asText().equals("TASK_KILLED"), "TASK_KILLED", onlyStatuses);
    List<Event> statusesAndSuccess = new ArrayList<>();
    two.next(e -> e.data().path("taskStatus").asText().equals("TASK_KILLED"), "TASK_KILLED", statusesAndSuccess);

    assertTrue(all.stream().anyMatch(e -> e.type().equals("deployment_info")), "unfiltered sees everything: " + all);
    assertTrue(onlyStatuses.stream().map(Event::type).filter(t -> !t.equals("event_stream_attached"))
        .allMatch("status_update_event"::equals), "only status updates: " + onlyStatuses);
    assertTrue(onlyStatuses.stream().anyMatch(e -> e.data().path("taskStatus").asText().equals("TASK_RUNNING")),
        onlyStatuses.toString());
    assertTrue(statusesAndSuccess.stream().map(Event::type).filter(t -> !t.equals("event_stream_attached"))
        .allMatch(t -> t.equals("status_update_event") || t.equals("deployment_success")),
        "status updates and deployment successes only: " + statusesAndSuccess);
    assertTrue(statusesAndSuccess.stream().anyMatch(e -> e.type().equals("deployment_success")),
        "both types asked for arrive: " + statusesAndSuccess);
  }
}
