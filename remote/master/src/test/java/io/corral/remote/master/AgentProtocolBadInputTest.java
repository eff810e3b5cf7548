package io.corral.remote.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.resources.Resources;
import io.corral.remote.api.agent.AgentConnection;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.convert.ResourceConversion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** Bad agent calls get a status and a message, never a hung request; the master keeps serving. */
class AgentProtocolBadInputTest {

  private static AgentConnection register(MasterFixture m, CompletableFuture<JsonNode> launch) throws Exception {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.REGISTER);
    AgentProtocol.put(call, "agent_info", Protos.AgentInfo.newBuilder().setHostname("raw")
        .addAllResources(ResourceConversion.toMesos(Resources.parse("cpus:2;mem:256"), null)).build());
    return AgentConnection.register(m.uri(), m.master.bootstrapCredential(), call,
        new AgentConnection.Listener() {
          @Override
          public void onEvent(JsonNode event) {
            if ("LAUNCH".equals(event.path("type").asText())) {
              launch.complete(event);
            }
          }

          @Override
          public void onDisconnected(Throwable cause) {
          }
        }, Duration.ofSeconds(10));
  }

  private static int status(CompletableFuture<Integer> call) throws Exception {
    try {
      return call.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof AgentConnection.RefusedException, String.valueOf(e.getCause()));
      return ((AgentConnection.RefusedException) e.getCause()).status;
    }
  }

  private static ObjectNode update(String taskId, String stateName) {
    ObjectNode call = AgentProtocol.message(AgentProtocol.CallType.UPDATE);
    ObjectNode status = call.putObject("status");
    status.putObject("task_id").put("value", taskId);
    status.put("state", stateName);
    status.put("source", "SOURCE_EXECUTOR");
    status.put("uuid", "AAECAwQFBgcICQoLDA0ODw==");
    return call;
  }

  @Test
  void wrongCredentialsAndMalformedBodiesAreRefusedWithAReason() throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      HttpRequest.Builder post = HttpRequest.newBuilder(m.uri().resolve(AgentProtocol.PATH))
          .header("Content-Type", "application/json");
      HttpResponse<String> noToken = m.http.send(post.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"PONG\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, noToken.statusCode());
      assertTrue(noToken.body().contains("Authorization"), noToken.body());
      HttpResponse<String> wrong = m.http.send(post.header("Authorization", "Bearer abc.def")
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"PONG\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      assertTrue(wrong.body().contains("unknown or revoked"), wrong.body());
      HttpResponse<String> garbage = m.http.send(HttpRequest.newBuilder(m.uri().resolve(AgentProtocol.PATH))
          .header("Authorization", "Bearer " + m.master.bootstrapCredential())
          .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, garbage.statusCode());
      assertTrue(garbage.body().contains("malformed JSON"), garbage.body());
    }
  }

  @Test
  void anUpdateWithAStateNoTaskCanBeInIsABadRequestAndTheTaskGoesOn() throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      CompletableFuture<JsonNode> launch = new CompletableFuture<>();
      AgentConnection agent = register(m, launch);
      TestFramework f = m.framework("strict", false);
      Protos.Offer offer = f.awaitOffer();
      f.launch(offer, TestFramework.task("t", offer, "cpus:1;mem:64", "sleep 100"));
      launch.get(10, TimeUnit.SECONDS);
      assertEquals(400, status(agent.send(update("t", "TASK_UNKNOWN"))));
      assertEquals(400, status(agent.send(AgentProtocol.message(AgentProtocol.CallType.UPDATE))));
      assertEquals(202, status(agent.send(update("t", "TASK_RUNNING"))));
      f.awaitUpdate("t", Protos.TaskState.TASK_RUNNING);
      agent.close();
    }
  }
}
