package io.corral.shell.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.remote.api.client.ClientTls;
import io.corral.remote.api.client.OperatorClient;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * The shell's side of {@link OperatorClient}: the same calls, each failure turned into a
 * {@link CommandException}: an unreachable master exit 4 with the reason in words, a refused call
 * exit 1 (or 3 when the master answers 404) with the master's own message; refused credentials
 * (401, 403) exit 1 with what to give instead. Calls carry the {@link Credentials} given, if any.
 */
public final class MasterClient {
  private final OperatorClient client;
  private final Credentials credentials;

  /** A plain-HTTP master only, or an https one verified as {@link ClientTls#shared()} says; no credentials. */
  public MasterClient(URI master) {
    this(master, ClientTls.shared(), null);
  }

  /** An https master is verified as {@code tls} says (chain and host name); no credentials. */
  public MasterClient(URI master, ClientTls tls) {
    this(master, tls, null);
  }

  /** As {@link #MasterClient(URI, ClientTls)}; every call carries {@code credentials} (null: none). */
  public MasterClient(URI master, ClientTls tls, Credentials credentials) {
    this.client = new OperatorClient(master, tls, credentials == null ? null : credentials.authorization(),
        OperatorClient.CALL_TIMEOUT);
    this.credentials = credentials;
  }

  /** The same master's service scheduler ({@code /v2}), with the same TLS and credentials. */
  public ServiceClient services() {
    return new ServiceClient(client, credentials);
  }

  /** The credentials every call carries, or null. */
  public Credentials credentials() {
    return credentials;
  }

  public URI master() {
    return client.master();
  }

  public Response query(Call.Type type) {
    return query(Call.newBuilder().setType(type).build());
  }

  /** A query (GET_*, READ_FILE, ...): the master's Response. */
  public Response query(Call call) {
    try {
      return client.call(call);
    } catch (OperatorClient.Failure f) {
      throw failed(f, call.getType().toString());
    }
  }

  /** An action (UPDATE_QUOTA, DRAIN_AGENT, TEARDOWN, ...): 200 with no body. */
  public void act(Call call) {
    query(call);
  }

  /**
   * One of Corral's own operator calls ({@code POST /api/corral/v1}, a JSON object with a
   * {@code type}, e.g. {@code GET_TOKENS}): the master's JSON answer. They need the operator token.
   */
  public JsonNode corral(ObjectNode call) {
    try {
      return client.corral(call);
    } catch (OperatorClient.Failure f) {
      throw failed(f, call.path("type").asText());
    }
  }

  /**
   * What running tasks use, as their agents last reported it: the agent API's {@code GET_CONTAINERS}
   * answered by the master for every agent, or only {@code agentId}'s (null: all).
   */
  public List<ContainerUsage> containers(String agentId) {
    ObjectNode call = JsonNodeFactory.instance.objectNode().put("type", "GET_CONTAINERS");
    if (agentId != null) {
      call.putObject("agent_id").put("value", agentId);
    }
    try {
      return ContainerUsage.list(client.agents(call));
    } catch (OperatorClient.Failure f) {
      throw failed(f, "GET_CONTAINERS");
    }
  }

  private CommandException failed(OperatorClient.Failure f, String what) {
    return switch (f.kind()) {
      case UNREACHABLE -> CommandException.unreachable(client.master(), f.getMessage(), f);
      case NOT_FOUND -> CommandException.notFound(f.getMessage());
      case CREDENTIALS -> Credentials.refused(client.master(), f.status(), f.body(), credentials, what);
      case REFUSED -> CommandException.failed(f.getMessage());
    };
  }

  /** Words for why a connection failed: {@code connection refused}, {@code timed out}, ... */
  public static CommandException unreachable(URI master, IOException e) {
    return CommandException.unreachable(master, reason(e), e);
  }

  static String reason(Throwable e) {
    return OperatorClient.reason(e, OperatorClient.CALL_TIMEOUT);
  }
}
