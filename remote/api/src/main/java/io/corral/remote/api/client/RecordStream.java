package io.corral.remote.api.client;

import io.corral.remote.api.RecordIOReader;
import io.corral.remote.api.WireFormatException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds a streaming HTTP response into a RecordIO reader: the reader of the response
 * ({@link HttpEventStream}) hands over chunks as they arrive and each complete record goes to
 * {@code onRecord}.
 * {@code onEnd} runs once, with null when the stream ended cleanly or the reason it broke.
 */
public final class RecordStream implements Consumer<Optional<byte[]>> {
  private final RecordIOReader reader;
  private final Consumer<byte[]> onRecord;
  private final Consumer<Throwable> onEnd;
  private boolean ended;

  public RecordStream(int maxRecordBytes, Consumer<byte[]> onRecord, Consumer<Throwable> onEnd) {
    this.reader = new RecordIOReader(maxRecordBytes);
    this.onRecord = onRecord;
    this.onEnd = onEnd;
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
