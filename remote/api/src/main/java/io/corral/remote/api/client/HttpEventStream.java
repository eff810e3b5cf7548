package io.corral.remote.api.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming HTTP/1.1 POST on a socket of its own, read by one thread: the request goes out, the
 * status line and headers are read at once, and a 200 response's chunked body is fed to a
 * {@link RecordStream} as it arrives. Event streams (an agent's registration, a framework's
 * subscription) carry many small chunks for hours; a plain blocking reader costs a fraction of
 * what a general asynchronous HTTP client spends per chunk.
 */
public final class HttpEventStream implements AutoCloseable {
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers;
  private final String errorBody;
  /** Why this client ended the stream, once it has: what the sink hears as the cause. */
  private volatile IOException closedBecause;

  private HttpEventStream(Socket socket, InputStream in, int status, Map<String, String> headers, String errorBody) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
    this.errorBody = errorBody;
  }

  /**
   * Connects, sends the POST and reads the response head (each within {@code timeout}). With a 200
   * answer, a reader thread then feeds the body to {@code sink} until it ends or {@link #close()};
   * any other status is returned with its body and the connection closed.
   */
  public static HttpEventStream open(URI endpoint, Map<String, String> requestHeaders, byte[] body,
      Duration timeout, RecordStream sink) throws IOException {
    return open(endpoint, requestHeaders, body, timeout, sink, ClientTls.shared());
  }

  /**
   * As {@link #open(URI, Map, byte[], Duration, RecordStream)}; an {@code https} endpoint is reached
   * over TLS as {@code tls} says (chain and host name verified).
   */
  public static HttpEventStream open(URI endpoint, Map<String, String> requestHeaders, byte[] body,
      Duration timeout, RecordStream sink, ClientTls tls) throws IOException {
    boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
    int port = endpoint.getPort() >= 0 ? endpoint.getPort() : https ? 443 : 80;
    Socket socket;
    try {
      socket = tls.connect(endpoint.getHost(), port, https, (int) timeout.toMillis());
    } catch (SocketTimeoutException e) {
      throw new IOException("no answer from " + endpoint + " within " + timeout.toMillis() + " ms", e);
    }
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder(256).append("POST ").append(path(endpoint)).append(" HTTP/1.1\r\nHost: ")
          .append(endpoint.getHost()).append(':').append(port).append("\r\nContent-Length: ").append(body.length)
          .append("\r\n");
      requestHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      String statusLine = Http1.line(in);
      if (statusLine == null) {
        throw new IOException("the server closed the connection without answering");
      }
      String[] parts = statusLine.split(" ", 3);
      if (!statusLine.isEmpty() && statusLine.charAt(0) == 0x15) { // a TLS alert record: plain HTTP to a TLS port
        throw new IOException("the server at " + endpoint.getHost() + ":" + port + " speaks TLS only (use https://)");
      }
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.1 answer: " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: " + statusLine, e);
      }
      Map<String, String> headers = new HashMap<>();
      for (String h = Http1.line(in); h != null && !h.isEmpty(); h = Http1.line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
      if (status != 200) {
        String error = errorBody(in, headers, chunked);
        socket.close();
        return new HttpEventStream(socket, in, status, headers, error);
      }
      socket.setSoTimeout(0);
      HttpEventStream stream = new HttpEventStream(socket, in, status, headers, null);
      Thread reader = new Thread(() -> stream.read(sink, chunked), "corral-event-stream");
      reader.setDaemon(true);
      reader.start();
      return stream;
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new IOException("no answer from " + endpoint + " within " + timeout.toMillis() + " ms", e);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static String path(URI endpoint) {
    String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
  }

  public int status() {
    return status;
  }

  /** A response header (names are case-insensitive); empty if absent. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The body of a refusal (status other than 200), at most 64 KiB; null for a stream. */
  public String errorBody() {
    return errorBody;
  }

  private void read(RecordStream sink, boolean chunked) {
    try {
      if (chunked) {
        for (int n = Http1.chunkSize(in); n > 0; n = Http1.chunkSize(in)) {
          byte[] chunk = in.readNBytes(n);
          if (chunk.length < n) {
            throw new IOException("the server closed the connection inside a chunk");
          }
          sink.accept(Optional.of(chunk));
        }
      } else {
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (n > 0) {
            byte[] chunk = new byte[n];
            System.arraycopy(buffer, 0, chunk, 0, n);
            sink.accept(Optional.of(chunk));
          }
        }
      }
      sink.accept(Optional.empty());
    } catch (IOException | RuntimeException e) {
      IOException ours = closedBecause;
      sink.end(ours != null ? ours : e);
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static String errorBody(InputStream in, Map<String, String> headers, boolean chunked) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int n = Http1.chunkSize(in); n > 0 && body.size() < MAX_ERROR_BODY; n = Http1.chunkSize(in)) {
        body.write(in.readNBytes(n));
      }
    } else if (headers.containsKey("content-length")) {
      int n = (int) Math.min(MAX_ERROR_BODY, Long.parseLong(headers.get("content-length")));
      body.write(in.readNBytes(n));
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  public boolean isOpen() {
    return closedBecause == null && !socket.isClosed();
  }

  /** Ends the stream; the sink hears of it once, as a closed stream. */
  @Override
  public void close() {
    close("the stream was closed by this client");
  }

  /** Ends the stream; the sink hears of it once, with {@code reason} as the cause (the first reason given wins). */
  public void close(String reason) {
    synchronized (this) {
      if (closedBecause == null) {
        closedBecause = new IOException(reason);
      }
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
