package io.corral.remote.master.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredCredential;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredTask;
import io.corral.core.state.StoredToken;
import io.corral.core.task.Task;
import io.corral.core.task.TaskSource;
import io.corral.core.task.TaskState;
import io.corral.core.task.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stored records as znode contents: one JSON object per record with the fields the SQLite
 * store keeps as columns (same text forms: ISO instants, ISO durations, Mesos state names,
 * Corral resource text), and the opaque Mesos wire blob in base64. Each pair round-trips exactly.
 */
final class ZkRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ZkRecords() {}

  static byte[] agent(StoredAgent agent) {
    AgentInfo info = agent.info();
    ObjectNode n = JSON.createObjectNode();
    n.put("id", info.id().value());
    n.put("hostname", info.hostname());
    n.put("os", info.os().label());
    n.put("arch", info.arch());
    ObjectNode attributes = n.putObject("attributes");
    new TreeMap<>(info.attributes()).forEach(attributes::put);
    n.put("resources", info.total().format());
    n.put("state", agent.state() == null ? null : agent.state().name());
    n.put("registered_at", text(agent.registeredAt()));
    n.put("state_changed_at", text(agent.stateChangedAt()));
    n.put("credential_id", agent.credentialId());
    n.put("wire", base64(agent.wire()));
    return bytes(n);
  }

  static StoredAgent agent(byte[] data) {
    JsonNode n = tree(data);
    Map<String, String> attributes = new TreeMap<>();
    n.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    AgentInfo info = new AgentInfo(AgentId.of(str(n, "id")), str(n, "hostname"), OsFamily.parse(str(n, "os")),
        str(n, "arch"), attributes, Resources.parse(str(n, "resources")));
    return new StoredAgent(info, AgentState.valueOf(str(n, "state")), instant(str(n, "registered_at")),
        instant(str(n, "state_changed_at")), str(n, "credential_id"), unbase64(str(n, "wire")));
  }

  static byte[] framework(StoredFramework framework) {
    FrameworkInfo info = framework.info();
    ObjectNode n = JSON.createObjectNode();
    n.put("id", info.id().value());
    n.put("name", info.name());
    n.put("principal", info.principal());
    ArrayNode roles = n.putArray("roles");
    info.roles().forEach(roles::add);
    n.put("failover_timeout", info.failoverTimeout() == null ? null : info.failoverTimeout().toString());
    ArrayNode capabilities = n.putArray("capabilities");
    new TreeSet<>(info.capabilities()).forEach(capabilities::add);
    n.put("registered_at", text(framework.registeredAt()));
    n.put("disconnected_at", text(framework.disconnectedAt()));
    n.put("wire", base64(framework.wire()));
    return bytes(n);
  }

  static StoredFramework framework(byte[] data) {
    JsonNode n = tree(data);
    String timeout = str(n, "failover_timeout");
    FrameworkInfo info = new FrameworkInfo(FrameworkId.of(str(n, "id")), str(n, "name"), str(n, "principal"),
        strings(n.path("roles")), timeout == null ? null : Duration.parse(timeout),
        new HashSet<>(strings(n.path("capabilities"))));
    return new StoredFramework(info, instant(str(n, "registered_at")), instant(str(n, "disconnected_at")),
        unbase64(str(n, "wire")));
  }

  static byte[] task(StoredTask stored) {
    Task task = stored.task();
    TaskStatus status = task.lastStatus();
    ObjectNode n = JSON.createObjectNode();
    n.put("id", task.id().value());
    n.put("framework_id", task.frameworkId().value());
    n.put("agent_id", task.agentId().value());
    n.put("name", task.name());
    n.put("role", stored.role());
    n.put("resources", task.resources().format());
    n.put("state", task.state().mesosName());
    n.put("status_source", status.source().name());
    n.put("status_reason", status.reason());
    n.put("status_message", status.message());
    n.put("status_at", text(status.timestamp()));
    n.put("status_uuid", status.uuid());
    n.put("awaiting_ack", task.awaitingAcknowledgement());
    n.put("wire", base64(stored.wire()));
    return bytes(n);
  }

  static StoredTask task(byte[] data) {
    JsonNode n = tree(data);
    TaskId id = TaskId.of(str(n, "id"));
    TaskState state = TaskState.fromMesosName(str(n, "state"));
    TaskStatus status = new TaskStatus(id, state, TaskSource.valueOf(str(n, "status_source")), str(n, "status_reason"),
        str(n, "status_message"), instant(str(n, "status_at")), str(n, "status_uuid"));
    Task task = new Task(id, FrameworkId.of(str(n, "framework_id")), AgentId.of(str(n, "agent_id")), str(n, "name"),
        Resources.parse(str(n, "resources")), state, status, n.path("awaiting_ack").asBoolean());
    return new StoredTask(task, str(n, "role"), unbase64(str(n, "wire")));
  }

  static byte[] role(Role role) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", role.name());
    n.put("weight", role.weight());
    n.put("guarantee", role.guarantee().format());
    return bytes(n);
  }

  static Role role(byte[] data) {
    JsonNode n = tree(data);
    return new Role(str(n, "name"), n.path("weight").asDouble(), Resources.parse(str(n, "guarantee")));
  }

  static byte[] credential(StoredCredential credential) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", credential.id());
    n.put("secret_hash", credential.secretHash());
    n.put("issued_for", credential.issuedFor());
    n.put("issued_at", text(credential.issuedAt()));
    n.put("revoked", credential.revoked());
    if (credential.boundTo() != null) {
      n.put("agent_id", credential.boundTo().value());
    }
    return bytes(n);
  }

  static StoredCredential credential(byte[] data) {
    JsonNode n = tree(data);
    return new StoredCredential(str(n, "id"), str(n, "secret_hash"), str(n, "issued_for"),
        instant(str(n, "issued_at")), n.path("revoked").asBoolean(),
        str(n, "agent_id") == null ? null : AgentId.of(str(n, "agent_id")));
  }

  static byte[] token(StoredToken token) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", token.id());
    n.put("secret_hash", token.secretHash());
    n.put("principal", token.principal());
    n.put("description", token.description());
    n.put("created_at", text(token.createdAt()));
    n.put("expires_at", text(token.expiresAt()));
    n.put("revoked", token.revoked());
    return bytes(n);
  }

  static StoredToken token(byte[] data) {
    JsonNode n = tree(data);
    return new StoredToken(str(n, "id"), str(n, "secret_hash"), str(n, "principal"), str(n, "description"),
        instant(str(n, "created_at")), instant(str(n, "expires_at")), n.path("revoked").asBoolean());
  }

  static byte[] setting(String key, String value) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", key);
    n.put("value", value);
    return bytes(n);
  }

  static Map.Entry<String, String> setting(byte[] data) {
    JsonNode n = tree(data);
    return Map.entry(str(n, "key"), str(n, "value"));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] unbase64(String text) {
    return text == null ? null : Base64.getDecoder().decode(text);
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a state record as JSON", e);
    }
  }

  private static JsonNode tree(byte[] data) {
    try {
      JsonNode n = JSON.readTree(data);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
  }
}
