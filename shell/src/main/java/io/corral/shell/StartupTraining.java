package io.corral.shell;

import io.corral.shell.script.Interpreter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The work that scripts/corral records into its class-data archive: the one-shot commands an
 * operator types most, run through the real command tree against a stand-in master on loopback
 * that answers every operator call with a small canned cluster. The archive then holds what those
 * commands load, whichever command happened to run first after a build.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=corral.jsa -cp corral.jar io.corral.shell.StartupTraining}.
 */
public final class StartupTraining {
  private static final List<List<String>> COMMANDS = List.of(
      List.of("status"), List.of("status", "-o", "json"), List.of("agents"), List.of("agents", "-o", "json"),
      List.of("agents", "-o", "yaml"), List.of("tasks", "--all"), List.of("tasks", "-o", "json"), List.of("frameworks"),
      List.of("roles"), List.of("agents", "show", "no-such-agent"), List.of("version", "--client"), List.of("agents", "-h"));

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Main.prepareJvm();
    Path home = Files.createTempDirectory("corral-training");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answering = new Thread(() -> answer(server), "training-master");
      answering.setDaemon(true);
      answering.start();
      Map<String, String> env = new HashMap<>();
      env.put("CORRAL_MASTER", "http://127.0.0.1:" + server.getLocalPort());
      env.put("CORRAL_HOME", home.toString());
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      for (List<String> command : COMMANDS) {
        ShellSession session = new ShellSession(env);
        new Interpreter((f, w) -> Main.newCommandLine(f, w), session, sink, sink).execute(command);
      }
    } finally {
      try (var paths = Files.walk(home)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A master that knows one agent and nothing else; enough for the commands above to run their whole path. */
  private static void answer(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        while (true) {
          String request = readRequest(in);
          if (request == null) {
            break;
          }
          byte[] body = responseTo(request).getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
        }
      } catch (IOException e) {
        // the command closed its connection; wait for the next
      }
    }
  }

  /** One request's headers and body as text, or null at the end of the connection. */
  private static String readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    if (c == -1) {
      return null;
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String responseTo(String request) {
    if (request.contains("GET_MASTER")) {
      return "{\"type\":\"GET_MASTER\",\"get_master\":{\"master_info\":{\"id\":\"training\",\"ip\":16777343,"
          + "\"port\":5050,\"hostname\":\"localhost\",\"version\":\"1.11.0\"},\"start_time\":1.7E9,\"elected_time\":1.7E9}}";
    }
    if (request.contains("GET_VERSION")) {
      return "{\"type\":\"GET_VERSION\",\"get_version\":{\"version_info\":{\"version\":\"1.11.0\"}}}";
    }
    String agent = "{\"agent_info\":{\"hostname\":\"localhost\",\"id\":{\"value\":\"training-S0\"},\"port\":5051,"
        + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2}},"
        + "{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1024}},"
        + "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":31000,\"end\":32000}]}}],"
        + "\"attributes\":[{\"name\":\"os\",\"type\":\"TEXT\",\"text\":{\"value\":\"linux\"}}]},"
        + "\"active\":true,\"version\":\"1.11.0\",\"registered_time\":{\"nanoseconds\":1700000000000000000}}";
    String task = "{\"name\":\"sleep\",\"task_id\":{\"value\":\"sleep-1\"},\"framework_id\":{\"value\":\"training-0000\"},"
        + "\"agent_id\":{\"value\":\"training-S0\"},\"state\":\"TASK_RUNNING\",\"resources\":[],"
        + "\"statuses\":[{\"task_id\":{\"value\":\"sleep-1\"},\"state\":\"TASK_RUNNING\",\"timestamp\":1.7E9}]}";
    return "{\"type\":\"GET_STATE\",\"get_state\":{\"get_agents\":{\"agents\":[" + agent + "]},"
        + "\"get_frameworks\":{\"frameworks\":[]},\"get_tasks\":{\"tasks\":[" + task + "],\"completed_tasks\":[" + task
        + "]},\"get_executors\":{}}}";
  }
}
