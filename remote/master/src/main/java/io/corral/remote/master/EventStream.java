package io.corral.remote.master;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A long-lived RecordIO response (a scheduler's, an operator's or an agent's event stream),
 * written without blocking: at most one write is in flight, the rest wait in a bounded queue.
 * A failed write or an overflowing queue (a reader that stopped reading) closes the stream and
 * reports it once to {@code onClose}.
 */
final class EventStream {
  private static final int MAX_QUEUED = 10_000;
  /** Request header by which Corral's own clients accept several records per HTTP chunk. */
  static final String BATCHING_HEADER = "Corral-Record-Batching";

  final String id;
  private final boolean batching;
  private final Response response;
  private final Callback done;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private Consumer<EventStream> onClose = s -> {};
  private boolean writing;
  private boolean closing;
  private boolean closed;

  /**
   * With {@code batching}, records that queued up while a write was in flight go out together in
   * one chunk. Mesos writes one record per chunk and some clients depend on it, so only clients
   * that ask for it (Corral's own) get batches.
   */
  EventStream(String id, Response response, Callback done, boolean batching) {
    this.batching = batching;
    this.id = id;
    this.response = response;
    this.done = done;
  }

  synchronized void onClose(Consumer<EventStream> listener) {
    this.onClose = listener;
  }

  /** Queues one record, framed as {@code <length>\n<bytes>}. */
  void send(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = ByteBuffer.allocate(header.length + record.length).put(header).put(record).flip();
    boolean overflow;
    synchronized (this) {
      if (closed || closing) {
        return;
      }
      overflow = queue.size() >= MAX_QUEUED;
      if (!overflow) {
        queue.add(frame);
        if (writing) {
          return;
        }
        writing = true;
      }
    }
    if (overflow) {
      fail(new IllegalStateException("event stream " + id + " fell " + MAX_QUEUED + " events behind"));
    } else {
      writeNext();
    }
  }

  private void writeNext() {
    ByteBuffer next;
    boolean finish = false;
    Consumer<EventStream> listener = null;
    synchronized (this) {
      next = closed ? null : queue.poll();
      if (next != null && batching && !queue.isEmpty()) {
        int total = next.remaining();
        for (ByteBuffer b : queue) {
          total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total).put(next);
        ByteBuffer b;
        while ((b = queue.poll()) != null) {
          all.put(b);
        }
        next = all.flip();
      }
      if (next == null) {
        writing = false;
        if (closing && !closed) {
          closed = true;
          finish = true;
          listener = onClose;
        }
      }
    }
    if (finish) {
      response.write(true, ByteBuffer.allocate(0), done);
      listener.accept(this);
    } else if (next != null) {
      response.write(false, next, Callback.from(this::writeNext, this::fail));
    }
  }

  synchronized boolean isOpen() {
    return !closed && !closing;
  }

  /** Ends the stream once what is queued has been written. */
  void close() {
    synchronized (this) {
      if (closed || closing) {
        return;
      }
      closing = true;
      if (writing) {
        return;
      }
      writing = true;
    }
    writeNext();
  }

  private void fail(Throwable cause) {
    Consumer<EventStream> listener;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      listener = onClose;
    }
    done.failed(cause);
    listener.accept(this);
  }
}
