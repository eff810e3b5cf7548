package io.corral.shell.client;

import io.corral.shell.ExitCodes;
import java.net.URI;
import picocli.CommandLine.IExitCodeGenerator;

/**
 * A failure a person can act on: its message is the whole {@code error: ...} line and it carries
 * the documented exit code. The shell's one error handler prints it; nothing else catches it.
 */
public class CommandException extends RuntimeException implements IExitCodeGenerator {
  private final int exitCode;

  public CommandException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CommandException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  public static CommandException failed(String message) {
    return new CommandException(ExitCodes.FAILED, message);
  }

  public static CommandException usage(String message) {
    return new CommandException(ExitCodes.USAGE, message);
  }

  public static CommandException notFound(String message) {
    return new CommandException(ExitCodes.NOT_FOUND, message);
  }

  /** {@code cannot reach the master at URL: why}, exit 4. */
  public static CommandException unreachable(URI master, String why, Throwable cause) {
    return new CommandException(ExitCodes.MASTER_UNREACHABLE, "cannot reach the master at " + master + ": " + why, cause);
  }

  /** The master went away while a command was using it, exit 4. */
  public static CommandException lost(URI master, String why, Throwable cause) {
    return new CommandException(ExitCodes.MASTER_UNREACHABLE, "lost the master at " + master + ": " + why, cause);
  }
}
