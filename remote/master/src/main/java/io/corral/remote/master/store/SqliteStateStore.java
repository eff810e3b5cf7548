package io.corral.remote.master.store;

import io.corral.core.state.StateChange;
import io.corral.core.state.StateStore;
import io.corral.core.state.StoredState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's durable state in one SQLite file, {@code <stateDir>/state.db}: a single-node
 * master needs no server to keep its agents, frameworks, tasks, roles and credentials across a
 * crash, and an operator can read the file with the {@code sqlite3} tool (see {@link SchemaV1}).
 *
 * <p>Each {@link #apply} is one transaction, so the master's group commit costs one WAL append.
 * WAL with {@code synchronous=NORMAL} makes a committed transaction survive the process being
 * killed; only a power loss or OS crash may lose the last transactions before a checkpoint. The
 * store is thread-safe: calls are serialized on the instance.
 */
public final class SqliteStateStore implements StateStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteStateStore.class);
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final Path database;
  private final Connection connection;
  private final ChangeWriter writer;
  private final StateReader reader;
  private boolean closed;

  private SqliteStateStore(Path database, Connection connection, ChangeWriter writer) {
    this.database = database;
    this.connection = connection;
    this.writer = writer;
    this.reader = new StateReader(connection, database);
  }

  /**
   * Opens the store in {@code stateDir}, creating the directory (0700) and database (0600) when
   * missing and migrating the schema to this version's.
   *
   * @throws StateStoreException naming the file, when it is not a Corral state database, is
   *     damaged or unreadable, or comes from a newer Corral
   */
  public static SqliteStateStore open(Path stateDir) {
    Path database = StateFiles.prepare(stateDir);
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + database);
      configure(connection, database);
      requireIntact(connection, database);
      connection.setAutoCommit(false);
      int version = SchemaMigrations.migrate(connection, database);
      SqliteStateStore store = new SqliteStateStore(database, connection, new ChangeWriter(connection));
      log.info("opened state database {} (schema version {})", database, version);
      return store;
    } catch (SQLException e) {
      closeQuietly(connection);
      throw SqliteErrors.wrap(database, "open it", e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void configure(Connection connection, Path database) throws SQLException {
    try (Statement st = connection.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
        String mode = rs.next() ? rs.getString(1) : "unknown";
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new StateStoreException("state database " + database + ": cannot use write-ahead logging (journal"
              + " mode stays " + mode + "); is the state directory on a network file system?");
        }
      }
      st.executeUpdate("PRAGMA synchronous = NORMAL");
      st.executeUpdate("PRAGMA foreign_keys = OFF");
      st.executeUpdate("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
    }
  }

  /**
   * Reads every page once at start-up ({@code PRAGMA quick_check}), so that a damaged file stops
   * the master with a clear message before it acts on half its state.
   */
  private static void requireIntact(Connection connection, Path database) throws SQLException {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(1)")) {
      String result = rs.next() ? rs.getString(1) : "no result";
      if (!"ok".equals(result)) {
        String problem = result.replace("*** in database main ***", "").strip().replace('\n', ' ');
        throw new StateStoreException("state database " + database + " is corrupt (" + problem
            + "); restore it from a backup");
      }
    }
  }

  @Override
  public synchronized StoredState load() {
    requireOpen();
    try {
      StoredState state = reader.read();
      connection.commit(); // ends the read transaction, which would otherwise hold back checkpoints
      return state;
    } catch (SQLException e) {
      rollback(e);
      throw SqliteErrors.wrap(database, "load it", e);
    } catch (RuntimeException e) {
      rollback(e);
      throw e;
    }
  }

  /**
   * Applies {@code changes} in order in one transaction: all of them are durable when this
   * returns, and none of them when it throws.
   */
  @Override
  public synchronized void apply(List<StateChange> changes) {
    requireOpen();
    if (changes.isEmpty()) {
      return;
    }
    int index = 0;
    try {
      for (; index < changes.size(); index++) {
        writer.write(changes.get(index));
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback(e);
      String failed = index < changes.size()
          ? "change " + (index + 1) + " (" + ChangeDescriptions.describe(changes.get(index)) + ") failed"
          : "the commit failed";
      String reason = e instanceof SQLException sql ? SqliteErrors.reason(sql) : String.valueOf(e.getMessage());
      throw new StateStoreException("state database " + database + ": none of " + changes.size()
          + " changes were applied; " + failed + ": " + reason, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    try {
      connection.close();
    } catch (SQLException e) {
      throw SqliteErrors.wrap(database, "close it", e);
    }
  }

  @Override
  public String toString() {
    return "SqliteStateStore[" + database + "]";
  }

  private void requireOpen() {
    if (closed) {
      throw new StateStoreException("state database " + database + " is closed");
    }
  }

  private void rollback(Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // already failing with a better message
    }
  }
}
