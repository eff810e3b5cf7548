package io.corral.remote.master;

import io.corral.core.model.AgentId;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Agent credentials: {@code <id>.<secret>} tokens the master issues. Only a SHA-256 of the secret
 * is kept, and comparison is constant-time; a token is shown once, to whoever asked for it.
 *
 * <p>Two kinds (see docs/security.md, "Agent identity"): join credentials (the bootstrap file,
 * {@code node add}) let any number of new agents register; each agent that joins is issued an
 * agent credential bound to its id, which is then the only credential that agent id accepts.
 */
final class Credentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, StoredCredential> byId = new LinkedHashMap<>();
  /** The agent credential issued to each agent, revoked or not: an agent that has one never joins again. */
  private final Map<AgentId, StoredCredential> byAgent = new HashMap<>();
  private final Consumer<StateChange> persist;

  Credentials(Map<String, StoredCredential> stored, Consumer<StateChange> persist) {
    this.byId.putAll(stored);
    stored.values().stream().filter(StoredCredential::isAgentCredential).forEach(c -> byAgent.merge(c.boundTo(), c,
        (a, b) -> a.issuedAt().isAfter(b.issuedAt()) ? a : b));
    this.persist = persist;
  }

  /** Issues a new join credential for {@code issuedFor} (a host, "bootstrap", ...); returns the token. */
  String issue(String issuedFor, Instant now) {
    return issue(issuedFor, now, null);
  }

  /**
   * Issues {@code agent}'s own credential (stored in the same batch as the agent's REGISTER, so
   * it is durable before the agent is told); returns the token.
   */
  String issueFor(AgentId agent, Instant now) {
    return issue("agent " + agent.value(), now, agent);
  }

  private String issue(String issuedFor, Instant now, AgentId boundTo) {
    byte[] idBytes = new byte[6];
    byte[] secretBytes = new byte[32];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secretBytes);
    String id = HexFormat.of().formatHex(idBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    StoredCredential c = new StoredCredential(id, hash(secret), issuedFor, now, false, boundTo);
    byId.put(id, c);
    if (boundTo != null) {
      byAgent.put(boundTo, c);
    }
    persist.accept(new StateChange.PutCredential(c));
    return id + "." + secret;
  }

  /** The credential a token proves, if it is known and not revoked. */
  Optional<StoredCredential> verify(String token) {
    return proven(token).filter(c -> !c.revoked());
  }

  /** The revoked credential a token proves, if it is one. */
  Optional<StoredCredential> verifyRevoked(String token) {
    return proven(token).filter(StoredCredential::revoked);
  }

  private Optional<StoredCredential> proven(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    StoredCredential c = byId.get(token.substring(0, dot));
    if (c == null) {
      return Optional.empty();
    }
    byte[] expected = c.secretHash().getBytes(StandardCharsets.US_ASCII);
    byte[] actual = hash(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual) ? Optional.of(c) : Optional.empty();
  }

  /** The credential with this id, revoked or not. */
  Optional<StoredCredential> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The agent credential issued to {@code agent}, revoked or not; empty for an agent that never had one. */
  Optional<StoredCredential> ofAgent(AgentId agent) {
    return Optional.ofNullable(byAgent.get(agent));
  }

  boolean revoke(String id) {
    StoredCredential c = byId.get(id);
    if (c == null || c.revoked()) {
      return false;
    }
    StoredCredential revoked = c.revokedCopy();
    byId.put(id, revoked);
    if (revoked.isAgentCredential() && byAgent.get(revoked.boundTo()) == c) {
      byAgent.put(revoked.boundTo(), revoked);
    }
    persist.accept(new StateChange.PutCredential(revoked));
    return true;
  }

  /** Revokes {@code agent}'s own credential (the agent was marked gone); whether there was one to revoke. */
  boolean revokeOfAgent(AgentId agent) {
    StoredCredential c = byAgent.get(agent);
    return c != null && revoke(c.id());
  }

  private static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
