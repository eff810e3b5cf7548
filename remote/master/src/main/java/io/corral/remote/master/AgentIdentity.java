package io.corral.remote.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.corral.core.model.AgentId;
import io.corral.core.model.AgentState;
import io.corral.core.state.StoredCredential;
import io.corral.remote.api.agent.AgentProtocol;
import java.util.Optional;

/**
 * Which credential may act as which agent (docs/security.md, "Agent identity"), on the master
 * loop. A join credential admits new agents, each of which is then issued an agent credential
 * bound to its id; an agent credential is good for its own agent only.
 */
final class AgentIdentity {
  private final Master master;

  AgentIdentity(Master master) {
    this.master = master;
  }

  static ApiException gone(AgentId id) {
    return ApiException.forbidden("agent " + id + " was marked gone; start it with a fresh work directory");
  }

  /** The credential of an agent call's {@code Authorization}; 401 when there is none that is valid. */
  StoredCredential authenticate(String authorization) {
    String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : null;
    Optional<StoredCredential> valid = master.credentials().verify(token);
    if (valid.isPresent()) {
      return valid.get();
    }
    // An agent's own credential is revoked when the agent is marked gone; that agent coming back
    // must hear that it is gone (403: it stops for good), not 401 (it would retry for ever).
    Optional<AgentEntry> goneAgent = master.credentials().verifyRevoked(token).filter(StoredCredential::isAgentCredential)
        .map(c -> master.agent(c.boundTo())).filter(a -> a.state == AgentState.GONE);
    if (goneAgent.isPresent()) {
      throw gone(goneAgent.get().id);
    }
    throw new ApiException(401,
        token == null ? "agent calls need 'Authorization: Bearer <credential>'" : "unknown or revoked agent credential");
  }

  /**
   * Whether {@code credential} may register agent {@code id} ({@code agent} its entry, null for an
   * id this master does not know); 403 if not. Returns whether it is a join credential, so that
   * the agent is issued its own now. An agent credential registers its own agent only. A join
   * credential admits new agents, and an agent registered before agent credentials existed once:
   * it has none yet, and comes with the join credential it registered with (the migration rule).
   */
  boolean admit(AgentId id, AgentEntry agent, StoredCredential credential) {
    if (credential.isAgentCredential()) {
      if (!credential.boundTo().equals(id)) {
        throw ApiException.forbidden("this credential belongs to agent " + credential.boundTo());
      }
      return false;
    }
    boolean hasOwn = master.credentials().ofAgent(id).isPresent();
    if (hasOwn || (agent != null && !credential.id().equals(agent.credentialId))) {
      throw ApiException.forbidden("agent " + id + " must register with its own credential");
    }
    return true;
  }

  /**
   * The join credential an agent registering with its own credential was started with, when it
   * proves it ({@code join_credential}, the token) and that credential is valid: a host whose node
   * credential was replaced (`corral node` after a revocation) is then found by the new one. An
   * invalid or revoked one changes nothing and refuses nothing.
   */
  Optional<StoredCredential> joinCredentialIn(JsonNode register) {
    JsonNode token = register.get(AgentProtocol.JOIN_CREDENTIAL);
    if (token == null || !token.isTextual()) {
      return Optional.empty();
    }
    return master.credentials().verify(token.asText()).filter(c -> !c.isAgentCredential());
  }

  /** Calls (UPDATE, PONG, ...) need the agent's own credential; 403 otherwise. */
  void checkCall(AgentId id, StoredCredential credential) {
    if (!id.equals(credential.boundTo())) {
      throw ApiException.forbidden(credential.isAgentCredential() ? "this credential belongs to agent "
          + credential.boundTo() : "agent " + id + " must call with its own credential (sent in REGISTERED)");
    }
  }
}
