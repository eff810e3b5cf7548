package io.corral.remote.api;

import java.nio.charset.StandardCharsets;

/**
 * Mesos' RecordIO framing of event streams: each record is its length in decimal ASCII, a
 * newline, then exactly that many bytes ({@code 20\n{"type":"HEARTBEAT"}}). No magic number, no
 * trailer, and proxies may re-chunk the stream freely, so readers must reassemble
 * ({@link RecordIOReader}).
 */
public final class RecordIO {

  private RecordIO() {}

  /** The record with its length header, ready to write to a stream. */
  public static byte[] frame(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[header.length + record.length];
    System.arraycopy(header, 0, framed, 0, header.length);
    System.arraycopy(record, 0, framed, header.length, record.length);
    return framed;
  }
}
