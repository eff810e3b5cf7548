package io.corral.remote.bootstrap.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@code limit} bytes a remote command writes and counts the rest. A reader may wait
 * for a line to appear ({@link #awaitLine}).
 */
final class BoundedOutput extends OutputStream {
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long dropped;
  private boolean ended;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    if (kept.size() < limit) {
      kept.write(b);
    } else {
      dropped++;
    }
    notifyAll();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = Math.max(0, Math.min(len, limit - kept.size()));
    kept.write(b, off, room);
    dropped += len - room;
    notifyAll();
  }

  /** No more output comes (the channel closed); wakes {@link #awaitLine}. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Waits until the text kept has {@code line} as a whole line and returns the text before it; null
   * when the output ends first or {@code endNanos} (a {@link System#nanoTime} value) passes.
   */
  synchronized String awaitLine(String line, long endNanos) throws InterruptedException {
    while (true) {
      String text = kept.toString(StandardCharsets.UTF_8);
      int at = lineAt(text, line);
      if (at >= 0) {
        return text.substring(0, at);
      }
      long left = endNanos - System.nanoTime();
      if (ended || left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** The text after the first whole line {@code line}; all of it when there is none. */
  synchronized String textAfter(String line) {
    String text = text();
    int at = lineAt(text, line);
    return at < 0 ? text : text.substring(at + line.length() + 1);
  }

  /** Where {@code line} starts as a whole line of {@code text}; -1 when it is not one. */
  private static int lineAt(String text, String line) {
    if (text.startsWith(line + "\n")) {
      return 0;
    }
    int at = text.indexOf("\n" + line + "\n");
    return at < 0 ? -1 : at + 1;
  }

  /** The text kept, with a closing note when bytes were dropped. */
  synchronized String text() {
    String text = kept.toString(StandardCharsets.UTF_8);
    if (dropped > 0) {
      text += "\n[output truncated after " + limit + " bytes; " + dropped + " more bytes dropped]";
    }
    return text;
  }
}
