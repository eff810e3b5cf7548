package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.state.StoredCredential;
import io.corral.core.task.Task;
import io.corral.core.task.TaskState;
import io.corral.remote.api.agent.AgentProtocol;
import io.corral.remote.api.agent.AgentProtocol.ProtocolException;
import io.corral.remote.api.agent.UsageCall;
import io.corral.remote.api.convert.InputRules;
import io.corral.remote.api.convert.ModelConversion;
import io.corral.remote.api.convert.ResourceConversion;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.mesos.v1.Protos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent protocol's calls (see docs/agent-protocol.md), on the master loop. */
final class AgentCalls {
  private static final Logger LOG = LoggerFactory.getLogger(AgentCalls.class);

  private final Master master;
  private final AgentIdentity identity;

  AgentCalls(Master master) {
    this.master = master;
    this.identity = new AgentIdentity(master);
  }

  /** A registration the master took; {@code agentCredential} is the agent's own credential when one was issued now. */
  record Registered(AgentEntry agent, String streamId, String agentCredential) {}

  StoredCredential authenticate(String authorization) {
    return identity.authenticate(authorization);
  }

  /** A task an agent reports at registration, read and checked before anything changes. */
  private record Reported(FrameworkId framework, String role, Protos.TaskInfo info, Protos.TaskStatus status,
      Resources resources) {
    TaskId id() {
      return TaskId.of(info.getTaskId().getValue());
    }
  }

  /**
   * REGISTER: admits a new agent or takes back a known one, reconciling the tasks it reports.
   * Everything in the call is read and checked before anything changes, so a refused REGISTER
   * (400, naming the field) leaves no trace in the master's books.
   */
  Registered register(JsonNode call, StoredCredential credential) {
    Protos.AgentInfo.Builder info = AgentProtocol.get(call, "agent_info", Protos.AgentInfo.newBuilder());
    String arch = shortText(call, "arch", "unknown");
    String version = shortText(call, "version", "");
    AgentId id;
    if (call.hasNonNull("agent_id")) {
      String given = AgentProtocol.text(call, "agent_id");
      refuseIf(InputRules.idProblem("agent_id", given));
      id = AgentId.of(given);
    } else if (credential.isAgentCredential()) {
      // An agent that stored its credential but not its id (it stopped in between) is still that agent.
      id = credential.boundTo();
    } else {
      id = master.newAgentId();
    }
    AgentEntry agent = master.agent(id);
    if (agent != null && agent.state == AgentState.GONE) {
      throw AgentIdentity.gone(id);
    }
    refuseIf(InputRules.textProblem("agent_info.hostname", info.getHostname(), MAX_TEXT_BYTES));
    Protos.AgentInfo wire = info.setId(Protos.AgentID.newBuilder().setValue(id.value())).build();
    AgentInfo core;
    try {
      core = ModelConversion.agent(wire, id, arch);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("agent_info: " + e.getMessage());
    }
    List<Reported> reported = reported(call.path("tasks"), id);
    boolean joins = identity.admit(id, agent, credential);

    boolean known = agent != null;
    if (!known) {
      agent = new AgentEntry(id);
      agent.registeredAt = master.now();
      agent.stateChangedAt = agent.registeredAt;
      master.addAgent(agent);
    } else {
      master.rescind(master.allocator().removeAgent(id));
      if (agent.stream != null) {
        agent.stream.close();
        agent.stream = null;
      }
    }
    agent.wire = wire;
    agent.info = core;
    agent.version = version;
    String agentCredential = null;
    if (joins) {
      // The join credential's id stays on the record: `corral node` finds a host's agent by it.
      agent.credentialId = credential.id();
      agentCredential = master.credentials().issueFor(id, master.now());
    } else {
      StoredCredential joinNow = identity.joinCredentialIn(call).orElse(null);
      if (joinNow != null) {
        agent.credentialId = joinNow.id();
      }
    }
    agent.lastSeen = master.now();
    agent.recovered = false;
    if (agent.state == AgentState.UNREACHABLE) {
      agent.state = AgentState.ACTIVE;
      agent.stateChangedAt = master.now();
      LOG.info("agent {} ({}) is reachable again", id, core.hostname());
    }
    reconcileTasks(agent, reported);
    master.allocator().addAgent(agent.info, master.usageOn(id));
    master.allocator().setAgentState(id, agent.state);
    master.persist(agent);
    AgentEntry added = agent;
    master.broadcast(() -> OperatorEvents.agentAdded(master, added));
    LOG.info("agent {} at {} {}", id, agent.info.hostname(), known ? "re-registered" : "registered");
    return new Registered(agent, UUID.randomUUID().toString(), agentCredential);
  }

  /** Free text an agent sends about itself (version, architecture), at most this long. */
  private static final int MAX_TEXT_BYTES = 255;

  private static String shortText(JsonNode call, String field, String absent) {
    JsonNode n = call.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest(field + ": expected a string");
    }
    refuseIf(InputRules.textProblem(field, n.asText(), MAX_TEXT_BYTES));
    return n.asText();
  }

  private static void refuseIf(String problem) {
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
  }

  private static List<Reported> reported(JsonNode tasks, AgentId agent) {
    List<Reported> out = new ArrayList<>();
    if (tasks.isMissingNode() || tasks.isNull()) {
      return out;
    }
    if (!tasks.isArray()) {
      throw ApiException.badRequest("tasks: expected an array");
    }
    for (int i = 0; i < tasks.size(); i++) {
      JsonNode r = tasks.get(i);
      String at = "tasks[" + i + "]";
      Protos.TaskInfo info = AgentProtocol.get(r, "task", Protos.TaskInfo.newBuilder()).build();
      Protos.TaskStatus status = AgentProtocol.get(r, "status", Protos.TaskStatus.newBuilder())
          .setAgentId(Protos.AgentID.newBuilder().setValue(agent.value())).build();
      String framework = AgentProtocol.text(r, "framework_id");
      refuseIf(InputRules.idProblem(at + ".framework_id", framework));
      refuseIf(InputRules.idProblem(at + ".task.task_id", info.getTaskId().getValue()));
      if (!status.getTaskId().equals(info.getTaskId())) {
        throw ApiException.badRequest(at + ".status.task_id: differs from the task's id");
      }
      String role = r.path("role").asText(FrameworkInfo.DEFAULT_ROLE);
      Resources resources;
      try {
        resources = ResourceConversion.fromMesos(info.getResourcesList());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(at + ".task.resources: " + e.getMessage());
      }
      out.add(new Reported(FrameworkId.of(framework), role, info, status, resources));
    }
    return out;
  }

  private void reconcileTasks(AgentEntry agent, List<Reported> reported) {
    Set<TaskId> seen = new HashSet<>();
    for (Reported r : reported) {
      TaskId id = r.id();
      seen.add(id);
      TaskEntry entry = master.task(id);
      if (entry == null && master.framework(r.framework()) != null) {
        entry = new TaskEntry(Task.launched(id, r.framework(), agent.id, r.info().getName(), r.resources(),
            master.now()), r.info(), r.role(), r.status());
        master.adoptTask(entry);
        LOG.info("adopted task {} reported by agent {}", id, agent.id);
      }
      if (entry == null) {
        ObjectNode kill = AgentProtocol.message(AgentProtocol.EventType.KILL);
        kill.put("framework_id", r.framework().value());
        kill.put("task_id", id.value());
        agent.pendingEvents.add(kill);
        continue;
      }
      TaskState state = ModelConversion.state(r.status().getState());
      if (entry.task.state() != state && !state.isTerminal()) {
        // A terminal state arrives as an UPDATE with its uuid, so the framework can acknowledge it.
        master.applyStatus(entry, r.status());
      }
    }
    for (TaskEntry t : master.liveTasksOn(agent.id)) {
      if (seen.contains(t.task.id())) {
        continue;
      }
      if (t.task.state() == TaskState.STAGING) {
        // The LAUNCH went to a connection that broke before the agent read it (the agent reports
        // every task it was given): the task never started. Mesos' agents answer such tasks with
        // TASK_DROPPED in reconciliation; frameworks that are not partition-aware see TASK_LOST.
        master.applyStatus(t, master.masterStatus(t, TaskState.DROPPED, Protos.TaskStatus.Reason.REASON_RECONCILIATION,
            "Reconciliation: task unknown to the agent; its launch never reached it"));
      } else {
        master.applyStatus(t, master.masterStatus(t, TaskState.LOST, Protos.TaskStatus.Reason.REASON_AGENT_RESTARTED,
            "Task is unknown to the agent that re-registered"));
      }
    }
  }

  /** Attaches the opened stream and sends REGISTERED (after commit). */
  void attach(AgentEntry agent, EventStream stream, String agentCredential) {
    agent.stream = stream;
    stream.onClose(s -> master.loop().execute(() -> {
      master.files().streamClosed(s);
      if (agent.stream == s) {
        agent.stream = null;
        master.agentDisconnected(agent);
      }
    }));
    ObjectNode registered = AgentProtocol.message(AgentProtocol.EventType.REGISTERED);
    registered.put("agent_id", agent.id.value());
    registered.put("ping_interval_seconds", master.config().agentPingInterval().toMillis() / 1000.0);
    if (agentCredential != null) {
      registered.put(AgentProtocol.AGENT_CREDENTIAL, agentCredential);
    }
    stream.send(AgentProtocol.bytes(registered));
    for (ObjectNode event : agent.pendingEvents) {
      stream.send(AgentProtocol.bytes(event));
    }
    agent.pendingEvents.clear();
  }

  /** UPDATE, PONG, the answers for sandbox files and USAGE, on the stream the agent registered. */
  void handle(JsonNode call, StoredCredential credential, String streamId) {
    AgentId id = AgentId.of(AgentProtocol.text(call, "agent_id"));
    identity.checkCall(id, credential);
    AgentEntry agent = master.agent(id);
    if (agent == null || agent.stream == null) {
      throw ApiException.forbidden("agent " + id + " is not registered");
    }
    if (streamId == null || !streamId.equals(agent.stream.id)) {
      throw ApiException.forbidden("stale or missing " + AgentProtocol.STREAM_HEADER + "; register again");
    }
    agent.lastSeen = master.now();
    String type = call.path("type").asText();
    switch (type) {
      case "PONG" -> { }
      case "UPDATE" -> update(agent, call);
      case "FILE_DATA", "FILE_LIST", "FILE_ERROR" -> master.files().answered(agent, call);
      case "USAGE" -> master.usage().record(agent, UsageCall.read(call));
      default -> throw new ProtocolException("unknown call type '" + type + "'");
    }
  }

  /** One status ({@code status}) or a batch ({@code statuses}), applied in order. */
  private void update(AgentEntry agent, JsonNode call) {
    JsonNode batch = call.get("statuses");
    if (batch != null && batch.isArray()) {
      for (JsonNode one : batch) {
        ObjectNode wrapper = AgentProtocol.MAPPER_NODES.objectNode();
        wrapper.set("status", one);
        update(agent, call.path("framework_id").asText(""), wrapper);
      }
      return;
    }
    update(agent, call.path("framework_id").asText(""), call);
  }

  private void update(AgentEntry agent, String frameworkId, JsonNode holder) {
    Protos.TaskStatus status = AgentProtocol.get(holder, "status", Protos.TaskStatus.newBuilder())
        .setAgentId(Protos.AgentID.newBuilder().setValue(agent.id.value())).build();
    master.recordStatusUpdate();
    TaskEntry entry;
    try {
      entry = master.task(TaskId.of(status.getTaskId().getValue()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status.task_id: " + e.getMessage());
    }
    if (entry == null || !entry.task.agentId().equals(agent.id)) {
      ObjectNode ack = AgentProtocol.message(AgentProtocol.EventType.ACKNOWLEDGE);
      ack.put("framework_id", frameworkId);
      ack.put("task_id", status.getTaskId().getValue());
      ack.put("uuid", Base64.getEncoder().encodeToString(status.getUuid().toByteArray()));
      master.send(agent, ack);
      return;
    }
    master.applyStatus(entry, status);
  }
}
