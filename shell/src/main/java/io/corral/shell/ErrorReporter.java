package io.corral.shell;

import java.io.PrintWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    String name = command.getCommandSpec().qualifiedName();
    if (ex instanceof UnmatchedArgumentException unmatched) {
      err.println("error: " + unmatched(unmatched, command, shown(name)));
      String suggestion = suggestion(unmatched, name);
      if (suggestion != null) {
        err.println(suggestion);
      }
    } else {
      err.println("error: " + inWords(ex.getMessage()));
    }
    if (session.interactive()) {
      // In the shell the root's name is not typed: 'help agents' rather than 'corral agents --help'.
      String path = shown(name);
      err.println("try 'help" + (path.isEmpty() ? "" : " " + path) + "'");
    } else {
      err.println("try '" + name + " --help'");
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /**
   * Picocli's "Unmatched argument at index 0: 'x'" in the operator's words: an unknown command
   * where a command was expected, otherwise the arguments the command does not take.
   */
  private static String unmatched(UnmatchedArgumentException ex, CommandLine command, String shownName) {
    List<String> words = ex.getUnmatched();
    if (words.isEmpty()) {
      return ex.getMessage();
    }
    boolean commandExpected = !command.getSubcommands().isEmpty() && !words.get(0).startsWith("-");
    if (commandExpected) {
      return "unknown command '" + words.get(0) + "'" + (shownName.isEmpty() ? "" : " for '" + shownName + "'");
    }
    if (words.get(0).startsWith("-") && words.get(0).length() > 1) {
      return "unknown option '" + words.get(0) + "'";
    }
    String listed = String.join(" ", words.stream().map(w -> "'" + w + "'").toList());
    return (words.size() == 1 ? "unexpected argument " : "unexpected arguments ") + listed;
  }

  private static final Pattern INVALID_OPTION =
      Pattern.compile("Invalid value for option '([^']+)': (.*)", Pattern.DOTALL);
  private static final Pattern INVALID_POSITIONAL =
      Pattern.compile("Invalid value for positional parameter at index \\d+ \\(([^)]+)\\): (.*)",
          Pattern.DOTALL);

  /**
   * picocli's conversion errors in the operator's words: {@code Invalid value for option '--cpus':
   * 'abc' is not a double} becomes {@code --cpus: 'abc' is not a number}.
   */
  static String inWords(String message) {
    if (message == null) {
      return "invalid command line";
    }
    String m = message;
    Matcher option = INVALID_OPTION.matcher(m);
    Matcher positional = INVALID_POSITIONAL.matcher(m);
    if (option.matches()) {
      m = option.group(1) + ": " + option.group(2);
    } else if (positional.matches()) {
      m = positional.group(1) + ": " + positional.group(2);
    }
    return m.replaceAll("is not an? (double|float|java\\.lang\\.Double|java\\.lang\\.Float)\\b", "is not a number")
        .replaceAll("is not an? (int|long|short|byte|java\\.lang\\.Integer|java\\.lang\\.Long)\\b", "is not a whole number");
  }

  /** A command's name as the operator types it: without the root's name inside the shell. */
  private String shown(String qualifiedName) {
    if (!session.interactive()) {
      return qualifiedName;
    }
    return qualifiedName.contains(" ") ? qualifiedName.substring(qualifiedName.indexOf(' ') + 1) : "";
  }

  /**
   * The nearest command names, as the operator would type them: with the root's name on the command
   * line ({@code corral bench}), without it inside the shell ({@code bench}).
   */
  private String suggestion(UnmatchedArgumentException ex, String qualifiedName) {
    List<String> near = ex.getSuggestions();
    if (near.isEmpty()) {
      return null;
    }
    String shown = shown(qualifiedName);
    String first = (shown.isEmpty() ? "" : shown + " ") + near.get(0);
    return "did you mean '" + first + "'?" + (near.size() > 1 ? " (or " + String.join(", ",
        near.subList(1, Math.min(near.size(), 4)).stream().map(n -> "'" + n + "'").toList()) + ")" : "");
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
