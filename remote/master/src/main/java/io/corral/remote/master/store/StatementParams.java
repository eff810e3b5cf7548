package io.corral.remote.master.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds a prepared statement's parameters in order, so that a writer reads like the column list
 * it fills instead of a column of numbered {@code setString} calls that drift out of step.
 */
final class StatementParams {
  private final PreparedStatement statement;
  private int index;

  private StatementParams(PreparedStatement statement) {
    this.statement = statement;
  }

  static StatementParams of(PreparedStatement statement) throws SQLException {
    statement.clearParameters();
    return new StatementParams(statement);
  }

  /** Binds text; null becomes SQL NULL, which a NOT NULL column refuses. */
  StatementParams text(String value) throws SQLException {
    statement.setString(++index, value);
    return this;
  }

  StatementParams real(double value) throws SQLException {
    statement.setDouble(++index, value);
    return this;
  }

  StatementParams bool(boolean value) throws SQLException {
    statement.setInt(++index, value ? 1 : 0);
    return this;
  }

  StatementParams blob(byte[] value) throws SQLException {
    statement.setBytes(++index, value);
    return this;
  }

  void execute() throws SQLException {
    statement.executeUpdate();
  }
}
