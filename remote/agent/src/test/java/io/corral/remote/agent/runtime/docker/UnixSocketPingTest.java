package io.corral.remote.agent.runtime.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's start-up question to Docker, over a real unix socket served by the test (what the
 * engine answers is pinned here; DockerTaskTest asks a real engine through the same path).
 */
class UnixSocketPingTest {
  private static final String BODY = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\"}";

  @TempDir Path dir;

  /** Serves one connection on {@code socket} with {@code response} after reading the request head. */
  private Thread serveOnce(Path socket, String response, boolean answer) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread t = new Thread(() -> {
      try (server; SocketChannel c = server.accept()) {
        InputStream in = Channels.newInputStream(c);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            return;
          }
          head.append((char) b);
        }
        if (!answer) {
          Thread.sleep(5_000);
          return;
        }
        OutputStream out = Channels.newOutputStream(c);
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException | InterruptedException e) {
        // the client went away
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aContentLengthAnswerGivesTheVersionLine() throws Exception {
    Path socket = dir.resolve("d.sock");
    serveOnce(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length()
        + "\r\n\r\n" + BODY, true);
    assertEquals("20.10.24 (API 1.41, linux)", UnixSocketPing.version(socket, Duration.ofSeconds(20)));
  }

  @Test
  void aChunkedAnswerIsJoined() throws Exception {
    Path socket = dir.resolve("c.sock");
    String a = BODY.substring(0, 10);
    String b = BODY.substring(10);
    serveOnce(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(a.length())
        + "\r\n" + a + "\r\n" + Integer.toHexString(b.length()) + ";x=y\r\n" + b + "\r\n0\r\n\r\n", true);
    assertEquals("20.10.24 (API 1.41, linux)", UnixSocketPing.version(socket, Duration.ofSeconds(20)));
  }

  @Test
  void noSocketAnErrorStatusAndSilenceAreFailures() throws Exception {
    assertThrows(IOException.class, () -> UnixSocketPing.version(dir.resolve("none.sock"), Duration.ofSeconds(5)));
    Path socket = dir.resolve("e.sock");
    serveOnce(socket, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", true);
    IOException e = assertThrows(IOException.class, () -> UnixSocketPing.version(socket, Duration.ofSeconds(20)));
    assertTrue(e.getMessage().contains("500"), e.getMessage());
    Path silent = dir.resolve("s.sock");
    serveOnce(silent, "", false);
    assertThrows(java.net.SocketTimeoutException.class, () -> UnixSocketPing.version(silent, Duration.ofMillis(300)));
  }
}
