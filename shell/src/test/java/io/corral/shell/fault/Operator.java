package io.corral.shell.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/** The master's operator API ({@code POST /api/v1}, Mesos JSON) and its classic state endpoints, over real HTTP. */
final class Operator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI master;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  Operator(URI master) {
    this.master = master;
  }

  /** An operator call answered 200; its Response (empty for actions, which answer without a body). */
  Response call(Call call) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(master.resolve("/api/v1")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(MesosJson.printUtf8(call))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError(call.getType() + " answered " + r.statusCode() + ": "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
    if (r.body().length == 0) {
      return Response.getDefaultInstance();
    }
    try {
      return MesosJson.parse(r.body(), Response.newBuilder()).build();
    } catch (WireFormatException e) {
      throw new AssertionError(call.getType() + " answered undecodable JSON: " + e.getMessage(), e);
    }
  }

  Response.GetAgents agents() throws IOException, InterruptedException {
    return call(Call.newBuilder().setType(Call.Type.GET_AGENTS).build()).getGetAgents();
  }

  Response.GetTasks tasks() throws IOException, InterruptedException {
    return call(Call.newBuilder().setType(Call.Type.GET_TASKS).build()).getGetTasks();
  }

  Response.GetFrameworks frameworks() throws IOException, InterruptedException {
    return call(Call.newBuilder().setType(Call.Type.GET_FRAMEWORKS).build()).getGetFrameworks();
  }

  void markGone(String agentId) throws IOException, InterruptedException {
    call(Call.newBuilder().setType(Call.Type.MARK_AGENT_GONE).setMarkAgentGone(Call.MarkAgentGone.newBuilder()
        .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))).build());
  }

  /** The agent as GET_AGENTS lists it among registered agents ({@code agents}), if it does. */
  Optional<Response.GetAgents.Agent> listedAgent(String agentId) throws IOException, InterruptedException {
    return agents().getAgentsList().stream().filter(a -> a.getAgentInfo().getId().getValue().equals(agentId)).findFirst();
  }

  /** Whether GET_AGENTS lists the agent as registered and active (connected). */
  boolean active(String agentId) throws IOException, InterruptedException {
    return listedAgent(agentId).map(Response.GetAgents.Agent::getActive).orElse(false);
  }

  /** Whether GET_AGENTS lists the agent among {@code recovered_agents} (unreachable) and not among {@code agents}. */
  boolean unreachable(String agentId) throws IOException, InterruptedException {
    Response.GetAgents all = agents();
    return all.getRecoveredAgentsList().stream().anyMatch(a -> a.getId().getValue().equals(agentId))
        && all.getAgentsList().stream().noneMatch(a -> a.getAgentInfo().getId().getValue().equals(agentId));
  }

  /**
   * Every listing of every task in GET_TASKS (tasks, unreachable, completed, orphan), by task id:
   * a task listed twice is a duplicate. Each entry is "list:state", e.g. {@code tasks:TASK_RUNNING}.
   */
  Map<String, List<String>> taskListings() throws IOException, InterruptedException {
    Response.GetTasks t = tasks();
    Map<String, List<String>> out = new LinkedHashMap<>();
    add(out, "tasks", t.getTasksList());
    add(out, "pending", t.getPendingTasksList());
    add(out, "unreachable", t.getUnreachableTasksList());
    add(out, "completed", t.getCompletedTasksList());
    add(out, "orphan", t.getOrphanTasksList());
    return out;
  }

  private static void add(Map<String, List<String>> out, String list, List<Protos.Task> tasks) {
    for (Protos.Task task : tasks) {
      out.computeIfAbsent(task.getTaskId().getValue(), k -> new ArrayList<>()).add(list + ":" + task.getState().name());
    }
  }

  /** The task's one listing in GET_TASKS (empty when it is not listed); fails if it is listed twice. */
  Optional<String> taskListing(String taskId) throws IOException, InterruptedException {
    List<String> listings = taskListings().getOrDefault(taskId, List.of());
    if (listings.size() > 1) {
      throw new AssertionError("GET_TASKS lists task " + taskId + " more than once: " + listings);
    }
    return listings.stream().findFirst();
  }

  /** The task's state in GET_TASKS (e.g. TASK_RUNNING), or empty when it is not listed. */
  Optional<Protos.TaskState> taskState(String taskId) throws IOException, InterruptedException {
    return taskListing(taskId).map(l -> Protos.TaskState.valueOf(l.substring(l.indexOf(':') + 1)));
  }

  /** GET of a classic endpoint ({@code /master/state}, {@code /state}, {@code /health}). */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(master.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A classic state endpoint that must answer 200 with JSON. */
  JsonNode state(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Whether {@code /master/state} lists the agent among {@code slaves} with {@code active: true}. */
  boolean activeInMasterState(String agentId) throws IOException, InterruptedException {
    for (JsonNode slave : state("/master/state").path("slaves")) {
      if (slave.path("id").asText().equals(agentId) && slave.path("active").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** A raw POST, answered with whatever status: for the agent endpoint's refusals. */
  HttpClient http() {
    return http;
  }
}
