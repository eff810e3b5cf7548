package io.corral.core.state;

import java.time.Instant;

/**
 * An agent credential the master issued. Only a hash of the secret is stored; the secret itself
 * is shown once, to whoever asked for it (the bootstrap file, or {@code node add}).
 */
public record StoredCredential(String id, String secretHash, String issuedFor, Instant issuedAt, boolean revoked) {}
