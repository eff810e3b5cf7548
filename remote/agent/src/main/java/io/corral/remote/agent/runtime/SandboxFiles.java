package io.corral.remote.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a task leaves in its sandbox: {@code stdout} and {@code stderr}, and under {@code .corral/}
 * the supervisor's record, its own log, and the task's exit status.
 */
final class SandboxFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxFiles.class);

  private final Path sandbox;

  SandboxFiles(Path sandbox) {
    this.sandbox = sandbox.toAbsolutePath().normalize();
  }

  /** Creates the sandbox and its {@code .corral} directory. */
  static SandboxFiles create(Path sandbox) throws LaunchException {
    SandboxFiles files = new SandboxFiles(sandbox);
    try {
      Files.createDirectories(files.meta());
    } catch (IOException e) {
      throw new LaunchException("cannot create the sandbox " + files.sandbox + ": " + e, e);
    }
    return files;
  }

  /**
   * Gives the sandbox, {@code stdout} and {@code stderr} (created empty if missing) to {@code user}, so
   * the task can write its files there and read its own output. {@code .corral/} stays the agent's:
   * the task cannot change what the agent keeps about it. Links are not followed.
   */
  void handTo(TaskUser user) throws LaunchException {
    try {
      SandboxGuard.requireAgentsRecords(sandbox);
      for (Path file : new Path[] {stdout(), stderr()}) {
        // A sandbox used before (the same task id launched again) may hold what an earlier run left.
        SandboxGuard.requirePlainFileOrNothing(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.createFile(file);
        }
      }
      for (Path p : new Path[] {sandbox, stdout(), stderr()}) {
        Files.setAttribute(p, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new LaunchException("cannot give the sandbox " + sandbox + " to user '" + user.name() + "': " + e, e);
    }
  }

  Path sandbox() {
    return sandbox;
  }

  Path stdout() {
    return sandbox.resolve("stdout");
  }

  Path stderr() {
    return sandbox.resolve("stderr");
  }

  Path meta() {
    return sandbox.resolve(".corral");
  }

  Path record() {
    return meta().resolve("task.properties");
  }

  Path supervisorLog() {
    return meta().resolve("supervisor.log");
  }

  /** Written last by the supervisor (to a temporary file, then renamed), so it is whole or absent. */
  Path exitStatus() {
    return meta().resolve("exit_status");
  }

  /** The task's {@code $?} as its supervisor recorded it; empty if absent or unreadable. */
  OptionalInt readExitStatus() {
    try {
      return OptionalInt.of(Integer.parseInt(Files.readString(exitStatus()).trim()));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("cannot read the exit status in {}: {}", exitStatus(), e.toString());
      return OptionalInt.empty();
    }
  }

  /** For when the agent knows the status and the supervisor could not record it (it was killed too). */
  void writeExitStatus(int shellStatus) {
    Path tmp = meta().resolve("exit_status.agent.tmp");
    try {
      SandboxGuard.requireAgentsRecords(sandbox);
      Files.writeString(tmp, shellStatus + "\n");
      Files.move(tmp, exitStatus(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("cannot record the exit status in {}: {}", exitStatus(), e.toString());
    }
  }
}
