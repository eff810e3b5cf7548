package io.corral.remote.api;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reassembles RecordIO records from chunks cut anywhere: in a length header, in a record, or with
 * many records in one chunk. Each byte is copied once, into a buffer that grows with the bytes
 * that actually arrive, so a header that merely claims a large record costs nothing up front.
 *
 * <p>Like Mesos' decoder, a bad length header fails the stream for good: without it there is no
 * telling where the next record begins. Not thread-safe; one reader per stream.
 */
public final class RecordIOReader {
  private static final int MAX_HEADER_DIGITS = 19;
  private static final int INITIAL_BUFFER = 8192;
  private static final byte[] EMPTY = new byte[0];

  private final int maxRecordBytes;
  private final StringBuilder header = new StringBuilder(MAX_HEADER_DIGITS);
  private long headerValue;
  private int expected = -1;
  private byte[] record = EMPTY;
  private int filled;
  private String failure;

  /** @param maxRecordBytes the largest record accepted; a larger length header fails the stream */
  public RecordIOReader(int maxRecordBytes) {
    if (maxRecordBytes < 0) {
      throw new IllegalArgumentException("maxRecordBytes must not be negative: " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Blocking iteration over the records of a stream, for clients and tests. {@code hasNext()}
   * blocks until a record is complete or the stream ends; a broken frame, a stream cut inside a
   * record, or a failed read surfaces as an {@link java.io.UncheckedIOException} whose cause is
   * the {@link WireFormatException} or {@link java.io.IOException}. The stream is not closed.
   */
  public static Iterator<byte[]> read(InputStream in, int maxRecordBytes) {
    return new RecordIOIterator(in, new RecordIOReader(maxRecordBytes));
  }

  public List<byte[]> feed(byte[] chunk) throws WireFormatException {
    return feed(chunk, 0, chunk.length);
  }

  /** Consumes {@code chunk[offset, offset + length)} and returns the records it completed, in order. */
  public List<byte[]> feed(byte[] chunk, int offset, int length) throws WireFormatException {
    if (failure != null) {
      throw new WireFormatException("RecordIO stream already failed: " + failure);
    }
    List<byte[]> complete = new ArrayList<>(2);
    int at = offset;
    int end = offset + length;
    while (at < end) {
      if (expected < 0) {
        readHeaderByte(chunk[at++], complete);
      } else {
        int count = Math.min(end - at, expected - filled);
        ensureCapacity(filled + count);
        System.arraycopy(chunk, at, record, filled, count);
        at += count;
        filled += count;
        if (filled == expected) {
          complete.add(takeRecord());
        }
      }
    }
    return complete;
  }

  /** True when the bytes fed so far end in the middle of a header or a record. */
  public boolean hasPartialRecord() {
    return expected >= 0 || header.length() > 0;
  }

  /** Call at end of stream: fails if the stream stopped inside a header or a record. */
  public void finish() throws WireFormatException {
    if (failure != null) {
      throw new WireFormatException("RecordIO stream already failed: " + failure);
    }
    if (expected >= 0) {
      throw fail("RecordIO stream ended inside a record, after " + filled + " of " + expected + " bytes");
    }
    if (header.length() > 0) {
      throw fail("RecordIO stream ended inside the length header '" + header + "'");
    }
  }

  private void readHeaderByte(byte b, List<byte[]> complete) throws WireFormatException {
    if (b == '\n') {
      if (header.length() == 0) {
        throw fail("malformed RecordIO length header: empty line");
      }
      header.setLength(0);
      expected = (int) headerValue;
      headerValue = 0;
      if (expected == 0) {
        complete.add(takeRecord());
      }
    } else if (b >= '0' && b <= '9') {
      header.append((char) b);
      headerValue = headerValue * 10 + (b - '0');
      if (header.length() > MAX_HEADER_DIGITS || headerValue > maxRecordBytes) {
        throw fail("RecordIO record length exceeds the limit of " + maxRecordBytes + " bytes (header '" + header
            + "...')");
      }
    } else {
      throw fail("malformed RecordIO length header: unexpected " + describe(b)
          + (header.length() == 0 ? "" : " after '" + header + "'"));
    }
  }

  private byte[] takeRecord() {
    byte[] done = record.length == expected ? record : Arrays.copyOf(record, expected);
    record = EMPTY;
    filled = 0;
    expected = -1;
    return done;
  }

  private void ensureCapacity(int needed) {
    if (needed > record.length) {
      int grown = Math.max(needed, Math.max(INITIAL_BUFFER, record.length * 2));
      record = Arrays.copyOf(record, Math.min(grown, expected));
    }
  }

  private WireFormatException fail(String problem) {
    failure = problem;
    return new WireFormatException(problem);
  }

  private static String describe(byte b) {
    return b >= 0x20 && b < 0x7f ? "character '" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
  }
}
