package io.corral.shell.script;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The one interpreter of {@code corral}'s grammar: splits a line ({@link LineTokenizer}), expands
 * variables and {@code $(...)}, and runs the words on a fresh picocli {@link CommandLine} (so no
 * option value survives from one line to the next). {@code --master} given on a line applies to
 * that line only.
 */
public final class Interpreter implements CommandRunner {
  /** Nested {@code source} and {@code $(...)} deeper than this is taken for a loop. */
  static final int MAX_DEPTH = 32;

  private final BiFunction<ShellFactory, List<String>, CommandLine> commandLines;
  private final ShellSession session;
  private final ShellFactory factory;
  private volatile PrintWriter out;
  private volatile PrintWriter err;
  private volatile int depth;
  private volatile Integer exitRequested;

  public Interpreter(Function<ShellFactory, CommandLine> commandLines, ShellSession session, PrintWriter out,
      PrintWriter err) {
    this((factory, words) -> commandLines.apply(factory), session, out, err);
  }

  /** With a tree made for the words it will run (see {@code Main.newCommandLine(factory, words)}). */
  public Interpreter(BiFunction<ShellFactory, List<String>, CommandLine> commandLines,
      ShellSession session, PrintWriter out, PrintWriter err) {
    this.commandLines = commandLines;
    this.session = session;
    this.out = out;
    this.err = err;
    this.factory = new ShellFactory(this, session);
  }

  public ShellSession session() {
    return session;
  }

  public ShellFactory factory() {
    return factory;
  }

  /** A command line wired to this interpreter, for reading the command model (completion, help). */
  public CommandLine newCommandLine() {
    return commandLines.apply(factory, List.of());
  }

  @Override
  public int execute(String line) {
    List<String> words;
    try {
      words = LineTokenizer.split(line, expansions());
    } catch (ScriptException e) {
      if (!(e.getCause() instanceof AlreadyReported)) {
        err.println("error: " + e.getMessage());
        err.flush();
      }
      return e.getExitCode();
    }
    return words.isEmpty() ? ExitCodes.OK : execute(words);
  }

  @Override
  public int execute(List<String> words) {
    if (depth >= MAX_DEPTH) {
      err.println("error: commands nested more than " + MAX_DEPTH + " deep (a script that sources itself?)");
      err.flush();
      return ExitCodes.FAILED;
    }
    URI masterBefore = session.masterOverride();
    depth++;
    try {
      CommandLine commandLine = commandLines.apply(factory, words);
      commandLine.setOut(out);
      commandLine.setErr(err);
      int code = commandLine.execute(words.toArray(String[]::new));
      out.flush();
      err.flush();
      return code;
    } finally {
      depth--;
      session.setMasterOverride(masterBefore);
    }
  }

  @Override
  public int runScript(Path file, boolean keepGoing) {
    return new ScriptRunner(this).run(file, keepGoing);
  }

  @Override
  public void useWriters(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public PrintWriter out() {
    return out;
  }

  @Override
  public PrintWriter err() {
    return err;
  }

  @Override
  public boolean nested() {
    return depth > 1 || session.interactive();
  }

  @Override
  public void requestExit(int exitCode) {
    exitRequested = exitCode;
  }

  /** The code given to {@code exit}, or null when nobody asked to stop. */
  public Integer exitRequested() {
    return exitRequested;
  }

  /** Clears a stop request (a sourced script's {@code exit} ends the script, not the shell). */
  Integer takeExitRequest() {
    Integer code = exitRequested;
    exitRequested = null;
    return code;
  }

  private LineTokenizer.Expansions expansions() {
    return new LineTokenizer.Expansions() {
      @Override
      public String variable(String name) {
        String value = session.variables().get(name);
        return value != null ? value : session.env().get(name);
      }

      @Override
      public String commandOutput(String commandLine) {
        return capture(commandLine);
      }
    };
  }

  /** Runs {@code line} with its standard output captured; a failure stops the line that asked for it. */
  String capture(String line) {
    PrintWriter savedOut = out;
    StringWriter captured = new StringWriter();
    out = new PrintWriter(captured, true);
    int code;
    try {
      code = execute(line);
    } finally {
      out = savedOut;
    }
    if (code != ExitCodes.OK) {
      throw new ScriptException("$(" + line.strip() + ") exited with code " + code, code, false,
          new AlreadyReported());
    }
    return captured.toString();
  }

  /** Marks a failure whose command already printed its own error. */
  static final class AlreadyReported extends Exception {
    private static final long serialVersionUID = 1L;

    AlreadyReported() {
      super(null, null, false, false);
    }
  }
}
