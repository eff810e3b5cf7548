package io.corral.shell.repl;

import io.corral.shell.ExitCodes;
import io.corral.shell.ShellSession;
import io.corral.shell.script.Interpreter;
import io.corral.shell.script.LineTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The interactive {@code corral} shell: a JLine {@link LineReader} with completion from the
 * command model, highlighting and a persistent history, over the same
 * {@link Interpreter} that runs scripts. Each command runs on a worker thread; Ctrl-C interrupts
 * that thread and the prompt comes back, Ctrl-D (or {@code exit}) leaves.
 */
public final class InteractiveShell {
  /** How long a command may take to stop after Ctrl-C before the prompt comes back anyway. */
  static final long STOP_GRACE_MS = 3000;

  private final Terminal terminal;
  private final Interpreter interpreter;
  private final LiveCompletions live;
  private final Path historyFile;
  private volatile Thread running;
  private volatile CompletableFuture<Void> cancelled = new CompletableFuture<>();

  public InteractiveShell(Terminal terminal, Interpreter interpreter, LiveCompletions live, Path historyFile) {
    this.terminal = terminal;
    this.interpreter = interpreter;
    this.live = live;
    this.historyFile = historyFile;
  }

  /** Live values from the session's master. */
  public static LiveCompletions liveCompletions(ShellSession session) {
    return new LiveValuesCompletions(session.liveValues());
  }

  /** Runs until Ctrl-D or {@code exit}; returns the exit code. */
  public int run() {
    ShellSession session = interpreter.session();
    session.setInteractive(true);
    session.setColor(colorful(terminal, session));
    CommandSpec model = interpreter.newCommandLine().getCommandSpec();
    DefaultParser parser = new DefaultParser();
    parser.setEofOnUnclosedQuote(true);
    parser.setEofOnEscapedNewLine(true);
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("corral")
        .parser(parser)
        .completer(new ModelCompleter(model, live))
        .highlighter(new ShellHighlighter(model))
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
        .variable(LineReader.HISTORY_SIZE, 1_000)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
        .build();
    reader.setAutosuggestion(LineReader.SuggestionType.TAIL_TIP);
    PrintWriter writer = terminal.writer();
    interpreter.useWriters(writer, new PrintWriter(new ErrorColors(writer, session.color()), true));
    terminal.handle(Signal.INT, signal -> {
      Thread worker = running;
      if (worker != null) {
        worker.interrupt();
        cancelled.complete(null);
      }
    });
    int lastCode = ExitCodes.OK;
    try {
      while (interpreter.exitRequested() == null) {
        String line;
        try {
          line = reader.readLine(prompt(session, lastCode));
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        if (line.isBlank()) {
          continue;
        }
        session.setTerminalWidth(terminal.getWidth() > 0 ? terminal.getWidth() : 120);
        lastCode = runCancellable(line);
      }
    } finally {
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        writer.println("error: cannot save the history to " + historyFile + ": " + e.getMessage());
      }
      writer.flush();
    }
    Integer exit = interpreter.exitRequested();
    return exit != null ? exit : ExitCodes.OK;
  }

  /** Runs one line on a worker thread that Ctrl-C interrupts. */
  int runCancellable(String line) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        result.complete(interpreter.execute(line));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "corral-command");
    worker.setDaemon(true);
    CompletableFuture<Void> cancel = new CompletableFuture<>();
    cancelled = cancel;
    running = worker;
    worker.start();
    try {
      CompletableFuture.anyOf(result, cancel).join();
    } catch (RuntimeException e) {
      // The command itself failed; reported below.
    } finally {
      running = null;
    }
    if (cancel.isDone()) {
      terminal.writer().println();
      terminal.writer().flush();
    }
    if (!result.isDone()) {
      return awaitStopped(result);
    }
    try {
      return result.get();
    } catch (ExecutionException e) {
      interpreter.err().println("error: " + e.getCause());
      return ExitCodes.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return WatchCommand.INTERRUPTED;
    }
  }

  private int awaitStopped(CompletableFuture<Integer> result) {
    try {
      return result.get(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException | ExecutionException e) {
      interpreter.err().println("error: the command did not stop within " + STOP_GRACE_MS / 1000
          + " s of Ctrl-C; it goes on in the background");
      return WatchCommand.INTERRUPTED;
    }
  }

  private static String prompt(ShellSession session, int lastCode) {
    URI master = session.master();
    String where = master.getHost() + (master.getPort() > 0 ? ":" + master.getPort() : "");
    if (!session.color()) {
      return "corral " + where + "> ";
    }
    return new AttributedStringBuilder()
        .styled(AttributedStyle.BOLD, "corral")
        .append(" ")
        .styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), where)
        .styled(lastCode == 0 ? AttributedStyle.DEFAULT : AttributedStyle.DEFAULT.foreground(AttributedStyle.RED), "> ")
        .toAnsi();
  }

  static boolean colorful(Terminal terminal, ShellSession session) {
    String noColor = session.env().get("NO_COLOR");
    return (noColor == null || noColor.isEmpty()) && !Terminal.TYPE_DUMB.equals(terminal.getType())
        && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
  }

  /** True when the line is complete (no open quote, no trailing backslash). */
  static boolean complete(String line) {
    return !LineTokenizer.incomplete(line);
  }
}
