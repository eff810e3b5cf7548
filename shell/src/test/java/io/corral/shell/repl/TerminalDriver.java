package io.corral.shell.repl;

import io.corral.shell.Main;
import io.corral.shell.ShellSession;
import io.corral.shell.script.Interpreter;
import io.corral.shell.script.ShellFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import picocli.CommandLine;

/**
 * Drives the interactive shell through a real JLine terminal ({@link ExternalTerminal}, JLine's
 * own line discipline over in-memory streams): keys go in as bytes (Ctrl-C raises SIGINT in the
 * terminal as a tty would), the screen comes out as text with its escape sequences removed.
 */
final class TerminalDriver implements AutoCloseable {
  private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-Za-z]|\u001b[=>]|\r");

  private final LinkedBlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final ExternalTerminal terminal;
  final Interpreter interpreter;
  final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private int mark;

  TerminalDriver(ShellSession session, Path historyFile, Function<ShellFactory, CommandLine> commands) throws Exception {
    InputStream in = new InputStream() {
      @Override
      public int read() throws java.io.IOException {
        try {
          return keys.take();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (len == 0) {
          return 0;
        }
        b[off] = (byte) read();
        int n = 1;
        Integer next;
        while (n < len && (next = keys.poll()) != null) {
          b[off + n++] = (byte) (int) next;
        }
        return n;
      }
    };
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (screen) {
          screen.write(b);
          screen.notifyAll();
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (screen) {
          screen.write(b, off, len);
          screen.notifyAll();
        }
      }
    };
    terminal = new ExternalTerminal("test", "xterm-256color", in, out, StandardCharsets.UTF_8);
    terminal.setSize(new Size(160, 40));
    PrintWriter writer = terminal.writer();
    interpreter = new Interpreter(commands, session, writer, writer);
    InteractiveShell shell = new InteractiveShell(terminal, interpreter, InteractiveShell.liveCompletions(session),
        historyFile);
    Thread thread = new Thread(() -> {
      try {
        exit.complete(shell.run());
      } catch (Throwable t) {
        exit.completeExceptionally(t);
      }
    }, "shell-under-test");
    thread.setDaemon(true);
    thread.start();
  }

  TerminalDriver(ShellSession session, Path historyFile) throws Exception {
    this(session, historyFile, Main::newCommandLine);
  }

  void type(String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      keys.add(b & 0xff);
    }
  }

  /** Everything shown so far, without escape sequences. */
  String screen() {
    synchronized (screen) {
      return ESCAPES.matcher(screen.toString(StandardCharsets.UTF_8)).replaceAll("");
    }
  }

  /** Waits until {@code text} appears after the last thing awaited; the next wait starts after it. */
  void await(String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      String shown = screen();
      int at = shown.indexOf(text, mark);
      if (at >= 0) {
        mark = at + text.length();
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for '" + text + "' on the screen; after the mark it shows:\n"
            + shown.substring(Math.min(mark, shown.length())));
      }
      synchronized (screen) {
        screen.wait(20);
      }
    }
  }

  /** Waits for the shell to end and returns its exit code. */
  int awaitExit(Duration timeout) throws Exception {
    return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      type("\u0004");
      try {
        exit.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // left to the daemon thread; the terminal closes below
      }
    }
    terminal.close();
  }
}
