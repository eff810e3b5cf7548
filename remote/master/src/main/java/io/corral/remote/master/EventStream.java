package io.corral.remote.master;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A long-lived RecordIO response (a scheduler's, an operator's or an agent's event stream),
 * written without blocking: at most one write is in flight, the rest wait in a bounded queue.
 * A failed write or an overflowing queue (a reader that stopped reading) closes the stream and
 * reports it once to {@code onClose}.
 */
final class EventStream {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventStream.class);
  /**
   * Records a stream may fall behind before it is closed. A framework that launched 60,000 tasks
   * at once is sent 120,000 updates within seconds; Mesos buffers without limit, so the bound is
   * generous and only stops a reader that has stopped reading from taking the master's memory.
   */
  static final int MAX_QUEUED = 250_000;
  /** Request header by which Corral's own clients accept several records per HTTP chunk. */
  static final String BATCHING_HEADER = "Corral-Record-Batching";

  final String id;
  private final boolean batching;
  /** Records written as they are, without RecordIO's length prefix (a server-sent event stream). */
  private boolean unframed;
  private final Response response;
  private final Callback done;
  private final Executor io;
  /** Records not yet written, each encoded only when its write comes (off the master loop). */
  private final ArrayDeque<Supplier<byte[]>> queue = new ArrayDeque<>();
  private Consumer<EventStream> onClose = s -> {};
  private org.eclipse.jetty.io.EndPoint peer;
  /** Set by {@link #watchingClosely} while the selector watches the connection for this stream. */
  private volatile boolean selectorWatches;
  private boolean writing;
  private boolean closing;
  private boolean closed;

  /**
   * With {@code batching}, records that queued up while a write was in flight go out together in
   * one chunk. Mesos writes one record per chunk and some clients depend on it, so only clients
   * that ask for it (Corral's own) get batches.
   */
  EventStream(String id, Response response, Callback done, boolean batching, Executor io) {
    this.io = io;
    this.batching = batching;
    this.id = id;
    this.response = response;
    this.done = done;
  }

  /** Writes each record as given, for streams with a framing of their own (server-sent events). */
  EventStream unframed() {
    this.unframed = true;
    return this;
  }

  synchronized void onClose(Consumer<EventStream> listener) {
    this.onClose = listener;
  }

  /** Queues one record, framed as {@code <length>\n<bytes>}. */
  void send(byte[] record) {
    send(() -> record);
  }

  /**
   * Queues one record that {@code encode} makes when it is written: by the I/O thread or by the
   * thread that completed the previous write, never by the caller. The message behind it must
   * not change after this call.
   */
  void send(Supplier<byte[]> encode) {
    boolean overflow;
    synchronized (this) {
      if (closed || closing) {
        return;
      }
      overflow = queue.size() >= MAX_QUEUED;
      if (!overflow) {
        queue.add(encode);
        if (writing) {
          return;
        }
        writing = true;
      }
    }
    if (overflow) {
      fail(new IllegalStateException("event stream " + id + " fell " + MAX_QUEUED + " events behind"));
    } else {
      startWriting();
    }
  }

  private ByteBuffer frame(byte[] record, ByteBuffer into) {
    if (unframed) {
      return into.put(record);
    }
    return into.put((record.length + "\n").getBytes(StandardCharsets.US_ASCII)).put(record);
  }

  private void writeNext() {
    List<Supplier<byte[]>> next = new ArrayList<>();
    boolean finish = false;
    Consumer<EventStream> listener = null;
    synchronized (this) {
      if (!closed && !queue.isEmpty()) {
        next.add(queue.poll());
        while (batching && !queue.isEmpty()) {
          next.add(queue.poll());
        }
      }
      if (next.isEmpty()) {
        writing = false;
        if (closing && !closed) {
          closed = true;
          finish = true;
          listener = onClose;
        }
      }
    }
    if (finish) {
      try {
        response.write(true, ByteBuffer.allocate(0), done);
      } catch (RuntimeException e) {
        done.failed(e); // the connection went away under the last write
      }
      listener.accept(this);
    } else if (!next.isEmpty()) {
      ByteBuffer out;
      try {
        byte[][] records = new byte[next.size()][];
        int total = 0;
        for (int i = 0; i < records.length; i++) {
          records[i] = next.get(i).get();
          total += records[i].length + 12;
        }
        out = ByteBuffer.allocate(total);
        for (byte[] r : records) {
          frame(r, out);
        }
        out.flip();
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      try {
        response.write(false, out, Callback.from(this::writeNext, this::fail));
      } catch (RuntimeException e) {
        fail(e); // the response was ended meanwhile (the client left); Jetty refuses the write
      }
    }
  }

  /** The connection {@link #probePeer} watches. */
  synchronized EventStream watching(org.eclipse.jetty.io.EndPoint endPoint) {
    this.peer = endPoint;
    return this;
  }

  /**
   * Watches the connection as {@link #watching} does, and also asks the selector to say when it
   * becomes readable, so that a client whose connection closes (a killed agent's kernel closes its
   * sockets) is noticed at once instead of at the next probe.
   */
  EventStream watchingClosely(org.eclipse.jetty.io.EndPoint endPoint) {
    watching(endPoint);
    awaitReadable();
    return this;
  }

  private void awaitReadable() {
    org.eclipse.jetty.io.EndPoint endPoint;
    synchronized (this) {
      endPoint = closed || closing ? null : peer;
    }
    if (endPoint != null) {
      selectorWatches = endPoint.tryFillInterested(Callback.from(() -> {
        probePeer();
        awaitReadable();
      }, failure -> {
        if (isOpen()) {
          fail(failure);
        }
      }));
    }
  }

  /** Whether the selector reports this stream's connection readable, so that no probe is needed. */
  boolean watchedBySelector() {
    return selectorWatches;
  }

  /**
   * Closes the stream if the client has closed its end. While a response streams, the server
   * does not read the connection, so a client that went away would otherwise be noticed only
   * when a write fails (the next heartbeat, or later). A client sends nothing more on a stream's
   * connection; anything it does send is read here and dropped.
   */
  void probePeer() {
    org.eclipse.jetty.io.EndPoint endPoint;
    synchronized (this) {
      endPoint = closed || closing ? null : peer;
    }
    if (endPoint == null) {
      return;
    }
    try {
      ByteBuffer scratch = org.eclipse.jetty.util.BufferUtil.allocate(256);
      int read;
      do {
        org.eclipse.jetty.util.BufferUtil.clear(scratch);
        read = endPoint.fill(scratch);
      } while (read > 0);
      if (read < 0) {
        fail(new EOFException("the client closed the connection of event stream " + id));
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
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
    startWriting();
  }

  /**
   * The first write of a run goes to the I/O thread: the caller (the master loop) only queues.
   * Records sent meanwhile join the same write on batching streams.
   */
  private void startWriting() {
    try {
      io.execute(this::writeNext);
    } catch (RejectedExecutionException e) {
      writeNext(); // shutting down: write here
    }
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
    LOG.info("event stream {} closed: {}", id, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    done.failed(cause);
    listener.accept(this);
  }
}
