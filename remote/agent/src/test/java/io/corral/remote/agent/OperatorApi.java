package io.corral.remote.agent;

import io.corral.remote.api.MesosJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.master.Protos.Response;

/** The master's operator API ({@code POST /api/v1}, JSON) as the tests here use it. */
final class OperatorApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OperatorApi() {}

  /** Sends a call; the body of the 200 answer (empty for actions). */
  static byte[] call(String master, String json) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(master + "/api/v1"))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("operator call " + json + ": HTTP " + r.statusCode() + " "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }

  static Response.GetAgents agents(String master) throws IOException, InterruptedException {
    return MesosJson.parse(call(master, "{\"type\":\"GET_AGENTS\"}"), Response.newBuilder()).build().getGetAgents();
  }

  /** Whether the master lists the agent as connected and active. */
  static boolean active(String master, String agentId) throws IOException, InterruptedException {
    return agents(master).getAgentsList().stream()
        .anyMatch(a -> a.getAgentInfo().getId().getValue().equals(agentId) && a.getActive());
  }

  static void markGone(String master, String agentId) throws IOException, InterruptedException {
    call(master, "{\"type\":\"MARK_AGENT_GONE\",\"mark_agent_gone\":{\"agent_id\":{\"value\":\"" + agentId + "\"}}}");
  }
}
