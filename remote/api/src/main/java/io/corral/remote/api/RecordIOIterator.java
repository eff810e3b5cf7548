package io.corral.remote.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Records of a blocking stream, one at a time: {@link #hasNext()} blocks until a whole record has
 * arrived or the stream ends. A broken frame, a stream cut inside a record, or a failed read is an
 * {@link UncheckedIOException} (its cause a {@link WireFormatException} for the first two), since
 * {@link Iterator} cannot throw checked exceptions. Does not close the stream.
 */
final class RecordIOIterator implements Iterator<byte[]> {
  private static final int CHUNK = 8192;

  private final InputStream in;
  private final RecordIOReader reader;
  private final ArrayDeque<byte[]> ready = new ArrayDeque<>();
  private final byte[] chunk = new byte[CHUNK];
  private boolean ended;

  RecordIOIterator(InputStream in, RecordIOReader reader) {
    this.in = in;
    this.reader = reader;
  }

  @Override
  public boolean hasNext() {
    try {
      while (ready.isEmpty() && !ended) {
        int read = in.read(chunk);
        if (read < 0) {
          ended = true;
          reader.finish();
        } else {
          ready.addAll(reader.feed(chunk, 0, read));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return !ready.isEmpty();
  }

  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException("RecordIO stream has ended");
    }
    return ready.poll();
  }
}
