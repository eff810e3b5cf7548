package io.corral.remote.api.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One kept-alive HTTP/1.1 connection that pipelines POSTs: requests are written back to back and
 * answered in order, as Mesos' own scheduler library does for calls. A framework acknowledging
 * thousands of updates a second needs this; opening a request at a time through a general HTTP
 * client caps it near a thousand calls per second.
 */
public final class PipelinedHttpConnection implements AutoCloseable {
  /** A response: status and body (bodies of calls are short: empty, or an error message). */
  public record Answer(int status, String body) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String hostHeader;
  private final ArrayDeque<CompletableFuture<Answer>> waiting = new ArrayDeque<>();
  private volatile boolean closed;

  public PipelinedHttpConnection(URI server) throws IOException {
    this(server, ClientTls.shared());
  }

  /** Connects to {@code server}; an {@code https} one over TLS as {@code tls} says (chain and host name verified). */
  public PipelinedHttpConnection(URI server, ClientTls tls) throws IOException {
    boolean https = "https".equalsIgnoreCase(server.getScheme());
    int port = server.getPort() >= 0 ? server.getPort() : https ? 443 : 80;
    socket = tls.connect(server.getHost(), port, https, 10_000);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    hostHeader = server.getHost() + ":" + port;
    Thread reader = new Thread(this::readLoop, "corral-http-pipeline");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends a POST; the future completes with the answer, or fails if the connection breaks. */
  public CompletableFuture<Answer> post(String path, Map<String, String> headers, byte[] body) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
        .append(hostHeader).append("\r\nContent-Length: ").append(body.length).append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    synchronized (this) {
      if (closed) {
        answer.completeExceptionally(new IOException("connection closed"));
        return answer;
      }
      try {
        waiting.add(answer);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
    return answer;
  }

  private void readLoop() {
    try {
      while (!closed) {
        String status = Http1.line(in);
        if (status == null) {
          throw new IOException("server closed the connection");
        }
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        for (String h = Http1.line(in); h != null && !h.isEmpty(); h = Http1.line(in)) {
          String lower = h.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(h.substring(15).trim());
          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
            chunked = true;
          }
        }
        String body = chunked ? chunkedBody() : new String(in.readNBytes((int) Math.max(0, length)), StandardCharsets.UTF_8);
        CompletableFuture<Answer> next;
        synchronized (this) {
          next = waiting.poll();
        }
        if (next != null) {
          next.complete(new Answer(code, body));
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        fail(e instanceof IOException io ? io : new IOException(e));
      }
    }
  }

  private String chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int n = Http1.chunkSize(in); n > 0; n = Http1.chunkSize(in)) {
      body.write(in.readNBytes(n));
    }
    for (String t = Http1.line(in); t != null && !t.isEmpty(); t = Http1.line(in)) {
      // trailers are ignored
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private void fail(IOException cause) {
    closed = true;
    CompletableFuture<Answer> f;
    while ((f = waiting.poll()) != null) {
      f.completeExceptionally(cause);
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already broken
    }
  }

  public boolean isOpen() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    fail(new IOException("connection closed"));
  }
}
