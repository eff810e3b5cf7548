package io.corral.shell.script;

import io.corral.shell.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code exit [CODE]}: leaves the shell, or stops a script with that exit code. */
@Command(
    name = "exit",
    aliases = "quit",
    description = "Leave the shell (Ctrl-D does too), or stop a script here with exit code CODE.")
public final class ExitCommand implements Callable<Integer> {
  private final CommandRunner runner;

  @Parameters(paramLabel = "CODE", arity = "0..1", defaultValue = "0", description = "Exit code (default: 0).")
  int code;

  ExitCommand(CommandRunner runner) {
    this.runner = runner;
  }

  @Override
  public Integer call() {
    if (runner != null) {
      runner.requestExit(code);
    }
    return code == 0 ? ExitCodes.OK : code;
  }
}
