package io.corral.remote.master.store;

import static io.corral.remote.master.store.ColumnValues.instant;

import io.corral.core.model.AgentId;
import io.corral.core.model.AgentInfo;
import io.corral.core.model.AgentState;
import io.corral.core.model.FrameworkId;
import io.corral.core.model.FrameworkInfo;
import io.corral.core.model.OsFamily;
import io.corral.core.model.Role;
import io.corral.core.model.TaskId;
import io.corral.core.resources.Resources;
import io.corral.core.state.StoredAgent;
import io.corral.core.state.StoredCredential;
import io.corral.core.state.StoredFramework;
import io.corral.core.state.StoredState;
import io.corral.core.state.StoredTask;
import io.corral.core.state.StoredToken;
import io.corral.core.task.Task;
import io.corral.core.task.TaskSource;
import io.corral.core.task.TaskState;
import io.corral.core.task.TaskStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the stored records from their rows. A row an operator edited into something the core
 * refuses (an unknown state, unparseable resources) stops the load with a message naming the
 * table and the row, rather than being skipped: a master that forgot an agent would hand its
 * resources out twice.
 */
final class StateReader {
  private final Connection connection;
  private final Path database;

  StateReader(Connection connection, Path database) {
    this.connection = connection;
    this.database = database;
  }

  /** Reads every table; the caller runs this in one transaction so the tables agree. */
  StoredState read() throws SQLException {
    Map<AgentId, StoredAgent> agents = new TreeMap<>();
    Map<FrameworkId, StoredFramework> frameworks = new TreeMap<>();
    Map<TaskId, StoredTask> tasks = new TreeMap<>();
    Map<String, Role> roles = new TreeMap<>();
    Map<String, StoredCredential> credentials = new TreeMap<>();
    Map<String, String> settings = new TreeMap<>();
    Map<String, StoredToken> tokens = new TreeMap<>();
    forEachRow("agents", "id", rs -> {
      StoredAgent agent = agent(rs);
      agents.put(agent.info().id(), agent);
    });
    forEachRow("frameworks", "id", rs -> {
      StoredFramework framework = framework(rs);
      frameworks.put(framework.info().id(), framework);
    });
    forEachRow("tasks", "id", rs -> {
      StoredTask task = task(rs);
      tasks.put(task.task().id(), task);
    });
    forEachRow("roles", "name", rs -> roles.put(rs.getString("name"),
        new Role(rs.getString("name"), rs.getDouble("weight"), Resources.parse(rs.getString("guarantee")))));
    forEachRow("credentials", "id", rs -> credentials.put(rs.getString("id"), credential(rs)));
    forEachRow("settings", "key", rs -> settings.put(rs.getString("key"), rs.getString("value")));
    forEachRow("tokens", "id", rs -> tokens.put(rs.getString("id"), token(rs)));
    return new StoredState(agents, frameworks, tasks, roles, credentials, settings, tokens);
  }

  private static StoredAgent agent(ResultSet rs) throws SQLException {
    AgentInfo info = new AgentInfo(AgentId.of(rs.getString("id")), rs.getString("hostname"),
        OsFamily.parse(rs.getString("os")), rs.getString("arch"), ColumnValues.stringMap(rs.getString("attributes")),
        Resources.parse(rs.getString("resources")));
    return new StoredAgent(info, AgentState.valueOf(rs.getString("state")), instant(rs.getString("registered_at")),
        instant(rs.getString("state_changed_at")), rs.getString("credential_id"), rs.getBytes("wire"));
  }

  private static StoredFramework framework(ResultSet rs) throws SQLException {
    FrameworkInfo info = new FrameworkInfo(FrameworkId.of(rs.getString("id")), rs.getString("name"),
        rs.getString("principal"), ColumnValues.stringList(rs.getString("roles")),
        ColumnValues.duration(rs.getString("failover_timeout")),
        new HashSet<>(ColumnValues.stringList(rs.getString("capabilities"))));
    return new StoredFramework(info, instant(rs.getString("registered_at")), instant(rs.getString("disconnected_at")),
        rs.getBytes("wire"));
  }

  private static StoredTask task(ResultSet rs) throws SQLException {
    TaskId id = TaskId.of(rs.getString("id"));
    TaskState state = TaskState.fromMesosName(rs.getString("state"));
    TaskStatus status = new TaskStatus(id, state, TaskSource.valueOf(rs.getString("status_source")),
        rs.getString("status_reason"), rs.getString("status_message"), instant(rs.getString("status_at")),
        rs.getString("status_uuid"));
    Task task = new Task(id, FrameworkId.of(rs.getString("framework_id")), AgentId.of(rs.getString("agent_id")),
        rs.getString("name"), Resources.parse(rs.getString("resources")), state, status,
        rs.getInt("awaiting_ack") != 0);
    return new StoredTask(task, rs.getString("role"), rs.getBytes("wire"));
  }

  private static StoredCredential credential(ResultSet rs) throws SQLException {
    return new StoredCredential(rs.getString("id"), rs.getString("secret_hash"), rs.getString("issued_for"),
        instant(rs.getString("issued_at")), rs.getInt("revoked") != 0,
        rs.getString("agent_id") == null ? null : AgentId.of(rs.getString("agent_id")));
  }

  private static StoredToken token(ResultSet rs) throws SQLException {
    return new StoredToken(rs.getString("id"), rs.getString("secret_hash"), rs.getString("principal"),
        rs.getString("description"), instant(rs.getString("created_at")), instant(rs.getString("expires_at")),
        rs.getInt("revoked") != 0);
  }

  private void forEachRow(String table, String key, RowReader reader) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + key)) {
      while (rs.next()) {
        try {
          reader.read(rs);
        } catch (RuntimeException e) {
          throw new StateStoreException("state database " + database + ": cannot read " + table + " row '"
              + rs.getString(key) + "': " + e.getMessage(), e);
        }
      }
    }
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }
}
