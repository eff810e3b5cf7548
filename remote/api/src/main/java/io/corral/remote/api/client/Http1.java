package io.corral.remote.api.client;

import java.io.IOException;
import java.io.InputStream;

/** The bits of HTTP/1.1 framing that Corral's socket clients read: lines and chunk sizes. */
final class Http1 {
  static final int MAX_LINE = 16 * 1024;

  private Http1() {}

  /** One line without its CR LF; null at the end of input before any byte. */
  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(32);
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new IOException("an HTTP line longer than " + MAX_LINE + " bytes");
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * The next chunk's size, skipping the empty line that ends the previous chunk (servers may send
   * it just before the next chunk, as Jetty does, so a reader never waits for it after a chunk).
   */
  static int chunkSize(InputStream in) throws IOException {
    String size = line(in);
    while (size != null && size.isEmpty()) {
      size = line(in);
    }
    if (size == null) {
      throw new IOException("the server closed the connection");
    }
    int semicolon = size.indexOf(';');
    try {
      return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP chunk size: " + size, e);
    }
  }
}
