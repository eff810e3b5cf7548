package io.corral.core.state;

import io.corral.core.model.AgentId;
import java.time.Instant;

/**
 * An agent credential the master issued. Only a hash of the secret is stored; the secret itself
 * is shown once, to whoever asked for it (the bootstrap file, {@code node add}, or the agent in
 * its REGISTERED event).
 *
 * <p>A <em>join</em> credential ({@code boundTo} null) lets new agents register, as many as use
 * it; an <em>agent</em> credential is issued to one agent when it joins and is good for that agent
 * only ({@code boundTo} its id).
 */
public record StoredCredential(String id, String secretHash, String issuedFor, Instant issuedAt, boolean revoked,
    AgentId boundTo) {

  /** A join credential. */
  public StoredCredential(String id, String secretHash, String issuedFor, Instant issuedAt, boolean revoked) {
    this(id, secretHash, issuedFor, issuedAt, revoked, null);
  }

  public boolean isAgentCredential() {
    return boundTo != null;
  }

  public StoredCredential revokedCopy() {
    return new StoredCredential(id, secretHash, issuedFor, issuedAt, true, boundTo);
  }
}
