package io.corral.remote.agent.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a Docker engine on a unix socket for its version with one plain HTTP/1.1 request
 * ({@code GET /version}). The agent does this when it starts, to report {@code docker:true|false};
 * docker-java with its HTTP client costs far more start-up time, and is loaded only when a Docker
 * task comes.
 */
final class UnixSocketPing {
  private static final int MAX_RESPONSE = 256 * 1024;

  private UnixSocketPing() {}

  /**
   * {@code <version> (API <api>, <os>)} of the engine at {@code socket}; a {@link SocketTimeoutException}
   * when it does not answer within {@code within}, another IOException when it cannot be reached or
   * does not answer as an engine.
   */
  static String version(Path socket, Duration within) throws IOException {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "corral-docker-ping");
      t.setDaemon(true);
      return t;
    });
    AtomicBoolean late = new AtomicBoolean();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ScheduledFuture<?> deadline = timer.schedule(() -> {
        late.set(true);
        try {
          channel.close();
        } catch (IOException e) {
          // closing only to end a blocked read
        }
      }, within.toMillis(), TimeUnit.MILLISECONDS);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.write(ByteBuffer.wrap("GET /version HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
          response.write(buffer.array(), 0, buffer.position());
          buffer.clear();
          if (response.size() > MAX_RESPONSE) {
            throw new IOException("the answer to GET /version is larger than " + MAX_RESPONSE + " bytes");
          }
        }
        deadline.cancel(false);
        return describe(response.toByteArray());
      } catch (IOException e) {
        if (late.get()) {
          throw new SocketTimeoutException("no answer within " + within.toMillis() + " ms");
        }
        throw e;
      }
    } finally {
      timer.shutdownNow();
    }
  }

  /** The version line from a whole HTTP response to {@code GET /version}. */
  static String describe(byte[] response) throws IOException {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new IOException("not an HTTP answer from a Docker engine");
    }
    String[] head = text.substring(0, end).split("\r\n");
    String[] status = head[0].split(" ", 3);
    boolean chunked = false;
    for (int i = 1; i < head.length; i++) {
      String h = head[i].toLowerCase(Locale.ROOT);
      if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
        chunked = true;
      }
    }
    byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
    if (chunked) {
      body = unchunk(body);
    }
    if (status.length < 2 || !status[1].equals("200")) {
      throw new IOException("GET /version answered " + head[0].substring(Math.min(head[0].length(), 9)).strip());
    }
    JsonNode v = io.corral.remote.api.JsonTrees.read(body);
    if (v == null || !v.hasNonNull("Version")) {
      throw new IOException("GET /version answered without a Version");
    }
    return v.path("Version").asText() + " (API " + v.path("ApiVersion").asText() + ", " + v.path("Os").asText() + ")";
  }

  /** The body of a chunked transfer (RFC 9112, 7.1); trailers are ignored. */
  static byte[] unchunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(chunked, at);
      if (lineEnd < 0) {
        throw new IOException("a chunked answer ended early");
      }
      String sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
      int semicolon = sizeText.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon >= 0 ? sizeText.substring(0, semicolon) : sizeText).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("a bad chunk size in the answer: " + sizeText);
      }
      at = lineEnd + 2;
      if (size == 0) {
        return out.toByteArray();
      }
      if (size < 0 || at + size > chunked.length) {
        throw new IOException("a chunked answer ended early");
      }
      out.write(chunked, at, size);
      at += size + 2;
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
