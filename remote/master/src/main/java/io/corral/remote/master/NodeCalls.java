package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredCredential;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Corral's own operator calls at {@code POST /api/corral/v1} (JSON objects with a {@code type}),
 * used by {@code corral node}: per-host agent credentials and the records of provisioned hosts;
 * and by {@code corral token}: principal tokens ({@link TokenCalls}).
 *
 * <p>Issuing credentials lets the caller add agents, so every call needs
 * {@code Authorization: Bearer <operator token>}; the token is in {@code <state-dir>/operator-token}
 * (mode 0600), readable by whoever runs the master. Secrets are never logged.
 *
 * <p>Node records are kept as master settings {@code node/<name>} holding the record's JSON; a
 * removed node's setting is set to the empty string.
 */
final class NodeCalls {
  static final String PATH = "/api/corral/v1";
  static final String SETTING_PREFIX = "node/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Master master;
  private final OperatorToken operatorToken;
  private final Map<String, ObjectNode> nodes = new TreeMap<>();
  private final TokenCalls tokens;

  NodeCalls(Master master, String operatorToken, Map<String, String> settings) {
    this.master = master;
    this.operatorToken = new OperatorToken(operatorToken);
    this.tokens = new TokenCalls(master);
    settings.forEach((key, value) -> {
      if (key.startsWith(SETTING_PREFIX) && !value.isEmpty()) {
        try {
          nodes.put(key.substring(SETTING_PREFIX.length()), (ObjectNode) JSON.readTree(value));
        } catch (IOException | ClassCastException e) {
          throw new IllegalStateException("stored node record " + key + " is unreadable", e);
        }
      }
    });
  }

  /** Checks the bearer token in constant time; any thread. */
  boolean authorized(String authorization) {
    return operatorToken.presentedIn(authorization);
  }

  static JsonNode parse(byte[] body) {
    JsonNode call;
    try {
      call = JSON.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (call == null || !call.isObject() || !call.path("type").isTextual()) {
      throw ApiException.badRequest("expected a JSON object with a 'type'");
    }
    return call;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs one call on the master loop; returns the answer's JSON. */
  ObjectNode handle(JsonNode call) {
    String type = call.get("type").asText();
    if (TokenCalls.handles(type)) {
      return tokens.handle(type, call);
    }
    return switch (type) {
      case "ISSUE_CREDENTIAL" -> issue(text(call, "issued_for"));
      case "REVOKE_CREDENTIAL" -> JSON.createObjectNode().put("revoked", master.credentials().revoke(text(call, "id")));
      case "GET_AGENTS_BY_CREDENTIAL" -> agentsByCredential(text(call, "credential_id"));
      case "PUT_NODE" -> putNode(call.get("node"));
      case "REMOVE_NODE" -> removeNode(text(call, "name"));
      case "GET_NODES" -> getNodes();
      default -> throw ApiException.badRequest("unknown call type '" + type + "'");
    };
  }

  private ObjectNode issue(String issuedFor) {
    String token = master.credentials().issue(issuedFor, master.now());
    return JSON.createObjectNode().put("credential", token).put("id", token.substring(0, token.indexOf('.')));
  }

  private ObjectNode agentsByCredential(String credentialId) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode agents = out.putArray("agents");
    for (AgentEntry a : master.agentsView()) {
      if (credentialId.equals(a.credentialId)) {
        agents.add(agentView(a));
      }
    }
    return out;
  }

  private static ObjectNode agentView(AgentEntry a) {
    return JSON.createObjectNode().put("agent_id", a.id.value()).put("hostname", a.info.hostname())
        .put("state", a.state.name()).put("connected", a.connected()).put("version", a.version)
        .put("stream", a.connected() ? a.stream.id : "");
  }

  private ObjectNode putNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("PUT_NODE needs a 'node' object");
    }
    String name = text(node, "name");
    ObjectNode record = ((ObjectNode) node).deepCopy();
    nodes.put(name, record);
    master.loop().persist(new StateChange.PutSetting(SETTING_PREFIX + name, record.toString()));
    return JSON.createObjectNode();
  }

  private ObjectNode removeNode(String name) {
    boolean removed = nodes.remove(name) != null;
    if (removed) {
      master.loop().persist(new StateChange.PutSetting(SETTING_PREFIX + name, ""));
    }
    return JSON.createObjectNode().put("removed", removed);
  }

  /** Node records joined with the agent that registered with each node's credential. */
  private ObjectNode getNodes() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("nodes");
    for (ObjectNode record : nodes.values()) {
      ObjectNode view = record.deepCopy();
      String credentialId = record.path("credential_id").asText("");
      StoredCredential credential = master.credentials().byId(credentialId).orElse(null);
      view.put("credential_valid", credential != null && !credential.revoked());
      AgentEntry latest = null;
      for (AgentEntry a : master.agentsView()) {
        if (credentialId.equals(a.credentialId) && (latest == null || a.registeredAt.isAfter(latest.registeredAt))) {
          latest = a;
        }
      }
      if (latest != null) {
        view.set("agent", agentView(latest));
      }
      list.add(view);
    }
    return out;
  }

  private static String text(JsonNode call, String field) {
    JsonNode v = call.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest("missing or empty '" + field + "'");
    }
    return v.asText();
  }

}
