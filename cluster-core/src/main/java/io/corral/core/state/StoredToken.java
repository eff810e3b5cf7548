package io.corral.core.state;

import java.time.Instant;

/**
 * A token the operator created for a principal ({@code corral token create}): bearer of it
 * authenticates as {@code principal}, exactly as HTTP Basic with that principal's secret would.
 * Only a hash of the token is stored; the token itself is shown once, to whoever created it.
 * {@code expiresAt} null: it never expires. A revoked token stays on record (the list shows it).
 */
public record StoredToken(String id, String secretHash, String principal, String description, Instant createdAt,
    Instant expiresAt, boolean revoked) {

  /** Whether its lifetime is over at {@code now} (revoked or not). */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public StoredToken revokedCopy() {
    return new StoredToken(id, secretHash, principal, description, createdAt, expiresAt, true);
  }
}
