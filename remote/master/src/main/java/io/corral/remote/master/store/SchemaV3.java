package io.corral.remote.master.store;

import java.util.List;

/**
 * Principal tokens ({@code corral token create}): the SHA-256 of each token (hex, unique: a bearer
 * token is looked up by it), the principal it authenticates as, and when it stops working.
 * Revoked tokens stay as rows with {@code revoked = 1}.
 */
final class SchemaV3 {
  static final List<String> STATEMENTS = List.of(
      """
      CREATE TABLE tokens (
        id          TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL UNIQUE,
        principal   TEXT NOT NULL,
        description TEXT,
        created_at  TEXT NOT NULL,
        expires_at  TEXT,
        revoked     INTEGER NOT NULL CHECK (revoked IN (0, 1))
      )""");

  private SchemaV3() {}
}
