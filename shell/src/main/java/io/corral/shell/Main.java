package io.corral.shell;

import io.corral.shell.script.Interpreter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Entry point of the {@code corral} distribution jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ShellSession session = ShellSession.current();
    Charset charset = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
    describeTerminal(session);
    Interpreter interpreter = new Interpreter(Main::newCommandLine, session, out, err);
    int code = interpreter.execute(List.of(args));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** A fresh command tree whose commands are made by {@code factory}, with the one error path installed. */
  public static CommandLine newCommandLine(IFactory factory) {
    CommandLine commandLine = new CommandLine(CorralCommand.class, factory);
    CommandLine watch = commandLine.getSubcommands().get("watch");
    if (watch != null) {
      // Everything after the first word of the watched command belongs to it, options included.
      watch.setStopAtPositional(true);
    }
    return ErrorReporter.install(commandLine);
  }

  /** A command line wired to a new interpreter writing to this process's standard streams (tests use it). */
  static CommandLine commandLine() {
    Interpreter interpreter = new Interpreter(Main::newCommandLine, ShellSession.current(),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    return newCommandLine(interpreter.factory());
  }

  /** Colors and width for one-shot commands: colors only on a terminal, and never with NO_COLOR set. */
  private static void describeTerminal(ShellSession session) {
    String noColor = session.env().get("NO_COLOR");
    String term = session.env().getOrDefault("TERM", "");
    session.setColor(System.console() != null && (noColor == null || noColor.isEmpty()) && !term.equals("dumb"));
    String columns = session.env().get("COLUMNS");
    if (columns != null && columns.matches("\\d{2,4}")) {
      session.setTerminalWidth(Integer.parseInt(columns));
    }
  }
}
