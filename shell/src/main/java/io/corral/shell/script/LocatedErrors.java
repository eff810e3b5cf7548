package io.corral.shell.script;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.regex.Pattern;

/**
 * Standard error of a running script: lines that start with {@code error:} get the script's
 * {@code FILE:LINE: } in front, so a failure names where it happened. Remembers whether the
 * current line reported an error.
 */
final class LocatedErrors extends Writer {
  private static final Pattern LOCATED = Pattern.compile("\\S+:\\d+: error:");
  private final PrintWriter target;
  private final StringBuilder pending = new StringBuilder();
  private String location = "";
  private boolean sawError;

  LocatedErrors(PrintWriter target) {
    this.target = target;
  }

  synchronized void setLocation(String location) {
    flushPending();
    this.location = location;
    this.sawError = false;
  }

  synchronized boolean sawError() {
    return sawError;
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      pending.append(c);
      if (c == '\n') {
        emit();
      }
    }
  }

  private void emit() {
    if (pending.length() == 0) {
      return;
    }
    if (pending.indexOf("error:") == 0) {
      sawError = true;
      target.write(location);
    } else if (LOCATED.matcher(pending).lookingAt()) {
      sawError = true; // from a script this one sources: it already says where
    }
    target.write(pending.toString());
    pending.setLength(0);
  }

  private void flushPending() {
    emit();
    target.flush();
  }

  @Override
  public synchronized void flush() {
    // A partial line stays until its end arrives, so the prefix can still be decided.
    target.flush();
  }

  @Override
  public synchronized void close() {
    flushPending();
  }
}
