package io.corral.remote.master.store;

import java.util.List;

/**
 * Agent credentials: the agent id an agent credential is bound to (NULL for join credentials,
 * and for every credential a version-1 database holds).
 */
final class SchemaV2 {
  static final List<String> STATEMENTS = List.of(
      "ALTER TABLE credentials ADD COLUMN agent_id TEXT");

  private SchemaV2() {}
}
