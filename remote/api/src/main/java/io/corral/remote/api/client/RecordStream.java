package io.corral.remote.api.client;

import io.corral.remote.api.RecordIOReader;
import io.corral.remote.api.WireFormatException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Feeds a streaming HTTP response into a RecordIO reader without a thread of its own: the HTTP
 * client hands over chunks as they arrive and each complete record goes to {@code onRecord}.
 * {@code onEnd} runs once, with null when the stream ended cleanly or the reason it broke.
 */
public final class RecordStream implements Consumer<Optional<byte[]>> {
  private final RecordIOReader reader;
  private final Consumer<byte[]> onRecord;
  private final Consumer<Throwable> onEnd;
  private boolean ended;
  private Flow.Subscription subscription;
  private boolean cancelled;

  public RecordStream(int maxRecordBytes, Consumer<byte[]> onRecord, Consumer<Throwable> onEnd) {
    this.reader = new RecordIOReader(maxRecordBytes);
    this.onRecord = onRecord;
    this.onEnd = onEnd;
  }

  public HttpResponse.BodyHandler<Void> handler() {
    return info -> new Subscriber();
  }

  /**
   * Stops reading: the HTTP client drops the connection, so the server sees the stream end at
   * once (cancelling the response future does not close a response that is being streamed).
   */
  public void cancel() {
    Flow.Subscription s;
    synchronized (this) {
      cancelled = true;
      s = subscription;
    }
    if (s != null) {
      s.cancel();
    }
  }

  private final class Subscriber implements HttpResponse.BodySubscriber<Void> {
    private final CompletableFuture<Void> body = new CompletableFuture<>();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      boolean cancel;
      synchronized (RecordStream.this) {
        subscription = s;
        cancel = cancelled;
      }
      if (cancel) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        accept(Optional.of(bytes));
      }
    }

    @Override
    public void onError(Throwable failure) {
      end(failure);
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      accept(Optional.empty());
      body.complete(null);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> getBody() {
      return body;
    }
  }

  @Override
  public synchronized void accept(Optional<byte[]> chunk) {
    if (ended) {
      return;
    }
    if (chunk.isEmpty()) {
      end(null);
      return;
    }
    try {
      for (byte[] record : reader.feed(chunk.get())) {
        onRecord.accept(record);
      }
    } catch (WireFormatException | RuntimeException e) {
      end(e);
    }
  }

  /** Reports the end (or failure) of the stream, once. */
  public synchronized void end(Throwable cause) {
    if (!ended) {
      ended = true;
      onEnd.accept(cause);
    }
  }
}
