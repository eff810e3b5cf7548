package io.corral.remote.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.OperatorClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link MasterAdmin} over {@link OperatorClient}: Corral's operator calls at {@code
 * /api/corral/v1} (with the operator token) and the Mesos operator API at {@code /api/v1} for
 * drain and gone.
 */
public final class HttpMasterAdmin implements MasterAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI master;
  private final String operatorToken;
  private final OperatorClient client;

  public HttpMasterAdmin(URI master, String operatorToken) {
    this(master, operatorToken, ClientTls.shared());
  }

  /** An {@code https} master is verified as {@code tls} says. */
  public HttpMasterAdmin(URI master, String operatorToken, ClientTls tls) {
    this.master = master;
    this.operatorToken = operatorToken;
    // Corral's calls need the token; the Mesos operator API does too when the master authenticates
    // its callers (and ignores it when it does not)
    this.client = new OperatorClient(master, tls, "Bearer " + operatorToken, Duration.ofSeconds(20));
  }

  public URI master() {
    return master;
  }

  /** The operator token this client sends (secret: for writing to owner-only files, never for printing). */
  public String operatorToken() {
    return operatorToken;
  }

  @Override
  public IssuedCredential issueCredential(String issuedFor) throws MasterException {
    ObjectNode call = call("ISSUE_CREDENTIAL").put("issued_for", issuedFor);
    JsonNode r = corral(call);
    return new IssuedCredential(r.path("id").asText(), r.path("credential").asText());
  }

  @Override
  public boolean revokeCredential(String id) throws MasterException {
    return corral(call("REVOKE_CREDENTIAL").put("id", id)).path("revoked").asBoolean();
  }

  @Override
  public List<RegisteredAgent> agentsByCredential(String credentialId) throws MasterException {
    List<RegisteredAgent> out = new ArrayList<>();
    for (JsonNode a : corral(call("GET_AGENTS_BY_CREDENTIAL").put("credential_id", credentialId)).path("agents")) {
      out.add(agent(a));
    }
    return out;
  }

  private static RegisteredAgent agent(JsonNode a) {
    return new RegisteredAgent(a.path("agent_id").asText(), a.path("hostname").asText(), a.path("state").asText(),
        a.path("connected").asBoolean(), a.path("version").asText(), a.path("stream").asText(""));
  }

  @Override
  public void putNode(NodeRecord record) throws MasterException {
    ObjectNode call = call("PUT_NODE");
    call.set("node", record.toJson());
    corral(call);
  }

  @Override
  public boolean removeNode(String name) throws MasterException {
    return corral(call("REMOVE_NODE").put("name", name)).path("removed").asBoolean();
  }

  @Override
  public List<NodeView> nodes() throws MasterException {
    List<NodeView> out = new ArrayList<>();
    for (JsonNode n : corral(call("GET_NODES")).path("nodes")) {
      out.add(new NodeView(NodeRecord.fromJson(n), n.path("credential_valid").asBoolean(),
          n.has("agent") ? Optional.of(agent(n.get("agent"))) : Optional.empty()));
    }
    return out;
  }

  @Override
  public void drainAgent(String agentId) throws MasterException {
    ObjectNode call = call("DRAIN_AGENT");
    call.putObject("drain_agent").putObject("agent_id").put("value", agentId);
    operator(call, true);
  }

  @Override
  public int liveTasks(String agentId) throws MasterException {
    JsonNode tasks = operator(call("GET_TASKS"), false).path("get_tasks").path("tasks");
    int live = 0;
    for (JsonNode t : tasks) {
      if (agentId.equals(t.path("agent_id").path("value").asText())) {
        live++;
      }
    }
    return live;
  }

  @Override
  public void markAgentGone(String agentId) throws MasterException {
    ObjectNode call = call("MARK_AGENT_GONE");
    call.putObject("mark_agent_gone").putObject("agent_id").put("value", agentId);
    operator(call, true);
  }

  private static ObjectNode call(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private JsonNode corral(ObjectNode call) throws MasterException {
    return post("/api/corral/v1", call, false);
  }

  /** The Mesos operator API; an action refused because the agent is unknown or gone counts as done. */
  private JsonNode operator(ObjectNode call, boolean action) throws MasterException {
    return post("/api/v1", call, action);
  }

  private JsonNode post(String path, ObjectNode call, boolean tolerateUnknownAgent)
      throws MasterException {
    String type = call.path("type").asText();
    try {
      return path.equals("/api/corral/v1") ? client.corral(call) : client.mesos(call);
    } catch (OperatorClient.Failure f) {
      switch (f.kind()) {
        case UNREACHABLE -> throw new MasterException("cannot reach the master at " + master + " (" + type + "): "
            + f.getMessage(), true, f);
        case CREDENTIALS -> throw new MasterException("the master refused the operator token (" + type
            + "); pass --token-file, the master writes it to <state-dir>/operator-token", false, null);
        default -> {
          if (tolerateUnknownAgent && f.status() == 400 && f.body().startsWith("Unknown agent")) {
            return JSON.createObjectNode();
          }
          throw new MasterException("the master answered " + type + " with " + f.status() + ": "
              + f.body().lines().findFirst().orElse(f.getMessage()), false, null);
        }
      }
    }
  }
}
