package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.TaskId;
import io.corral.remote.api.JsonTrees;
import io.corral.remote.api.MesosJson;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.agent.UsageCall;
import io.corral.remote.api.convert.InputRules;
import java.io.IOException;

/**
 * The Mesos v1 agent API's {@code GET_CONTAINERS}, answered by the master for every agent from what
 * they report ({@code USAGE}): Corral's agents run no server, and the master's own API has no such
 * call. {@code POST /api/corral/agents/v1} with the agent API's {@code Call} in JSON; Corral adds an
 * optional {@code agent_id} to the call (only that agent's containers) and {@code agent_id},
 * {@code task_id}, {@code cpus_used} and {@code mem_peak_bytes} to each container. See the README, "Task usage".
 */
final class ContainerCalls {
  static final String PATH = "/api/corral/agents/v1";

  private final Master master;

  ContainerCalls(Master master) {
    this.master = master;
  }

  /** The call's JSON; a malformed one is a 400. */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode call = JsonTrees.read(body);
      if (call == null || !call.isObject()) {
        throw ApiException.badRequest("expected a JSON object: the agent API's Call, {\"type\": \"GET_CONTAINERS\"}");
      }
      return call;
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  /** On the loop: the containers of running tasks {@code viewer} may see. */
  ObjectNode handle(JsonNode call, Viewer viewer) {
    String type = call.path("type").asText("");
    if (!type.equals("GET_CONTAINERS")) {
      throw ApiException.badRequest(type.isEmpty() ? "Expecting 'type' to be present"
          : "Unsupported call type " + type + ": the master answers GET_CONTAINERS of the agent API for its agents");
    }
    AgentId agent = null;
    JsonNode id = call.path("agent_id").path("value");
    if (!id.isMissingNode()) {
      String problem = InputRules.idProblem("agent_id.value", id.asText());
      if (problem != null || !id.isTextual()) {
        throw ApiException.badRequest(problem != null ? problem : "agent_id.value: expected a string");
      }
      agent = AgentId.of(id.asText());
      if (master.agent(agent) == null) {
        throw ApiException.notFound("Agent '" + id.asText() + "' not found");
      }
    }
    ObjectNode response = AgentProtocol.MAPPER_NODES.objectNode();
    response.put("type", "GET_CONTAINERS");
    ArrayNode containers = response.putObject("get_containers").putArray("containers");
    for (UsageBook.Reported r : master.usage().current(agent)) {
      TaskEntry task = master.task(TaskId.of(r.usage().taskId()));
      if (task != null && viewer.sees(task)) {
        containers.add(container(r.agent(), task, r.usage()));
      }
    }
    return response;
  }

  /** The framework is the master's own record of the task's, not what the agent says. */
  private static ObjectNode container(AgentId agent, TaskEntry task, UsageCall.Entry u) {
    ObjectNode c = AgentProtocol.MAPPER_NODES.objectNode();
    c.putObject("framework_id").put("value", task.task.frameworkId().value());
    c.putObject("executor_id").put("value", u.executorId());
    c.put("executor_name", "Command Executor (Task: " + u.taskId() + ")");
    String container = u.containerId() != null ? u.containerId() : u.taskId();
    c.putObject("container_id").put("value", container);
    try {
      c.set("resource_statistics", JsonTrees.read(MesosJson.printUtf8(u.statistics())));
    } catch (IOException e) {
      throw new IllegalStateException("Mesos JSON of ResourceStatistics did not read back", e);
    }
    c.putObject("agent_id").put("value", agent.value());
    c.putObject("task_id").put("value", u.taskId());
    if (u.cpusUsed() >= 0) {
      c.put("cpus_used", u.cpusUsed());
    }
    if (u.memPeakBytes() >= 0) {
      c.put("mem_peak_bytes", u.memPeakBytes());
    }
    return c;
  }
}
