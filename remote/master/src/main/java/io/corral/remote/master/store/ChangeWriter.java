package io.corral.remote.master.store;

import static io.corral.remote.master.store.ColumnValues.instantText;

import io.corral.core.model.AgentInfo;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.state.StateChange;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredCredential;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredTask;
import io.corral.core.state.StoredToken;
import io.corral.core.task.Task;
import io.corral.core.task.TaskStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes state changes as rows, through statements prepared once per connection: the master
 * persists every task update, so parsing SQL per change would be most of the cost. Puts are
 * upserts keyed by id; removes of absent rows do nothing, as in the in-memory store.
 * Not thread-safe; {@link SqliteStateStore} serializes calls and owns the transaction.
 */
final class ChangeWriter implements AutoCloseable {
  private final List<PreparedStatement> prepared = new ArrayList<>();
  private final PreparedStatement putAgent;
  private final PreparedStatement putFramework;
  private final PreparedStatement removeFramework;
  private final PreparedStatement putTask;
  private final PreparedStatement removeTask;
  private final PreparedStatement putRole;
  private final PreparedStatement removeRole;
  private final PreparedStatement putCredential;
  private final PreparedStatement putSetting;
  private final PreparedStatement putToken;

  ChangeWriter(Connection connection) throws SQLException {
    try {
      putAgent = prepare(connection, upsert("agents", "id", "hostname", "os", "arch", "attributes", "resources",
          "state", "registered_at", "state_changed_at", "credential_id", "wire"));
      putFramework = prepare(connection, upsert("frameworks", "id", "name", "principal", "roles",
          "failover_timeout", "capabilities", "registered_at", "disconnected_at", "wire"));
      removeFramework = prepare(connection, "DELETE FROM frameworks WHERE id = ?");
      // A task's framework, agent, name, role, resources and TaskInfo never change: an update
      // rewrites its state columns only, and leaves the two indexes alone.
      putTask = prepare(connection, upsert("tasks", "id", TASK_FIXED, "framework_id", "agent_id", "name", "role",
          "resources", "state", "status_source", "status_reason", "status_message", "status_at", "status_uuid",
          "awaiting_ack", "wire"));
      removeTask = prepare(connection, "DELETE FROM tasks WHERE id = ?");
      putRole = prepare(connection, upsert("roles", "name", "weight", "guarantee"));
      removeRole = prepare(connection, "DELETE FROM roles WHERE name = ?");
      putCredential = prepare(connection, upsert("credentials", "id", "secret_hash", "issued_for", "issued_at",
          "revoked", "agent_id"));
      putSetting = prepare(connection, upsert("settings", "key", "value"));
      putToken = prepare(connection, upsert("tokens", "id", "secret_hash", "principal", "description", "created_at",
          "expires_at", "revoked"));
    } catch (SQLException | RuntimeException e) {
      close();
      throw e;
    }
  }

  void write(StateChange change) throws SQLException {
    if (change instanceof StateChange.PutAgent c) {
      putAgent(c.agent());
    } else if (change instanceof StateChange.PutFramework c) {
      putFramework(c.framework());
    } else if (change instanceof StateChange.RemoveFramework c) {
      StatementParams.of(removeFramework).text(c.id().value()).execute();
    } else if (change instanceof StateChange.PutTask c) {
      putTask(c.task());
    } else if (change instanceof StateChange.RemoveTask c) {
      StatementParams.of(removeTask).text(c.id().value()).execute();
    } else if (change instanceof StateChange.PutRole c) {
      StatementParams.of(putRole).text(c.role().name()).real(c.role().weight()).text(c.role().guarantee().format())
          .execute();
    } else if (change instanceof StateChange.RemoveRole c) {
      StatementParams.of(removeRole).text(c.name()).execute();
    } else if (change instanceof StateChange.PutCredential c) {
      putCredential(c.credential());
    } else if (change instanceof StateChange.PutSetting c) {
      StatementParams.of(putSetting).text(c.key()).text(c.value()).execute();
    } else if (change instanceof StateChange.PutToken c) {
      putToken(c.token());
    } else {
      throw new IllegalArgumentException("unknown state change " + change);
    }
  }

  private void putAgent(StoredAgent agent) throws SQLException {
    AgentInfo info = agent.info();
    StatementParams.of(putAgent).text(info.id().value()).text(info.hostname()).text(info.os().label())
        .text(info.arch()).text(ColumnValues.jsonObject(info.attributes())).text(info.total().format())
        .text(agent.state() == null ? null : agent.state().name()).text(instantText(agent.registeredAt()))
        .text(instantText(agent.stateChangedAt())).text(agent.credentialId()).blob(agent.wire()).execute();
  }

  private void putFramework(StoredFramework framework) throws SQLException {
    FrameworkInfo info = framework.info();
    StatementParams.of(putFramework).text(info.id().value()).text(info.name()).text(info.principal())
        .text(ColumnValues.jsonArray(info.roles())).text(ColumnValues.durationText(info.failoverTimeout()))
        .text(ColumnValues.jsonSortedArray(info.capabilities())).text(instantText(framework.registeredAt()))
        .text(instantText(framework.disconnectedAt())).blob(framework.wire()).execute();
  }

  private void putTask(StoredTask stored) throws SQLException {
    Task task = stored.task();
    TaskStatus status = task.lastStatus();
    StatementParams.of(putTask).text(task.id().value()).text(task.frameworkId().value())
        .text(task.agentId().value()).text(task.name()).text(stored.role()).text(task.resources().format())
        .text(task.state().mesosName()).text(status.source().name()).text(status.reason()).text(status.message())
        .text(instantText(status.timestamp())).text(status.uuid()).bool(task.awaitingAcknowledgement())
        .blob(stored.wire()).execute();
  }

  private void putCredential(StoredCredential credential) throws SQLException {
    StatementParams.of(putCredential).text(credential.id()).text(credential.secretHash())
        .text(credential.issuedFor()).text(instantText(credential.issuedAt())).bool(credential.revoked())
        .text(credential.boundTo() == null ? null : credential.boundTo().value()).execute();
  }

  private void putToken(StoredToken token) throws SQLException {
    StatementParams.of(putToken).text(token.id()).text(token.secretHash()).text(token.principal())
        .text(token.description()).text(instantText(token.createdAt())).text(instantText(token.expiresAt()))
        .bool(token.revoked()).execute();
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    prepared.add(statement);
    return statement;
  }

  private static final Set<String> TASK_FIXED =
      Set.of("framework_id", "agent_id", "name", "role", "resources", "wire");

  /** {@code INSERT ... ON CONFLICT (key) DO UPDATE}: unlike REPLACE, never deletes the row first. */
  static String upsert(String table, String key, String... columns) {
    return upsert(table, key, Set.of(), columns);
  }

  /** As {@link #upsert(String, String, String...)}, leaving the {@code fixed} columns of an existing row as they are. */
  static String upsert(String table, String key, Set<String> fixed, String... columns) {
    StringJoiner names = new StringJoiner(", ", "(", ")").add(key);
    StringJoiner params = new StringJoiner(", ", "(", ")").add("?");
    StringJoiner updates = new StringJoiner(", ");
    for (String column : columns) {
      names.add(column);
      params.add("?");
      if (!fixed.contains(column)) {
        updates.add(column + " = excluded." + column);
      }
    }
    return "INSERT INTO " + table + " " + names + " VALUES " + params + " ON CONFLICT (" + key + ") DO UPDATE SET "
        + updates;
  }

  @Override
  public void close() {
    for (PreparedStatement statement : prepared) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing the connection next releases it anyway
      }
    }
    prepared.clear();
  }
}
