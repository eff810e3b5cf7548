package io.corral.remote.agent;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A task to health check, started as {@code java -cp <test classes> io.corral.remote.agent.HealthServer PORT}
 * in its sandbox: {@code GET /health} answers 200 while the file {@code healthy} is in the working
 * directory and 503 otherwise; once a file {@code closed} appears, the server stops listening (TCP
 * checks fail) while the process goes on running.
 */
public final class HealthServer {
  private HealthServer() {}

  /** The command line of a task that runs this server on {@code port}, healthy from the start. */
  static String command(int port) throws URISyntaxException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path classes = Path.of(HealthServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return String.join(" ", List.of("echo > healthy;", "exec", "'" + java + "'", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", "'" + classes + "'", HealthServer.class.getName(), Integer.toString(port)));
  }

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        Integer.parseInt(args[0])), 16);
    server.createContext("/health", exchange -> {
      int status = Files.exists(Path.of("healthy")) ? 200 : 503;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    while (!Files.exists(Path.of("closed"))) {
      Thread.sleep(20);
    }
    server.stop(0);
    Thread.sleep(Long.MAX_VALUE);
  }
}
