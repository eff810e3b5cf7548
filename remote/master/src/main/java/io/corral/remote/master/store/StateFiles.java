package io.corral.remote.master.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The state directory and its database file. Both are private to the master's user (0700 and
 * 0600 on POSIX systems) because the database holds credential hashes; SQLite gives its WAL and
 * shared-memory files the permissions of the database file. Existing files are left as they are.
 */
final class StateFiles {
  static final String DATABASE_FILE = "state.db";

  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private StateFiles() {}

  /** Creates {@code stateDir} and an empty {@code state.db} in it when missing; returns the file. */
  static Path prepare(Path stateDir) {
    Path dir = stateDir.toAbsolutePath();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StateStoreException("state directory " + dir + " is not a directory");
    }
    Path database = dir.resolve(DATABASE_FILE);
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(dir, attributes(dir, DIRECTORY));
        restrict(dir, DIRECTORY);
      } catch (IOException e) {
        throw new StateStoreException("cannot create state directory " + dir + ": " + describe(e), e);
      }
    }
    if (!Files.exists(database)) {
      try {
        createDatabaseFile(database);
      } catch (IOException e) {
        throw new StateStoreException("cannot create state database " + database + ": " + describe(e), e);
      }
    }
    if (!Files.isRegularFile(database)) {
      throw new StateStoreException("state database " + database + " is not a regular file");
    }
    return database;
  }

  private static void createDatabaseFile(Path database) throws IOException {
    try {
      Files.createFile(database, attributes(database, FILE));
      restrict(database, FILE);
    } catch (FileAlreadyExistsException raced) {
      // another process created it first; SQLite will tell us whether it is usable
    }
  }

  private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) {
    return isPosix(path)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  /** The umask may have removed bits we asked for; never added any, but make the result exact. */
  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (isPosix(path)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason() + ": " + fse.getFile();
    }
    return String.valueOf(e.getMessage());
  }
}
