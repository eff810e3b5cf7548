package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;

/**
 * A task that runs as another user owns its sandbox, so it can rename, replace or link what is in
 * it, {@code .corral/} included (the directory stays the agent's, but its name is in the task's
 * directory). The agent, often root, must then never follow such a name: before it reads or writes
 * its records there, and before it opens output files for a new run, it checks that {@code .corral}
 * is a real directory (not a link) of its own user, and that {@code stdout}/{@code stderr} are plain
 * files with one name. Otherwise it leaves the sandbox alone and says so.
 */
public final class SandboxGuard {
  private static final int AGENT_UID = LinuxAccounts.effectiveUid();

  private SandboxGuard() {}

  /** Whether {@code <sandbox>/.corral} is a directory, not a link, owned by the agent's user (where owners exist). */
  public static boolean recordsAreTheAgents(Path sandbox) {
    Path meta = sandbox.resolve(".corral");
    try {
      BasicFileAttributes a = Files.readAttributes(meta, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isDirectory() && !a.isSymbolicLink() && (AGENT_UID < 0 || uid(meta) == AGENT_UID);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** As {@link #recordsAreTheAgents}, or an IOException saying what the task left there instead. */
  public static void requireAgentsRecords(Path sandbox) throws IOException {
    if (!recordsAreTheAgents(sandbox)) {
      throw new IOException(sandbox.resolve(".corral") + " is not this agent's own directory (a link, or another"
          + " user's); the agent does not write through it");
    }
  }

  /** A missing file is fine (it will be created); one that exists must be a regular file with one link. */
  static void requirePlainFileOrNothing(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile() || links != 1) {
      throw new IOException(file + " is not a plain file (a link, or not a regular file); the agent does not open it");
    }
  }

  private static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The first directory from the root down to {@code dir} that users other than its owner cannot
   * search ({@code o+x} missing), if any: tasks running as other users could then not reach their
   * sandboxes by path ({@code $MESOS_SANDBOX}), only through the working directory they start in.
   */
  public static Optional<Path> firstUnsearchable(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path at = absolute.getRoot();
    for (Path part : absolute) {
      at = at.resolve(part);
      try {
        if (Files.isDirectory(at)
            && !Files.getPosixFilePermissions(at).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          return Optional.of(at);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
