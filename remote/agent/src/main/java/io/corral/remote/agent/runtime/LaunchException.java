package io.corral.remote.agent.runtime;

/**
 * The runtime could not start a task at all: its sandbox or working directory is unusable, or the
 * supervisor process could not be spawned. A command that starts but cannot run (not found, not
 * executable) is not a launch failure; it ends with an {@link ExitStatus} instead.
 */
public class LaunchException extends Exception {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
