package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import picocli.CommandLine.IExitCodeGenerator;

/** The master named does not answer; exit code {@link ExitCodes#MASTER_UNREACHABLE}. */
public final class MasterUnreachableException extends RuntimeException implements IExitCodeGenerator {
  private static final long serialVersionUID = 1L;

  public MasterUnreachableException(String message) {
    super(message);
  }

  @Override
  public int getExitCode() {
    return ExitCodes.MASTER_UNREACHABLE;
  }
}
