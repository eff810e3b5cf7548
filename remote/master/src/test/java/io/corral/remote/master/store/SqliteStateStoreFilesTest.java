package io.corral.remote.master.store;

import static io.corral.remote.master.store.StoredFixtures.agent;
import static io.corral.remote.master.store.StoredFixtures.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.core.state.StateChange;
import io.corral.core.state.StateChange.PutAgent;
import io.corral.core.state.StateChange.PutTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file: where it goes, who may read it, what an operator sees, what is refused. */
class SqliteStateStoreFilesTest {
  @TempDir Path tmp;

  @Test
  void createsAPrivateDirectoryAndDatabase() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path stateDir = tmp.resolve("var/corral/state");
    try (SqliteStateStore store = SqliteStateStore.open(stateDir)) {
      store.apply(List.of(new PutAgent(agent("a1"))));
      assertEquals("rwx------", permissions(stateDir));
      assertEquals("rw-------", permissions(stateDir.resolve("state.db")));
      assertEquals("rw-------", permissions(stateDir.resolve("state.db-wal")));
    }
  }

  @Test
  void usesWriteAheadLoggingAndRecordsTheSchemaVersion() throws Exception {
    SqliteStateStore.open(tmp).close();
    SqliteStateStore.open(tmp).close();
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      assertEquals("wal", single(st, "PRAGMA journal_mode"));
      assertEquals("1,2,3", single(st, "SELECT group_concat(version) FROM schema_version"));
    }
  }

  @Test
  void aVersionTwoDatabaseGainsAnEmptyTokensTableAndKeepsEverythingElse() throws Exception {
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      for (String statement : SchemaV1.STATEMENTS) {
        st.executeUpdate(statement);
      }
      for (String statement : SchemaV2.STATEMENTS) {
        st.executeUpdate(statement);
      }
      st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (1, '2026-01-01T00:00:00Z')");
      st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (2, '2026-01-02T00:00:00Z')");
      st.executeUpdate("INSERT INTO settings (key, value) VALUES ('master-id', 'm-1')");
    }
    try (SqliteStateStore store = SqliteStateStore.open(tmp)) {
      assertTrue(store.load().tokens().isEmpty());
      assertEquals("m-1", store.load().settings().get("master-id"));
      store.apply(List.of(new StateChange.PutToken(StoredFixtures.token("k1", false))));
      assertEquals(StoredFixtures.token("k1", false), store.load().tokens().get("k1"));
    }
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      assertEquals("1,2,3", single(st, "SELECT group_concat(version) FROM schema_version"));
      assertEquals("fw1", single(st, "SELECT principal FROM tokens WHERE id = 'k1'"));
    }
  }

  @Test
  void aVersionOneDatabaseGainsTheAgentIdOfCredentialsAndKeepsItsCredentialsAsJoinCredentials() throws Exception {
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      for (String statement : SchemaV1.STATEMENTS) {
        st.executeUpdate(statement);
      }
      st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (1, '2026-01-01T00:00:00Z')");
      st.executeUpdate("INSERT INTO credentials (id, secret_hash, issued_for, issued_at, revoked)"
          + " VALUES ('c1', 'h1', 'bootstrap', '2026-01-01T00:00:00Z', 0)");
    }
    try (SqliteStateStore store = SqliteStateStore.open(tmp)) {
      var credential = store.load().credentials().get("c1");
      assertEquals("bootstrap", credential.issuedFor());
      assertEquals(null, credential.boundTo(), "a credential from before agent credentials is a join credential");
      store.apply(List.of(new StateChange.PutCredential(StoredFixtures.credential("c2", false))));
      assertEquals(io.corral.core.model.AgentId.of("a1"), store.load().credentials().get("c2").boundTo());
    }
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      assertEquals("1,2,3", single(st, "SELECT group_concat(version) FROM schema_version"));
      assertEquals("a1", single(st, "SELECT agent_id FROM credentials WHERE id = 'c2'"));
    }
  }

  @Test
  void anOperatorCanReadTheColumnsWhileTheMasterRuns() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(tmp)) {
      store.apply(List.of(new PutAgent(agent("a1")), new PutTask(task("t1", "f1", "a1"))));
      try (Connection sql = connect(); Statement st = sql.createStatement()) {
        assertEquals("t1|a1|TASK_RUNNING|EXECUTOR|2025-03-01T10:15:30.123456790Z|1",
            single(st, "SELECT id || '|' || agent_id || '|' || state || '|' || status_source || '|' || status_at"
                + " || '|' || awaiting_ack FROM tasks"));
        assertEquals("cpus:0.25;mem(prod):128;ports:[31000-31001]", single(st, "SELECT resources FROM tasks"));
        assertEquals("r1", single(st, "SELECT json_extract(attributes, '$.rack') FROM agents"));
        assertEquals("2025-03-01 10:15:30", single(st, "SELECT datetime(registered_at) FROM agents"));
        assertEquals("ACTIVE|linux", single(st, "SELECT state || '|' || os FROM agents"));
      }
    }
  }

  @Test
  void refusesAFileThatIsNotADatabase() throws Exception {
    Path database = tmp.resolve("state.db");
    byte[] garbage = "this is a shopping list, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(database, garbage);

    StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(tmp));

    assertEquals("state database " + database + " is not a Corral state database (file is not a database)",
        e.getMessage());
    assertArrayEquals(garbage, Files.readAllBytes(database), "the file is left alone");
  }

  @Test
  void refusesADamagedDatabase() throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(tmp)) {
      List<StateChange> tasks = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        tasks.add(new PutTask(task("t" + i, "f1", "a1")));
      }
      store.apply(tasks);
    }
    Path database = tmp.resolve("state.db");
    byte[] bytes = Files.readAllBytes(database);
    int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff); // big-endian in the file header
    for (int page = 2; page < bytes.length / pageSize; page++) { // page 0 holds the header and schema
      Arrays.fill(bytes, page * pageSize + 100, page * pageSize + 600, (byte) 0x13);
    }
    Files.write(database, bytes);

    StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(tmp));

    assertTrue(e.getMessage().startsWith("state database " + database + " is corrupt ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("); restore it from a backup"), e.getMessage());
  }

  @Test
  void refusesADatabaseItMayNotRead() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    SqliteStateStore.open(tmp).close();
    Path database = tmp.resolve("state.db");
    Files.setPosixFilePermissions(database, Set.of());
    try {
      assumeFalse(Files.isReadable(database), "this user reads every file (root)");

      StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(tmp));

      assertTrue(e.getMessage().startsWith("state database " + database + " cannot be read and written by user "),
          e.getMessage());
    } finally {
      Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void refusesAnotherProgramsDatabase() throws Exception {
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      st.executeUpdate("CREATE TABLE recipes (name TEXT)");
    }

    StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(tmp));

    assertEquals("state database " + tmp.resolve("state.db")
        + " is not a Corral state database (it has tables but no schema_version table)", e.getMessage());
  }

  @Test
  void refusesADatabaseFromANewerCorral() throws Exception {
    SqliteStateStore.open(tmp).close();
    try (Connection sql = connect(); Statement st = sql.createStatement()) {
      st.executeUpdate("INSERT INTO schema_version (version, applied_at) VALUES (" + (SchemaMigrations.LATEST + 1)
          + ", '2030-01-01T00:00:00Z')");
    }

    StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(tmp));

    assertTrue(e.getMessage().startsWith("state database " + tmp.resolve("state.db") + " has schema version "
        + (SchemaMigrations.LATEST + 1) + ", newer than this Corral understands (up to " + SchemaMigrations.LATEST
        + ")"), e.getMessage());
  }

  @Test
  void refusesAStateDirectoryThatIsAFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("state"), "x");

    StateStoreException e = assertThrows(StateStoreException.class, () -> SqliteStateStore.open(file));

    assertEquals("state directory " + file + " is not a directory", e.getMessage());
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("state.db"));
  }

  private static String single(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      assertTrue(rs.next(), query);
      return rs.getString(1);
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
