package io.corral.remote.master;

import io.corral.remote.master.sim.SimulatedAgent;
import java.io.*;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchRawChunksTest {
  @Test
  void dump() throws Exception {
    try (MasterFixture m = new MasterFixture((java.nio.file.Path) null)) {
      m.agent(System.getProperty("scratch.host", "node-1"), "cpus:4;mem:1024;ports:[31000-31009]", Map.of(), SimulatedAgent.Mode.FINISH_AT_ONCE);
      try (Socket s = new Socket("127.0.0.1", m.master.port())) {
        s.setSoTimeout(3000);
        String body = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\"raw\",\"failover_timeout\":60}}}";
        String req = "POST /api/v1/scheduler HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        StringBuilder out = new StringBuilder();
        String line;
        while (!(line = readLine(in)).isEmpty()) out.append("H: ").append(line).append('\n');
        try {
          while (true) {
            int n = Integer.parseInt(readLine(in).trim(), 16);
            byte[] b = new byte[n];
            in.readFully(b);
            readLine(in);
            boolean ascii = true;
            for (byte x : b) if (x < 0) ascii = false;
            out.append("CHUNK ").append(n).append(" ascii=").append(ascii).append(": ")
                .append(new String(b, StandardCharsets.UTF_8).replace("\n", "\\n")).append('\n');
          }
        } catch (java.net.SocketTimeoutException e) {
          out.append("(timeout)\n");
        }
        out.append(m.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(m.master.url() + "/master/state")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/scratch/chunks-" + System.getProperty("scratch.tag", "a") + ".txt"), out);
      }
    }
  }

  static String readLine(DataInputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') if (c != '\r') b.write(c);
    return b.toString(StandardCharsets.UTF_8);
  }
}
