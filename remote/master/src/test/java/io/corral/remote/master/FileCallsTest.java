package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ResourceConversion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/**
 * The master's side of READ_FILE and LIST_FILES: bad requests, and the agent protocol exchange
 * with an agent written by hand (a real agent is in the agent module's SandboxFilesThroughMasterTest).
 */
class FileCallsTest {

  private static HttpResponse<String> operator(MasterFixture m, String json) throws Exception {
    return m.http.send(HttpRequest.newBuilder(m.uri().resolve("/api/v1")).header("Content-Type", "application/json")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badRequestsAre400AndUnknownTasks404() throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      HttpResponse<String> noPath = operator(m, "{\"type\":\"READ_FILE\",\"read_file\":{\"offset\":0}}");
      assertEquals(400, noPath.statusCode());
      assertTrue(noPath.body().contains("read_file.path"), noPath.body());
      HttpResponse<String> noArguments = operator(m, "{\"type\":\"READ_FILE\"}");
      assertEquals(400, noArguments.statusCode());
      assertTrue(noArguments.body().contains("Expecting 'read_file' to be present"), noArguments.body());
      HttpResponse<String> badForm = operator(m, "{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"stdout\"}}");
      assertEquals(400, badForm.statusCode());
      assertEquals("path 'stdout' is not " + SandboxPath.FORMS, badForm.body());
      HttpResponse<String> unknown = operator(m, "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"/tasks/t-9/stdout\",\"offset\":0}}");
      assertEquals(404, unknown.statusCode());
      assertEquals("no task 't-9'", unknown.body());
      HttpResponse<String> v0 = m.http.send(HttpRequest.newBuilder(m.uri().resolve("/files/read?path=/tasks/t/stdout&offset=x"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, v0.statusCode());
      assertEquals("Failed to parse offset: 'x' is not a number", v0.body());
    }
  }

  @Test
  void theMasterAsksTheTasksAgentAndRelaysItsAnswer() throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
      ObjectNode register = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
      AgentProtocol.put(register, "agent_info", Protos.AgentInfo.newBuilder().setHostname("by-hand")
          .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:2;mem:256"), null)).build());
      AgentConnection agent = AgentConnection.register(m.uri(), m.master.bootstrapCredential(), register,
          new AgentConnection.Listener() {
            @Override
            public void onEvent(JsonNode event) {
              events.add(event);
            }

            @Override
            public void onDisconnected(Throwable cause) {
            }
          }, Duration.ofSeconds(10));
      TestFramework f = m.framework("reader", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("t", offer, "cpus:1;mem:64", "true"));
      next(events, "LAUNCH");

      CompletableFuture<HttpResponse<String>> read = m.http.sendAsync(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"READ_FILE\",\"read_file\":"
              + "{\"path\":\"/tasks/t/out/./x.log\",\"offset\":5,\"length\":5000000}}")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode asked = next(events, "READ_FILE");
      assertEquals(f.id().getValue(), asked.path("framework_id").asText());
      assertEquals("t", asked.path("task_id").asText());
      assertEquals("out/x.log", asked.path("path").asText());
      assertEquals(5, asked.path("offset").asLong());
      assertEquals(FileCalls.MAX_LENGTH, asked.path("length").asLong(), "a longer read is capped at 1 MiB");
      agent.send(AgentProtocol.message(AgentProtocol.CallType.FILE_DATA).put("request_id", "someone-else")
          .put("size", 1).put("data", "")).get(10, TimeUnit.SECONDS);
      agent.send(AgentProtocol.message(AgentProtocol.CallType.FILE_DATA)
          .put("request_id", asked.path("request_id").asText()).put("size", 8).put("data", "YWJj")).get(10, TimeUnit.SECONDS);
      HttpResponse<String> answer = read.get(10, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals("{\"type\":\"READ_FILE\",\"read_file\":{\"size\":8,\"data\":\"YWJj\"}}", answer.body());

      CompletableFuture<HttpResponse<String>> list = m.http.sendAsync(HttpRequest.newBuilder(m.uri().resolve("/api/v1"))
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"/tasks/t\"}}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode listing = next(events, "LIST_FILES");
      assertEquals("", listing.path("path").asText());
      agent.send(AgentProtocol.message(AgentProtocol.CallType.FILE_ERROR)
          .put("request_id", listing.path("request_id").asText()).put("code", "IO_ERROR")
          .put("message", "disk on fire")).get(10, TimeUnit.SECONDS);
      HttpResponse<String> failed = list.get(10, TimeUnit.SECONDS);
      assertEquals(500, failed.statusCode());
      assertEquals("disk on fire", failed.body());
      agent.close();
    }
  }

  private static JsonNode next(LinkedBlockingQueue<JsonNode> events, String type) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no " + type + " event within 10 s");
      }
      if (type.equals(e.path("type").asText())) {
        return e;
      }
    }
  }

  @Test
  void pathsNameATaskAndAPlaceInItsSandbox() {
    SandboxPath shortForm = SandboxPath.parse("/tasks/t-1/logs//./app.log");
    assertEquals(new SandboxPath(null, "t-1", "/tasks/t-1", "logs/app.log"), shortForm);
    assertEquals("/tasks/t-1/stdout", shortForm.join("stdout"));
    assertEquals(new SandboxPath("f-1", "t-1", "/frameworks/f-1/tasks/t-1", ""),
        SandboxPath.parse("frameworks/f-1/tasks/t-1/"));
    assertEquals(400, assertThrows(ApiException.class, () -> SandboxPath.parse("/tasks/t-1/a/../../b")).status);
    assertEquals(400, assertThrows(ApiException.class, () -> SandboxPath.parse("/tasks/t-1/..\\x")).status);
    assertEquals(400, assertThrows(ApiException.class, () -> SandboxPath.parse("/tasks")).status);
    assertEquals(400, assertThrows(ApiException.class, () -> SandboxPath.parse("")).status);
  }

  @Test
  void aTaskIdOfTwoFrameworksNeedsTheLongForm() {
    SandboxPath shortForm = SandboxPath.parse("/tasks/web/stdout");
    assertEquals("a", shortForm.chooseFramework(List.of("a")));
    ApiException ambiguous = assertThrows(ApiException.class, () -> shortForm.chooseFramework(List.of("a", "b")));
    assertEquals(400, ambiguous.status);
    assertEquals("task id 'web' is used by frameworks a, b; use /frameworks/<framework_id>/tasks/web/...",
        ambiguous.getMessage());
    assertEquals("b", SandboxPath.parse("/frameworks/b/tasks/web/stdout").chooseFramework(List.of("a", "b")));
    ApiException none = assertThrows(ApiException.class,
        () -> SandboxPath.parse("/frameworks/c/tasks/web").chooseFramework(List.of("a", "b")));
    assertEquals(404, none.status);
    assertEquals("no task 'web' of framework 'c'", none.getMessage());
    assertEquals("no task 'web'", assertThrows(ApiException.class, () -> shortForm.chooseFramework(List.of())).getMessage());
  }
}
