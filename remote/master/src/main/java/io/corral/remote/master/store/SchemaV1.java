package io.corral.remote.master.store;

import java.util.List;

/**
 * The initial schema. One column per field so that {@code sqlite3 state.db 'SELECT id, state FROM
 * tasks'} answers an operator's question; {@code wire} holds the API edge's opaque bytes.
 * Timestamps are ISO-8601 UTC text as {@code Instant.toString()} writes it (SQLite's date
 * functions read it), durations ISO-8601 text ({@code PT1H}), resources the text
 * {@code Resources.format()} writes, attributes a JSON object, lists JSON arrays, booleans 0 or 1.
 * No foreign keys: a task outlives its framework's record while its end is being acknowledged.
 */
final class SchemaV1 {
  static final List<String> STATEMENTS = List.of(
      """
      CREATE TABLE schema_version (
        version    INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL
      )""",
      """
      CREATE TABLE agents (
        id               TEXT PRIMARY KEY,
        hostname         TEXT NOT NULL,
        os               TEXT NOT NULL,
        arch             TEXT NOT NULL,
        attributes       TEXT NOT NULL,
        resources        TEXT NOT NULL,
        state            TEXT NOT NULL,
        registered_at    TEXT NOT NULL,
        state_changed_at TEXT NOT NULL,
        credential_id    TEXT,
        wire             BLOB
      )""",
      """
      CREATE TABLE frameworks (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL,
        principal        TEXT,
        roles            TEXT NOT NULL,
        failover_timeout TEXT NOT NULL,
        capabilities     TEXT NOT NULL,
        registered_at    TEXT NOT NULL,
        disconnected_at  TEXT,
        wire             BLOB
      )""",
      """
      CREATE TABLE tasks (
        id             TEXT PRIMARY KEY,
        framework_id   TEXT NOT NULL,
        agent_id       TEXT NOT NULL,
        name           TEXT NOT NULL,
        role           TEXT NOT NULL,
        resources      TEXT NOT NULL,
        state          TEXT NOT NULL,
        status_source  TEXT NOT NULL,
        status_reason  TEXT,
        status_message TEXT NOT NULL,
        status_at      TEXT NOT NULL,
        status_uuid    TEXT,
        awaiting_ack   INTEGER NOT NULL CHECK (awaiting_ack IN (0, 1)),
        wire           BLOB
      )""",
      "CREATE INDEX tasks_by_framework ON tasks (framework_id)",
      "CREATE INDEX tasks_by_agent ON tasks (agent_id)",
      """
      CREATE TABLE roles (
        name      TEXT PRIMARY KEY,
        weight    REAL NOT NULL,
        guarantee TEXT NOT NULL
      )""",
      """
      CREATE TABLE credentials (
        id          TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        issued_for  TEXT,
        issued_at   TEXT NOT NULL,
        revoked     INTEGER NOT NULL CHECK (revoked IN (0, 1))
      )""",
      """
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )""");

  private SchemaV1() {}
}
