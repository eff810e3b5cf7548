package io.corral.shell.repl;

import java.io.PrintWriter;
import java.io.Writer;

/** Standard error in the shell: {@code error:} lines in red when the terminal has colors. */
final class ErrorColors extends Writer {
  private static final String RED = "\033[31m";
  private static final String RESET = "\033[0m";

  private final PrintWriter target;
  private final boolean color;
  private final StringBuilder line = new StringBuilder();

  ErrorColors(PrintWriter target, boolean color) {
    this.target = target;
    this.color = color;
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      line.append(buf[i]);
      if (buf[i] == '\n') {
        emit();
      }
    }
  }

  private void emit() {
    if (line.length() == 0) {
      return;
    }
    int at = line.indexOf("error:");
    boolean error = color && (at == 0 || at > 0 && line.substring(0, at).matches("\\S+: "));
    if (error) {
      int end = line.charAt(line.length() - 1) == '\n' ? line.length() - 1 : line.length();
      target.write(RED + line.substring(0, end) + RESET + line.substring(end));
    } else {
      target.write(line.toString());
    }
    line.setLength(0);
  }

  @Override
  public synchronized void flush() {
    emit();
    target.flush();
  }

  @Override
  public synchronized void close() {
    flush();
  }
}
