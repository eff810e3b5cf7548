package io.corral.remote.master.store;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns SQLite's result codes into messages an operator can act on. The ones that matter most
 * are a file that is not a database at all (someone pointed the master at the wrong directory),
 * a damaged one (restore a backup) and one the master's user may not write; all name the file.
 */
final class SqliteErrors {
  private static final int NOT_A_DATABASE = SQLiteErrorCode.SQLITE_NOTADB.code;
  private static final int CORRUPT = SQLiteErrorCode.SQLITE_CORRUPT.code;
  private static final int CANNOT_OPEN = SQLiteErrorCode.SQLITE_CANTOPEN.code;
  private static final int READ_ONLY = SQLiteErrorCode.SQLITE_READONLY.code;
  private static final int PERMISSION = SQLiteErrorCode.SQLITE_PERM.code;

  private SqliteErrors() {}

  /** {@code doing} completes "state database X: cannot ...", e.g. "open it". */
  static StateStoreException wrap(Path database, String doing, SQLException e) {
    int primary = primaryCode(e);
    if (primary == NOT_A_DATABASE) {
      return new StateStoreException("state database " + database
          + " is not a Corral state database (file is not a database)", e);
    }
    if (primary == CORRUPT) {
      return new StateStoreException("state database " + database
          + " is corrupt (database disk image is malformed); restore it from a backup", e);
    }
    if (primary == CANNOT_OPEN || primary == READ_ONLY || primary == PERMISSION) {
      return new StateStoreException("state database " + database + " cannot be read and written by user "
          + System.getProperty("user.name") + " (" + reason(e) + "); check the owner and permissions of the file"
          + " and its directory", e);
    }
    return new StateStoreException("state database " + database + ": cannot " + doing + ": " + reason(e), e);
  }

  /** SQLite's own words without the driver's code prefix. */
  static String reason(SQLException e) {
    String message = String.valueOf(e.getMessage());
    int open = message.lastIndexOf(" (");
    if (e instanceof SQLiteException && message.startsWith("[") && open > 0 && message.endsWith(")")) {
      return message.substring(open + 2, message.length() - 1);
    }
    return message;
  }

  private static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      return sqlite.getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }
}
