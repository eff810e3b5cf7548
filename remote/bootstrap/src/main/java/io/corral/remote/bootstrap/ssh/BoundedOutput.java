package io.corral.remote.bootstrap.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first {@code limit} bytes a remote command writes and counts the rest. */
final class BoundedOutput extends OutputStream {
  private final int limit;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long dropped;

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
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = Math.max(0, Math.min(len, limit - kept.size()));
    kept.write(b, off, room);
    dropped += len - room;
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
