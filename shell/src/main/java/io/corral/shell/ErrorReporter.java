package io.corral.shell;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeGenerator;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one error path of the shell: every failure becomes {@code error: <message>} on stderr and
 * an exit code from {@link ExitCodes}; the stack trace only with {@code --verbose}. Exceptions that
 * implement {@link IExitCodeGenerator} choose their own code (e.g. {@link ExitCodes#NOT_FOUND}).
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final ShellSession session;

  private ErrorReporter(ShellSession session) {
    this.session = session;
  }

  /** Installs the error path on {@code commandLine}, whose usage hints follow {@code session}'s mode (shell or not). */
  static CommandLine install(CommandLine commandLine, ShellSession session) {
    ErrorReporter reporter = new ErrorReporter(session);
    return commandLine
        .setParameterExceptionHandler(reporter)
        .setExecutionExceptionHandler(reporter);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    String name = command.getCommandSpec().qualifiedName();
    if (session.interactive()) {
      // In the shell the root's name is not typed: 'help agents' rather than 'corral agents --help'.
      String path = name.contains(" ") ? name.substring(name.indexOf(' ') + 1) : "";
      err.println("try 'help" + (path.isEmpty() ? "" : " " + path) + "'");
    } else {
      err.println("try '" + name + " --help'");
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    err.println("error: " + describe(ex));
    if (verboseRequested(parsed)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof IExitCodeGenerator generator ? generator.getExitCode() : ExitCodes.FAILED;
  }

  private static String describe(Exception ex) {
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
  }

  private static boolean verboseRequested(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
