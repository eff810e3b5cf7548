package io.corral.remote.master.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a state database to the schema this master writes. Migrations are applied in order, each
 * in its own transaction together with its row in {@code schema_version}, so a master killed
 * during an upgrade resumes from the last one that committed. A database from a newer master is
 * refused rather than guessed at: an older master could silently drop what it does not know.
 * Migrations are append-only; a released one is never edited.
 */
final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  /** Migration {@code i} brings the schema to version {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS = List.of(SchemaV1.STATEMENTS, SchemaV2.STATEMENTS,
      SchemaV3.STATEMENTS);

  static final int LATEST = MIGRATIONS.size();

  private SchemaMigrations() {}

  /** Migrates {@code connection} (in manual-commit mode) to {@link #LATEST}; returns that version. */
  static int migrate(Connection connection, Path database) throws SQLException {
    int version = currentVersion(connection, database);
    if (version > LATEST) {
      throw new StateStoreException("state database " + database + " has schema version " + version
          + ", newer than this Corral understands (up to " + LATEST + "); run a newer Corral, or restore a backup"
          + " made by this version");
    }
    for (int next = version + 1; next <= LATEST; next++) {
      apply(connection, next);
      log.info("state database {}: migrated schema to version {}", database, next);
    }
    return LATEST;
  }

  private static int currentVersion(Connection connection, Path database) throws SQLException {
    try {
      if (!hasTable(connection, "schema_version")) {
        if (hasAnyTable(connection)) {
          throw new StateStoreException("state database " + database
              + " is not a Corral state database (it has tables but no schema_version table)");
        }
        return 0;
      }
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
        rs.next();
        return rs.getInt(1);
      }
    } finally {
      connection.rollback();
    }
  }

  private static void apply(Connection connection, int version) throws SQLException {
    try (Statement st = connection.createStatement()) {
      for (String sql : MIGRATIONS.get(version - 1)) {
        st.executeUpdate(sql);
      }
      try (PreparedStatement record = connection.prepareStatement(
          "INSERT INTO schema_version (version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")) {
        record.setInt(1, version);
        record.executeUpdate();
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static boolean hasTable(Connection connection, String name) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean hasAnyTable(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1")) {
      return rs.next();
    }
  }
}
