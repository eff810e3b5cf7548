package io.corral.shell.script;

import picocli.CommandLine.IExitCodeGenerator;

/** A line that cannot be run (bad quoting, an unset variable, a failed substitution), with its exit code. */
public final class ScriptException extends RuntimeException implements IExitCodeGenerator {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean incompleteInput;

  public ScriptException(String message, int exitCode) {
    this(message, exitCode, false);
  }

  ScriptException(String message, int exitCode, boolean incompleteInput) {
    this(message, exitCode, incompleteInput, null);
  }

  ScriptException(String message, int exitCode, boolean incompleteInput, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.incompleteInput = incompleteInput;
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }

  /** True when more input (a closing quote, a continued line) would make the line valid. */
  boolean incompleteInput() {
    return incompleteInput;
  }
}
